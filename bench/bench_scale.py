"""Time and peak memory per page as the corpus grows: 1, 10, 100, 1,000 pages (10,000 with --big).

    .venv/bin/python bench/bench_scale.py [--big] [--sizes 1,10,100]

Each size is built in a fresh interpreter (``--jobs 1``) so that its peak RSS (``ru_maxrss``) is its
own. Per-page time and memory must stay flat (near-linear total); linking, the one step that sees the
whole corpus, is shown separately. Memory per page is the peak above the 1-page build (the models and
interpreter are a fixed cost). The bar: 10,000 pages under 2 GB peak.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import WORK, build_in_subprocess, corpus, table  # noqa: E402


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100,1000", help="comma-separated page counts")
    ap.add_argument("--big", action="store_true", help="add 10,000 pages (tens of minutes)")
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",")] + ([10_000] if a.big else [])

    runs = []
    for n in sizes:
        m = build_in_subprocess(corpus(n), WORK / f"out-scale-{n}", jobs=a.jobs)
        m["pages"] = n
        runs.append(m)
        print(f"  built {n} pages in {m['wall']:.1f} s", file=sys.stderr)
    base = runs[0]["maxrss_mb"]
    rows = []
    for m in runs:
        n, tm = m["pages"], m["timings"]
        rows.append(
            [
                n,
                m["wall"],
                1000 * m["wall"] / n,
                1000 * tm["documents"] / n,
                1000 * tm["link"] / n,
                1000 * (tm["rdf"] + tm["write"] + tm["viz"]) / n,
                m["maxrss_mb"],
                1024 * (m["maxrss_mb"] - base) / n if n != runs[0]["pages"] else 0.0,
                m["triples"],
            ]
        )
    print(
        table(
            [
                "pages",
                "total s",
                "ms/page",
                "docs ms/p",
                "link ms/p",
                "rdf+write+viz ms/p",
                "peak MB",
                "KB/page",
                "triples",
            ],
            rows,
        )
    )
    if len(runs) >= 2:
        first, last = runs[-2], runs[-1]  # the two largest: the one-off model loading is amortised
        growth = (last["wall"] / last["pages"]) / (first["wall"] / first["pages"])
        link_growth = (last["timings"]["link"] / last["pages"]) / max(
            first["timings"]["link"] / first["pages"], 1e-9
        )
        print(f"\nratio time/page {last['pages']} vs {first['pages']} pages: {growth:.2f}x (flat = 1.00x)")
        print(f"ratio link time/page {last['pages']} vs {first['pages']} pages: {link_growth:.2f}x")
        print(
            f"peak memory at {last['pages']} pages: {last['maxrss_mb']:,.0f} MB (bar at 10,000 pages: < 2,048 MB)"
        )
    return runs


if __name__ == "__main__":
    main()
