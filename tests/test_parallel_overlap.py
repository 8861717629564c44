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
    monkeypatch.setattr(rdf, "SPILL_LIMIT", 2)
    c = rdf._SortedSpill(tmp_path)
    c.add(["<z> <p> <o>", "<y> <p> <o>", "<x> <p> <o>"])
    assert c.runs and not isinstance(c.union(a), list)
    assert list(c.union(a)) == ["<a> <p> <o>", "<b> <p> <o>", "<x> <p> <o>", "<y> <p> <o>", "<z> <p> <o>"]
    assert list(c) == ["<x> <p> <o>", "<y> <p> <o>", "<z> <p> <o>"]
    c.close()
