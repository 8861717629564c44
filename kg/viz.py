"""Interactive network views of a built graph: RDF -> networkx projection -> offline HTML, GraphML, GEXF.

The page is a pyvis ``Network`` rendered by its own ``generate_html`` through our Jinja template
(``kg/resources/vis/page.html``, set with ``set_template_dir``) instead of pyvis's default one, because
that one escapes nothing and pulls tom-select and bootstrap from CDNs even with ``cdn_resources="in_line"``.
The vendored vis-network script and styles are inlined through the template, nodes and edges are
put into ``net.nodes``/``net.edges`` in one go (``add_node``/``add_edge`` check membership in a list,
quadratic for a whole graph), and the vis options go through ``set_options``. Newspaper text only ever
reaches the page as JSON data: the script builds tooltips and lists with ``textContent``, and the JSON is
escaped so that no ``</script>`` or ``<!--`` can close the script.
"""

from __future__ import annotations

import json
import math
import os
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, groupby
from operator import attrgetter, itemgetter, methodcaller
from pathlib import Path
from typing import TYPE_CHECKING

from kg import parallel
from kg.errors import GraphError, OutputError
from kg.store import graph_file

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KG = "https://kg.example.org/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Node kinds in legend order: (kind, Chinese label, colour, vis shape).
KINDS: tuple[tuple[str, str, str, str], ...] = (
    ("person", "人物", "#e15759", "dot"),
    ("union", "工会", "#f28e2b", "diamond"),
    ("company", "企业", "#4e79a7", "square"),
    ("government", "政府机关", "#59a14f", "triangle"),
    ("organization", "其他机构", "#76b7b2", "triangleDown"),
    ("place", "地点", "#d4a017", "star"),
    ("event", "事件", "#b07aa1", "hexagon"),
    ("article", "文章", "#8c8c8c", "box"),
)
KIND_LABEL = {k: label for k, label, _, _ in KINDS}

#: rdf:type -> kind; when a node has several types the first kind in KIND_PRIORITY wins.
CLASS_KIND = {
    SCHEMA + "WorkersUnion": "union",
    SCHEMA + "Corporation": "company",
    SCHEMA + "GovernmentOrganization": "government",
    SCHEMA + "Organization": "organization",
    SCHEMA + "Hospital": "organization",
    SCHEMA + "BankOrCreditUnion": "organization",
    SCHEMA + "EducationalOrganization": "organization",
    SCHEMA + "Person": "person",
    SCHEMA + "Place": "place",
    SCHEMA + "AdministrativeArea": "place",
    SCHEMA + "Event": "event",
    SCHEMA + "NewsArticle": "article",
}
KIND_PRIORITY = ("article", "event", "union", "company", "government", "organization", "person", "place")
ORG_KINDS = ("union", "company", "government", "organization")

#: What a ``types`` item may say -> the kinds it selects (English, lower-cased, or the Chinese label).
TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "organization": ORG_KINDS,
    "organisation": ORG_KINDS,
    "org": ORG_KINDS,
    "union": ("union",),
    "workersunion": ("union",),
    "company": ("company",),
    "corporation": ("company",),
    "government": ("government",),
    "governmentorganization": ("government",),
    "place": ("place",),
    "event": ("event",),
    "article": ("article",),
    "newsarticle": ("article",),
    **{label: (kind,) for kind, label, _, _ in KINDS},
    "机构": ORG_KINDS,
}

#: predicate -> (Chinese label, reverse?). Reversed edges read subject-verb-object in Chinese:
#: the organiser 主办 the event, a person 参加 an event, an article 报道 an event.
EDGE_RULES: dict[str, tuple[str, bool]] = {
    SCHEMA + "mentions": ("报道", False),
    SCHEMA + "subjectOf": ("报道", True),
    SCHEMA + "author": ("作者", False),
    SCHEMA + "contributor": ("通讯员", False),
    SCHEMA + "organizer": ("主办", True),
    KG + "coOrganizer": ("合办", True),  # 承办, 协办 and joint 主办 bodies
    ORG + "headOf": ("负责人", False),
    SCHEMA + "parentOrganization": ("隶属", False),
    SCHEMA + "memberOf": ("隶属", False),
    ORG + "memberOf": ("隶属", False),
    SCHEMA + "worksFor": ("任职", False),
    SCHEMA + "location": ("位于", False),
    SCHEMA + "containedInPlace": ("位于", False),
    SCHEMA + "attendee": ("参加", True),
    SCHEMA + "performer": ("参加", True),
    SCHEMA + "award": ("获奖", False),
}

#: Above this many nodes the view drops low-degree nodes unless ``min_degree`` says otherwise.
MAX_NODES = 1500
#: Above this many nodes the page drops costly drawing (smooth edges, hover) to stay responsive.
#: Physics always stops once the layout has stabilised: the view holds still and nodes can still be dragged.
BIG = 300
SENTENCE_END = "。！？!?\n"
FORMATS = ("html", "graphml", "gexf")


#: an empty collection shared by every record until its first value (a set per field would cost 200 bytes)
_NONE: tuple = ()
#: a collection stays a tuple up to this many values (small and cheap), then becomes a set
_SMALL = 8


def _grow(cur, value):
    """``cur`` with ``value`` added: a tuple while small, a set beyond (millions of mention records)."""
    if isinstance(cur, set):
        cur.add(value)
        return cur
    if value in cur:
        return cur
    return cur + (value,) if len(cur) < _SMALL else {*cur, value}


@dataclass(slots=True)
class _Subject:
    """What the projection needs to know about one RDF subject.

    The collections are tuples or sets (see ``_grow``); only the types that select a node kind and the
    links that make an edge are kept. Article bodies and document texts are not read here: the few
    that first mentions need are read in a second pass (``_texts``).
    """

    types: tuple | set = _NONE
    names: tuple | set = _NONE  # (language, text)
    aliases: tuple | set = _NONE
    headlines: tuple | set = _NONE
    job_titles: tuple | set = _NONE
    body: str | None = None
    text: str | None = None  # nif:isString of a document context
    date: str = ""
    position: int | None = None
    begin: int | None = None
    end: int | None = None
    anchor: str | None = None
    contexts: tuple | set = _NONE
    about: tuple | set = _NONE
    links: tuple | set = _NONE  # (predicate, object IRI)

    def __reduce__(self) -> tuple:
        """Pickled as its constructor's arguments: a render worker sends thousands with each part's
        scan, and the state functions of a slotted dataclass look its fields up for every record
        (a third more bytes, two thirds more time to load)."""
        return _Subject, _subject_fields(self)


#: a record's fields, in the constructor's order
_subject_fields = attrgetter(*_Subject.__slots__)


# ---------------------------------------------------------------------------------------- reading


#: predicates whose object becomes a link of its subject (edges, photo credits, parts of articles)
_LINKS = frozenset([*EDGE_RULES, SCHEMA + "creator", SCHEMA + "isPartOf"])


def _read_subjects(quads: Iterable) -> dict[str, _Subject]:
    """Fold quads (graph names ignored: TriG splits the same facts by provenance) into per-subject records.

    Streams: a quad is dropped once folded. IRIs are shared through a memo (one string per IRI, however
    often it occurs); bodies and texts are left to ``_texts``.
    """
    import pyoxigraph as ox

    subjects: dict[str, _Subject] = {}
    memo: dict[str, str] = {}
    for quad in quads:
        s = quad.subject
        if isinstance(s, ox.Triple):
            continue
        key = _key(s)
        rec = subjects.get(key)
        if rec is None:
            key = memo.setdefault(key, key)
            rec = subjects[key] = _Subject()
        _fold(rec, quad.predicate.value, quad.object, memo)
    return subjects


def _fold(rec: _Subject, p: str, o, memo: dict[str, str]) -> None:
    """Add one statement about the subject of ``rec`` (predicate ``p``, object ``o``) to ``rec``."""
    import pyoxigraph as ox

    if isinstance(o, ox.Literal):
        v = o.value
        if p == SCHEMA + "name":
            rec.names = _grow(rec.names, (o.language or "", v))
        elif p == SCHEMA + "alternateName":
            rec.aliases = _grow(rec.aliases, v)
        elif p == SCHEMA + "headline":
            rec.headlines = _grow(rec.headlines, v)
        elif p == SCHEMA + "jobTitle":
            rec.job_titles = _grow(rec.job_titles, v)
        elif p == SCHEMA + "datePublished":
            rec.date = max(rec.date, v)
        elif p == SCHEMA + "position":
            rec.position = _int(v)
        elif p == NIF + "beginIndex":
            rec.begin = _int(v)
        elif p == NIF + "endIndex":
            rec.end = _int(v)
        elif p == NIF + "anchorOf":
            rec.anchor = v
    elif isinstance(o, ox.NamedNode | ox.BlankNode):
        if p == RDF_TYPE:
            if o.value in CLASS_KIND:
                rec.types = _grow(rec.types, memo.setdefault(o.value, o.value))
            return
        obj = _key(o)
        obj = memo.setdefault(obj, obj)
        if p == NIF + "referenceContext":
            rec.contexts = _grow(rec.contexts, obj)
        elif p == SCHEMA + "about":
            rec.about = _grow(rec.about, obj)
        elif p in _LINKS:
            rec.links = _grow(rec.links, (memo.setdefault(p, p), obj))


#: the predicates ``_fold`` reads (rdf:type and links among them)
_FOLDED = frozenset(
    [
        RDF_TYPE,
        *(SCHEMA + p for p in ("name", "alternateName", "headline", "jobTitle", "datePublished")),
        SCHEMA + "position",
        *(NIF + p for p in ("beginIndex", "endIndex", "anchorOf", "referenceContext")),
        SCHEMA + "about",
        *_LINKS,
    ]
)
#: the predicates ``_texts`` reads
_TEXTS = frozenset([SCHEMA + "articleBody", NIF + "isString"])


def _texts(quads: Iterable, wanted: set[str], subjects: dict[str, _Subject]) -> None:
    """Second pass: the article bodies and document texts of the ``wanted`` subjects only."""
    import pyoxigraph as ox

    for quad in quads:
        p = quad.predicate.value
        if p != SCHEMA + "articleBody" and p != NIF + "isString":
            continue
        s, o = quad.subject, quad.object
        if isinstance(s, ox.Triple) or not isinstance(o, ox.Literal):
            continue
        key = _key(s)
        if key not in wanted:
            continue
        rec, v = subjects[key], o.value
        if p == SCHEMA + "articleBody":
            rec.body = v if rec.body is None else min(rec.body, v)
        else:
            rec.text = v if rec.text is None else min(rec.text, v)


def _key(term) -> str:
    """A node key: the IRI, or ``_:id`` for a blank node."""
    import pyoxigraph as ox

    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def read_quads(
    path: Path,
    fmt,
    predicates: frozenset[str] | None = None,
    *,
    runs: bool = True,
    span: tuple[int, int] | None = None,
) -> Iterator:
    """Stream the quads of one RDF file with pyoxigraph; a syntax error becomes a one-line GraphError
    naming the file (raised where the parser meets it).

    With ``predicates``, an N-Quads or N-Triples file (one statement a line) is filtered as bytes before
    parsing: only the lines with one of these predicates and the first line of each run of lines about
    one subject are parsed (most of a built graph is neither, and parsing is what costs). The runs of
    subjects the caller sees are the same as without the filter; statements with other predicates are
    left out of them. Without ``runs`` (the caller looks at single statements only) not even those
    first lines are parsed. ``span`` (with ``predicates``): only the lines in these bytes of the file
    (see ``_spans``).
    """
    import pyoxigraph as ox

    try:
        if predicates is not None and fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
            wanted = frozenset(f"<{p}>".encode() for p in predicates)
            if runs or span is not None:
                batches = _line_batches(_lines(path, span), wanted)
            else:
                batches = _predicate_lines(path, wanted)
            for batch in batches:
                yield from ox.parse(batch, fmt)
        else:
            with path.open("rb") as f:
                yield from ox.parse(f, fmt)
    except SyntaxError as e:
        if predicates is not None:  # a filtered batch: the whole file says where the error is
            for _ in read_quads(path, fmt):
                pass
        first = str(e).splitlines()[0] if str(e) else "syntax error"
        raise GraphError(f"{path}: not readable as {fmt.name}: {first}") from None
    except (OSError, ValueError) as e:
        raise GraphError(f"{path}: cannot read: {e}") from None


#: lines of a filtered N-Quads file parsed at a time
_BATCH = 1 << 14


def _predicate_lines(path: Path, wanted: frozenset[bytes]) -> Iterator[bytes]:
    """The lines of ``path`` with a predicate of ``wanted``, found by searching for each ``" <iri> "``
    (a hit inside a literal only adds a line the parser reads and the caller skips).

    The file is read in pieces of whole lines (a few MB held at a time); a piece with a ``\\u`` or
    ``\\U`` escape (an IRI could be written with one) is filtered line by line instead.
    """
    with path.open("rb") as f:
        while True:
            data = f.read(_PIECE)
            if not data:
                return
            data += f.readline()  # up to the end of its last line
            if b"\\u" in data or b"\\U" in data:
                yield from _line_batches(data.splitlines(keepends=True), wanted)
                continue
            starts: set[int] = set()
            for p in wanted:
                needle = b" " + p + b" "
                at = data.find(needle)
                while at >= 0:
                    starts.add(data.rfind(b"\n", 0, at) + 1)
                    at = data.find(needle, at + len(needle))
            lines = []
            for start in sorted(starts):
                end = data.find(b"\n", start)
                lines.append(data[start : len(data) if end < 0 else end + 1])
            if lines:
                yield b"".join(lines)


#: bytes read at a time by ``_predicate_lines``
_PIECE = 1 << 23


def _lines(path: Path, span: tuple[int, int] | None = None) -> Iterator[bytes]:
    """The lines of ``path``, or of its bytes ``span`` (which starts and ends at line starts)."""
    with path.open("rb") as f:
        if span is None:
            yield from f
            return
        f.seek(span[0])
        left = span[1] - span[0]
        while left > 0:
            line = f.readline()
            if not line:
                return
            left -= len(line)
            yield line


def _line_batches(lines: Iterable[bytes], wanted: frozenset[bytes]) -> Iterator[bytes]:
    """The ``lines`` whose predicate (as written, ``<iri>``) is in ``wanted`` or that start a run
    of lines about one subject, joined in batches.

    A line is dropped only when it surely repeats the subject of the line before (same bytes, up to a
    space) and its predicate is surely another (a plain ``<...>`` after one space, without escapes);
    anything else (comments, other spacing, quoted triples) is kept and left to the parser.
    """
    subject = b"\n"  # no line starts with a line break
    batch: list[bytes] = []
    for line in lines:
        if line.startswith(subject):
            at = len(subject)
            end = line.find(b" ", at)
            p = line[at:end]
            if end < 0 or p in wanted or not (p[:1] == b"<" and p[-1:] == b">") or b"\\" in p:
                batch.append(line)
        else:
            end = line.find(b" ")
            subject = line[: end + 1] if end > 0 else b"\n"
            batch.append(line)
        if len(batch) >= _BATCH:
            yield b"".join(batch)
            batch = []
    if batch:
        yield b"".join(batch)


# ------------------------------------------------------------------------------------- projection


def _kind(types: set[str]) -> str | None:
    kinds = {CLASS_KIND[t] for t in types if t in CLASS_KIND}
    return next((k for k in KIND_PRIORITY if k in kinds), None)


def _label(key: str, rec: _Subject) -> str:
    if rec.headlines and _kind(rec.types) == "article":
        return min(rec.headlines)
    if rec.names:
        # Chinese first, then untagged, then the rest; shortest wins within a language
        ranked = sorted(rec.names, key=lambda n: (n[0] != "zh", n[0] != "", len(n[1]), n[1]))
        return ranked[0][1]
    if rec.headlines:
        return min(rec.headlines)
    return re.split(r"[/#:]", key.rstrip("/#"))[-1] or key


def _sentence(text: str, begin: int, end: int, width: int = 60) -> str:
    """The sentence around text[begin:end], cut to ``width`` characters either side of the mention."""
    left = max((text.rfind(c, 0, begin) for c in SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in SENTENCE_END) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    prefix = "…" if begin - left > width else ""
    suffix = "…" if right - end > width else ""
    left, right = max(left, begin - width), min(right, end + width)
    return prefix + " ".join(text[left:right].split()) + suffix


def project(
    subjects: dict[str, _Subject], texts: Callable[[set[str]], None] | None = None
) -> nx.MultiDiGraph:
    """The networkx projection: entities, events and articles as nodes; relations as Chinese-labelled edges.

    Node attributes: label, kind, iri, aliases, headlines (articles that mention it, in page order),
    first (the sentence of the first mention). Edge attribute: label. ``texts`` fills in the bodies
    and texts of the subjects it is given (the ones first mentions are in), when ``subjects`` lacks them.
    """
    nodes = {k: kind for k, r in subjects.items() if (kind := _kind(r.types))}
    articles = {k for k, kind in nodes.items() if kind == "article"}

    def article_order(a: str) -> tuple:
        rec = subjects[a]
        pos = rec.position if rec.position is not None else 1 << 30
        return (rec.date, pos, _label(a, rec), a)

    edges: set[tuple[str, str, str]] = set()
    mentioned_in: dict[str, set[str]] = defaultdict(set)
    for s, rec in subjects.items():
        for p, o in rec.links:
            if p == SCHEMA + "creator" and s not in nodes:
                # a photograph: its creator is the photographer of the article it belongs to
                for p2, article in rec.links:
                    if p2 == SCHEMA + "isPartOf" and article in articles and o in nodes:
                        edges.add((article, o, "摄影"))
                continue
            rule = EDGE_RULES.get(p)
            if rule is None or s not in nodes or o not in nodes or s == o:
                continue
            label, reverse = rule
            if p == ORG + "headOf" and any("主席" in t for t in rec.job_titles):
                label = "主席"
            edges.add((o, s, label) if reverse else (s, o, label))
            if p == SCHEMA + "mentions" and s in articles:
                mentioned_in[o].add(s)
            elif p == SCHEMA + "subjectOf" and o in articles:
                mentioned_in[s].add(o)

    # mentions (nif:Phrase): which articles mention an entity, and the sentence of its first mention.
    # The context may be the article or the whole document (then schema:isPartOf names the article).
    # The sentence is cut only for each entity's first mention, once the texts it needs are read.
    # A mention's record is dropped from ``subjects`` once read (the networkx graph reuses the memory).
    first_at: dict[str, tuple[tuple, _Subject, str | None]] = {}
    for key in list(subjects):
        rec = subjects[key]
        if rec.anchor is None or not rec.about:
            continue
        if key not in nodes:
            del subjects[key]
        parts = {o for p, o in rec.links if p == SCHEMA + "isPartOf"}
        in_articles = sorted((set(rec.contexts) | parts) & articles, key=article_order)
        where = in_articles[0] if in_articles else min(rec.contexts, default=None)
        order = (*article_order(where), rec.begin if rec.begin is not None else 1 << 30) if where else (None,)
        for entity in sorted(nodes.keys() & set(rec.about)):
            for article in in_articles:
                mentioned_in[entity].add(article)
                if article != entity:
                    edges.add((article, entity, "报道"))
            if entity not in first_at or order < first_at[entity][0]:
                first_at[entity] = (order, rec, where)
    if texts is not None:
        texts({where for _, _, where in first_at.values() if where is not None})
    first = {
        entity: _mention_sentence(subjects.get(where) if where else None, rec, where in rec.contexts)
        for entity, (_, rec, where) in first_at.items()
    }

    import networkx as nx

    g = nx.MultiDiGraph()
    for key in sorted(nodes):
        heads = [_label(a, subjects[a]) for a in sorted(mentioned_in.get(key, ()), key=article_order)]
        _add_node(g, key, nodes[key], subjects[key], heads, first.get(key, ""))
    for u, v, label in sorted(edges):
        g.add_edge(u, v, label=label)
    return g


def _add_node(g: nx.MultiDiGraph, key: str, kind: str, rec: _Subject, heads: list[str], first: str) -> None:
    """One shown node with what the page needs of it (the whole-graph and the compact path alike)."""
    label = _label(key, rec)
    g.add_node(
        key,
        label=label,
        kind=kind,
        iri=key,
        aliases=sorted(set(rec.aliases) - {label}),
        headlines=heads,
        first=first,
    )


def _mention_sentence(where: _Subject | None, rec: _Subject, offsets_in_it: bool) -> str:
    """The sentence of a mention: by its offsets where they fit the text, else by finding its anchor."""
    anchor = rec.anchor or ""
    text = (where.body or where.text) if where else None
    if not text:
        return " ".join(anchor.split())
    b, e = rec.begin, rec.end
    if b is not None and e is not None:
        # offsets into this text, or into the document that this article starts at where.begin
        shifts = [0] if offsets_in_it else [where.begin or 0, 0]
        for shift in shifts:
            if 0 <= b - shift < e - shift <= len(text) and text[b - shift : e - shift] == anchor:
                return _sentence(text, b - shift, e - shift)
    for probe in (anchor, "".join(anchor.split())):
        i = text.find(probe) if probe else -1
        if i >= 0:
            return _sentence(text, i, i + len(probe))
    return " ".join(anchor.split())


def load_graph(graph: str | Path) -> nx.MultiDiGraph:
    """Read GRAPH (file or OUTDIR) and return its networkx projection.

    The file is streamed twice: once for everything but long texts, once for the few texts the
    tooltips quote. Nothing holds the whole graph.
    """
    path, fmt = graph_file(graph)
    subjects = _read_subjects(read_quads(path, fmt))
    return project(subjects, lambda wanted: _texts(read_quads(path, fmt), wanted, subjects))


# ------------------------------------------------------------------------- the view, without the whole graph

#: edge labels by number (the ``_Census`` codes an edge as an int: (u * nodes + v) * labels + label)
_EDGE_LABELS: tuple[str, ...] = tuple(
    dict.fromkeys([*(label for label, _ in EDGE_RULES.values()), "主席", "摄影"])
)
_LABEL_NO = {label: i for i, label in enumerate(_EDGE_LABELS)}
#: link predicates by number in the census rows (0: none of them)
_P_ABOUT, _P_CONTEXT, _P_PART, _P_CREATOR = 1, 2, 3, 4
_P_CODES: dict[str, int] = {
    SCHEMA + "about": _P_ABOUT,
    NIF + "referenceContext": _P_CONTEXT,
    SCHEMA + "isPartOf": _P_PART,
    SCHEMA + "creator": _P_CREATOR,
    **{p: _P_CREATOR + 1 + i for i, p in enumerate(EDGE_RULES)},
}
_P_NAMES = {code: p for p, code in _P_CODES.items()}
#: rdf:type -> bit of its kind (bit i is KIND_PRIORITY[i]: the lowest set bit is the node's kind)
_KIND_BIT = {t: 1 << KIND_PRIORITY.index(kind) for t, kind in CLASS_KIND.items()}
_ARTICLE_BIT = 1 << KIND_PRIORITY.index("article")


#: the predicates ``_Census`` reads
_CENSUS = frozenset([RDF_TYPE, NIF + "anchorOf", SCHEMA + "jobTitle", *_P_CODES])


def _bit_kind(bits: int) -> str | None:
    return KIND_PRIORITY[(bits & -bits).bit_length() - 1] if bits else None


class _Census:
    """One streaming pass over a graph file: each node's kind and degree in the projection, in ints.

    Phrases that are no node (the nif:Phrase of every mention) are the bulk of a built graph. Their
    statements arrive together (a run of quads with the same subject); each such run is reduced at
    once to number pairs (entity, article it is mentioned in), and only a hash of its IRI is kept,
    to notice a subject whose statements are not together after all (``split``: then the caller
    falls back to the whole projection). Every other IRI gets a number.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self.kinds = bytearray()  # kind bits from rdf:type, per number
        self.chair = bytearray()  # 1: a jobTitle with 主席 (org:headOf edges are labelled 主席)
        self.phrase = bytearray()  # 1: a numbered subject with a nif:anchorOf
        self.rows_s, self.rows_p, self.rows_o = array("i"), array("i"), array("i")  # numbered subjects' links
        self.about, self.where = array("i"), array("i")  # (entity, context or part) of the other phrases
        self.shot_by, self.shot_in = array("i"), array("i")  # (photographer, article) of photographs
        self.transient: set[int] = set()  # hashes of the subjects reduced at once
        self.seen: set[int] | None = None  # hashes of all run subjects (a part of a file only)
        self.split = False
        self.articles = 0  # articles among the nodes (set by ``_cut``)

    def id(self, key: str) -> int:
        i = self.ids.get(key)
        if i is None:
            i = self.ids[key] = len(self.keys)
            self.keys.append(key)
            self.kinds.append(0)
            self.chair.append(0)
            # a subject reduced at once that turns up as an object: pass 2 reads it by its number
            self.phrase.append(1 if self.transient and hash(key) in self.transient else 0)
        return i

    def read(self, quads: Iterable, part: bool = False) -> None:
        """Fold the runs of ``quads``; a ``part`` of the file keeps the hashes of its reduced subjects
        (``transient``) and of all its run subjects (``seen``), for ``_merge_censuses``."""
        import pyoxigraph as ox

        if part:
            self.seen = set()

        run: list = []
        current = None
        for quad in quads:
            s = quad.subject
            if isinstance(s, ox.Triple):
                continue
            if s != current:
                if run:
                    self._run(_key(current), run)
                run, current = [], s
            run.append((quad.predicate.value, quad.object))
        if run:
            self._run(_key(current), run)
        if not part:
            self.transient = set()

    def _run(self, key: str, run: list) -> None:
        """Fold one subject's consecutive statements."""
        import pyoxigraph as ox

        h = hash(key)
        if h in self.transient:
            self.split = True
        if self.seen is not None:
            self.seen.add(h)
        bits, chair, anchor = 0, False, False
        links: list[tuple[int, str]] = []
        for p, o in run:
            if isinstance(o, ox.Literal):
                if p == NIF + "anchorOf":
                    anchor = True
                elif p == SCHEMA + "jobTitle" and "主席" in o.value:
                    chair = True
            elif isinstance(o, ox.NamedNode | ox.BlankNode):
                if p == RDF_TYPE:
                    bits |= _KIND_BIT.get(o.value, 0)
                    continue
                code = _P_CODES.get(p)
                if code is not None:
                    links.append((code, _key(o)))
        i = self.ids.get(key)
        if i is None and not bits and anchor:  # a phrase and no node: reduce to pairs now
            self.transient.add(h)
            abouts = [self.id(o) for code, o in links if code == _P_ABOUT] if anchor else []
            if abouts:
                wheres = [self.id(o) for code, o in links if code in (_P_CONTEXT, _P_PART)]
                for a in abouts:
                    for w in wheres:
                        self.about.append(a)
                        self.where.append(w)
            creators = [self.id(o) for code, o in links if code == _P_CREATOR]
            if creators:
                for article in [self.id(o) for code, o in links if code == _P_PART]:
                    for c in creators:
                        self.shot_by.append(c)
                        self.shot_in.append(article)
            return
        if i is None:
            i = self.id(key)
        self.kinds[i] |= bits
        if chair:
            self.chair[i] = 1
        if anchor:
            self.phrase[i] = 1
        for code, o in links:
            self.rows_s.append(i)
            self.rows_p.append(code)
            self.rows_o.append(self.id(o))

    def finish(self) -> None:
        """The edges of the projection (as ints) and each node's degree; numbered phrases and photos
        (rare: a phrase that is also an object or a node) become pairs like the others. The rows and
        pairs are read as arrays (numpy): a loop over every statement's link was a third of the view."""
        import numpy as np

        kinds, n = self.kinds, len(self.keys)
        nl = len(_EDGE_LABELS)
        kind = np.frombuffer(bytes(kinds), dtype=np.uint8)
        chair = np.frombuffer(bytes(self.chair), dtype=np.uint8)
        phrase = np.frombuffer(bytes(self.phrase), dtype=np.uint8)
        rs, rp, ro = (_numbers(a).astype(np.int64) for a in (self.rows_s, self.rows_p, self.rows_o))
        # the links of numbered phrases and photos: grouped by subject, in row order, as pairs
        low = rp <= _P_CREATOR
        grouped: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for k in np.flatnonzero(low & ((phrase[rs] != 0) | (kind[rs] == 0))).tolist():
            grouped[int(rs[k])].append((int(rp[k]), int(ro[k])))
        # the relations between two nodes: an edge each, labelled (and turned) by its predicate
        top = max(_P_NAMES) + 1
        label_of, reverse_of = np.zeros(top, dtype=np.int64), np.zeros(top, dtype=bool)
        for code, pred in _P_NAMES.items():
            if code > _P_CREATOR:
                label, rev = EDGE_RULES[pred]
                label_of[code], reverse_of[code] = _LABEL_NO[label], rev
        keep = ~low & (kind[rs] != 0) & (kind[ro] != 0) & (rs != ro)
        s_, p_, o_ = rs[keep], rp[keep], ro[keep]
        labels = label_of[p_]
        head_of = _P_CODES[ORG + "headOf"]
        labels = np.where((p_ == head_of) & (chair[s_] != 0), _LABEL_NO["主席"], labels)
        rev = reverse_of[p_]
        u, v = np.where(rev, o_, s_), np.where(rev, s_, o_)
        codes = [(u * n + v) * nl + labels]
        for s, links in grouped.items():
            if self.phrase[s]:
                wheres = [o for p, o in links if p in (_P_CONTEXT, _P_PART)]
                for a in {o for p, o in links if p == _P_ABOUT}:
                    for w in wheres:
                        self.about.append(a)
                        self.where.append(w)
            if not kinds[s]:
                for c in {o for p, o in links if p == _P_CREATOR}:
                    for article in {o for p, o in links if p == _P_PART}:
                        self.shot_by.append(c)
                        self.shot_in.append(article)
        article = np.uint8(_ARTICLE_BIT)
        for (xs, ys), label, distinct in (
            ((self.about, self.where), _LABEL_NO["报道"], True),  # the article reports on the node
            ((self.shot_by, self.shot_in), _LABEL_NO["摄影"], False),  # the photographer shot in it
        ):
            x, y = _numbers(xs).astype(np.int64), _numbers(ys).astype(np.int64)
            ok = (kind[x] != 0) & ((kind[y] & article) != 0)
            if distinct:
                ok &= x != y
            codes.append((y[ok] * n + x[ok]) * nl + label)
        every = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
        self.edges = set(every.tolist())
        uv = every // nl
        degree = np.bincount(uv // n, minlength=n) + np.bincount(uv % n, minlength=n)
        self.degree = array("i", degree.astype(np.int32).tobytes())

    def is_article(self, i: int) -> bool:
        return bool(self.kinds[i] & _ARTICLE_BIT)  # article comes first in KIND_PRIORITY

    #: the arrays that hold numbers of keys (``_renumber``)
    NUMBERED: tuple[str, ...] = ("rows_s", "rows_o", "about", "where", "shot_by", "shot_in")

    def _renumber(self, part: _Census, reduced: set[int]) -> None:
        """Take in the numbers of ``part``, a census of the next statements read on their own: its
        keys numbered here in their order (the new ones after this census's, as one pass numbers
        them), their kinds and flags joined, its rows and pairs appended renumbered (in numpy).
        ``reduced``: hashes of the subjects reduced before the part (a new key among them is a
        phrase, as ``id`` has it)."""
        ids, keys = self.ids, self.keys
        kinds, chair, phrase = self.kinds, self.chair, self.phrase
        remap = array("i", bytes(4 * len(part.keys)))
        for j, key in enumerate(part.keys):
            i = ids.get(key)
            if i is None:
                i = ids[key] = len(keys)
                keys.append(key)
                kinds.append(part.kinds[j])
                chair.append(part.chair[j])
                phrase.append(1 if part.phrase[j] or (reduced and hash(key) in reduced) else 0)
            else:
                kinds[i] |= part.kinds[j]
                chair[i] |= part.chair[j]
                phrase[i] |= part.phrase[j]
            remap[j] = i
        table = _numbers(remap)
        for name in self.NUMBERED:
            theirs = getattr(part, name)
            if theirs:
                getattr(self, name).frombytes(table[_numbers(theirs)].astype(table.dtype).tobytes())
        self.rows_p.extend(part.rows_p)

    def mentioned_in(self, shown: set[int]) -> dict[int, set[int]]:
        """The articles that mention each shown node (links, and the phrases about it)."""
        kinds = self.kinds
        out: dict[int, set[int]] = defaultdict(set)
        mentions, subject_of = _P_CODES[SCHEMA + "mentions"], _P_CODES[SCHEMA + "subjectOf"]
        for s, p, o in zip(self.rows_s, self.rows_p, self.rows_o, strict=True):
            if p == mentions and o in shown and kinds[s] and s != o and self.is_article(s):
                out[o].add(s)
            elif p == subject_of and s in shown and kinds[o] and s != o and self.is_article(o):
                out[s].add(o)
        for a, w in zip(self.about, self.where, strict=True):
            if a in shown and self.is_article(w):
                out[a].add(w)
        return out


def _choose(census: _Census, min_degree: int | None) -> tuple[set[int], str]:
    """The nodes the view keeps and its note: what ``select`` does on the whole projection."""
    kinds, degree = census.kinds, census.degree
    nodes = [i for i in range(len(census.keys)) if kinds[i]]
    total = len(nodes)
    if min_degree is None and total > MAX_NODES:
        at_least = Counter(degree[i] for i in nodes)
        k, above = 1, total - at_least.get(0, 0)
        while above > MAX_NODES:
            above -= at_least.get(k, 0)
            k += 1
        shown = {i for i in nodes if degree[i] >= k}
        note = (
            f"为保持流畅，已隐藏 {total - len(shown)} 个连接数少于 {k} 的节点（共 {total} 个）；"
            f"用 --min-degree 0 显示全部。"
        )
        return shown, note
    if min_degree:
        shown = {i for i in nodes if degree[i] >= min_degree}
        note = ""
        if total > len(shown):
            note = f"已隐藏 {total - len(shown)} 个连接数少于 {min_degree} 的节点（共 {total} 个）。"
        return shown, note
    return set(nodes), ""


def _view(path: Path, fmt, min_degree: int | None, jobs: int = 1) -> tuple[nx.MultiDiGraph, str, int] | None:
    """The default view (no focus, no type filter) of a graph file, its note and its number of articles,
    built without the projection of the whole graph; None when the file's statements about one phrase
    or photograph are not together (then the caller projects the whole graph).

    Pass 1 (``_Census``) counts each node's degree; the nodes shown are chosen from those counts as
    ``select`` would; pass 2 reads the records of the shown nodes, of the articles that mention them and
    of the phrases about them; pass 3 the few texts their first mentions quote.

    With ``jobs`` > 1 an N-Quads file is cut into ``jobs`` spans (``_spans``) that forked workers read
    in passes 1 and 2 (one of them also finds every text for pass 3); their results are joined as one
    pass would have them, or, where a span's result could differ (``_merge_censuses``,
    ``_merge_records``), that pass reads the whole file here. The view is the same either way.
    """
    import pyoxigraph as ox

    line_based = fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
    if line_based and _scannable(path):
        view = _view_lines(path, fmt, min_degree)
        if view is not None:
            return view
    spans = _spans(path, jobs * _SPANS_PER_JOB) if jobs > 1 and line_based else None
    census = None
    if spans:
        pool = _fork_pool(jobs, (path, fmt))
        if pool is not None:
            with pool:
                census = _merge_censuses(pool.map(_census_span, spans))  # each as it comes
    if census is None:
        spans = None  # pass 2 reads the whole file here as well
        census = _Census()
        census.read(read_quads(path, fmt, _CENSUS))
    if census.split:
        return None
    shown, note, mentioned_in, keep = _cut(census, min_degree)
    records, texts = None, None
    if spans:
        pool = _fork_pool(jobs, (path, fmt, census, keep, shown))
        if pool is not None:
            with pool:
                parts = [pool.submit(_records_span, span) for span in spans]
                ahead = pool.submit(_texts_all)
                records = _merge_records([part.result() for part in parts])
                texts = ahead.result()
    if records is None:
        subjects, candidates = _records(read_quads(path, fmt, _FOLDED), census, keep, shown)
    else:
        subjects, first_read, best_of = records
        candidates = _candidates(subjects, first_read, best_of, {census.keys[i] for i in shown})

    def fill_texts(wanted: set[str]) -> None:
        if texts is None:
            _texts(read_quads(path, fmt, _TEXTS, runs=False), wanted, subjects)
        else:
            for key in wanted:
                body, text = texts.get(key, (None, None))
                subjects[key].body, subjects[key].text = body, text

    g = _assemble(census, shown, mentioned_in, keep, subjects, candidates, fill_texts)
    return g, note, census.articles


def _cut(census: _Census, min_degree: int | None) -> tuple[set[int], str, dict[int, set[int]], bytearray]:
    """After pass 1: the nodes shown, the note, the articles that mention each shown node, and which
    subjects pass 2 needs (``keep``: the shown nodes, those articles, the contexts of phrases)."""
    census.finish()
    census.articles = sum(1 for bits in census.kinds if bits & _ARTICLE_BIT)
    shown, note = _choose(census, min_degree)
    mentioned_in = census.mentioned_in(shown)
    keep = bytearray(len(census.keys))
    for i in shown:
        keep[i] = 1
    for arts in mentioned_in.values():
        for a in arts:
            keep[a] = 1
    for w in census.where:  # contexts and articles of phrases: order first mentions
        keep[w] = 1
    return shown, note, mentioned_in, keep


def _assemble(
    census: _Census,
    shown: set[int],
    mentioned_in: dict[int, set[int]],
    keep: bytearray,
    subjects: dict[str, _Subject],
    candidates: list[tuple[int, list[str], _Subject]],
    fill_texts: Callable[[set[str]], None],
) -> nx.MultiDiGraph:
    """The view from pass 1 (``census``) and pass 2 (the records of the kept subjects and the
    first-mention candidates); ``fill_texts`` reads the bodies and texts of the subjects it is given."""
    keys = census.keys
    nodes = {keys[i]: _bit_kind(census.kinds[i]) for i in shown}
    article_keys = {keys[i] for i in range(len(keys)) if keep[i] and census.is_article(i)}

    def article_order(a: str) -> tuple:
        rec = subjects.get(a) or _Subject()
        pos = rec.position if rec.position is not None else 1 << 30
        return (rec.date, pos, _label(a, rec), a)

    first_at: dict[str, tuple[tuple, _Subject, str | None]] = {}
    for _seq, entities, rec in candidates:
        parts = {o for p, o in rec.links if p == SCHEMA + "isPartOf"}
        in_articles = sorted((set(rec.contexts) | parts) & article_keys, key=article_order)
        where = in_articles[0] if in_articles else min(rec.contexts, default=None)
        order = (*article_order(where), rec.begin if rec.begin is not None else 1 << 30) if where else (None,)
        for entity in entities:
            if entity not in first_at or order < first_at[entity][0]:
                first_at[entity] = (order, rec, where)
    fill_texts({where for _, _, where in first_at.values() if where is not None and where in subjects})
    import networkx as nx

    g = nx.MultiDiGraph()
    for key in sorted(nodes):
        heads = [
            _label(a, subjects.get(a) or _Subject())
            for a in sorted((keys[i] for i in mentioned_in.get(census.ids[key], ())), key=article_order)
        ]
        _order, mention, where = first_at.get(key, (None, None, None))
        first = (
            _mention_sentence(subjects.get(where) if where else None, mention, where in mention.contexts)
            if mention
            else ""
        )
        _add_node(g, key, nodes[key], subjects.get(key) or _Subject(), heads, first)
    nl, n = len(_EDGE_LABELS), len(keys)
    shown_edges = []
    for code in census.edges:
        uv, label = divmod(code, nl)
        u, v = divmod(uv, n)
        if u in shown and v in shown:
            shown_edges.append((keys[u], keys[v], _EDGE_LABELS[label]))
    for u, v, label in sorted(shown_edges):
        g.add_edge(u, v, label=label)
    return g


def _records(
    quads: Iterable, census: _Census, keep: bytearray, shown: set[int]
) -> tuple[dict[str, _Subject], list[tuple[int, list[str], _Subject]]]:
    """Pass 2: the records of the kept subjects, and the phrases about shown nodes as first-mention
    candidates ``(order of first reading, shown entity keys, record)``, in that order."""
    subjects, first_read, best_of, _ = _records_part(quads, census, keep, shown)
    return subjects, _candidates(subjects, first_read, best_of, {census.keys[i] for i in shown})


def _candidates(
    subjects: dict[str, _Subject], first_read: dict[str, int], best_of: dict, shown_keys: set[str]
) -> list[tuple[int, list[str], _Subject]]:
    """The first-mention candidates of pass 2, in the order their records were first read."""
    # numbered phrases (rare) are whole only now
    candidates = [(at, [entity], slim) for (entity, _), (_, at, slim) in best_of.items()]
    for key, at in first_read.items():
        rec = subjects[key]
        if rec.anchor is not None and rec.about:
            about = sorted(shown_keys.intersection(rec.about))
            if about:
                candidates.append((at, about, rec))
    candidates.sort(key=lambda c: c[0])
    return candidates


def _records_part(
    quads: Iterable, census: _Census, keep: bytearray, shown: set[int]
) -> tuple[dict[str, _Subject], dict[str, int], dict, int]:
    """Pass 2 over some runs of subjects: the records of the kept subjects, when each numbered phrase
    was started, the best phrase of each (entity, group), and how many records were started."""
    import pyoxigraph as ox

    subjects: dict[str, _Subject] = {}
    first_read: dict[str, int] = {}  # numbered phrases: when their record was started
    best_of: dict[tuple, tuple[int, int, _Subject]] = {}  # (entity, group) -> (begin, order, phrase)
    ids, keys = census.ids, census.keys
    memo: dict[str, str] = dict(zip(keys, keys, strict=True))  # the census's strings, not new ones
    articles = {keys[i] for i in range(len(keys)) if census.is_article(i)}
    shown_keys = {keys[i] for i in shown}
    current, rec, transient = None, None, False
    order = 0

    def close() -> None:
        """A phrase about shown nodes competes for their first mention, within its group: the
        phrases of one group have the same ``where`` (see ``_view``), so only the first with the
        lowest begin index can win."""
        if rec is None or not transient or rec.anchor is None or not rec.about:
            return
        about = shown_keys.intersection(rec.about)
        if not about:
            return
        parts = {o for p, o in rec.links if p == SCHEMA + "isPartOf"}
        in_articles = (set(rec.contexts) | parts) & articles
        if in_articles:
            group: tuple = (1, *sorted(in_articles))
            begin = rec.begin if rec.begin is not None else 1 << 30
        else:
            group = (0, min(rec.contexts, default=None))
            begin = 0 if group[1] is None else (rec.begin if rec.begin is not None else 1 << 30)
        slim = None
        for entity in about:
            best = best_of.get((entity, group))
            if best is None or begin < best[0]:
                slim = slim or _Subject(
                    begin=rec.begin,
                    end=rec.end,
                    anchor=rec.anchor,
                    contexts=rec.contexts,
                    links=tuple((SCHEMA + "isPartOf", o) for o in parts),
                )
                best_of[(entity, group)] = (begin, order, slim)

    for quad in quads:
        s = quad.subject
        if isinstance(s, ox.Triple):
            continue
        if s != current:
            close()
            current = s
            key = _key(s)
            i = ids.get(key)
            transient = i is None  # the census checked that its statements are all in this run
            if transient:
                rec = _Subject()
                order += 1
            elif keep[i] or census.phrase[i]:
                rec = subjects.get(key)
                if rec is None:
                    key = memo.setdefault(key, key)
                    rec = subjects[key] = _Subject()
                    order += 1
                    if census.phrase[i]:
                        first_read[key] = order
            else:
                rec = None
        if rec is not None:
            _fold(rec, quad.predicate.value, quad.object, memo)
    close()
    return subjects, first_read, best_of, order


# ------------------------------------------------------------- passes 1 and 2 in one scan of N-Quads lines

#: a predicate as written in N-Quads -> what the scan does with its statements: rdf:type (``_T_TYPE``),
#: a link (its ``_P_CODES`` number), a literal of a record (``_T_FIELDS`` index + ``_T_LITERAL``), a text
_T_TYPE, _T_LITERAL, _T_TEXT = 0, 100, 200
_T_FIELDS = (
    (NIF + "anchorOf", "anchor"),
    (SCHEMA + "jobTitle", "job_titles"),
    (SCHEMA + "name", "names"),
    (SCHEMA + "alternateName", "aliases"),
    (SCHEMA + "headline", "headlines"),
    (SCHEMA + "datePublished", "date"),
    (SCHEMA + "position", "position"),
    (NIF + "beginIndex", "begin"),
    (NIF + "endIndex", "end"),
)
_T_ANCHOR, _T_JOB, _T_NAME, _T_ALIAS, _T_HEADLINE, _T_DATE, _T_POSITION, _T_BEGIN, _T_END = range(
    _T_LITERAL, _T_LITERAL + len(_T_FIELDS)
)
_TOKENS: dict[bytes, int] = {
    f"<{RDF_TYPE}>".encode(): _T_TYPE,
    **{f"<{p}>".encode(): code for p, code in _P_CODES.items()},
    **{f"<{p}>".encode(): _T_LITERAL + k for k, (p, _) in enumerate(_T_FIELDS)},
    f"<{SCHEMA}articleBody>".encode(): _T_TEXT,
    f"<{NIF}isString>".encode(): _T_TEXT,
}
#: rdf:type objects as written -> kind bit
_KIND_TOKENS = {f"<{t}>".encode(): bit for t, bit in _KIND_BIT.items()}
#: kind bits -> types that select the same kinds (a record's ``types`` only decide its kind)
_KIND_TYPES: tuple[tuple[str, ...], ...] = tuple(
    tuple(
        next(t for t, bit in _KIND_BIT.items() if bit == 1 << b)
        for b in range(len(KIND_PRIORITY))
        if bits >> b & 1
    )
    for bits in range(1 << len(KIND_PRIORITY))
)


class _Valid(dict):
    """IRIs and blank nodes as written that ``_iri`` passed (each is checked once)."""

    def __missing__(self, tok: bytes) -> bool:
        if not _iri(tok):
            raise _NotPlain
        self[tok] = True
        return True


class _Codes(dict):
    """``_TOKENS``, and -1 for any other predicate once it is checked to be an IRI as written."""

    def __missing__(self, p: bytes) -> int:
        if not (p[:1] == b"<" and _iri(p)):
            raise _NotPlain
        self[p] = -1
        return -1


def _run_pieces(path: Path) -> Iterator[bytes]:
    """The file in pieces of a few MB, each cut after a line whose subject differs from the next's
    (as bytes), so that no run of one subject's lines is cut."""
    carry = b""
    with path.open("rb") as f:
        while True:
            data = carry + f.read(_PIECE)
            carry = b""
            if not data:
                return
            data += f.readline()
            last = data[data.rfind(b"\n", 0, len(data) - 1) + 1 :].split(b" ", 1)[0]
            more = []
            for line in f:
                if line.split(b" ", 1)[0] != last:
                    carry = line
                    break
                more.append(line)
            yield data + b"".join(more)


#: a literal as written (its content, language tag); what follows it is checked by the caller
_LITERAL = re.compile(rb'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<[^<>"\s]*>)?')
_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class _NotPlain(Exception):
    """A line the scan does not read surely (see ``_scan``): the parser reads the file instead."""


def _unescape(m: re.Match) -> str:
    code = m.group(1) or m.group(2)
    if code:
        return chr(int(code, 16))
    char = _ECHARS.get(m.group(3))
    if char is None:
        raise _NotPlain
    return char


def _literal(o: bytes) -> tuple[str, str] | None:
    """``(value, language)`` of an object written as a literal, None for an IRI or a blank node."""
    if o[:1] != b'"':
        if not _iri(o[: o.find(b" ")]):
            raise _NotPlain
        return None
    q = o.find(b'"', 1)
    content = o[1:q]
    if q > 0 and b"\\" not in content and o[q + 1 : q + 2] in (b" ", b"^"):  # no escape, no language
        try:
            return content.decode(), ""
        except UnicodeDecodeError:
            raise _NotPlain from None
    m = _LITERAL.match(o)
    if m is None or o[m.end() : m.end() + 1] not in (b" ", b"\t", b"."):
        raise _NotPlain
    try:
        value = m.group(1).decode()
    except UnicodeDecodeError:
        raise _NotPlain from None
    if "\\" in value:
        value = _ECHAR.sub(_unescape, value)
    lang = m.group(2)
    return value, lang.decode().lower() if lang else ""


def _term(o: bytes) -> bytes | None:
    """An object written as an IRI or a blank node, as written; None for a literal."""
    tok = o.partition(b" ")[0]
    first = tok[:1]
    if first == b"<":
        if tok[-1:] == b">" and b"\t" not in tok and tok[1:2] != b"<":
            return tok
    elif first == b"_":
        if tok[1:2] == b":" and b"\t" not in tok:
            return tok
    elif first == b'"':
        return None
    raise _NotPlain


#: one line of N-Quads as the scan reads it: terms apart by one space (a line with a tab is read only
#: if it is of this form: the tab is inside a literal)
_LINE = re.compile(
    rb'(?:<[^<>"\s]*>|_:[^<>"\s]+) <[^<>"\s]*> '
    rb'(?:<[^<>"\s]*>|_:[^<>"\s]+|"[^"\\\n]*(?:\\.[^"\\\n]*)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^<[^<>"\s]*>)?)'
    rb'(?: (?:<[^<>"\s]*>|_:[^<>"\s]+))? \.'
)


def _fold_literals(rec: _Subject, literals: list[tuple[int, bytes]]) -> None:
    """Fold a subject's literal statements (code, object as written) into its record, as ``_fold``."""
    for code, o in literals:
        lit = _literal(o)
        if lit is None:
            continue
        v = lit[0]
        if code == _T_BEGIN:
            rec.begin = _int(v)
        elif code == _T_END:
            rec.end = _int(v)
        elif code == _T_NAME:
            rec.names = _grow(rec.names, (lit[1], v))
        elif code == _T_ALIAS:
            rec.aliases = _grow(rec.aliases, v)
        elif code == _T_HEADLINE:
            rec.headlines = _grow(rec.headlines, v)
        elif code == _T_POSITION:
            rec.position = _int(v)
        elif code == _T_DATE:
            rec.date = max(rec.date, v)
        elif code == _T_JOB:
            rec.job_titles = _grow(rec.job_titles, v)
        else:
            rec.anchor = v


def _check_tabs(data: bytes) -> None:
    """Raise ``_NotPlain`` unless each line of ``data`` with a tab is of ``_LINE`` (the tab inside a
    literal): the scan splits lines at spaces. (One byte is found fast; two, as ``><``, are not:
    those are checked in each term, ``_iri``.)"""
    at = data.find(b"\t")
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        if _LINE.fullmatch(data, start, end) is None:
            raise _NotPlain
        at = data.find(b"\t", end)


def _iri(tok: bytes) -> bool:
    """Whether ``tok`` (up to a space) is one IRI or blank node as the scan reads it: no escape (the
    same IRI could be written two ways), no second term right after it, no quoted triple."""
    if tok[:1] == b"<":
        return tok.find(b">") == len(tok) - 1 and b"\\" not in tok and tok.rfind(b"<") == 0
    return tok[:2] == b"_:" and b"<" not in tok and b"\\" not in tok


def _token_key(tok: bytes) -> str:
    """The node key of an IRI or blank node as written (see ``_key``)."""
    try:
        return tok[1:-1].decode() if tok[:1] == b"<" else tok.decode()
    except UnicodeDecodeError:
        raise _NotPlain from None


class _Scan(_Census):
    """Passes 1 and 2 of ``_view`` in one scan of an N-Quads (or N-Triples) file's lines, without the
    parser: the census of ``_Census.read`` (over the same runs of one subject's lines), the records
    of its numbered subjects, and of each phrase reduced at once only what orders first mentions
    (its entities, contexts, parts and begin index) and where its lines are, to read again the few
    that turn out to be first mentions (``_view_of_scan``).

    The scan splits each line at its first two spaces. It reads only the files it reads surely: IRIs
    and blank nodes without escapes (``\\u``: the same IRI could be written two ways), no quoted
    triples, no comments, terms apart by one space (``_iri``, ``_check_tabs``); any other line raises
    ``_NotPlain``. Lines with other predicates are checked no further (the parser's passes skipped
    most of them too). Keys are kept as written (bytes) until ``keys_as_text``.
    """

    NUMBERED = (*_Census.NUMBERED, "ph_entity", "ph_place")

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.records: dict[bytes, _Subject] = {}
        self.first_at: dict[bytes, int] = {}  # numbered subjects: where their first run starts
        self.text_runs: dict[bytes, list[tuple[int, int]]] = defaultdict(list)  # runs with a text
        self.record_links: dict[bytes, list[tuple[int, bytes]]] = defaultdict(list)
        self.ph_start, self.ph_end, self.ph_begin = array("q"), array("q"), array("q")
        self.ph_about, self.ph_entity = array("i"), array("i")  # (phrase, entity)
        self.ph_where, self.ph_place, self.ph_context = array("i"), array("i"), bytearray()
        self.tokens: dict[bytes, str] = {}
        self.valid = _Valid()
        self._codes = _Codes(_TOKENS)
        self.fed = 0  # bytes of the file read so far (``feed``)
        self.known: set[int] = set()  # hashes of ``keys[:hashed]`` (``merge``)
        self.hashed = 0

    def scan(self) -> None:
        """Read the file's runs of one subject's lines (see ``feed``)."""
        for data in _run_pieces(self.path):
            self.feed(data)

    def feed(self, data: bytes) -> None:
        """Read the next piece of the file (whole runs of one subject's lines), grouped in C: the lines
        are split at their first two spaces and grouped by subject by ``groupby``; Python sees each
        run, not each line."""
        codes = self._codes
        split = methodcaller("split", b" ", 2)
        first = itemgetter(0)
        base = self.fed
        if b"\t" in data:
            _check_tabs(data)
        lines = data.split(b"\n")
        if not lines[-1]:
            lines.pop()  # after the last line break
        at = list(accumulate(map(len, lines), initial=0))  # at[i] + i: where line i starts
        i = 0
        for s, group in groupby(map(split, lines), first):
            items = list(group)
            start = base + at[i] + i
            i += len(items)
            if not _iri(s):
                if s or any(item != [b""] for item in items):
                    raise _NotPlain
                continue  # empty lines
            try:
                run = [(code, o) for _, p, o in items if (code := codes[p]) >= 0]
            except ValueError:  # a line without three terms
                raise _NotPlain from None
            end = base + at[i] + i
            if not (run and run[0][0] == _T_ANCHOR and self._close_phrase(s, run, start, end)):
                self._close(s, run, start, end)
        self.fed += len(data)

    def _close(self, s: bytes, run: list, start: int, end: int) -> None:
        """One subject's consecutive lines: as ``_Census._run``, and what pass 2 needs of them."""
        h = hash(s)
        if h in self.transient:
            self.split = True
        if self.seen is not None:
            self.seen.add(h)
        bits, chair, anchor = 0, False, False
        links: list[tuple[int, bytes]] = []
        literals: list[tuple[int, bytes]] = []
        valid, kind_bits = self.valid, _KIND_TOKENS
        for code, o in run:
            if code < _T_LITERAL:
                if o[:1] == b'"':
                    continue  # a literal: no link, no type
                tok = o[: o.find(b" ")]
                valid[tok]  # noqa: B018 (raises unless it is one term)
                if code:
                    links.append((code, tok))
                else:
                    bits |= kind_bits.get(tok, 0)
            elif code == _T_TEXT:
                self.text_runs[s].append((start, end))
            else:
                literals.append((code, o))
                if code == _T_ANCHOR:
                    anchor = anchor or o[:1] == b'"' or not valid[o[: o.find(b" ")]]
                elif code == _T_JOB and not chair:
                    lit = _literal(o)
                    chair = lit is not None and "主席" in lit[0]
        i = self.ids.get(s)
        if i is None:
            if not bits and anchor:  # a phrase and no node: reduce to pairs now
                self.transient.add(h)
                if links:
                    self._reduce(links, literals, start, end)
                return
            i = self.id(s)
        if bits:
            self.kinds[i] |= bits
        if chair:
            self.chair[i] = 1
        if anchor:
            self.phrase[i] = 1
        rec = self.records.get(s)
        if rec is None:
            rec = self.records[s] = _Subject()
            self.first_at[s] = start
        if literals:
            _fold_literals(rec, literals)
        if links:
            self._links(s, i, links)

    def _links(self, s: bytes, i: int, links: list[tuple[int, bytes]]) -> None:
        """A numbered subject's links: census rows, and what its record needs if it is a phrase."""
        ids, number = self.ids, self.id
        objects = [ids.get(o) for _, o in links]
        for k, (_, o) in enumerate(links):
            if objects[k] is None:
                objects[k] = number(o)
        self.rows_s.extend([i] * len(links))
        self.rows_p.extend([code for code, _ in links])
        self.rows_o.extend(objects)
        mine = [(code, o) for code, o in links if code <= _P_PART]
        if mine:  # what a numbered phrase's record needs (its about, contexts, parts)
            self.record_links[s].extend(mine)

    def _close_phrase(self, s: bytes, run: list, start: int, end: int) -> bool:
        """``_close`` of a run that starts with an anchor (most runs of a built graph: its phrases),
        when it is a phrase reduced at once; False (nothing done) when it is not, or not surely.
        (The same steps as ``_close`` and ``_reduce``, in fewer: a build has millions of phrases.)"""
        if run[0][1][:1] != b'"' or s in self.ids:
            return False
        valid = self.valid
        links: list[tuple[int, bytes]] = []
        begin = None
        for code, o in run:
            if code >= _T_LITERAL:
                if code == _T_BEGIN and o[:1] == b'"':
                    begin = o
                elif code == _T_TEXT:
                    return False
            elif o[:1] != b'"':
                tok = o[: o.find(b" ")]
                valid[tok]  # noqa: B018 (raises unless it is one term)
                if code:
                    links.append((code, tok))
                elif tok in _KIND_TOKENS:
                    return False  # a node
        h = hash(s)
        if h in self.transient:
            self.split = True
        self.transient.add(h)
        if links:
            abouts = [tok for code, tok in links if code == _P_ABOUT]
            if len(abouts) == 1 and len(links) == 3 and links[0][0] == _P_CONTEXT and links[2][0] == _P_PART:
                self._phrase(abouts[0], links[0][1], links[2][1], begin, start, end)  # the usual three
            else:
                self._reduce(links, [(_T_BEGIN, begin)] if begin is not None else [], start, end)
        return True

    def _phrase(self, about: bytes, context: bytes, part: bytes, begin, start: int, end: int) -> None:
        """``_reduce`` of a phrase about one entity with one context and one part (what a build writes)."""
        ids = self.ids
        a = ids.get(about)
        if a is None:
            a = self.id(about)
        c = ids.get(context)
        if c is None:
            c = self.id(context)
        w = ids.get(part)
        if w is None:
            w = self.id(part)
        k = len(self.ph_start)
        self.about.extend((a, a))
        self.where.extend((c, w))
        self.ph_about.append(k)
        self.ph_entity.append(a)
        self.ph_where.extend((k, k))
        self.ph_place.extend((c, w))
        self.ph_context.extend(b"\x01\x00")
        value = None
        if begin is not None:
            q = begin.find(b'"', 1)
            digits = begin[1:q]
            if begin[:1] == b'"' and q > 0 and b"\\" not in digits:
                value = _int(digits.decode())
            else:
                lit = _literal(begin)
                value = _int(lit[0]) if lit is not None else None
        self.ph_start.append(start)
        self.ph_end.append(end)
        self.ph_begin.append(1 << 30 if value is None else value)

    def _reduce(self, links: list, literals: list, start: int, end: int) -> None:
        """A phrase that is no node, reduced now: its pairs (as ``_Census._run``), and what orders it
        as a first mention and where its lines are (``ph_*``)."""
        number = self.id
        abouts = [number(o) for code, o in links if code == _P_ABOUT]
        if abouts:
            wheres = [number(o) for code, o in links if code in (_P_CONTEXT, _P_PART)]
            k = len(self.ph_start)
            for a in abouts:
                self.ph_about.append(k)
                self.ph_entity.append(a)
                self.about.extend([a] * len(wheres))
                self.where.extend(wheres)
            self.ph_where.extend([k] * len(wheres))
            self.ph_place.extend(wheres)
            self.ph_context.extend([code == _P_CONTEXT for code, _ in links if code in (_P_CONTEXT, _P_PART)])
            begin = None
            for code, o in literals:
                if code == _T_BEGIN:
                    lit = _literal(o)
                    if lit is not None:
                        begin = _int(lit[0])
            self.ph_start.append(start)
            self.ph_end.append(end)
            self.ph_begin.append(1 << 30 if begin is None else begin)
        if any(code == _P_CREATOR for code, _ in links):
            creators = [number(o) for code, o in links if code == _P_CREATOR]
            for article in [number(o) for code, o in links if code == _P_PART]:
                for c in creators:
                    self.shot_by.append(c)
                    self.shot_in.append(article)

    def merge(self, part: _Scan) -> bool:
        """Take in ``part``, a scan of the next bytes of the file read on their own (``scan_part``, in a
        render worker), as if this scan had read them: numbers of the part's keys in order of first
        use (new keys after this scan's, as one scan numbers them), its byte offsets after this scan's,
        its records joined to those of the same subjects. False, and nothing taken, when one scan could
        have read the bytes differently: a subject the part reduced at once was already numbered here,
        or a record cannot be joined surely (``_join``); the caller then feeds the bytes instead.
        The part's first run must not go on a run of this scan's (the caller checks the subjects)."""
        if self.split or part.split or not self.transient.isdisjoint(part.transient):
            self.split = True  # no view then (the state is not read again)
            self.fed += part.fed
            return True
        assert part.seen is not None
        if not self.transient.isdisjoint(part.seen):
            self.split = True
            self.fed += part.fed
            return True
        known = self.known
        if self.hashed < len(self.keys):
            known.update(map(hash, self.keys[self.hashed :]))
            self.hashed = len(self.keys)
        if not known.isdisjoint(part.transient):
            return False
        records = self.records
        for s, rec in part.records.items():
            before = records.get(s)
            if before is not None and not _joinable(before, rec):
                return False
        self._renumber(part, self.transient)
        phrases = len(self.ph_start)
        for mine, theirs, shift in (
            (self.ph_about, part.ph_about, phrases),
            (self.ph_where, part.ph_where, phrases),
            (self.ph_start, part.ph_start, self.fed),
            (self.ph_end, part.ph_end, self.fed),
        ):
            if theirs:
                mine.frombytes((_numbers(theirs) + shift).astype(mine.typecode).tobytes())
        self.ph_begin.extend(part.ph_begin)
        self.ph_context.extend(part.ph_context)
        base = self.fed
        for s, rec in part.records.items():
            before = records.get(s)
            if before is None:
                records[s] = rec
                self.first_at[s] = base + part.first_at[s]
            else:
                _fold_in(before, rec)  # joinable: asked above
        for s, links in part.record_links.items():
            self.record_links[s].extend(links)
        for s, runs in part.text_runs.items():
            self.text_runs[s].extend((a + base, b + base) for a, b in runs)
        self.transient |= part.transient
        self.fed += part.fed
        return True

    def _key(self, tok: bytes) -> str:
        key = self.tokens.get(tok)
        if key is None:
            key = self.tokens[tok] = _token_key(tok)
        return key

    def keys_as_text(self) -> None:
        """The census's keys and the records' as ``_Census.read`` has them (IRIs, ``_:id``)."""
        tokens = self.ids
        memo = self.tokens
        # each key once: through the memo (a C call) when known, else converted (and memoised)
        self.keys = [memo.get(tok) or self._key(tok) for tok in self.keys]
        self.ids = {key: i for i, key in enumerate(self.keys)}
        key = self._key
        for s, rec in self.records.items():
            i = tokens[s]
            rec.types = _KIND_TYPES[self.kinds[i]]
            if self.phrase[i]:
                for code, tok in self.record_links.get(s, ()):
                    if code == _P_CONTEXT:
                        rec.contexts = _grow(rec.contexts, key(tok))
                    elif code == _P_ABOUT:
                        rec.about = _grow(rec.about, key(tok))
                    else:
                        rec.links = _grow(rec.links, (SCHEMA + "isPartOf", key(tok)))
        self.record_links = {}
        self.known = set()  # no merge after this, no read: neither the hashes of keys nor of the
        self.transient = set()  # reduced subjects are asked for again (as ``_Census.read`` drops them)
        get = memo.get  # the subjects were converted with the keys
        self.records = {get(s) or key(s): rec for s, rec in self.records.items()}  # type: ignore[assignment]
        self.first_at = {get(s) or key(s): at for s, at in self.first_at.items()}  # type: ignore[assignment]
        self.text_runs = {get(s) or key(s): runs for s, runs in self.text_runs.items()}  # type: ignore[assignment]
        self.tokens = {}


def _numbers(a: array):
    """A numpy view of an array's numbers (the id remapping of ``_Scan.merge`` in C)."""
    import numpy as np

    return np.frombuffer(a, dtype=a.typecode)


#: the largest graph.nq the single scan reads (it keeps a record of every numbered subject: about a
#: sixth of the file's size in memory); a bigger one is read by the passes of ``_view``, which keep
#: only the shown nodes' records, so that an archive's build stays within its memory
SCAN_LIMIT = 1 << 30
#: the largest graph.nq read while it is written (``LineFeed``)
FEED_LIMIT = 1 << 29
#: bytes a ``LineFeed`` gathers before it scans them: small, so that little is left to scan once the
#: file is whole (the scan of the last block is on the build's critical path)
FEED_PIECE = 1 << 20


def _scannable(path: Path) -> bool:
    try:
        return path.stat().st_size <= SCAN_LIMIT
    except OSError:
        return False


@dataclass
class ScannedPart:
    """The scan of a piece of graph.nq made on its own (``scan_part``), for ``LineFeed.write``."""

    scan: _Scan
    probe: int  # ``_probe()`` where it was made: bytes hash alike only in processes forked alike
    first: bytes  # the subjects of its first and last lines (where runs may go on across pieces)
    last: bytes


def _probe() -> int:
    """A hash of bytes: the scans' sets of reduced subjects are hashes, comparable only between
    processes with the same hash seed (forked ones)."""
    return hash(b"kg: the same hash seed?")


def scan_part(data: bytes) -> ScannedPart | None:
    """``_Scan`` of ``data`` (whole lines, each of its subjects' runs whole) on its own: what a render
    worker gives with the part it rendered, so that the main process merges (``_Scan.merge``) instead
    of scanning. None when the scan cannot read it surely (the main process then feeds the bytes and
    finds the same)."""
    if not data or not data.endswith(b"\n"):
        return None
    scan = _Scan(Path())
    scan.seen = set()
    try:
        with parallel.no_collection():  # the scan makes many objects and no cycles (see ``_view_lines``)
            scan.feed(data)
    except (_NotPlain, SyntaxError, UnicodeDecodeError):
        return None
    scan.valid = scan._codes = None  # type: ignore[assignment]  # memos: not sent back
    scan.ids = {}  # the keys say it (``merge`` numbers them in order): not pickled twice
    return ScannedPart(scan, _probe(), _first_subject(data), _last_subject(data))


def _first_subject(data: bytes | bytearray) -> bytes:
    """The subject of the first line of ``data``; empty when it is not whole yet (unknown)."""
    space = data.find(b" ")
    return bytes(data[:space]) if space >= 0 and b"\n" not in data[:space] else b""


def _last_subject(data: bytes | bytearray) -> bytes:
    """The subject of the last line of ``data`` (which ends with a line break)."""
    return bytes(data[data.rfind(b"\n", 0, len(data) - 1) + 1 :].split(b" ", 1)[0])


class LineFeed:
    """The scan of a build's graph.nq fed as the writer writes it (``write``, then ``close``), so that
    with ``--jobs N`` the main process reads the view's lines while the workers render (it mostly
    waits for them then); ``render(..., fed=...)`` then skips the scan. Blocks are cut where the
    subject changes (a run of one subject's lines is read whole); a block the scan cannot read
    surely marks the feed failed, and ``render`` reads the file as before; so does a file past
    ``FEED_LIMIT`` (the scan's records would be held beside the writer's, at its peak of memory).

    A block may come scanned already (``scan_part`` in the worker that rendered it): it is merged
    instead of read, once the next block shows that its last run ends with it (a run that goes on
    is read whole after all)."""

    def __init__(self, path: str | Path) -> None:
        self.scan = _Scan(Path(path))
        self.buffer = bytearray()
        self.failed = False
        self.closed = False
        self.ahead: tuple | None = None  # (fmt, min_degree, the view) worked out by ``view_ahead``
        self.pending: tuple[bytes, ScannedPart] | None = None  # a scanned block, merged once settled
        self.merged = 0  # blocks merged (a figure for tests and benches)

    def write(self, data, scanned: ScannedPart | None = None) -> None:
        """The next bytes of the file; ``scanned``: their scan, made elsewhere (``scan_part``), and
        then ``data`` may be bytes to read only if needed (an object with ``len`` and ``read``)."""
        if self.failed or not data:
            return
        pending = len(self.pending[0]) if self.pending is not None else 0
        if self.scan.fed + pending + len(self.buffer) + len(data) > FEED_LIMIT:
            self._give_up()  # a big build: its writer's memory and the scan's would add up
            return
        if scanned is not None and not (scanned.probe == _probe() and scanned.scan.fed == len(data)):
            data, scanned = self._bytes(data), None
        if data is None:
            return
        first = scanned.first if scanned is not None else _first_subject(data)
        if self.pending is not None:
            self._settle(first)
        if scanned is not None:
            if self.buffer and _last_subject(self.buffer) != first:
                self._feed(bytes(self.buffer))  # whole runs: the block starts another subject
                self.buffer = bytearray()
            if not self.buffer and not self.failed:
                self.pending = (data, scanned)
                return
            data = self._bytes(data)
        if self.failed or data is None:
            return
        self.buffer += data
        if len(self.buffer) < FEED_PIECE:
            return
        # the last whole line: its subject's run may go on in the part of a line after it (whose
        # subject may not even be whole yet) and in the next block, so the cut goes before that run
        whole = self.buffer.rfind(b"\n") + 1
        end = self.buffer.rfind(b"\n", 0, whole - 1) + 1 if whole > 0 else 0
        if end <= 0:
            return
        space = self.buffer.find(b" ", end, whole)
        last = bytes(self.buffer[end:space]) if space > end else None
        cut = end  # back to the first line of the last subject's run (it may go on in the next block)
        while last is not None and cut > 0:
            prev = self.buffer.rfind(b"\n", 0, cut - 1) + 1
            if self.buffer[prev : prev + len(last) + 1] != last + b" ":
                break
            cut = prev
        if cut > 0:
            self._feed(bytes(self.buffer[:cut]))
            del self.buffer[:cut]

    def _settle(self, following: bytes | None) -> None:
        """Merge the pending scanned block, or read it when its last run may go on in the next block
        (whose first subject is ``following``: None at the end, empty when not known) or the merge
        is unsure."""
        assert self.pending is not None
        data, scanned = self.pending
        self.pending = None
        ends = following is None or (following and following != scanned.last)
        if ends and self.scan.merge(scanned.scan):
            self.merged += 1
            return
        data = self._bytes(data)
        if data is None:
            return
        if ends:
            self._feed(data)
        else:
            self.buffer += data  # read with what follows

    def _bytes(self, data) -> bytes | None:
        """``data`` as bytes (read if it is not: None, and the feed failed, if it cannot be)."""
        if isinstance(data, bytes | bytearray):
            return data
        try:
            return data.read()
        except OSError:
            self._give_up()
            return None

    def _give_up(self) -> None:
        self.failed = True
        self.buffer = bytearray()
        self.pending = None
        self.scan = _Scan(self.scan.path)  # drop what was read (``render`` reads the file instead)

    def close(self) -> None:
        if not self.failed and self.pending is not None:
            self._settle(None)
        if not self.failed and self.buffer:
            self._feed(bytes(self.buffer))
        self.buffer = bytearray()
        self.closed = True

    def _feed(self, data: bytes) -> None:
        try:
            with parallel.no_collection():  # the scan makes many objects and no cycles (see ``_view_lines``)
                self.scan.feed(data)
        except (_NotPlain, SyntaxError, UnicodeDecodeError):
            self.failed = True

    def view_ahead(self, path: str | Path, min_degree: int | None = None) -> None:
        """Close the feed and start working out the default view of the file, from its bytes at
        ``path`` (the writer's temporary file, whole but not yet in place): ``render(..., fed=self)``
        then only writes the page. A ``--jobs`` build calls it once graph.nq is whole: the view is
        worked out in a process forked now, on the core the workers leave, while this process ends
        the other files (in this one, where there is no 'fork' or that process fails)."""
        import pyoxigraph as ox

        self.close()
        fmt = ox.RdfFormat.N_QUADS
        if not self.failed and not self.scan.split:
            forked = _fork_view(self, Path(path), fmt, min_degree)
            if forked is not None:
                self.ahead = (fmt, min_degree, forked)
                return
        final, self.scan.path = self.scan.path, Path(path)
        try:
            view = self.view(fmt, min_degree)
        finally:
            self.scan.path = final
        self.ahead = (fmt, min_degree, view)

    def view(self, fmt, min_degree: int | None) -> tuple[nx.MultiDiGraph, str, int] | None:
        """``_view_lines`` of the fed file, or None when the feed cannot give it (the scan is read
        once: a second call gives what ``view_ahead`` worked out, when it asks the same)."""
        if self.ahead is not None:
            if self.ahead[:2] != (fmt, min_degree):
                return None
            view = self.ahead[2]
            if isinstance(view, parallel.Forked):
                # worked out here when the forked process failed: this scan is as it was (that process
                # read a copy), and the file is in place by now
                ok, got = view.result()
                view = got if ok else self._worked_out(fmt, min_degree)
                self.ahead = (fmt, min_degree, view)
            return view
        if self.failed or not self.closed or self.scan.split:
            return None
        return self._worked_out(fmt, min_degree)

    def _worked_out(self, fmt, min_degree: int | None) -> tuple[nx.MultiDiGraph, str, int] | None:
        try:
            with parallel.no_collection():  # as ``_view_lines``
                self.scan.keys_as_text()
                return _view_of_scan(self.scan, fmt, min_degree)
        except (_NotPlain, SyntaxError, OSError, UnicodeDecodeError):
            return None

    def cancel(self) -> None:
        """Stop working out the view ahead, if it is being worked out (the build gave up)."""
        if self.ahead is not None and isinstance(self.ahead[2], parallel.Forked):
            self.ahead[2].cancel()
            self.ahead = None


def _fork_view(feed: LineFeed, path: Path, fmt, min_degree: int | None) -> parallel.Forked | None:
    """``feed``'s view worked out by a process forked now, reading ``path`` through a descriptor
    opened here (the writer renames the file meanwhile); None where no process can be forked."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return parallel.Forked.start(_view_forked, feed, fd, path, fmt, min_degree)
    finally:
        os.close(fd)  # the forked process has its own


def _view_forked(feed: LineFeed, fd: int, path: Path, fmt, min_degree: int | None):
    """In the forked process: the view, reading the file by the inherited descriptor (a path that
    names it whatever it is called now; the one it had where there is no /dev/fd)."""
    by_fd = Path(f"/dev/fd/{fd}")
    feed.scan.path = by_fd if by_fd.exists() else path
    return feed._worked_out(fmt, min_degree)


def _view_lines(path: Path, fmt, min_degree: int | None) -> tuple[nx.MultiDiGraph, str, int] | None:
    """``_view`` of an N-Quads or N-Triples file from one ``_Scan`` of its lines; None when the scan
    cannot read it surely or a phrase's statements are not together (the caller falls back: the
    parser then also says where a file is not readable)."""
    scan = _Scan(path)
    try:
        with parallel.no_collection():  # the scan makes many objects and no cycles: see ``no_collection``
            scan.scan()
            if scan.split:
                return None
            scan.keys_as_text()
            return _view_of_scan(scan, fmt, min_degree)
    except (_NotPlain, SyntaxError, OSError, UnicodeDecodeError):
        return None


def _view_of_scan(scan: _Scan, fmt, min_degree: int | None) -> tuple[nx.MultiDiGraph, str, int]:
    """The view from a finished scan: passes 1 and 2 done, but for the records of the reduced phrases
    that are first mentions and the texts they quote, read again by their byte ranges."""
    shown, note, mentioned_in, keep = _cut(scan, min_degree)
    subjects: dict[str, _Subject] = scan.records  # type: ignore[assignment]
    keys = scan.keys
    shown_keys = {keys[i] for i in shown}
    first_read = {key: scan.first_at[key] for key in subjects if scan.phrase[scan.ids[key]]}
    best_of = _reduced_firsts(scan, shown, keep, subjects, fmt)
    candidates = _candidates(subjects, first_read, best_of, shown_keys)

    def fill_texts(wanted: set[str]) -> None:
        runs = sorted({run for key in wanted for run in scan.text_runs.get(key, ())})
        _texts(_read_runs(scan.path, fmt, runs), wanted, subjects)

    g = _assemble(scan, shown, mentioned_in, keep, subjects, candidates, fill_texts)
    return g, note, scan.articles


def _reduced_firsts(
    scan: _Scan, shown: set[int], keep: bytearray, subjects: dict[str, _Subject], fmt
) -> dict:
    """Among the reduced phrases about each shown node, the first mention (the least order, the first
    read of equals), in the ``best_of`` form of ``_records_part``; only these phrases are read again."""
    keys = scan.keys
    about: dict[int, list[int]] = defaultdict(list)
    for k, a in zip(scan.ph_about, scan.ph_entity, strict=True):
        if a in shown:
            about[k].append(a)
    contexts: dict[int, list[str]] = defaultdict(list)
    in_articles: dict[int, set[str]] = defaultdict(set)
    for k, w, is_context in zip(scan.ph_where, scan.ph_place, scan.ph_context, strict=True):
        if k in about:
            if is_context:
                contexts[k].append(keys[w])
            if keep[w] and scan.is_article(w):
                in_articles[k].add(keys[w])
    orders: dict[str, tuple] = {}

    def article_order(a: str) -> tuple:
        order = orders.get(a)
        if order is None:
            rec = subjects.get(a) or _Subject()
            pos = rec.position if rec.position is not None else 1 << 30
            order = orders[a] = (rec.date, pos, _label(a, rec), a)
        return order

    best: dict[int, tuple[tuple, int]] = {}
    for k in sorted(about):
        arts = in_articles.get(k)
        where = min(arts, key=article_order) if arts else min(contexts.get(k, ()), default=None)
        order = (*article_order(where), scan.ph_begin[k]) if where else (None,)
        for a in about[k]:
            if a not in best or order < best[a][0]:
                best[a] = (order, k)
    phrases = sorted({k for _, k in best.values()})
    runs = [(scan.ph_start[k], scan.ph_end[k]) for k in phrases]
    recs: dict[int, _Subject] = {}
    memo: dict[str, str] = {}
    for k, quads in zip(phrases, _runs_quads(scan.path, fmt, runs), strict=True):
        rec = recs[k] = _Subject()
        for quad in quads:
            _fold(rec, quad.predicate.value, quad.object, memo)
    return {(keys[a], None): (0, scan.ph_start[k], recs[k]) for a, (_, k) in best.items()}


def _runs_quads(path: Path, fmt, runs: list[tuple[int, int]]) -> Iterator[list]:
    """The statements of each of these byte ranges of ``path`` (runs in file order)."""
    import pyoxigraph as ox

    with path.open("rb") as f:
        for start, end in runs:
            f.seek(start)
            yield list(ox.parse(f.read(end - start), fmt))


def _read_runs(path: Path, fmt, runs: list[tuple[int, int]]) -> Iterator:
    """The statements of these byte ranges of ``path``, one after the other."""
    for quads in _runs_quads(path, fmt, runs):
        yield from quads


# ------------------------------------------------------------------------------ passes 1 and 2 in parallel

#: files smaller than this are read in one process (a pool costs more than it saves)
_MIN_SPLIT = 1 << 22
#: spans per worker: the pool hands them out as workers come free (the statements about entities, at
#: the end of the file, cost more per byte than the rest)
_SPANS_PER_JOB = 3
#: what the workers of a pass read with, inherited through 'fork' (set by ``_pool`` only)
_worker_state: tuple = ()


def _fork_pool(jobs: int, state: tuple):
    """A pool of ``jobs`` processes forked now, which see ``state`` as ``_worker_state``; None where
    there is no 'fork' (the passes then run here)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if os.name != "posix" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_set_worker_state,
        initargs=(state,),
    )


def _set_worker_state(state: tuple) -> None:
    """Pool initializer: the state, and the inherited objects out of the worker's garbage collection
    (a collection would write to every one of them, copying the parent's pages)."""
    import gc

    gc.freeze()
    global _worker_state
    _worker_state = state


def _spans(path: Path, parts: int) -> list[tuple[int, int]] | None:
    """``parts`` consecutive byte ranges of an N-Quads file, each cut between two lines about different
    subjects; None when the file is small. A cut is only made between lines of the form ``S <P> ...``
    whose subjects ``S`` differ as bytes, which is only trusted in a file without escapes and quoted
    triples (the workers check their span: ``_plain``)."""
    import mmap

    size = path.stat().st_size
    if parts < 2 or size < _MIN_SPLIT:
        return None

    def subject(data, start: int) -> bytes | None:
        end = data.find(b" ", start)
        if end <= start or data[start : start + 1] not in (b"<", b"_") or data[end + 1 : end + 2] != b"<":
            return None
        s = data[start:end]
        return None if b"\n" in s else s

    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        cuts = [0]
        for k in range(1, parts):
            at = data.find(b"\n", max(cuts[-1], size * k // parts)) + 1
            while 0 < at < size:
                before = subject(data, data.rfind(b"\n", 0, at - 1) + 1)
                here = subject(data, at)
                if before is not None and here is not None and before != here:
                    cuts.append(at)
                    break
                at = data.find(b"\n", at) + 1
            else:
                break
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False)] if len(cuts) > 2 else None


def _plain(path: Path, span: tuple[int, int]) -> bool:
    """Whether the span has no ``\\u``/``\\U`` escape (an IRI could be written with one) and no
    ``<<`` (a quoted triple): then the same subject is the same bytes and its lines say it first."""
    import mmap

    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        start, end = span
        # a needle may straddle a cut: look one byte either side
        start, end = max(0, start - 1), min(len(data), end + 1)
        return all(data.find(needle, start, end) < 0 for needle in (b"\\u", b"\\U", b"<<"))


def _census_span(span: tuple[int, int]) -> _Census | None:
    """Pass 1 over one span, in a worker (``_merge_censuses`` joins the spans); None when the span
    is not ``_plain``."""
    path, fmt = _worker_state
    if not _plain(path, span):
        return None
    census = _Census()
    census.read(read_quads(path, fmt, _CENSUS, span=span), part=True)
    census.ids = {}  # the keys say it; not pickled twice
    return census


def _merge_censuses(parts: Iterable[_Census | None]) -> _Census | None:
    """The census one pass over the whole file would have taken, from those of its consecutive spans;
    None when a span read on its own may have counted differently (a subject it reduced at once was
    already known from an earlier span) or was not read (not ``_plain``): then pass 1 reads the whole
    file in one go.

    As in one pass: numbers in order of first use, a reduced subject met again as a subject splits the
    file, one met again as an object is a phrase for pass 2. ``parts`` are merged as they come (while
    the workers read the next spans); a span not read gives None whatever came before it.
    """
    whole = _Census()
    reduced: set[int] = set()  # hashes of the subjects the spans so far reduced at once
    known: set[int] = set()  # hashes of the keys numbered so far
    unsure = False
    for part in parts:
        if part is None:
            return None
        if whole.split or unsure:
            continue  # decided: only a span not read could change it
        assert part.seen is not None
        if part.split or not reduced.isdisjoint(part.seen):
            whole.split = True
            continue
        if not known.isdisjoint(part.transient):
            unsure = True
            continue
        before = len(whole.keys)
        whole._renumber(part, reduced)
        known.update(map(hash, whole.keys[before:]))
        reduced |= part.transient
    return None if unsure else whole


def _joinable(rec: _Subject, later: _Subject) -> bool:
    """Whether ``_join`` can fold ``later`` into ``rec`` surely: no number set before that ``later``
    lacks (it may have read a number that was not one, which ``_fold`` would have kept as None)."""
    return all(getattr(rec, name) is None or getattr(later, name) is not None for name in _NUMBERS)


_NUMBERS = ("position", "begin", "end")


def _join(rec: _Subject, later: _Subject) -> bool:
    """Fold into ``rec`` what ``later`` (the same subject, read further on) adds, as ``_fold`` would
    have; False (nothing folded) when that is unsure (see ``_joinable``)."""
    if not _joinable(rec, later):
        return False
    _fold_in(rec, later)
    return True


def _fold_in(rec: _Subject, later: _Subject) -> None:
    """``_join`` once ``_joinable`` said yes (a merge asks first, for every record of the part)."""
    for name in _COLLECTIONS:
        more = getattr(later, name)
        if more:  # most are empty: a record of one document's part names few things
            values = getattr(rec, name)
            for value in more:
                values = _grow(values, value)
            setattr(rec, name, values)
    if later.date > rec.date:
        rec.date = later.date
    for name in _LATER_WINS:
        value = getattr(later, name)
        if value is not None:
            setattr(rec, name, value)


_COLLECTIONS = ("types", "names", "aliases", "headlines", "job_titles", "contexts", "about", "links")
_LATER_WINS = ("position", "begin", "end", "anchor")


def _records_span(span: tuple[int, int]) -> tuple:
    """Pass 2 over one span, in a worker."""
    path, fmt, census, keep, shown = _worker_state
    return _records_part(read_quads(path, fmt, _FOLDED, span=span), census, keep, shown)


def _texts_all(_: object = None) -> dict[str, tuple[str | None, str | None]]:
    """Pass 3 ahead, in a worker: the least article body and document text of every subject."""
    path, fmt = _worker_state[:2]
    out: dict[str, tuple[str | None, str | None]] = {}
    import pyoxigraph as ox

    for quad in read_quads(path, fmt, _TEXTS, runs=False):
        p, s, o = quad.predicate.value, quad.subject, quad.object
        if (p != SCHEMA + "articleBody" and p != NIF + "isString") or isinstance(s, ox.Triple):
            continue
        if not isinstance(o, ox.Literal):
            continue
        key = _key(s)
        body, text = out.get(key, (None, None))
        if p == SCHEMA + "articleBody":
            body = o.value if body is None else min(body, o.value)
        else:
            text = o.value if text is None else min(text, o.value)
        out[key] = (body, text)
    return out


def _merge_records(parts: list[tuple]) -> tuple[dict[str, _Subject], dict[str, int], dict] | None:
    """Pass 2's results of consecutive spans as one pass would have them (each span's record numbers
    shifted by the records of the spans before: the order is the same); None when a subject's record
    in two spans cannot be joined surely (see ``_join``)."""
    subjects: dict[str, _Subject] = {}
    first_read: dict[str, int] = {}
    best_of: dict[tuple, tuple[int, int, _Subject]] = {}
    shift = 0
    for recs, reads, bests, count in parts:
        for key, rec in recs.items():
            before = subjects.get(key)
            if before is None:
                subjects[key] = rec
            elif not _join(before, rec):
                return None
        for key, at in reads.items():
            first_read.setdefault(key, at + shift)
        for group, (begin, at, slim) in bests.items():
            best = best_of.get(group)
            if best is None or begin < best[0]:
                best_of[group] = (begin, at + shift, slim)
        shift += count
    return subjects, first_read, best_of


# ---------------------------------------------------------------------------------------- views


def find_nodes(g: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes whose name, alias or headline is ``name`` (compared in Python, never pasted into a query)."""
    wanted = " ".join(name.split())
    hits = [n for n, d in g.nodes(data=True) if wanted in (d["label"], n) or wanted in d["aliases"]]
    return sorted(hits, key=lambda n: (-g.degree(n), n))


def select(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 1,
    types: Sequence[str] | None = None,
    min_degree: int | None = None,
) -> tuple[nx.MultiDiGraph, str]:
    """The view asked for and a note for the page (empty, or why nodes were left out)."""
    notes = []
    if types:
        keep: set[str] = set()
        for t in types:
            kinds = TYPE_ALIASES.get(t.strip().lower()) or TYPE_ALIASES.get(t.strip())
            if not kinds:
                choices = "Person, Organization, union, company, government, Place, Event, Article"
                raise GraphError(f"unknown node type {t!r}: choose from {choices}")
            keep.update(kinds)
        g = g.subgraph([n for n, k in g.nodes(data="kind") if k in keep]).copy()
    if focus is not None:
        hits = find_nodes(g, focus)
        if not hits:
            raise GraphError(
                f"no node named {focus!r} in the graph (names, aliases and headlines are searched)"
            )
        if hops < 0:
            raise GraphError(f"--hops must be 0 or more, not {hops}")
        ego: set[str] = set()
        for hit in hits:
            ego.update(_nx().ego_graph(g, hit, radius=hops, undirected=True).nodes)
        g = g.subgraph(sorted(ego)).copy()
    if min_degree is None and g.number_of_nodes() > MAX_NODES:
        min_degree = 1
        while sum(1 for _, d in g.degree() if d >= min_degree) > MAX_NODES:
            min_degree += 1
        total = g.number_of_nodes()
        g = _min_degree(g, min_degree)
        dropped = total - g.number_of_nodes()
        notes.append(
            f"为保持流畅，已隐藏 {dropped} 个连接数少于 {min_degree} 的节点（共 {total} 个）；"
            f"用 --min-degree 0 显示全部。"
        )
    elif min_degree:
        total = g.number_of_nodes()
        g = _min_degree(g, min_degree)
        if total > g.number_of_nodes():
            notes.append(
                f"已隐藏 {total - g.number_of_nodes()} 个连接数少于 {min_degree} 的节点（共 {total} 个）。"
            )
    return g, " ".join(notes)


def _min_degree(g: nx.MultiDiGraph, k: int) -> nx.MultiDiGraph:
    return g.subgraph(sorted(n for n, d in g.degree() if d >= k)).copy()


# ----------------------------------------------------------------------------------------- output


def _nx():
    """networkx, imported on first use (0.15 s: a build imports it while its workers render, see
    ``preload``; the commands that never draw a view do not import it)."""
    import networkx

    return networkx


def preload() -> None:
    """Import and read what the view and ``html_page`` use now (see ``preload_steps``)."""
    for _ in preload_steps():
        pass


def preload_steps() -> Iterator[None]:
    """``preload`` a piece at a time (each ``next`` one import: 0.05 to 0.1 s), for a caller with
    moments to spare (a build, while it waits for its workers): numpy, which the scan's merges use
    and link's end too, networkx, pyvis and its Jinja, the vis-network files."""
    import numpy  # noqa: F401

    yield
    import networkx  # noqa: F401

    yield
    import pyvis.network  # noqa: F401

    yield
    _asset("vis-network.css")
    _asset("vis-network.min.js")


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return _vis_dir().joinpath(name).read_text(encoding="utf-8")


def _vis_dir() -> Path:
    """The folder of the page template and the vendored vis-network files (a real folder: Jinja loads from it)."""
    return Path(str(resources.files("kg").joinpath("resources", "vis")))


#: What JSON leaves raw but may end a <script> (``</``, ``<!--``, ``]]>``) or, for old JavaScript
#: engines, a line (U+2028/2029), with its escape. (str.replace, not str.translate: ten times faster.)
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_safe(text: str) -> str:
    """A JSON text made safe inside <script>: every ``<``, ``>``, ``&``, U+2028, U+2029 as a \\u escape.

    Outside JSON strings these characters cannot occur, so the JSON value is unchanged.
    """
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return text


def script_json(value) -> str:
    """JSON that is safe inside <script>: no ``</``, ``<!--``, ``]]>`` and no U+2028/2029 line breaks."""
    return script_safe(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def _vis_options(n: int) -> dict:
    big = n > BIG
    return {
        "autoResize": True,
        "layout": {"randomSeed": 20240607, "improvedLayout": n <= 150},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#b8b8b8", "highlight": "#444444", "hover": "#666666"},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "smooth": False if big else {"type": "continuous"},
            "width": 1,
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.2},
            "stabilization": {
                "enabled": True,
                "iterations": 400 if n <= BIG else (150 if n <= MAX_NODES else 100),
                "updateInterval": 50,
                "fit": True,
            },
        },
    }


def page_data(g: nx.MultiDiGraph, *, title: str, note: str = "") -> dict:
    """What the page script receives: nodes and edges with numeric ids (sorted, so bytes are stable)."""
    order = sorted(g.nodes)
    ids = {n: i for i, n in enumerate(order)}
    nodes = []
    for n in order:
        d = g.nodes[n]
        degree = g.degree(n)
        label = d["label"]
        short = label if d["kind"] != "article" or len(label) <= 14 else label[:13] + "…"
        nodes.append(
            {
                "id": ids[n],
                "label": short,
                "name": label,
                "kind": d["kind"],
                "iri": d["iri"],
                "aliases": list(d["aliases"]),
                "headlines": list(d["headlines"]),
                "first": d["first"],
                "degree": degree,
                "size": round(min(48.0, 8 + 4 * math.sqrt(degree)), 1),
            }
        )
    edges = [
        {"id": i, "from": ids[u], "to": ids[v], "label": label}
        for i, (u, v, label) in enumerate(sorted(g.edges(data="label")))
    ]
    present = {d for _, d in g.nodes(data="kind")}
    kinds = [
        {"kind": k, "label": label, "color": color, "shape": shape}
        for k, label, color, shape in KINDS
        if k in present
    ]
    return {
        "title": title,
        "note": note,
        "kinds": kinds,
        "nodes": nodes,
        "edges": edges,
        "options": _vis_options(len(nodes)),
    }


def network(g: nx.MultiDiGraph, *, title: str = "知识图谱", note: str = "") -> Network:
    """The pyvis ``Network`` of a view, set up to render our template (see ``html_page``)."""
    from pyvis.network import Network

    data = page_data(g, title=title, note=note)
    net = Network(height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line")
    # the node and edge dicts in one go, as add_node/add_edge would leave them (without their O(N) checks)
    net.nodes, net.edges = data["nodes"], data["edges"]
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    options = json.dumps(data["options"], sort_keys=True, separators=(",", ":"))
    net.set_options(options)
    if net.options != data["options"]:  # set_options deletes every space, also inside strings
        raise ValueError("vis options with spaces in a string do not survive pyvis's set_options")
    net.set_template_dir(str(_vis_dir()), "page.html")
    env = net.templateEnv
    env.keep_trailing_newline = True
    env.filters.update(script_json=script_json, script_safe=script_safe)
    env.globals.update(
        note=note,
        kinds=data["kinds"],
        vis_css=_asset("vis-network.css"),
        vis_js=_asset("vis-network.min.js"),
    )
    return net


def html_page(g: nx.MultiDiGraph, *, title: str = "知识图谱", note: str = "") -> str:
    """The whole page from pyvis's ``generate_html``: template + inlined vis-network + escaped data.

    Deterministic for a given graph.
    """
    return network(g, title=title, note=note).generate_html(name="graph.html")


def _flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalars (GraphML and GEXF take no lists)."""
    import networkx as nx

    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(
            n,
            label=d["label"],
            kind=d["kind"],
            kind_zh=KIND_LABEL[d["kind"]],
            aliases=" | ".join(d["aliases"]),
            headlines=" | ".join(d["headlines"]),
            first=d["first"],
            degree=g.degree(n),
        )
    for u, v, label in g.edges(data="label"):
        out.add_edge(u, v, label=label)
    return out


def _default_out(source: Path, graph: str | Path, fmt: str) -> Path:
    if Path(graph).is_dir():
        return Path(graph) / f"graph.{fmt}"
    return source.with_suffix(f".{fmt}")


def render(
    graph: str | Path,
    out: str | Path | None = None,
    *,
    focus: str | None = None,
    hops: int = 1,
    types: Sequence[str] | None = None,
    min_degree: int | None = None,
    fmt: str = "html",
    jobs: int = 1,
    fed: LineFeed | None = None,
) -> Path:
    """Write the network view of GRAPH (a Turtle/TriG/N-Quads file or a build OUTDIR); return its path.

    ``jobs`` > 1: the default view of a large N-Quads file is read by that many forked processes
    (see ``_view``); ``fed``: the build's graph.nq was scanned as it was written (``LineFeed``). The
    page is the same."""
    if fmt not in FORMATS:
        raise GraphError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    source, rdf_format = graph_file(graph)
    view = None
    if focus is None and not types:
        # a build folder's N-Quads hold the same statements as its TriG, one a line: the view reads
        # them as bytes first, and in spans with ``jobs``
        lines = (
            graph_file(graph, ("graph.nq",)) if Path(graph, "graph.nq").is_file() else (source, rdf_format)
        )
        if fed is not None and fed.scan.path.resolve() == Path(lines[0]).resolve():
            view = fed.view(lines[1], min_degree)
        view = view or _view(*lines, min_degree, jobs)
    if view is not None:
        g, note, articles = view
    else:  # an ego network or a type filter needs the whole projection
        whole = load_graph(source)
        g, note = select(whole, focus=focus, hops=hops, types=types, min_degree=min_degree)
        articles = sum(1 for _, kind in whole.nodes(data="kind") if kind == "article")
    path = Path(out) if out is not None else _default_out(source, graph, fmt)
    title = f"知识图谱 · {focus}" if focus else f"知识图谱 · {articles} 篇文章"
    try:
        if fmt == "html":
            _write_text(path, html_page(g, title=title, note=note))
        elif fmt == "graphml":
            _write_text(path, "\n".join(_nx().generate_graphml(_flat(g))) + "\n")
        else:
            text = "\n".join(_nx().generate_gexf(_flat(g)))
            # the writer stamps today's date: drop it so that the same graph gives the same bytes
            _write_text(path, re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n")
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror or e}") from None
    return path


def _write_text(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so that a reader never sees half a page."""
    from kg.write import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
