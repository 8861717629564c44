"""The RDF stage: contract terms (CONTRACT.md section 3), named graphs, offsets, determinism, formats."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os

import pyoxigraph as ox
import pytest
import rdflib

from kg import rdf
from kg.errors import InputError
from kg.model import Options
from tests.conftest import SCORER
from tests.rdf_corpus import corpus

BASE = "https://kg.example.org/"
S = rdflib.Namespace(rdf.SCHEMA)
ORG = rdflib.Namespace(rdf.ORG)
NIF = rdflib.Namespace(rdf.NIF)
KG = rdflib.Namespace(rdf.KG)
XSD = rdflib.XSD


def U(key: str) -> rdflib.URIRef:
    return rdflib.URIRef(BASE + key)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    results, linked, options = corpus()
    graph = rdf.to_dataset(results, linked, options)
    out = tmp_path_factory.mktemp("rdf")
    counts = rdf.write_graphs(graph, out)
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    return graph, out, counts, g, results


def test_articles_carry_headline_byline_body_position_and_source(built):
    _graph, _out, _counts, g, _ = built
    a1, a2 = U("article/qinghe-1/1"), U("article/qinghe-1/2")
    assert (a1, rdflib.RDF.type, S.NewsArticle) in g
    assert str(g.value(a1, S.headline)) == "青禾区总工会举办职工技能大赛"
    assert str(g.value(a2, S.headline)) == '技能大赛"圆满"落幕'
    assert set(g.objects(a1, S.author)) == {U("person/王晓峰")}
    assert set(g.objects(a1, S.contributor)) == {U("person/赵丽")}
    assert g.value(a1, S.position).toPython() == 1 and g.value(a2, S.position).toPython() == 2
    assert g.value(a1, S.datePublished) == rdflib.Literal("2021-11-05", datatype=XSD.date)
    assert str(g.value(a2, S.articleBody)) == "陈国栋表示，职工技能大赛每年举办一次。"
    doc = g.value(a1, rdflib.URIRef(rdf.PROV + "wasDerivedFrom"))
    assert doc == U("doc/qinghe-1")
    assert str(g.value(doc, KG.sourceFile)) == "pages/qinghe-1.txt"
    # every entity the article mentions, and the event it reports
    assert U("org/青禾区总工会") in set(g.objects(a1, S.mentions))
    assert U("event/职工技能大赛") in set(g.objects(a2, S.mentions))


def test_photo_caption_creator_and_article(built):
    g = built[3]
    ph = U("photo/qinghe-1/1")
    assert (ph, rdflib.RDF.type, S.Photograph) in g
    assert str(g.value(ph, S.caption)) == "获奖职工合影"
    assert g.value(ph, S.creator) == U("person/孙明")
    assert g.value(ph, S.isPartOf) == U("article/qinghe-1/2")


def test_entity_types_names_and_facts(built):
    g = built[3]
    union = U("org/青禾区总工会")
    types = set(g.objects(union, rdflib.RDF.type))
    assert {S.Organization, S.WorkersUnion, ORG.Organization} <= types
    assert set(map(str, g.objects(union, S.alternateName))) == {"区总工会"}
    city = U("place/河阳市")
    assert {S.Place, S.AdministrativeArea} <= set(g.objects(city, rdflib.RDF.type))
    assert S.AdministrativeArea not in set(g.objects(U("place/河阳市体育馆"), rdflib.RDF.type))
    chen = U("person/陈国栋")
    assert (chen, ORG.headOf, union) in g
    assert (chen, S.memberOf, union) in g
    assert str(g.value(chen, S.jobTitle)) == "主席"
    assert str(g.value(chen, S.award)) == "五一劳动奖章"
    assert (union, S.parentOrganization, U("org/河阳市总工会")) in g
    assert (union, S.location, U("place/青禾区")) in g
    assert (U("place/青禾区"), S.containedInPlace, city) in g
    # a fact about an entity link never produced, and an unknown predicate, are dropped
    assert not list(g.subjects(S.memberOf, None)) or set(g.subjects(S.memberOf, None)) == {chen}
    assert built[2]["dropped_facts"] == 2


def test_event_date_roles_count_and_reports(built):
    g = built[3]
    ev = U("event/职工技能大赛")
    assert (ev, rdflib.RDF.type, S.Event) in g
    date = g.value(ev, S.startDate)
    assert date == rdflib.Literal("--11-03", datatype=XSD.gMonthDay)
    assert g.value(ev, S.organizer) == U("org/青禾区总工会")
    assert g.value(ev, S.location) == U("place/河阳市体育馆")
    assert set(g.objects(ev, S.attendee)) == {U("person/陈国栋")}
    assert g.value(ev, KG.attendeeCount).toPython() == 120
    assert set(g.objects(ev, S.subjectOf)) == {U("article/qinghe-1/1"), U("article/qinghe-1/2")}


def test_mentions_index_the_original_text(built):
    graph, _out, _counts, g, results = built
    original = results[0].page.doc.text
    phrases = list(g.subjects(rdflib.RDF.type, NIF.Phrase))
    assert len(phrases) == len(results[0].extraction.mentions)
    shifted = 0
    for m in phrases:
        b, e = g.value(m, NIF.beginIndex).toPython(), g.value(m, NIF.endIndex).toPython()
        assert original[b:e] == str(g.value(m, NIF.anchorOf))
        assert g.value(m, NIF.referenceContext) == U("doc/qinghe-1")
        assert str(g.value(U("doc/qinghe-1"), NIF.isString)) == original
        page_text = results[0].page.text
        shifted += page_text[b:e] != original[b:e]
    assert shifted > 0  # the page drops a line break, so original offsets really differ
    date = [m for m in phrases if str(g.value(m, KG.mentionType)) == "Date"]
    assert len(date) == 1 and g.value(date[0], S.about) is None
    anaphor = [m for m in phrases if str(g.value(m, NIF.anchorOf)) == "区总工会"]
    assert g.value(anaphor[0], S.about) == U("org/青禾区总工会")


def test_named_graphs_hold_what_each_article_states(built):
    graph = built[0]
    corpus_graph = BASE + "graph/corpus"
    a1g, a2g = BASE + "graph/article/qinghe-1/1", BASE + "graph/article/qinghe-1/2"
    assert set(graph.graphs) == {corpus_graph, a1g, a2g}
    chen, union = f"<{BASE}person/陈国栋>", f"<{BASE}org/青禾区总工会>"
    member = f"{chen} <{rdf.SCHEMA}memberOf> {union}"
    head = f"{chen} <{rdf.ORG}headOf> {union}"
    assert member in graph.graphs[a1g] and member in graph.graphs[a2g]  # stated by both
    assert head in graph.graphs[a1g] and head not in graph.graphs[a2g]
    assert f'{union} <{rdf.SCHEMA}name> "青禾区总工会"' in graph.graphs[corpus_graph]
    # gazetteer containment (no source article) is a cross-article fact
    assert any("containedInPlace" in t and "青禾区>" in t.split()[0] for t in graph.graphs[corpus_graph])
    # an event two articles report is cross-article; each article graph says it reports it
    assert any(t.startswith(f"<{BASE}event/") and " a " not in t for t in graph.graphs[corpus_graph])
    assert any(f"<{rdf.SCHEMA}subjectOf> <{BASE}article/qinghe-1/1>" in t for t in graph.graphs[a1g])


def test_all_formats_hold_the_same_quads(built):
    graph, out, counts, g, _ = built
    assert counts["triples"] == len(g) == len(graph)
    assert counts["quads"] == graph.quad_count() > counts["triples"]
    want = {str(q) for q in ox.parse((out / "graph.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)}
    trig = {str(q) for q in ox.parse((out / "graph.trig").read_bytes(), format=ox.RdfFormat.TRIG)}
    assert trig == want and len(want) == counts["quads"]
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["schema"] == rdf.SCHEMA
    ds = rdflib.Dataset()
    ds.parse(out / "graph.jsonld", format="json-ld")
    assert len(list(ds.quads((None, None, None, None)))) == counts["quads"]
    assert len(rdf.as_rdflib(graph)) == counts["triples"]  # default graph = union
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    for prefix in ("schema", "org", "prov", "nif", "xsd", "kg"):
        assert f"@prefix {prefix}: " in ttl
    assert "owl:" not in ttl  # ontology triples are not part of the data


def test_files_are_readable_and_no_temp_files_remain(built):
    out = built[1]
    names = sorted(p.name for p in out.iterdir())
    assert names == ["graph.jsonld", "graph.nq", "graph.trig", "graph.ttl"]
    assert all(os.stat(out / n).st_mode & 0o044 == 0o044 for n in names)


def test_output_is_deterministic_whatever_the_input_order(tmp_path):
    results, linked, options = corpus()
    a, b = tmp_path / "a", tmp_path / "b"
    rdf.write_graphs(rdf.to_dataset(results, linked, options), a)
    shuffled = dataclasses.replace(
        linked,
        entities=tuple(reversed(linked.entities)),
        facts=tuple(reversed(linked.facts)),
        mention_entity=dict(reversed(list(linked.mention_entity.items()))),
    )
    rdf.write_graphs(rdf.to_dataset(results, shuffled, options), b)
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_hostile_text_cannot_break_out_of_literals_or_iris(tmp_path):
    results, linked, options = corpus()
    r = results[0]
    evil = 'x" . <http://evil.example/s> <http://evil.example/p> "y\\\n\r\t\x01}]'
    art = dataclasses.replace(
        r.segmented.articles[0], headline=dataclasses.replace(r.segmented.articles[0].headline, text=evil)
    )
    seg = dataclasses.replace(r.segmented, articles=(art, *r.segmented.articles[1:]))
    ent = dataclasses.replace(
        linked.entities[1], key='person/王> <http://evil.example/x> "', name='王<script>"> .'
    )
    linked2 = dataclasses.replace(linked, entities=(linked.entities[0], ent, *linked.entities[2:]))
    graph = rdf.to_dataset([dataclasses.replace(r, segmented=seg)], linked2, options)
    rdf.write_graphs(graph, tmp_path)
    g = rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")
    assert str(g.value(U("article/qinghe-1/1"), S.headline)) == evil
    assert not any(
        isinstance(t, rdflib.URIRef) and t.startswith("http://evil") for triple in g for t in triple
    )
    assert '王<script>"> .' in {str(o) for o in g.objects(None, S.name)}
    ds = rdflib.Dataset()
    ds.parse(tmp_path / "graph.jsonld", format="json-ld")
    assert evil in {str(o) for _s, _p, o, _g in ds.quads((None, S.headline, None, None))}
    want = {str(q) for q in ox.parse((tmp_path / "graph.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)}
    for name, fmt in (("graph.trig", ox.RdfFormat.TRIG), ("graph.jsonld", ox.RdfFormat.JSON_LD)):
        assert {str(q) for q in ox.parse((tmp_path / name).read_bytes(), format=fmt)} == want, name


def test_unlinked_byline_person_still_gets_a_typed_node():
    results, linked, options = corpus()
    bare = dataclasses.replace(linked, entities=(), mention_entity={}, facts=(), events=())
    graph = rdf.to_dataset(results, bare, options)
    g = rdf.as_rdflib(graph)
    author = g.value(U("article/qinghe-1/1"), S.author)
    assert (author, rdflib.RDF.type, S.Person) in g and str(g.value(author, S.name)) == "王晓峰"
    assert graph.stats["unlinked_credits"] == 4


def test_a_base_that_is_not_an_iri_is_refused():
    results, linked, _ = corpus()
    with pytest.raises(InputError, match="--base"):
        rdf.to_dataset(results, linked, Options(base="not an iri/"))


def test_custom_base_mints_every_node_under_it():
    results, linked, options = corpus()
    graph = rdf.to_dataset(results, linked, Options(base="http://archive.example.net/kg/"))
    subjects = {t.split(" ", 1)[0] for t in graph.triples()}
    assert all(s.startswith("<http://archive.example.net/kg/") for s in subjects)


def _scorer():
    if not SCORER.is_file():
        pytest.skip("the reference scorer (../shared/tools) is not beside this checkout")
    spec = importlib.util.spec_from_file_location("score_graph", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_reference_scorer_reads_our_nodes_through_contract_terms(built):
    """The scorer classifies nodes and reads names only through schema.org/ORG terms."""
    scorer = _scorer()
    out = built[1]
    for name in ("graph.ttl", "graph.trig"):
        g = scorer.load(str(out / name))
        assert scorer.kinds_of(g, U("org/青禾区总工会")) == {"Organization"}
        assert scorer.kinds_of(g, U("place/河阳市")) == {"Place"}
        assert scorer.kinds_of(g, U("person/陈国栋")) == {"Person"}
        assert scorer.kinds_of(g, U("event/职工技能大赛")) == {"Event"}
        assert scorer.kinds_of(g, U("article/qinghe-1/1")) == {"Article"}
        assert scorer.kinds_of(g, U("photo/qinghe-1/1")) == {"Photo"}
        assert scorer.names(g, U("org/青禾区总工会")) == {"青禾区总工会", "区总工会"}


def test_serialize_speaks_rdflib_formats(built):
    graph = built[0]
    assert graph.serialize(format="nquads") == graph.nquads()
    assert graph.serialize(format="turtle").startswith("@prefix kg: ")
    with pytest.raises(ValueError):
        graph.serialize(format="rdf/xml-ish")


def test_the_streaming_writer_holds_what_the_in_memory_graph_holds(built, tmp_path):
    """kg build writes one document at a time: same quads, same union, same counts, same mentions."""
    graph, out, counts, _g, results = built
    _results, linked, options = corpus()
    from kg import write

    report: dict = {}
    articles = {(a.doc_id, a.index) for r in results for a in r.segmented.articles}
    by_id = sorted(results, key=lambda r: r.page.doc.id)
    write.write_streaming(tmp_path, by_id, linked, articles, options, report)
    assert report["graph"] == counts
    for name, fmt in (
        ("graph.nq", ox.RdfFormat.N_QUADS),
        ("graph.trig", ox.RdfFormat.TRIG),
        ("graph.jsonld", ox.RdfFormat.JSON_LD),
        ("graph.ttl", ox.RdfFormat.TURTLE),
    ):
        want = {str(q) for q in ox.parse((out / name).read_bytes(), format=fmt)}
        got = {str(q) for q in ox.parse((tmp_path / name).read_bytes(), format=fmt)}
        assert got == want, name
    # each graph name opens one TriG block; the files are complete and no temporary file is left
    trig = (tmp_path / "graph.trig").read_text(encoding="utf-8")
    assert trig.count(f"<{graph.corpus_graph}> {{") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "entities.csv",
        "graph.jsonld",
        "graph.nq",
        "graph.trig",
        "graph.ttl",
        "mentions.jsonl",
    ]
    assert report["mention_rows"] == sum(len(r.extraction.mentions) for r in results)
