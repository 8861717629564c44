"""Events of one unit from trigger patterns (举办, 召开, 开展, 进行, 为…发放) with their roles.

The organiser is the subject of the trigger's sentence (not an organisation after 在/到, which is the
location); the date is the last date before the trigger in that sentence; performers are people who
授课/讲解/介绍/发言 or are 邀请ed; attendees are bodies whose people 参加 it; the count is the number
nearest before 参加.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract import lexicons
from kg.extract.entities import OrgHit, PlaceHit
from kg.extract.people import PersonHit
from kg.extract.text import Unit
from kg.model import DateValue

_REFERENCES = ("这次", "此次", "本次", "该", "这", "那", "上述", "本期", "这些")
_LOC_MARKERS = ("在", "到", "来到", "于", "赴")
#: nouns that end an event name only in a short, plain phrase (帮扶 in 困难帮扶不少一户 is none)
_WEAK = ("帮扶", "救助", "慰问", "调研", "考察", "观摩", "评选", "评比", "走访", "培训", "宣讲", "演练")

#: head nouns of competitions, whose winners (获得第一名, 获一等奖) are the event's performers
_CONTESTS = "技能大赛|大赛|比赛|竞赛|比武|运动会|锦标赛|联赛|擂台赛|选拔赛|评选|评比"
#: kinds of body that attend an event as a body (a union's members attend as people)
_ATTENDING_KINDS = frozenset({"bank", "company", "government", "school", "hospital", "association"})


@dataclass
class EventHit:
    start: int
    end: int
    name: str
    trigger: str
    date: DateValue | None = None
    organizer: OrgHit | PlaceHit | None = None
    location: OrgHit | PlaceHit | None = None
    performers: list[PersonHit] = field(default_factory=list)
    attendees: list[OrgHit | PersonHit] = field(default_factory=list)
    attendee_count: int | None = None


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern]:
    nouns = lexicons.alternation(lexicons.event_nouns())
    return {
        "trigger": re.compile(r"(组织开展|组织举办|组织召开|举办|举行|召开|开展|进行|发放|启动|组织)了?"),
        "phrase": re.compile(r"(?:“[^”]{0,40}”|《[^》]{0,40}》|[^，。；！？：“《\n])+"),
        "theme": re.compile(r"以(?:“[^”]{0,40}”|[^，。；！？]{1,40}?)为主题的"),
        "lead": re.compile(
            r"^(?:了|一[期次场届](?!性)|首届|第[一二三四五六七八九十\d]+届|不同形式的|各类|系列)+"
        ),
        "cut": re.compile(
            r".*(?:来到|进行|参加|开展|举办|举行|组织|\d+[余多]?[名人家位个户]|[在到为向与](?![会])|为(?=\d))"
        ),
        "noun_end": re.compile(f"(?:{nouns})"),
        "count": re.compile(r"(\d+)[余多]?(?:名|人|家|位|户)"),
        "attend": re.compile(r"参加|参与|出席"),
        "perform": re.compile(r"^(?:授课|讲解|讲课|主讲|介绍|发言|作报告|作了|致辞|讲话|演讲|演示)"),
        "sentence": re.compile(r"[^。！？；\n]+[。！？；]?"),
        "win": re.compile(
            r"(?:获得|荣获|夺得|摘得|获)了?[^，。；！？、]{0,16}?"
            r"(?:第[一二三四五六七八九十\d]+名|[一二三特]等奖|冠军|亚军|季军|金奖|银奖|铜奖|优胜奖)"
        ),
        "contest": re.compile(rf"在(?P<phrase>[^，。；！？在]{{2,40}}?(?:{_CONTESTS}))"),
        "host": re.compile(r"(?:组织|举办|主办|承办|开展)的"),
    }


def find_events(
    unit: Unit,
    orgs: list[OrgHit],
    places: list[PlaceHit],
    persons: list[PersonHit],
    dates: list[tuple[int, int, DateValue]],
    fallback_org: OrgHit | None,
) -> list[EventHit]:
    r = _res()
    text = unit.text
    sentences = [(m.start(), m.end()) for m in r["sentence"].finditer(text)]
    events: list[EventHit] = []
    prev_subject: OrgHit | PlaceHit | None = None
    for si, (ss, se) in enumerate(sentences):
        subj_here = _subject(text, ss, se, orgs, places)
        for m in r["trigger"].finditer(text, ss, se):
            if text[m.end() : m.end() + 1] == "的":
                continue  # 组织的比赛: a participle, the event is someone else's
            name_span = _name(text, m.end(), se)
            if name_span is None:
                continue
            ns, ne = name_span
            name = text[ns:ne]
            if m.group(1) == "进行" and len(name) < 4:
                continue
            before_orgs = _subject(text, ss, m.start(), orgs, places)
            organizer = before_orgs or subj_here or prev_subject or fallback_org
            ev = EventHit(ns, ne, name, m.group(1), organizer=organizer)
            ds = [d for d in dates if ss <= d[0] < m.start() and d[2].month is not None]
            if ds:
                ev.date = ds[-1][2]
            ev.location = _location(text, ss, m.start(), orgs, places)
            ev.attendee_count = _count(text, sentences, si, m.start())
            dup = next((x for x in events if (x.start, x.end) == (ns, ne)), None)
            if dup is not None:
                dup.date = dup.date or ev.date
                dup.location = dup.location or ev.location
                dup.attendee_count = dup.attendee_count or ev.attendee_count
                continue
            events.append(ev)
        if subj_here is not None:
            prev_subject = subj_here
    _winners(unit, events, orgs, persons, dates, sentences)
    if events:
        _performers(unit, events, persons, sentences)
        _attendees(unit, events, orgs, sentences)
    return events


def _name(text: str, pos: int, se: int) -> tuple[int, int] | None:
    r = _res()
    m = r["phrase"].match(text, pos, se)
    if not m:
        return None
    start, end = m.start(), m.end()
    t = r["theme"].search(text, start, end)
    if t:
        start = t.end()
    c = r["cut"].match(text, start, end)
    if c and c.end() < end:
        start = c.end()
    lead = r["lead"].match(text[start:end])
    if lead:
        start += lead.end()
    # the name ends with the last event noun of the phrase
    nouns = lexicons.event_nouns()
    while end > start and not text[start:end].endswith(nouns):
        end -= 1
    name = text[start:end]
    if len(name) < 2 or name.startswith(_REFERENCES) or re.search(r"[，。是有不把被将让使]", name):
        return None
    if name.endswith(_WEAK) and ("、" in name or len(name) > 8):
        return None
    return start, end


def _subject(text: str, ss: int, pos: int, orgs: list[OrgHit], places: list[PlaceHit]):
    """The first organisation (or else place) of ``text[ss:pos]`` that is no location (after 在/到)."""
    cands = [o for o in orgs if ss <= o.start and o.end <= pos and not _after_marker(text, o.start)]
    cands = [
        o
        for o in cands
        if not any(
            x is not o and x.start <= o.start and o.end <= x.end and x.end - x.start > o.end - o.start
            for x in orgs
        )
    ]
    if cands:
        return cands[0]
    pl = [p for p in places if ss <= p.start and p.end <= pos and not _after_marker(text, p.start)]
    pl = [p for p in pl if not any(o.start <= p.start < o.end for o in orgs)]
    return pl[0] if pl else None


def _after_marker(text: str, start: int) -> bool:
    if start == 0:
        return False
    return (
        any(text[max(0, start - len(mk)) : start] == mk for mk in _LOC_MARKERS)
        or text[max(0, start - 1) : start] in "与和及、"
    )


def _location(text: str, ss: int, pos: int, orgs: list[OrgHit], places: list[PlaceHit]):
    for o in orgs:
        if (
            ss <= o.start
            and o.end <= pos
            and _after_marker(text, o.start)
            and text[o.start - 1] not in "与和及、"
        ):
            return o
    for p in places:
        if (
            ss <= p.start
            and p.end <= pos
            and _after_marker(text, p.start)
            and text[p.start - 1] not in "与和及、"
            and not any(o.start <= p.start < o.end for o in orgs)
        ):
            return p
    return None


def _count(text: str, sentences: list[tuple[int, int]], si: int, trig: int) -> int | None:
    r = _res()
    ss, se = sentences[si]
    # 组织62名劳模, 为275名困难职工: a count right before the trigger in the sentence
    for k in (si, si + 1):
        if k >= len(sentences):
            break
        a, b = sentences[k]
        for at in r["attend"].finditer(text, a, b):
            nums = [n for n in r["count"].finditer(text, max(a, at.start() - 60), at.start())]
            if nums:
                return int(nums[-1].group(1))
    nums = list(r["count"].finditer(text, ss, min(trig + 30, se)))
    return int(nums[-1].group(1)) if nums else None


def _performers(unit: Unit, events: list[EventHit], persons: list[PersonHit], sentences) -> None:
    r = _res()
    text = unit.text
    for p in persons:
        after = text[p.end : p.end + 6]
        ss = next((a for a, b in sentences if a <= p.start < b), 0)
        invited = "邀请" in text[ss : p.start]
        if not (r["perform"].match(after) or invited or re.match(r"^在介绍", after)):
            continue
        ev = _nearest_event(events, p.start)
        if all(x.name != p.name for x in ev.performers):
            ev.performers.append(p)


def _winners(unit: Unit, events: list[EventHit], orgs, persons, dates, sentences) -> None:
    """获得第一名 / 获一等奖: the person before it won the competition named in or before its sentence.

    The competition is one named after 在 in the same sentence (在市总工会组织的焊工大赛中, made an event
    of its own when no trigger found it, its organiser the body before 组织的), else the nearest
    competition event before the sentence.
    """
    r = _res()
    text = unit.text
    contest_end = re.compile(f"(?:{_CONTESTS})$")
    for ss, se in sentences:
        for m in r["win"].finditer(text, ss, se):
            before = [p for p in persons if ss <= p.start and p.end <= m.start()]
            if not before:
                continue
            winner = before[-1]
            ev = None
            contests = list(r["contest"].finditer(text, ss, m.start()))
            if contests:
                c = contests[-1]
                ps, pe = c.span("phrase")
                ev = next((x for x in events if x.start < pe and ps < x.end), None)
                if ev is None:
                    ev = _contest_event(text, ps, pe, orgs, dates, ss)
                    if ev is not None:
                        events.append(ev)
            if ev is None:
                prior = [x for x in events if x.end <= m.start() and contest_end.search(x.name)]
                ev = max(prior, key=lambda x: x.start) if prior else None
            if ev is not None and all(x.name != winner.name for x in ev.performers):
                ev.performers.append(winner)
    events.sort(key=lambda x: x.start)


def _contest_event(text: str, ps: int, pe: int, orgs, dates, ss: int) -> EventHit | None:
    """An event for a competition only named in a phrase (区总工会组织的焊工比武)."""
    hosts = list(_res()["host"].finditer(text, ps, pe))
    host = hosts[-1] if hosts else None
    start = host.end() if host is not None else ps
    lead = _res()["lead"].match(text[start:pe])
    if lead:
        start += lead.end()
    name = text[start:pe]
    if len(name) < 4 or name.startswith(_REFERENCES):
        return None
    ev = EventHit(start, pe, name, host.group() if host is not None else "在")
    if host is not None:
        ev.organizer = next((o for o in orgs if o.end == host.start() and o.start >= ps), None)
    ds = [d for d in dates if ss <= d[0] < ps and d[2].month is not None]
    if ds:
        ev.date = ds[-1][2]
    return ev


def _attendees(unit: Unit, events: list[EventHit], orgs: list[OrgHit], sentences) -> None:
    r = _res()
    text = unit.text
    for a, b in sentences:
        at = r["attend"].search(text, a, b)
        if not at:
            continue
        ev = _nearest_event(events, at.start())
        for o in orgs:
            if o is ev.location or any(
                text[max(0, o.start - len(mk)) : o.start] == mk for mk in _LOC_MARKERS
            ):
                continue
            if (
                a <= o.start
                and o.end <= at.start()
                and o.top
                and o.name != getattr(ev.organizer, "name", None)
                and o.kind in _ATTENDING_KINDS
                and all(x.name != o.name for x in ev.attendees)
            ):
                ev.attendees.append(o)


def _nearest_event(events: list[EventHit], pos: int) -> EventHit:
    before = [e for e in events if e.start <= pos]
    return before[-1] if before else events[0]
