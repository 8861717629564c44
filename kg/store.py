"""SPARQL over a build: an embedded Oxigraph store, a persistent one, a Graph Store upload, a server.

rdflib stays the API for building graphs; answering queries goes through pyoxigraph, which loads and
answers SPARQL one to two orders of magnitude faster (see the closing note of issue 5). Queries see
the union of all named graphs as their default graph, so they need no ``GRAPH`` clauses.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphError
from kg.rdf import PREFIXES

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


#: where a build folder keeps its graph, in the order a GRAPH argument prefers them
BUILD_GRAPHS = ("graph.trig", "graph.ttl", "graph.nq")


def graph_file(graph: str | Path, prefer: tuple[str, ...] = BUILD_GRAPHS) -> tuple[Path, ox.RdfFormat]:
    """Resolve a GRAPH argument (a graph file, or a build folder: its first file of ``prefer``) and its format.

    The one place that knows the layout of a build folder and the graph file suffixes; query, load,
    serve, validate, viz and eval all call it.
    """
    path = Path(graph)
    if path.is_dir():
        for name in prefer:
            if (path / name).is_file():
                path = path / name
                break
        else:
            raise GraphError(f"{graph}: no {', '.join(prefer)} in this folder (run kg build first)")
    if not path.is_file():
        raise GraphError(f"{graph}: no such file or build folder")
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph format (use .ttl, .trig, .nq, .nt or .jsonld)")
    return path, fmt


def load_rdflib(graph: str | Path, prefer: tuple[str, ...] = BUILD_GRAPHS):
    """Read a GRAPH argument into one rdflib Graph, the union of its named graphs.

    pyoxigraph parses (fast, and it reports line and column); rdflib then reads clean N-Triples.
    """
    import rdflib

    path, fmt = graph_file(graph, prefer)
    try:
        triples = {str(q.triple) for q in ox.parse(path.read_bytes(), format=fmt)}
    except (OSError, SyntaxError, ValueError) as e:
        raise GraphError(f"{path}: {_first_line(e)}") from e
    g = rdflib.Graph()
    if triples:
        g.parse(data=" .\n".join(sorted(triples)) + " .\n", format="nt")
    return g


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def open_store(graph: str, path: str | None = None) -> ox.Store:
    """Load GRAPH into a pyoxigraph Store (in memory, or persistent at ``path``)."""
    file, fmt = graph_file(graph)
    store = ox.Store(path) if path else ox.Store()
    try:
        store.bulk_load(path=str(file), format=fmt)
    except (SyntaxError, ValueError) as e:
        raise GraphError(f"{file}: {_first_line(e)}") from e
    except OSError as e:
        raise GraphError(f"{file}: cannot read ({e.strerror or e})") from e
    return store


def _query(store: ox.Store, query: str):
    try:
        return store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as e:
        raise GraphError(f"query: {_first_line(e)}") from e
    except (OSError, ValueError, RuntimeError) as e:
        raise GraphError(f"query: {_first_line(e)}") from e


def run_query(graph: str, query: str, fmt: str = "table") -> str:
    """Answer a SPARQL query over GRAPH; ``fmt`` is table, csv or json (SPARQL 1.1 JSON results).

    The contract's prefixes (schema, org, prov, nif, kg, rdf, rdfs, xsd) are predeclared.
    CONSTRUCT/DESCRIBE answers come as Turtle (table), N-Triples (csv) or JSON-LD (json).
    """
    if fmt not in ("table", "csv", "json"):
        raise GraphError(f"--format {fmt}: use table, csv or json")
    store = open_store(graph)
    return format_result(_query(store, query), fmt)


def format_result(result, fmt: str) -> str:
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result)}) + "\n"
        return ("true" if result else "false") + "\n"
    if isinstance(result, ox.QueryTriples):
        rdf_fmt = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES, "json": ox.RdfFormat.JSON_LD}[
            fmt
        ]
        triples = sorted(result, key=str)
        return ox.serialize(triples, format=rdf_fmt, prefixes=PREFIXES if fmt == "table" else None).decode()
    variables = [v.value for v in result.variables]
    if fmt == "json":
        return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
    rows = [[_cell(sol[v]) for v in variables] for sol in result]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(variables)
        w.writerows(rows)
        return buf.getvalue()
    return _table(variables, rows)


def _cell(term) -> str:
    """A term as a person reads it: the IRI, or the literal's lexical value."""
    if term is None:
        return ""
    return term.value


def _width(s: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    shown = [[c.replace("\n", "⏎") for c in row] for row in rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in shown]) for i, v in enumerate(variables)]

    def line(cells):
        return (
            " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"
        )

    out = [line(variables), "-+-".join("-" * w for w in widths) + "\n"]
    out += [line(r) for r in shown]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return "".join(out)


def load_store(graph: str, store_dir: str) -> int:
    """Load GRAPH into a persistent Oxigraph store at ``store_dir``; return the number of quads in it."""
    try:
        Path(store_dir).mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise GraphError(f"{store_dir}: cannot create the store folder ({e.strerror or e})") from e
    try:
        store = open_store(graph, store_dir)
    except OSError as e:  # the store is locked by a running server, or not a store folder
        raise GraphError(f"{store_dir}: cannot open the store ({_first_line(e)})") from e
    store.flush()
    n = len(store)
    del store
    return n


def upload(graph: str, endpoint: str, timeout: float = 60.0) -> int:
    """Send GRAPH to a SPARQL 1.1 Graph Store Protocol endpoint: each named graph PUT to ``?graph=``,
    the default graph to ``?default``. Returns the number of quads sent."""
    import urllib.error  # here: every build imports this module (graph_file), few upload
    import urllib.parse
    import urllib.request

    file, fmt = graph_file(graph)
    graphs: dict[str, list[str]] = {}
    try:
        for q in ox.parse(file.read_bytes(), format=fmt):
            name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            graphs.setdefault(name, []).append(str(q.triple) + " .\n")
    except (SyntaxError, ValueError) as e:
        raise GraphError(f"{file}: {_first_line(e)}") from e
    if not endpoint.startswith(("http://", "https://")):
        raise GraphError(f"{endpoint}: the endpoint must be an http(s) URL")
    sent = 0
    sep = "&" if "?" in endpoint else "?"
    for name in sorted(graphs):
        target = endpoint + sep + ("default" if not name else "graph=" + urllib.parse.quote(name, safe=""))
        body = "".join(sorted(graphs[name])).encode("utf-8")
        req = urllib.request.Request(
            target, data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as e:
            raise GraphError(f"{endpoint}: HTTP {e.code} {e.reason} for graph {name or 'default'}") from e
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise GraphError(f"{endpoint}: cannot reach the endpoint ({reason})") from e
        sent += len(graphs[name])
    return sent


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary (PyPI package ``oxigraph``): beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def serve(outdir: str, port: int, ready=None) -> None:
    """Serve the build in OUTDIR on 127.0.0.1:PORT (SPARQL endpoint and query page) until Ctrl-C.

    The store lives in OUTDIR/.store and is rebuilt from the graph on every start, so it always
    matches the build. ``ready`` (for tests) is called with the server's base URL once it answers.
    """
    binary = oxigraph_binary()
    if binary is None:
        raise GraphError("oxigraph: the server binary is not installed (pip install oxigraph)")
    file, _fmt = graph_file(outdir)
    store_dir = Path(outdir) / ".store"
    if store_dir.exists():
        shutil.rmtree(store_dir)
    load_store(str(file), str(store_dir))
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(store_dir),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(url, proc)
        print(f"SPARQL endpoint {url}/query · query page {url}/ · Ctrl-C to stop", flush=True)
        if ready is not None:
            ready(url)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.returncode not in (0, -signal.SIGINT, None) and proc.stderr is not None:
            err = proc.stderr.read().decode("utf-8", "replace").strip()
            if err:
                raise GraphError(f"oxigraph serve: {err.splitlines()[-1]}")


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 30.0) -> None:
    """Poll the server until it answers a trivial query (or its process dies)."""
    import urllib.parse
    import urllib.request

    deadline = time.monotonic() + timeout
    probe = url + "/query?query=" + urllib.parse.quote("ASK {}")
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
            raise GraphError(f"oxigraph serve exited: {err.splitlines()[-1] if err else proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(probe, timeout=2) as resp:
            if resp.status == 200:
                return
        time.sleep(0.1)
    raise GraphError(f"{url}: the server did not answer within {timeout:.0f}s")
