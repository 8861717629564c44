"""Extraction: mentions, relations and events of one page, every span in page coordinates.

Per article (and per photo caption) one ``Unit`` is tokenised once; then places (gazetteer),
organisations (suffix grammar, anaphora), people (credits, role patterns, the NER model when shipped),
dates and events are found in that order, each step seeing what the earlier ones found.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg import gazetteer, townships
from kg.extract import dates as dates_mod
from kg.extract import lexicons
from kg.extract.entities import (
    LOCATED_KINDS,
    TERM,
    OrgHit,
    PlaceHit,
    counted,
    find_orgs,
    find_places,
    find_towns,
    located_in_name,
    place_matches,
    subject_city,
)
from kg.extract.events import EventHit, find_events
from kg.extract.people import find_people, name_at, staff_named_after
from kg.extract.text import Unit, tokenizer
from kg.model import DateValue, Event, Extraction, Mention, Options, Page, Ref, Relation, Segmented

__all__ = ["extract"]


def extract(page: Page, segmented: Segmented, options: Options) -> Extraction:
    """Everything one page states, in page coordinates (``page.text[start:end] == text``)."""
    year = dates_mod.issue_year(page.doc.date or options.issue_date)
    issue_ref = dates_mod.parse_iso(page.doc.date or options.issue_date) or _masthead_date(page, segmented)
    page_places = place_matches(page.text)
    datelines = {a.index: _dateline(page, a, issue_ref) for a in segmented.articles if a.dateline}
    shorts = _county_shorts(page_places) | {d[2] for d in datelines.values() if d is not None and d[2]}
    use_ner = len(page.text) <= NER_MAX_CHARS
    if use_ner and (_lone_sentence(page.text) or _snippet(page.text, segmented)):
        use_ner = "sentence"
    mentions: list[Mention] = []
    relations: list[Relation] = []
    events: list[Event] = []
    caption_spans = [(c.span.start, c.span.end) for c in segmented.captions]
    # a bare credit line inside an article (（记者 A 摄）) is no text of the article's
    caption_spans += [
        (c.start, c.end) for cap in segmented.captions if not cap.span.text for c in cap.credits
    ]
    article_orgs: dict[int | None, list[OrgHit]] = {}
    subjects: dict[int, str | None] = {}
    for art in segmented.articles:
        masks = [(c.start, c.end) for c in art.credits]
        if art.byline is not None:
            masks.append((art.byline.start, art.byline.end))
        masks += [c for c in caption_spans if art.span.start <= c[0] < art.span.end]
        breaks = [
            s.start
            for s in (art.kicker, art.headline, art.subtitle, art.byline, art.body)
            if s is not None and s.start <= art.body.start  # a closing credit (（记者 A）) is no block
        ]
        if breaks and min(breaks) > art.span.start:
            masks.append((art.span.start, min(breaks)))  # a page header above the title: no text of it
        unit = _unit(page, art.index, None, art.span.start, art.span.end, masks, breaks)
        ref = issue_ref
        dl = datelines.get(art.index)
        if dl is not None:
            mentions.extend(dl[0])
            ref = dl[1] or ref
        unit.ref = ref
        orgs = _run(page, unit, shorts, year, [], mentions, relations, events, page_places, use_ner)
        article_orgs[art.index] = orgs
        subjects[art.index] = unit.subject
        for c in art.credits:
            mentions.append(_credit(page, art.index, None, c))
    for cap in segmented.captions:
        unit = _unit(page, cap.article, cap.index, cap.span.start, cap.span.end, [], [])
        dl = datelines.get(cap.article) if cap.article is not None else None
        unit.ref = (dl[1] if dl is not None else None) or issue_ref
        unit.subject = subjects.get(cap.article) if cap.article is not None else None
        prior = article_orgs.get(cap.article, []) if cap.article is not None else []
        _run(page, unit, shorts, year, prior, mentions, relations, events, page_places, use_ner)
        for c in cap.credits:
            mentions.append(_credit(page, cap.article, cap.index, c))
    mentions = [m for m in mentions if not _bare_suffix(m)]
    mentions += _bank_short_mentions(page, segmented, mentions)
    mentions, relations, events = _bank_abbreviations(mentions, relations, events)
    mentions, relations = _implied_banks(mentions, relations)
    mentions = sorted(set(mentions), key=lambda m: (m.start, m.end, m.type, m.name, m.caption or -1))
    relations = sorted(
        set(relations),
        key=lambda r: (r.start, r.end, r.predicate, r.subject.name, str(r.object), r.value or ""),
    )
    events.sort(key=lambda e: (e.start, e.end, e.name))
    return Extraction(tuple(mentions), tuple(relations), tuple(events))


#: the short forms of the big banks (建行昭通分行 = 中国建设银行昭通分行)
_BANK_SHORTS = {"建行": "中国建设银行", "农行": "中国农业银行", "工行": "中国工商银行", "中行": "中国银行"}


def _bank_short_mentions(page: Page, segmented: Segmented, mentions: list[Mention]) -> list[Mention]:
    """建行 / 建行X分行 the rules do not read, in an article that names 中国建设银行(…): a mention of the
    bank, or of the branch named right after it (renamed to the full names by ``_bank_abbreviations``)."""
    text = page.text
    out: list[Mention] = []
    for art in segmented.articles:
        orgs = [
            m for m in mentions if m.type == "Organization" and m.article == art.index and m.caption is None
        ]
        for short, full in _BANK_SHORTS.items():
            if not any(m.name.startswith(full) for m in orgs):
                continue
            for hit in re.finditer(short, text[art.span.start : art.span.end]):
                a, e = art.span.start + hit.start(), art.span.start + hit.end()
                if a and re.match(r"[\u4e00-\u9fff]", text[a - 1]) and text[a - 1] not in "在和与及由向对":
                    continue  # 其中行业: the characters belong to other words
                if text[e : e + 1] == "业" or any(m.start < e and a < m.end for m in orgs):
                    continue
                after = next((m for m in orgs if m.start == e and m.name.startswith(full)), None)
                end, name = (after.end, after.name) if after is not None else (e, short)
                out.append(
                    Mention(page.doc.id, art.index, a, end, text[a:end], "Organization", name, "bank", "rule")
                )
    return out


def _placed_branch(bank: str, branch: str, found: set[str]) -> str | None:
    """The one name of ``found`` that is ``bank`` + a place + ``branch`` (中国建设银行 厦门 海沧支行): the
    branch a short form names without its city."""
    gaz = gazetteer.load()
    hits = [
        x
        for x in found
        if x.startswith(bank)
        and x.endswith(branch)
        and len(x) > len(bank) + len(branch)
        and gaz.lookup(x[len(bank) : len(x) - len(branch)]) is not None
    ]
    return hits[0] if len(hits) == 1 else None


def _bank_abbreviations(mentions: list[Mention], relations: list[Relation], events: list[Event]):
    """建行 / 建行X分行 in an article that names 中国建设银行(X分行): the full name, one bank (and one
    branch) instead of two nodes each. A bare short form is the head bank when a branch of it is named."""
    names: dict[tuple[str, int | None], set[str]] = {}
    for m in mentions:
        if m.type == "Organization":
            names.setdefault((m.doc_id, m.article), set()).add(m.name)
    renames: dict[tuple[str, int | None], dict[str, str]] = {}
    for key, found in names.items():
        for n in found:
            doubled = next((w for w, f in _BANK_SHORTS.items() if n.startswith(f + w)), None)
            if (
                doubled is not None
            ):  # 农行X分行 read as a branch of the bank named before: 中国农业银行农行X分行
                renames.setdefault(key, {})[n] = (
                    _BANK_SHORTS[doubled] + n[len(_BANK_SHORTS[doubled] + doubled) :]
                )
                continue
            short = next((w for w in _BANK_SHORTS if n.startswith(w)), None)
            if short is None:
                # 中国建设银行海沧支行 (the short form read out) beside 中国建设银行厦门海沧支行
                bank = next((f for f in _BANK_SHORTS.values() if n.startswith(f) and len(n) > len(f)), None)
                if bank is not None and (placed := _placed_branch(bank, n[len(bank) :], found - {n})):
                    renames.setdefault(key, {})[n] = placed
                continue
            full = _BANK_SHORTS[short] + n[len(short) :]
            if full in found or (n == short and any(x.startswith(full) for x in found)):
                renames.setdefault(key, {})[n] = full
            elif n != short and (placed := _placed_branch(_BANK_SHORTS[short], n[len(short) :], found)):
                renames.setdefault(key, {})[n] = placed  # 建行海沧支行: 中国建设银行厦门海沧支行
    if not renames:
        return mentions, relations, events

    def ref(r: Ref | None, key) -> Ref | None:
        new = renames.get(key, {}).get(r.name) if r is not None and r.type == "Organization" else None
        return r if new is None else replace(r, name=new)

    mentions = [
        replace(m, name=renames[(m.doc_id, m.article)][m.name])
        if m.type == "Organization" and m.name in renames.get((m.doc_id, m.article), {})
        else m
        for m in mentions
    ]
    relations = [
        replace(r, subject=ref(r.subject, (r.doc_id, r.article)), object=ref(r.object, (r.doc_id, r.article)))
        for r in relations
    ]
    events = [
        replace(
            e,
            organizer=ref(e.organizer, (e.doc_id, e.article)),
            location=ref(e.location, (e.doc_id, e.article)),
            performers=tuple(ref(x, (e.doc_id, e.article)) for x in e.performers),
            attendees=tuple(ref(x, (e.doc_id, e.article)) for x in e.attendees),
            co_organizers=tuple(ref(x, (e.doc_id, e.article)) for x in e.co_organizers),
        )
        for e in events
    ]
    return mentions, relations, events


def _bank_key(name: str) -> str:
    return name[2:] if name.startswith("中国") and len(name) > 4 else name  # 中国农业银行 ~ 农业银行


def _implied_banks(mentions: list[Mention], relations: list[Relation]):
    """A head bank named only inside its branches' names (中国X银行 of 中国X银行Y分行) is no node of
    its own: its nested mentions and the branches' parentOrganization facts go; a page that also
    names the bank on its own keeps both. Only a branch implies its bank: a bank named inside its
    union's name (X银行股份有限公司工会) is the union's parent, a node of its own."""
    orgs = [m for m in mentions if m.type == "Organization"]
    spans = [(m.start, m.end) for m in orgs if m.kind == "bank"]

    def nested(m: Mention) -> bool:
        return any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)

    inner = {_bank_key(m.name) for m in orgs if m.kind == "bank" and nested(m)}
    if not inner:
        return mentions, relations
    implied = inner - {_bank_key(m.name) for m in orgs if not nested(m)}
    if not implied:
        return mentions, relations
    mentions = [m for m in mentions if not (m.type == "Organization" and _bank_key(m.name) in implied)]
    relations = [
        r
        for r in relations
        if not (
            (r.object is not None and r.object.type == "Organization" and _bank_key(r.object.name) in implied)
            or (r.subject.type == "Organization" and _bank_key(r.subject.name) in implied)
        )
    ]
    return mentions, relations


def _credit(page: Page, article: int | None, caption: int | None, c) -> Mention:
    return Mention(
        page.doc.id,
        article,
        c.start,
        c.end,
        page.text[c.start : c.end],
        "Person",
        c.name,
        source="byline",
        caption=caption,
    )


def _unit(page: Page, article, caption, start: int, end: int, masks, breaks) -> Unit:
    chars = list(page.text[start:end])
    for a, b in masks:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = "\n"
    unit = Unit(
        page.doc.id,
        article,
        caption,
        start,
        "".join(chars),
        tuple(sorted(b - start for b in breaks if start < b < end)),
    )
    unit.tokenize()
    return unit


#: a wire dateline's agency at its start (新华社, 中新社, X通讯社, X网): not 本报/本刊, which name no body
_AGENCY = re.compile(r"据?((?!本报|本刊)[\u4e00-\u9fff]{1,6}?(?:通讯社|新闻社|社|网))")


def _masthead_date(page: Page, segmented: Segmented) -> DateValue | None:
    """The issue date a page prints above its first article (东莞日报 / 2026年11月30日 星期一), what its
    bare days (28日), 本月28日 and 昨日 are read against when no issue date was given. Its year is not
    given to the page's month-days: only a date the caller gives dates them (``--issue-date``)."""
    if not segmented.articles:
        return None
    first = segmented.articles[0]
    heads = [s.start for s in (first.kicker, first.headline, first.subtitle, first.byline, first.body) if s]
    top = min(heads) if heads else first.span.start  # the header above the title may open the span
    for _s, _e, d in dates_mod.find_dates(page.text[:top]):
        if d.year is not None and d.month is not None and d.day is not None:
            return DateValue(d.month, d.day, None)
    return None


def _dateline(page: Page, art, issue_ref: DateValue | None):
    """The mentions and date of a wire dateline (新华社南昌6月17日电): (mentions, date, short form) or None.

    The byline span that holds the dateline is masked from extraction, so its names come from here: the
    agency that opens it (an organisation), and the place, the longest gazetteer name (full or short)
    that ends right before the date (or before 电), else, after an agency, the few characters between
    it and the date (a city abroad: 新华社莫斯科6月1日电). The date's year is the issue's; it is the
    month a bare day of the body (17日) refers to.
    """
    from kg import gazetteer

    lead = art.dateline
    if art.byline is None or not lead:
        return None
    at = page.text.find(lead, art.byline.start, art.byline.end)
    if at < 0:
        return None
    year = issue_ref.year if issue_ref is not None else None
    found = dates_mod.find_dates(lead, year)
    ds = next(((a, v) for a, _b, v in found if v.month is not None and v.day is not None), None)
    stop = ds[0] if ds is not None else len(lead) - 1
    date = ds[1] if ds is not None else None
    mentions: list[Mention] = []
    agency = _AGENCY.match(lead)
    if agency is not None and agency.end(1) < stop:
        a, b = agency.span(1)
        mentions.append(
            Mention(
                page.doc.id,
                art.index,
                at + a,
                at + b,
                lead[a:b],
                "Organization",
                lead[a:b],
                kind="other",
                source="dateline",
            )
        )
    gaz = gazetteer.load()
    for k in range(max(0, stop - 8), stop - 1):
        div = gaz.lookup(lead[k:stop])
        if div is not None:
            text = lead[k:stop]
            mentions.append(
                Mention(
                    page.doc.id,
                    art.index,
                    at + k,
                    at + stop,
                    text,
                    "Place",
                    div.name,
                    kind=div.level,
                    source="dateline",
                )
            )
            short = text if text != div.name else None
            return tuple(mentions), date, short
    if agency is not None and ds is not None and 2 <= stop - agency.end(1) <= 6:
        a, text = agency.end(1), lead[agency.end(1) : stop]
        if all("\u4e00" <= ch <= "\u9fff" for ch in text):
            mentions.append(
                Mention(page.doc.id, art.index, at + a, at + stop, text, "Place", text, source="dateline")
            )
    return (tuple(mentions), date, None) if mentions or date is not None else None


def _bare_org(unit: Unit, o: OrgHit) -> bool:
    """``_bare_suffix`` of a rule's organisation before it is a mention."""
    text = unit.text[o.start : o.end]
    return o.source == "suffix" and o.scope is None and text == o.name and text in lexicons.org_suffixes()


def _bare_suffix(m: Mention) -> bool:
    """An organisation named by its suffix alone (各级政府, 向公司申请) is a kind of body, not one body."""
    return (
        m.type == "Organization"
        and m.source == "suffix"
        and m.scope is None
        and m.text == m.name
        and m.text in lexicons.org_suffixes()
    )


def _county_shorts(page_places: list[tuple[int, int, str]]) -> frozenset[str]:
    """Short forms of the county-level places whose full name the page prints (登封 after 登封市)."""
    from kg import gazetteer

    gaz = gazetteer.load()
    out = set()
    for _, _, name in page_places:
        div = gaz.lookup(name)
        if div is not None and name == div.name and div.level == "county":
            s = gazetteer.short_form(div.name)
            if s and gaz.short.get(s) in (div.code, None):  # 钟山 of 钟山区 (a 钟山县 elsewhere too)
                out.add(s)
    return frozenset(out)


#: documents up to this size get the NER model's mentions where the rules found none (single sentences,
#: wire items, JSONL records); longer pages (laid-out newspaper pages) rely on the rules alone: the CRF
#: tags ~40k chars/s, which would cut extraction speed to a third for little gain where rules are tuned
NER_MAX_CHARS = 2000


_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _lone_sentence(text: str) -> bool:
    """One line holding one sentence (a JSONL record of a sentence corpus): no headline, byline or
    article around it for the rules to read, so the model's reading of its names is the better one."""
    body = text.strip()
    return bool(body) and "\n" not in body and not _SENTENCE_END.search(body[:-1])


#: a one-line document up to this size with no byline is a snippet (a sentence or two cut from an
#: article, a web-news excerpt), however many sentence ends it holds
SNIPPET_CHARS = 120


def _snippet(text: str, segmented: Segmented) -> bool:
    """A short line of a few sentences with no headline or byline over it: read like a lone sentence
    (the rules' suffix grammar and role patterns have no article to lean on; a wire lead with its
    byline is an article)."""
    body = text.strip()
    return (
        bool(body)
        and len(body) <= SNIPPET_CHARS
        and "\n" not in body
        and not any(a.byline or a.headline or a.dateline for a in segmented.articles)
    )


@lru_cache(maxsize=1)
def _ner_model():
    """The shipped NER model, or None when it is not installed (rules alone still work)."""
    try:
        from kg.ner import load_model

        return load_model()
    except Exception:
        return None


def _ner_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, type) spans of the NER model in ``text``; nothing when there is no model."""
    model = _ner_model()
    if model is None:
        return []
    try:
        spans = [(*_trim_edges(text, s, e), t) for s, e, t in model.predict(text)]
    except Exception:
        return []
    return [(s, e, t) for s, e, t in spans if e > s and text[s:e].strip() == text[s:e]]


_OPENERS = "（(《“‘「『【〈［"
_CLOSERS = "）)》”’」』】〉］"
#: marks no name starts or ends with: joiners (·, -) and list or clause punctuation
_EDGE_MARKS = "·•・‧-－—–、，,：:；;。"


def _trim_edges(text: str, s: int, e: int) -> tuple[int, int]:
    """A model span without the marks at its edges that belong to the text around it: an opening
    bracket or quote whose closing one is outside (“建设部), a closing one whose opening one is
    (衡阳市某巷28号）), a dangling joiner (罗伊·)."""
    while s < e:
        ch = text[s]
        if ch in _OPENERS and _CLOSERS[_OPENERS.index(ch)] in text[s + 1 : e]:
            break
        if ch not in _OPENERS and ch not in _CLOSERS and ch not in _EDGE_MARKS:
            break
        s += 1
    while e > s:
        ch = text[e - 1]
        if ch in _CLOSERS and _OPENERS[_CLOSERS.index(ch)] in text[s : e - 1]:
            break
        if ch not in _OPENERS and ch not in _CLOSERS and ch not in _EDGE_MARKS:
            break
        e -= 1
    return s, e


def _rare_name_in_word(unit: Unit, s: int, e: int) -> bool:
    """普惠金 (of 普惠金融), 普惠: a model's name with a rare family name that ends inside a common word,
    or is one: the word's characters, no name (a common family name keeps its reading: 王国强调 is
    王国强 + 调)."""
    if unit.text[s] in lexicons.common_surnames():
        return False
    k = unit.token_at(e - 1)
    if k is None:
        return False
    ts, te, w, flag = unit.tokens[k]
    tok, _ = tokenizer()
    if ts == s and te == e:  # the name is one word of the dictionary, not tagged a person's name
        return not flag.startswith("nr") and tok.FREQ.get(w, 0) >= 10
    return not unit.is_boundary(e) and ts < e < te and tok.FREQ.get(w, 0) >= 10


#: a surname and 某 (某某, 某甲): the way court and police reports hide a person's name
_ANONYMISED_RE = re.compile(r"[\u4e00-\u9fff]{1,2}某(?:某|[甲乙丙丁])?")

#: a span opening with "the whole / every / this" + a level (全州, 各县, 本市), after a term (第五届)
_WHOLE_OF_RE = re.compile(r"(?:第[一二三四五六七八九十\d]{1,3}届)?[全各本该每][省市县区州盟旗乡镇]")


def _event_named(name: str) -> bool:
    """A name that ends with an event noun of two characters or more (培训班, 运动会, 活动): an event's,
    not a body's; but for a people's congress (X市人民代表大会), a body as well as its sessions."""
    return name.endswith(tuple(n for n in lexicons.event_nouns() if len(n) >= 2)) and not name.endswith(
        "代表大会"
    )


def _ner_fill(
    unit: Unit, spans, places: list[PlaceHit], orgs: list[OrgHit], persons, unnamed=()
) -> list[Mention]:
    """NER Place / Organization spans where the rules found nothing there (rules win; NER fills the gaps).

    A span that crosses or lies inside a rule mention is dropped; one that strictly contains rule mentions
    is kept (建行上海市分行 around 上海市分行, 重庆某某公司 around 重庆): the rules' pieces stay, nested in it.
    """
    from kg import gazetteer

    gaz = gazetteer.load()
    taken = [(x.start, x.end) for x in (*places, *orgs, *persons)]
    out = []
    for s, e in unnamed:
        if any(a < e and s < b for a, b in taken):
            continue
        text = unit.text[s:e]
        out.append(
            Mention(
                unit.doc_id,
                unit.article,
                unit.base + s,
                unit.base + e,
                text,
                "Person",
                "",
                source="ner",
                caption=unit.caption,
            )
        )
        taken.append((s, e))
    for s, e, t in spans:
        if t not in ("Place", "Organization"):
            continue
        if _WHOLE_OF_RE.match(unit.text, s, e):
            continue  # 全州 (职工), 第五届全州职工: "the whole prefecture", no county (全州县) nor body
        if t == "Organization" and (_inside_verb(unit, s) or _holds_trigger(unit, s, e)):
            continue
        if t == "Organization" and _joins_or_terms(unit.text, s, e, places):
            continue
        if unit.text.count("“", s, e) != unit.text.count("”", s, e):
            continue  # 省总“工会驿站”: the model's span cuts a quotation
        if t == "Organization" and _role_straddles(unit.text, s, e, orgs):
            continue  # 省总工会党组书记: the model's body runs from the rules' into a post (党组书记)
        if t == "Organization" and _placed_rule_org(s, e, [*places, *orgs]):
            continue  # 荔城区 + 拱辰街道总工会: the rules' body after its district, no third name
        if t == "Organization" and _event_named(unit.text[s:e]):
            continue  # X县女职工技能培训班: a class a body holds, read by the model as a body
        # 召开产业工会工作推进会, 来自12家林业局的职工: the bodies of a trade in general, or counted:
        # a mention of a kind of body, no node (as 工会委员会 alone, below)
        generic = t == "Organization" and (_generic_body(unit.text[s:e]) or counted(unit.text, s))
        if t == "Organization" and _SOME_BODY_RE.search(unit.text, s, e):
            continue  # 晋江一企业工会: the union of some company there, no name
        if t == "Organization":  # 榜头镇 + 仙游县X有限公司: the township is where the body is
            from kg.extract.entities import higher_place_after_town

            s = higher_place_after_town(s, e, places)
        if t == "Organization":  # 建行 + 丽水分行: the body and its branch the rules read, one name
            e = next(
                (
                    x.end
                    for x in (*places, *orgs)
                    if x.start == e and x.end - x.start >= 3 and x.name.endswith(_BRANCH_ENDS)
                ),
                e,
            )
        if any(a < e and s < b and not (s <= a and b <= e and b - a < e - s) for a, b in taken):
            continue
        text = unit.text[s:e]
        name, kind = text, None
        if t == "Place" and len(text) >= 2:
            div = gaz.lookup(text)
            if div is not None:
                name, kind = div.name, div.level
        elif t == "Organization" and len(text) >= 2:
            from kg.extract.entities import headline_name

            # 选举产生第一届工会委员会: a suffix alone is a kind of body: a mention, no node (no kind)
            kind = _suffix_kind(text) if text not in lexicons.org_suffixes() and not generic else None
            rule_orgs = [x for x in places if isinstance(x, OrgHit) and x.kind == kind]
            name = (headline_name(text, rule_orgs) if kind and rule_orgs else None) or name
            if generic:
                name = ""  # a mention, no node
        base = unit.base
        out.append(
            Mention(
                unit.doc_id,
                unit.article,
                base + s,
                base + e,
                text,
                t,
                name,
                kind=kind,
                source="ner",
                caption=unit.caption,
            )
        )
        taken.append((s, e))
    return out


def _widen_by_model(unit: Unit, spans, orgs: list[OrgHit], places: list[PlaceHit]) -> None:
    """青海塞上红果业有限公司 (the suffix grammar: 红果业有限公司), 无锡华晟精密机械有限公司 (锡华晟…): a
    company the rules cut short takes the model's span when that span ends with it and opens with a
    place, the rules' or the gazetteer's, that ends before it (only name characters between them: no
    verb, particle or other body) or inside its first characters."""
    from kg import gazetteer

    at_place = {p.start: p for p in places}
    text = unit.text
    gaz = None
    for s, e, t in spans:
        if t != "Organization":
            continue
        for o in orgs:
            if o.end != e or not s < o.start or o.kind != "company" or o.place is not None:
                continue
            if o.parent is not None or o.source != "suffix":
                continue
            if any(x is not o and s < x.end and x.start < o.start for x in orgs):
                continue
            if (p := at_place.get(s)) is not None:
                place, place_end = p.name, p.end
            else:
                gaz = gaz or gazetteer.load()
                k, div = next(
                    (
                        (k, d)
                        for k in (4, 3, 2)
                        if s + k < e and (d := gaz.lookup(text[s : s + k])) is not None
                    ),
                    (0, None),
                )
                place, place_end = (div.name, s + k) if div is not None else (None, s)
            if place is None:
                continue
            if place_end > o.start:
                ok = o.start - s <= 2  # 无锡华晟… cut as 锡华晟…: the place runs into the rules' name
            else:
                gap = text[place_end : o.start]
                ok = len(gap) <= 4 and all("\u4e00" <= c <= "\u9fff" and c not in _NOT_IN_BRAND for c in gap)
            if ok:
                old, new = o.name, text[s:e]
                o.start, o.name, o.place = s, new, place
                for x in orgs:  # what the unit resolved to the short name (该公司, 该公司工会) follows it
                    if x is not o and x.source == "anaphora" and x.name == old:
                        x.name, x.place = new, place
                    elif x.parent is not None and x.parent.name == new and x.name.startswith(old):
                        x.name = new + x.name[len(old) :]


#: characters no brand between a place and a company's trade holds (the model ran over a clause)
_NOT_IN_BRAND = frozenset("的在了是和与及等对向从把被将于为给着过")


def _placed_rule_org(s: int, e: int, hits) -> bool:
    """Whether ``[s, e)`` is rule places followed by a rule organisation ending at ``e``."""
    starts = {p.start: p.end for p in hits if isinstance(p, PlaceHit)}
    for o in hits:
        if not isinstance(o, OrgHit) or o.end != e or o.start <= s:
            continue
        pos = s
        while pos in starts and pos < o.start:
            pos = starts[pos]
        if pos == o.start:
            return True
    return False


#: 一企业 / 一公司 inside a name: "a company" of the place before it, not a body the text names
_SOME_BODY_RE = re.compile(r"(?<!第)一(?:企业|公司|单位|工厂|医院|学校|银行)")
#: a model's organisation running over a join (A联合B举办) or ending in a body's term (A第七届委员会)
_JOIN_RE = re.compile(r"联合|会同|携手|联手")
_TERM_END_RE = re.compile(TERM + "(?:委员会|理事会|常委会|领导班子)$")


def _joins_or_terms(text: str, s: int, e: int, hits) -> bool:
    """A span holding a rule body followed by 联合/会同 (two bodies that act together), or a body's term
    of office (X总工会第七届委员会 is X's committee for a term: X, named again)."""
    if _TERM_END_RE.search(text, s, e) or text.startswith("行业", e):
        return True  # (…第七届委员会; 三亚市酒店行业: the trade of such bodies, none of them)
    inside = sorted((x.start, x.end) for x in hits if isinstance(x, OrgHit) and s <= x.start and x.end <= e)
    if any(a[1] < b[0] for a, b in zip(inside, inside[1:], strict=False)):
        return True  # X总工会依托县职业技术学校: two bodies with words between them, not one name
    return any(
        isinstance(x, OrgHit)
        and (
            (s <= x.start and x.end < e and _JOIN_RE.match(text, x.end))
            # X支队钟山大队联合Y局: the span ends with a rule body the joining word opens
            or (s < x.start and x.end == e and _JOINED_BEFORE_RE.search(text, s, x.start))
        )
        for x in hits
    )


#: a joining word right before a body (…联合Y局, …会同Y局)
_JOINED_BEFORE_RE = re.compile("(?:联合|会同|携手|协同)$")


def _inside_verb(unit: Unit, s: int) -> bool:
    """A model's organisation that starts inside a verb (从事工会工作 -> 事工会) names nothing."""
    k = unit.token_at(s)
    if k is None:
        return False
    ts, _te, _w, flag = unit.tokens[k]
    return ts < s and flag.startswith("v") and flag != "vn"


#: the ends of branch names a short body name runs into (建行 + 丽水分行)
_BRANCH_ENDS = ("分行", "支行", "分理处", "分公司", "营业部")

#: verbs that open an event: a name holding one as a word of its own runs over a predicate
_TRIGGER_WORDS = frozenset({"召开", "举办", "举行", "开展", "进行", "启动", "发放", "成立", "揭牌"})
#: verbs a body does to what follows (X医院组织骨科专家): inside a name only at its end (世界卫生组织)
_ACTING_WORDS = frozenset({"组织", "派出", "选派", "抽调", "邀请", "动员"})


def _holds_trigger(unit: Unit, s: int, e: int) -> bool:
    """A model's organisation with an event verb inside it (X市召开工会…, X医院组织骨科专家) is a clause,
    not a name."""
    i = s
    while i < e:
        k = unit.token_at(i)
        if k is None:
            i += 1
            continue
        ts, te, word, _flag = unit.tokens[k]
        if s < ts and te <= e and (word in _TRIGGER_WORDS or (te < e and word in _ACTING_WORDS)):
            return True
        i = max(te, i + 1)
    return False


def _contradicted(unit: Unit, ner, places, orgs, persons) -> set[int]:
    """Ids of rule hits the model does not support in a lone sentence: no model span there, one that
    crosses them, lies strictly inside or around them, or types the same span otherwise.

    Suffix grammar runs left over verbs and numbers (建设X馆, 781X集团) and takes bare common nouns
    (政府); role patterns cut long or foreign names (费尔南 of 费尔南德斯). With no article around the
    sentence, the model's reading bounds names better (measured on held-out sentences). Credits are
    never muted, nor an organisation that runs on from the model's name (``_extends``), nor a full
    division name where the model tagged nothing (``_full_division``); the hits still name facts and
    events.
    """
    kinds = {
        id(x): t for t, hits in (("Place", places), ("Organization", orgs), ("Person", persons)) for x in hits
    }
    out: set[int] = set()
    for x in (*places, *orgs, *persons):
        if kinds[id(x)] == "Person" and x.source in ("byline", "ner"):
            continue
        over = [(s, e, t) for s, e, t in ner if s < x.end and x.start < e]
        if kinds[id(x)] == "Organization" and _extends(unit, x, over):
            continue
        if not over and kinds[id(x)] == "Place" and _full_division(x, orgs):
            continue
        if not over or any((s, e) != (x.start, x.end) or t != kinds[id(x)] for s, e, t in over):
            out.add(id(x))
    return out


def _full_division(p, orgs) -> bool:
    """A division printed by its full name (某某市, 某某县) outside every organisation's name: a place
    in any reading, where the model tagged nothing."""
    return (
        isinstance(p, PlaceHit)
        and not p.short
        and p.level in ("province", "city", "county")
        and not any(o.start < p.end and p.start < o.end for o in orgs)
    )


def _role_at(text: str, i: int) -> bool:
    """A title starts at ``i`` (经理, 副经理): where a name before it ends, whatever jieba cut."""
    rest = text[i : i + 8]
    rest = rest[1:] if rest[:1] == "副" else rest
    return any(rest.startswith(r) for r in lexicons.roles())


#: jieba tags of words no name holds after its body: numbers, measure and time words, verbs,
#: prepositions, conjunctions, particles, adverbs, pronouns
_NOT_IN_NAME_TAGS = frozenset({"m", "q", "t", "v", "p", "c", "u", "uj", "ul", "d", "r"})


def _extends(unit: Unit, x, over) -> bool:
    """A rule's organisation that is the model's one name and a sub-body after it (交通银行 + 零售信贷
    管理部, 某某 + 集团): the model stopped at the parent body or the brand; the suffix grammar reads
    the whole name. The addition ends at a word boundary (not 北大 + 学 of 北大学生) and is a suffix
    itself or a run of name words (not 韩国队 + 败局, one common word; not X + 日前推出两部)."""
    if len(over) != 1 or over[0][2] != "Organization" or over[0][0] != x.start or over[0][1] >= x.end:
        return False
    at = over[0][1]
    if not unit.is_boundary(x.end) and not _role_at(unit.text, x.end):
        return False  # a word runs on (大学 + 生 of 大学生), unless a title follows (…部 + 副经理)
    if unit.text[at : x.end] in lexicons.org_suffixes():
        return True
    words, i = 0, at
    while i < x.end:
        k = unit.token_at(i)
        if k is None:
            return False
        _ts, te, _w, flag = unit.tokens[k]
        if flag in _NOT_IN_NAME_TAGS:
            return False
        words, i = words + 1, te
    return words >= 2


def _generic_body(name: str) -> bool:
    """A name made of a word that never names a body and a suffix (产业工会, 基层工会): a kind of body."""
    sufs, stops = lexicons.org_suffixes(), lexicons.stop_bodies()
    return any(name[-k:] in sufs and name[:-k] in stops for k in range(1, len(name)))


def _suffix_kind(name: str) -> str | None:
    """The kind an organisation's name gives by its suffix (…银行: bank), None for other names."""
    sufs = lexicons.org_suffixes()
    for k in range(min(len(name) - 1, 8), 0, -1):
        info = sufs.get(name[-k:])
        if info is not None and not info.placed:
            return info.kind
    return None


def _run(
    page,
    unit: Unit,
    shorts,
    year,
    prior: list[OrgHit],
    mentions,
    relations,
    events,
    page_places=None,
    use_ner: bool = False,
) -> list[OrgHit]:
    doc, base, art, cap = page.doc.id, unit.base, unit.article, unit.caption
    places = find_places(unit, shorts, page_places)
    if unit.caption is None or unit.subject is None:  # a photo news caption: the city it names
        unit.subject = subject_city(places)
    orgs = find_orgs(unit, places, prior)
    people = find_people(unit, orgs, prior)
    persons = people.persons
    taken = {p.start for p in persons}
    ner = _ner_spans(unit.text) if use_ner else []
    _widen_by_model(unit, ner, orgs, places)
    # a lone sentence the model has read (even finding no name in it) takes the model's reading
    sentence = use_ner == "sentence" and _ner_model() is not None
    # there a rule hit the model contradicts (X所在银行) hides none of the model's persons
    overruled = _contradicted(unit, ner, [], orgs, persons) if sentence else set()
    unnamed: list[tuple[int, int]] = []  # model persons no name rule confirms: mentions, no graph node
    for s, e in [(s, e) for s, e, t in ner if t == "Person"]:
        if any(p.start <= s and p.end >= e and id(p) not in overruled for p in persons) or any(
            o.start <= s < o.end and id(o) not in overruled for o in orgs
        ):
            continue
        if (
            s not in taken
            and 2 <= e - s <= 4
            and (name_at(unit.text, s) == unit.text[s:e] or _surname_led(unit.text[s:e]))
            and not _rare_name_in_word(unit, s, e)
            and not any(p.start == s and p.end == e and not p.short for p in places)  # 余江区: a division
        ):
            from kg.extract.people import PersonHit

            persons.append(PersonHit(s, e, unit.text[s:e], "ner"))
        else:
            unnamed.append((s, e))
    # 陈某, 李某某: a person the text keeps anonymous; every article's 陈某 is someone else, so the
    # mention is kept and no node is made (nor facts about it)
    hidden = {p.name for p in persons if _ANONYMISED_RE.fullmatch(p.name)}
    if hidden:
        unnamed += [(p.start, p.end) for p in persons if p.name in hidden]
        persons[:] = [p for p in persons if p.name not in hidden]
        people.facts = [f for f in people.facts if f.subject not in hidden]
    persons.sort(key=lambda p: p.start)
    _full_names(unit.text, persons, people.facts)
    staff_named_after(unit.text, people, orgs)
    # a place inside a person's name (王大同) is none; one inside an organisation's name after its
    # start (郑州 in 建设银行杭州分行) is part of that name
    # 仲恺高新区: a development zone's name is no person's (仲 a family name)
    zones = [p for p in places if p.level == "zone"]
    persons[:] = [x for x in persons if not any(z.start < x.end and x.start < z.end for z in zones)]
    places = [p for p in places if not any(x.start < p.end and p.start < x.end for x in persons)]
    # (but 新华区 in 沧州市新华区总工会: a place right after the place the name opens with is a place)
    chained = {
        p.start
        for p in places
        for q in places
        if q.end == p.start
        and q.level == "city"
        and p.level == "county"
        and not p.short
        and any(o.start == q.start for o in orgs)
    }
    places = [
        p
        for p in places
        if p.start in chained or not any(o.start < p.start < o.end and o.source != "anaphora" for o in orgs)
    ]
    # a listed township opening a body's name (城西街道办事处工会) is that name's, as the form-found ones
    # are: the offices named after it give the place back below (_office_streets)
    places = [
        p
        for p in places
        if p.level != "township"
        or not any(o.start == p.start and p.end < o.end and o.source != "anaphora" for o in orgs)
    ]
    # a model's or a role pattern's person that runs into a township suffix (孙家湾乡) is the township
    suffix_at = [(m.start(), m.end()) for m in re.finditer("街道|镇|乡", unit.text)] if persons else []
    persons[:] = [p for p in persons if not _into_township(unit, p, suffix_at)]
    listed = [p for p in places if p.level == "township"]  # the national list's (gazetteer_towns)
    towns = find_towns(unit, places, [(x.start, x.end) for x in (*orgs, *persons, *listed)])
    named_after = _office_streets(unit, orgs, places, towns)
    towns += [t for t, _o in named_after if t not in towns]
    for t, o in named_after:
        if o.kind in LOCATED_KINDS:  # 观音桥街道工会: a street's union is that street's
            so, eo = base + o.start, base + o.end
            relations.append(Relation(_oref(o), "location", Ref("Place", t.name), doc, art, so, eo))
    for t in [*towns, *listed]:
        county = _county_of_town(t, places, listed=t in listed)
        if county is not None:
            relations.append(
                Relation(
                    Ref("Place", t.name),
                    "containedInPlace",
                    Ref("Place", county),
                    doc,
                    art,
                    base + t.start,
                    base + t.end,
                )
            )
    places = sorted(places + towns, key=lambda p: p.start)
    found_dates = dates_mod.find_dates(unit.text, year, unit.ref)

    def span(s: int, e: int) -> tuple[int, int, str]:
        return base + s, base + e, page.text[base + s : base + e]

    # the model contradicts a rule span's bounds (crosses it, or lies strictly inside it) or finds no
    # name there (保险公司, 小城镇: the suffix grammar's common nouns): on a short document the model's
    # reading is the mention; the rule hit still names facts and events
    muted = _contradicted(unit, ner, places, orgs, persons) if sentence else set()
    if ner:
        kept = [x for x in (*places, *orgs, *persons) if id(x) not in muted]
        if sentence:  # a suffix alone (人大常委会) names no body the rules keep: the model's one it is
            kept = [x for x in kept if not (isinstance(x, OrgHit) and _bare_org(unit, x))]
        filled = _ner_fill(unit, ner, kept, [], [], unnamed)
        mentions.extend(filled)
        relations.extend(_staff_of_model_bodies(unit, filled, persons))
    for p in places:
        if id(p) in muted:
            continue
        s, e, t = span(p.start, p.end)
        source = "suffix" if p.level == "township" else "gazetteer"
        mentions.append(Mention(doc, art, s, e, t, "Place", p.name, kind=p.level, source=source, caption=cap))
    # 沧州市新华区: a county printed right after its city is that city's (新华区 is also 石家庄市's); a
    # body named with both is the county's
    inner: dict[int, PlaceHit] = {}  # city start -> the county printed right after it
    for q, p in _city_counties(places):
        inner[q.start] = p
        relations.append(
            Relation(
                Ref("Place", p.name),
                "containedInPlace",
                Ref("Place", q.name),
                doc,
                art,
                *span(q.start, p.end)[:2],
            )
        )
    for o in orgs:
        s, e, t = span(o.start, o.end)
        if (
            o.start in inner
            and o.place is not None
            and inner[o.start].end < o.end
            and o.kind in LOCATED_KINDS
        ):
            o.place = inner[o.start].name
        if id(o) not in muted:
            mentions.append(
                Mention(
                    doc,
                    art,
                    s,
                    e,
                    t,
                    "Organization",
                    o.name,
                    kind=o.kind,
                    source=o.source,
                    scope=o.scope,
                    caption=cap,
                )
            )
        if o.parent is not None:
            relations.append(Relation(_oref(o), "parentOrganization", _oref(o.parent), doc, art, s, e))
        # 兴山县人民医院工会, 山东X公司工会: the place in a workplace union's name is its workplace's (the
        # hospital's county, the province where the company is registered); the union is where its
        # workplace is, through its parent organisation, not by a location of its own. A bureau's union
        # (X区卫生局工会) is the district's: the bureau is the district's own administration
        workplace = (
            o.parent is not None and o.kind == "union" and o.parent.kind not in ("union", "government")
        )
        # a township opening the name (X街道办事处工会): the offices and unions named after it get their
        # location from _office_streets below, as when the township is found by its form
        town_named = o.place is not None and o.place in townships.load().counties
        if located_in_name(o) and not workplace and not town_named:
            pref = Ref("Place", o.place, "home") if o.place in ("市", "省") else Ref("Place", o.place)
            relations.append(Relation(_oref(o), "location", pref, doc, art, s, e))
    for p in persons:
        s, e, t = span(p.start, p.end)
        if id(p) not in muted:
            mentions.append(Mention(doc, art, s, e, t, "Person", p.name, source=p.source, caption=cap))
    for f in people.facts:
        s, e, _ = span(f.start, f.end)
        subj = Ref("Person", f.subject)
        if f.org is not None:
            relations.append(Relation(subj, f.predicate, _oref(f.org), doc, art, s, e))
        else:
            relations.append(Relation(subj, f.predicate, None, doc, art, s, e, value=f.value))
    for ds, de, dv in found_dates:
        s, e, t = span(ds, de)
        mentions.append(Mention(doc, art, s, e, t, "Date", dv.iso() or t, source="date", caption=cap))
    fallback = prior[0] if prior else (orgs[0] if orgs else None)
    found = find_events(unit, orgs, places, persons, found_dates, fallback)
    for ev in found:
        # 宜阳县召开…会议 (headline) and 宜阳县委召开…会议 (body): the place acts through the body's organiser
        if isinstance(ev.organizer, PlaceHit):
            for other in found:
                if isinstance(other.organizer, OrgHit) and other is not ev and _contains(ev.name, other.name):
                    ev.organizer = other.organizer
                    break
    for ev in found:
        events.append(_event(page, unit, ev, prior + orgs))
        s, e, t = span(ev.start, ev.end)
        mentions.append(Mention(doc, art, s, e, t, "Event", ev.name, source="trigger", caption=cap))
    if cap is not None and not found:
        cer = _caption_ceremony(page, unit, events) or _caption_speaker(page, unit, events, persons)
        if cer is not None:
            events.append(cer)
            mentions.append(
                Mention(
                    doc, art, cer.start, cer.end, cer.name, "Event", cer.name, source="trigger", caption=cap
                )
            )
    return prior + orgs if cap is not None else orgs


_CEREMONY_RE = re.compile(r"(开幕式|闭幕式|开幕仪式|闭幕仪式|启动仪式|开班仪式|颁奖仪式)(?:上|现场|中)")
#: the verbs of events whose opening or closing a caption may show
_OPENED = frozenset({"开幕", "闭幕", "落幕", "举行", "举办", "启动", "开班", "开营", "开赛", "揭幕"})


def _caption_ceremony(page, unit: Unit, events: list[Event]) -> Event | None:
    """``图为开幕式上的…``: a caption shows the opening of its article's event (one named before its verb).

    The caption's ceremony word is a mention of that event: same organiser, date and venue, so linking
    keeps one node.
    """
    m = _CEREMONY_RE.search(unit.text)
    if m is None or unit.article is None:
        return None
    own = [e for e in events if e.article == unit.article and e.caption is None and e.trigger in _OPENED]
    if not own:
        return None
    return _caption_mention_of(page, unit, own[-1], unit.base + m.start(1), unit.base + m.end(1))


def _caption_mention_of(page, unit: Unit, ev: Event, s: int, e: int, performers=()) -> Event:
    """The article's event ``ev`` as a caption names it at page span [s, e): same organiser, date and
    venue, so linking keeps one node."""
    return Event(
        doc_id=page.doc.id,
        article=unit.article,
        name=page.text[s:e],
        start=s,
        end=e,
        trigger=ev.trigger,
        date=ev.date,
        organizer=ev.organizer,
        location=ev.location,
        performers=performers,
        caption=unit.caption,
    )


#: 图为X在报告会上发言: who speaks at the article's gathering, shown in its photo
_CAPTION_SPEAKER_RE = re.compile(
    r"在(?P<what>[\u4e00-\u9fff]{1,12}?(?:会|式|活动|赛|班|论坛))(?:上|现场|中)?"
    r"(?:发言|讲话|作报告|致辞|演讲|授课|宣讲|领誓)"
)


def _caption_speaker(page, unit: Unit, events: list[Event], persons) -> Event | None:
    """``图为X在报告会上发言``: the caption shows a speaker at its article's event, named by its head
    noun; a mention of that event (organiser, date, venue as the article says) with X performing."""
    m = _CAPTION_SPEAKER_RE.search(unit.text) if unit.text.startswith("图为") else None
    if m is None or unit.article is None:
        return None
    who = next((p for p in persons if p.end == m.start()), None)  # 图为(车间主任)X在…
    own = [e for e in events if e.article == unit.article and e.caption is None]
    ev = next((e for e in reversed(own) if e.name.endswith(m.group("what")[-2:])), None)
    if who is None or ev is None:
        return None
    s, e = unit.base + m.start("what"), unit.base + m.end("what")
    return _caption_mention_of(page, unit, ev, s, e, (Ref("Person", who.name),))


_OFFICE_STREET_RE = re.compile(
    f"([{lexicons.HAN}]{{2,4}}?(?:街道|镇|乡))"
    f"(?:办事处|人民政府|政府|总工会|工会联合会|工会|[{lexicons.HAN}]{{0,10}}(?:联合工会|工会联合会)"
    "|中心卫生院|卫生院|中心小学|中心学校|中心校|派出所|敬老院|综合文化站|文化站|便民服务中心)"
)  # ..., 张堰镇快递行业联合工会: a township's union of a trade; 石花镇卫生院: its own institutions


#: a venue or service named after the street or township it is in (五四路街道环卫工人休息站)
_VENUE_STREET_RE = re.compile(f"([{lexicons.HAN}]{{2,4}}?(?:街道|镇|乡))[{lexicons.HAN}]{{2,}}")


def _office_streets(unit: Unit, orgs, places, towns) -> list[tuple[PlaceHit, OrgHit]]:
    """南坪街道办事处, 城关镇人民政府, 观音桥街道工会 (or X镇Y行业联合工会, X镇卫生院): the street or township a government office or a
    union is named after is a place the text names too (at the body's start, or right after the
    district printed before it); (the place, the body) pairs, the place an existing hit when the
    text names it there already."""
    text = unit.text
    out: list[tuple[PlaceHit, OrgHit]] = []
    for o in orgs:
        if (
            o.kind not in ("government", "union", "hospital", "school", "other")
            or o.source == "anaphora"
            or not o.top
        ):
            continue
        starts = sorted({o.start} | {p.end for p in places if o.start < p.end < o.end and p.start == o.start})
        pattern = _VENUE_STREET_RE if o.kind == "other" else _OFFICE_STREET_RE
        for s0 in reversed(starts):
            m = pattern.fullmatch(text, s0, o.end)
            if m is None:
                continue
            a, b = m.span(1)
            hits = [x for x in (*places, *towns, *(t for t, _ in out)) if x.start < b and a < x.end]
            if not hits:
                out.append((PlaceHit(a, b, text[a:b], "township"), o))
            elif hits[0].start == a and hits[0].end == b:
                out.append((hits[0], o))
            break
    return out


def _into_township(unit: Unit, p, suffix_at: list[tuple[int, int]]) -> bool:
    """A person span that holds a township suffix, or a model's one right before a suffix that ends a
    word (孙家湾乡): the name of a township, not of a person."""
    for a, b in suffix_at:
        if p.start < b and a < p.end and p.source != "byline":
            return True
        if p.end == a and p.source == "ner" and unit.is_boundary(b):
            return True
    return False


def _county_of_town(town: PlaceHit, places: list[PlaceHit], listed: bool = False) -> str | None:
    """The county a township lies in: the one printed right before it (宜阳县城关镇), else the first
    county-level division the article names (the county it is about).

    For a township of the national list (``listed``) a county of the list the text names comes
    first (城关镇 of many counties); the list alone decides nothing, since a page may name a
    township the list files elsewhere or under an older name."""
    if listed:
        gaz = gazetteer.load()
        divs = [gaz.by_code.get(c) for c in townships.load().counties_of(town.name)]
        names = {d.name for d in divs if d is not None}
        named = [p.name for p in places if p.level in ("county", "city") and p.name in names]
        if named:
            return named[0]
    for p in places:
        if p.end == town.start and p.level == "county":
            return p.name
    first = next((p for p in places if p.level == "county" and not p.short), None)
    return first.name if first is not None else None


def _full_names(text: str, persons, facts) -> None:
    """罗海 (cut before 带领) and 罗海军 in one article: the two-character reading is the full name.

    A two-character hit followed in the text by the third character of a three-character name found
    in the same unit becomes that name (its facts too); a different continuation (罗海说) keeps it.
    """
    longs: dict[str, set[str]] = {}
    for p in persons:
        if len(p.name) == 3:
            longs.setdefault(p.name[:2], set()).add(p.name)
    if not longs:
        return
    for i, p in enumerate(persons):
        full = longs.get(p.name) if len(p.name) == 2 else None
        if not full or p.end >= len(text):
            continue
        name = p.name + text[p.end]
        if name not in full:
            continue
        old = (p.start, p.end, p.name)
        persons[i] = type(p)(p.start, p.end + 1, name, p.source)
        for f in facts:
            if f.subject == old[2] and (f.start == old[0] or f.end == old[1]):
                f.subject = name
                f.end = max(f.end, old[1] + 1)


def _contains(a: str, b: str) -> bool:
    return a in b or b in a


def _staff_of_model_bodies(unit: Unit, filled: list[Mention], persons) -> list[Relation]:
    """X公司的A, X医院A with the body the model's (``staff_named_after`` reads the rules' bodies)."""
    from kg.extract.people import STAFF_KINDS, person_after, persons_by_start

    base = unit.base
    at = persons_by_start(persons)
    out = []
    for m in filled:
        if m.type != "Organization" or not m.name or m.kind not in STAFF_KINDS:
            continue
        p = person_after(unit.text, m.end - base, at)
        if p is not None:
            out.append(
                Relation(
                    Ref("Person", p.name),
                    "memberOf",
                    Ref("Organization", m.name),
                    unit.doc_id,
                    unit.article,
                    m.start,
                    base + p.end,
                )
            )
    return out


def _oref(o: OrgHit) -> Ref:
    return Ref("Organization", o.name, o.scope)


def _ref(x) -> Ref | None:
    if x is None:
        return None
    if isinstance(x, OrgHit):
        return _oref(x)
    if isinstance(x, PlaceHit):
        return Ref("Place", x.name)
    return Ref("Person", x.name)


def _event(page, unit: Unit, ev: EventHit, orgs: list[OrgHit]) -> Event:
    organizer = ev.organizer
    if isinstance(organizer, PlaceHit):
        # 中站区举办…: a district acts through its own body the article names (该区总工会)
        own = [o for o in orgs if o.name.startswith(organizer.name) and o.kind in ("union", "government")]
        if own:
            counts: dict[str, int] = {}
            for o in own:
                counts[o.name] = counts.get(o.name, 0) + 1
            best = min(counts, key=lambda n: (-counts[n], n))
            organizer = next(o for o in own if o.name == best)
    base = unit.base
    return Event(
        doc_id=page.doc.id,
        article=unit.article,
        name=ev.name,
        start=base + ev.start,
        end=base + ev.end,
        trigger=ev.trigger,
        date=ev.date,
        organizer=_ref(organizer),
        location=_ref(ev.location),
        performers=tuple(_ref(p) for p in ev.performers),
        attendees=tuple(_ref(a) for a in ev.attendees),
        attendee_count=ev.attendee_count,
        caption=unit.caption,
        co_organizers=tuple(_ref(o) for o in ev.co_organizers if o.name != getattr(organizer, "name", None)),
    )


def _role_straddles(text: str, s: int, e: int, orgs) -> bool:
    """Whether a post (党组书记) starts inside ``text[s:e]`` right after a body the rules read there,
    and ends after it: the model's span is that body and the start of the post."""
    roles = lexicons.role_re()
    ends = {o.end for o in orgs if o.start == s}
    return any((m := roles.match(text, k)) is not None and m.end() > e for k in ends if s < k < e)


def _city_counties(places: list[PlaceHit]) -> list[tuple[PlaceHit, PlaceHit]]:
    """(city, county) pairs printed together (沧州市新华区) where the county is that city's in the
    gazetteer: the text qualifies a county name two cities share."""
    from kg import gazetteer

    gaz = gazetteer.load()
    at = {p.start: p for p in places}
    out = []
    for q in places:
        p = at.get(q.end)
        if p is None or q.level not in ("city", "province") or p.level != "county" or not gaz.shared(p.name):
            continue
        home = gaz.lookup(q.name)
        div = gaz.lookup_in(p.name, home)
        if home is not None and div is not None and home in gaz.chain(div):
            out.append((q, p))
    return out


def _surname_led(name: str) -> bool:
    """A model's person span that starts with a family name (name_at may cut a three-character name)."""
    single, compound = lexicons.surnames()
    return name[:2] in compound or (name[0] in single and all("\u4e00" <= c <= "\u9fff" for c in name))
