"""Terminal presentation for the CLI: a progress display and a one-screen build summary (rich)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.pipeline import BuildResult


@contextlib.contextmanager
def progress(enabled: bool) -> Iterator[Callable[[str, int, int | None], None] | None]:
    """Yield a progress callback for ``pipeline.build``; a no-op when not on a terminal."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def summary(result: BuildResult, outdir: Path) -> None:
    """Print what was built, in one screen."""
    from rich.console import Console
    from rich.table import Table

    c = result.report.get("counts", {})
    console = Console(stderr=False, highlight=False)
    table = Table(title=f"kg build → {outdir}", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("documents", str(c.get("documents")))
    table.add_row("articles / captions", f"{c.get('articles')} / {c.get('captions')}")
    table.add_row("mentions", _fmt_counts(c.get("mentions"), c.get("mentions_by_type", {})))
    table.add_row("entities", _fmt_counts(c.get("entities"), c.get("entities_by_type", {})))
    table.add_row("events / relations", f"{c.get('events')} / {c.get('relations')}")
    table.add_row("triples", str(c.get("triples")))
    if result.linked.home_city:
        table.add_row("home city", result.linked.home_city)
    table.add_row("warnings", str(len(result.warnings)))
    table.add_row("time", f"{result.timings.get('total', 0):.2f} s")
    console.print(table)


def _fmt_counts(total: object, by_type: dict) -> str:
    parts = ", ".join(f"{k} {v}" for k, v in by_type.items())
    return f"{total} ({parts})" if parts else str(total)
