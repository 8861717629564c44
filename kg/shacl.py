"""SHACL validation of a build against ``ontology/shapes.ttl`` (pySHACL), for ``kg validate``.

Named graphs are validated as their union: an entity's type lives in the corpus graph while the
article graph that mentions it holds the reference, so per-graph validation would report false
violations.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import GraphError


def ontology_dir() -> Path:
    """The ontology folder: packaged as ``kg/ontology`` when installed, ``ontology/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "ontology", here.parent / "ontology"):
        if (cand / "shapes.ttl").is_file():
            return cand
    raise GraphError(
        f"{here.parent / 'ontology'}: the SHACL shapes (shapes.ttl) are missing from this install"
    )


def load_union(graph: str):
    """Read a GRAPH argument (file or build folder) into one rdflib Graph, the union of its graphs."""
    from kg.store import load_rdflib

    return load_rdflib(graph)


def check(data, shapes=None):
    """Run pySHACL on an rdflib Graph; return (conforms, results graph, report text)."""
    import pyshacl
    import rdflib

    onto = ontology_dir()
    if shapes is None:
        shapes = rdflib.Graph().parse(onto / "shapes.ttl", format="turtle")
    ont = rdflib.Graph().parse(onto / "kg.ttl", format="turtle")
    return pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True, allow_warnings=False
    )


def validate(graph: str) -> tuple[bool, str]:
    """Validate GRAPH; return whether it conforms and pySHACL's human-readable report."""
    data = load_union(graph)
    conforms, _results, text = check(data)
    if conforms:
        return True, f"{graph}: conforms to the kg shapes ({len(data)} triples)\n"
    return False, text
