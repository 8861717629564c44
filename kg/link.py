"""Cross-article linking: one node per real entity and event, for the whole corpus.

Near-linear: mentions are grouped by their resolved name (a dict), events by organiser; nothing compares
all pairs. Names still relative to the home city (``市总工会``, scope ``home``) get the home city, which
``--home-city`` sets or the corpus gives: the prefecture whose counties and districts the pages name most.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from kg import gazetteer, parallel
from kg.extract.entities import in_order
from kg.extract.lexicons import campaign_head, gathering_head, org_suffixes
from kg.iri import entity_key
from kg.mentionstore import NONE, MentionIndexBuilder, MentionStore
from kg.model import (
    DateValue,
    DocResult,
    Entity,
    Event,
    Linked,
    LinkedEvent,
    LinkedFact,
    Mention,
    Options,
    Ref,
)

_ENTITY_TYPES = ("Person", "Organization", "Place")


def infer_home_city(results: Sequence[DocResult]) -> str | None:
    """The prefecture-level city (or municipality) most of the corpus's places lie in (ties: by name)."""
    gaz = gazetteer.load()
    votes: Counter[str] = Counter()
    for r in results:
        votes.update(_home_votes(r, gaz))
    return _winner(votes)


def _home_votes(r: DocResult, gaz) -> Counter[str]:
    """The cities one document's places lie in, a vote a place mention."""
    votes: Counter[str] = Counter()
    for type_, name, _scope in r.mention_names():
        if type_ != "Place":
            continue
        if gaz.shared(name):
            continue  # 江北区: of 重庆市 or of 宁波市, no vote either way
        div = gaz.lookup(name)
        city = gaz.home_of(div) if div is not None else None
        if city is not None:
            votes[city.name] += 1
    return votes


def _winner(votes: Counter[str]) -> str | None:
    if not votes:
        return None
    return min(votes, key=lambda n: (-votes[n], n))


def _home(options: Options, results: Sequence[DocResult]) -> tuple[str | None, str | None]:
    return _home_of(options.home_city or None, lambda: infer_home_city(results))


def _home_of(given: str | None, infer) -> tuple[str | None, str | None]:
    """The home city (``given``, else ``infer()``) and its province."""
    gaz = gazetteer.load()
    city = given
    if city:
        div = gaz.lookup(city) or gaz.lookup(city + "市")
        city = div.name if div is not None else city
    else:
        city = infer()
    div = gaz.lookup(city) if city else None
    prov = gaz.province_of(div) if div is not None else None
    return city, (prov.name if prov is not None else None)


class _Resolver:
    def __init__(self, city: str | None, province: str | None):
        self.city, self.province = city, province

    def name(self, name: str, scope: str | None) -> str:
        """市总工会 -> 杭州市总工会, 省总工会 -> 浙江省总工会 (unchanged when the home is unknown)."""
        if scope != "home":
            return name
        if name.startswith("市") and self.city:
            return self.city + name[1:]
        if name.startswith("省") and self.province:
            return self.province + name[1:]
        return name

    def key(self, ref: Ref) -> str:
        return entity_key(ref.type, self.name(ref.name, ref.scope))


def link(results: Sequence[DocResult], options: Options) -> Linked:
    """Entities, events and facts of the whole corpus (``Linker`` fed every result, in order)."""
    linker = Linker(options)
    for r in results:
        linker.add(r)
    return linker.finish()


class Linker:
    """``link``, one document at a time: ``add`` each result in corpus order, then ``finish``.

    A build adds each document as pass 1 hands it over, while the workers compute the next ones:
    what one document's mentions and relations give (their entities, kinds, aliases, facts and the
    joins inside that document) is done then, unless it depends on the home city, which only the
    whole corpus tells (a name of scope ``home``, 市总工会): such documents wait for ``finish``. The
    result is the same whenever ``add`` is called, and the same as adding all at the end.

    Mentions are kept as numbered rows of a ``MentionStore`` (ints, each string once) and the mention
    table as a ``MentionIndex``: what ``Linked`` holds grows by tens of bytes a mention, not hundreds.
    """

    def __init__(self, options: Options) -> None:
        self.gaz = gazetteer.load()
        self.given = bool(options.home_city)
        city, province = _home_of(options.home_city, lambda: None) if self.given else (None, None)
        self.res = _Resolver(city, province)  # the home is unknown until ``finish`` unless given
        self.votes: Counter[str] = Counter()
        self.results: list[DocResult] = []
        # one document's two forms of one body (青山区工会 / 青山区总工会, X公司 / 中国X公司): joined
        # inside that document only, so that adding documents never renames an entity already in the graph
        self.in_doc: list[dict[str, str] | None] = []
        self.waiting: list[int] = []  # documents that need the home city
        self.names: dict[str, tuple[str, str]] = {}  # key -> (type, name); its key is the one string
        self.kinds: dict[str, Counter] = defaultdict(Counter)
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.store = MentionStore()
        self.ments: dict[str, array] = {}  # key -> the store's numbers of its mentions, in corpus order
        self.index = MentionIndexBuilder(self.store.strings)
        self.canon: dict[str, str] = {}  # one string object per key, however many mentions carry it
        self.facts: dict[tuple, tuple | set] = {}  # fact -> sources: a tuple while few (a set: 200 bytes)
        self.pairs: dict[tuple, tuple] = {}  # one (doc_id, article) tuple per article, shared
        self.apart = options.jobs > 1  # ``finish`` works the events out in a process of their own

    def add(self, r: DocResult) -> None:
        """The next document of the corpus."""
        ri = len(self.results)
        self.results.append(r)
        if not self.given:
            self.votes.update(_home_votes(r, self.gaz))
        if self.given or not any(scope == "home" for *_n, scope in (*r.mention_names(), *r.relation_refs())):
            self._document(ri)
        else:
            self.in_doc.append(None)
            self.waiting.append(ri)

    def ensure(self, type_: str, name: str, ri: int | None = None) -> str:
        if type_ == "Organization" and (full := china_name(name)) != name:
            self.aliases[entity_key(type_, full)].add(name)
            name = full
        if type_ == "Organization" and ri is not None:
            same = self.in_doc[ri]
            if same and name in same:
                long = same[name]
                self.aliases[entity_key(type_, long)].add(name)
                name = long
        key = entity_key(type_, name)
        known = self.canon.get(key)
        if known is None:
            known = self.canon[key] = key
            self.names[key] = (type_, name)
        return known

    def _document(self, ri: int) -> None:
        """What document ``ri``'s mentions and relations give (its home is resolved, or not needed)."""
        r, res, ensure = self.results[ri], self.res, self.ensure
        same = _same_in_document({china_name(n) for n in _org_names(r, res)})
        if ri == len(self.in_doc):
            self.in_doc.append(same)
        else:
            self.in_doc[ri] = same
        kinds, aliases, ments, store, index = self.kinds, self.aliases, self.ments, self.store, self.index
        for m in r.mentions:
            if m.type not in _ENTITY_TYPES:
                continue
            if m.source == "ner" and m.type != "Person" and m.kind is None:
                continue  # a model's guess the rules cannot type (no suffix, no gazetteer): mention only
            name = res.name(m.name, m.scope)
            if not name:
                continue
            key = ensure(m.type, name, ri)
            if m.kind:
                kinds[key][m.kind] += 1
            rows = ments.get(key)
            if rows is None:
                rows = ments[key] = array("i")
            rows.append(store.add(m))
            index.set(m.doc_id, m.start, m.end, m.type, key)
            text = "".join(m.text.split())
            # 当选工会主席: a bare suffix (工会, 联合会) names it, but is no name of it (区委 is one)
            bare = text in org_suffixes() and text[0] not in "省市县区州盟旗镇乡"
            if (
                text != name
                and len(text) >= 2
                and not text.startswith("该")
                and m.type != "Person"
                and not bare
            ):
                aliases[key].add(text)
        city, province = res.city, res.province
        facts, pairs = self.facts, self.pairs
        for rel in r.relations:
            s = ensure(rel.subject.type, res.name(rel.subject.name, rel.subject.scope), ri)
            o = None
            if rel.object is not None:
                oname = res.name(rel.object.name, rel.object.scope)
                if rel.object.scope == "home" and rel.object.type == "Place":
                    oname = {"市": city, "省": province}.get(rel.object.name, oname) or ""
                if not oname:
                    continue
                o = ensure(rel.object.type, oname, ri)
                if o == s:
                    continue
            fact = (s, rel.predicate, o, rel.value)
            facts[fact] = _grow(facts.get(fact, ()), _pair(pairs, rel.doc_id, rel.article))

    def finish(self) -> Linked:
        """The corpus's entities, events and facts, once every document was added (the collector
        paused: they are many objects and no cycles, made beside a corpus's records)."""
        with parallel.no_collection():
            return self._finish()

    def _finish(self) -> Linked:
        if not self.given:
            self.res = _Resolver(*_home_of(None, lambda: _winner(self.votes)))
        for ri in self.waiting:
            self._document(ri)
        self.waiting = []
        city = self.res.city
        gaz, names, kinds, aliases, ments, store = (
            self.gaz,
            self.names,
            self.kinds,
            self.aliases,
            self.ments,
            self.store,
        )
        facts, pairs, ensure = self.facts, self.pairs, self.ensure
        home_div = gaz.lookup(city) if city else None

        # places: the gazetteer's chain up to the province, for places the text never qualifies too
        texts = store.strings
        # 沧州市新华区: a county name two cities share that the text printed after its city is that city's
        printed_in = {k[0]: k[2] for k in facts if k[1] == "containedInPlace"}
        for key, (type_, name) in list(names.items()):
            if type_ != "Place":
                continue
            div = gaz.lookup_in(name, home_div)  # 江北区 in a 重庆市 corpus is 重庆市's
            if key in printed_in and gaz.shared(name):
                div = gaz.lookup_in(name, gaz.lookup(names[printed_in[key]][1])) or div
            if div is None or div.name != name:
                continue
            chain = gaz.chain(div)
            for child, parent in zip(chain, chain[1:], strict=False):
                ck, pk = ensure("Place", child.name), ensure("Place", parent.name)
                kinds[pk][parent.level] += 0
                facts.setdefault((ck, "containedInPlace", pk, None), ())
            for d in chain:
                k = entity_key("Place", d.name)
                short = gazetteer.short_form(d.name)
                sid = texts.ids.get(short)
                if (
                    short
                    and gaz.short.get(short) == d.code
                    and sid is not None
                    and any(store.text[i] == sid for i in ments.get(k, ()))
                ):
                    aliases[k].add(short)

        # the events' organisers, places and people are entities already (as the events make them), so
        # the events add only mentions, after the entities: with --jobs N, a process forked now works
        # them out while this one makes the entities
        for ri, r in enumerate(self.results):
            for ev in r.events:
                for ref in _event_refs(ev):
                    ensure(ref.type, self.res.name(ref.name, ref.scope), ri)
        event_args = (self.results, self.res, ensure, self.index, store)
        ahead = parallel.Forked.start(_events_apart, *event_args) if self.apart else None
        try:
            docs, arts_col = store.doc, store.article
            doc_ids = store.strings.values
            entities = []

            mention_order = _mention_ranks(store).__getitem__  # (document id, start, end), as a rank

            for key in sorted(names):
                type_, name = names[key]
                rows = ments.pop(key, ())
                # one mention, one article (most entities): nothing to sort
                idx = sorted(rows, key=mention_order) if len(rows) > 1 else rows
                kind = None
                if kinds.get(key):
                    kind = min(kinds[key], key=lambda k: (-kinds[key][k], k))
                seen = {(docs[i], arts_col[i]) for i in idx}
                arts = tuple(
                    sorted(
                        (_pair(pairs, doc_ids[d], None if a == NONE else a) for d, a in seen),
                        key=_source_order,
                    )
                    if len(seen) > 1
                    else [_pair(pairs, doc_ids[d], None if a == NONE else a) for d, a in seen]
                )
                als = tuple(sorted(aliases.get(key, set()) - {name}))
                entities.append(Entity(key, type_, name, kind, als, store.seq(idx), arts))
            linked_facts = tuple(
                LinkedFact(
                    s,
                    p,
                    o,
                    v,
                    tuple(sorted(src, key=_source_order)) if len(src) > 1 else tuple(src),
                )
                for (s, p, o, v), src in sorted(facts.items(), key=_fact_order)
            )
        except BaseException:
            if ahead is not None:
                ahead.cancel()  # the forked process's work is not asked for: stopped
            raise
        events = _events_of(ahead, event_args)
        self.results, self.in_doc = [], []  # the caller's records are freed with its own list
        return Linked(tuple(entities), events, linked_facts, city, self.index.build())


def _event_refs(ev: Event) -> Iterator[Ref]:
    """The entities an event names: its organiser, place, performers, attendees and co-organisers."""
    if ev.organizer:
        yield ev.organizer
    if ev.location:
        yield ev.location
    yield from ev.performers
    yield from ev.attendees
    yield from ev.co_organizers


def _events_apart(results, res: _Resolver, ensure, index: MentionIndexBuilder, store: MentionStore) -> tuple:
    """``_link_events`` in a forked process: the events (their mentions as the store's numbers) and
    what they added to the store and the index, for ``_events_of``."""
    marks = store.mark(), index.mark()
    events = _link_events(results, res, ensure, index, store)
    plain = [tuple(getattr(e, f) for f in _EVENT_FIELDS) for e in events]
    for i, e in enumerate(events):  # their mentions: the numbers only (a ``MentionSeq`` holds its store)
        plain[i] = (*plain[i][:_MENTIONS_AT], e.mentions.numbers(), *plain[i][_MENTIONS_AT + 1 :])
    return plain, store.since(marks[0]), index.since(marks[1])


def _events_of(ahead: parallel.Forked | None, args: tuple) -> tuple[LinkedEvent, ...]:
    """The events a forked process worked out (``_events_apart``), its mentions added to this store
    and index under the same numbers; worked out here when there was none, or it failed."""
    ok, got = ahead.result() if ahead is not None else (False, None)
    if not ok:
        return _link_events(*args)
    plain, store_added, index_added = got
    store, index = args[4], args[3]
    store.extend(store_added)
    index.extend(index_added)
    at = _MENTIONS_AT
    return tuple(LinkedEvent(*f[:at], store.seq(f[at]), *f[at + 1 :]) for f in plain)


#: a ``LinkedEvent``'s fields, in order, and where its mentions are among them
_EVENT_FIELDS = tuple(LinkedEvent.__dataclass_fields__)
_MENTIONS_AT = _EVENT_FIELDS.index("mentions")


def _mention_ranks(store: MentionStore) -> array:
    """Each stored mention's place in (document id, start, end) order: entities sort their mentions
    by it (an int key, not a tuple made for each mention of each entity)."""
    import numpy as np

    ids = store.strings.values
    by_id = sorted({*store.doc}, key=lambda d: ids[d])
    doc_rank = np.zeros(len(ids), dtype=np.int64)
    doc_rank[by_id] = np.arange(len(by_id))
    docs = doc_rank[np.frombuffer(store.doc, dtype=np.int32)]
    order = np.lexsort((np.frombuffer(store.end, np.int64), np.frombuffer(store.start, np.int64), docs))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    out = array("q")  # 8 bytes a mention (a list's ints: 36), read as ints
    out.frombytes(ranks.tobytes())
    return out


def _fact_order(kv: tuple) -> tuple:
    """Facts by subject, predicate, object and value (None before an empty value: a total order, so
    that the order documents were added in never shows)."""
    s, p, o, v = kv[0]
    return (s, p, o or "", v or "", o is not None, v is not None)


def _source_order(pair: tuple) -> tuple:
    """A fact's or an entity's sources, ``(doc_id, article)``, by document then article (None first)."""
    return (pair[0], -1 if pair[1] is None else pair[1])


def _grow(cur: tuple | set, value) -> tuple | set:
    """``cur`` with ``value`` added: a tuple while small, a set beyond."""
    if isinstance(cur, set):
        cur.add(value)
        return cur
    if value in cur:
        return cur
    return cur + (value,) if len(cur) < 8 else {*cur, value}


def _pair(pairs: dict[tuple, tuple], doc_id: str, article: int | None) -> tuple:
    """The one ``(doc_id, article)`` tuple for an article."""
    pair = (doc_id, article)
    return pairs.setdefault(pair, pair)


def _org_names(r: DocResult, res: _Resolver) -> set[str]:
    """The organisations a document names (mentions and the refs of its relations), home resolved."""
    return {
        res.name(name, scope)
        for t, name, scope in (*r.mention_names(), *r.relation_refs())
        if t == "Organization"
    }


#: the state banks, printed with and without their leading 中国 (工商银行X分行 is 中国工商银行X分行)
_CHINA_BANKS = (
    "工商银行",
    "农业银行",
    "建设银行",
    "邮政储蓄银行",
    "人民银行",
    "农业发展银行",
    "进出口银行",
    "光大银行",
    "民生银行",
)


def china_name(name: str) -> str:
    """A state bank's full name (中国工商银行X分行 for 工商银行X分行): the name alone decides, so every
    document names the bank alike and no corpus renames it."""
    return "中国" + name if name.startswith(_CHINA_BANKS) else name


def _china_prefixed(orgs: set[str]) -> dict[str, str]:
    """X公司 -> 中国X公司 when one document (naming ``orgs``) prints both: one body, the longer name
    canonical. National companies and bodies are printed with and without their leading 中国 / 中华
    (中华全国X联合会 / 全国X联合会)."""
    return {n[2:]: n for n in sorted(orgs) if n.startswith(("中国", "中华")) and len(n) > 4 and n[2:] in orgs}


def _same_in_document(orgs: set[str]) -> dict[str, str]:
    """Short form -> full name of the bodies one document (naming ``orgs``) prints two ways: a
    district's union with and without 总, a court with and without 人民, a company with and without its
    leading 中国, a group's abbreviation, … (``_same_forms``; the first to claim a short form wins)."""
    same = _district_unions(orgs)
    same.update(_people_s_bodies(orgs))
    for forms in _same_forms():
        for short, full in forms(orgs).items():
            same.setdefault(short, full)
    return same


def _same_forms() -> tuple:
    """The finders of short forms ``_same_in_document`` asks, in order (defined below)."""
    return (
        _china_prefixed,
        _abbreviations,
        _rural_bank_forms,
        _placed_forms,
        _legal_short_forms,
        _head_word_forms,
        _brand_dropped_forms,
    )


def _brand_dropped_forms(orgs: set[str]) -> dict[str, str]:
    """烟台港集团(有限公司)(工会) -> 山东港口烟台港集团有限公司(工会): a company (or its union) printed
    again without the brand its full name opens with, when what is left opens with a place and one
    name of the document (naming ``orgs``) ends so (with or without its legal form)."""
    gaz = gazetteer.load()
    claims: dict[str, set[str]] = defaultdict(set)
    heads = ("公司", "集团", "公司工会", "集团工会")
    fulls = [n for n in sorted(orgs) if n.endswith(heads) and len(n) >= 8]
    for short in sorted(orgs):
        if len(short) < 5 or not short.endswith(heads):
            continue
        if not any(gaz.lookup(short[:k]) for k in range(2, min(len(short) - 2, 6) + 1)):
            continue
        for n in fulls:
            stem = next((n[: -len(f)] for f in _LEGAL_FORMS if n.endswith(f)), n)  # (工会 kept whole)
            for whole in (n, stem):
                lead = whole[: -len(short)] if whole.endswith(short) else ""
                if 2 <= len(lead) <= 6 and re.fullmatch("[\u4e00-\u9fff]+", lead) and short != n:
                    claims[short].add(n)
    return {short: next(iter(f)) for short, f in sorted(claims.items()) if len(f) == 1}


#: the names a federation of industry and commerce goes by (工商联 is also the 总商会 / 商会)
_CHAMBER_FORMS = ("工商业联合会", "工商联", "总商会", "商会")


def _legal_short_forms(orgs: set[str]) -> dict[str, str]:
    """宁波银行 -> 宁波银行股份有限公司 (a body printed without its legal form, and its place and 中国:
    轻纺城集团 -> 浙江中国轻纺城集团股份有限公司), 鄞州区商会 / 鄞州区工商联
    -> 鄞州区工商业联合会 (one place's federation of industry and commerce by its other names), when one
    document (naming ``orgs``) prints both."""
    gaz = gazetteer.load()
    out: dict[str, str] = {}
    for n in sorted(orgs):
        for form in _LEGAL_FORMS:
            short = n[: -len(form)]
            if not (n.endswith(form) and len(short) >= 4 and short.endswith(("银行", "集团", "公司"))):
                continue
            # 浙江中国轻纺城集团股份有限公司 printed 轻纺城集团: without its place and 中国 too
            k = next((k for k in range(min(6, len(short) - 2), 1, -1) if gaz.lookup(short[:k])), 0)
            bare = short[k + 2 :] if short.startswith(("中国", "中华"), k) else short[k:]
            for stem in dict.fromkeys((short, short[k:], bare)):
                if len(stem) >= 4 and stem in orgs and stem != n:
                    out.setdefault(stem, n)
        if n.endswith("工商业联合会") and len(n) > 6:
            place = n[: -len("工商业联合会")]
            for other in _CHAMBER_FORMS[1:]:
                if place + other in orgs:
                    out.setdefault(place + other, n)
    return out


_COMPANY_HEAD = re.compile("([\u4e00-\u9fff]{2,4}|[A-Za-z]{2,6})公司(工会)?$")
#: a development zone opening a short form (仲恺高新区TCL公司): where the company is, not its name
_ZONE_LEAD = re.compile(
    "^[\u4e00-\u9fff]{2,4}(?:高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|工业园区|保税区)"
)


def _head_word_forms(orgs: set[str]) -> dict[str, str]:
    """码头公司 -> 宁波舟山港北仑第三集装箱码头有限公司: a company named again by a word of its name and
    公司 (or its union, 公司工会; after the zone it is in: 仲恺高新区TCL公司), when that word is in one
    company name of the document (naming ``orgs``) and no other."""
    out: dict[str, str] = {}
    companies = [n for n in sorted(orgs) if n.endswith("公司") and len(n) >= 8]
    for short in sorted(orgs):
        lead = _ZONE_LEAD.match(short)
        m = _COMPANY_HEAD.fullmatch(short, lead.end() if lead else 0)
        if m is None:
            continue
        union = m.group(2) or ""
        own = short[: len(short) - len(union)]  # 仲恺高新区TCL公司 of 仲恺高新区TCL公司工会: itself short
        fulls = [n for n in companies if n not in (short, own) and m.group(1) in n[:-2] and n + union in orgs]
        if len(fulls) == 1:
            out[short] = fulls[0] + union
    return out


_TOWN_HEAD = re.compile("[\u4e00-\u9fff]{1,4}?(?:街道|镇|乡)")


def _placed_forms(orgs: set[str]) -> dict[str, str]:
    """闵行区人民法院 -> 上海市闵行区人民法院, 新就业群体联合工会 -> 浦东新区张江镇新就业群体联合工会 when
    one document (naming ``orgs``) prints both: the same body with and without the places (divisions of
    the gazetteer, a township) its full name opens with, as a headline or a second mention shortens it.
    A short form two full names could take is left alone, and so is one opening with a bare level
    (区总工会: the article's own anaphora, resolved before)."""
    gaz = gazetteer.load()
    claims: dict[str, set[str]] = defaultdict(set)
    for n in sorted(orgs):
        i = 0
        while i < len(n) - 4:
            k = next((k for k in range(min(9, len(n) - i - 4), 1, -1) if gaz.lookup(n[i : i + k])), 0)
            if not k and (m := _TOWN_HEAD.match(n, i)) is not None and m.end() < len(n) - 3:
                k = m.end() - i
            if not k:
                break
            i += k
            tail = n[i:]
            if tail in orgs and tail[0] not in "省市县区州盟旗镇乡":
                claims[tail].add(n)
    return {short: next(iter(fulls)) for short, fulls in sorted(claims.items()) if len(fulls) == 1}


#: the standard short forms of rural financial bodies' legal names (村镇银行 has none)
_RURAL_SHORT_FORMS = (
    ("农村商业银行", ("农商银行", "农商行")),
    ("农村合作银行", ("农合银行", "农合行")),
    ("农村信用合作联社", ("农信社", "农村信用联社", "信用联社")),
    ("农村信用合作社", ("农信社", "农村信用社", "信用社")),
)


#: legal forms a bank's printed short name drops
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司")


_ETHNIC_COUNTY = re.compile("^(.{2,}?)(?:.{1,3}族)+自治[县州旗]$")


def _division_stem(name: str, gaz) -> str | None:
    """The short form a division's name is printed by in a body's name: 临泉县 -> 临泉 (a known short
    form), X满族自治县 -> X (the name before its peoples)."""
    if (m := _ETHNIC_COUNTY.match(name)) is not None:
        return m.group(1)
    sf = gazetteer.short_form(name)
    return sf if sf and gaz.lookup(sf) is not None else None


def _rural_bank_forms(orgs: set[str]) -> dict[str, str]:
    """X农商银行Y支行 -> 省X农村商业银行Y支行 when ``orgs`` (one document's names) holds both: 农商银行 is the
    standard short form of 农村商业银行 (农信社 of 农村信用合作联社), printed with or without the
    province or city the legal name opens with. A short form two full names could take is left alone."""
    gaz = gazetteer.load()
    claims: dict[str, set[str]] = defaultdict(set)
    for n in sorted(orgs):
        for long, shorts in _RURAL_SHORT_FORMS:
            if long not in n:
                continue
            for short in shorts:
                form = n.replace(long, short, 1)
                legal = next((t for t in _LEGAL_FORMS if form.endswith(short + t)), "")
                forms = {form, form[: len(form) - len(legal)]}  # X农商银行股份有限公司 printed X农商银行
                for f in sorted(forms):
                    for k in range(2, min(8, len(f) - 2) + 1):  # up to X满族自治县
                        if gaz.lookup(f[:k]) is not None:
                            forms.add(f[k:])  # 贵州X农商银行 printed X农商银行
                            if (sf := _division_stem(f[:k], gaz)) is not None:
                                forms.add(sf + f[k:])  # X县农商银行 printed X农商银行
                for f in forms:
                    if f in orgs and f != n:
                        claims[f].add(n)
    return {short: next(iter(fulls)) for short, fulls in sorted(claims.items()) if len(fulls) == 1}


def _abbreviations(orgs: set[str]) -> dict[str, str]:
    """柳钢集团工会 -> 柳州钢铁集团有限公司工会 when that is the one name of ``orgs`` it abbreviates (a
    caption or another article of the page prints the short form an article resolved in its own text)."""
    from kg.extract.entities import ABBREVIATED_HEADS, abbreviates

    gaz = gazetteer.load()
    # an abbreviation keeps the first character of the name, or of the name after its opening place
    by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)  # first char -> (form, full name)
    for n in sorted(orgs):
        by_first[n[:1]].append((n, n))
        for k in range(2, min(6, len(n) - 2) + 1):
            if gaz.lookup(n[:k]) is not None:
                by_first[n[k : k + 1]].append((n[k:], n))
                # 浙江中国小商品城集团 printed 商城集团: after the place and 中国, the brand's first
                # character may be dropped too (小商品城 -> 商城)
                brand = k + 2 if n.startswith(("中国", "中华"), k) else k
                if len(n) - brand > 6:
                    by_first[n[brand + 1 : brand + 2]].append((n[brand + 1 :], n))
                    if brand > k:
                        by_first[n[brand : brand + 1]].append((n[brand:], n))
    out = {}
    for short in sorted(orgs):
        if not any(head in short for head in ABBREVIATED_HEADS):
            continue
        fulls = {
            n
            for form, n in by_first[short[:1]]
            if n != short and len(form) > len(short) and short not in form and abbreviates(short, form)
        }  # a name holding the short one whole is a unit of it (its branch), not its full form
        if len(fulls) == 1:
            out[short] = fulls.pop()
    return out


#: bodies printed with and without 人民 (X区人民法院 / X区法院, X县人民政府 / X县政府)
_PEOPLES = ("人民法院", "人民检察院", "人民政府")


def _people_s_bodies(orgs: set[str]) -> dict[str, str]:
    """鲤城区法院 (鲤城法院) -> 鲤城区人民法院 when ``orgs`` holds both: a court, procuratorate or government
    of a division is the same body with or without 人民 (the place must be a division of the gazetteer)."""
    gaz = gazetteer.load()
    out = {}
    for n in sorted(orgs):
        for full in _PEOPLES:
            if not n.endswith(full):
                continue
            place = n[: -len(full)]
            div = gaz.lookup(place)
            short = place + full[2:]
            if div is not None and div.name == place and short in orgs:
                out[short] = n
            # 闵行法院: the division's short form, without 人民 (the usual name in a headline)
            stem = gazetteer.short_form(place) if div is not None and div.name == place else None
            if stem and stem + full[2:] in orgs and gaz.lookup(stem) == div:
                out[stem + full[2:]] = n
    return out


def _district_unions(orgs: set[str]) -> dict[str, str]:
    """青山区工会 / 包头市青山区工会 -> 青山区总工会 when ``orgs`` holds that too: a district's or
    county's union federation is printed both ways. Only where the name before 工会 is that same
    county-level division (or it after its city), never a company's or a street's union."""
    gaz = gazetteer.load()
    out = {}
    for n in sorted(orgs):
        if not n.endswith("工会") or n.endswith("总工会") or len(n) < 5:
            continue
        place = n[:-2]
        div = gaz.lookup(place)
        if div is None or div.name != place:
            # 包头市青山区: a city, then a county of that city
            div = next(
                (
                    d
                    for k in range(2, len(place) - 1)
                    if (d := gaz.lookup(place[k:])) is not None
                    and d.name == place[k:]
                    and (city := gaz.lookup(place[:k])) is not None
                    and city.name == place[:k]
                    and gaz.city_of(d) == city
                ),
                None,
            )
        if div is None or div.level != "county":
            continue
        for target in (place + "总工会", div.name + "总工会"):
            if target in orgs:
                out[n] = target
                break
    return out


#: what ``_norm`` drops: every character ``\\s`` matches (``str.isspace``) and the quotes, brackets and
#: separators a name may be printed with or without
_NORM_DROP = str.maketrans(
    "",
    "",
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "“”\"'‘’、，·《》()（）",
)


def _norm(name: str) -> str:
    return name.translate(_NORM_DROP)  # five times a regex's speed: link's events call it often


def _similar(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    ga = {a[i : i + 2] for i in range(len(a) - 1)}
    gb = {b[i : i + 2] for i in range(len(b) - 1)}
    return bool(ga and gb) and 2 * len(ga & gb) / (len(ga) + len(gb)) >= 0.5


#: words that name the opening or closing of an event, not an event of their own (图为开幕式上的…)
_CEREMONIES = frozenset({"开幕式", "闭幕式", "开幕仪式", "闭幕仪式", "启动仪式", "开班仪式", "颁奖仪式"})


def _ceremony(name: str) -> bool:
    return name in _CEREMONIES


def _same_event(a: Event, b: Event) -> bool:
    """Whether two event statements of one organiser (or one name) can be the same event (see
    ``_candidates`` for the statements of one name on several dates)."""
    same_art = (a.doc_id, a.article) == (b.doc_id, b.article)
    da, db = a.date.iso() if a.date else None, b.date.iso() if b.date else None
    if da and db and da != db:
        return False
    if (da is None or db is None) and not same_art and _norm(a.name) != _norm(b.name):
        return False
    return bool(
        _similar(a.name, b.name)
        or (same_art and a.trigger == b.trigger and (_ceremony(a.name) or _ceremony(b.name)))
        or (same_art and da and da == db and _same_gathering(a.name, b.name))
    )


def _candidates(evs: list[Event]) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """What ``_same_event`` may join among ``evs`` (x < y), without comparing all pairs: groups that
    join whole, and pairs to test.

    A decade of one city's union paper has thousands of events by the same organiser: comparing all
    pairs of them took minutes. ``_same_event`` joins two dated statements only on the same date, and
    an undated one only within its article or to a statement of the same name. The statements of a
    name with an undated one are one group while the name's dated statements share one date; with
    several dates (the same meeting every year) the undated ones cannot say which they are, and join
    only each other: they would otherwise make one event of every year's.
    """
    isos = [e.date.iso() if e.date else None for e in evs]
    dates: dict[str, list[int]] = defaultdict(list)
    articles: dict[tuple, list[int]] = defaultdict(list)
    names: dict[str, list[int]] = defaultdict(list)
    undated_names: set[str] = set()
    for k, e in enumerate(evs):
        if isos[k] is not None:
            dates[isos[k]].append(k)
        articles[(e.doc_id, e.article)].append(k)
        norm = _norm(e.name)
        if norm:
            names[norm].append(k)
            if isos[k] is None:
                undated_names.add(norm)
    pairs = [(x, y) for ks in dates.values() for i, x in enumerate(ks) for y in ks[i + 1 :]]
    pairs += [
        (x, y)
        for ks in articles.values()
        for i, x in enumerate(ks)
        for y in ks[i + 1 :]
        if isos[x] is None or isos[y] is None  # two dated ones: their date's pairs have them
    ]
    whole = []
    for n in sorted(undated_names):
        ks = names[n]
        if len({isos[k] for k in ks} - {None}) > 1:
            ks = [k for k in ks if isos[k] is None]
        whole.append(ks)
    return whole, pairs


def _join_owner_and_union(items, find, parent) -> None:
    """``X公司开展“Y”活动`` (headline) and ``X公司工会开展“Y”活动`` (body): one event of one article
    whose organisers are a body and a body named after it (its union, a department), under the same
    name or head noun."""
    by_article: dict[tuple, list[int]] = defaultdict(list)
    for i, (ev, org) in enumerate(items):
        if org:
            by_article[(ev.doc_id, ev.article)].append(i)
    for idx in by_article.values():
        for x in idx:
            for y in idx:
                (a, ox), (b, oy) = items[x], items[y]
                if ox == oy or not oy.startswith(ox):
                    continue
                # the same name, or the same head noun (“冬病夏治”宣传 over 健康宣传 of X医院中医科)
                if _norm(a.name) != _norm(b.name) and _norm(a.name)[-2:] != _norm(b.name)[-2:]:
                    continue
                if a.date and b.date and a.date.iso() != b.date.iso():
                    continue
                parent[find(y)] = find(x)


def _link_events(results, res: _Resolver, ensure, index: MentionIndexBuilder, store: MentionStore):
    """Merge the same event across articles: same organiser, compatible date, similar name."""
    items: list[tuple[Event, str | None]] = []
    doc_of: dict[int, int] = {}  # id(event) -> the index of its document's result (for ``ensure``)
    for ri, r in enumerate(results):
        for ev in r.events:
            doc_of[id(ev)] = ri
            org = (
                ensure(ev.organizer.type, res.name(ev.organizer.name, ev.organizer.scope), ri)
                if ev.organizer
                else None
            )
            items.append((ev, org))
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, (ev, org) in enumerate(items):
        buckets[org or "name:" + _norm(ev.name)].append(i)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(j)] = find(i)

    for idx in buckets.values():
        whole, pairs = _candidates([items[i][0] for i in idx])
        for ks in whole:
            for k in ks[1:]:
                union(idx[ks[0]], idx[k])
        for x, y in pairs:
            if _same_event(items[idx[x]][0], items[idx[y]][0]):
                union(idx[x], idx[y])
    _join_owner_and_union(items, find, parent)
    _join_unowned(items, find, parent)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    out = []
    for members in groups.values():
        evs = [items[i][0] for i in members]
        org = next((items[i][1] for i in members if items[i][1]), None)
        # X公司 (headline) and X公司工会 (body) joined: the body's more precise organiser
        org = max(
            (o for i in members if (o := items[i][1]) and org and o.startswith(org)), key=len, default=org
        )
        counts = Counter(_norm(e.name) for e in evs)
        dated = [e for e in evs if e.date and e.date.iso()]
        pool = dated or evs
        best = min(pool, key=lambda e: (-counts[_norm(e.name)], -len(_norm(e.name)), e.name))
        name = best.name
        date: DateValue | None = dated[0].date if dated else None
        org_name = org.split("/", 1)[1] if org else "-"
        key = f"event/{org_name}/{date.iso() if date else 'undated'}/{_norm(name)}"
        # a venue (X体育场) is more precise than the town a headline holds it in (在Y举行), and so is a
        # street or township than the district (在大安区举行 / 在大安区Y街道举行)
        located = [e for e in sorted(evs, key=_ev_order) if e.location]
        township = next((e for e in located if e.location.name.endswith(_TOWNSHIP_ENDS)), None)
        loc_ev = next(
            (e for e in located if e.location.type == "Organization"),
            township or (located[0] if located else None),
        )
        loc = loc_ev.location if loc_ev is not None else None
        loc_key = ensure(loc.type, res.name(loc.name, loc.scope), doc_of[id(loc_ev)]) if loc else None
        performers = sorted(
            {ensure(p.type, res.name(p.name, p.scope), doc_of[id(e)]) for e in evs for p in e.performers}
        )
        attendees = sorted(
            {ensure(p.type, res.name(p.name, p.scope), doc_of[id(e)]) for e in evs for p in e.attendees}
            - {org}
        )
        co_organizers = sorted(
            {ensure(o.type, res.name(o.name, o.scope), doc_of[id(e)]) for e in evs for o in e.co_organizers}
            - {org}
        )
        counts_att = [e.attendee_count for e in evs if e.attendee_count]
        reports = sorted(
            {(e.doc_id, e.article) for e in evs}, key=lambda a: (a[0], -1 if a[1] is None else a[1])
        )
        ms = []
        for e in evs:
            m = Mention(
                e.doc_id,
                e.article,
                e.start,
                e.end,
                e.name,
                "Event",
                name,
                source="trigger",
                caption=e.caption,
            )
            ms.append((m.doc_id, m.start, store.add(m)))
            index.set(e.doc_id, e.start, e.end, "Event", key)
        aliases = tuple(sorted({e.name for e in evs} - {name}))
        out.append(
            LinkedEvent(
                key,
                name,
                aliases,
                date,
                org,
                loc_key,
                tuple(performers),
                tuple(attendees),
                max(counts_att) if counts_att else None,
                tuple(reports),
                store.seq(i for _, _, i in sorted(ms, key=lambda m: (m[0], m[1]))),
                tuple(co_organizers),
            )
        )
    # two groups could share a key (same organiser, date and name in different wording): keep keys unique
    out.sort(key=lambda e: e.key)
    seen: Counter[str] = Counter()
    final = []
    for e in out:
        seen[e.key] += 1
        if seen[e.key] > 1:
            e = LinkedEvent(
                f"{e.key}/{seen[e.key]}",
                *[
                    getattr(e, f)
                    for f in (
                        "name",
                        "aliases",
                        "date",
                        "organizer",
                        "location",
                        "performers",
                        "attendees",
                        "attendee_count",
                        "reports",
                        "mentions",
                        "co_organizers",
                    )
                ],
            )
        final.append(e)
    return tuple(final)


def _same_gathering(a: str, b: str) -> bool:
    """Headline and body name one meeting in two wordings (X工作推进会 / 全市Y工作推进会; 安康杯竞赛 /
    安康杯安全生产知识竞赛: one head the longer form of the other's)."""
    ha, hb = campaign_head(_norm(a)), campaign_head(_norm(b))  # 大检查 / 专项检查: one inspection too
    if ha is not None and hb is not None and (ha.endswith(hb) or hb.endswith(ha)):
        return True
    # 安全培训 / 冬季安全生产培训: the shorter keeps some of the longer's words, in order, and its end
    short, long_ = sorted((_norm(a), _norm(b)), key=len)
    return len(short) >= 4 and short[-2:] == long_[-2:] and in_order(short, long_)


def _join_unowned(items, find, parent) -> None:
    """An event mentioned without its organiser (在8月20日召开的X会上, a 侧记's subtitle) joins the one
    organised event of the corpus with its name, or else with its head noun and date.

    Indexes by name and by (head, date) keep this linear; an ambiguous match joins nothing.
    """
    by_name: dict[str, set[tuple[int, str | None]]] = defaultdict(set)
    by_head: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_art: dict[tuple[str, int | None, str], set[int]] = defaultdict(set)
    heads: dict[str, tuple[str, str | None]] = {}  # name -> (its _norm, its gathering_head): names repeat

    def norm_head(name: str) -> tuple[str, str | None]:
        got = heads.get(name)
        if got is None:
            norm = _norm(name)
            got = heads[name] = (norm, gathering_head(norm))
        return got

    for i, (ev, org) in enumerate(items):
        if org is None:
            continue
        (norm, head), date = norm_head(ev.name), ev.date.iso() if ev.date else None
        by_name[norm].add((find(i), date))
        if head and date:
            by_head[(head, date)].add(find(i))
        if head:
            by_art[(ev.doc_id, ev.article, head)].add(find(i))
    for i, (ev, org) in enumerate(items):
        if org is not None:
            continue
        (norm, head), date = norm_head(ev.name), ev.date.iso() if ev.date else None
        named = by_name.get(norm, set())
        cands = {r for r, d in named if not (d and date and d != date)}
        if not named:
            cands = by_head.get((head, date), set()) if head and date else set()
        if not named and not cands and head:
            cands = by_art.get((ev.doc_id, ev.article, head), set())
        if len(cands) == 1:
            parent[find(i)] = find(next(iter(cands)))


#: the names of places below a county (streets, towns, townships, villages, communities)
_TOWNSHIP_ENDS = ("街道", "镇", "乡", "村", "社区")


def _ev_order(e: Event):
    return (e.doc_id, -1 if e.article is None else e.article, e.start)
