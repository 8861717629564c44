"""--jobs 1 against --jobs 2 on the same generated corpus, each build in a fresh interpreter.

    .venv/bin/python bench/bench_jobs.py [--pages 300]

The bar on this 2-core machine: --jobs 2 >= 1.7x --jobs 1 for the whole build. Each is run cold
(the models load inside the build, as a one-off command does) and warm (loaded before, as in a long
archive build where loading is amortised). The cache is cold in every run (fresh output folder).

Wall-clock ratios need a quiet machine. CPU time does not: the table of CPU seconds per stage splits
the --jobs N build into this process's CPU (ingest, link, viz and the concatenation of the rendered
parts run here only) and its workers' (the per-document stages, the rendering of every output and
the view's scan of graph.nq, part by part).
The serial fraction s is the main process's CPU in the --jobs N build over the --jobs 1 build's CPU,
and Amdahl's law bounds the whole-build ratio by 1 / (s + (1 - s) / N). Two processes on two cores
also run slower than one alone (shared caches, memory, a host's other guests): the CPU the --jobs N
build spends in all over the --jobs 1 build's ("CPU of the parallel build") bounds the ratio by N
over it even without serial work.

A machine shared with others changes speed from one minute to the next (by up to 1.4x): ``--repeat R``
runs the pair R times, alternating which goes first, and reports each pair's ratio and their median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import WORK, build_in_subprocess, corpus, table  # noqa: E402


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs")
    ap.add_argument("--cold-only", action="store_true", help="skip the warm runs")
    ap.add_argument("--repeat", type=int, default=1, help="run each pair this many times (alternating)")
    a = ap.parse_args(argv)
    folder = corpus(a.pages)
    pairs: dict[str, list[dict]] = {"cold": [], "warm": []}
    for r in range(max(1, a.repeat)):
        order = (1, a.jobs) if r % 2 == 0 else (a.jobs, 1)
        for label in ("cold",) if a.cold_only else ("cold", "warm"):
            pairs[label].append(
                {
                    j: build_in_subprocess(folder, WORK / f"out-jobs-{j}", warm=label == "warm", jobs=j)
                    for j in order
                }
            )
    cold, warm = pairs["cold"][-1], (pairs["warm"][-1] if pairs["warm"] else {})
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
    for label, runs_of in pairs.items():
        if runs_of:
            each = [p[1]["wall"] / p[a.jobs]["wall"] for p in runs_of]
            ratios[f"whole build, {label}"] = statistics.median(each)
            if len(each) > 1:
                ratios[f"whole build, {label}, each pair"] = each
    runs = warm or cold
    print()
    print(cpu_table(runs[1]["cpu"], runs[a.jobs]["cpu"], a.jobs))
    cpu_1 = sum(runs[1]["cpu"].get(st, 0.0) for st in STAGES)
    cpu_n = sum(v for k, v in runs[a.jobs]["cpu"].items() if k.removeprefix("workers_") in STAGES)
    s, bound = amdahl(runs[1]["cpu"], runs[a.jobs]["cpu"], a.jobs)
    s_after, bound_after = amdahl(runs[1]["cpu"], runs[a.jobs]["cpu"], a.jobs, skip=("documents",))
    print()
    for k, v in ratios.items():
        shown = ", ".join(f"{x:.2f}x" for x in v) if isinstance(v, list) else f"{v:.2f}x"
        median = " (median)" if f"{k}, each pair" in ratios else ""
        print(f"ratio --jobs {a.jobs} vs --jobs 1, {k}: {shown}{median}")
    if cpu_1 > 0:
        print(
            f"CPU of the parallel build (all processes) over the one-core build's: {cpu_n / cpu_1:.2f}; "
            f"bound without serial work {a.jobs * cpu_1 / cpu_n:.2f}x"
        )
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
    run (all of pass 1's, the loading of viz's modules included: ``skip=("documents",)`` leaves it
    out; in the write stage the copying of the workers' spilled parts into place and the merging of
    the view's scans they made)."""
    total = sum(serial.get(st, 0.0) for st in STAGES)
    main = sum(pooled.get(st, 0.0) for st in STAGES if st not in skip)
    s = min(1.0, main / total) if total > 0 else 1.0
    return s, 1.0 / (s + (1.0 - s) / jobs)


if __name__ == "__main__":
    main()
