"""The view's scan made in parts (``viz.scan_part``, in ``--jobs`` render workers) and merged in order
(``_Scan.merge``): the state of one scan of the whole file, or, where a part could read differently
on its own, the part read again by the main process; the page is the same either way."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import parallel, pipeline, viz
from kg.model import Options
from tests.test_viz_parallel import EX, _by_subject, _quads

NQ = ox.RdfFormat.N_QUADS
PAGES = Path(__file__).parent / "pages" / "extract"


@pytest.fixture(scope="module")
def pages_build(tmp_path_factory) -> Path:
    """Three invented pages built together: entities whose statements recur in every document."""
    out = tmp_path_factory.mktemp("pages-build")
    pages = ("two-reports.txt", "union-training.txt")
    pipeline.build([str(PAGES / p) for p in pages], Options(outdir=str(out)))
    return out


def _runs(data: bytes) -> list[int]:
    """Offsets where a line's subject differs from the line's before (a part may start there)."""
    starts = [0, *(i + 1 for i in range(len(data) - 1) if data[i] == 10)]
    subject = [data[a : data.index(b" ", a)] for a in starts]
    return [starts[k] for k in range(1, len(starts)) if subject[k] != subject[k - 1]]


def _state(scan: viz._Scan) -> dict:
    """Everything a finished scan holds that the view reads."""
    return {
        "keys": list(scan.keys),
        "ids": dict(scan.ids),
        "bytes": [bytes(getattr(scan, a)) for a in ("kinds", "chair", "phrase", "ph_context")],
        "arrays": [
            list(getattr(scan, a))
            for a in [
                "rows_s",
                "rows_p",
                "rows_o",
                "about",
                "where",
                "shot_by",
                "shot_in",
                "ph_start",
                "ph_end",
                "ph_begin",
                "ph_about",
                "ph_entity",
                "ph_where",
                "ph_place",
            ]
        ],
        "transient": set(scan.transient),
        "split": scan.split,
        "fed": scan.fed,
        "records": {k: _record(r) for k, r in scan.records.items()},
        "record order": list(scan.records),
        "first_at": dict(scan.first_at),
        "text_runs": {k: list(v) for k, v in scan.text_runs.items()},
        "record_links": {k: list(v) for k, v in scan.record_links.items()},
    }


def test_a_record_pickles_with_every_field():
    """Records are pickled as their constructor's arguments (``_Subject.__reduce__``): each field in
    its place, whatever the order of the class's fields."""
    fields = [f.name for f in dataclasses.fields(viz._Subject)]
    values = {name: f"v{i}" if i % 2 else (f"t{i}", "x") for i, name in enumerate(fields)}
    rec = viz._Subject(**values)
    back = pickle.loads(pickle.dumps(rec))
    assert dataclasses.asdict(back) == dataclasses.asdict(rec) == values


def _record(rec) -> dict:
    return {k: (set(v) if isinstance(v, tuple | set) else v) for k, v in dataclasses.asdict(rec).items()}


def _fed(path: Path, cuts: list[int], scanned: bool, pickled: bool = False) -> viz.LineFeed:
    """The feed of ``path`` cut at ``cuts``; ``scanned``: each block with its scan, ``pickled`` as a
    render worker sends it."""
    data = path.read_bytes()
    feed = viz.LineFeed(path)
    for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True):
        block = data[a:b]
        part = viz.scan_part(block) if scanned else None
        feed.write(block, pickle.loads(pickle.dumps(part)) if pickled else part)
    feed.close()
    return feed


@pytest.mark.parametrize("pickled", [False, True])
@pytest.mark.parametrize("parts", [2, 5, 40])
def test_parts_scanned_apart_and_merged_are_the_scan_of_the_whole(pages_build, parts, pickled):
    nq = pages_build / "graph.nq"
    runs = _runs(nq.read_bytes())
    cuts = [runs[len(runs) * k // parts] for k in range(1, parts)]
    merged, whole = _fed(nq, cuts, scanned=True, pickled=pickled), _fed(nq, cuts, scanned=False)
    assert merged.merged == parts and whole.merged == 0
    assert not merged.failed and not merged.scan.split
    assert _state(merged.scan) == _state(whole.scan)


def test_a_merged_feed_gives_the_page_of_the_file(pages_build, tmp_path):
    nq = pages_build / "graph.nq"
    runs = _runs(nq.read_bytes())
    feed = _fed(nq, runs[:: max(1, len(runs) // 30)][1:], scanned=True)
    assert feed.merged > 10
    plain = viz.render(pages_build, tmp_path / "plain.html").read_bytes()
    assert viz.render(pages_build, tmp_path / "fed.html", fed=feed).read_bytes() == plain


def test_a_run_that_goes_on_in_the_next_part_is_read_whole(pages_build):
    """A part cut inside a subject's run: its scan would see two runs; the feed reads it instead."""
    nq = pages_build / "graph.nq"
    data = nq.read_bytes()
    runs = set(_runs(data))
    inside = [i + 1 for i in range(len(data) - 1) if data[i] == 10 and i + 1 not in runs]
    cuts = sorted({*inside[:: max(1, len(inside) // 12)][1:], *sorted(runs)[::50]})
    merged, whole = _fed(nq, cuts, scanned=True), _fed(nq, cuts, scanned=False)
    assert 0 < merged.merged < len(cuts) + 1
    assert _state(merged.scan) == _state(whole.scan)


def test_a_subject_reduced_in_a_part_but_numbered_before_is_read_by_the_main_process(tmp_path):
    """A phrase that an earlier part names as an object is a numbered subject to one scan, while its
    part on its own would reduce it: that part is not merged but read, and the state is one scan's."""
    lines = _by_subject(_quads(tmp_path))
    phrase = f"<{EX}m1>"
    runs = [line for line in lines if line.startswith(phrase)]
    assert runs and any("anchorOf" in line for line in runs)
    rest = [line for line in lines if not line.startswith(phrase)]
    first = [f"<{EX}x> <https://schema.org/about> {phrase} .\n"]
    path = tmp_path / "graph.nq"
    path.write_text("".join(first + rest + runs), encoding="utf-8")
    data = path.read_bytes()
    cuts = [len("".join(first).encode()), len("".join(first + rest).encode())]
    merged, whole = _fed(path, cuts, scanned=True), _fed(path, cuts, scanned=False)
    assert merged.merged == 2  # the last part was read
    assert _state(merged.scan) == _state(whole.scan) and len(data) == merged.scan.fed


def test_a_phrase_numbered_in_two_parts_is_one_phrase(tmp_path):
    """A phrase named as an object in an earlier part and again, before its statements, in its own
    part: numbered in both, and a phrase (its anchor) in the merged scan as in one scan."""
    lines = _by_subject(_quads(tmp_path))
    phrase = f"<{EX}m1>"
    runs = [line for line in lines if line.startswith(phrase)]
    rest = [line for line in lines if not line.startswith(phrase)]
    first = [f"<{EX}x> <https://schema.org/about> {phrase} .\n"]
    last = [f"<{EX}y> <https://schema.org/about> {phrase} .\n", *runs]
    path = tmp_path / "graph.nq"
    path.write_text("".join(first + rest + last), encoding="utf-8")
    cuts = [len("".join(first).encode()), len("".join(first + rest).encode())]
    merged, whole = _fed(path, cuts, scanned=True), _fed(path, cuts, scanned=False)
    assert merged.merged == 3
    assert whole.scan.phrase[whole.scan.ids[phrase.encode()]] == 1
    assert _state(merged.scan) == _state(whole.scan)


def test_a_scan_made_with_another_hash_seed_is_not_merged(pages_build, monkeypatch):
    nq = pages_build / "graph.nq"
    data = nq.read_bytes()
    scanned = viz.scan_part(data)
    assert scanned is not None
    monkeypatch.setattr(scanned, "probe", scanned.probe + 1)
    feed = viz.LineFeed(nq)
    feed.write(data, scanned)
    feed.close()
    assert feed.merged == 0 and not feed.failed and feed.scan.fed == len(data)


def test_a_part_the_scan_cannot_read_comes_back_without_its_scan(pages_build):
    data = (pages_build / "graph.nq").read_bytes()
    assert viz.scan_part(b"# a comment\n" + data) is None
    assert viz.scan_part(data[:-1]) is None  # not whole lines


def _spy_feeds(monkeypatch) -> list[viz.LineFeed]:
    """The feeds a build makes (one: its graph.nq's)."""
    feeds: list[viz.LineFeed] = []
    real = viz.LineFeed.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        feeds.append(self)

    monkeypatch.setattr(viz.LineFeed, "__init__", spy)
    return feeds


def test_a_jobs_build_merges_its_workers_scans(tmp_path, monkeypatch):
    """With --jobs 2 the render workers scan their parts and the main process merges all of them."""
    feeds = _spy_feeds(monkeypatch)
    monkeypatch.setattr(parallel, "BATCH_DOCS", 2)  # parts of two documents
    pages = sorted(str(p) for p in PAGES.glob("*.txt"))[:6]
    out = tmp_path / "out"
    pipeline.build(pages, Options(outdir=str(out), jobs=2))
    [feed] = feeds
    # three parts of two documents, then the corpus graph: its documents' share (read here) and
    # its cross-article statements in slices (scanned where they were rendered)
    assert feed.merged >= 4 and feed.ahead is not None and feed.ahead[2] is not None
    fed = []
    real_feed = viz._Scan.feed
    monkeypatch.setattr(viz._Scan, "feed", lambda self, data: (fed.append(data), real_feed(self, data)))
    again = tmp_path / "again"
    pipeline.build(pages, Options(outdir=str(again), jobs=2))
    assert b"".join(fed) in (again / "graph.nq").read_bytes() and fed
    assert b"/graph/corpus>" in fed[0] and len(b"".join(fed)) < len((again / "graph.nq").read_bytes()) // 3
    one = tmp_path / "one"
    pipeline.build(pages, Options(outdir=str(one), jobs=1))
    assert (out / "graph.html").read_bytes() == (one / "graph.html").read_bytes()


def test_a_jobs_build_past_the_feed_limit_scans_nothing_more_and_gives_the_same_files(tmp_path, monkeypatch):
    """Past ``FEED_LIMIT`` the feed gives up: workers stop scanning (their share of the limit) and the
    slices come unscanned; the page is read from the file, the same as alone."""
    feeds = _spy_feeds(monkeypatch)
    monkeypatch.setattr(parallel, "BATCH_DOCS", 2)
    monkeypatch.setattr(viz, "FEED_LIMIT", 20_000)
    pages = sorted(str(p) for p in PAGES.glob("*.txt"))[:6]
    out, one = tmp_path / "out", tmp_path / "one"
    pipeline.build(pages, Options(outdir=str(out), jobs=2))
    assert feeds[0].failed and feeds[0].merged == 0
    pipeline.build(pages, Options(outdir=str(one), jobs=1))
    for name in ("graph.html", "graph.nq", "graph.ttl", "graph.trig", "graph.jsonld", "mentions.jsonl"):
        assert (out / name).read_bytes() == (one / name).read_bytes(), name
