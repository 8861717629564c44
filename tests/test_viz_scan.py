"""The line scan of N-Quads (``viz._Scan``, the default view of a build): the same view as the
parser's passes, and any line it does not read surely leaves the file to the parser."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import viz
from tests.test_viz import _as_lists
from tests.test_viz_parallel import EX, _by_graph, _by_subject, _phrase_named_first, _quads

NQ = ox.RdfFormat.N_QUADS


def _parsed(path: Path, min_degree=None):
    """The view of the parser's passes (``_Census``), the line scan turned off."""
    real = viz._view_lines
    try:
        viz._view_lines = lambda *args: None
        return viz._view(path, NQ, min_degree)
    finally:
        viz._view_lines = real


def _same_view(path: Path, min_degree=None) -> None:
    scanned = viz._view_lines(path, NQ, min_degree)
    assert scanned is not None, "the scan should read this file"
    parsed = _parsed(path, min_degree)
    assert parsed is not None
    assert _as_lists(scanned[0]) == _as_lists(parsed[0])
    assert scanned[1:] == parsed[1:]
    title = f"知识图谱 · {scanned[2]} 篇文章"
    assert viz.html_page(scanned[0], title=title, note=scanned[1]) == viz.html_page(
        parsed[0], title=title, note=parsed[1]
    )


@pytest.mark.parametrize("layout", [_by_subject, _by_graph, _phrase_named_first])
@pytest.mark.parametrize("max_nodes", [3, 5, 1500])
def test_the_scan_gives_the_view_of_the_parser(tmp_path, monkeypatch, layout, max_nodes):
    monkeypatch.setattr(viz, "MAX_NODES", max_nodes)
    path = tmp_path / "graph.nq"
    path.write_text("".join(layout(_quads(tmp_path))), encoding="utf-8")
    for min_degree in (None, 0, 2):
        _same_view(path, min_degree)


def test_the_scan_reads_escapes_tabs_and_odd_spacing_inside_literals(tmp_path):
    """Literals may hold escapes (\\u too), tabs, two spaces and ``><``: the scan reads them as the
    parser does (names and the quoted sentences show them)."""
    lines = _by_subject(_quads(tmp_path))
    odd = '"郑\\u6653岚\\t(师傅)  <b><i>\\"x\\""'
    lines = [line.replace('"郑晓岚"', odd, 1) for line in lines]
    assert any(odd in line for line in lines)
    path = tmp_path / "graph.nq"
    path.write_text("".join(lines), encoding="utf-8")
    _same_view(path)
    g = viz._view_lines(path, NQ, None)[0]
    assert any(d["label"].startswith("郑晓岚\t(师傅)  <b><i>") for _, d in g.nodes(data=True))


def _variants(lines: list[str]) -> dict[str, list[str]]:
    """Files of the same statements that the scan must leave to the parser."""
    i = next(k for k, line in enumerate(lines) if line.startswith(f"<{EX}p-zheng> "))
    s, p, rest = lines[i].split(" ", 2)
    return {
        "escaped IRI": [line.replace(f"<{EX}p-zheng>", f"<{EX}p-zhen\\u0067>") for line in lines],
        "tab between terms": [*lines[:i], f"{s}\t{p} {rest}", *lines[i + 1 :]],
        "two spaces between terms": [*lines[:i], f"{s}  {p} {rest}", *lines[i + 1 :]],
        "no space between terms": [*lines[:i], f"{s}{p} {rest}", *lines[i + 1 :]],
        "a comment line": ["# a comment\n", *lines],
    }


@pytest.mark.parametrize(
    "name",
    [
        "escaped IRI",
        "tab between terms",
        "two spaces between terms",
        "no space between terms",
        "a comment line",
    ],
)
def test_lines_the_scan_does_not_read_go_to_the_parser(tmp_path, name):
    lines = _variants(_by_subject(_quads(tmp_path)))[name]
    path = tmp_path / "graph.nq"
    path.write_text("".join(lines), encoding="utf-8")
    assert viz._view_lines(path, NQ, None) is None
    ours = viz.render(path, tmp_path / "page.html").read_text(encoding="utf-8")
    g, note = viz.select(viz.load_graph(path))
    assert ours == viz.html_page(g, title="知识图谱 · 2 篇文章", note=note)


def test_a_phrase_apart_is_left_to_the_whole_projection(tmp_path):
    lines = _by_subject(_quads(tmp_path))
    anchor = next(i for i, line in enumerate(lines) if line.startswith(f"<{EX}m1>"))
    lines.append(lines.pop(anchor))
    path = tmp_path / "apart.nq"
    path.write_text("".join(lines), encoding="utf-8")
    assert viz._view_lines(path, NQ, None) is None


def test_a_build_is_viewed_by_the_scan_and_its_phrases_by_the_short_path(sample_build, monkeypatch):
    """The writer's phrases (one entity, one context, one part) take ``_Scan._phrase``; a change of
    the writer's layout that loses it shows here (the page would only be slower)."""
    short: list[int] = []
    real = viz._Scan._phrase

    def spy(self, *args):
        short.append(1)
        return real(self, *args)

    monkeypatch.setattr(viz._Scan, "_phrase", spy)
    _same_view(sample_build / "graph.nq")
    assert len(short) > 10


@pytest.mark.parametrize("block", [1, 777, 1 << 16])
def test_a_feed_in_blocks_gives_the_view_of_the_file(sample_build, tmp_path, monkeypatch, block):
    """``LineFeed`` (the build's graph.nq scanned as it is written) cut in blocks of any size, even
    inside a line or a subject's run (small pieces force many cuts), gives the page of the file."""
    monkeypatch.setattr(viz, "FEED_PIECE", 4096)
    nq = sample_build / "graph.nq"
    data = nq.read_bytes()
    feed = viz.LineFeed(nq)
    for i in range(0, len(data), block):
        feed.write(data[i : i + block])
    feed.close()
    assert not feed.failed and feed.scan.fed == len(data)
    fed = viz.render(sample_build, tmp_path / "fed.html", fed=feed)
    plain = viz.render(sample_build, tmp_path / "plain.html")
    assert fed.read_bytes() == plain.read_bytes()


def test_a_feed_cut_inside_the_subject_of_a_runs_next_line_is_not_split(sample_build, tmp_path, monkeypatch):
    """A block that ends inside the subject of a line going on with the run before it (the writer
    copies a spool in blocks of bytes): the run is read whole, not as two runs of one subject."""
    monkeypatch.setattr(viz, "FEED_PIECE", 64)
    nq = sample_build / "graph.nq"
    data = nq.read_bytes()
    starts = [0, *(i + 1 for i in range(len(data) - 1) if data[i] == 10)]
    subject = [data[a : data.index(b" ", a)] for a in starts]
    cuts = [starts[k] + 3 for k in range(1, len(starts)) if subject[k] == subject[k - 1]]
    assert len(cuts) > 20
    feed = viz.LineFeed(nq)
    for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True):
        feed.write(data[a:b])
    feed.close()
    assert not feed.failed and not feed.scan.split and feed.scan.fed == len(data)
    plain = viz.render(sample_build, tmp_path / "plain.html").read_bytes()
    assert viz.render(sample_build, tmp_path / "fed.html", fed=feed).read_bytes() == plain


def test_a_view_worked_out_ahead_reads_the_temporary_file_and_only_that(sample_build, tmp_path, monkeypatch):
    """``view_ahead`` (a build's view, once graph.nq is whole and before it is in place) reads the bytes
    it needs from the file it is given; ``render`` then writes the page without reading anything."""
    nq = sample_build / "graph.nq"
    data = nq.read_bytes()
    written = tmp_path / ".graph.nq.x.tmp"
    written.write_bytes(data)
    feed = viz.LineFeed(nq)
    feed.write(data)
    feed.view_ahead(written)
    assert feed.closed and feed.scan.path == nq and feed.ahead is not None and feed.ahead[2] is not None
    written.unlink()
    plain = viz.render(sample_build, tmp_path / "plain.html").read_bytes()
    monkeypatch.setattr(viz, "_view", lambda *a: pytest.fail("the view was worked out ahead"))
    assert viz.render(sample_build, tmp_path / "fed.html", fed=feed).read_bytes() == plain
    # another view than the one worked out (a degree threshold) is not taken from it
    assert feed.view(NQ, 3) is None


def test_a_feed_that_cannot_be_read_leaves_the_file_to_render(sample_build, tmp_path):
    """A block the scan refuses (a comment line) marks the feed failed; the page is the file's."""
    nq = sample_build / "graph.nq"
    feed = viz.LineFeed(nq)
    feed.write(b"# a comment\n" + nq.read_bytes())
    feed.close()
    assert feed.failed and feed.view(NQ, None) is None
    assert (
        viz.render(sample_build, tmp_path / "a.html", fed=feed).read_bytes()
        == viz.render(sample_build, tmp_path / "b.html").read_bytes()
    )


def test_a_feed_past_its_limit_gives_up_and_a_big_file_is_read_by_the_passes(
    sample_build, tmp_path, monkeypatch
):
    """Memory stays bounded at scale: a feed past ``FEED_LIMIT`` drops what it read (render reads the
    file), and a file past ``SCAN_LIMIT`` goes to the passes that keep only shown nodes; same page."""
    nq = sample_build / "graph.nq"
    data = nq.read_bytes()
    monkeypatch.setattr(viz, "FEED_LIMIT", len(data) // 2)
    feed = viz.LineFeed(nq)
    feed.write(data)
    feed.close()
    assert feed.failed and feed.scan.fed == 0 and not feed.buffer
    plain = viz.render(sample_build, tmp_path / "plain.html").read_bytes()
    assert viz.render(sample_build, tmp_path / "fed.html", fed=feed).read_bytes() == plain
    monkeypatch.setattr(viz, "SCAN_LIMIT", len(data) - 1)
    monkeypatch.setattr(viz, "_view_lines", lambda *a: pytest.fail("the scan should not read a big file"))
    assert viz.render(sample_build, tmp_path / "big.html").read_bytes() == plain
