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
