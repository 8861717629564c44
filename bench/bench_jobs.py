"""--jobs 1 against --jobs 2 on the same generated corpus, each build in a fresh interpreter.

    .venv/bin/python bench/bench_jobs.py [--pages 300]

The bar on this 2-core machine: --jobs 2 >= 1.7x --jobs 1 on the per-document stages. Each is run cold
(the models load inside the build, as a one-off command does) and warm (loaded before, as in a long
archive build where loading is amortised). The whole build is shown too: linking and writing run on
one core whatever --jobs says (Amdahl's law). The cache is cold in every run (fresh output folder).
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
    print()
    for k, v in ratios.items():
        print(f"ratio --jobs {a.jobs} vs --jobs 1, {k}: {v:.2f}x")
    print("bar: per-document stages >= 1.7x")
    return ratios


if __name__ == "__main__":
    main()
