"""``write_streaming`` hands graph.nq to the view's scan as it writes it, and says when it is whole."""

from __future__ import annotations

from pathlib import Path

from kg import link, rdf, write
from kg.ingest import read_inputs
from kg.model import Options
from kg.pipeline import process_document

PAGES = Path(__file__).parent / "pages" / "extract"


def _build_inputs(options):
    docs = read_inputs([str(PAGES / "two-reports.txt"), str(PAGES / "union-training.txt")], options).documents
    results = sorted((process_document(d, options) for d in docs), key=lambda r: r.page.doc.id)
    linked = link.link(results, options)
    articles = {(r.page.doc.id, a.index) for r in results for a in r.segmented.articles}
    return results, linked, articles


def test_small_slices_for_workers_write_the_same_files(tmp_path, monkeypatch):
    """With a ``mapper`` (workers) the corpus graph's cross-article statements go out in small slices
    (the Turtle's in large ones): the same bytes."""
    options = Options(outdir=str(tmp_path))
    results, linked, articles = _build_inputs(options)
    monkeypatch.setattr(rdf, "SLICE_POOLED", 7)
    sliced: list[tuple[bool, int]] = []

    def mapper(fn, tasks):
        for task in tasks:
            sliced.append((task.turtle, len(task)))
            yield fn(task)

    outs = {}
    for name, m in (("whole", None), ("sliced", mapper)):
        out = tmp_path / name
        write.write_streaming(out, results, linked, articles, options, {}, mapper=m)
        outs[name] = {f.name: f.read_bytes() for f in sorted(out.iterdir()) if f.is_file()}
    corpus = [n for turtle, n in sliced if not turtle]
    assert len(corpus) > 4 and max(corpus) < 40  # slices of about 7 (a subject is never cut)
    assert [n for turtle, n in sliced if turtle] == [sum(n for _t, n in sliced) - sum(corpus)]  # one
    assert outs["whole"] == outs["sliced"] and "graph.ttl" in outs["whole"]


def test_graph_nq_is_given_as_written_and_announced_whole_before_the_turtle_ends(tmp_path):
    options = Options(outdir=str(tmp_path))
    results, linked, articles = _build_inputs(options)
    fed: list[bytes] = []
    done: list[tuple[bytes, bool]] = []

    def whole(path: str) -> None:
        assert Path(path).parent == tmp_path and Path(path).name != "graph.nq"
        done.append((Path(path).read_bytes(), (tmp_path / "graph.ttl").exists()))

    report: dict = {}
    write.write_streaming(
        tmp_path, results, linked, articles, options, report, nq_sink=fed.append, nq_done=whole
    )
    final = (tmp_path / "graph.nq").read_bytes()
    assert final and b"".join(fed) == final
    assert done == [(final, False)]  # once, whole, before the Turtle (the last file) was in place
