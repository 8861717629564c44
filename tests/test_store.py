"""SPARQL through Oxigraph: embedded queries, a persistent store, Graph Store upload, a real server."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import rdf, store
from kg.errors import GraphError
from tests.conftest import require
from tests.rdf_corpus import corpus

PEOPLE = "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n"


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("store")
    results, linked, options = corpus()
    rdf.write_graphs(rdf.to_dataset(results, linked, options), out)
    return out


def test_query_a_build_folder_in_every_format(build):
    table = store.run_query(str(build), PEOPLE)
    assert table.splitlines()[0].strip() == "n" and "(4 rows)" in table
    rows = list(csv.reader(io.StringIO(store.run_query(str(build), PEOPLE, "csv"))))
    assert rows == [["n"], ["孙明"], ["王晓峰"], ["赵丽"], ["陈国栋"]]
    doc = json.loads(store.run_query(str(build), PEOPLE, "json"))
    assert doc["head"]["vars"] == ["n"]
    assert [b["n"]["value"] for b in doc["results"]["bindings"]] == ["孙明", "王晓峰", "赵丽", "陈国栋"]


def test_every_graph_file_answers_the_same(build):
    want = store.run_query(str(build), PEOPLE, "csv")
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld"):
        assert store.run_query(str(build / name), PEOPLE, "csv") == want, name


def test_named_graphs_are_queryable_and_union_is_the_default(build):
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert store.run_query(str(build / "graph.trig"), q, "csv").split() == ["n", "3"]
    # the union default graph joins the corpus graph (names) with an article graph (headOf)
    q = "SELECT ?n WHERE { ?p org:headOf ?o ; schema:name ?n }"
    assert store.run_query(str(build / "graph.trig"), q, "csv").split() == ["n", "陈国栋"]


def test_ask_and_construct(build):
    assert store.run_query(str(build), "ASK { ?e a schema:Event }") == "true\n"
    assert json.loads(store.run_query(str(build), "ASK { ?e a schema:Bank }", "json"))["boolean"] is False
    out = store.run_query(
        str(build), "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }"
    )
    assert "schema:name" in out and "陈国栋" in out
    nt = store.run_query(
        str(build), "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }", "csv"
    )
    assert len(nt.strip().splitlines()) == 4


def test_bad_query_and_bad_graph_are_one_line_errors(build, tmp_path):
    with pytest.raises(GraphError, match=r"^query: "):
        store.run_query(str(build), "SELEC ?x WHERE {}")
    bad = tmp_path / "broken.ttl"
    bad.write_text('<http://a> <http://b> "unterminated .\n', encoding="utf-8")
    with pytest.raises(GraphError, match=r"broken\.ttl: .*line 1"):
        store.run_query(str(bad), PEOPLE)
    with pytest.raises(GraphError, match="no graph.trig"):
        store.run_query(str(tmp_path), PEOPLE)
    other = tmp_path / "graph.xyz"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(GraphError, match="unknown graph format"):
        store.run_query(str(other), PEOPLE)
    with pytest.raises(GraphError, match="no such"):
        store.run_query(str(tmp_path / "missing.ttl"), PEOPLE)


def test_persistent_store_survives_reopening(build, tmp_path):
    n = store.load_store(str(build), str(tmp_path / "db"))
    assert n == rdf.to_dataset(*corpus()).quad_count()
    import pyoxigraph as ox

    db = ox.Store(str(tmp_path / "db"))
    names = {s["n"].value for s in db.query(PEOPLE, use_default_graph_as_union=True, prefixes=rdf.PREFIXES)}
    assert names == {"孙明", "王晓峰", "赵丽", "陈国栋"}
    del db
    # loading again does not duplicate anything
    assert store.load_store(str(build), str(tmp_path / "db")) == n


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http_query(url: str, query: str) -> dict:
    body = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(
        url + "/query", data=body, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


@pytest.fixture
def server():
    binary = store.oxigraph_binary()
    require(
        binary is not None,
        "the oxigraph server binary is not installed (pip install oxigraph)",
        "KG_REQUIRE_SERVER",
    )
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        store.wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.server
def test_upload_the_sample_build_to_a_graph_store_endpoint(server, sample_build):
    sent = store.upload(str(sample_build), server + "/store")
    import pyoxigraph as ox

    local = store.open_store(str(sample_build))
    assert sent == len(local) > 0
    count = _http_query(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(count["results"]["bindings"][0]["n"]["value"]) == sent
    q = "PREFIX schema: <https://schema.org/> SELECT ?h WHERE { GRAPH ?g { ?a a schema:NewsArticle ; schema:headline ?h } }"
    over_http = {b["h"]["value"] for b in _http_query(server, q)["results"]["bindings"]}
    here = {s["h"].value for s in local.query(q)}
    assert over_http == here and over_http
    # named graphs kept: one per article plus the corpus graph
    graphs = _http_query(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(graphs["results"]["bindings"]) == len(list(local.named_graphs()))
    # a second upload replaces (PUT) rather than duplicates
    assert store.upload(str(sample_build), server + "/store") == sent
    count = _http_query(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(count["results"]["bindings"][0]["n"]["value"]) == sent
    del ox


def test_upload_to_nowhere_is_a_clear_error(build):
    port = _free_port()
    with pytest.raises(GraphError, match="cannot reach"):
        store.upload(str(build), f"http://127.0.0.1:{port}/store", timeout=2)


@pytest.mark.server
def test_kg_serve_answers_queries_until_interrupted(build, tmp_path):
    require(
        store.oxigraph_binary() is not None,
        "the oxigraph server binary is not installed",
        "KG_REQUIRE_SERVER",
    )
    out = tmp_path / "build"
    out.mkdir()
    for name in ("graph.trig", "graph.ttl"):
        (out / name).write_bytes((build / name).read_bytes())
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(out), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        store.wait_until_up(url, None, timeout=60)
        res = _http_query(url, "PREFIX schema: <https://schema.org/> " + PEOPLE)  # union default graph
        assert [b["n"]["value"] for b in res["results"]["bindings"]] == ["孙明", "王晓峰", "赵丽", "陈国栋"]
        with urllib.request.urlopen(url + "/", timeout=10) as resp:
            assert resp.status == 200  # the query page
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert (out / ".store").is_dir()
