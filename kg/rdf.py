"""Model -> RDF: the contract's terms (CONTRACT.md section 3), one named graph per article.

Why statements are built as N-Triples strings rather than rdflib terms: rdflib builds and serialises
about 30k triples/s, far below what large archives need. Strings are cheap to build, trivially
deduplicated in a set and sorted into a deterministic order; pyoxigraph (Rust) turns them into
Turtle, TriG and N-Quads at several hundred thousand triples a second. ``as_rdflib`` gives API users
the usual ``rdflib.Dataset`` when they want one.

Graph layout: every article has a named graph holding what that article states (its metadata, photos,
mentions, the relations it states, the events only it reports); one corpus graph holds cross-article
facts (entity types, names and aliases, gazetteer containment, documents, events reported by several
articles). ``graph.ttl`` is the union.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import json
import os
import pickle
import re
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import iri, parallel
from kg.errors import InputError, OutputError
from kg.mentionstore import MentionIndex
from kg.model import Article, Credit, DocResult, Entity, Linked, LinkedEvent, LinkedFact, Options, Page

SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
#: the project's own ontology (ontology/kg.ttl); fixed, whatever ``--base`` the data uses
KG = "https://kg.example.org/ontology#"

PREFIXES: dict[str, str] = {
    "kg": KG,
    "nif": NIF,
    "org": ORG,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "xsd": XSD,
}

#: organisation kind (kg.model.ORG_KINDS) -> schema.org subtype
ORG_SUBTYPE = {
    "union": "WorkersUnion",
    "company": "Corporation",
    "government": "GovernmentOrganization",
    "hospital": "Hospital",
    "bank": "BankOrCreditUnion",
    "school": "EducationalOrganization",
}
#: place kinds that are administrative divisions (gazetteer levels)
ADMIN_LEVELS = frozenset(
    {
        "country",
        "province",
        "prefecture",
        "city",
        "county",
        "district",
        "township",
        "town",
        "village",
        "admin",
    }
)
#: relation predicate (kg.model.Relation) -> (property IRI, object is a literal)
FACT_PREDICATES = {
    "jobTitle": (SCHEMA + "jobTitle", True),
    "award": (SCHEMA + "award", True),
    "memberOf": (SCHEMA + "memberOf", False),
    "worksFor": (SCHEMA + "worksFor", False),
    "headOf": (ORG + "headOf", False),
    "parentOrganization": (SCHEMA + "parentOrganization", False),
    "location": (SCHEMA + "location", False),
    "containedInPlace": (SCHEMA + "containedInPlace", False),
}
CREDIT_PROPERTY = {"author": "author", "contributor": "contributor", "photographer": "contributor"}

A = f"<{RDF}type>"

#: entries a memo of IRIs or terms holds before it starts again (what repeats is met again soon;
#: one entry per document, article and name would grow with the corpus)
MEMO_LIMIT = 20_000
_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_OK = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")


#: keys ``iri.mint`` leaves as they are: ASCII letters, digits, ``-_~``, CJK ideographs, ``/`` (no dot,
#: so no all-dot segment); the common case, checked in C instead of character by character in Python
_PLAIN_KEY = re.compile(r"[A-Za-z0-9\-_~/\u4e00-\u9fff]*")


def mint(base: str, key: str) -> str:
    """``iri.mint(base, key)``, with a fast path for keys it would not change."""
    if _PLAIN_KEY.fullmatch(key):
        return base + key
    return iri.mint(base, key)


class _Memo(dict):
    """A dict that fills itself with ``fn(key)``, for the terms of a fixed vocabulary (predicates,
    classes): the same few dozen are in every statement, each built once. Unbounded: never give it
    data (a function, not a lambda: contexts holding memos are pickled for workers)."""

    def __init__(self, fn: Callable[[str], str]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> str:
        out = self[key] = self.fn(key)
        return out


def _iri_term(iri_: str) -> str:
    return f"<{iri_}>"


def _schema_term(name: str) -> str:
    return f"<{SCHEMA}{name}>"


#: ``_u(IRI)``: a vocabulary term (never a data IRI: the memo is unbounded); ``_s(name)``: schema.org's
_u = _Memo(_iri_term).__getitem__
_s = _Memo(_schema_term).__getitem__


def lit(text: str) -> str:
    """An N-Triples string literal (plain xsd:string: queries compare names without language tags).

    ``translate`` would look every character of a Chinese text up in its table one at a time; a scan
    in C for each of the four characters, and a replace for each one present, cost far less."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")  # first: the escapes below add backslashes
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return '"' + text + '"'


def typed(value: str | int, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


@dataclass
class KGraph:
    """The built graph: N-Triples statements per named graph.

    ``graphs`` maps a graph IRI to its set of statements (``<s> <p> <o>`` without the final dot).
    Use ``nquads()``/``triples()`` for sorted, deterministic text, ``as_rdflib`` for an rdflib
    Dataset, ``to_store`` for a pyoxigraph Store.
    """

    base: str
    graphs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    corpus_graph: str = ""
    stats: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    _sorted: dict = field(default_factory=dict, repr=False)

    def add(self, graph: str, s: str, p: str, o: str) -> None:
        self.graphs[graph].add(f"{s} {p} {o}")
        if self._sorted:
            self._sorted.clear()

    def adder(self, graph: str) -> Callable[[tuple[str, str, str]], None]:
        """``add`` to ``graph`` taking an ``(s, p, o)`` tuple (see ``_Statements.adder``)."""
        return lambda t: self.add(graph, *t)

    def sorted_graphs(self) -> list[tuple[str, list[str]]]:
        """(graph IRI, its statements), both sorted; computed once until the graph changes."""
        if "graphs" not in self._sorted:
            self._sorted["graphs"] = [(g, sorted(self.graphs[g])) for g in sorted(self.graphs)]
        return self._sorted["graphs"]

    def triples(self) -> list[str]:
        """Distinct statements of the union graph, sorted."""
        if "triples" not in self._sorted:
            out: set[str] = set()
            for stmts in self.graphs.values():
                out |= stmts
            self._sorted["triples"] = sorted(out)
        return self._sorted["triples"]

    def quad_lines(self) -> list[str]:
        """N-Quads lines, sorted by graph then statement (so TriG groups each graph once)."""
        lines = []
        for g, stmts in self.sorted_graphs():
            gs = f" <{g}> .\n"
            lines.extend([t + gs for t in stmts])
        return lines

    def nquads(self) -> str:
        return "".join(self.quad_lines())

    def ntriples(self) -> str:
        return "".join(t + " .\n" for t in self.triples())

    def __len__(self) -> int:
        return len(self.triples())

    def serialize(self, format: str = "turtle") -> str:
        """Text in ``format`` (nquads, nt, turtle, trig, json-ld), as ``rdflib.Dataset.serialize``
        returns it, so code written against rdflib keeps working."""
        if format in ("nquads", "nq"):
            return self.nquads()
        if format in ("nt", "ntriples"):
            return self.ntriples()
        if format in ("turtle", "ttl"):
            return serialize_turtle(self).decode("utf-8")
        if format == "trig":
            return serialize_trig(self).decode("utf-8")
        if format in ("json-ld", "jsonld"):
            return serialize_jsonld(self).decode("utf-8")
        raise ValueError(f"unknown RDF format {format!r}")

    def quad_count(self) -> int:
        return sum(len(s) for s in self.graphs.values())


def as_rdflib(graph: KGraph):
    """The graph as an ``rdflib.Dataset`` (named graphs kept; the default graph is their union)."""
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    ds.parse(data=graph.nquads(), format="nquads")
    return ds


def to_store(graph: KGraph) -> ox.Store:
    """The graph in an in-memory pyoxigraph Store (query with ``use_default_graph_as_union=True``)."""
    store = ox.Store()
    store.bulk_load(graph.nquads().encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


# ---------------------------------------------------------------------------------------------------
# building


class _MentionKeys:
    """``get`` of mention -> entity key in link's table, then in ``extra`` (what the table lacks).

    What ``collections.ChainMap(table, extra).get`` answers, with one search of the table where
    ChainMap makes two or three (``in``, then the item), a bisection each in link's compact index."""

    __slots__ = ("table", "extra")

    def __init__(self, table: Mapping[tuple, str], extra: dict[tuple, str]) -> None:
        self.table, self.extra = table, extra

    def get(self, key: tuple) -> str | None:
        value = self.table.get(key)
        return value if value is not None else self.extra.get(key)


class _Builder:
    """Mints IRIs and adds statements for one build; holds the lookups the sections share."""

    def __init__(
        self,
        results: Sequence[DocResult],
        linked: Linked,
        options: Options,
        articles: set[tuple[str, int]] | None = None,
    ) -> None:
        base = options.base
        if not _IRI_OK.match(base):
            raise InputError(f"--base {base!r}: not an absolute IRI")
        self.base = base
        self._minted: dict[str, str] = {}
        self._nodes: dict[str, str] = {}
        self._article_nodes: dict[tuple[str, int], str] = {}
        self._graphs: dict[tuple[str, int], str] = {}
        self.g = KGraph(base=base, corpus_graph=self.mint("graph/corpus"))
        self.linked = linked
        self.entities: dict[str, Entity] = {e.key: e for e in linked.entities}
        self.event_keys = {ev.key for ev in linked.events}
        if articles is None:
            articles = {(a.doc_id, a.index) for r in results for a in r.segmented.articles}
        self.articles: set[tuple[str, int]] = articles

    @functools.cached_property
    def mention_key(self) -> _MentionKeys:
        """Mention -> entity key: link's table first, then the mentions each entity carries (only
        those the table lacks are copied: the table has one entry per mention of the corpus).

        Built on first use: documents need it, the cross-article sections do not, so a build with
        ``--jobs N`` builds it in the workers that render documents, not before they start. Link's own
        table (a ``MentionIndex``) lacks none of them: ``Linker`` enters every mention it gives an
        entity or event, so nothing is looked up (a lookup per mention of the corpus, in every worker).
        """
        linked = self.linked
        table = linked.mention_entity
        extra: dict[tuple, str] = {}
        if isinstance(table, MentionIndex):
            return _MentionKeys(table, extra)
        for e in linked.entities:
            for m in e.mentions:
                k = (m.doc_id, m.start, m.end, m.type)
                if k not in table:
                    extra[k] = e.key
        for ev in linked.events:
            for m in ev.mentions:
                k = (m.doc_id, m.start, m.end, m.type)
                if k not in table:
                    extra[k] = ev.key
        return _MentionKeys(table, extra)

    @functools.cached_property
    def person_by_name(self) -> dict[str, str]:
        """A person's names and aliases -> its key (the first key in key order); built on first use."""
        out: dict[str, str] = {}
        for e in sorted(self.linked.entities, key=lambda e: e.key):
            if e.type == "Person":
                for n in (e.name, *e.aliases):
                    out.setdefault(n, e.key)
        return out

    def mint(self, key: str) -> str:
        """``iri.mint`` once per key: article and document IRIs are minted for every statement."""
        out = self._minted.get(key)
        if out is None:
            if len(self._minted) >= MEMO_LIMIT:  # every document mints its own keys: bounded
                self._minted.clear()
            out = self._minted[key] = mint(self.base, key)
        return out

    def node(self, key: str) -> str:
        """The N-Triples term of ``key``'s IRI, once per key (entities recur in every statement)."""
        out = self._nodes.get(key)
        if out is None:
            if len(self._nodes) >= MEMO_LIMIT:
                self._nodes.clear()
            out = self._nodes[key] = f"<{self.mint(key)}>"
        return out

    def article_node(self, doc_id: str, index: int) -> str:
        """An article's term, memoised by (document, index): each mention in it states it twice."""
        out = self._article_nodes.get((doc_id, index))
        if out is None:
            if len(self._article_nodes) >= MEMO_LIMIT:
                self._article_nodes.clear()
            out = self._article_nodes[doc_id, index] = self.node(iri.article_key(doc_id, index))
        return out

    def graph_of(self, doc_id: str, article: int | None) -> str:
        """The named graph for what one article states; the corpus graph outside any article."""
        if article is None or (doc_id, article) not in self.articles:
            return self.g.corpus_graph
        out = self._graphs.get((doc_id, article))
        if out is None:
            if len(self._graphs) >= MEMO_LIMIT:
                self._graphs.clear()
            out = self._graphs[doc_id, article] = self.mint("graph/" + iri.article_key(doc_id, article))
        return out

    def known(self, key: str | None) -> bool:
        return key is not None and (key in self.entities or key in self.event_keys)


def to_dataset(results: Sequence[DocResult], linked: Linked, options: Options) -> KGraph:
    """Build the whole graph in memory (see the module docstring for the layout)."""
    b = _Builder(results, linked, options)
    for r in sorted(results, key=lambda r: r.page.doc.id):
        _document(b, r)
    _entities(b)
    _facts(b)
    _events(b)
    return b.g


def _document(b: _Builder, r: DocResult) -> None:
    page = r.page
    doc = page.doc
    g = b.g
    cg = g.corpus_graph
    d = b.node(iri.document_key(doc.id))
    add = g.adder(cg)
    for t in (KG + "Document", NIF + "Context", PROV + "Entity"):
        add((d, A, _u(t)))
    add((d, _s("identifier"), lit(doc.id)))
    add((d, _u(KG + "sourceFile"), lit(doc.source)))
    if doc.line is not None:
        add((d, _u(KG + "sourceLine"), typed(doc.line, "integer")))
    if doc.date:
        add((d, _s("datePublished"), _date(doc.date)))
    if doc.newspaper:
        add((d, _u(KG + "newspaper"), lit(doc.newspaper)))
    if doc.page:
        add((d, _s("pagination"), lit(doc.page)))
    if doc.title:
        add((d, _s("name"), lit(doc.title)))
    # the original text, which NIF offsets index, and the normalised text the spans index
    add((d, _u(NIF + "isString"), lit(doc.text)))
    add((d, _s("text"), lit(page.text)))

    for art in r.segmented.articles:
        _article(b, page, art, d)
    for cap in r.segmented.captions:
        gr = b.graph_of(doc.id, cap.article)
        ph = b.node(iri.caption_key(doc.id, cap.index))
        g.add(gr, ph, A, _s("Photograph"))
        if cap.span.text:  # a bracketed credit （A 摄） alone is a photo with a creator and no caption
            g.add(gr, ph, _s("caption"), lit(cap.span.text))
        g.add(gr, ph, _s("position"), typed(cap.index + 1, "integer"))
        g.add(gr, ph, _u(PROV + "wasDerivedFrom"), d)
        if cap.article is not None and (doc.id, cap.article) in b.articles:
            g.add(gr, ph, _s("isPartOf"), b.article_node(doc.id, cap.article))
        for c in cap.credits:
            g.add(gr, ph, _s("creator"), _credit_person(b, gr, doc.id, c))
    for m in r.extraction.mentions:
        _mention(b, page, m, d)


def _article(b: _Builder, page: Page, art: Article, d: str) -> None:
    gr = b.graph_of(art.doc_id, art.index)
    a = b.article_node(art.doc_id, art.index)
    add = b.g.adder(gr)
    add((a, A, _s("NewsArticle")))
    if art.headline is not None:
        add((a, _s("headline"), lit(art.headline.text)))
    for extra in (art.kicker, art.subtitle):
        if extra is not None:
            add((a, _s("alternativeHeadline"), lit(extra.text)))
    add((a, _s("articleBody"), lit(art.body.text)))
    add((a, _s("position"), typed(art.index + 1, "integer")))
    if page.doc.date:
        add((a, _s("datePublished"), _date(page.doc.date)))
    if art.dateline:
        add((a, _u(KG + "dateline"), lit(art.dateline)))
    add((a, _u(PROV + "wasDerivedFrom"), d))
    add((a, _s("isPartOf"), d))
    s, e = page.to_original(art.span.start, art.span.end)
    add((a, _u(NIF + "beginIndex"), typed(s, "nonNegativeInteger")))
    add((a, _u(NIF + "endIndex"), typed(e, "nonNegativeInteger")))
    for c in art.credits:
        add((a, _s(CREDIT_PROPERTY[c.role]), _credit_person(b, gr, art.doc_id, c)))


def _credit_person(b: _Builder, gr: str, doc_id: str, c: Credit) -> str:
    """The person a byline or photo credit names: linked entity, else a Person node of its own."""
    key = b.mention_key.get((doc_id, c.start, c.end, "Person")) or b.person_by_name.get(c.name)
    if key is None or key not in b.entities:
        key = iri.entity_key("Person", c.name)
        node = b.node(key)
        b.g.add(gr, node, A, _s("Person"))
        b.g.add(gr, node, _s("name"), lit(c.name))
        b.g.stats["unlinked_credits"] += 1
        return node
    return b.node(key)


#: the terms of a mention's statements (a page has hundreds of mentions, nine statements each)
_PHRASE, _BEGIN, _END, _ANCHOR, _CONTEXT = (
    f"<{NIF}{name}>" for name in ("Phrase", "beginIndex", "endIndex", "anchorOf", "referenceContext")
)
_MENTION_TYPE, _IS_PART_OF, _ABOUT, _MENTIONS = (
    f"<{KG}mentionType>",
    f"<{SCHEMA}isPartOf>",
    f"<{SCHEMA}about>",
    f"<{SCHEMA}mentions>",
)


def _mention(b: _Builder, page: Page, m, d: str) -> None:
    g = b.g
    doc_id, article = m.doc_id, m.article
    add = g.adder(b.graph_of(doc_id, article))
    s, e = page.to_original(m.start, m.end)
    node = f"{d[:-1]}#char={s},{e}>"
    add((node, A, _PHRASE))
    add((node, _BEGIN, typed(s, "nonNegativeInteger")))
    add((node, _END, typed(e, "nonNegativeInteger")))
    add((node, _ANCHOR, lit(page.doc.text[s:e])))
    add((node, _CONTEXT, d))
    add((node, _MENTION_TYPE, lit(m.type)))
    in_article = article is not None and (doc_id, article) in b.articles
    if in_article:
        add((node, _IS_PART_OF, b.article_node(doc_id, article)))
    key = b.mention_key.get((doc_id, m.start, m.end, m.type))
    if b.known(key):
        n = b.node(key)  # type: ignore[arg-type]
        add((node, _ABOUT, n))
        if in_article:
            add((b.article_node(doc_id, article), _MENTIONS, n))
    g.stats["mentions"] += 1


#: what ``_entity``, ``_fact`` and ``_event`` add: the corpus graph's statements, the article
#: graphs' (of every document, or of one: ``doc``), or both (``to_dataset``)
_CORPUS, _ARTICLES = 1, 2
_BOTH = _CORPUS | _ARTICLES
_NODE_TYPES = frozenset(("Person", "Organization", "Place"))


def _entities(b: _Builder) -> None:
    for e in sorted(b.linked.entities, key=lambda e: e.key):
        _entity(b, e)


def _entity(b: _Builder, e: Entity, what: int = _BOTH, doc: str | None = None) -> None:
    if e.type not in _NODE_TYPES:
        return
    g = b.g
    n = b.node(e.key)
    if what & _CORPUS:
        cg = g.corpus_graph
        if e.type == "Person":
            g.add(cg, n, A, _s("Person"))
        elif e.type == "Organization":
            g.add(cg, n, A, _s("Organization"))
            g.add(cg, n, A, _u(ORG + "Organization"))
            if e.kind in ORG_SUBTYPE:
                g.add(cg, n, A, _s(ORG_SUBTYPE[e.kind]))
        else:
            g.add(cg, n, A, _s("Place"))
            if e.kind in ADMIN_LEVELS or any(m.source == "gazetteer" for m in e.mentions):
                g.add(cg, n, A, _s("AdministrativeArea"))
        g.add(cg, n, _s("name"), lit(e.name))
        for alias in sorted(set(e.aliases) - {e.name}):
            g.add(cg, n, _s("alternateName"), lit(alias))
        if e.kind:
            g.add(cg, n, _u(KG + "kind"), lit(e.kind))
        g.stats[e.type] += 1
    if what & _ARTICLES:
        for doc_id, art in e.articles:
            if art is not None and (doc is None or doc_id == doc) and (doc_id, art) in b.articles:
                g.add(b.graph_of(doc_id, art), b.article_node(doc_id, art), _s("mentions"), n)


def _facts(b: _Builder) -> None:
    for f in b.linked.facts:
        _fact(b, f)


def _fact(b: _Builder, f: LinkedFact, what: int = _BOTH, doc: str | None = None) -> None:
    g = b.g
    pred = FACT_PREDICATES.get(f.predicate)
    if pred is None or f.subject not in b.entities:
        if what & _CORPUS:
            g.stats["dropped_facts"] += 1
        return
    prop, literal = pred
    if literal:
        if not f.value:
            if what & _CORPUS:
                g.stats["dropped_facts"] += 1
            return
        obj = lit(f.value)
    else:
        if f.object not in b.entities:
            if what & _CORPUS:
                g.stats["dropped_facts"] += 1
            return
        obj = b.node(f.object)
    cg = g.corpus_graph
    graphs = {b.graph_of(doc_id, art) for doc_id, art in f.sources if doc is None or doc_id == doc}
    if not f.sources:
        graphs.add(cg)
    for gr in graphs:
        if what & (_CORPUS if gr == cg else _ARTICLES):
            g.add(gr, b.node(f.subject), _u(prop), obj)
    if what & _CORPUS:
        g.stats["facts"] += 1


def _events(b: _Builder) -> None:
    for ev in sorted(b.linked.events, key=lambda ev: ev.key):
        _event(b, ev)


def _event_reports(b: _Builder, ev: LinkedEvent) -> list[tuple[str, int]]:
    return sorted({(d, a) for d, a in ev.reports if a is not None and (d, a) in b.articles})


def _event(b: _Builder, ev: LinkedEvent, what: int = _BOTH, doc: str | None = None) -> None:
    g = b.g
    n = b.node(ev.key)
    reports = _event_reports(b, ev)
    # an event only one article reports is that article's statement; merged ones are cross-article
    single = len(reports) == 1
    gr = b.graph_of(*reports[0]) if single else g.corpus_graph
    if (what & _CORPUS and not single) or (what & _ARTICLES and single and doc in (None, reports[0][0])):
        g.add(gr, n, A, _s("Event"))
        g.add(gr, n, _s("name"), lit(ev.name))
        for alias in sorted(set(ev.aliases) - {ev.name}):
            g.add(gr, n, _s("alternateName"), lit(alias))
        iso = ev.date.iso() if ev.date is not None else None
        if iso:
            g.add(gr, n, _s("startDate"), typed(iso, "gMonthDay" if iso.startswith("--") else "date"))
        for prop, keys in (
            ("organizer", [ev.organizer]),
            ("location", [ev.location]),
            ("performer", ev.performers),
            ("attendee", ev.attendees),
        ):
            for key in keys:
                if key is not None and key in b.entities:
                    g.add(gr, n, _s(prop), b.node(key))
        for key in ev.co_organizers:
            if key in b.entities:
                g.add(gr, n, _u(KG + "coOrganizer"), b.node(key))
        if ev.attendee_count is not None:
            g.add(gr, n, _u(KG + "attendeeCount"), typed(ev.attendee_count, "integer"))
    if what & _ARTICLES:
        for doc_id, art in reports:
            if doc is not None and doc_id != doc:
                continue
            ag = b.graph_of(doc_id, art)
            a = b.article_node(doc_id, art)
            g.add(ag, n, _s("subjectOf"), a)
            g.add(ag, a, _s("mentions"), n)
    if what & _CORPUS:
        g.stats["events"] += 1


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: str) -> str:
    return typed(value, "date" if _ISO_DATE.fullmatch(value) else "string")


# ---------------------------------------------------------------------------------------------------
# writing


def _prefix_header() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))


_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_DATATYPE = re.compile(r"\^\^<http://www\.w3\.org/2001/XMLSchema#([A-Za-z]+)>$")
_NS_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


#: the longest of our namespaces ``u`` starts with, in one match (alternatives tried longest first);
#: the IRIs of documents, articles and entities, unique terms by the thousand, fail it at once
_NAMESPACE = re.compile("|".join(re.escape(ns) for _p, ns in _NS_BY_LENGTH))
_PREFIX_OF = {ns: p for p, ns in PREFIXES.items()}


def _compact(u: str) -> str | None:
    """``prefix:local`` for an IRI in one of our namespaces with a plain local name, else None."""
    m = _NAMESPACE.match(u)
    if m is None:
        return None
    ns = m.group()
    local = u[len(ns) :]
    return f"{_PREFIX_OF[ns]}:{local}" if _LOCAL.fullmatch(local) else None


class _Terms(dict):
    """Memo of N-Triples term -> Turtle term (predicates, classes and datatypes repeat endlessly).

    Long literals (article bodies, page texts) are converted but not kept: they would fill the memo,
    while IRIs and short literals repeat."""

    def __init__(self) -> None:
        super().__init__()
        self.predicates = _Memo(_turtle_predicate)

    def __missing__(self, token: str) -> str:
        if len(token) >= 200:  # kept as it is but for the datatype (an IRI that long is data)
            return token if token[-1] == '"' or token[0] == "<" else _DATATYPE.sub(r"^^xsd:\1", token)
        out = _turtle_term(token)
        if len(self) >= MEMO_LIMIT:  # documents, articles and names each add terms: bounded
            self.clear()
        self[token] = out
        return out


def _turtle_term(token: str) -> str:
    """The Turtle form of an N-Triples term: ``a``, ``prefix:local``, ``"v"^^xsd:type``, or itself."""
    if token[0] == "<":
        return "a" if token == A else (_compact(token[1:-1]) or token)
    if token[-1] == '"':
        return token
    return _DATATYPE.sub(r"^^xsd:\1", token)


def _turtle_predicate(token: str) -> str:
    """A predicate's Turtle term and the space after it (one piece per statement the less)."""
    return _turtle_term(token) + " "


#: sorted statements grouped by subject, then by predicate: ``[(s, [(p, [o, ...]), ...]), ...]``;
#: each serialisation walks this once instead of comparing every statement's terms again
Subjects = list[tuple[str, list[tuple[str, list[str]]]]]


def _group(stmts: Iterable[Sequence[str]]) -> Subjects:
    """Group sorted ``(s, p, o)`` statements (sorting keeps each subject's and predicate's together)."""
    out: Subjects = []
    prev_s = prev_p = None
    objs: list[str] = []
    preds: list[tuple[str, list[str]]] = []
    for s, p, o in stmts:
        if s != prev_s:
            objs = [o]
            preds = [(p, objs)]
            out.append((s, preds))
            prev_s, prev_p = s, p
        elif p != prev_p:
            objs = [o]
            preds.append((p, objs))
            prev_p = p
        else:
            objs.append(o)
    return out


def _turtle_subjects(subjects: Subjects, terms: _Terms) -> list[str]:
    """One Turtle block per subject, unindented: ``;`` between predicates, ``,`` between objects."""
    term = terms.__getitem__  # ``dict.__getitem__``: a call in C, which still asks ``__missing__``
    pred = terms.predicates.__getitem__
    return [
        s
        + "\n\t"
        + " ;\n\t".join(
            [
                pred(p) + (term(objs[0]) if len(objs) == 1 else " ,\n\t\t".join(map(term, objs)))
                for p, objs in preds
            ]
        )
        + " .\n"
        for s, preds in subjects
    ]


def _indent(block: str, lines: int) -> str:
    """A Turtle block of ``lines`` lines with a tab before each (TriG's graph blocks): one replace
    in C rather than a second rendering. A raw line break inside a term (a malformed literal a
    caller passed through) would be indented too, so such a block is re-rendered instead (None)."""
    if block.count("\n") != lines:
        return None  # type: ignore[return-value]
    return "\t" + block.replace("\n", "\n\t")[:-1] if block else block


def _turtle_block(stmts: list[str], terms: _Terms, indent: str = "") -> str:
    """Turtle for sorted N-Triples statements: one block per subject, ``;`` between predicates, ``,``
    between objects. One pass over the strings: for long runs of statements (the cross-article
    slices, a graph in memory) twice as fast as grouping them first (``_group``), which pays on a
    document's few statements, rendered three times over."""
    out: list[str] = []
    prev_s = prev_p = None
    for st in stmts:
        s, p, o = st.split(" ", 2)
        ot = terms[o]  # long literals are converted, not kept (see ``_Terms``)
        if s == prev_s:
            if p == prev_p:
                out.append(f" ,\n{indent}\t\t{ot}")
            else:
                out.append(f" ;\n{indent}\t{terms[p]} {ot}")
        else:
            if prev_s is not None:
                out.append(" .\n")
            out.append(f"{indent}{s}\n{indent}\t{terms[p]} {ot}")
        prev_s, prev_p = s, p
    if prev_s is not None:
        out.append(" .\n")
    return "".join(out)


def _turtle_text(subjects: Subjects, terms: _Terms, n: int, indent: str = "") -> str:
    """``_turtle_block`` of statements already grouped (``n`` of them), the blocks joined."""
    text = "".join(_turtle_subjects(subjects, terms))
    if not indent:
        return text
    out = _indent(text, n + len(subjects))
    return out if out is not None else _turtle_slow(subjects, terms, indent)


def _turtle_slow(subjects: Subjects, terms: _Terms, indent: str) -> str:
    """Turtle blocks with ``indent`` before each line, rendered term by term (see ``_indent``)."""
    out: list[str] = []
    for s, preds in subjects:
        pieces = [terms[p] + " " + f" ,\n{indent}\t\t".join([terms[o] for o in objs]) for p, objs in preds]
        out.append(f"{indent}{s}\n{indent}\t" + f" ;\n{indent}\t".join(pieces) + " .\n")
    return "".join(out)


def serialize_turtle(graph: KGraph) -> bytes:
    """The union graph as Turtle. Written directly from the sorted statements (N-Triples terms are
    valid Turtle): three to four times faster than a parse-and-serialise round trip."""
    return (_prefix_header() + "\n" + _turtle_block(graph.triples(), _Terms())).encode("utf-8")


def serialize_trig(graph: KGraph) -> bytes:
    """Every named graph as a TriG block, graphs and statements sorted."""
    terms = _Terms()
    parts = [_prefix_header()]
    for g, stmts in graph.sorted_graphs():
        parts.append(f"\n<{g}> {{\n" + _turtle_block(stmts, terms, indent="\t") + "}\n")
    return "".join(parts).encode("utf-8")


_JSON_CTRL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f]")


def _json_string(nt_content: str) -> str:
    """A JSON string from N-Triples literal content: its escapes (backslash-quote, backslash-backslash,
    backslash-n, backslash-r) are JSON escapes too; only other control characters need escaping."""
    if _JSON_CTRL.search(nt_content):
        nt_content = _JSON_CTRL.sub(lambda m: f"\\u{ord(m.group()):04x}", nt_content)
    return f'"{nt_content}"'


def _json_name(iri_token: str) -> str:
    """A predicate or class IRI term as a quoted compact name (a JSON-LD key or type)."""
    u = iri_token[1:-1]
    return f'"{_compact(u) or u}"'


def _json_key(iri_token: str) -> str:
    """A predicate's JSON-LD key and the array its values open (``rdf:type``: ``@type``)."""
    return ('"@type"' if iri_token == A else _json_name(iri_token)) + ":["


class _JsonTerms(dict):
    """Memo of N-Triples term -> JSON-LD value text (compacted IRIs for keys, types, datatypes);
    long literals are converted but not kept (see ``_Terms``)."""

    def __init__(self) -> None:
        super().__init__()
        self.names = _Memo(_json_name)
        self.openers = _Memo(_json_key)

    def key(self, iri_token: str) -> str:
        return self.names[iri_token]

    def __missing__(self, token: str) -> str:
        out = _json_value(token)
        if len(token) < 200:
            if len(self) >= MEMO_LIMIT:
                self.clear()
            self[token] = out
        return out


def _json_value(token: str) -> str:
    if token[0] == "<":
        return '{"@id":"' + token[1:-1] + '"}'
    if token[-1] == '"':
        return _json_string(token[1:-1])
    content, dt = token[1:].rsplit('"^^<', 1)
    dt = dt[:-1]
    return '{"@value":' + _json_string(content) + ',"@type":"' + (_compact(dt) or dt) + '"}'


def _json_subjects(subjects: Subjects, terms: _JsonTerms) -> list[str]:
    """One JSON-LD node object per subject (``rdf:type`` as ``@type``, every value in an array)."""
    name, value = terms.names.__getitem__, terms.__getitem__  # calls in C (see ``_turtle_subjects``)
    key = terms.openers.__getitem__
    return [
        '{"@id":"'
        + s[1:-1]
        + '",'
        + ",".join(
            [
                key(p)
                + (
                    ",".join(map(name, objs))
                    if p == A
                    else value(objs[0])
                    if len(objs) == 1
                    else ",".join(map(value, objs))
                )
                + "]"
                for p, objs in preds
            ]
        )
        + "}"
        for s, preds in subjects
    ]


def _jsonld_nodes(stmts: list[str], terms: _JsonTerms) -> list[str]:
    """One JSON object per subject of sorted N-Triples statements, in one pass over the strings (see
    ``_turtle_block``)."""
    nodes: list[str] = []
    cur_s = cur_p = None
    props: list[str] = []
    vals: list[str] = []

    def close_prop() -> None:
        if cur_p is not None:
            key = '"@type"' if cur_p == A else terms.key(cur_p)
            props.append(key + ":[" + ",".join(vals) + "]")

    for st in stmts:
        s, p, o = st.split(" ", 2)
        if s != cur_s:
            close_prop()
            if cur_s is not None:
                nodes.append('{"@id":"' + cur_s[1:-1] + '",' + ",".join(props) + "}")
            cur_s, cur_p, props, vals = s, None, [], []
        if p != cur_p:
            close_prop()
            cur_p, vals = p, []
        vals.append(terms.key(o) if p == A else terms[o])
    close_prop()
    if cur_s is not None:
        nodes.append('{"@id":"' + cur_s[1:-1] + '",' + ",".join(props) + "}")
    return nodes


def serialize_jsonld(graph: KGraph) -> bytes:
    """JSON-LD with a ``@context`` (the prefixes): one entry per named graph, one node per line.

    Written directly from the sorted statements rather than through dicts and ``json``: N-Triples
    terms map one-to-one onto JSON-LD values, and this is five times faster.
    """
    terms = _JsonTerms()
    context = json.dumps(dict(sorted(PREFIXES.items())), separators=(",", ":"))
    parts = ['{"@context":', context, ',\n"@graph":[']
    for i, (g, stmts) in enumerate(graph.sorted_graphs()):
        parts.append(("," if i else "") + '\n{"@id":"' + g + '","@graph":[\n')
        parts.append(",\n".join(_jsonld_nodes(stmts, terms)))
        parts.append("\n]}")
    parts.append("\n]}\n")
    return "".join(parts).encode("utf-8")


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and ``os.replace``: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide the graph from other users of the archive
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_graphs(graph: KGraph, outdir: Path) -> dict:
    """Write graph.ttl, graph.trig, graph.nq and graph.jsonld into ``outdir``; return the counts."""
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        nq = graph.nquads().encode("utf-8")
        _atomic_write(outdir / "graph.nq", nq)
        _atomic_write(outdir / "graph.ttl", serialize_turtle(graph))
        _atomic_write(outdir / "graph.trig", serialize_trig(graph))
        _atomic_write(outdir / "graph.jsonld", serialize_jsonld(graph))
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write the graph ({exc.strerror or exc})") from exc
    return {
        "triples": len(graph),
        "quads": graph.quad_count(),
        "graphs": len(graph.graphs),
        **{k: v for k, v in sorted(graph.stats.items())},
    }


def iter_quads(graph: KGraph) -> Iterable[ox.Quad]:
    """pyoxigraph Quads, in the deterministic order of ``nquads``."""
    return ox.parse(graph.nquads().encode("utf-8"), format=ox.RdfFormat.N_QUADS)


# ---------------------------------------------------------------------------------------------------
# streaming: one document at a time


@dataclass(frozen=True)
class Spilled:
    """Bytes a render worker wrote to its spill file (``SpillFile``) instead of sending them back
    through a pipe: the writer copies them into place in the kernel (``Spills.copy``). A pipe of
    64 kB made each worker wait for this process, busy with other work, to read a part's megabytes."""

    path: str
    offset: int
    size: int

    def __len__(self) -> int:
        return self.size


class SpillFile:
    """A render worker's file of the bytes of the parts it renders, appended part after part (made
    on first use in ``folder``; named as the writer's temporaries, so a killed build's is removed).
    Past ``limit`` bytes parts carry their bytes again (the disk holds the spill beside the files)."""

    def __init__(self, folder: str | Path, limit: int) -> None:
        self.folder, self.limit = folder, limit
        self.path: str | None = None
        self.fd = -1
        self.size = 0

    def put(self, data: bytes) -> bytes | Spilled:
        if not data or self.size + len(data) > self.limit:
            return data
        if self.path is None:
            self.fd, self.path = tempfile.mkstemp(prefix=".graph.part.", suffix=".tmp", dir=self.folder)
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        out = Spilled(self.path, self.size, len(data))
        self.size += len(data)
        return out

    def discard(self) -> None:
        """Close and remove the file (what it held is not used)."""
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class Spills:
    """The writer's side of the workers' spill files: each opened once (and its name removed then:
    the disk space goes with the descriptor, at ``close``)."""

    def __init__(self) -> None:
        self.fds: dict[str, int] = {}
        self.closed = False

    def _fd(self, path: str) -> int:
        fd = self.fds.get(path)
        if fd is None:
            if self.closed:
                raise OSError(f"{path}: spill file closed")
            fd = self.fds[path] = os.open(path, os.O_RDONLY)
            os.unlink(path)
        return fd

    def read(self, spilled: Spilled) -> bytes:
        fd, out, offset, left = self._fd(spilled.path), [], spilled.offset, spilled.size
        while left > 0:
            chunk = os.pread(fd, left, offset)
            if not chunk:
                raise OSError(f"{spilled.path}: spill file too short")
            out.append(chunk)
            offset += len(chunk)
            left -= len(chunk)
        return b"".join(out)

    def copy(self, spilled: Spilled, fh) -> None:
        """Append the spilled bytes to the open file ``fh`` (a buffered binary file: flushed first,
        its position at the end after), in the kernel where it can (``os.copy_file_range``)."""
        src, offset, left = self._fd(spilled.path), spilled.offset, spilled.size
        fh.flush()
        with contextlib.suppress(OSError, AttributeError):  # no copy_file_range here: read and write
            while left > 0:
                n = os.copy_file_range(src, fh.fileno(), left, offset)
                if n <= 0:
                    break
                offset += n
                left -= n
        fh.seek(0, os.SEEK_END)
        if left > 0:
            fh.write(self.read(Spilled(spilled.path, offset, left)))

    def view(self, spilled: Spilled) -> SpilledView:
        return SpilledView(self, spilled)

    def close(self) -> None:
        self.closed = True
        for fd in self.fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds.clear()


@dataclass(frozen=True)
class SpilledView:
    """Spilled bytes as the view's feed takes them: their length, read only if it needs them."""

    spills: Spills
    spilled: Spilled

    def __len__(self) -> int:
        return self.spilled.size

    def read(self) -> bytes:
        return self.spills.read(self.spilled)


@dataclass
class GraphPart:
    """The graph files' text for a run of consecutive documents (in the writer's order).

    Rendered by ``render_documents`` (in a worker process or here), written by ``GraphWriter.add_part``:
    the writer only concatenates parts, so the files do not depend on where or how parts were made.
    Text fields are lists of strings while rendering and UTF-8 bytes once ``finish``ed (or
    ``Spilled`` by the worker that rendered them).
    """

    doc_ids: list[str] = field(default_factory=list)
    nq: list = field(default_factory=list)
    trig: list = field(default_factory=list)
    jsonld: list = field(default_factory=list)  # one piece per named graph, joined with ","
    corpus_nq: list = field(default_factory=list)
    corpus_trig: list = field(default_factory=list)
    corpus_jsonld: list = field(default_factory=list)  # one piece per document, joined with ",\n"
    ttl: list = field(default_factory=list)
    quads: int = 0
    graphs: int = 0
    corpus_quads: int = 0
    triples: int = 0
    others: list[str] = field(default_factory=list)  # cross-article statements met (Turtle's tail)
    others_corpus: list[str] = field(default_factory=list)  # those of them in the corpus graph
    corpus_part: int | None = None  # a chunk of the sections' corpus graph (``GraphContext.corpus_part``)
    stats: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    nq_scan: object = None  # the view's scan of ``nq``, made where it was rendered (``viz.scan_part``)

    def finish(self) -> GraphPart:
        """Join each text field into UTF-8 bytes (once, where the part was rendered)."""
        self.nq = "".join(self.nq).encode("utf-8")
        self.trig = "".join(self.trig).encode("utf-8")
        self.jsonld = ",".join(self.jsonld).encode("utf-8")
        self.corpus_nq = "".join(self.corpus_nq).encode("utf-8")
        self.corpus_trig = "".join(self.corpus_trig).encode("utf-8")
        self.corpus_jsonld = ",\n".join(self.corpus_jsonld).encode("utf-8")
        self.ttl = "".join(self.ttl).encode("utf-8")
        self.stats = dict(self.stats)
        return self


class GraphContext:
    """What every document's statements depend on besides the document itself, built once from link.

    The cross-article sections (entities, facts, events) are not rendered here: each document's
    share of them (the statements in its article graphs) is rendered with the document
    (``add_cross_article``, from an index of what each document reports), and the corpus graph's
    share in chunks (``corpus_part``), which ``--jobs`` workers render among the documents and a
    ``GraphWriter`` renders itself at ``close`` when nobody gave it them. So building a context
    costs little before the workers fork. A context is read-only to ``render_documents`` apart from
    its memos, so worker processes forked after it is built share it as it is.
    """

    #: entities, facts or events per chunk of the corpus graph's share
    CHUNK = 4000

    def __init__(
        self,
        linked: Linked,
        articles: set[tuple[str, int]],
        options: Options,
        folder: Path | str | None = None,
    ) -> None:
        self.options = options
        self.b = b = _Builder((), linked, options, articles=articles)
        self.cg = b.g.corpus_graph
        folder = Path(folder) if folder is not None else Path(tempfile.gettempdir())
        # the corpus graph's statements go to one writer's sorted spill (they grow with the corpus)
        self.global_corpus: _SortedSpill | None = _SortedSpill(folder)
        self.stats: dict[str, int] = {}  # the corpus parts carry the sections' figures
        self.t_terms, self.j_terms = _Terms(), _JsonTerms()
        # what each document reports (its article graphs' share of the sections), by document id
        by_doc: dict[str, list] = defaultdict(list)
        for e in linked.entities:
            if e.type in _NODE_TYPES:
                for d in {d for d, a in e.articles if a is not None and (d, a) in articles}:
                    by_doc[d].append(e)
        for f in linked.facts:
            for d in {d for d, a in f.sources if a is not None and (d, a) in articles}:
                by_doc[d].append(f)
        for ev in linked.events:
            for d in {d for d, a in ev.reports if a is not None and (d, a) in articles}:
                by_doc[d].append(ev)
        self.by_doc = dict(by_doc)
        self.sections = (
            sorted(linked.entities, key=lambda e: e.key),
            list(linked.facts),
            sorted(linked.events, key=lambda ev: ev.key),
        )

    def __getstate__(self) -> dict:
        """For workers that do not fork: the corpus graph's statements stay with the writer."""
        state = self.__dict__.copy()
        state["global_corpus"] = None
        return state

    def add_cross_article(self, g: KGraph, doc_id: str) -> None:
        """Add to ``g`` the statements of the sections in the article graphs of document ``doc_id``."""
        b = self.b
        saved, b.g = b.g, g
        try:
            for item in self.by_doc.get(doc_id, ()):
                if isinstance(item, Entity):
                    _entity(b, item, _ARTICLES, doc_id)
                elif isinstance(item, LinkedFact):
                    _fact(b, item, _ARTICLES, doc_id)
                else:
                    _event(b, item, _ARTICLES, doc_id)
        finally:
            b.g = saved

    def doc_ids(self) -> list[str]:
        """The documents with statements of the sections in their article graphs."""
        return sorted(self.by_doc)

    def corpus_parts(self) -> int:
        return max(1, sum(-(-len(items) // self.CHUNK) for items in self.sections))

    def corpus_part(self, k: int) -> GraphPart:
        """Chunk ``k`` (of ``corpus_parts``) of the sections' statements in the corpus graph, with
        their figures; the parts add up to the whole, in any order."""
        b = self.b
        part = GraphPart(corpus_part=k)
        g = KGraph(base=b.base, corpus_graph=self.cg, stats=part.stats)
        saved, b.g = b.g, g
        try:
            for items, fn in zip(self.sections, (_entity, _fact, _event), strict=True):
                n = -(-len(items) // self.CHUNK)
                if k < n:
                    for item in items[k * self.CHUNK : (k + 1) * self.CHUNK]:
                        fn(b, item, _CORPUS)
                    break
                k -= n
        finally:
            b.g = saved
        part.others_corpus = list(g.graphs.get(self.cg, ()))
        return part.finish()


class _Statements:
    """One document's statements as ``(s, p, o)`` term tuples per named graph: what ``KGraph`` holds
    as ``"s p o"`` strings, made for rendering, where every serialisation needs the terms apart
    (no string is built to be split again). Sorted, the tuples come in the strings' order: no term
    is a prefix of another in the same position (IRIs end with ``>``)."""

    __slots__ = ("graphs", "corpus_graph", "stats")

    def __init__(self, corpus_graph: str, stats: dict[str, int]) -> None:
        self.graphs: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        self.corpus_graph = corpus_graph
        self.stats = stats

    def add(self, graph: str, s: str, p: str, o: str) -> None:
        self.graphs[graph].add((s, p, o))

    def adder(self, graph: str) -> Callable[[tuple[str, str, str]], None]:
        """A function adding an ``(s, p, o)`` tuple to ``graph``: here the set's own ``add``, a call in
        C, for the builders of what every document has (its node, articles, mentions)."""
        return self.graphs[graph].add


def render_documents(
    ctx: GraphContext, results: Iterable[DocResult], part: GraphPart | None = None
) -> GraphPart:
    """Build one document's statements after another and render them for every graph file.

    Pure but for the context's memos.
    """
    part = part if part is not None else GraphPart()
    b = ctx.b
    for r in results:
        doc_id = r.page.doc.id
        part.doc_ids.append(doc_id)
        b.g = g = _Statements(ctx.cg, part.stats)
        _document(b, r)
        ctx.add_cross_article(g, doc_id)
        _render_document(ctx, r, g, part)
    b.g = KGraph(base=b.base, corpus_graph=ctx.cg)
    return part


def _render_document(ctx: GraphContext, r: DocResult, g: _Statements, part: GraphPart) -> None:
    """One document's statements into ``part``: its article graphs whole, its own nodes' share of the
    corpus graph, the Turtle of its own nodes; the rest (entities', events') to ``others``.

    Each graph's statements are grouped by subject once, and each subject rendered once as Turtle
    (TriG indents it, the union Turtle reuses it) and once as JSON-LD."""
    b, cg, t_terms, j_terms = ctx.b, ctx.cg, ctx.t_terms, ctx.j_terms
    doc_id = r.page.doc.id
    d = b.node(iri.document_key(doc_id))
    own = {d, *(b.article_node(doc_id, a.index) for a in r.segmented.articles)}
    own.update(b.node(iri.caption_key(doc_id, c.index)) for c in r.segmented.captions)
    mention_prefix = d[:-1] + "#"
    union: list[tuple[str, str]] = []  # (subject, its Turtle block) of the document's own nodes
    union_size = 0  # their statements
    for gr in sorted(g.graphs):
        stmts: list[tuple[str, str, str]] | None = sorted(g.graphs[gr])
        subjects = _group(stmts)  # type: ignore[arg-type]
        mine = [s in own or s.startswith(mention_prefix) for s, _preds in subjects]
        n = len(stmts)  # type: ignore[arg-type]
        if not all(mine):
            others = [
                f"{s} {p} {o}"
                for (s, preds), m in zip(subjects, mine, strict=True)
                if not m
                for p, objs in preds
                for o in objs
            ]
            part.others.extend(others)
            union_size -= len(others)
            if gr == cg:  # the corpus graph's statements about others are written once it is whole
                part.others_corpus.extend(others)
                subjects = [sp for sp, m in zip(subjects, mine, strict=True) if m]
                mine = [True] * len(subjects)
                stmts, n = None, n - len(others)
        union_size += len(g.graphs[gr])
        if not subjects:
            continue
        blocks = _turtle_subjects(subjects, t_terms)
        trig = _indent("".join(blocks), n + len(subjects)) or _turtle_slow(subjects, t_terms, "\t")
        gs = f" <{gr}> .\n"
        if stmts is not None:
            nq = "".join([f"{s} {p} {o}{gs}" for s, p, o in stmts])
        else:
            nq = "".join([f"{s} {p} {o}{gs}" for s, preds in subjects for p, objs in preds for o in objs])
        nodes = ",\n".join(_json_subjects(subjects, j_terms))
        if gr == cg:  # the document's part of the corpus graph, written once the graph is whole
            part.corpus_nq.append(nq)
            part.corpus_trig.append(trig)
            part.corpus_jsonld.append(nodes)
            part.corpus_quads += n
        else:
            part.nq.append(nq)
            part.trig.append(f"\n<{gr}> {{\n" + trig + "}\n")
            part.jsonld.append('\n{"@id":"' + gr + '","@graph":[\n' + nodes + "\n]}")
            part.quads += n
            part.graphs += 1
        union.extend([(sp[0], blk) for sp, blk, m in zip(subjects, blocks, mine, strict=True) if m])
    ttl, triples = _union_turtle(union, union_size, g, own, mention_prefix, t_terms)
    part.ttl.append(ttl)
    part.triples += triples


def _union_turtle(
    union: list[tuple[str, str]],
    size: int,
    g: _Statements,
    own: set[str],
    mention_prefix: str,
    terms: _Terms,
) -> tuple[str, int]:
    """The union graph's Turtle of a document's own nodes (``size`` statements in all graphs), and its
    statement count: their blocks in subject order when each subject is in one graph only (a node's
    statements go to its article's graph); else the statements merged (distinct) and rendered again."""
    if len({s for s, _blk in union}) == len(union):
        union.sort()
        return "".join([blk for _s, blk in union]), size
    stmts = sorted(
        {t for ts in g.graphs.values() for t in ts if t[0] in own or t[0].startswith(mention_prefix)}
    )
    return _turtle_text(_group(stmts), terms, len(stmts)), len(stmts)


#: cross-article statements rendered at a time (a slice), and of the corpus graph by each worker of
#: a ``mapper``
SLICE = 20_000
SLICE_POOLED = 4_000
#: with workers, the Turtle's statements are sorted in a thread from this corpus slice on: every
#: worker has one in hand by then, and this process then waits for the first of them to come back
TURTLE_AHEAD = 3


class GraphWriter:
    """Write graph.nq, graph.ttl, graph.trig and graph.jsonld one document (or part) at a time.

    Only the cross-article part (entities, events, facts: what link made, proportional to entities,
    not to text) is held in memory; each document's statements are built, written and dropped. Give
    the documents in a deterministic order (the pipeline uses document id order); the files hold the
    same quads as ``write_graphs(to_dataset(...))`` but are grouped per document:

    - N-Quads, TriG, JSON-LD: each document's article graphs (sorted), then the corpus graph once
      (the documents' own statements in document order, then the cross-article ones, sorted);
    - Turtle (the union graph): per document the statements about its own nodes (document, articles,
      photos, mentions), sorted; then every statement about entities and events, sorted and distinct.

    Documents come either as results (``add``, rendered here) or already rendered (``add_part``, from
    ``render_documents`` anywhere: a worker process renders, this writer only concatenates).
    ``close`` moves the files into place (each atomically) and returns the counts ``write_graphs``
    returns; ``abort`` drops them.
    """

    NAMES = ("nq", "ttl", "trig", "jsonld")

    def __init__(
        self,
        outdir: Path,
        linked: Linked | None = None,
        articles: set[tuple[str, int]] | None = None,
        options: Options | None = None,
        context: GraphContext | None = None,
        nq_sink: Callable[..., object] | None = None,
        nq_done: Callable[[str], object] | None = None,
    ) -> None:
        self.outdir = Path(outdir)
        # given every byte of graph.nq in file order, as it is written (and a part's ``nq_scan``, if any)
        self.nq_sink = nq_sink
        # called with the path of graph.nq's temporary file once it is whole (written and flushed),
        # while the Turtle's tail is still to come (with a ``mapper``, workers render it meanwhile)
        self.nq_done = nq_done
        if context is None:
            assert linked is not None and articles is not None and options is not None
            context = GraphContext(linked, articles, options, folder=outdir)
        self.ctx = context
        self.cg = context.cg
        self.stats: dict[str, int] = defaultdict(int, context.stats)
        self.corpus_given: set[int] = set()  # the context's corpus parts given (rendered elsewhere)
        # the cross-article statements: the corpus graph's, and the rest of those Turtle ends with
        if context.global_corpus is None:
            raise ValueError("a GraphContext's cross-article statements go to one writer only")
        self.global_corpus = context.global_corpus  # held by the writer now (possibly on disk)
        context.global_corpus = None
        self.global_triples = _SortedSpill(self.outdir)
        self.given: set[str] = set()  # documents whose article graphs were written
        self.triples = self.quads = self.graphs = self.corpus_quads = 0
        self.files: dict[str, tuple[str, object]] = {}
        self.spool: dict[str, object] = {}
        self.first_graph = True
        self.syncer = Syncer()
        self.spills = Spills()  # the workers' spill files (parts given as ``Spilled``)
        # the corpus graph's slices handed out ahead (``corpus_slices_ahead``): the version of the
        # statements they were cut from and how many, and their renderings as they come back
        self.ahead: tuple[int, int] | None = None
        self.streaming: bool | None = None  # writing them as they come (None: none came yet)
        self.tail: _TurtleTail | None = None  # the Turtle's tail, worked out by a forked process
        # the corpus graph as it is written (``_corpus_head``, ``_corpus_slice``, ``_end_corpus``)
        self.corpus = self.corpus_ended = False
        self.corpus_sep = ""
        self.corpus_n = self.corpus_written = 0
        self.corpus_slices: int | None = None  # known once the first slice is asked for, if counted
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
            for name in self.NAMES:
                fd, tmp = tempfile.mkstemp(prefix=f".graph.{name}.", suffix=".tmp", dir=self.outdir)
                os.fchmod(fd, 0o644)
                self.files[name] = (tmp, os.fdopen(fd, "wb"))
            for name in ("nq", "trig", "jsonld"):  # the corpus graph's per-document part, written last
                self.spool[name] = tempfile.TemporaryFile("w+b", dir=self.outdir)  # noqa: SIM115
        except OSError as exc:
            self.abort()
            raise OutputError(f"{self.outdir}: cannot write the graph ({exc.strerror or exc})") from exc
        header = _prefix_header()
        self._write("ttl", header + "\n")
        self._write("trig", header)
        context_json = json.dumps(dict(sorted(PREFIXES.items())), separators=(",", ":"))
        self._write("jsonld", '{"@context":' + context_json + ',\n"@graph":[')

    def _write(
        self, name: str, data: str | bytes | Spilled, spool: bool = False, scanned: object = None
    ) -> None:
        if not data:
            return
        try:
            fh = self.spool[name] if spool else self.files[name][1]
            if isinstance(data, Spilled):
                self.spills.copy(data, fh)
            else:
                data = data.encode("utf-8") if isinstance(data, str) else data
                fh.write(data)
            if name == "nq" and not spool and self.nq_sink is not None:
                if scanned is not None:  # the bytes are read only if the feed needs them
                    self.nq_sink(self.spills.view(data) if isinstance(data, Spilled) else data, scanned)
                else:
                    self.nq_sink(self.spills.read(data) if isinstance(data, Spilled) else data)
        except OSError as exc:
            self.abort()
            raise OutputError(f"{self.outdir}: cannot write the graph ({exc.strerror or exc})") from exc

    def add(self, r: DocResult) -> None:
        """Build, write and drop one document's statements."""
        self.add_part(render_documents(self.ctx, [r]).finish())

    def add_part(self, part: GraphPart) -> None:
        """Append rendered documents (the next ones in the writer's order) to the files, or one of
        the context's corpus parts (in any place: their statements are sorted at ``close``)."""
        if part.corpus_part is not None:
            self.corpus_given.add(part.corpus_part)
        self.given.update(part.doc_ids)
        self._write("nq", part.nq, scanned=part.nq_scan)
        self._write("trig", part.trig)
        if part.jsonld:
            self._write("jsonld", b"" if self.first_graph else b",")
            self._write("jsonld", part.jsonld)
            self.first_graph = False
        self._write("ttl", part.ttl)
        self._write("nq", part.corpus_nq, spool=True)
        self._write("trig", part.corpus_trig, spool=True)
        if part.corpus_jsonld:
            self._write("jsonld", b",\n" if self.corpus_quads else b"", spool=True)
            self._write("jsonld", part.corpus_jsonld, spool=True)
        self.global_triples.add(part.others)
        self.global_corpus.add(part.others_corpus)
        self.quads += part.quads
        self.graphs += part.graphs
        self.corpus_quads += part.corpus_quads
        self.triples += part.triples
        for k, v in part.stats.items():
            self.stats[k] += v

    def corpus_slices_ahead(self) -> list[_Slice]:
        """The corpus graph's cross-article statements in slices, for workers to render before
        ``close`` (``add_rendered_slice``): they come from the context's corpus parts, which workers
        render first; ``close`` uses the renderings only if no statement came since (a document adds
        none but in rare cases: then ``close`` renders the slices again)."""
        if self.global_corpus.runs:  # a corpus too big to hold them: rendered at ``close``
            return []
        if len(self.corpus_given) < self.ctx.corpus_parts():  # not all in yet (a small corpus)
            return []
        slices = [_Slice(x) for x in _slices(self.global_corpus.union(), SLICE_POOLED)]
        self.ahead = (self.global_corpus.version, len(slices))
        return slices

    def add_rendered_slice(self, done: RenderedSlice) -> None:
        """The next of the slices ``corpus_slices_ahead`` handed out, rendered. Every document is in
        by the first (they come after the documents): if the corpus graph's statements are still
        those the slices were cut from, the corpus graph is written from here on, each slice as it
        comes (while the workers render the next); else the slices are stale, dropped, and ``close``
        renders the corpus graph again. The Turtle's tail is forked off with the last slice: it then
        has the core the workers leave while this process works out the view (forked with the first,
        it took CPU from the workers' last slices, and the view still ran alone)."""
        if self.streaming is None:
            self.streaming = self.ahead is not None and self._ahead_valid()
            if self.streaming:
                self._corpus_head(self.ahead[1])  # type: ignore[index]
        if self.streaming:
            if self.corpus_written + 1 == self.corpus_slices:
                self.tail = _TurtleTail.start(self.outdir, self.global_triples, self.global_corpus)
            self._corpus_slice(done.out())

    def _ahead_valid(self) -> bool:
        """Whether the slices handed out ahead still hold the corpus graph's cross-article statements
        (and every document and corpus part is in)."""
        return (
            self.ahead is not None
            and self.ahead[0] == self.global_corpus.version  # (a spill to a run changes it too)
            and not self.global_triples.runs
            and len(self.corpus_given) == self.ctx.corpus_parts()
            and all(doc_id in self.given for doc_id in self.ctx.doc_ids())
        )

    def _corpus_head(self, slices: int | None) -> None:
        """Start the corpus graph (the documents' own statements in it, spooled): ``slices`` of the
        cross-article statements follow (``_corpus_slice``), when counted."""
        self.corpus = corpus = bool(self.global_corpus or self.corpus_quads)
        if corpus:
            for name in ("nq", "trig", "jsonld"):
                self.spool[name].seek(0)
            self._copy("nq")
            self._write("trig", f"\n<{self.cg}> {{\n")
            self._copy("trig")
            sep = "" if self.first_graph else ","
            self._write("jsonld", sep + '\n{"@id":"' + self.cg + '","@graph":[\n')
            self._copy("jsonld")
        self.corpus_sep = ",\n" if self.corpus_quads else ""
        self.corpus_n = self.corpus_written = 0
        self.corpus_ended = False
        self.corpus_slices = slices
        if slices == 0:
            self._end_corpus()

    def _corpus_slice(self, out: tuple) -> None:
        """One slice of the corpus graph's cross-article statements, rendered (``render_slice``)."""
        nq, trig, jsonld, size, *scanned = out  # and the view's scan of ``nq``, if made
        self._write("nq", nq, scanned=scanned[0] if scanned else None)
        self._write("trig", trig)
        self._write("jsonld", self.corpus_sep)
        self._write("jsonld", jsonld)  # text, or bytes from a worker
        self.corpus_sep = ",\n"
        self.corpus_n += size
        self.corpus_written += 1
        if self.corpus_written == self.corpus_slices:
            self._end_corpus()

    def _end_corpus(self) -> None:
        if self.corpus_ended:
            return
        self.corpus_ended = True
        if self.corpus:
            self._write("trig", "}\n")
            self._write("jsonld", "\n]}")
            self.quads += self.corpus_quads + self.corpus_n
            self.graphs += 1
        self._write("jsonld", "\n]}\n")
        self._start_sync(("nq", "trig", "jsonld"))  # whole now: on their way to disk while Turtle ends
        if self.nq_done is not None:
            self.nq_done(self.files["nq"][0])

    def close(self, mapper: Mapper | None = None, sync: Sequence[int] = ()) -> dict:
        """Write what is left (the corpus graph, the cross-article Turtle), move the files into place.

        ``mapper(fn, slices)`` yields ``fn`` of each slice in order: the slices are rendered where it
        runs them (``--jobs`` workers: each renders with memos of its own), this writer only writes.
        ``sync``: file descriptors of the caller's finished files, flushed, to fsync while this
        writes (each file is on disk when ``close`` returns). A file is fsynced in a thread as soon
        as it is whole (the disk works while this process renders the rest); the files are renamed
        into place once all are on disk.
        """
        self.syncer.start(sync)
        try:
            return self._close(mapper)
        finally:
            self.syncer.wait(raise_errors=False)  # nothing is left fsyncing a file once we return
            if self.tail is not None:
                self.tail.cancel()
                self.tail = None
            self.spills.close()

    def _close(self, mapper: Mapper | None) -> dict:
        t_terms, j_terms = self.ctx.t_terms, self.ctx.j_terms
        if mapper is None:
            mapper = map  # type: ignore[assignment]
            fn = functools.partial(render_slice, cg=self.cg, t_terms=t_terms, j_terms=j_terms)
        else:
            fn = functools.partial(render_slice, cg=self.cg)
        for k in range(self.ctx.corpus_parts()):  # the corpus parts no worker rendered: all, serially
            if k not in self.corpus_given:
                self.add_part(self.ctx.corpus_part(k))
        for doc_id in self.ctx.doc_ids():  # article graphs of documents never given: none in a build
            if doc_id not in self.given:
                g = KGraph(base=self.ctx.b.base, corpus_graph=self.cg)
                self.ctx.add_cross_article(g, doc_id)
                self._named_graph_rest([(gr, st) for gr, stmts in g.graphs.items() for st in stmts])
        # the cross-article statements are written in slices: their text is never whole in memory.
        # One ``mapper`` call renders the corpus graph's slices, then the Turtle's: the workers
        # render the first Turtle slices while this process writes the corpus graph's last ones.
        # (With the corpus graph's slices rendered ahead, ``add_rendered_slice`` wrote them already,
        # and a process forked then works out the Turtle's tail.)
        if self.streaming:
            rendered: Iterable = [] if self.tail is not None else mapper(fn, self._slice_tasks(False))
        else:
            self._corpus_head(None)
            rendered = mapper(fn, self._slice_tasks(self.corpus, pooled=mapper is not map))
        # with workers, the corpus graph's slices are smaller: the last ones keep every worker busy,
        # and this process writes (and the view's scan reads) each one while the workers render the
        # next. The Turtle's stay large: they are all in flight while ``nq_done`` works out the view,
        # as soon as the last corpus slice is written (when they are counted)
        for turtle, out in rendered:
            if not turtle:
                self._corpus_slice(out)
                continue
            self._end_corpus()
            ttl, size = out
            self._write("ttl", ttl)
            self.triples += size
        self._end_corpus()
        if self.tail is not None:
            done = self.tail.result()
            self.tail = None
            if done is None:  # the forked process failed: the same work here (its error, if any)
                for stmts in _slices(self.global_triples.union(self.global_corpus)):
                    ttl, size = render_turtle_slice(stmts, t_terms)
                    self._write("ttl", ttl)
                    self.triples += size
            else:
                self._write("ttl", done[0])
                self.triples += done[1]
        self.global_corpus.close()
        self.global_triples.close()
        try:
            self._start_sync(("ttl",))
            self.syncer.wait()
            for name in self.NAMES:
                self.files[name][1].close()
            for name in self.NAMES:
                os.replace(self.files[name][0], self.outdir / f"graph.{name}")
        except OSError as exc:
            self.abort()
            raise OutputError(f"{self.outdir}: cannot write the graph ({exc.strerror or exc})") from exc
        finally:
            for fh in self.spool.values():
                fh.close()
        self.files.clear()
        return {
            "triples": self.triples,
            "quads": self.quads,
            "graphs": self.graphs,
            **{k: v for k, v in sorted(self.stats.items())},
        }

    def _slice_tasks(self, corpus: bool, pooled: bool = False) -> Iterator[_Slice]:
        """The corpus graph's cross-article statements in slices (``corpus``), then every cross-article
        statement in slices for the Turtle (read after the first are all handed out)."""
        turtle = _Ahead(lambda: self.global_triples.union(self.global_corpus))
        if corpus:
            whole = self.global_corpus.union()
            sliced: Iterable[list[str]] = _slices(whole, SLICE_POOLED) if pooled else _slices(whole)
            if isinstance(whole, list):  # in memory: the slices are counted (``corpus_slices``)
                sliced = list(sliced)
                self.corpus_slices = len(sliced)
            for k, stmts in enumerate(sliced):
                if pooled and k == TURTLE_AHEAD and not self.global_triples.runs:
                    turtle.start()
                yield _Slice(stmts)
        for stmts in _slices(turtle.result()):
            yield _Slice(stmts, turtle=True)

    def _start_sync(self, names: Sequence[str]) -> None:
        try:
            for name in names:
                self.files[name][1].flush()
        except OSError as exc:
            self.abort()
            raise OutputError(f"{self.outdir}: cannot write the graph ({exc.strerror or exc})") from exc
        self.syncer.start(self.files[name][1].fileno() for name in names)

    def _named_graph_rest(self, pairs: list[tuple[str, str]]) -> None:
        by_graph: dict[str, set[str]] = defaultdict(set)
        for gr, st in pairs:
            by_graph[gr].add(st)
        t_terms, j_terms = self.ctx.t_terms, self.ctx.j_terms
        for gr in sorted(by_graph):
            stmts = sorted(by_graph[gr])
            gs = f" <{gr}> .\n"
            self._write("nq", "".join([t + gs for t in stmts]))
            self._write("trig", f"\n<{gr}> {{\n" + _turtle_block(stmts, t_terms, indent="\t") + "}\n")
            sep = "" if self.first_graph else ","
            self.first_graph = False
            nodes = ",\n".join(_jsonld_nodes(stmts, j_terms))
            self._write("jsonld", sep + '\n{"@id":"' + gr + '","@graph":[\n' + nodes + "\n]}")
            self.quads += len(stmts)
            self.graphs += 1
            self.global_triples.add(by_graph[gr])

    def _copy(self, name: str) -> None:
        src = self.spool[name]
        while chunk := src.read(1 << 20):
            self._write(name, chunk)

    def abort(self) -> None:
        """Close and delete the unfinished files (the previous build's graph files stay)."""
        self.syncer.wait(raise_errors=False)  # no thread is left fsyncing a file closed here
        if self.tail is not None:
            self.tail.cancel()
            self.tail = None
        for tmp, fh in self.files.values():
            with contextlib.suppress(OSError):
                fh.close()
            Path(tmp).unlink(missing_ok=True)
        self.files.clear()
        for fh in self.spool.values():
            fh.close()
        self.spool.clear()
        self.spills.close()
        self.global_corpus.close()
        self.global_triples.close()


class Syncer:
    """fsync files in background threads: fsync waits for the disk, not for this process, which
    goes on rendering meanwhile. ``wait`` joins them and raises the first error."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.errors: list[OSError] = []

    def start(self, fds: Iterable[int]) -> None:
        fds = list(fds)
        if fds:
            thread = threading.Thread(target=self._run, args=(fds,), name="kg-fsync", daemon=True)
            thread.start()
            self.threads.append(thread)

    def _run(self, fds: list[int]) -> None:
        for fd in fds:
            try:
                os.fsync(fd)
            except OSError as exc:
                self.errors.append(exc)
                return

    def wait(self, raise_errors: bool = True) -> None:
        for thread in self.threads:
            thread.join()
        self.threads = []
        errors, self.errors = self.errors, []
        if errors and raise_errors:
            raise errors[0]


#: distinct statements a ``_SortedSpill`` holds in memory before it writes a sorted run to disk
SPILL_LIMIT = 100_000


class _SortedSpill:
    """A set of statements read back sorted; past ``SPILL_LIMIT`` sorted runs go to temporary files.

    The cross-article statements grow with a corpus's entities: a big archive's would fill memory as
    Python strings. Reading merges the runs (``heapq.merge``) and drops repeats, which gives exactly
    ``sorted(set(...))``; a corpus that never reaches the limit is sorted in memory as before.
    """

    CHUNK = 4096  # statements per pickled list in a run: what one run holds in memory when merged

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.buf: set[str] = set()
        self.runs: list = []
        self.ordered: list[str] | None = None  # ``buf`` sorted, once asked for and until it changes
        self.version = 0  # bumped whenever a statement not held yet comes (the set changed)

    def __bool__(self) -> bool:
        return bool(self.buf) or bool(self.runs)

    def add(self, stmts: Iterable[str]) -> None:
        before = len(self.buf)
        self.buf.update(stmts)
        if len(self.buf) != before:
            self.ordered = None
            self.version += 1
        if len(self.buf) >= SPILL_LIMIT:
            self._spill()

    def add_one(self, statement: str) -> None:
        before = len(self.buf)
        self.buf.add(statement)
        if len(self.buf) != before:
            self.ordered = None
            self.version += 1
        if len(self.buf) >= SPILL_LIMIT:
            self._spill()

    def _spill(self) -> None:
        stmts = sorted(self.buf)
        self.buf = set()
        self.ordered = None
        self.version += 1
        self.runs.append(_dump_run(self.folder, stmts, self.CHUNK))

    def _sorted(self) -> list[str]:
        if self.ordered is None:
            self.ordered = sorted(self.buf)
        return self.ordered

    def __iter__(self) -> Iterator[str]:
        return iter(self.union())

    def union(self, *others: _SortedSpill) -> Iterable[str]:
        """The statements of this spill and ``others``, sorted and distinct (a list when all are in
        memory, else an iterator merging the runs)."""
        spills = (self, *others)
        if not any(sp.runs for sp in spills):
            # a list: ``_slices`` cuts it without a loop over every statement. Each spill is sorted
            # once (the corpus graph's is read again for the Turtle): sorting the sorted lists one
            # after another only merges them, and the repeats, side by side then, go in one pass
            if not others:
                return list(self._sorted())
            merged = sorted(itertools.chain.from_iterable(sp._sorted() for sp in spills))
            return list(dict.fromkeys(merged))
        streams = [_read_run(f) for sp in spills for f in sp.runs]
        streams += [sp._sorted() for sp in spills]
        return _distinct(heapq.merge(*streams))

    def close(self) -> None:
        for f in self.runs:
            f.close()
        self.runs = []
        self.ordered = None
        self.buf = set()


def _dump_run(folder: Path, items: list, chunk: int):
    """A sorted run in a temporary file (deleted when closed), ``chunk`` items per pickled list."""
    f = None
    try:
        f = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by the owner)
        for i in range(0, len(items), chunk):
            pickle.dump(items[i : i + chunk], f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:
        if f is not None:
            f.close()
        raise OutputError(f"{folder}: cannot write the graph ({exc.strerror or exc})") from exc
    return f


def _read_run(f) -> Iterator:
    f.seek(0)
    while True:
        try:
            chunk = pickle.load(f)
        except EOFError:
            return
        yield from chunk


def _distinct(stmts: Iterator) -> Iterator:
    prev = None
    for st in stmts:
        if st != prev:
            yield st
            prev = st


#: ``map``, or one that runs ``fn`` elsewhere and yields its results in order (``GraphWriter.close``)
Mapper = Callable[[Callable, Iterable], Iterator]


class _Ahead:
    """``fn()`` worked out in a thread once ``start``ed (else by ``result``, here): the cross-article
    statements of the Turtle's tail sorted (``GraphWriter._slice_tasks``) while this process waits for
    the workers' first corpus slices, instead of between two slices, when the workers wait for it."""

    def __init__(self, fn: Callable[[], object]) -> None:
        self.fn = fn
        self.thread: threading.Thread | None = None
        self.out: object = None
        self.error: BaseException | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="kg-turtle-union", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.out = self.fn()
        except BaseException as e:  # raised again where the result is asked for
            self.error = e

    def result(self):
        if self.thread is None:
            return self.fn()
        self.thread.join()
        self.thread = None
        if self.error is not None:
            raise self.error
        return self.out


@dataclass
class RenderedSlice:
    """A slice of the corpus graph's cross-article statements rendered by a worker ahead of ``close``
    (``GraphWriter.corpus_slices_ahead``): its text (bytes, or ``Spilled``), its statements, and the
    view's scan of its N-Quads when made."""

    nq: bytes | Spilled
    trig: bytes | Spilled
    jsonld: bytes | Spilled
    size: int
    nq_scan: object = None

    def out(self) -> tuple:
        """As ``render_slice`` gives a corpus slice (with the scan, when made)."""
        head = (self.nq, self.trig, self.jsonld, self.size)
        return (*head, self.nq_scan) if self.nq_scan is not None else head


class _TurtleTail:
    """The Turtle's tail worked out in a process forked from the writer once every document is in: it
    sorts every cross-article statement and renders them into a spill file, which the writer copies
    into place, while the writer ends the corpus graph and the view is worked out (a thread would
    hold the interpreter lock this process needs). ``result`` is None when that process failed: the
    writer then does the same work itself, and meets the same error, if any, where it can report it."""

    def __init__(self, forked: parallel.Forked, spill: SpillFile) -> None:
        self.forked, self.spill = forked, spill

    @classmethod
    def start(cls, folder: Path, triples: _SortedSpill, corpus: _SortedSpill) -> _TurtleTail | None:
        spill = SpillFile(folder, 1 << 62)
        try:
            spill.fd, spill.path = tempfile.mkstemp(prefix=".graph.part.", suffix=".tmp", dir=folder)
        except OSError:
            return None
        forked = parallel.Forked.start(_turtle_tail, spill, triples, corpus)
        if forked is None:
            spill.discard()
            return None
        return cls(forked, spill)

    def result(self) -> tuple[Spilled, int] | None:
        """(the spilled Turtle, its statements), once the forked process is done."""
        ok, got = self.forked.result()
        if not ok or not isinstance(got, tuple):
            self.spill.discard()
            return None
        with contextlib.suppress(OSError):
            os.close(self.spill.fd)  # the writer reads the file through a descriptor of its own
        self.spill.fd = -1
        size, count = got
        return Spilled(self.spill.path, 0, size), count  # type: ignore[arg-type]

    def cancel(self) -> None:
        """Stop the forked process and remove its file (the writer gave up)."""
        self.forked.cancel()
        self.spill.discard()


def _turtle_tail(spill: SpillFile, triples: _SortedSpill, corpus: _SortedSpill) -> tuple[int, int]:
    """In the forked process: the Turtle's tail into ``spill``; its size and statements."""
    count = 0
    terms = _Terms()
    for stmts in _slices(triples.union(corpus)):
        ttl, n = render_turtle_slice(stmts, terms)
        spill.put(ttl.encode("utf-8"))
        count += n
    return spill.size, count


class _Slice(list):
    """Sorted cross-article statements to render for the corpus graph (N-Quads, TriG, JSON-LD) or,
    ``turtle``, for the Turtle's tail."""

    def __init__(self, stmts: Iterable[str], turtle: bool = False) -> None:
        super().__init__(stmts)
        self.turtle = turtle


def render_slice(
    stmts: _Slice, cg: str, t_terms: _Terms | None = None, j_terms: _JsonTerms | None = None
) -> tuple[bool, tuple]:
    """A slice rendered as ``render_turtle_slice`` or ``render_corpus_slice`` does, as it asks."""
    if stmts.turtle:
        return True, render_turtle_slice(stmts, t_terms)
    return False, render_corpus_slice(stmts, cg, t_terms, j_terms)


def render_corpus_slice(
    stmts: list[str], cg: str, t_terms: _Terms | None = None, j_terms: _JsonTerms | None = None
) -> tuple[str, str, str, int]:
    """A slice of the corpus graph's cross-article statements as N-Quads, TriG and JSON-LD text."""
    gs = f" <{cg}> .\n"
    return (
        "".join([t + gs for t in stmts]),
        _turtle_block(stmts, t_terms if t_terms is not None else _Terms(), indent="\t"),
        ",\n".join(_jsonld_nodes(stmts, j_terms if j_terms is not None else _JsonTerms())),
        len(stmts),
    )


def render_turtle_slice(stmts: list[str], t_terms: _Terms | None = None) -> tuple[str, int]:
    """A slice of the cross-article statements as Turtle (the union graph ends with them)."""
    return _turtle_block(stmts, t_terms if t_terms is not None else _Terms()), len(stmts)


def _slices(stmts: Iterable[str], size: int = SLICE) -> Iterator[list[str]]:
    """Sorted statements in slices of about ``size`` that never split one subject's statements."""
    if isinstance(stmts, list):  # a spill in memory: cut the list, no loop over every statement
        yield from _list_slices(stmts, size)
        return
    part: list[str] = []
    last = ""
    for st in stmts:
        if len(part) >= size and not st.startswith(last):
            yield part
            part = []
        if len(part) >= size - 1:
            last = _subject(st) + " "
        part.append(st)
    if part:
        yield part


def _list_slices(stmts: list[str], size: int) -> Iterator[list[str]]:
    """``_slices`` of a list: ``size`` statements, then the rest of the last one's subject."""
    i, n = 0, len(stmts)
    size = max(size, 1)
    while i < n:
        j = i + size
        if j >= n:
            yield stmts[i:]
            return
        last = _subject(stmts[j - 1]) + " "
        while j < n and stmts[j].startswith(last):
            j += 1
        yield stmts[i:j]
        i = j


def _subject(statement: str) -> str:
    return statement[: statement.index(" ")]
