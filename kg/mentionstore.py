"""Compact storage for the corpus's mentions after linking: columns of ints, each string kept once.

A linked corpus holds every entity mention for rdf and write (``Entity.mentions``, ``Linked.mention_entity``).
As ``Mention`` objects and a dict keyed by tuples that costs about 450 bytes a mention (hundreds of MB for
10,000 pages); as columns it costs about 40. ``MentionSeq`` and ``MentionIndex`` read like the tuple and
the dict they replace and compare equal to them; ``Mention`` objects are made again when read.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from kg.model import Extraction, Mention, Ref, Relation

#: stands for ``None`` in an int column (no article or caption index is ever this)
NONE = -(2**63)


def _col(value: int | None) -> int:
    return NONE if value is None else value


def _val(value: int) -> int | None:
    return None if value == NONE else value


class Strings:
    """Each distinct string (or None) once, numbered in order of first use."""

    __slots__ = ("ids", "values")

    def __init__(self) -> None:
        self.values: list[str | None] = [None]
        self.ids: dict[str | None, int] = {None: 0}

    def id(self, value: str | None) -> int:
        i = self.ids.get(value)
        if i is None:
            i = self.ids[value] = len(self.values)
            self.values.append(value)
        return i


class MentionStore:
    """Mentions as parallel columns; ``add`` returns a mention's number, ``get`` makes it again."""

    __slots__ = (
        "strings",
        "doc",
        "article",
        "start",
        "end",
        "text",
        "type",
        "name",
        "kind",
        "source",
        "scope",
        "caption",
    )

    def __init__(self, strings: Strings | None = None) -> None:
        self.strings = strings or Strings()
        self.doc, self.text, self.name = array("i"), array("i"), array("i")
        self.type, self.kind, self.source, self.scope = array("i"), array("i"), array("i"), array("i")
        self.article, self.start, self.end, self.caption = array("q"), array("q"), array("q"), array("q")

    def __len__(self) -> int:
        return len(self.doc)

    def add(self, m: Mention) -> int:
        s = self.strings.id
        self.doc.append(s(m.doc_id))
        self.article.append(_col(m.article))
        self.start.append(m.start)
        self.end.append(m.end)
        self.text.append(s(m.text))
        self.type.append(s(m.type))
        self.name.append(s(m.name))
        self.kind.append(s(m.kind))
        self.source.append(s(m.source))
        self.scope.append(s(m.scope))
        self.caption.append(_col(m.caption))
        return len(self.doc) - 1

    def get(self, i: int) -> Mention:
        v = self.strings.values
        return Mention(
            v[self.doc[i]],  # type: ignore[arg-type]
            _val(self.article[i]),
            self.start[i],
            self.end[i],
            v[self.text[i]],  # type: ignore[arg-type]
            v[self.type[i]],  # type: ignore[arg-type]
            v[self.name[i]],  # type: ignore[arg-type]
            v[self.kind[i]],
            v[self.source[i]],  # type: ignore[arg-type]
            v[self.scope[i]],
            _val(self.caption[i]),
        )

    def seq(self, indices: Iterable[int]) -> MentionSeq:
        return MentionSeq(self, array("i", indices))

    # what a forked process adds to its copy of a store, added here in one go (``link._finish``)

    def mark(self) -> tuple[int, int]:
        """Where the store is now: its strings and its rows (for ``since``)."""
        return len(self.strings.values), len(self.doc)

    def since(self, mark: tuple[int, int]) -> tuple:
        """The strings and the rows added after ``mark``."""
        strings, rows = mark
        return mark, self.strings.values[strings:], tuple(getattr(self, c)[rows:] for c in _COLUMNS)

    def extend(self, added: tuple) -> None:
        """Add what ``since`` gave of a copy of this store (as it is now, at that copy's ``mark``):
        the same strings and rows, under the same numbers."""
        mark, strings, columns = added
        if self.mark() != mark:
            raise ValueError("the store changed since the copy was made: its numbers would differ")
        for value in strings:
            self.strings.id(value)
        for c, values in zip(_COLUMNS, columns, strict=True):
            getattr(self, c).extend(values)


#: the store's columns, one value a mention
_COLUMNS = ("doc", "article", "start", "end", "text", "type", "name", "kind", "source", "scope", "caption")


class MentionSeq(Sequence[Mention]):
    """Some mentions of a store, in a fixed order: reads and compares like the tuple of them."""

    __slots__ = ("_store", "_idx")

    def __init__(self, store: MentionStore, idx: array) -> None:
        self._store, self._idx = store, idx

    def __len__(self) -> int:
        return len(self._idx)

    def numbers(self) -> array:
        """The store's numbers of these mentions."""
        return self._idx

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return tuple(self._store.get(j) for j in self._idx[i])
        return self._store.get(self._idx[i])

    def __iter__(self) -> Iterator[Mention]:
        get = self._store.get
        for j in self._idx:
            yield get(j)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MentionSeq | tuple | list):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other):
        return tuple(self) + tuple(other)

    def __radd__(self, other):
        return tuple(other) + tuple(self)

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __getstate__(self):
        return (self._store, self._idx)

    def __setstate__(self, state) -> None:
        self._store, self._idx = state


class MentionIndex(Mapping[tuple, Any]):
    """``(doc_id, start, end, type) -> key`` like a dict, stored as sorted int columns per document.

    Built by ``MentionIndexBuilder``; a later assignment to the same mention replaces an earlier one, as in
    a dict. Iteration goes document by document (in order of first assignment), by offsets within one.
    """

    __slots__ = ("_strings", "_spans", "_start", "_end", "_type", "_value", "_values")

    def __init__(
        self,
        strings: Strings,
        spans: dict,
        start: array,
        end: array,
        type_: array,
        value: array,
        values: list,
    ) -> None:
        self._strings, self._spans = strings, spans
        self._start, self._end, self._type, self._value, self._values = start, end, type_, value, values

    def __len__(self) -> int:
        return len(self._start)

    def _find(self, key) -> int:
        if not isinstance(key, tuple) or len(key) != 4:
            return -1
        doc, start, end, type_ = key
        try:
            span = self._spans.get(doc)
            t = self._strings.ids.get(type_)
        except TypeError:  # an unhashable part: no such key, as in a dict
            return -1
        if span is None or t is None:
            return -1
        lo, hi = span
        try:
            j = bisect_left(self._start, start, lo, hi)
        except TypeError:
            return -1
        while j < hi and self._start[j] == start:
            if self._end[j] == end and self._type[j] == t:
                return j
            j += 1
        return -1

    def __getitem__(self, key):
        j = self._find(key)
        if j < 0:
            raise KeyError(key)
        return self._values[self._value[j]]

    def __contains__(self, key) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[tuple]:
        v = self._strings.values
        for doc, (lo, hi) in self._spans.items():
            for j in range(lo, hi):
                yield (doc, self._start[j], self._end[j], v[self._type[j]])

    def items(self):  # type: ignore[override]
        """(key, value) pairs without a lookup each."""
        return _Items(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return len(self) == len(other) and dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"MentionIndex({dict(self.items())!r})"

    def __getstate__(self):
        return (self._strings, self._spans, self._start, self._end, self._type, self._value, self._values)

    def __setstate__(self, state) -> None:
        (self._strings, self._spans, self._start, self._end, self._type, self._value, self._values) = state


class _Items:
    __slots__ = ("_index",)

    def __init__(self, index: MentionIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[tuple[tuple, Any]]:
        ix = self._index
        v = ix._strings.values
        for doc, (lo, hi) in ix._spans.items():
            for j in range(lo, hi):
                yield (doc, ix._start[j], ix._end[j], v[ix._type[j]]), ix._values[ix._value[j]]

    def __contains__(self, item) -> bool:
        try:
            key, value = item
        except (TypeError, ValueError):
            return False
        return key in self._index and self._index[key] == value

    def __reversed__(self) -> Iterator[tuple[tuple, Any]]:
        return reversed(list(self))


class MentionIndexBuilder:
    """Assignments ``index[(doc_id, start, end, type)] = value`` collected as columns, then sorted once."""

    def __init__(self, strings: Strings) -> None:
        self.strings = strings
        self.by_doc: dict[str, array] = {}  # doc_id -> assignment numbers, in order
        self.start, self.end, self.type, self.value = array("q"), array("q"), array("i"), array("i")
        self.values: list = []
        self.value_ids: dict = {}

    def set(self, doc: str, start: int, end: int, type_: str, value) -> None:
        v = self.value_ids.get(value)
        if v is None:
            v = self.value_ids[value] = len(self.values)
            self.values.append(value)
        rows = self.by_doc.get(doc)
        if rows is None:
            rows = self.by_doc[doc] = array("i")
        rows.append(len(self.start))
        self.start.append(start)
        self.end.append(end)
        self.type.append(self.strings.id(type_))
        self.value.append(v)

    def mark(self) -> tuple[int, int]:
        """Where the builder is now: its assignments and its values (for ``since``)."""
        return len(self.start), len(self.values)

    def since(self, mark: tuple[int, int]) -> tuple:
        """The assignments and values made after ``mark`` (their strings are the store's: see
        ``MentionStore.since``)."""
        rows, values = mark
        by_doc = [(doc, got[bisect_left(got, rows) :]) for doc, got in self.by_doc.items() if got[-1] >= rows]
        columns = (self.start[rows:], self.end[rows:], self.type[rows:], self.value[rows:])
        return mark, by_doc, columns, self.values[values:]

    def extend(self, added: tuple) -> None:
        """Make what ``since`` gave of a copy of this builder (as it is now, at that copy's ``mark``)."""
        mark, by_doc, (start, end, type_, value), values = added
        if self.mark() != mark:
            raise ValueError("the index changed since the copy was made")
        for v in values:
            self.value_ids[v] = len(self.values)
            self.values.append(v)
        for doc, rows in by_doc:
            got = self.by_doc.get(doc)
            if got is None:
                self.by_doc[doc] = array("i", rows)
            else:
                got.extend(rows)
        self.start.extend(start)
        self.end.extend(end)
        self.type.extend(type_)
        self.value.extend(value)

    def build(self) -> MentionIndex:
        start, end, type_, value = array("q"), array("q"), array("i"), array("i")
        spans: dict[str, tuple[int, int]] = {}
        s, e, t = self.start, self.end, self.type
        for doc, rows in self.by_doc.items():
            lo = len(start)
            last: dict[tuple, int] = {}  # one document's mentions: the last assignment wins
            for i in rows:
                last[(s[i], e[i], t[i])] = i
            for (ms, me, mt), i in sorted(last.items(), key=lambda kv: kv[0]):
                start.append(ms)
                end.append(me)
                type_.append(mt)
                value.append(self.value[i])
            spans[doc] = (lo, len(start))
        self.by_doc.clear()
        return MentionIndex(self.strings, spans, start, end, type_, value, self.values)


class SlimResult:
    """What link needs of one document (its extraction and warnings) in a fraction of the memory.

    Pass 1 of a build keeps one record per document until link has run; as a ``DocResult`` with its
    ``Mention`` and ``Relation`` objects that is most of a build's peak memory (over 100 KB a page).
    Here mentions and relations are int columns over the document's distinct strings (``sys.intern``ed,
    so a name many documents share is stored once); ``extraction`` makes equal objects again, in the
    same order, each time it is read. ``link.link`` takes these in place of ``DocResult``s.
    """

    __slots__ = ("_strings", "_ints", "_refs", "_mentions", "events", "warnings")

    def __init__(self, extraction: Extraction, warnings: tuple = ()) -> None:
        ids: dict = {None: 0}
        strings: list = [None]

        def sid(value) -> int:
            i = ids.get(value)
            if i is None:
                i = ids[value] = len(strings)
                strings.append(sys.intern(value) if type(value) is str else value)
            return i

        ints, refs = array("q"), array("i")
        for m in extraction.mentions:  # 4 ints, 7 strings
            ints.extend((_col(m.article), m.start, m.end, _col(m.caption)))
            refs.extend(
                (
                    sid(m.doc_id),
                    sid(m.text),
                    sid(m.type),
                    sid(m.name),
                    sid(m.kind),
                    sid(m.source),
                    sid(m.scope),
                )
            )
        for r in extraction.relations:  # 3 ints, 9 strings (the object's three are 0 without one)
            ints.extend((_col(r.article), r.start, r.end))
            o = r.object
            refs.extend(
                (
                    sid(r.subject.type),
                    sid(r.subject.name),
                    sid(r.subject.scope),
                    sid(r.predicate),
                    0 if o is None else sid(o.type),
                    0 if o is None else sid(o.name),
                    0 if o is None else sid(o.scope),
                    sid(r.doc_id),
                    sid(r.value),
                )
            )
        self._strings, self._ints, self._refs = tuple(strings), ints, refs
        self._mentions = len(extraction.mentions)
        self.events, self.warnings = tuple(extraction.events), tuple(warnings)

    @property
    def extraction(self) -> Extraction:
        return Extraction(self.mentions, self.relations, self.events)

    def mention_names(self) -> list[tuple[str, str, str | None]]:
        """(type, name, scope) of each mention, read off the columns (no ``Mention`` is made)."""
        v, refs, end = self._strings, self._refs, 7 * self._mentions
        return [
            (v[t], v[n], v[s]) for t, n, s in zip(refs[2:end:7], refs[3:end:7], refs[6:end:7], strict=True)
        ]

    def relation_refs(self) -> list[tuple[str, str, str | None]]:
        """(type, name, scope) of each relation's subject and object (when it has one), in order."""
        v, refs, start = self._strings, self._refs, 7 * self._mentions
        out = []
        for r in range(start, len(refs), 9):
            out.append((v[refs[r]], v[refs[r + 1]], v[refs[r + 2]]))
            if refs[r + 4]:
                out.append((v[refs[r + 4]], v[refs[r + 5]], v[refs[r + 6]]))
        return out

    @property
    def mentions(self) -> tuple[Mention, ...]:
        """The mentions alone (link's passes read mentions or relations, seldom both)."""
        v, ints, refs = self._strings, self._ints, self._refs
        n = self._mentions
        return tuple(
            Mention(
                v[refs[7 * k]],
                _val(ints[4 * k]),
                ints[4 * k + 1],
                ints[4 * k + 2],
                v[refs[7 * k + 1]],
                v[refs[7 * k + 2]],
                v[refs[7 * k + 3]],
                v[refs[7 * k + 4]],
                v[refs[7 * k + 5]],
                v[refs[7 * k + 6]],
                _val(ints[4 * k + 3]),
            )
            for k in range(n)
        )

    @property
    def relations(self) -> tuple[Relation, ...]:
        """The relations alone."""
        v, ints, refs = self._strings, self._ints, self._refs
        n = self._mentions
        relations = []
        for k in range((len(ints) - 4 * n) // 3):
            i, r = 4 * n + 3 * k, 7 * n + 9 * k
            obj = None if refs[r + 4] == 0 else Ref(v[refs[r + 4]], v[refs[r + 5]], v[refs[r + 6]])
            relations.append(
                Relation(
                    Ref(v[refs[r]], v[refs[r + 1]], v[refs[r + 2]]),
                    v[refs[r + 3]],
                    obj,
                    v[refs[r + 7]],
                    _val(ints[i]),
                    ints[i + 1],
                    ints[i + 2],
                    v[refs[r + 8]],
                )
            )
        return tuple(relations)
