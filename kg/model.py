"""The small typed records that flow between pipeline stages.

Every stage is a plain function from one of these to the next (see ``kg.pipeline``). They are frozen so
that a stage cannot quietly change what an earlier stage produced, and they hold only data, so that
per-document results can be pickled to a process pool, a Dask cluster or the incremental cache.

Coordinates: ``Page.text`` is the normalised text of one document. Every span in ``Article``,
``Mention``, ``Relation`` and ``Event`` is a half-open ``[start, end)`` pair in *page* coordinates;
``Page.to_original`` maps it back to the document's original text, which is what ``mentions.jsonl``
and the NIF offsets publish.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

EntityType = Literal["Person", "Organization", "Place"]
MentionType = Literal["Person", "Organization", "Place", "Event", "Date"]
CreditRole = Literal["author", "contributor", "photographer"]

#: organisation kinds, mapped to schema.org subtypes by ``kg.rdf``
ORG_KINDS = (
    "union",
    "company",
    "government",
    "bank",
    "hospital",
    "school",
    "association",
    "department",
    "other",
)


def _pickled_as_tuple(cls):
    """Pickle a slotted record as ``cls(*fields)``.

    Why: dataclasses unpickle a frozen slotted class through ``_dataclass_setstate``, which calls
    ``fields()`` once per object; a build unpickles every document's hundreds of mentions and spans
    (the cache, the process pool), and the plain constructor call is about twice as fast with a smaller
    pickle.
    """
    get = attrgetter(*cls.__slots__)

    def __reduce__(self):
        return (cls, get(self))

    cls.__reduce__ = __reduce__
    return cls


@dataclass(frozen=True)
class Warning_:
    """Something a user should know about their input; lands in ``report.json``."""

    source: str
    message: str
    line: int | None = None
    offset: int | None = None

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        where += f" (offset {self.offset})" if self.offset is not None else ""
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Document:
    """One input document exactly as read: a ``.txt`` page or one line of a ``.jsonl`` corpus."""

    id: str  # stable, unique in the corpus: file stem, or the JSONL ``id``
    text: str  # the original text as decoded (JSONL: the ``text`` field), never altered
    source: str  # the file it came from, as given by the user
    line: int | None = None  # 1-based line for JSONL documents
    encoding: str = "utf-8"
    date: str | None = None  # YYYY-MM-DD issue date when known (JSONL ``date`` or ``--issue-date``)
    newspaper: str | None = None
    page: str | None = None
    title: str | None = None


@dataclass(frozen=True, eq=False)
class Page:
    """Normalised text of one document with a map back to the original.

    ``origin[i]`` is the index in ``doc.text`` of normalised character ``i``; ``origin`` has one extra
    trailing element, ``len(doc.text)``, so that an empty span at the end maps too.
    """

    doc: Document
    text: str
    origin: array  # array('q'), len(text) + 1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open page span to a half-open span of the original text."""
        if end <= start:
            o = self.origin[start]
            return o, o
        return self.origin[start], self.origin[end - 1] + 1

    def original(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.doc.text[s:e]


@_pickled_as_tuple
@dataclass(frozen=True, slots=True)
class Span:
    """A piece of page text: ``page.text[start:end] == text``."""

    start: int
    end: int
    text: str


@_pickled_as_tuple
@dataclass(frozen=True, slots=True)
class Credit:
    """A person named in a byline or a photo credit."""

    name: str
    role: CreditRole
    start: int
    end: int


@dataclass(frozen=True)
class Caption:
    """A photo caption ending in ``X 摄``; ``article`` is the index of the article it belongs to."""

    index: int  # order among the page's captions
    span: Span  # the caption text without the credit
    credits: tuple[Credit, ...]
    article: int | None = None


@dataclass(frozen=True)
class Article:
    """One article of a page. ``body`` is the text after the byline; spans are in page coordinates."""

    doc_id: str
    index: int  # position on the page, 0-based
    span: Span  # the whole article including headline and byline
    body: Span
    headline: Span | None = None
    kicker: Span | None = None  # 引题, the line above the headline
    subtitle: Span | None = None  # 副题, e.g. ———记…
    byline: Span | None = None
    credits: tuple[Credit, ...] = ()
    dateline: str | None = None  # e.g. 新华社郑州9月5日电: the place/date prefix when present


@dataclass(frozen=True)
class Segmented:
    """What segmentation finds on one page."""

    articles: tuple[Article, ...]
    captions: tuple[Caption, ...]


@_pickled_as_tuple
@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of an entity, event or date in page coordinates.

    ``name`` is what it names once resolved inside its article (``该县总工会`` -> ``临安县总工会``);
    ``scope`` is ``"home"`` when the name still lacks the home city (``市总工会``), which only the
    linking step, seeing the whole corpus, can fill in.
    """

    doc_id: str
    article: int | None  # article index, None for a caption outside any article
    start: int
    end: int
    text: str  # page.text[start:end]
    type: MentionType
    name: str
    kind: str | None = None  # organisation kind, place level (province/city/county/...), ...
    source: str = "rule"  # byline | role | suffix | gazetteer | ner | date | anaphora ...
    scope: str | None = None
    caption: int | None = None  # caption index when the mention is in a caption


@_pickled_as_tuple
@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an entity by type and (pre-link) name, as relations and events use it."""

    type: EntityType
    name: str
    scope: str | None = None


@_pickled_as_tuple
@dataclass(frozen=True, slots=True)
class Relation:
    """A fact between two entities stated in one article.

    ``predicate`` is one of: jobTitle (object is a literal in ``value``), memberOf, worksFor, headOf,
    parentOrganization, location, containedInPlace, award (``value``).
    """

    subject: Ref
    predicate: str
    object: Ref | None
    doc_id: str
    article: int | None
    start: int
    end: int
    value: str | None = None


@_pickled_as_tuple
@dataclass(frozen=True, slots=True)
class DateValue:
    month: int | None
    day: int | None
    year: int | None = None

    def iso(self) -> str | None:
        """``YYYY-MM-DD`` when the year is known, else the xsd:gMonthDay ``--MM-DD``."""
        if self.month is None or self.day is None:
            return None
        if self.year is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"


@_pickled_as_tuple
@dataclass(frozen=True, slots=True)
class Event:
    """An event stated in one article (or caption); linking merges the same event across articles."""

    doc_id: str
    article: int | None
    name: str
    start: int  # span of the event name in page text
    end: int
    trigger: str = ""
    date: DateValue | None = None
    organizer: Ref | None = None
    location: Ref | None = None
    performers: tuple[Ref, ...] = ()
    attendees: tuple[Ref, ...] = ()
    attendee_count: int | None = None
    caption: int | None = None
    co_organizers: tuple[Ref, ...] = ()  # bodies organising it with the organiser (承办, 协办)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one page."""

    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]


@dataclass(frozen=True)
class DocResult:
    """The per-document half of the pipeline: independent of every other document."""

    page: Page
    segmented: Segmented
    extraction: Extraction
    warnings: tuple[Warning_, ...] = ()

    # what link reads, named as ``mentionstore.SlimResult`` names it (there each is decoded on its own)
    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.extraction.mentions

    @property
    def relations(self) -> tuple[Relation, ...]:
        return self.extraction.relations

    @property
    def events(self) -> tuple[Event, ...]:
        return self.extraction.events

    def mention_names(self) -> list[tuple[str, str, str | None]]:
        """(type, name, scope) of each mention."""
        return [(m.type, m.name, m.scope) for m in self.extraction.mentions]

    def relation_refs(self) -> list[tuple[str, str, str | None]]:
        """(type, name, scope) of each relation's subject and object (when it has one), in order."""
        out = []
        for rel in self.extraction.relations:
            out.append((rel.subject.type, rel.subject.name, rel.subject.scope))
            if rel.object is not None:
                out.append((rel.object.type, rel.object.name, rel.object.scope))
        return out


@dataclass(frozen=True)
class Entity:
    """One real-world entity after linking across the corpus."""

    key: str  # stable identity: used for the IRI
    type: EntityType
    name: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    articles: tuple[tuple[str, int | None], ...] = ()  # (doc_id, article index)


@dataclass(frozen=True)
class LinkedEvent:
    key: str
    name: str
    aliases: tuple[str, ...]
    date: DateValue | None
    organizer: str | None  # entity key
    location: str | None
    performers: tuple[str, ...]
    attendees: tuple[str, ...]
    attendee_count: int | None
    reports: tuple[tuple[str, int | None], ...]  # (doc_id, article) that report it
    mentions: tuple[Mention, ...] = ()
    co_organizers: tuple[str, ...] = ()  # entity keys of the bodies organising it with the organiser


@dataclass(frozen=True)
class LinkedFact:
    """A relation between linked entities (keys), with the articles that state it."""

    subject: str
    predicate: str
    object: str | None
    value: str | None
    sources: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class Linked:
    """The corpus-wide result of linking."""

    entities: tuple[Entity, ...]
    events: tuple[LinkedEvent, ...]
    facts: tuple[LinkedFact, ...]
    home_city: str | None = None
    mention_entity: dict = field(default_factory=dict)  # (doc_id, start, end, type) -> entity/event key


@dataclass(frozen=True)
class Options:
    """Build options; mirrors ``kg build`` flags."""

    outdir: str = "output"
    home_city: str | None = None
    issue_date: str | None = None
    base: str = "https://kg.example.org/"
    jobs: int = 1
    update: bool = False
    scheduler: str | None = None
    progress: bool = False
