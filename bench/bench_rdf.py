"""Writing and loading the graph: kg's writer, rdflib and pyoxigraph on the same generated build.

    .venv/bin/python bench/bench_rdf.py [--pages 50]

Builds the corpus once, then times on its N-Quads: kg.rdf.serialize_turtle (kg's writer), rdflib
(parse N-Triples, serialise Turtle, parse Turtle) and pyoxigraph (the same three). The bar: writing
>= 200,000 triples/s. rdflib's Turtle writer slows down on large graphs (minutes at 350k triples),
hence the small default corpus.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import corpus, table  # noqa: E402


def _timed(fn):
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=50)
    a = ap.parse_args(argv)

    import pyoxigraph as ox
    import rdflib

    from kg import pipeline, rdf, write
    from kg.model import Options

    with tempfile.TemporaryDirectory() as out:
        options = Options(outdir=out)
        result = pipeline.build([str(corpus(a.pages))], options)
        results = list(result.results)  # read back from the build's cache while it is there
    graph = rdf.to_dataset(results, result.linked, options)  # build streams it; here in memory
    by_id = sorted(results, key=lambda r: r.page.doc.id)
    articles = {(x.doc_id, x.index) for r in by_id for x in r.segmented.articles}
    nt = graph.ntriples().encode("utf-8")
    n = nt.count(b"\n")

    ttl, kg_write = _timed(lambda: rdf.serialize_turtle(graph))
    with tempfile.TemporaryDirectory() as out:
        _, kg_all = _timed(lambda: rdf.write_graphs(graph, Path(out)))
    with tempfile.TemporaryDirectory() as out:
        _, kg_stream = _timed(
            lambda: write.write_streaming(Path(out), by_id, result.linked, articles, options, {})
        )
    g = rdflib.Graph()
    _, rl_parse_nt = _timed(lambda: g.parse(data=nt.decode("utf-8"), format="nt"))
    rl_ttl, rl_write = _timed(lambda: g.serialize(format="turtle"))
    _, rl_load = _timed(lambda: rdflib.Graph().parse(data=rl_ttl, format="turtle"))
    triples, ox_parse_nt = _timed(lambda: list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)))
    _, ox_write = _timed(lambda: ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=rdf.PREFIXES))
    _, ox_load = _timed(lambda: ox.Store().bulk_load(ttl, format=ox.RdfFormat.TURTLE))

    rows = [
        ["kg.rdf.serialize_turtle", "write Turtle", kg_write, n / kg_write],
        ["kg.rdf.write_graphs", "ttl+trig+nq+jsonld files", kg_all, n / kg_all],
        ["kg.write.write_streaming", "build + 4 graph files + mentions", kg_stream, n / kg_stream],
        ["rdflib", "parse N-Triples", rl_parse_nt, n / rl_parse_nt],
        ["rdflib", "write Turtle", rl_write, n / rl_write],
        ["rdflib", "load Turtle", rl_load, n / rl_load],
        ["pyoxigraph", "parse N-Triples", ox_parse_nt, n / ox_parse_nt],
        ["pyoxigraph", "write Turtle", ox_write, n / ox_write],
        ["pyoxigraph", "load Turtle (Store)", ox_load, n / ox_load],
    ]
    print(f"{a.pages} pages, {n:,} triples, {len(ttl):,} bytes of Turtle\n")
    print(table(["library", "operation", "seconds", "triples/s"], rows))
    ratios = {
        "kg write triples/s": n / kg_write,
        "kg write_graphs triples/s": n / kg_all,
        "kg write_streaming triples/s": n / kg_stream,
        "pyoxigraph/rdflib write": rl_write / ox_write,
        "pyoxigraph/rdflib load": rl_load / ox_load,
    }
    print(f"\nkg writes Turtle at {ratios['kg write triples/s']:,.0f} triples/s (bar >= 200,000)")
    print(f"kg writes all four graph files at {ratios['kg write_graphs triples/s']:,.0f} triples/s")
    print(
        f"kg builds and writes them one document at a time (as kg build does) at "
        f"{ratios['kg write_streaming triples/s']:,.0f} triples/s"
    )
    print(f"ratio pyoxigraph/rdflib writing Turtle: {ratios['pyoxigraph/rdflib write']:.1f}x")
    print(f"ratio pyoxigraph/rdflib loading Turtle: {ratios['pyoxigraph/rdflib load']:.1f}x")
    return ratios


if __name__ == "__main__":
    main()
