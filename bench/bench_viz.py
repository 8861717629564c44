"""Time to a stable network view in headless Chromium for synthetic graphs of 100, 1,000 and 5,000 nodes.

    .venv/bin/python bench/bench_viz.py [--sizes 100,1000,5000] [--repeat 2] [--chromium /usr/bin/chromium]
    .venv/bin/python bench/bench_viz.py --graph OUTDIR    # CPU of writing graph.html: --jobs 1, 2, parser

"Stable" is the page's own signal: vis-network finished its (bounded) stabilisation and physics is off
(``window.kgStableAt``, milliseconds since navigation started). Each size is written twice: with every
node (``min_degree=0``) and as ``kg viz`` would by default (above 1,500 nodes low-degree nodes dropped).
Wall times depend on the machine and its load (printed in the header; the best of ``--repeat`` runs is
kept). "write s" is this process's time in ``kg.viz`` to select the view, render the page (pyvis's
``Network.generate_html`` through our template) and write it atomically.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import viz  # noqa: E402

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KINDS = ("person", "person", "person", "union", "company", "government", "organization", "place", "event")
LABELS = ("报道", "隶属", "位于", "参加", "主办")


def synthetic(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """A scale-free projection (Barabási–Albert, 2 edges a node) with every kind of node; deterministic."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        kind = "article" if i % 10 == 0 else rng.choice(KINDS)
        g.add_node(
            f"n{i:05}",
            label=f"节点{i}",
            kind=kind,
            iri=f"https://example.org/n{i}",
            aliases=[f"别名{i}"] if i % 7 == 0 else [],
            headlines=[f"标题{i % 97}"],
            first=f"第{i}句提及。",
        )
    for u, v in sorted(base.edges):
        g.add_edge(f"n{u:05}", f"n{v:05}", label=rng.choice(LABELS))
    return g


def time_page(browser, path: Path, timeout_ms: int) -> tuple[float, int]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    outside: list[str] = []
    page.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.startswith(("file:", "data:")) else outside.append(r.request.url)
        ),
    )
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kgStable === true", timeout=timeout_ms)
    ms, shown = page.evaluate("[window.kgStableAt, window.kgNodes.length]")
    page.close()
    if outside:
        raise SystemExit(f"requests left the machine: {outside[:3]}")
    return ms / 1000, shown


def render_cpu(folder: Path, jobs: tuple[int, ...] = (1, 2), repeat: int = 3) -> None:
    """CPU seconds of ``viz.render`` on a build folder: this process's, and its span workers'
    (counted once their pool has stopped), the best of ``repeat``; then, interleaved with the line
    scan, the parser's passes that the scan replaced (for files it does not read). The pages must be
    the same bytes."""
    import resource

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    scan = viz._view_lines
    runs = [(f"--jobs {j}", j, scan) for j in jobs] + [("parser passes, --jobs 1", 1, lambda *_: None)]
    best: dict[str, tuple[float, float]] = {}
    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        viz.preload()
        for _ in range(repeat):
            for name, j, view_lines in runs:
                viz._view_lines = view_lines
                try:
                    cpu, workers = time.process_time(), children()
                    out = viz.render(folder, Path(tmp) / "graph.html", jobs=j)
                    cpu, workers = time.process_time() - cpu, children() - workers
                finally:
                    viz._view_lines = scan
                pages.append(out.read_bytes())
                if name not in best or cpu + workers < sum(best[name]):
                    best[name] = (cpu, workers)
    for name, (cpu, workers) in best.items():
        print(f"{name}: main CPU {cpu:.2f} s, workers CPU {workers:.2f} s")
    print("same page" if len(set(pages)) == 1 else "PAGES DIFFER")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per page")
    ap.add_argument(
        "--graph", type=Path, help="instead: CPU of kg.viz.render on this build folder, --jobs 1 and 2"
    )
    args = ap.parse_args()
    if args.graph:
        render_cpu(args.graph)
        return

    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in args.sizes.split(",")]
    head = ("nodes", "edges", "view", "shown", "page MB", "write s", "stable s")
    print(
        "{:>6} {:>6} {:>8} {:>6} {:>8} {:>8} {:>9}".format(*head), f"(load average {os.getloadavg()[0]:.1f})"
    )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        for n in sizes:
            g = synthetic(n)
            for view, min_degree in (("all", 0), ("default", None)):
                if view == "default" and n <= viz.MAX_NODES:
                    continue
                t = time.perf_counter()
                shown_g, note = viz.select(g, min_degree=min_degree)
                html = viz.html_page(shown_g, title=f"bench {n}", note=note)
                path = Path(tmp) / f"bench-{n}-{view}.html"
                viz._write_text(path, html)
                write_s = time.perf_counter() - t
                runs = [time_page(browser, path, args.timeout * 1000) for _ in range(args.repeat)]
                best = min(runs)
                print(
                    f"{n:>6} {g.number_of_edges():>6} {view:>8} {best[1]:>6} "
                    f"{len(html.encode()) / 1e6:>8.2f} {write_s:>8.2f} {best[0]:>9.2f}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
