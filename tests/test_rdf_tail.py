"""The writer's tail: graph.nq is announced whole (``nq_done``: the view is worked out then) as soon as
the corpus graph's last slice is written, before any Turtle slice is rendered, so that the workers
render the Turtle while this process works out the view; the files are the same."""

from __future__ import annotations

import pytest

from kg import rdf, write
from kg.model import Options
from tests.test_write_feed import _build_inputs


def test_graph_nq_is_announced_whole_before_the_turtle_is_rendered(tmp_path, monkeypatch):
    options = Options(outdir=str(tmp_path))
    results, linked, articles = _build_inputs(options)
    monkeypatch.setattr(rdf, "SLICE_POOLED", 7)
    log: list[str] = []

    def mapper(fn, tasks):  # lazy, in order, as the workers' pool: a task is rendered when pulled
        for task in tasks:
            out = fn(task)
            log.append("turtle" if task.turtle else "corpus")
            yield out

    outs = {}
    for name, m in (("serial", None), ("mapped", mapper)):
        out = tmp_path / name
        write.write_streaming(
            out, results, linked, articles, options, {}, mapper=m, nq_done=lambda _p: log.append("done")
        )
        outs[name] = {f.name: f.read_bytes() for f in sorted(out.iterdir()) if f.is_file()}
    assert outs["serial"] == outs["mapped"]
    mapped = log[log.index("done") + 1 :]  # the serial writer announces it too
    at = mapped.index("done")
    assert mapped[:at].count("corpus") > 2 and set(mapped[:at]) == {"corpus"}
    assert "turtle" in mapped[at:] and "corpus" not in mapped[at:]


def test_the_turtles_statements_are_sorted_ahead_while_corpus_slices_are_rendered(tmp_path, monkeypatch):
    """With a mapper the Turtle's statements are sorted in a thread from corpus slice TURTLE_AHEAD on
    (this process waits for the workers then); the files are the serial writer's."""
    options = Options(outdir=str(tmp_path))
    results, linked, articles = _build_inputs(options)
    monkeypatch.setattr(rdf, "SLICE_POOLED", 7)
    monkeypatch.setattr(rdf, "TURTLE_AHEAD", 1)
    started: list[int] = []
    pulled: list[str] = []
    start = rdf._Ahead.start
    monkeypatch.setattr(rdf._Ahead, "start", lambda self: (started.append(len(pulled)), start(self)))

    def mapper(fn, tasks):
        for task in tasks:
            pulled.append("turtle" if task.turtle else "corpus")
            yield fn(task)

    def files(name: str, m) -> dict[str, bytes]:
        write.write_streaming(tmp_path / name, results, linked, articles, options, {}, mapper=m)
        return {f.name: f.read_bytes() for f in sorted((tmp_path / name).iterdir()) if f.is_file()}

    assert files("serial", None) == files("mapped", mapper)
    assert started == [1]  # once, with the mapper only, as the second corpus slice was handed out
    assert pulled.count("corpus") > 2


def test_ahead_gives_its_result_or_its_error_where_asked():
    assert rdf._Ahead(lambda: [1, 2]).result() == [1, 2]  # never started: worked out here
    ahead = rdf._Ahead(lambda: [3])
    ahead.start()
    assert ahead.result() == [3]

    def fails():
        raise OSError("disk full")

    ahead = rdf._Ahead(fails)
    ahead.start()
    with pytest.raises(OSError, match="disk full"):
        ahead.result()
