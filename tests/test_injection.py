"""Text from a newspaper never becomes code: Turtle, TriG, JSON-LD, IRIs, SPARQL and HTML keep it text.

Two routes in. Through the CLI: a JSONL corpus whose ids, titles, newspaper names and texts are the
hostile strings of ``tests/hostile/strings.json``, plus ``tests/hostile/page.txt`` (a page whose
headline, byline and organisation names carry markup). Straight into ``kg.rdf``: a graph built from
``kg.model`` records whose people, organisations, places, events, headlines and credits *are* the
hostile strings, so that names are exercised whatever the extractors find.
"""

from __future__ import annotations

import json
import re
from array import array
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg import iri, rdf
from kg.cli import main
from kg.model import (
    Article,
    Caption,
    Credit,
    DateValue,
    DocResult,
    Document,
    Entity,
    Extraction,
    Linked,
    LinkedEvent,
    LinkedFact,
    Mention,
    Options,
    Page,
    Segmented,
    Span,
)

HOSTILE = Path(__file__).parent / "hostile"
STRINGS: list[str] = json.loads((HOSTILE / "strings.json").read_text(encoding="utf-8"))
PAGE = HOSTILE / "page.txt"
BASE = "https://kg.example.org/"
SCHEMA = "https://schema.org/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KG = "https://kg.example.org/ontology#"
FORMATS = {
    "graph.ttl": ("turtle", ox.RdfFormat.TURTLE),
    "graph.trig": ("trig", ox.RdfFormat.TRIG),
    "graph.jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
    "graph.nq": ("nquads", ox.RdfFormat.N_QUADS),
}
#: characters RFC 3987 never allows raw in an IRI (plus every control and space character)
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\u2028\u2029\ud800-\udfff]')
_IRI_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def doc_text(s: str) -> str:
    """A small page in my own words around one hostile string (headline, byline and body)."""
    return f"绵阳市工会举办{s}活动\n本报讯（记者杜明轩）{s}\n5月3日，绵阳市{s}协会在涪城区举办活动。\n"


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-in")
    lines = [
        json.dumps({"id": s, "title": s, "newspaper": s, "page": s, "text": doc_text(s)}, ensure_ascii=False)
        for s in STRINGS
    ]
    (folder / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "hostile.jsonl"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, corpus_file) -> Path:
    out = tmp_path_factory.mktemp("hostile-out")
    result = CliRunner().invoke(main, ["build", str(corpus_file), str(PAGE), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return out


def _identity_page(doc: Document) -> Page:
    return Page(doc=doc, text=doc.text, origin=array("q", range(len(doc.text) + 1)))


@pytest.fixture(scope="module")
def model_build(tmp_path_factory) -> Path:
    """Graph files built by ``kg.rdf`` from records whose every name is a hostile string."""
    text = "\n".join(STRINGS)
    doc = Document(id="hostile/页", text=text, source="hostile.txt", title=STRINGS[0], date="2015-05-03")
    page = _identity_page(doc)
    spans, pos = [], 0
    for s in STRINGS:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    types = ("Person", "Organization", "Place")
    mentions = tuple(
        Mention(doc.id, 0, a, b, text[a:b], types[i % 3], text[a:b], source="test")
        for i, (a, b) in enumerate(spans)
    )
    credits = tuple(Credit(text[a:b], "author", a, b) for a, b in spans[:3])
    head = Span(spans[1][0], spans[1][1], STRINGS[1])
    whole = Span(0, len(text), text)
    article = Article(
        doc.id, 0, whole, whole, headline=head, kicker=Span(*spans[2], STRINGS[2]), credits=credits
    )
    caption = Caption(0, Span(*spans[3], STRINGS[3]), (Credit(STRINGS[4], "photographer", *spans[4]),), 0)
    entities = tuple(
        Entity(
            key=iri.entity_key(m.type, m.name),
            type=m.type,
            name=m.name,
            kind="union" if m.type == "Organization" else None,
            aliases=(m.name + "\n别名",),
            mentions=(m,),
            articles=((doc.id, 0),),
        )
        for m in mentions
    )
    keys = [e.key for e in entities]
    facts = tuple(
        LinkedFact(keys[i], "memberOf", keys[i + 1], None, ((doc.id, 0),)) for i in range(0, len(keys) - 1, 3)
    ) + tuple(
        LinkedFact(k, "jobTitle", None, STRINGS[-1 - i], ((doc.id, 0),)) for i, k in enumerate(keys[:5])
    )
    events = tuple(
        LinkedEvent(
            key=iri.entity_key("Event", s),
            name=s,
            aliases=(),
            date=DateValue(5, 3, 2015),
            organizer=keys[1],
            location=keys[2],
            performers=(keys[0],),
            attendees=(),
            attendee_count=None,
            reports=((doc.id, 0),),
        )
        for s in STRINGS[:10]
    )
    linked = Linked(
        entities,
        events,
        facts,
        mention_entity={(m.doc_id, m.start, m.end, m.type): k for m, k in zip(mentions, keys, strict=True)},
    )
    result = DocResult(page, Segmented((article,), (caption,)), Extraction(mentions, (), ()))
    graph = rdf.to_dataset([result], linked, Options(base=BASE))
    out = tmp_path_factory.mktemp("hostile-model")
    rdf.write_graphs(graph, out)
    return out


def _rdflib_quads(path: Path, fmt: str) -> set[tuple[str, str, str, str]]:
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        assert not isinstance(s, rdflib.BNode) and not isinstance(o, rdflib.BNode), (s, p, o)
        gname = "" if g is None or str(g) == str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else str(g)
        obj = f"L:{o}|{o.datatype or ''}" if isinstance(o, rdflib.Literal) else f"I:{o}"
        out.add((str(s), str(p), obj, gname))
    return out


def _ox_quads(path: Path, fmt) -> set[tuple[str, str, str, str]]:
    out = set()
    for q in ox.parse(path=str(path), format=fmt):
        o = q.object
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(o, ox.BlankNode), q
        xsd_string = "http://www.w3.org/2001/XMLSchema#string"
        obj = (
            f"L:{o.value}|{'' if o.datatype.value == xsd_string else o.datatype.value}"
            if isinstance(o, ox.Literal)
            else f"I:{o.value}"
        )
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        out.add((q.subject.value, q.predicate.value, obj, g))
    return out


def _parse_both(out: Path) -> dict[str, set]:
    """Every graph file parsed by rdflib and by pyoxigraph: the same statements, term for term."""
    parsed = {}
    for name, (rl_fmt, ox_fmt) in FORMATS.items():
        ours = _ox_quads(out / name, ox_fmt)
        theirs = _rdflib_quads(out / name, rl_fmt)
        assert len(ours) == len(theirs), name
        assert ours == theirs, (name, sorted(ours ^ theirs)[:5])
        parsed[name] = ours
    # the same facts in every serialisation (Turtle is the union graph: drop graph names)
    triples = {q[:3] for q in parsed["graph.trig"]}
    assert {q[:3] for q in parsed["graph.ttl"]} == triples
    assert parsed["graph.trig"] == parsed["graph.nq"] == parsed["graph.jsonld"]
    return parsed


def _literals(quads: set, prop: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s, p, o, _g in quads:
        if p == prop and o.startswith("L:"):
            out.setdefault(s, set()).add(o[2:].rsplit("|", 1)[0])
    return out


def _assert_iris_valid(quads: set) -> int:
    n = 0
    for s, p, o, g in quads:
        for term in (s, p, g, o[2:] if o.startswith("I:") else None):
            if term:
                n += 1
                assert _IRI_SHAPE.match(term), term
                assert not _IRI_BAD.search(term), term
    return n


# ------------------------------------------------------------------------------------------ the CLI


def test_hostile_corpus_parses_identically_in_rdflib_and_pyoxigraph(hostile_build):
    parsed = _parse_both(hostile_build)
    report = json.loads((hostile_build / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["triples"] == len({q[:3] for q in parsed["graph.ttl"]})
    assert report["counts"]["documents"] == len(STRINGS) + 1


def test_every_hostile_id_title_and_text_survives_unchanged(hostile_build):
    quads = _ox_quads(hostile_build / "graph.ttl", ox.RdfFormat.TURTLE)
    ident = _literals(quads, SCHEMA + "identifier")
    by_id = {next(iter(v)): s for s, v in ident.items()}
    names = _literals(quads, SCHEMA + "name")
    papers = _literals(quads, KG + "newspaper")
    pagination = _literals(quads, SCHEMA + "pagination")
    texts = _literals(quads, NIF + "isString")
    for s in STRINGS:
        node = by_id[s]  # the id itself, not a renamed or escaped copy
        assert node == iri.mint(BASE, iri.document_key(s))
        assert names[node] == {s}
        assert papers[node] == {s}
        assert pagination[node] == {s}
        assert texts[node] == {doc_text(s)}
    page_node = by_id["page"]
    assert texts[page_node] == {PAGE.read_text(encoding="utf-8")}
    # distinct ids, distinct IRIs: percent-encoding is one-to-one
    assert len({by_id[s] for s in STRINGS}) == len(STRINGS)


def test_hostile_corpus_iris_are_valid(hostile_build):
    quads = _ox_quads(hostile_build / "graph.nq", ox.RdfFormat.N_QUADS)
    assert _assert_iris_valid(quads) > 100


def test_document_iris_have_no_dot_segments(hostile_build):
    """``../`` in an id must not become a path segment: a normalising client would read another IRI."""
    quads = _ox_quads(hostile_build / "graph.nq", ox.RdfFormat.N_QUADS)
    iris = {q[0] for q in quads}
    assert not [u for u in iris if re.search(r"/\.\.?(/|$|#)", u)]


def test_mentions_of_the_hostile_page_point_into_its_text(hostile_build):
    original = PAGE.read_text(encoding="utf-8")
    rows = [
        json.loads(x) for x in (hostile_build / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for row in rows:
        if row["doc"] == "page":
            assert original[row["start"] : row["end"]] == row["text"]


VIS = Path(__file__).resolve().parent.parent / "kg" / "resources" / "vis"


def _html_data(html_path: Path) -> tuple[str, dict]:
    """The page without the vendored vis-network code and styles (ours to check), and its data."""
    page = html_path.read_text(encoding="utf-8")
    for asset in ("vis-network.min.js", "vis-network.css"):
        code = (VIS / asset).read_text(encoding="utf-8")
        assert code in page, asset
        page = page.replace(code, "")
    m = re.search(r"var DATA = (.*?);\n", page)
    assert m, "no DATA in the page"
    return page, json.loads(m.group(1))


def _assert_no_raw_markup(page: str) -> int:
    checked = 0
    for s in STRINGS + ["<x>", "<b>", "<img src=x onerror=alert(1)>", '<script>alert("x")</script>']:
        if "<" in s and len(s) >= 3:
            checked += 1
            assert s not in page, s
    return checked


def test_hostile_corpus_html_shows_markup_as_text_only(hostile_build):
    page, data = _html_data(hostile_build / "graph.html")
    assert _assert_no_raw_markup(page) >= 5
    # the only script elements are the page's own two
    assert page.count("<script") == 2 and page.count("</script") == 2


# --------------------------------------------------------------------------------- kg.rdf directly


def test_hostile_names_parse_identically_and_round_trip(model_build):
    parsed = _parse_both(model_build)
    quads = parsed["graph.trig"]
    names = set().union(*_literals(quads, SCHEMA + "name").values())
    assert set(STRINGS) <= names
    headlines = set().union(*_literals(quads, SCHEMA + "headline").values())
    assert headlines == {STRINGS[1]}
    anchors = set().union(*_literals(quads, NIF + "anchorOf").values())
    assert anchors == set(STRINGS)
    alternates = set().union(*_literals(quads, SCHEMA + "alternateName").values())
    assert {s + "\n别名" for s in STRINGS} <= alternates
    jobs = set().union(*_literals(quads, SCHEMA + "jobTitle").values())
    assert {STRINGS[-1 - i] for i in range(5)} == jobs
    text = _literals(quads, NIF + "isString")
    assert set().union(*text.values()) == {"\n".join(STRINGS)}


def test_hostile_entity_iris_are_valid_and_distinct(model_build):
    quads = _ox_quads(model_build / "graph.nq", ox.RdfFormat.N_QUADS)
    assert _assert_iris_valid(quads) > 500
    person_iris = {q[0] for q in quads if q[2] == f"I:{SCHEMA}Person"}
    org_iris = {q[0] for q in quads if q[2] == f"I:{SCHEMA}Organization"}
    assert len(org_iris) == len(STRINGS[1::3])
    assert len(person_iris) >= len(STRINGS[0::3])


def test_sparql_over_hostile_literals_finds_them_by_value(model_build):
    """A name is found by binding it as a value (the store parameterises), never by pasting it."""
    store = ox.Store()
    store.bulk_load(path=str(model_build / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    q = "SELECT ?s ?n WHERE { GRAPH ?g { ?s <https://schema.org/name> ?n } }"
    found = 0
    for s in STRINGS:
        rows = list(store.query(q, substitutions={ox.Variable("n"): ox.Literal(s)}))
        assert rows, s
        found += 1
    assert found == len(STRINGS)


FOCUS_NAMES = [s for s in STRINGS if s.split() == [s] and "\x00" not in s]


@pytest.mark.parametrize("name", FOCUS_NAMES)
def test_viz_focus_with_hostile_name_finds_that_node(model_build, tmp_path, name):
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["viz", str(model_build), "--focus", name, "-o", str(out)])
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    page, data = _html_data(out)
    assert name in {n["name"] for n in data["nodes"]}
    assert data["title"].endswith(name)
    _assert_no_raw_markup(page)
    assert page.count("<script") == 2


@pytest.mark.parametrize(
    "focus",
    [
        '"} UNION { ?s ?p ?o } #',
        "x' || true || '",
        "<script>alert(1)</script>",
        "} ; DROP ALL ; {",
        '\\"\\u0022',
    ],
)
def test_viz_focus_that_names_nothing_is_one_clear_line(model_build, tmp_path, focus):
    result = CliRunner().invoke(
        main, ["viz", str(model_build), "--focus", focus, "-o", str(tmp_path / "v.html")]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "no node named" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "v.html").exists()


def test_hostile_graph_html_shows_names_as_data(model_build, tmp_path):
    out = tmp_path / "all.html"
    result = CliRunner().invoke(main, ["viz", str(model_build), "-o", str(out), "--min-degree", "0"])
    assert result.exit_code == 0, result.output
    page, data = _html_data(out)
    names = {n["name"] for n in data["nodes"]}
    assert set(FOCUS_NAMES) <= names
    assert _assert_no_raw_markup(page) >= 5
    assert page.count("<script") == 2 and page.count("</script") == 2
    assert "\u2028" not in page and "\u2029" not in page


@pytest.mark.parametrize(
    "name",
    STRINGS
    + [
        "替换\ufffd字符",
        "\ufff0\ufff9\ufffc",
        "\ufdd0非字符\ufffe",
        "私用\ue000区",
        "\U000e0001标签",
        "\U0001fffe",
    ],
)
def test_minted_iris_parse_in_both_libraries(name):
    """``kg.iri`` percent-encodes everything outside RFC 3987 ``iunreserved``/``ucschar``."""
    u = iri.mint(BASE, iri.entity_key("Person", name))
    assert not _IRI_BAD.search(u), u
    nt = f"<{u}> <{SCHEMA}name> {rdf.lit(name)} .\n"
    (q,) = list(ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert q.subject.value == u and q.object.value == name
    g = rdflib.Graph().parse(data=nt, format="nt")
    assert {(str(s), str(o)) for s, _p, o in g} == {(u, name)}
