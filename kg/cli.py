"""The ``kg`` command line: argument parsing and presentation only; the work is in the library.

Every user error (bad path, undecodable file, unreadable graph) is a ``kg.errors.KgError`` that becomes
one line on stderr and exit status 1; click's own usage errors exit with 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg.errors import KgError


def _user_errors(fn: Callable) -> Callable:
    """Turn library errors into one clear line and a non-zero exit, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KgError as e:
            raise click.ClickException(str(e)) from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted; the previous output is intact") from None
        except OSError as e:
            where = f"{e.filename}: " if getattr(e, "filename", None) else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """Build knowledge graphs from Chinese newspaper pages, query and view them."""


def _iso_date(_ctx, _param, value: str | None) -> str | None:
    import datetime

    if value is None:
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", default="output", show_default=True, type=click.Path(path_type=Path))
@click.option("--home-city", help="City that bare 市/省 references resolve to (default: inferred).")
@click.option("--issue-date", callback=_iso_date, help="Issue date YYYY-MM-DD, gives events their year.")
@click.option("--base", default="https://kg.example.org/", show_default=True, help="Base IRI of the graph.")
@click.option(
    "--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 512), help="Worker processes."
)
@click.option("--update", is_flag=True, help="Add the inputs to the existing build in OUTDIR.")
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:8786) for a distributed build.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display or summary.")
@_user_errors
def build(inputs, outdir, home_city, issue_date, base, jobs, update, scheduler, quiet) -> None:
    """Build the graph from .txt pages and .jsonl corpora (default: the bundled sample page)."""
    from kg import pipeline, present
    from kg.model import Options

    if not base.endswith(("/", "#")):
        raise click.BadParameter("must end with / or #", param_hint="--base")
    options = Options(
        outdir=str(outdir),
        home_city=home_city,
        issue_date=issue_date,
        base=base,
        jobs=jobs,
        update=update,
        scheduler=scheduler,
        progress=not quiet and sys.stderr.isatty(),
    )
    with present.progress(enabled=options.progress) as on_progress:
        result = pipeline.build([str(p) for p in inputs], options, on_progress=on_progress)
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    if not quiet:
        present.summary(result, outdir)
    if result.documents == 0:
        raise click.ClickException("no document could be read; see the warnings above")


@main.command()
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.argument("query", required=False)
@click.option(
    "-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from FILE.rq."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@_user_errors
def query(graph, query, query_file, fmt) -> None:
    """Answer a SPARQL query over GRAPH (a Turtle/TriG/N-Quads file or a build folder)."""
    from kg import store

    if (query is None) == (query_file is None):
        raise click.UsageError("give either a QUERY or -f FILE.rq")
    text = query_file.read() if query_file else query
    click.echo(store.run_query(str(graph), text, fmt), nl=False)


@main.command()
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@_user_errors
def validate(graph) -> None:
    """Validate GRAPH against the project's SHACL shapes."""
    from kg import shacl

    conforms, text = shacl.validate(str(graph))
    click.echo(text)
    if not conforms:
        raise SystemExit(1)


@main.command()
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Output file.")
@click.option("--focus", help="Name of an entity (or an article headline): show its neighbourhood.")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(0, 10))
@click.option(
    "--types", help="Comma-separated node types to keep (Person,Organization,Place,Event,Article,…)."
)
@click.option("--min-degree", type=click.IntRange(0), help="Drop nodes with fewer links.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "graphml", "gexf"]), default="html", show_default=True
)
@_user_errors
def viz(graph, out, focus, hops, types, min_degree, fmt) -> None:
    """Write an interactive network view (or GraphML/GEXF) of GRAPH."""
    from kg import viz as viz_

    type_list = [t.strip() for t in types.split(",") if t.strip()] if types else None
    path = viz_.render(graph, out, focus=focus, hops=hops, types=type_list, min_degree=min_degree, fmt=fmt)
    click.echo(str(path))


@main.command()
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--store", "store_dir", type=click.Path(path_type=Path), help="Persistent Oxigraph store folder."
)
@click.option("--endpoint", help="SPARQL 1.1 Graph Store Protocol endpoint URL.")
@_user_errors
def load(graph, store_dir, endpoint) -> None:
    """Load GRAPH into a persistent Oxigraph store or upload it to a Graph Store endpoint."""
    from kg import store

    if (store_dir is None) == (endpoint is None):
        raise click.UsageError("give exactly one of --store DIR or --endpoint URL")
    if store_dir is not None:
        n = store.load_store(str(graph), str(store_dir))
        click.echo(f"{n} triples loaded into {store_dir}")
    else:
        n = store.upload(str(graph), endpoint)
        click.echo(f"{n} quads uploaded to {endpoint}")


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@_user_errors
def serve(outdir, port) -> None:
    """Serve a build as a SPARQL endpoint with a query page (Oxigraph), on 127.0.0.1."""
    from kg import store

    store.serve(str(outdir), port)


@main.command(name="eval")
@click.argument("outdir", type=click.Path(exists=True, path_type=Path))
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--json", "json_out", type=click.Path(path_type=Path), help="Also write the full report as JSON."
)
@_user_errors
def eval_(outdir, gold, json_out) -> None:
    """Score a build against a gold annotation (same figures as the reference scorer)."""
    from kg import evaluate

    report = evaluate.evaluate(outdir, gold)
    if json_out:
        import json

        from kg.write import atomic_write

        atomic_write(json_out, json.dumps(report, ensure_ascii=False, indent=1))
    click.echo(evaluate.format_report(report))
