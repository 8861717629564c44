"""--jobs 1 against --jobs 2 on the same generated corpus, each build in a fresh interpreter.

    .venv/bin/python bench/bench_jobs.py [--pages 300]

The bar on this 2-core machine: --jobs 2 >= 1.7x --jobs 1 for the whole build. Each is run cold
(the models load inside the build, as a one-off command does) and warm (loaded before, as in a long
archive build where loading is amortised). The cache is cold in every run (fresh output folder).

Wall-clock ratios need a quiet machine. CPU time does not: the table of CPU seconds per stage splits
the --jobs N build into this process's CPU (ingest, link, viz and the concatenation of the rendered
parts run here only) and its workers' (the per-document stages and the rendering of every output).
The serial fraction s is the main process's CPU in the --jobs N build over the --jobs 1 build's CPU,
and Amdahl's law bounds the whole-build ratio by 1 / (s + (1 - s) / N).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import WORK, build_in_subprocess, corpus, table  # noqa: E402


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs")
    ap.add_argument("--cold-only", action="store_true", help="skip the warm runs")
    a = ap.parse_args(argv)
    folder = corpus(a.pages)
    cold = {j: build_in_subprocess(folder, WORK / f"out-jobs-{j}", jobs=j) for j in (1, a.jobs)}
    warm = {}
    if not a.cold_only:
        warm = {
            j: build_in_subprocess(folder, WORK / f"out-jobs-{j}", warm=True, jobs=j) for j in (1, a.jobs)
        }
    rows = []
    for label, runs in (("cold", cold), ("warm", warm)):
        for j, m in runs.items():
            tm = m["timings"]
            rows.append(
                [
                    label,
                    j,
                    m["warm"],
                    m["wall"],
                    tm["documents"],
                    m["chars"] / tm["documents"],
                    m["maxrss_mb"],
                ]
            )
    print(f"{a.pages} pages, {cold[1]['chars']:,} characters")
    print("cold: model loading inside the build; warm: models loaded before it (timed apart)\n")
    print(table(["", "jobs", "load s", "build s", "documents s", "doc chars/s", "peak MB"], rows))
    ratios = {
        "per-document stages, cold": cold[1]["timings"]["documents"] / cold[a.jobs]["timings"]["documents"],
    }
    if warm:
        ratios["per-document stages, warm"] = (
            warm[1]["timings"]["documents"] / warm[a.jobs]["timings"]["documents"]
        )
    ratios["whole build, cold"] = cold[1]["wall"] / cold[a.jobs]["wall"]
    if warm:
        ratios["whole build, warm"] = warm[1]["wall"] / warm[a.jobs]["wall"]
    runs = warm or cold
    print()
    print(cpu_table(runs[1]["cpu"], runs[a.jobs]["cpu"], a.jobs))
    s, bound = amdahl(runs[1]["cpu"], runs[a.jobs]["cpu"], a.jobs)
    s_after, bound_after = amdahl(runs[1]["cpu"], runs[a.jobs]["cpu"], a.jobs, skip=("documents",))
    print()
    for k, v in ratios.items():
        print(f"ratio --jobs {a.jobs} vs --jobs 1, {k}: {v:.2f}x")
    print(f"serial fraction s = {s:.3f} ({'warm' if warm else 'cold'} runs, CPU); Amdahl bound {bound:.2f}x")
    print(
        f"  without pass 1's main-process CPU (link takes each record there while the workers compute): "
        f"s = {s_after:.3f}, bound {bound_after:.2f}x"
    )
    print("bar: whole build >= 1.7x")
    ratios["serial fraction"] = s
    ratios["amdahl bound"] = bound
    ratios["serial fraction after pass 1"] = s_after
    return ratios


STAGES = ("ingest", "documents", "link", "write", "viz", "cache")


def cpu_table(serial: dict, pooled: dict, jobs: int) -> str:
    """CPU seconds per stage: the --jobs 1 build, and the --jobs N build's main process and workers."""
    rows = [[st, serial.get(st, 0.0), pooled.get(st, 0.0), pooled.get(f"workers_{st}", 0.0)] for st in STAGES]
    rows.append(["total", sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)])
    return table(["CPU s", "jobs 1", f"jobs {jobs} main", f"jobs {jobs} workers"], rows)


def amdahl(serial: dict, pooled: dict, jobs: int, skip: tuple[str, ...] = ()) -> tuple[float, float]:
    """The serial fraction (main-process CPU of the pooled build over the serial build's CPU) and
    the ratio Amdahl's law allows with ``jobs`` cores.

    The main process's CPU is an upper bound of the serial work: some of it runs while the workers
    run (all of pass 1's: ``skip=("documents",)`` leaves it out; in the write and viz stages the
    concatenation of the workers' parts and the loading of viz's modules)."""
    total = sum(serial.get(st, 0.0) for st in STAGES)
    main = sum(pooled.get(st, 0.0) for st in STAGES if st not in skip)
    s = min(1.0, main / total) if total > 0 else 1.0
    return s, 1.0 / (s + (1.0 - s) / jobs)


if __name__ == "__main__":
    main()
