"""Shared helpers of the benchmarks: generated corpora, timing a build in a fresh process, tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.gen_corpus import write_corpus  # noqa: E402

#: generated corpora are kept between runs (they are deterministic for a (size, seed))
WORK = Path(os.environ.get("KG_BENCH_DIR", "/tmp/kg-bench"))

#: run in a fresh interpreter: build, then report timings, counts and the process's peak RSS
_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from kg import pipeline
from kg.model import Options
opts = json.loads(sys.argv[2])
warm = 0.0
if opts.pop("_warm", False):  # load the models first, timed on their own
    from kg import parallel
    t = time.perf_counter()
    pipeline.process_document(parallel.warmup_document(), Options())
    warm = time.perf_counter() - t
t = time.perf_counter()
r = pipeline.build([sys.argv[1]], Options(**opts))
wall = time.perf_counter() - t
chars = sum(len(x.page.doc.text) for x in r.results)
print(json.dumps({{
    "wall": wall, "warm": warm, "timings": r.timings, "cpu": r.cpu, "documents": r.documents, "chars": chars,
    "triples": r.report.get("counts", {{}}).get("triples"),
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}}))
"""


def corpus(n: int, seed: int = 0) -> Path:
    """``n`` generated pages in a folder of their own (made once, reused by later runs)."""
    folder = WORK / f"corpus-{n}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        write_corpus(n, folder, seed=seed)
        done.write_text("ok\n")
    return folder


def build_in_subprocess(inputs: Path, outdir: Path, warm: bool = False, **options) -> dict:
    """One ``kg build`` in a fresh interpreter (so peak memory is this build's own); its measures.

    ``warm`` loads the models before the build and times that apart (``"warm"`` seconds).
    """
    import shutil

    shutil.rmtree(outdir, ignore_errors=True)
    opts = {"outdir": str(outdir), "_warm": warm, **options}
    code = _CHILD.format(root=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code, str(inputs), json.dumps(opts)], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"build failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(headers: list[str], rows: list[list]) -> str:
    """A small fixed-width text table."""
    cells = [[_fmt(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
