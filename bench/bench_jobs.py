"""--jobs 1 against --jobs 2 on the same generated corpus, each build in a fresh interpreter.

    .venv/bin/python bench/bench_jobs.py [--pages 300]

The bar on this 2-core machine: --jobs 2 >= 1.7x --jobs 1 on the per-document stages. The whole build
is shown too: linking and writing run on one core whatever --jobs says (Amdahl's law).
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
    a = ap.parse_args(argv)
    folder = corpus(a.pages)
    runs = {j: build_in_subprocess(folder, WORK / f"out-jobs-{j}", jobs=j) for j in (1, a.jobs)}
    rows = []
    for j, m in runs.items():
        tm = m["timings"]
        rows.append(
            [
                j,
                m["wall"],
                tm["documents"],
                m["chars"] / tm["documents"],
                m["maxrss_mb"],
                m["children_maxrss_mb"],
            ]
        )
    print(f"{a.pages} pages, {runs[1]['chars']:,} characters\n")
    print(table(["jobs", "build s", "documents s", "doc chars/s", "peak MB", "worker peak MB"], rows))
    one, many = runs[1], runs[a.jobs]
    ratios = {
        "documents": one["timings"]["documents"] / many["timings"]["documents"],
        "build": one["wall"] / many["wall"],
    }
    print(
        f"\nratio --jobs {a.jobs} vs --jobs 1, per-document stages: {ratios['documents']:.2f}x (bar >= 1.7x)"
    )
    print(f"ratio --jobs {a.jobs} vs --jobs 1, whole build: {ratios['build']:.2f}x")
    return ratios


if __name__ == "__main__":
    main()
