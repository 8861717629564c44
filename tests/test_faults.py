"""Bad input and faults: every encoding, broken files, nothing lost, atomic outputs, clear errors.

All pages here are written for these tests (invented people, real prefecture names from the gazetteer).
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import ingest, normalize, segment
from kg.cli import main
from kg.model import Options
from tests.conftest import ROOT, SAMPLE

NIF_STRING = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"
IDENT = "https://schema.org/identifier"
BODY = "https://schema.org/articleBody"
OUTPUTS = [
    "graph.ttl",
    "graph.trig",
    "graph.nq",
    "graph.jsonld",
    "graph.html",
    "mentions.jsonl",
    "entities.csv",
    "report.json",
]

PAGE = (
    "宝鸡市总工会举办职工书画展\n"
    "\n"
    "本报讯（记者任思远 通讯员葛晓岚）6月18日，宝鸡市总工会在渭滨区举办职工书画展，\n"
    "展出作品120余件。市总工会主席孟广川出席开幕式并讲话。\n"
    "\n"
    "汉中市举行青年歌手大赛\n"
    "\n"
    "本报讯（记者常佩瑶）6月20日，汉中市文化馆举行青年歌手大赛，30名选手参赛。\n"
)

ENCODINGS = [
    ("utf-8", PAGE.encode("utf-8")),
    ("utf-8-bom", codecs.BOM_UTF8 + PAGE.encode("utf-8")),
    ("gb18030", PAGE.encode("gb18030")),
    ("gbk", PAGE.encode("gbk")),
    ("utf-16-bom", PAGE.encode("utf-16")),
    ("utf-16-le", PAGE.encode("utf-16-le")),
    ("utf-16-be", PAGE.encode("utf-16-be")),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le")),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be")),
]


def build(*args: str):
    result = CliRunner().invoke(main, ["build", *args, "-q"])
    assert "Traceback" not in result.output, result.output
    return result


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def mentions(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]


def graph_literals(out: Path, prop: str) -> dict[str, str]:
    """subject IRI -> the literal of ``prop`` (one per subject here), read back with pyoxigraph."""
    found = {}
    for q in ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        if q.predicate.value == prop:
            found[q.subject.value] = q.object.value
    return found


def document_texts(out: Path) -> dict[str, str]:
    """document id -> the full original text the graph holds for it."""
    ids = graph_literals(out, IDENT)
    texts = graph_literals(out, NIF_STRING)
    return {ids[s]: t for s, t in texts.items() if s in ids}


def assert_offsets(out: Path, originals: dict[str, str]) -> None:
    for row in mentions(out):
        assert originals[row["doc"]][row["start"] : row["end"]] == row["text"], row


# ------------------------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("name,data", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_every_encoding_builds_the_same_graph(tmp_path, name, data):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_bytes(data)
    result = build(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rep = report(tmp_path / "out")
    assert rep["warnings"] == []
    assert rep["counts"]["documents"] == 1
    assert document_texts(tmp_path / "out") == {"page": PAGE}
    assert_offsets(tmp_path / "out", {"page": PAGE})


def test_encodings_give_byte_identical_graphs(tmp_path):
    (tmp_path / "in").mkdir()
    page = tmp_path / "in" / "page.txt"
    outs = []
    for n, (_name, data) in enumerate(ENCODINGS):
        page.write_bytes(data)
        assert build(str(page), "-o", str(tmp_path / f"out{n}")).exit_code == 0
        outs.append(tmp_path / f"out{n}")
    for f in ("graph.nq", "graph.ttl", "mentions.jsonl", "entities.csv"):
        assert len({(o / f).read_bytes() for o in outs}) == 1, f


@pytest.mark.parametrize(
    "data",
    [
        "Ça été déjà très bien, garçon. Où êtes-vous? Straße größer".encode("cp1252"),
        b"\x80\xff\x80\xff\x81" * 40,
        "绵阳".encode() + b"\xff\xfe\xfd" + "日报".encode(),
        codecs.BOM_UTF8 + b"\xff\xfe\xc3",  # a UTF-8 BOM, then bytes that are not UTF-8
        bytes(b | 0x80 for b in random.Random(7).randbytes(400)),
    ],
    ids=["cp1252", "high-bytes", "utf8-with-garbage", "bad-after-bom", "random-high"],
)
def test_undecodable_file_is_one_line_naming_the_file(tmp_path, data):
    bad = tmp_path / "坏文件.txt"
    bad.write_bytes(data)
    result = build(str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    warning = [x for x in lines if x.startswith("warning:")]
    assert len(warning) == 1 and str(bad) in warning[0] and "cannot decode" in warning[0]
    assert "no document could be read" in lines[-1]


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(2000)


def _pdf() -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 8


def test_empty_binary_and_good_files_together(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-page.txt").write_text(PAGE, encoding="utf-8")
    (src / "b-empty.txt").write_bytes(b"")
    (src / "c-blank.txt").write_text(" \n\r\n\t\u3000\n", encoding="utf-8")
    (src / "d-image.txt").write_bytes(_png())
    (src / "e-doc.txt").write_bytes(_pdf())
    (src / "f-random.txt").write_bytes(random.Random(3).randbytes(5000))
    (src / "g-empty.jsonl").write_bytes(b"")
    (src / "h-zip.txt").write_bytes(b"PK\x03\x04" + bytes(300))
    result = build(str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rep = report(tmp_path / "out")
    assert rep["counts"]["documents"] == 1
    by_file = {Path(w["source"]).name: w["message"] for w in rep["warnings"]}
    assert set(by_file) == {
        f"{c}.{ext}"
        for c, ext in [
            ("b-empty", "txt"),
            ("c-blank", "txt"),
            ("d-image", "txt"),
            ("e-doc", "txt"),
            ("f-random", "txt"),
            ("g-empty", "jsonl"),
            ("h-zip", "txt"),
        ]
    }
    for name in ("d-image.txt", "e-doc.txt", "h-zip.txt"):
        assert "binary" in by_file[name]
    for name in ("b-empty.txt", "g-empty.jsonl"):
        assert "empty" in by_file[name]
    # the command line says the same, one line each, naming the file
    warned = [x for x in result.output.splitlines() if x.startswith("warning:")]
    assert len(warned) == 7 and all(str(src) in x for x in warned)


def test_mixed_line_ends_nul_and_control_characters_keep_offsets(tmp_path):
    text = (
        "宝鸡市总工会举办职工书画展\r\n\r\n本报讯（记者任思远）6月18日，宝鸡市总工会\r在渭滨区举办职工书画展，\n"
        "展出作品\x00120余件。\x0b市总工会主席孟广川\x07出席开幕式。\x1b[0m\x85结束\u2028\r\n"
    )
    f = tmp_path / "mixed.txt"
    f.write_bytes(text.encode("utf-8"))
    result = build(str(f), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert document_texts(tmp_path / "out") == {"mixed": text}
    assert_offsets(tmp_path / "out", {"mixed": text})
    rep = report(tmp_path / "out")
    assert [w["message"] for w in rep["warnings"]] == ["contains NUL bytes; read as spaces"]


def test_jsonl_problems_are_reported_with_file_and_line_and_the_rest_is_kept(tmp_path):
    good = "汉中市举行青年歌手大赛\n本报讯（记者常佩瑶）6月20日，汉中市文化馆举行青年歌手大赛。"
    lines = [
        json.dumps({"id": "d1", "text": good}, ensure_ascii=False),  # 1
        '{"id": "d2", "text": "没有结尾',  # 2 malformed
        json.dumps({"id": "d3", "title": "无正文"}, ensure_ascii=False),  # 3 no text
        json.dumps({"id": "d4", "text": 42}),  # 4 text not a string
        json.dumps({"id": "d1", "text": "同一编号的第二篇：" + good}, ensure_ascii=False),  # 5 duplicate id
        json.dumps(
            {"id": "d1~2", "text": "编号与改名相同：" + good}, ensure_ascii=False
        ),  # 6 clashes with the rename
        json.dumps({"id": "d7", "text": "分隔符\u2028在\u2029正文\x85里：" + good}, ensure_ascii=False),  # 7
        json.dumps({"id": "d8", "text": "半个代理对\ud800：" + good}),  # 8 lone surrogate escape
        "",  # 9 blank: skipped silently
        json.dumps({"text": "没有编号：" + good}, ensure_ascii=False) + "\r",  # 10 no id, CRLF
        "[1, 2]",  # 11 not an object
    ]
    f = tmp_path / "corpus.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(str(f), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rep = report(tmp_path / "out")
    texts = document_texts(tmp_path / "out")
    assert sorted(texts) == ["corpus:10", "d1", "d1~2", "d1~2~2", "d7", "d8"]
    assert texts["d7"] == json.loads(lines[6])["text"]  # U+2028/U+2029/U+0085 do not end a line
    assert texts["d8"] == "半个代理对\ufffd：" + good  # one character for one: offsets stay valid
    assert rep["counts"]["documents"] == 6
    by_line = {w["line"]: w["message"] for w in rep["warnings"]}
    assert all(w["source"] == str(f) for w in rep["warnings"])
    assert set(by_line) == {2, 3, 4, 5, 6, 8, 11}
    assert "malformed JSON" in by_line[2]
    assert "'text'" in by_line[3] and "'text'" in by_line[4]
    assert "duplicate" in by_line[5] and "'d1~2'" in by_line[5]
    assert "duplicate" in by_line[6] and "'d1~2~2'" in by_line[6]
    assert "surrogate" in by_line[8]
    assert "object" in by_line[11]
    warned = [x for x in result.output.splitlines() if x.startswith("warning:")]
    assert {x.split(":")[2] for x in warned} == {str(n) for n in by_line}
    originals = {d: texts[d] for d in texts}
    assert_offsets(tmp_path / "out", originals)


def test_file_names_that_are_not_utf8_are_read_and_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    raw = os.fsencode(str(src)) + b"/\xb1\xa6\xbc\xa6.txt"  # 宝鸡 in GBK bytes, not UTF-8
    with open(raw, "wb") as fh:
        fh.write(PAGE.encode("utf-8"))
    result = build(str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert list(document_texts(tmp_path / "out").values()) == [PAGE]


@pytest.mark.slow
def test_a_100_megabyte_single_line_page(tmp_path):
    """Ingest, normalise and segment a 100 MB page with no line break; every character is accounted for.

    The full build (extraction, RDF) of one 33-million-character document is not timed here.
    """
    unit = "宝鸡市总工会在渭滨区举办职工书画展，展出作品120余件，3000名职工参观。"
    data = unit.encode("utf-8") * (100_000_000 // len(unit.encode("utf-8")))
    big = tmp_path / "big.txt"
    big.write_bytes(data)
    del data
    t0 = time.perf_counter()
    corpus = ingest.read_inputs([big], Options())
    (doc,) = corpus.documents
    assert corpus.warnings == [] and len(doc.text) > 30_000_000
    page = normalize.normalize(doc)
    assert len(page.origin) == len(page.text) + 1 and page.origin[-1] == len(doc.text)
    seg = segment.segment(page)
    spans = [(a.span.start, a.span.end) for a in seg.articles] + [
        (c.span.start, c.span.end) for c in seg.captions
    ]
    assert spans and min(s for s, _ in spans) == 0 and max(e for _, e in spans) == len(page.text.rstrip())
    assert time.perf_counter() - t0 < 60


# ------------------------------------------------------------------------------------ nothing lost


def _pages(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "p1.txt").write_text(PAGE, encoding="utf-8")
    (src / "p2.txt").write_bytes(PAGE.replace("宝鸡", "榆林").replace("\n", "\r\n").encode("gb18030"))
    (src / "c.jsonl").write_text(
        "\n".join(json.dumps({"id": f"j{i}", "text": PAGE[i * 7 :]}, ensure_ascii=False) for i in range(3)),
        encoding="utf-8",
    )
    return src


def test_every_document_is_in_the_graph_with_its_full_text(tmp_path):
    src = _pages(tmp_path)
    out = tmp_path / "out"
    assert build(str(src), "-o", str(out)).exit_code == 0
    corpus = ingest.read_inputs([src], Options())
    expected = {d.id: d.text for d in corpus.documents}
    assert len(expected) == 5
    assert document_texts(out) == expected
    # and every non-space character of every article body is in some schema:articleBody
    bodies = "".join(graph_literals(out, BODY).values())
    assert bodies
    assert_offsets(out, expected)


def test_report_reconciles_characters_read_articles_and_mentions(tmp_path):
    src = _pages(tmp_path)
    out = tmp_path / "out"
    assert build(str(src), "-o", str(out)).exit_code == 0
    rep = report(out)
    chars = rep["characters"]
    docs = ingest.read_inputs([src], Options()).documents
    assert chars["original"] == sum(len(d.text) for d in docs)
    assert chars["original_non_space"] == sum(1 for d in docs for ch in d.text if not ch.isspace())
    assert chars["non_space"] == chars["original_non_space"]  # normalising drops only whitespace
    assert chars["non_space_in_articles_or_captions"] + chars["non_space_outside"] == chars["non_space"]
    rows = mentions(out)
    assert chars["mentions"] == len(rows) == rep["counts"]["mentions"]
    assert chars["mention_characters"] == sum(r["end"] - r["start"] for r in rows)
    assert chars["mentions_outside_articles_or_captions"] == 0
    assert chars["documents_with_text_outside"] == []


def caption_extent(text: str, cap) -> tuple[int, int]:
    """A caption with its credit: the span, the credited names, and the ``摄``/``摄影`` that marks them."""
    start = min([cap.span.start] + [c.start for c in cap.credits])
    end = max([cap.span.end] + [c.end for c in cap.credits])
    rest = text[end:]
    stripped = rest.lstrip(" ")
    for marker in ("摄影", "摄"):
        if cap.credits and stripped.startswith(marker):
            end += len(rest) - len(stripped) + len(marker)
            break
    return start, end


def _coverage(page_text: str, seg) -> list[int]:
    mark = bytearray(len(page_text))
    spans = [(a.span.start, a.span.end) for a in seg.articles]
    spans += [caption_extent(page_text, c) for c in seg.captions]
    for s, e in spans:
        mark[s:e] = b"\x01" * (e - s)
    return [i for i, ch in enumerate(page_text) if not mark[i] and not ch.isspace()]


@pytest.mark.parametrize("source", ["sample", "mine", "hostile"])
def test_articles_and_captions_cover_every_non_space_character(source):
    from kg.model import Document

    text = {
        "sample": SAMPLE.read_text(encoding="utf-8") if source == "sample" else "",
        "mine": PAGE + "\n图为书画展现场。 任思远 摄\n",
        "hostile": (ROOT / "tests" / "hostile" / "page.txt").read_text(encoding="utf-8"),
    }[source]
    page = normalize.normalize(Document(id="p", text=text, source="p.txt"))
    seg = segment.segment(page)
    missed = _coverage(page.text, seg)
    assert missed == [], page.text[missed[0] : missed[0] + 30]


# -------------------------------------------------------------------------------------------- faults


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS if (out / name).exists()}


def _same_report(a: bytes, b: bytes) -> bool:
    ra, rb = json.loads(a), json.loads(b)
    for run_only in ("timings", "cache"):
        ra.pop(run_only), rb.pop(run_only)
    return ra == rb


def _kg(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, **kw
    )


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_old_or_new_complete_files(tmp_path):
    old_in, new_in = tmp_path / "old", tmp_path / "new"
    old_in.mkdir(), new_in.mkdir()
    (old_in / "p.txt").write_text(PAGE, encoding="utf-8")
    (new_in / "p.txt").write_text(PAGE.replace("宝鸡", "榆林").replace("汉中", "安康"), encoding="utf-8")
    (new_in / "sample.txt").write_bytes(SAMPLE.read_bytes())
    ref_old, ref_new = tmp_path / "ref-old", tmp_path / "ref-new"
    t0 = time.perf_counter()
    for src, ref in ((old_in, ref_old), (new_in, ref_new)):
        p = _kg("build", str(src), "-o", str(ref), "-q")
        assert p.wait(timeout=300) == 0, p.stderr.read().decode()[-1500:]
    duration = (time.perf_counter() - t0) / 2
    old, new = _snapshot(ref_old), _snapshot(ref_new)
    assert set(old) == set(new) == set(OUTPUTS)
    assert all(old[n] != new[n] for n in ("graph.nq", "mentions.jsonl"))

    out = tmp_path / "out"
    rng = random.Random(20240607)
    states = []
    for _ in range(4):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for name, data in old.items():
            (out / name).write_bytes(data)
        p = _kg("build", str(new_in), "-o", str(out), "-q")
        time.sleep(rng.uniform(0.3, 1.1) * duration)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        got = _snapshot(out)
        assert set(got) == set(OUTPUTS)
        state = []
        for name in OUTPUTS:
            if name == "report.json":
                ok_old, ok_new = _same_report(got[name], old[name]), _same_report(got[name], new[name])
            else:
                ok_old, ok_new = got[name] == old[name], got[name] == new[name]
            assert ok_old or ok_new, (name, len(got[name]), len(old[name]), len(new[name]), got[name][:300])
            state.append("new" if ok_new else "old")
        states.append(state)
    # the kills landed at different moments (some outputs old, some new), unless the build is too fast
    # for that to be observable; either way a build after a killed one succeeds and cleans up after it
    p = _kg("build", str(new_in), "-o", str(out), "-q")
    assert p.wait(timeout=300) == 0, p.stderr.read().decode()[-1500:]
    got = _snapshot(out)
    assert [n for n in OUTPUTS if n != "report.json" and got[n] != new[n]] == []
    assert not [f.name for f in out.iterdir() if f.name.endswith(".tmp")], "temporary files left behind"
    assert states


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [x for x in result.output.strip().splitlines() if not x.startswith("warning:")]
    assert len(lines) == 1, result.output
    for n in needles:
        assert n in lines[0], (n, lines[0])


def test_output_folder_under_a_regular_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    _one_line_error(build(str(SAMPLE), "-o", str(blocker / "out")), str(blocker / "out"))


def test_output_folder_that_cannot_be_created_is_a_clear_error(tmp_path):
    # /proc refuses new folders even to root, where chmod does not
    _one_line_error(build(str(SAMPLE), "-o", "/proc/kg-out"), "/proc/kg-out")


def test_read_only_output_folder_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        target = Path("/proc/self")  # exists, is a folder, and takes no new files even from root
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o555)
    try:
        result = build(str(SAMPLE), "-o", str(target))
        _one_line_error(result, str(target))
    finally:
        if target.is_relative_to(tmp_path):
            target.chmod(0o755)


@pytest.mark.parametrize(
    "victim",
    ["graph.nq", "graph.ttl", "mentions.jsonl", "report.json", "graph.html"],
)
def test_full_disk_is_a_clear_error_and_the_previous_output_stays(tmp_path, victim):
    out = tmp_path / "out"
    src = tmp_path / "p.txt"
    src.write_text(PAGE, encoding="utf-8")
    assert build(str(src), "-o", str(out)).exit_code == 0
    before = _snapshot(out)
    src.write_text(PAGE.replace("宝鸡", "榆林"), encoding="utf-8")
    real_replace = os.replace

    def full(a, b, *args, **kw):
        if Path(b).name == victim:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(a, b, *args, **kw)

    with (
        mock.patch("os.replace", side_effect=full),
        mock.patch("pathlib.Path.replace", lambda p, t: full(p, t)),
    ):
        result = build(str(src), "-o", str(out))
    _one_line_error(result, "No space left on device")
    assert victim in result.output or str(out) in result.output
    after = _snapshot(out)
    assert after[victim] == before[victim]
    assert not [f.name for f in out.iterdir() if f.name.endswith(".tmp")], "temporary files left behind"
