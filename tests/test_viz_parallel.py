"""render(jobs=N): passes 1 and 2 of the view read by forked workers over byte spans of an N-Quads
file give the page of one pass, also where a span's result cannot be joined (then one pass runs).
(An N-Quads file the line scan reads, as a build's, is read in one process whatever ``jobs``.)"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import viz
from tests.test_viz import write_fixture

EX = "https://example.org/kg/"


def _quads(tmp_path: Path) -> list[ox.Quad]:
    with write_fixture(tmp_path).open("rb") as f:
        return list(ox.parse(f, ox.RdfFormat.TURTLE))


def _line(q, graph: str | None = None) -> str:
    return f"{q.subject} {q.predicate} {q.object}" + (f" <{EX}g/{graph}>" if graph else "") + " .\n"


def _by_subject(quads) -> list[str]:
    return [_line(q) for q in quads]


def _by_graph(quads) -> list[str]:
    """Each article's statements in a graph of its own, nodes again in each: a node's statements
    are in several places, as in a build's N-Quads (one named graph per article); phrases once."""
    lines = []
    for graph in ("a1", "a2", "rest"):
        for q in quads:
            s = q.subject.value.removeprefix(EX)
            if graph == "rest" or (s == graph or s[0] not in "am" and s != "md"):
                lines.append(_line(q, graph))
    return lines


def _escaped(quads) -> list[str]:
    """An IRI written with a \\u escape: its bytes are not those of the same IRI elsewhere."""
    lines = _by_subject(quads)
    return [line.replace(f"<{EX}p-zheng>", f"<{EX}p-zhen\\u0067>", 1) for line in lines]


def _phrase_named_first(quads) -> list[str]:
    """A phrase named as an object before its own statements (pass 1 of a later span reduces it)."""
    note = f"<{EX}note> <https://schema.org/about> <{EX}m2> .\n"
    return [note, *_by_subject(quads)]


def _page(path: Path, out: Path, jobs: int) -> bytes:
    return viz.render(path, out, jobs=jobs).read_bytes()


@pytest.mark.parametrize("layout", [_by_subject, _by_graph, _escaped, _phrase_named_first])
@pytest.mark.parametrize("max_nodes", [4, 1500])
def test_the_page_of_spans_is_the_page_of_one_pass(tmp_path, monkeypatch, layout, max_nodes):
    monkeypatch.setattr(viz, "_MIN_SPLIT", 0)
    monkeypatch.setattr(viz, "MAX_NODES", max_nodes)
    path = tmp_path / "graph.nq"
    path.write_text("".join(layout(_quads(tmp_path))), encoding="utf-8")
    one = _page(path, tmp_path / "one.html", 1)
    for jobs in (2, 3, 5, 8):
        assert _page(path, tmp_path / f"jobs-{jobs}.html", jobs) == one, jobs


#: a comment line: the line scan (``viz._Scan``) leaves the file to the parser, read in spans with jobs
COMMENT = "# statements one a line, sorted by graph\n"


def test_spans_are_read_in_workers_and_joined(tmp_path, monkeypatch):
    """A file the line scan does not read takes the parallel path in both passes (not the fallback)."""
    monkeypatch.setattr(viz, "_MIN_SPLIT", 0)
    joined: list[str] = []
    for name in ("_merge_censuses", "_merge_records"):
        real = getattr(viz, name)

        def spy(parts, real=real, name=name):
            out = real(parts)
            if out is not None:
                joined.append(name)
            return out

        monkeypatch.setattr(viz, name, spy)
    path = tmp_path / "graph.nq"
    path.write_text(COMMENT + "".join(_by_graph(_quads(tmp_path))), encoding="utf-8")
    one = _page(path, tmp_path / "one.html", 1)
    assert joined == []
    assert _page(path, tmp_path / "two.html", 2) == one
    assert joined == ["_merge_censuses", "_merge_records"]


def test_spans_cut_between_subjects_and_cover_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(viz, "_MIN_SPLIT", 0)
    path = tmp_path / "graph.nq"
    path.write_text("".join(_by_graph(_quads(tmp_path))), encoding="utf-8")
    data = path.read_bytes()
    for parts in range(2, 9):
        spans = viz._spans(path, parts)
        assert spans is not None and 2 <= len(spans) <= parts
        assert spans[0][0] == 0 and spans[-1][1] == len(data)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end == start and data[start - 1 : start] == b"\n"
            before = data[data.rfind(b"\n", 0, start - 1) + 1 : start].split(b" ")[0]
            assert data[start:].split(b" ")[0] != before


def test_a_small_file_or_one_job_is_read_here(tmp_path):
    path = tmp_path / "graph.nq"
    path.write_text("".join(_by_subject(_quads(tmp_path))), encoding="utf-8")
    assert viz._spans(path, 2) is None  # below _MIN_SPLIT
    assert viz._spans(path, 1) is None


def test_join_refuses_a_number_it_cannot_place():
    earlier = viz._Subject(position=3, names=(("zh", "甲"),))
    assert not viz._join(earlier, viz._Subject())
    later = viz._Subject(position=5, names=(("zh", "乙"),), date="2024-01-02")
    assert viz._join(earlier, later)
    assert earlier.position == 5 and set(earlier.names) == {("zh", "甲"), ("zh", "乙")}
    assert earlier.date == "2024-01-02"


def test_filtered_reading_keeps_the_runs_and_the_wanted_statements(tmp_path):
    """read_quads with predicates: every wanted statement, in file order, and each subject's run."""
    path = tmp_path / "graph.nq"
    path.write_text("".join(_by_graph(_quads(tmp_path))), encoding="utf-8")
    fmt = ox.RdfFormat.N_QUADS
    everything = list(viz.read_quads(path, fmt))
    wanted = frozenset([viz.SCHEMA + "name", viz.RDF_TYPE])
    kept = list(viz.read_quads(path, fmt, wanted))
    assert [q for q in kept if q.predicate.value in wanted] == [
        q for q in everything if q.predicate.value in wanted
    ]

    def runs(quads):
        return [q.subject for i, q in enumerate(quads) if i == 0 or quads[i - 1].subject != q.subject]

    assert runs(kept) == runs(everything)
    texts = list(viz.read_quads(path, fmt, viz._TEXTS, runs=False))
    assert sorted(map(str, texts)) == sorted(str(q) for q in everything if q.predicate.value in viz._TEXTS)


def test_a_build_folder_is_viewed_from_its_n_quads(tmp_path, monkeypatch):
    """The default view of a folder reads graph.nq (same statements as graph.trig, one a line)."""
    folder = tmp_path / "out"
    folder.mkdir()
    ttl = write_fixture(folder)
    alone = viz.render(folder, tmp_path / "ttl.html").read_bytes()
    (folder / "graph.nq").write_text("".join(_by_graph(_quads(tmp_path))), encoding="utf-8")
    read: list[str] = []
    real = viz._view

    def spy(path, *args):
        read.append(Path(path).name)
        return real(path, *args)

    monkeypatch.setattr(viz, "_view", spy)
    for jobs in (1, 2):
        assert viz.render(folder, tmp_path / f"nq-{jobs}.html", jobs=jobs).read_bytes() == alone
    assert read == ["graph.nq", "graph.nq"]
    assert ttl.name != "graph.nq"


def test_more_spans_than_workers_so_a_costly_span_does_not_hold_the_pass(tmp_path, monkeypatch):
    """Bytes are not cost (the statements about entities, at the end of a built graph, cost more per
    byte): each worker takes several spans, handed out as workers come free."""
    monkeypatch.setattr(viz, "_MIN_SPLIT", 0)
    asked: list[int] = []
    real = viz._spans

    def spy(path, parts):
        asked.append(parts)
        return real(path, parts)

    monkeypatch.setattr(viz, "_spans", spy)
    path = tmp_path / "graph.nq"
    path.write_text(COMMENT + "".join(_by_graph(_quads(tmp_path))), encoding="utf-8")
    _page(path, tmp_path / "two.html", 2)
    assert asked and asked[0] >= 2 * 2
    assert len(real(path, asked[0]) or []) > 2


def test_censuses_merged_as_they_come_give_what_the_whole_list_gives():
    """A span not read (None) wins over a split or an unsure join seen before it, as it did when
    the merge waited for every span."""

    def part(split=False, transient=(), keys=()):
        c = viz._Census()
        for k in keys:
            c.id(k)
        c.seen, c.transient, c.split = set(transient), set(transient), split
        return c

    ok, other = part(keys=["<a>"]), part(keys=["<b>"])
    assert viz._merge_censuses(iter([part(split=True), None])) is None
    assert viz._merge_censuses(iter([part(split=True), ok])).split
    clash = part(transient=[hash("<a>")])
    assert viz._merge_censuses(iter([part(keys=["<a>"]), clash, part(split=True)])) is None
    merged = viz._merge_censuses(iter([ok, other]))
    assert merged is not None and not merged.split and merged.keys == ["<a>", "<b>"]
