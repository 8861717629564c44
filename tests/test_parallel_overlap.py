"""The serial part of a ``--jobs`` build made smaller or overlapped with the workers' work: the
pieces that changed how they work, each against the plain way it replaced."""

from __future__ import annotations

import random


def test_slices_of_a_list_are_cut_as_a_stream_is():
    from kg import rdf

    rng = random.Random(5)
    for _ in range(200):
        n = rng.randrange(0, 40)
        stmts = sorted(f"<s{rng.randrange(8)}> <p> <o{i}>" for i in range(n))
        stmts += [f"<s9x> <p> <o{i}>" for i in range(rng.randrange(3))]
        for size in (1, 2, 3, 5, 40):
            cut = list(rdf._slices(stmts, size))
            assert cut == list(rdf._slices(iter(stmts), size))
            assert [st for part in cut for st in part] == stmts


def test_spill_in_memory_gives_a_sorted_list_and_runs_an_iterator(tmp_path, monkeypatch):
    from kg import rdf

    a, b = rdf._SortedSpill(tmp_path), rdf._SortedSpill(tmp_path)
    a.add(["<b> <p> <o>", "<a> <p> <o>"])
    b.add(["<a> <p> <o>", "<c> <p> <o>"])
    both = a.union(b)
    assert isinstance(both, list) and both == ["<a> <p> <o>", "<b> <p> <o>", "<c> <p> <o>"]
    assert a.union() == ["<a> <p> <o>", "<b> <p> <o>"]  # sorted once, and again after an addition
    a.add(["<a> <q> <o>", "<c> <p> <o>"])
    assert a.union(b) == sorted({"<a> <p> <o>", "<b> <p> <o>", "<c> <p> <o>", "<a> <q> <o>"})
    assert b.union(a) == a.union(b) and a.union() == sorted(a.buf)
    monkeypatch.setattr(rdf, "SPILL_LIMIT", 2)
    c = rdf._SortedSpill(tmp_path)
    c.add(["<z> <p> <o>", "<y> <p> <o>", "<x> <p> <o>"])
    assert c.runs and not isinstance(c.union(a), list)
    assert list(c.union(a)) == sorted({*a.buf, "<x> <p> <o>", "<y> <p> <o>", "<z> <p> <o>"})
    assert list(c) == ["<x> <p> <o>", "<y> <p> <o>", "<z> <p> <o>"]
    c.close()


def test_context_renders_the_sections_by_document_and_corpus_parts_as_a_whole_graph(monkeypatch):
    """Each document's share of the cross-article sections (rendered with it) and the corpus parts
    (rendered by workers, in any order and chunk size) add up to the sections of ``to_dataset``."""
    from collections import defaultdict
    from pathlib import Path

    from kg import rdf
    from kg.ingest import read_inputs
    from kg.link import link
    from kg.model import Options
    from kg.pipeline import process_document

    options = Options()
    pages = Path(__file__).parent / "pages" / "extract"
    results = [
        process_document(d, options)
        for name in ("two-reports.txt", "union-training.txt", "county-city-bureaus.txt")
        for d in read_inputs([str(pages / name)], options).documents
    ]
    linked = link(results, options)
    articles = {(r.page.doc.id, a.index) for r in results for a in r.segmented.articles}
    whole = rdf._Builder(results, linked, options)
    rdf._entities(whole)
    rdf._facts(whole)
    rdf._events(whole)
    expected = {g: set(st) for g, st in whole.g.graphs.items()}
    assert len(expected) > 2  # article graphs and the corpus graph
    for chunk in (3, 10_000):
        monkeypatch.setattr(rdf.GraphContext, "CHUNK", chunk)
        ctx = rdf.GraphContext(linked, articles, options)
        got: dict[str, set[str]] = defaultdict(set)
        stats: dict[str, int] = defaultdict(int)
        n = ctx.corpus_parts()
        assert (n > 3) == (chunk == 3)
        for k in reversed(range(n)):
            part = ctx.corpus_part(k)
            got[ctx.cg].update(part.others_corpus)
            for key, v in part.stats.items():
                stats[key] += v
        for doc_id in {r.page.doc.id for r in results}:
            g = rdf.KGraph(base=options.base, corpus_graph=ctx.cg)
            ctx.add_cross_article(g, doc_id)
            assert ctx.cg not in g.graphs
            for gr, st in g.graphs.items():
                got[gr].update(st)
        assert dict(got) == expected
        assert dict(stats) == dict(whole.g.stats)
