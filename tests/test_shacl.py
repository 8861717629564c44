"""SHACL: every build validates; every shape has a negative example that must fail it."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg import rdf, shacl
from kg.cli import main
from kg.errors import GraphError
from tests.rdf_corpus import corpus

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
NEGATIVE = Path(__file__).parent / "shapes_negative"


def _node_shapes() -> dict[str, rdflib.URIRef]:
    g = rdflib.Graph().parse(shacl.ontology_dir() / "shapes.ttl", format="turtle")
    return {str(s).rsplit("#", 1)[1]: s for s in g.subjects(rdflib.RDF.type, SH.NodeShape)}


def _only(shape: rdflib.URIRef) -> rdflib.Graph:
    """A shapes graph with this one NodeShape (and the prefix declarations its SPARQL uses)."""
    g = rdflib.Graph().parse(shacl.ontology_dir() / "shapes.ttl", format="turtle")
    out = g.cbd(shape)
    for s in g.subjects(SH.declare, None):
        out += g.cbd(s)
    return out


def test_every_class_the_build_writes_has_a_shape(tmp_path):
    results, linked, options = corpus()
    graph = rdf.to_dataset(results, linked, options)
    written = {t.split(" ", 2)[2] for t in graph.triples() if t.split(" ", 2)[1] == rdf.A}
    shapes = rdflib.Graph().parse(shacl.ontology_dir() / "shapes.ttl", format="turtle")
    targeted = {f"<{c}>" for c in shapes.objects(None, SH.targetClass)}
    # the secondary types of documents are covered by the document shape
    secondary = {f"<{rdf.NIF}Context>", f"<{rdf.PROV}Entity>", f"<{rdf.ORG}Organization>"}
    assert written - secondary <= targeted


def test_a_build_conforms(tmp_path):
    results, linked, options = corpus()
    rdf.write_graphs(rdf.to_dataset(results, linked, options), tmp_path)
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld"):
        ok, report = shacl.validate(str(tmp_path / name))
        assert ok, report
    ok, report = shacl.validate(str(tmp_path))
    assert ok and "conforms" in report


def test_the_sample_build_conforms(sample_build):
    ok, report = shacl.validate(str(sample_build))
    assert ok, report


def test_every_shape_has_a_negative_example():
    assert sorted(_node_shapes()) == sorted(p.stem for p in NEGATIVE.glob("*.ttl"))


@pytest.mark.parametrize("name", sorted(p.stem for p in NEGATIVE.glob("*.ttl")))
def test_negative_example_fails_its_own_shape(name):
    shape = _node_shapes()[name]
    data = shacl.load_union(str(NEGATIVE / f"{name}.ttl"))
    assert not shacl.check(data)[0]
    conforms, _results, text = shacl.check(data, shapes=_only(shape))
    assert not conforms, f"{name} does not fail its own shape"


def test_validate_command_prints_violations_and_fails():
    res = CliRunner().invoke(main, ["validate", str(NEGATIVE / "DocumentShape.ttl")])
    assert res.exit_code == 1
    assert "anchor is not the original text" in res.output


def test_unreadable_graph_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> \n", encoding="utf-8")
    with pytest.raises(GraphError, match=r"bad\.ttl: .*line"):
        shacl.validate(str(bad))
