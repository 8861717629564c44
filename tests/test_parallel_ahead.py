"""A ``--jobs`` build's tail: the corpus graph's cross-article slices are rendered by the pass-2 workers
right after the documents (cut from the corpus parts they rendered first), and the Turtle's tail by a
process forked with the last of them, and the view by a process forked once graph.nq is whole; the
files are the serial build's, and so they are when any of these fails (the slices went stale, a forked
process died)."""

from __future__ import annotations

import pytest

from kg import pipeline, rdf, viz
from tests.buildcmp import assert_same_build, build, corpus


def _spy(monkeypatch) -> dict[str, int]:
    seen = {"handed": 0, "rendered": 0, "forked": 0, "forked_after": -1}
    hand, add, start = (
        rdf.GraphWriter.corpus_slices_ahead,
        rdf.GraphWriter.add_rendered_slice,
        rdf._TurtleTail.start,
    )

    def handed(self):
        out = hand(self)
        seen["handed"] += len(out)
        return out

    def rendered(self, done):
        seen["rendered"] += 1
        return add(self, done)

    def forked(*a):
        seen["forked"] += 1
        seen["forked_after"] = seen["rendered"]
        return start(*a)

    monkeypatch.setattr(rdf.GraphWriter, "corpus_slices_ahead", handed)
    monkeypatch.setattr(rdf.GraphWriter, "add_rendered_slice", rendered)
    monkeypatch.setattr(rdf._TurtleTail, "start", staticmethod(forked))
    return seen


def test_slices_rendered_ahead_and_a_forked_turtle_give_the_serial_files(tmp_path, monkeypatch):
    pages = corpus(tmp_path / "pages", 24, seed=5)
    build([pages], tmp_path / "serial")
    monkeypatch.setattr(rdf, "SLICE_POOLED", 50)  # several slices from a small corpus
    # (and few parts in flight: the corpus parts are in when the documents are all handed out)
    monkeypatch.setattr(pipeline, "RENDER_IN_FLIGHT", 1)
    seen = _spy(monkeypatch)
    build([pages], tmp_path / "jobs", jobs=2)
    assert seen["handed"] > 2 and seen["rendered"] == seen["handed"] and seen["forked"] == 1
    # forked with the last slice (it runs while this process works out the view, not before)
    assert seen["forked_after"] == seen["handed"]
    assert_same_build(tmp_path / "serial", tmp_path / "jobs")
    assert not list((tmp_path / "jobs").glob(".graph.*"))  # no spill file is left behind


def test_stale_slices_and_a_failed_fork_fall_back_to_the_same_files(tmp_path, monkeypatch):
    pages = corpus(tmp_path / "pages", 12, seed=6)
    build([pages], tmp_path / "serial")
    monkeypatch.setattr(rdf, "SLICE_POOLED", 50)
    monkeypatch.setattr(pipeline, "RENDER_IN_FLIGHT", 1)
    hand = rdf.GraphWriter.corpus_slices_ahead

    def stale(self):  # as if a document added a statement to the corpus graph after the cut
        out = hand(self)
        assert out and self.ahead is not None
        self.ahead = (self.ahead[0] - 1, self.ahead[1])
        return out

    monkeypatch.setattr(rdf.GraphWriter, "corpus_slices_ahead", stale)
    build([pages], tmp_path / "stale", jobs=2)
    assert_same_build(tmp_path / "serial", tmp_path / "stale")
    monkeypatch.setattr(rdf.GraphWriter, "corpus_slices_ahead", hand)

    def dies(*_a):
        raise OSError("disk full")  # the forked process's work fails (it says so, and the writer redoes it)

    monkeypatch.setattr(rdf, "_turtle_tail", dies)
    build([pages], tmp_path / "failed", jobs=2)
    assert_same_build(tmp_path / "serial", tmp_path / "failed")
    assert not list((tmp_path / "failed").glob(".graph.*"))


def test_the_view_worked_out_in_a_forked_process_gives_the_serial_page(tmp_path, monkeypatch):
    pages = corpus(tmp_path / "pages", 12, seed=7)
    build([pages], tmp_path / "serial")
    forks, fork = [], viz._fork_view

    def spy(*a):
        forks.append(fork(*a))
        return forks[-1]

    monkeypatch.setattr(viz, "_fork_view", spy)
    build([pages], tmp_path / "jobs", jobs=2)
    assert len(forks) == 1 and forks[0] is not None
    assert_same_build(tmp_path / "serial", tmp_path / "jobs")

    def dies(*_a):
        raise OSError("out of memory")  # the forked process fails: this process works the view out

    monkeypatch.setattr(viz, "_view_forked", dies)
    monkeypatch.setattr(viz, "_view", lambda *a: pytest.fail("the fed scan was not used"))
    build([pages], tmp_path / "failed", jobs=2)
    assert_same_build(tmp_path / "serial", tmp_path / "failed")
