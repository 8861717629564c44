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
from kg.extract.entities import OrgHit, PlaceHit, in_order
from kg.extract.people import PersonHit
from kg.extract.text import Unit
from kg.model import DateValue

_REFERENCES = (
    "这次",
    "此次",
    "本次",
    "该",
    "这",
    "那",
    "上述",
    "本期",
    "这些",
    "此",
    "各类",
    "各项",
    "类似",
    "同类",
    "相关",
    "其他",
    "其它",
)
_LOC_MARKERS = ("在", "到", "来到", "于", "赴", "走进", "走入", "深入", "前往")
#: nouns that end an event name only in a short, plain phrase (帮扶 in 困难帮扶不少一户 is none)
_WEAK = ("帮扶", "救助", "慰问", "调研", "考察", "观摩", "评选", "评比", "走访", "培训", "宣讲", "演练")

#: sums of money handed out: an event only as one named handout (一次性困难补助金), never alone
_MONEY = ("救助金", "补助金", "慰问金", "助学金", "奖学金", "奖金")

#: head nouns of competitions, whose winners (获得第一名, 获一等奖) are the event's performers
_CONTESTS = "技能大赛|大赛|比赛|竞赛|比武|运动会|锦标赛|联赛|擂台赛|选拔赛|邀请赛|决赛|复赛|初赛|评选|评比|赛"
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
    co_organizers: list[OrgHit] = field(default_factory=list)  # 承办, 协办, a second 主办


#: quotation marks and brackets an event's name must hold in pairs
_PAIRS = {"“": "”", "《": "》", "「": "」", "‘": "’", "（": "）"}
_CLOSERS = frozenset(_PAIRS.values())


def _balanced(text: str, events: list[EventHit]) -> list[EventHit]:
    """Names cut inside a quotation (开展“安康杯竞赛”: the noun ends inside the quotes) start after the
    mark left unpaired, so that no name (nor the alias it gives its event) holds half a pair; a name
    left shorter than two characters, or repeating another's span, is dropped."""
    out: list[EventHit] = []
    for ev in events:
        s = ev.start
        while (k := _unpaired(text[s : ev.end])) is not None:
            s += k + 1
        if ev.end - s < 2 or any((x.start, x.end) == (s, ev.end) for x in out):
            continue
        ev.start, ev.name = s, text[s : ev.end]
        out.append(ev)
    return out


def _unpaired(name: str) -> int | None:
    """The offset of the first quotation mark or bracket of ``name`` left without its pair, or None."""
    stack: list[int] = []
    for k, ch in enumerate(name):
        if ch in _PAIRS:
            stack.append(k)
        elif ch in _CLOSERS:
            if not stack or _PAIRS[name[stack[-1]]] != ch:
                return k
            stack.pop()
    return stack[0] if stack else None


@lru_cache(maxsize=1)
def _res() -> dict[str, re.Pattern]:
    nouns = lexicons.alternation(lexicons.event_nouns())
    return {
        "trigger": re.compile(r"(组织开展|组织举办|组织召开|举办|举行|召开|开展|进行|发放|启动|组织)了?"),
        "phrase": re.compile(r"(?:“[^”]{0,40}”|《[^》]{0,40}》|[^，。；！？：“《\n])+"),
        "theme": re.compile(r"以(?:“[^”]{0,40}”|[^，。；！？]{1,40}?)为主题的"),
        "lead": re.compile(
            r"^(?:了|[一二三四五六七八九十两\d]+[期次场届](?!性)|首届|第[一二三四五六七八九十\d]+届|不同形式的|各类|系列)+"
        ),
        "cut": re.compile(
            r".*(?:来到|进行|参加|开展|举办|举行|组织|\d+[余多]?[名人家位个户]|[在到为向与](?![会])|为(?=\d))"
        ),
        "noun_end": re.compile(f"(?:{nouns})"),
        "count": re.compile(r"(\d+)[余多]?(?:名|人|家|位|户)"),
        "attend": re.compile(r"参加|参与|出席|旁听"),
        "perform": re.compile(r"^(?:授课|讲解|讲课|主讲|介绍|发言|作报告|作了|致辞|讲话|演讲|演示)"),
        "sentence": re.compile(r"[^。！？；\n]+[。！？；]?"),
        "win": re.compile(r"(?:获得|荣获|夺得|摘得|获)了?[^，。；！？、]{0,16}?" + lexicons.PRIZES),
        "contest": re.compile(rf"在(?P<phrase>[^，。；！？在]{{2,40}}?(?:{_CONTESTS}))"),
        "host": re.compile(r"(?:组织|举办|主办|承办|开展)的"),
    }


#: a clause that plans what its trigger names (下一步将开展, 计划于明年举办, 拟召开, 将定期组织开展): no event
#: held yet. Between the modal and the trigger only a time or place phrase and adverbs, so that 将 of a
#: disposal (将慰问品发放给…), 计划 of a name (计划生育协会举办…) and 将军路 stay events.
#: A在讲话中表示，新一届委员会将聚焦Y，深入开展X活动: what a speaker says will be done, clauses on
#: (要 as a modal only: 主要, 需要, 重要 are no plans)
_SAID_PLAN_RE = re.compile(
    r"(?:表示|强调|指出|要求|提出)[，,：:][^。！？；]*?(?:下一步|将|(?<![主需重只必想])要|拟|计划)"
)
_PLAN_RE = re.compile(
    r"(?:下一步|将|拟|计划|准备|打算)(?:于[^，。；！？、]{1,8}?)?"
    r"(?:在[^，。；！？、]{1,8}?|在[^，。；！？]{1,12}?(?:期间|之际|前后|前|后))?"  # 将在元旦、春节期间
    r"(?:还|也|继续|进一步|陆续|持续|定期|不定期|全面|深入|广泛|积极|重点|着力|大力|组织|统一|适时|分批|逐步|再"
    r"|联合|共同|一起|携手)*"
    # 将定期组织专家到基层开展义诊: who is sent where, then the verb
    r"(?:(?:组织|安排|选派|派)[^，。；！？、]{1,8}?(?:到|赴|深入|走进|前往)[^，。；！？、]{1,8}?)?$"
)


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
            if _PLAN_RE.search(text, ss, m.start()) or _SAID_PLAN_RE.search(text, ss, m.start()):
                continue  # 下一步将开展X, 计划举办X, A表示，…将…，深入开展X: a plan, no event held
            if any(o.start <= m.start() < o.end for o in orgs):
                continue  # 组织部部长: the word opens a body's name, no trigger
            name_span = _name(text, m.end(), se, unit)
            if name_span is None and _headline_wrap(unit, m.end()):
                # X银行开展 / “Y”活动: a headline broken right after its verb names the event below
                name_span = _name(text, m.end() + 1, text.find("\n", m.end() + 1) % (len(text) + 1), unit)
            if name_span is None:
                continue
            ns, ne = name_span
            name = text[ns:ne]
            if m.group(1) == "进行" and len(name) < 4:
                continue
            if m.group(1) == "开展" and name == "仪式":
                continue  # 出席开展仪式: a show's opening ceremony, part of the show the article names
            if m.group() == "发放" and ns == m.end() and name in lexicons.event_nouns():
                ns, name = m.start(), text[m.start() : ne]  # 参加了发放仪式: the handout's ceremony
            before_orgs = _subject(text, ss, m.start(), orgs, places)
            organizer = before_orgs or subj_here or prev_subject or fallback_org
            ev = EventHit(ns, ne, name, m.group(1), organizer=organizer)
            ds = _dates_in(dates, ss, m.start())
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
        # a sentence whose body only attends (甲公司等15家企业的职工参加了开幕式) names no actor of the next
        if subj_here is not None and not (
            r["attend"].search(text, subj_here.end, se) and not r["trigger"].search(text, ss, se)
        ):
            prev_subject = subj_here
    _visits(unit, events, orgs, places, dates, sentences)
    _party_visits(unit, events, orgs, persons, dates, sentences)
    _campaign_visits(unit, events, orgs, places, dates, sentences)
    _participle_events(unit, events, orgs, places, dates, sentences)
    _announced_selections(unit, events, orgs, places, dates, sentences)
    _quoted_openings(unit, events, orgs, dates, sentences)
    _led_talks(unit, events, orgs, places, dates, sentences)
    _signings(unit, events, orgs, places, dates, sentences)
    _passive(unit, events, orgs, places, dates, sentences)
    _held_at(unit, events, orgs, dates)
    _headline_dates(unit, events, orgs, places, dates, sentences)
    _headline_place_hosts(unit, events)
    _body_from_headline(unit, events)
    _headline_unions(unit, events, orgs, sentences)
    _attended_ceremonies(unit, events, orgs, places, dates, sentences)
    _hearings(unit, events, orgs, places, dates, sentences)
    _winners(unit, events, orgs, persons, dates, sentences)
    _selected(unit, events, persons, sentences)
    _quoted_handouts(unit, events, orgs, places, dates, sentences)
    _handouts_named_below(unit, events)
    _handouts(unit, events, orgs, places, dates, sentences)
    _host_sentences(unit, events, orgs, sentences)
    _venue_sentences(unit, events, orgs, places, sentences)
    events[:] = _balanced(text, events)
    if events:
        _performers(unit, events, persons, sentences)
        _attendees(unit, events, orgs, sentences, persons)
        _speaking_bodies(unit, events, orgs, sentences)
        _visited_homes(unit, events, persons)
        _winning_teams(unit, events, orgs)
        _partners(unit, events, orgs, sentences)
        _founding_hosts(unit, events, orgs)
    return events


_FOUNDING = ("成立大会", "成立仪式", "成立暨第一次会员代表大会", "成立暨一届一次会员大会")
_GUIDED_RE = re.compile(r"(?:的)?(?:指导下|主办|牵头|指导)")


#: 比赛在X举行。: a sentence of its own that says where the event named before took place
_VENUE_SENTENCE_RE = re.compile(
    r"(?:本次|此次|这次|该)?(?P<noun>比赛|竞赛|大赛|赛事|活动|会议|大会|培训|仪式|招聘会|演出)"
    r"(?:在|于)(?P<where>[^，。；！？\n]{2,30}?)(?:举行|举办|进行|召开|开展)"
)
#: the head words of an event's name each of those nouns stands for
_VENUE_NOUN_HEADS = {
    "比赛": ("赛",),
    "竞赛": ("赛",),
    "大赛": ("赛",),
    "赛事": ("赛",),
    "会议": ("会", "会议"),
    "大会": ("会",),
    "培训": ("培训", "培训班", "培训会"),
    "仪式": ("仪式",),
    "招聘会": ("招聘会",),
    "演出": ("演出", "晚会"),
}


def _venue_sentences(unit: Unit, events: list[EventHit], orgs, places, sentences) -> None:
    """X总工会举办煤矿安全知识竞赛…。比赛在Y举行。: the event named before with no venue of its own takes
    the body (or the place) the later sentence names, when the sentence's noun stands for its name."""
    text = unit.text
    for ss, se in sentences:
        m = _VENUE_SENTENCE_RE.match(text, ss, se)
        if m is None:
            continue
        before = [x for x in events if x.end <= ss]
        heads = _VENUE_NOUN_HEADS.get(m.group("noun"))
        ev = next((x for x in reversed(before) if heads is None or x.name.strip("“”").endswith(heads)), None)
        if ev is None or ev.location is not None:
            continue
        ws, we = m.span("where")
        at = max((o for o in orgs if o.start == ws and o.end <= we), key=lambda o: o.end, default=None)
        if at is None:
            at = max((p for p in places if p.start == ws and p.end <= we), key=lambda p: p.end, default=None)
            at = _innermost(at, places, we) if at is not None else None
        ev.location = at


def _founding_hosts(unit: Unit, events: list[EventHit], orgs: list[OrgHit]) -> None:
    """X联合会成立大会 with no organiser found: the body the article says guides or hosts it (在A指导下,
    A主办) convenes it, else the new body itself."""
    text = unit.text
    for ev in events:
        if ev.organizer is not None or not ev.name.endswith(_FOUNDING):
            continue
        guide = next((o for o in orgs if o.top and o.end <= ev.start and _GUIDED_RE.match(text, o.end)), None)
        if guide is None:
            founded = ev.name[: ev.name.rfind("成立")]
            guide = next((o for o in orgs if o.name == founded or founded in o.aliases), None)
        ev.organizer = guide


_PARTNER_RE = re.compile(r"(?:联合|会同|携手)了?")


def _partners(unit: Unit, events: list[EventHit], orgs: list[OrgHit], sentences) -> None:
    """A联合B，为…开展义诊: A organises, B (the body right after 联合/会同/携手) takes part."""
    text = unit.text
    for ev in events:
        o = ev.organizer
        if not isinstance(o, OrgHit) or o.end > ev.start:
            continue
        ss = next((a for a, b in sentences if a <= o.start < b), None)
        if ss is None or not any(a <= ev.start < b for a, b in sentences if a == ss):
            continue
        m = _PARTNER_RE.match(text, o.end)
        if m is None:
            continue
        b = next((x for x in orgs if x.start == m.end() and x.top and x.end <= ev.start), None)
        if b is not None and b.name != o.name and all(x.name != b.name for x in ev.attendees):
            ev.attendees.append(b)


#: verbs that make an event of their own with their object when a body does them (总工会慰问环卫工人)
_VISIT_RE = re.compile(
    r"(?:看望慰问|走访慰问|慰问|看望|走访|表彰|资助|救助|帮扶|结对帮扶|送清凉|送温暖|送健康|送文化)"
    rf"(?P<obj>(?:(?!的)[{lexicons.HAN}]){{2,8}}?)(?=$|[，。；！？、\n]|并|和|及)"
)


#: A一行到Y，慰问Z / A一行先后来到Y和Z，看望…: a party led by A visiting places, then the visiting verb
_PARTY_VISIT_RE = re.compile(
    r"一行(?:先后|专程|冒雨|顶着烈日)?(?:到|来到|深入|走进|前往|赶赴|赴)[^。；！？\n]{2,60}?[，,]"
    r"(?:先后|分别|亲切|详细)?(?P<verb>看望慰问|走访慰问|慰问|看望|走访)"
)
#: the visit a headline names (节日慰问暖人心, 夏日走访送清凉): a few characters and the verb
_HEADLINE_VISIT_RE = re.compile(f"[{lexicons.HAN}]{{1,6}}?(?:看望慰问|走访慰问|慰问|看望|走访)")


def _party_visits(unit: Unit, events: list[EventHit], orgs, persons, dates, sentences) -> None:
    """``X总工会党组书记、常务副主席A一行到Y，慰问Z``: a visit by the body whose post A holds, in an
    article that names no event; named by the headline's words for it (节日慰问), else by the verb
    and its object (慰问环卫工人), else by the verb."""
    if events:
        return
    text = unit.text
    ends = {p.end: p for p in persons}
    for m in _PARTY_VISIT_RE.finditer(text):
        p = ends.get(m.start())
        ss = next((a for a, b in sentences if a <= m.start() < b), None)
        if p is None or ss is None:
            continue
        body = max((o for o in orgs if o.top and ss <= o.end <= p.start), key=lambda o: o.end, default=None)
        if body is None or not _posts(text[body.end : p.start]):
            continue  # whose post makes A the body's: its posts only between (党组书记、常务副主席)
        verb = m.start("verb")
        head_end = max(unit.breaks) if unit.breaks else 0
        named = _HEADLINE_VISIT_RE.search(text, 0, head_end) if ss >= head_end else None
        obj = _VISIT_RE.match(text, verb)
        ns, ne = named.span() if named else obj.span() if obj else (verb, m.end())
        ev = EventHit(ns, ne, text[ns:ne], m.group("verb"), organizer=body)
        ev.date = _date_before(dates, sentences, verb)
        events.append(ev)
        return


#: X组织20余名会员企业负责人，走访了Y: a body leading people on a visit (up to the visiting verb)
_LED_VISIT_RE = re.compile(r"(?:组织|带领|率领)[^，。；！？]{1,24}?[，]?(?=(?:走访|慰问|看望)了?)")
#: the visit's object when it is longer than ``_VISIT_RE`` takes (走访了X区总工会Y街道职工服务站)
_LED_OBJECT_RE = re.compile(
    r"(?:看望慰问|走访慰问|慰问|看望|走访)了?(?P<obj>[^，。；！？\n]{2,24}?)(?=$|[，。；！？\n])"
)


def _dates_in(dates, a: int, b: int) -> list:
    """The dated days printed in ``text[a:b]``, in order; a bare month (为11月出生的职工) only when the
    span prints no day."""
    ds = [d for d in dates if a <= d[0] < b and d[2].month is not None]
    days = [d for d in ds if d[2].day is not None]
    return days or ds


def _date_before(dates, sentences, pos: int) -> DateValue | None:
    """The last dated day of the sentence holding ``pos`` printed before ``pos`` (the event's date)."""
    ss = next((x for x, y in sentences if x <= pos < y), 0)
    ds = _dates_in(dates, ss, pos)
    return ds[-1][2] if ds else None


def _visits(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X总工会慰问环卫工人``: an organisation (or place) right before a visiting verb and its object.

    No trigger word names these events; the name is the verb with its object (a short noun phrase to the
    clause end, no 的: 帮扶送温暖工程的重要组成部分 is none), the organiser the body before it. The verb
    must be a word of its own (慰问品, 慰问团 are things, not the act).
    """
    text = unit.text
    actors: list[OrgHit | PlaceHit] = [o for o in orgs if o.top] + [
        p for p in places if not any(o.start <= p.start < o.end for o in orgs)
    ]
    for a in sorted(actors, key=lambda x: x.start):
        m = _VISIT_RE.match(text, a.end)
        if m is None and not _after_marker(text, a.start):
            m = _LED_VISIT_RE.match(text, a.end)  # X组织N名会员，走访了Y: the body leads the visit
            if m is not None:
                m = _VISIT_RE.match(text, m.end()) or _LED_OBJECT_RE.match(text, m.end())
        if m is None or _after_marker(text, a.start):
            continue
        k = unit.token_at(a.end)
        if k is None or unit.tokens[k][1] > m.start("obj"):
            continue  # 慰问品, 走访组: one word with what follows
        ns, ne = m.start(), m.end()
        if any(x.start < ne and ns < x.end for x in events):
            continue
        ev = EventHit(ns, ne, text[ns:ne], text[ns : m.start("obj")], organizer=a)
        ev.date = _date_before(dates, sentences, ns)
        events.append(ev)
    events.sort(key=lambda x: x.start)


#: X总工会(联合Y)，在Z为N名环卫工人送上…“暖心包”: a body handing something out to people (the handout is
#: the event, named by the verb and what it hands out)
_HANDOUT_TO_RE = re.compile(
    r"(?:为|给|向)(?P<who>[^，。；！？\n]{2,24}?)(?P<verb>送上|送去|送来|发放|赠送|捐赠)了?"
    r"(?P<obj>[^，。；！？\n]{2,40})"
)
_QUOTED_RE = re.compile(r"“[^”]{2,12}”")
#: the first of the things handed out, listed (棉被、米面油等慰问品)
_FIRST_THING = re.compile(r"[^、，的]{2,6}(?=、[^，。；！？]{1,20}等)")


#: X总工会“劳模工匠进校园”活动走进Y: a body's campaign named in quotes visiting a place
_CAMPAIGN_VISIT_RE = re.compile(
    r"的?(?P<name>“[^”]{2,16}”(?:系列|主题)?(?:活动|[^，。；！？“”]{0,4}?(?:服务车|服务队|宣讲团|小分队|大篷车))?)"
    r"(?:近日|日前|再次|首次|先后)?(?:走进|走入|来到|开进|进入)"
)
#: a township-level place that a venue inside it follows (董地街道易地扶贫搬迁安置点)
_TOWNSHIP_END = ("街道", "镇", "乡", "村", "社区")


#: X总工会组织的“秋日健步行”活动: an event named after the participle of the body that holds it (and
#: X总工会与Y合作开办的“技能夜校”: a school or class it runs with another)
_PARTICIPLE_RE = re.compile(
    r"(?:与[^，。；！？]{2,30}?(?:合作|联合|共同))?(?:组织|举办|开展|主办|举行|开办|创办|合办)的"
    r"(?P<name>“[^”]{2,16}”(?:系列|主题)?活动|“[^”]{1,14}(?:夜校|学校|课堂|讲堂|培训班|训练营)”"
    # X总工会举办的“Y”职工书画作品展: a quoted show or contest, its kind after the quotes
    r"|“[^”]{2,16}”[^，。；！？“”的在]{0,10}?(?:作品展|书画展|摄影展|成果展|展览|比赛|大赛|竞赛|运动会|晚会|联欢会))"
)


#: …的“Y”作品展在Z开展: the venue a show opens in (or a contest, a gala is held in) right after its name
_OPENS_AT_RE = re.compile(r"在[^，。；！？在]{2,24}?(?=开展|开幕|展出|举行|举办|开赛|启幕)")


def _participle_events(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``职工在县总工会组织的“秋日健步行”活动中``: the quoted activity, held by the body right before
    the participle (a caption's event too), on the sentence's date; where the name is followed by
    在Z开展 (a show opening), at Z."""
    text = unit.text
    for ev, m in _named_after_body(unit, events, orgs, dates, sentences, _PARTICIPLE_RE, "组织"):
        at = _OPENS_AT_RE.match(text, m.end())
        if at is not None and ev.location is None:
            ev.location = _location(text, at.start(), at.end(), orgs, places)


def _named_after_body(
    unit: Unit, events: list[EventHit], orgs, dates, sentences, pattern, trigger: str
) -> list[tuple[EventHit, re.Match]]:
    """An event whose name ``pattern`` reads right after a body (its ``name`` group), held by that body,
    on the sentence's date; none where an event already stands. Returns the new events with their
    matches, for callers that read more of them (a visit's venue)."""
    text = unit.text
    made = []
    for o in orgs:
        m = pattern.match(text, o.end)
        if m is None or not o.top:
            continue
        ns, ne = m.span("name")
        if any(x.start < ne and ns < x.end for x in events):
            continue
        ev = EventHit(ns, ne, m.group("name"), trigger, organizer=o)
        ev.date = _date_before(dates, sentences, ns)
        events.append(ev)
        made.append((ev, m))
    events.sort(key=lambda x: x.start)
    return made


#: X总工会发布首批“X工匠”评选结果: a selection, named by what its results are of
_SELECTION_RE = re.compile(
    r"(?:发布|公布|揭晓)了?(?P<name>[^，。；！？]{2,30}?(?:评选|评比|推选))(?:活动)?结果"
)


#: X总工会“暖心驿站”启用: a body's station, room or home named in quotes, opened
_QUOTED_OPENING = re.compile(
    r"的?(?P<name>“[^”]{2,16}”)(?:正式|当天|当日)?(?:启用|揭牌|开放|投用|投入使用|开馆|开园|挂牌|落成)"
)


#: a sentence that lists who a selection chose (入选者中，有X公司电焊工A、Y医院护士长B…)
_SELECTED_LEAD = re.compile(r"(?:入选者|入选职工|获评者|当选者|受表彰者)中[，,]?")


def _selected(unit: Unit, events: list[EventHit], persons, sentences) -> None:
    """``发布…评选结果。入选者中，有A、B等``: the people the next sentence lists take part in the selection."""
    text = unit.text
    for ev in [x for x in events if x.trigger == "评选"]:
        later = [(a, b) for a, b in sentences if a >= ev.end]
        if not later or _SELECTED_LEAD.match(text, later[0][0]) is None:
            continue
        a, b = later[0]
        for p in persons:
            if a <= p.start < b and all(x.name != p.name for x in ev.performers):
                ev.performers.append(p)


def _quoted_openings(unit: Unit, events: list[EventHit], orgs, dates, sentences) -> None:
    """``X总工会“暖心驿站”启用``: the opening of what the body right before the quotes runs, on the
    sentence's date."""
    _named_after_body(unit, events, orgs, dates, sentences, _QUOTED_OPENING, "启用")


def _announced_selections(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X总工会、Y局联合发布首批“Z工匠”评选结果``: the selection, held by the sentence's subject, on the
    sentence's date (the day its results came out)."""
    text = unit.text
    for ss, se in sentences:
        for m in _SELECTION_RE.finditer(text, ss, se):
            ns, ne = m.span("name")
            host = _subject(text, ss, m.start(), orgs, places)
            if not isinstance(host, OrgHit) or any(x.start < ne and ns < x.end for x in events):
                continue
            ev = EventHit(ns, ne, m.group("name"), "评选", organizer=host)
            ev.date = _date_before(dates, sentences, ns)
            events.append(ev)
    events.sort(key=lambda x: x.start)


def _campaign_visits(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X总工会“劳模工匠进校园”活动走进Y学院``: the campaign's visit, held by the body right before it,
    at the body or place right after the verb, on the sentence's date."""
    text = unit.text
    for ev, m in _named_after_body(unit, events, orgs, dates, sentences, _CAMPAIGN_VISIT_RE, "走进"):
        # the body visited, or a place the name ends at (not 日照 of 日照经济技术开发区)
        ev.location = next(
            (
                x
                for x in (*orgs, *places)
                if x.start == m.end()
                and (
                    x in orgs
                    or x.name.endswith(_TOWNSHIP_END)
                    or not re.match("[\u4e00-\u9fff]", text[x.end : x.end + 1])
                )
            ),
            None,
        )


#: X总工会组织劳模宣讲团走进Y公司，为150名职工宣讲劳模精神: a body sends people to a place to talk
_LED_TALK_RE = re.compile(
    r"(?:组织|带领|邀请)[^，。；！？]{1,20}?(?:走进|来到|深入|前往)(?P<where>[^，。；！？]{2,30}?)[，,]?为"
    r"[^，。；！？]{1,14}?(?P<name>(?:宣讲|讲解|讲授|授课|义诊|培训|体检|演出|理发|维修|剪发)[^，。；！？]{0,10})"
    r"(?=$|[，。；！？])"
)


def _led_talks(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X总工会组织劳模宣讲团走进Y公司，为150名职工宣讲劳模精神``: the talk, held by the body before
    组织 at the body or place it went to, in an article that names no other event."""
    text = unit.text
    if events:
        return  # the article names its event otherwise (a headline's 法律宣讲): the talk is that one
    for o in orgs:
        if not o.top:
            continue
        m = _LED_TALK_RE.match(text, o.end)
        if m is None:
            continue
        ss, se = next(((a, b) for a, b in sentences if a <= o.start < b), (0, len(text)))
        if any(ss <= x.start < se for x in events):
            continue
        ns, ne = m.span("name")
        ev = EventHit(ns, ne, m.group("name"), "宣讲", organizer=o)
        ev.date = _date_before(dates, sentences, ns)
        a = m.start("where")
        ev.location = next((x for x in (*orgs, *places) if x.start == a), None)
        ev.attendee_count = _count(
            text, sentences, next(i for i, (x, _y) in enumerate(sentences) if x == ss), ns
        )
        events.append(ev)
    events.sort(key=lambda x: x.start)


def _handouts(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X总工会…为120名环卫工人送上…“暖心包”``: a handout by the body that opens its sentence, in an
    article that names no other event; named by the verb and the quoted thing handed out (else the
    thing, when short), where the sentence says (在Z), on its date, the people counted its attendance."""
    text = unit.text
    named = bool(events)  # the article's event is named otherwise: what is handed out is part of it
    for ss, se in sentences:
        m = _HANDOUT_TO_RE.search(text, ss, se)
        if m is None:
            continue
        host = _subject(text, ss, m.start(), orgs, places)
        if not isinstance(host, OrgHit):
            continue
        obj = m.group("obj")
        quoted = list(_QUOTED_RE.finditer(text, m.start("obj"), m.end("obj")))
        if quoted:  # …保温杯的“暖心包”: the thing in quotes names the handout
            ts, te = quoted[-1].span()
            if _MONEY_RE.search(text[ts + 1 : te - 1]):
                continue  # “1000元”: a sum of money, no event of its own
        elif unit.caption is not None:
            continue  # a photo of the handout the article tells (its event): a bare thing names none
        elif len(obj) <= 8 and "的" not in obj and not _MONEY_RE.search(obj):
            ts, te = m.span("obj")
        elif (first := _FIRST_THING.match(obj)) is not None and not _MONEY_RE.search(first.group()):
            ts, te = m.start("obj"), m.start("obj") + first.end()  # 送去棉被、米面油等慰问品: the first thing
        else:
            continue
        ns = m.start("verb")
        ev = EventHit(ts, te, text[ts:te], m.group("verb"), organizer=host)
        ev.date = _date_before(dates, sentences, ns)
        # 为路桥区桐屿街道8户困难职工家庭: else the place the people it is for live in (the innermost)
        ev.location = _location(text, ss, m.start(), orgs, places) or max(
            (p for p in places if m.start("who") <= p.start and p.end <= m.end("who")),
            key=lambda p: p.start,
            default=None,
        )
        cnt = _res()["count"].search(m.group("who"))
        ev.attendee_count = int(cnt.group(1)) if cnt else None
        thing = text[ts:te].strip("“”")
        same = next((x for x in events if x.name.strip("“”") == thing), None)
        if same is None and named:
            # …为200名环卫工人发放羽绒服。…参加发放仪式: the ceremony is this handout's
            same = next((x for x in events if x.name.startswith(("发放仪式", "发放活动"))), None)
        if same is None and named:
            # X总工会为建筑工人送清凉 / “送清凉”活动: a 送… campaign of the same body is this handout
            same = next(
                (
                    x
                    for x in events
                    if x.name.strip("“”").startswith("送")
                    and (x.organizer is None or _same_actor(x.organizer, host))
                ),
                None,
            )
        if same is not None:  # the headline's “暖心包”: the body says who, where and for how many
            same.organizer = same.organizer or ev.organizer
            same.location = same.location or ev.location
            same.date = same.date or ev.date
            same.attendee_count = same.attendee_count or ev.attendee_count
        elif not named:
            # X总工会为环卫工人送清凉 (headline): the handout is the 送… campaign the headline names
            body = max(unit.breaks) if unit.breaks else 0
            hm = _SEND_CAMPAIGN_RE.search(text, 0, body) if ss >= body else None
            if hm is not None:
                ev.start, ev.end, ev.name = hm.start(), hm.end(), hm.group()
            events.append(ev)
    events.sort(key=lambda x: x.start)


#: 送清凉, 送温暖: a campaign of handing things out, named by what it brings
_SEND_CAMPAIGN_RE = re.compile("送(?:清凉|温暖|健康|关爱|文化|法律|岗位|安全|技能|春联|福)")


#: A与B(在C)签署(了)…协议: a body signing an agreement with another (the signing is the event)
_SIGNING_RE = re.compile(
    r"(?:与|和|同)(?P<partner>[^，。；！？\n]{2,30}?)(?:在(?P<where>[^，。；！？\n]{2,24}?))?"
    r"(?P<name>(?:签署|签订|签约)了?[^，。；！？\n]{0,14}?(?:协议|合同|备忘录|协定|协议书))"
)


def _signings(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X总工会与Y银行在Z签署战略合作协议``: the signing, held by the first body with the second (a
    co-organiser), at the venue after 在, on the sentence's date."""
    text = unit.text
    if any(re.search("签约|签字|签署|协议", x.name) for x in events):
        return  # the article names its signing ceremony (举行…协议签约仪式): that is the event
    for o in sorted((o for o in orgs if o.top), key=lambda x: x.start):
        m = _SIGNING_RE.match(text, o.end)
        if m is None or _after_marker(text, o.start):
            continue
        ns, ne = m.span("name")
        if any(x.start < ne and ns < x.end for x in events):
            continue
        ev = EventHit(ns, ne, text[ns:ne], text[ns : ns + 2], organizer=o)
        ps, pe = m.span("partner")
        partner = next((x for x in orgs if x.start == ps and x.top), None)
        if partner is not None and partner.name != o.name:
            ev.co_organizers.append(partner)
        ss = next((x for x, y in sentences if x <= ns < y), 0)
        ev.location = _location(text, ss, ns, orgs, places)
        ds = _dates_in(dates, ss, ns)
        if ds:
            ev.date = ds[-1][2]
        events.append(ev)
    events.sort(key=lambda x: x.start)


#: a clause that ends with the event's own verb: 第三届X节在Y开幕, X运动会日前在Y举行, X节开幕
_PASSIVE_RE = re.compile(
    r"(?:隆重|正式|顺利|圆满|盛大)?(?P<verb>开幕|闭幕|落幕|落下帷幕|举行|举办|启动|开班|开营|召开|开赛|揭幕|收官|结束"
    r"|鸣枪开跑|鸣枪开赛|鸣枪起跑|开跑|鸣锣开赛)了?"
    r"(?=$|[，。；！？\n])"
)
#: what may stand between an event's name and its verb: time words, then 在 + the venue
_PASSIVE_MID = re.compile(
    r"(?:于|在)?(?:\d{1,2}月\d{1,2}日|\d{1,2}日)?(?:[上下中]午|晚上?|日前|近日|昨天|昨日|今天|当天|当日|同日)?"
    r"(?:在(?P<venue>[^，。；！？在的]{1,30}?))?$"
)
#: the hosts of a passive event: 由A主办、B协办的 / A主办，B承办的 (each role's bodies stand before its verb)
_HOST_VERBS = re.compile(r"联合主办|共同主办|主办|承办|协办|联办|举办|组织|指导|支持")
_CEREMONY = ("开幕式", "闭幕式", "开幕仪式", "闭幕仪式")


#: 第二届全市职工合唱节, 首届X文化旅游节: a festival its term names, whatever its kind
_TERMED_FESTIVAL = re.compile(r"(?:第[一二三四五六七八九十\d]+届|首届)[^，。；！？]{2,20}节$")


def _passive(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``由A主办、B协办的第三届X节在Y开幕``: an event named before its own verb (开幕/举行/启动…).

    The name is the noun phrase before the verb (and before 在 + venue and time words), back to a 的, a
    comma or the clause start; it keeps its 第N届 and must end with an event noun (a trailing 开幕式 is
    the event's opening, not another event). The organiser is the first body before 主办 (else 承办/
    举办/组织) in a host clause ending right before that 的; the location is a body or place of the venue.
    """
    text = unit.text
    nouns = lexicons.event_nouns()
    for si, (ss, se) in enumerate(sentences):
        for m in _PASSIVE_RE.finditer(text, ss, se):
            vs = m.start()
            mid = _PASSIVE_MID.search(text, ss, vs)
            if mid is None:
                continue
            ne = mid.start()
            k = ne
            while k > ss and text[k - 1] not in "的，。；！？：\n、“”":
                k -= 1
            if k > ss and text[k - 1] == "”":
                # 主办的“安康杯”安全生产知识竞赛: a quoted brand opens the name
                q = text.rfind("“", ss, k - 1)
                if q >= 0 and k - 1 - q <= 12 and not re.search("[，。；！？：\n”]", text[q + 1 : k - 1]):
                    k = _ordinal_before(text, ss, q)
            ns = k
            lead = re.match(r"(?:\d{1,2}月\d{1,2}日|[上下中]午|晚上?|日前|近日|由)+", text[ns:ne])
            if lead:
                ns += lead.end()
            name = text[ns:ne]
            for c in _CEREMONY:
                if name.endswith(c) and len(name) > len(c) + 1:
                    name, ne = name[: -len(c)], ne - len(c)
            if (
                len(name) < 3
                or not (name.endswith(nouns) or _TERMED_FESTIVAL.match(name))
                or not unit.is_boundary(ne)
                or name.startswith(_REFERENCES)
                or re.search(r"[是有不把被将让使]|宣布", name.replace("有限", ""))  # 有限公司: no 有
            ):
                continue  # 主席X宣布运动会开幕: a declaration of an event named before, not a new one
            if any(x.start < ne and ns < x.end for x in events):
                continue
            ev = EventHit(ns, ne, name, m.group("verb"))
            # 主办的X，主办的2026年船山区“安康杯”X: the host clause ends at the 的 before the name (and
            # before a short modifier of time and place the quoted name leaves out)
            de = text.rfind("的", max(ss, ns - 12), ns)
            if de >= 0 and re.search("[，。；！？：“”]", text[de + 1 : ns]):
                de = -1
            if de > ss:
                ev.organizer = _host(text, ss, de, orgs)
                ev.co_organizers = _co_hosts(text, ss, de, orgs, ev.organizer)
            if ev.organizer is None and not name.endswith(_FOUNDING):  # a founding is its guide's
                ev.organizer = _owner(ns, ne, orgs, places)
            if mid.group("venue"):
                a, b = mid.span("venue")
                # 在X区总工会职工服务中心召开: the whole venue, not the body its name opens with
                inside = [o for o in orgs if a <= o.start and o.end <= b]
                # 在满洲里市扎赉诺尔区灵泉镇: the last of the places printed one inside the other
                ev.location = max(inside, key=lambda o: (o.end - o.start, -o.start), default=None) or max(
                    (p for p in places if a <= p.start and p.end <= b), key=lambda p: p.start, default=None
                )
            ds = _dates_in(dates, ss, vs)
            if ds:
                ev.date = ds[-1][2]
            # 主席X宣布开幕。…1200余名运动员参加了开幕式: the count may come two sentences later
            ev.attendee_count = _count(text, sentences, si, vs, ahead=2)
            events.append(ev)
    events.sort(key=lambda x: x.start)
    _same_as_body(unit, events)


_ORDINAL_END = re.compile(r"(?:第[一二三四五六七八九十\d]+届|首届)$")


def _ordinal_before(text: str, ss: int, q: int) -> int:
    """主办的第二届“X杯”技能大赛: the name starts at the term (第N届, 首届) printed before its quoted brand."""
    m = _ORDINAL_END.search(text, max(ss, q - 8), q)
    return m.start() if m else q


#: 在8月20日召开的X会上 / 在日前举行的X赛中: a mention of an event held before, by someone unnamed
_HELD_AT_RE = re.compile(
    r"在(?P<when>[^，。；！？在的]{0,16}?)(?:召开|举行|举办|开幕)的(?P<name>[^，。；！？“”在的]{2,40}?)"
    r"(?:上|中|期间|现场)"
)
#: X第六次代表大会的胜利召开: an event named as the subject of its being held (a commentary on it)
_HELD_NOUN_RE = re.compile(
    r"(?:^|(?<=[，。；！？\n“]))(?P<name>[^，。；！？“”\n的]{4,40}?)的(?:胜利|顺利|成功|隆重)?(?:召开|举行|举办|开幕|闭幕)"
)
#: a subtitle naming the event its article reports from: ——X工作推进会侧记
_SIDE_NOTE_RE = re.compile(r"^[—－-]+(?P<name>[^\n—]{2,40}?)(?:侧记|纪实|速写|掠影|见闻|特写|综述)$", re.M)


def _held_at(unit: Unit, events: list[EventHit], orgs: list[OrgHit], dates) -> None:
    """Mentions of an event whose organiser the sentence may not name (a 侧记 about a meeting).

    They carry the body that opens the name (X区总工会劳模座谈会侧记: the 座谈会 of X区总工会) or no
    organiser (linking joins them with the organised event of that name, or of that head noun and
    date, or of that head noun in the same article) and the date printed in the clause. The pattern
    delimits the name (推进会上 is one jieba word), so no word boundary is asked for.
    """
    text = unit.text
    nouns = lexicons.event_nouns()
    hits = [(m.start("name"), m.end("name"), m.span("when"), False) for m in _HELD_AT_RE.finditer(text)]
    hits += [(m.start("name"), m.end("name"), None, False) for m in _SIDE_NOTE_RE.finditer(text)]
    # (X第六次代表大会的胜利召开: named whole, as the report of it names it: X第六次代表大会在Y开幕)
    hits += [(m.start("name"), m.end("name"), None, True) for m in _HELD_NOUN_RE.finditer(text)]
    for ns, ne, when, whole in hits:
        owner = max((o for o in orgs if o.start == ns and o.end < ne), key=lambda o: o.end, default=None)
        if owner is not None and not whole:
            ns = owner.end
        lead = _res()["lead"].match(text[ns:ne])
        if lead:
            ns += lead.end()
        name = text[ns:ne]
        if len(name) < 3 or not name.endswith(nouns) or name.startswith(_REFERENCES):
            continue
        if any(x.start < ne and ns < x.end for x in events):
            continue
        ev = EventHit(ns, ne, name, "召开", organizer=owner)
        if when is not None:
            ds = _dates_in(dates, when[0], when[1])
            ev.date = ds[-1][2] if ds else None
        events.append(ev)
    events.sort(key=lambda x: x.start)


#: 为环卫工人送去“暖冬包”: a handout the article names in quotes, given at the clause's end
_HANDOUT_RE = re.compile(
    r"(?:送去|送上|送出|送来|捐赠|发放)了?“(?P<name>[^”，。；！？\n]{2,12})”(?:活动)?(?=$|[，。；！？\n])"
)
#: what a quoted handout may not be: a sum of money (“1000元”, a 慰问金 is no event of its own)
_MONEY_RE = re.compile(r"[\d０-９]|元|金$|款$")


def _quoted_handouts(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X区总工会在Y社区为200名环卫工人送去“暖冬包”``: a deed named by its quoted handout, the
    sentence's subject its organiser (a bare sum of money, 送去慰问金, is none: it has no quotes)."""
    text = unit.text
    for si, (ss, se) in enumerate(sentences):
        for m in _HANDOUT_RE.finditer(text, ss, se):
            ns, ne = m.span("name")
            if _MONEY_RE.search(m.group("name")) or any(x.start < ne and ns < x.end for x in events):
                continue
            ev = EventHit(ns, ne, m.group("name"), "送去")
            ev.organizer = _subject(text, ss, m.start(), orgs, places)
            ev.location = _location(text, ss, m.start(), orgs, places)
            ds = _dates_in(dates, ss, m.start())
            if ds:
                ev.date = ds[-1][2]
            ev.attendee_count = _count(text, sentences, si, m.start())
            events.append(ev)
    events.sort(key=lambda x: x.start)


def _handouts_named_below(unit: Unit, events: list[EventHit]) -> None:
    """``X区为快递员送上“暖心包”`` (headline) and ``…“暖心包”发放仪式`` (body): the headline's handout
    is the ceremony the body names, one event under the body's name, organiser, date and venue."""
    for ev in events:
        if ev.trigger != "送去":
            continue
        # the ceremony in a later paragraph (a headline's is the body's)
        twin = next(
            (
                x
                for x in events
                if x.start >= ev.end
                and f"“{ev.name}”" in x.name
                and any(ev.end <= b <= x.start for b in unit.breaks)
            ),
            None,
        )
        if twin is None:
            continue
        ev.name = twin.name
        ev.organizer = ev.organizer or twin.organizer
        ev.date = ev.date or twin.date
        ev.location = ev.location or twin.location
        ev.attendee_count = ev.attendee_count or twin.attendee_count


def _owner(ns: int, ne: int, orgs: list[OrgHit], places: list[PlaceHit]) -> OrgHit | None:
    """The body whose event the name says it is (X市Y区工会第七次代表大会 is Y区工会's congress): an
    organisation inside the name, at its start or after its places only, with the event noun after it."""
    covered = ns
    for p in sorted((p for p in places if ns <= p.start < ne), key=lambda p: p.start):
        if p.start == covered:
            covered = p.end
    cands = [o for o in orgs if ns <= o.start <= covered and o.end < ne and o.top]
    return max(cands, key=lambda o: (o.end - o.start, -o.start), default=None)


def _host(text: str, ss: int, de: int, orgs: list[OrgHit]) -> OrgHit | None:
    """The organiser in the host clause ``text[ss:de]`` that ends with a host verb (主办的, 承办的)."""
    verbs = [v for v in _HOST_VERBS.finditer(text, ss, de)]
    if not verbs or verbs[-1].end() != de:
        return None
    best = None
    prev = ss
    for v in verbs:
        seg = [o for o in orgs if prev <= o.start and o.end <= v.start() and o.top]
        rank = 0 if "主办" in v.group() else 1 if v.group() in ("承办", "举办", "组织") else 2
        if seg and (best is None or rank < best[0]):
            best = (rank, seg[0])
        prev = v.end()
    return best[1] if best is not None and best[0] < 2 else None


#: the host verbs of bodies that organise an event with its organiser (not 指导 or 支持: guidance, support)
_CO_HOST_VERBS = frozenset({"联合主办", "共同主办", "主办", "承办", "协办", "联办"})


def _co_hosts(text: str, ss: int, de: int, orgs: list[OrgHit], organizer) -> list[OrgHit]:
    """由A主办，B承办，C协办的…: the bodies of the host clause ``text[ss:de]`` that organise the event
    with its organiser (A's fellow 主办 bodies, the 承办 and 协办 ones), in the clause's order."""
    if organizer is None:
        return []
    out: list[OrgHit] = []
    prev = ss
    for v in _HOST_VERBS.finditer(text, ss, de):
        if v.group() in _CO_HOST_VERBS:
            for o in orgs:
                inside = prev <= o.start and o.end <= v.start() and o.top
                if inside and o.name != organizer.name and all(x.name != o.name for x in out):
                    out.append(o)
        prev = v.end()
    return out


#: 本届比赛由A主办，B承办，C协办。: a sentence of its own naming the hosts of the event reported before
_HOST_SENTENCE_RE = re.compile(r"(?:本届|本次|此次|这次|该)?[^，。；！？由]{0,8}?由")


def _host_sentences(unit: Unit, events: list[EventHit], orgs: list[OrgHit], sentences) -> None:
    """``本届比赛由A主办，B承办，C协办。``: the organiser (when none was read) and the co-organisers of
    the nearest event before the sentence; the sentence is its host clause alone."""
    text = unit.text
    for ss, se in sentences:
        m = _HOST_SENTENCE_RE.match(text, ss, se)
        end = se - 1 if se > ss and text[se - 1] in "。；！？" else se
        before = [e for e in events if e.end <= ss]
        if m is None or not before:
            continue
        # 本届运动会由A、B联合主办，设置12个项目: the host clause ends at its last verb before a comma
        ends = [
            v.end()
            for v in _HOST_VERBS.finditer(text, m.end(), end)
            if v.end() == end or text[v.end()] in "，；"
        ]
        end = ends[-1] if ends else end
        host = _host(text, m.end(), end, orgs)
        if host is None:
            continue
        ev = before[-1]
        ev.organizer = ev.organizer or host
        for o in _co_hosts(text, m.end(), end, orgs, ev.organizer):
            if all(x.name != o.name for x in ev.co_organizers):
                ev.co_organizers.append(o)


def _same_as_body(unit: Unit, events: list[EventHit]) -> None:
    """A headline event (X节开幕) that the body names too takes the body's organiser, date and venue."""
    body = max(unit.breaks) if unit.breaks else 0
    for ev in events:
        if ev.end > body or ev.organizer is not None:
            continue
        twin = next((x for x in events if x.start >= body and _same_name(ev.name, x.name)), None)
        if twin is not None:
            ev.organizer = twin.organizer
            ev.date = ev.date or twin.date
            ev.location = ev.location or twin.location


def _body_from_headline(unit: Unit, events: list[EventHit]) -> None:
    """满洲里市举办职工冬季那达慕 (headline) over 第五届职工冬季那达慕在Y开幕 (no host named): the body's
    event takes the headline's organiser, one event."""
    body = max(unit.breaks) if unit.breaks else 0
    for ev in events:
        if ev.start < body or ev.organizer is not None:
            continue
        twin = next(
            (x for x in events if x.end <= body and x.organizer is not None and _same_name(ev.name, x.name)),
            None,
        )
        if twin is not None:
            ev.organizer = twin.organizer


def _headline_place_hosts(unit: Unit, events: list[EventHit]) -> None:
    """X区Y街道开展职工健康讲座 over 街道总工会…开展健康知识讲座: a headline event whose subject is a
    place is the body's one gathering of that head noun, held by the body's organiser."""
    body = max(unit.breaks) if unit.breaks else 0
    for ev in events:
        if ev.end > body or not isinstance(ev.organizer, PlaceHit):
            continue
        head = lexicons.campaign_head(ev.name)
        if head is None:
            continue
        twins = [
            x
            for x in events
            if x.start >= body and isinstance(x.organizer, OrgHit) and lexicons.campaign_head(x.name) == head
        ]
        if len({x.organizer.name for x in twins}) == 1:
            twin = twins[0]
            ev.organizer = twin.organizer
            ev.date = ev.date or twin.date
            ev.location = ev.location or twin.location


#: X法院在Y开庭审理(并当庭宣判)一起Z纠纷案: a court's hearing of a case, the case naming it
_HEARING_RE = re.compile(
    r"(?:公开)?(?:开庭审理|巡回审理|公开审理|审理|审结)了?(?:并当庭(?:宣判|判决|调解)|并宣判)?"
    r"(?:一起|一宗|一件)(?P<case>[^，。；！？\n]{2,30}?案件?)"
    r"(?=$|[，。；！？\n])"
)


def _hearings(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X区人民法院在Y村文化广场开庭审理一起Z纠纷案，80余名村民现场旁听``: the court's hearing (named
    from its verb to the case), held at the place after 在, the onlookers counted."""
    text = unit.text
    for si, (ss, se) in enumerate(sentences):
        for m in _HEARING_RE.finditer(text, ss, se):
            court = _subject(text, ss, m.start(), orgs, [])
            if not isinstance(court, OrgHit) or not court.name.endswith("法院"):
                continue
            ns, ne = m.start(), m.end()
            if any(x.start < ne and ns < x.end for x in events):
                continue
            ev = EventHit(ns, ne, text[ns:ne], "开庭审理", organizer=court)
            ev.location = _location(text, ss, m.start(), orgs, places)
            ds = _dates_in(dates, ss, m.start())
            ev.date = ds[-1][2] if ds else None
            ev.attendee_count = _count(text, sentences, si, m.start())
            events.append(ev)
    events.sort(key=lambda x: x.start)


#: 参加揭牌仪式, 出席了开工仪式: a ceremony the sentence names only as what someone attends
_ATTENDED_CEREMONY_RE = re.compile(
    r"(?:参加|出席)了?(?P<name>(?:揭牌|揭幕|开工|竣工|启用|授牌|开园|开馆|开业|签约)(?:仪式|典礼)|成立(?:大会|仪式))"
    # 区委常委、区总工会主席A为“职工之家”揭牌: someone unveils what the sentence before reports built
    # (in an article that named no event before: else the unveiling is part of that one)
    r"|为[^，。；！？]{1,20}?(?P<unveil>揭牌|揭幕)(?=[，。；！？]|$)"
)


def _attended_ceremonies(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """``X街道工会在Y建成首个“Z”……。某主任参加揭牌仪式``: the ceremony of a deed the previous sentence
    of the paragraph reports (no trigger names it), held by that sentence's subject on its date, where
    that sentence says (在Y)."""
    text = unit.text
    for si, (ss, se) in enumerate(sentences):
        for m in _ATTENDED_CEREMONY_RE.finditer(text, ss, se):
            group = "name" if m.group("name") else "unveil"
            ns, ne = m.span(group)
            head = m.group(group)[-2:]
            if any(x.name.endswith(head) or (group == "unveil" and x.start < ns) for x in events):
                continue
            # X总工会在Y大街为“Z”揭牌: the body that opens the sentence unveils, where it says
            own = _unveiler(text, ss, m.start(), orgs) if group == "unveil" else None
            if own is not None:
                ps, pe = ss, m.start()
                host = own
            else:
                if si == 0:
                    continue
                ps, pe = sentences[si - 1]
                if "\n" in text[pe:ss]:
                    continue  # the previous sentence is another paragraph's
                host = _subject(text, ps, pe, orgs, places)
                if isinstance(host, OrgHit) and _PASSIVE_DEED.match(text, host.end):
                    # “X工作室”在Y揭牌。A、B共同为工作室揭牌: X is what was unveiled; the host is
                    # the body the headline opens with (Z总工会X工作室揭牌)
                    body = max(unit.breaks) if unit.breaks else 0
                    host = next((o for o in orgs if o.top and o.end <= body and o is not host), None)
            if not isinstance(host, OrgHit):
                continue
            ev = EventHit(ns, ne, m.group(group), "举行", organizer=host)
            ds = _dates_in(dates, ps, pe)
            ev.date = ds[-1][2] if ds else None
            ev.location = _location(text, ps, pe, orgs, places)  # 在Y镇建成…: where the deed was done
            events.append(ev)
    events.sort(key=lambda x: x.start)


#: after a sentence's subject: it is what was unveiled or opened there (“X工作室”在Y揭牌)
_PASSIVE_DEED = re.compile(
    r"[”’]?(?:正式)?在[^，。；！？]{1,24}?(?:正式)?(?:揭牌|揭幕|挂牌|启用|落成|开馆|开园)"
)


def _unveiler(text: str, ss: int, at: int, orgs) -> OrgHit | None:
    """The body that opens ``text[ss:at]`` and is followed only by a venue (在Y) before 为…揭牌."""
    for o in orgs:
        if ss <= o.start < at and o.top and _UNVEIL_GAP.fullmatch(text, o.end, at):
            head = text[ss : o.start]
            if not head or _DATE_LEAD.fullmatch(head):
                return o
    return None


#: between an unveiling body and its 为: nothing, or where (在东关大街)
_UNVEIL_GAP = re.compile(r"(?:在[^，。；！？、]{1,20}?)?")
#: what may open a sentence before its subject (11月26日，, 日前，)
_DATE_LEAD = re.compile(r"[^，。；！？]{0,16}[，,]?\s*")


def _headline_unions(unit: Unit, events: list[EventHit], orgs: list[OrgHit], sentences) -> None:
    """X农商银行开展Y活动 over X县农村商业银行股份有限公司工会组织…: a headline event of a bank or company
    is its union's when the body's opening sentence has that union (the workplace's, its parent of
    the headline's kind and opening with the same characters) as its subject."""
    body = max(unit.breaks) if unit.breaks else 0
    first = next(((a, b) for a, b in sentences if a >= body), None)
    if first is None:
        return
    subj = _subject(unit.text, first[0], first[1], orgs, [])
    if not isinstance(subj, OrgHit) or subj.kind != "union" or subj.parent is None:
        return
    parent = subj.parent
    for ev in events:
        org = ev.organizer
        if (
            ev.end <= body
            and isinstance(org, OrgHit)
            and org.kind in ("bank", "company")
            and org.kind == parent.kind
            and org.name[:2] == parent.name[:2]
        ):
            ev.organizer = subj


def _same_name(a: str, b: str) -> bool:
    """One event in a headline and in the body (X区职工书画展 / 首届职工书画展, 职工篮球赛 / 2023年全市职工
    篮球赛, 安全培训 / 冬季安全生产培训): the same head noun and one name inside the other, its characters
    in order in the other, or most of their character pairs shared."""
    if a == b or a in b or b in a or sorted(a) == sorted(b):
        return True
    nouns = lexicons.event_nouns()
    head = next((n for n in sorted(nouns, key=len, reverse=True) if a.endswith(n)), None)
    if head is None or not b.endswith(head):
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= len(head) + 2 and in_order(short, long_):
        return True  # 安全培训 / 冬季安全生产培训: the shorter name keeps some of the longer's words
    ga = {a[i : i + 2] for i in range(len(a) - 1)}
    gb = {b[i : i + 2] for i in range(len(b) - 1)}
    return 4 * len(ga & gb) >= len(ga) + len(gb)


def _headline_dates(unit: Unit, events: list[EventHit], orgs, places, dates, sentences) -> None:
    """An event of the headline takes the first date of the body's opening sentences about it.

    Headlines carry no dates; the body's first sentence does (5月1日，X区总工会主席…来到…). It is taken
    when that sentence's subject is the headline's organiser (or a body of the headline's place), and
    no event of the body repeats the headline's (then the body's own event carries its date).
    """
    body = max(unit.breaks) if unit.breaks else 0
    if body <= 0:
        return
    text = unit.text
    opening = [(a, b) for a, b in sentences if a >= body][:2]
    for ev in events:
        if ev.end > body or ev.date is not None or ev.organizer is None:
            continue
        if any(x.start >= body and (x.name in ev.name or ev.name in x.name) for x in events):
            continue
        for a, b in opening:
            ds = _dates_in(dates, a, b)
            if not ds:
                continue
            if _same_actor(ev.organizer, _subject(text, a, b, orgs, places)):
                ev.date = ds[0][2]
                # …组织律师走进X公司，为职工宣讲: where the opening sentence says it went
                ev.location = ev.location or _location(text, a, b, orgs, places)
                if ev.trigger.startswith(_VISIT_VERBS):
                    _visited(text, a, b, ev, places)
            break


#: the verbs of a visit a headline names (X总工会走访慰问困难职工)
_VISIT_VERBS = ("看望慰问", "走访慰问", "慰问", "看望", "走访")
#: …带队，走访慰问了Y镇15户困难职工家庭: the visit's verb in the body, then where and whom
_VISITED_RE = re.compile("(?:" + "|".join(_VISIT_VERBS) + ")了?")


def _visited(text: str, a: int, b: int, ev: EventHit, places) -> None:
    """The headline's visit, told in the body's opening sentence (走访慰问了Y镇15户困难职工家庭): it
    took place in the place named right after the verb (the innermost), for the households or people
    counted right after that."""
    starts = {p.start: p for p in places if p.end <= b}
    for m in _VISITED_RE.finditer(text, a, b):
        p = starts.get(m.end())
        p = _innermost(p, places, b) if p is not None else None
        if ev.location is None and p is not None:
            ev.location = p
        cnt = _res()["count"].match(text, p.end if p is not None else m.end())
        if ev.attendee_count is None and cnt is not None:
            ev.attendee_count = int(cnt.group(1))
        if p is not None or cnt is not None:
            return


def _same_actor(a: OrgHit | PlaceHit, b: OrgHit | PlaceHit | None) -> bool:
    if b is None:
        return False
    if a.name == b.name:
        return True
    if isinstance(a, PlaceHit) and isinstance(b, OrgHit):
        return b.name.startswith(a.name)
    return False


def _headline_wrap(unit: Unit, pos: int) -> bool:
    """Whether a headline line ends at ``pos`` and the headline goes on in the next line (the body's
    paragraphs are joined lines: only a title block before the body's break is wrapped so)."""
    text = unit.text
    return (
        text[pos : pos + 1] == "\n"
        and bool(unit.breaks)
        and pos < max(unit.breaks)
        and not any(pos < b <= pos + 1 for b in unit.breaks)
        and text[pos + 1 : pos + 2] not in ("", "\n")
    )


def _name(text: str, pos: int, se: int, unit: Unit | None = None) -> tuple[int, int] | None:
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
    # (at a word's end: 慰问 inside 发放慰问品 names nothing)
    while end > start and not (
        text[start:end].endswith(nouns) and (unit is None or end == len(text) or unit.is_boundary(end))
    ):
        end -= 1
    name = text[start:end]
    if len(name) < 2 or name.startswith(_REFERENCES) or re.search(r"[，。是有不把被将让使]", name):
        return None
    if name.endswith(_WEAK) and "、" in name:
        return None
    if name.endswith(_MONEY) and (name in _MONEY or re.search("[、和及与]", name)):
        return None  # 发放救助金, 慰问金、补助金: sums of money, not one named handout (一次性困难补助金)
    if name.endswith(_WEAK) and len(name) > 8:
        # 开展困难职工家政服务技能培训: a long phrase keeps its last words up to eight characters (家政服务
        # 技能培训), cut at a word's start; none when no such cut is left
        cut = next((k for k in range(end - 8, end - 3) if unit is not None and unit.is_boundary(k)), None)
        if cut is None or re.search(r"[的了]", text[cut:end]):
            return None
        start = cut
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


def _after_marked_place(text: str, start: int, places: list[PlaceHit]) -> bool:
    """在Y街道X社区党群服务中心: a venue right after the place it lies in, that place after 在."""
    return any(p.end == start and _after_marker(text, p.start) for p in places)


def _location(text: str, ss: int, pos: int, orgs: list[OrgHit], places: list[PlaceHit]):
    for o in orgs:
        if (
            ss <= o.start
            and o.end <= pos
            and (_after_marker(text, o.start) or _after_marked_place(text, o.start, places))
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
            return _innermost(p, places, pos)
    return None


def _innermost(p: PlaceHit, places: list[PlaceHit], end: int) -> PlaceHit:
    """在铁东区山南街道胜利社区开展: the last of the places printed one inside the other from ``p`` on
    (up to ``end``)."""
    at = {q.start: q for q in places if q.end <= end}
    while p.end in at:
        p = at[p.end]
    return p


#: what the people counted before it did: took part, competed, came in (吸引900余名求职者入场)
_COUNTED_VERBS = re.compile(r"参加|参与|出席|旁听|参赛|入场|到场|参会")


def _count(text: str, sentences: list[tuple[int, int]], si: int, trig: int, ahead: int = 1) -> int | None:
    r = _res()
    ss, se = sentences[si]
    # 组织62名劳模, 为275名困难职工: a count right before the trigger in the sentence
    for k in range(si, si + ahead + 1):
        if k >= len(sentences):
            break
        a, b = sentences[k]
        for at in _COUNTED_VERBS.finditer(text, a, b):
            nums = [n for n in r["count"].finditer(text, max(a, at.start() - 60), at.start())]
            if nums:
                return int(nums[-1].group(1))
    nums = list(r["count"].finditer(text, ss, min(trig + 30, se)))
    return int(nums[-1].group(1)) if nums else None


#: what a person does right after the name that makes them a performer of the event: instructors,
#: speakers and presenters (在会上讲话, 出席仪式并致辞, 作报告, 介绍了防诈骗常识), and leaders of a visit
#: (带队, 带领…来到), and the official who directs (局长X要求，…: a meeting's instructions);
#: 介绍，/介绍说/表示/说 is the reporter's source, not a part in the event
_PERFORM = (
    r"(?:在[^，。；！？]{0,10}?[上中]|等[\d一二三四五六七八九十两]+[名位][^，。；！？]{0,8}?(?=作)|代表[^，。；！？]{0,12}?(?=签)"
    r"|代表[^，。；！？]{0,16}?(?=发言|讲话|致辞|领誓|作[^，。；！？]{0,6}?发言)"
    r"|以[^，。；！？]{1,20}?为(?:切入点|例|主线|主题|重点|抓手)[，,]?|结合[^，。；！？]{1,12}?[，,]"
    r"|现场|专门|亲自|还|也|先后|分别|随后|首先|最后|共同|一同|一起)*"
    r"(?:授课|讲解|讲课|主讲|发言|作报告|作了?[^，。；！？]{0,16}?(?:报告|发言|讲座|辅导|讲话|分享)|致辞|讲话|演讲"
    r"|演示|示范|宣讲|宣读|领誓|颁奖|颁发|揭牌|剪彩|签约|签字|签署|主持|带队|率队|领队|介绍经验|介绍了(?![，。；！？])"
    r"|鸣枪|发令|解答|答疑"  # 律师A现场解答职工的提问: who answers at a legal-aid day takes part in it
    r"|当庭宣判|宣判|(?:强调|指出|要求)(?=[，,：:])"
    r"|部署了?|作(?:了)?[^，。；！？]{0,8}?(?:动员|部署)|动员部署"
    r"|为[^，。；！？]{0,20}?(?:揭牌|授牌|授旗|颁奖|颁发|颁证|讲述|讲授|讲解|讲课|宣讲|授课|证婚|主婚|发放)|讲述|讲授"
    r"|授牌|授旗|当选|被(?:选举|推选|选)为|分享了?"
    r"|在介绍|宣布[^，。；！？]{0,30}?(?:开幕|闭幕|开始|启动|开班|开赛|开营|成立)"
    r"|(?:出席|参加|观看|观摩)[^，。；！？]{0,14}?并(?:讲话|致辞|发言|颁奖|揭牌|授课|作[^，。；！？]{0,8}"
    r"|为[^，。；！？]{0,20}?(?:揭牌|授牌|颁奖|颁发))"
    r"|(?:带领|率领)[^，。；！？]{0,24}?(?:来到|走进|深入|前往|赶赴|赴|到|看望|慰问|走访)"
    r"|一行(?:先后|深入|来到|走进|前往|赶赴|赴|到))"  # X副主席A一行来到Y: A leads the visit
)
_SPEAK_AT = r"在[^，。；！？]{0,10}?[上中](?:介绍|讲话|发言|表示|指出|强调|说)"
#: ... and what makes them an attendee (出席, 参加, 也参加了; 带领…参加 leads a group that attends;
#: 陪同慰问, 陪同调研: a local head who accompanies a visit takes part in it; 到场观赛, 到场指导 too,
#: and so does one who comes to look: 到现场察看, 到现场指导, 现场查看, or to the meeting: 到会指导, 莅临)
_ATTEND = (
    r"(?:也|还|一同|共同|等[人]?|等领导|应邀|受邀|带领[^，。；！？]{0,24}?|率领[^，。；！？]{0,24}?)*"
    r"(?:出席|参加|参与|列席|观摩|观看|陪同|到场|莅临|到会|领到|领取"
    r"|(?:到|来到|赶到|深入|在)?(?:现场|考点|考场|赛场|会场)(?:察看|查看|指导|督导|检查|观摩|巡视|了解))"
    r"(?:了)?(?P<obj>[^，。；！？]{0,12})"
)


@lru_cache(maxsize=1)
def _role_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    return re.compile(_PERFORM), re.compile(_SPEAK_AT), re.compile(_ATTEND)


def _performers(unit: Unit, events: list[EventHit], persons: list[PersonHit], sentences) -> None:
    """People who take a part in an event: performers and (people who 参加/出席) attendees.

    The words after a name decide (``_PERFORM``, ``_ATTEND``); an enumeration (甲、乙等出席) shares the
    words after its last name. The event is the nearest one named before the person whose head noun
    the sentence repeats (出席仪式: the 仪式), else the nearest before (the article's event).
    """
    perform, speak_at, attend = _role_res()
    text = unit.text
    ordered = sorted(persons, key=lambda x: x.start)
    for i, p in enumerate(ordered):
        # 甲、乙等出席: walk to the end of the enumeration
        end = p.end
        for q in ordered[i + 1 :]:
            gap = text[end : q.start]
            # 甲、乙 / 甲与某公司总经理乙: the items of one enumeration
            if q.start >= end and (
                gap == "" or (gap[0] in "、和及与" and _item_gap(gap)) or _titled_item(gap)
            ):
                end = q.end
            else:
                break
        after = text[end : end + 40]
        ss = next((a for a, b in sentences if a <= p.start < b), 0)
        invited = "邀请" in text[ss : p.start]
        if perform.match(after) or speak_at.match(after) or invited:
            role = "performer"
            obj = after
        else:
            m = attend.match(after)
            if m is None:
                continue
            role, obj = "attendee", m.group("obj")
        ev = _event_for(events, p.start, obj)
        if ev is None:
            continue
        if role == "performer":
            if all(x.name != p.name for x in ev.performers):
                ev.performers.append(p)
        elif all(getattr(x, "name", None) != p.name for x in ev.attendees) and all(
            x.name != p.name for x in ev.performers
        ):
            ev.attendees.append(p)


def _titled_item(gap: str) -> bool:
    """``，区人社局副局长`` between two names: a comma, then a body and a role word right before the
    next name; titled people listed with commas before one verb (A，B，区总工会主席C出席) share it."""
    return len(gap) >= 3 and gap[0] == "，" and _item_gap(gap[1:]) and _role_end_re().search(gap) is not None


@lru_cache(maxsize=1)
def _role_end_re() -> re.Pattern:
    return re.compile("(?:" + lexicons.alternation(lexicons.roles()) + ")$")


def _item_gap(gap: str) -> bool:
    """What may stand between two enumerated names: a separator, then at most an organisation + role."""
    return len(gap) <= 20 and not re.search(r"[，。；！？：\s]|[说在来到将对把被向给是]", gap)


def _event_for(events: list[EventHit], pos: int, words: str) -> EventHit | None:
    """The event a person at ``pos`` takes part in: the nearest before whose head noun ``words`` name."""
    if not events:
        return None
    before = [e for e in events if e.start <= pos] or events[:1]
    nouns = [n for n in lexicons.event_nouns() if len(n) >= 2 and n in words[:16]]
    if nouns:
        named = [e for e in before if any(e.name.endswith(n) or n in e.name for n in nouns)]
        if named:
            return named[-1]
    return before[-1]


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
            winners = _listed_winners(text, before)
            ev = None
            contests = list(r["contest"].finditer(text, ss, m.start()))
            if contests:
                c = contests[-1]
                ps, pe = c.span("phrase")
                ev = next((x for x in events if x.start < pe and ps < x.end), None)
                games = [
                    x for x in events if x.end <= ps and x.organizer is not None and _GAMES_END.search(x.name)
                ]
                if ev is None and games and not any(o.start >= ps and o.end <= pe for o in orgs):
                    ev = games[-1]  # 在投篮比赛中获得第一名: an item of the games the article named
                if ev is None:
                    ev = _contest_event(text, ps, pe, orgs, dates, ss)
                    if ev is not None:
                        events.append(ev)
            if ev is None:
                prior = [x for x in events if x.end <= m.start() and contest_end.search(x.name)]
                ev = max(prior, key=lambda x: x.start) if prior else None
            for winner in winners if ev is not None else ():
                if all(x.name != winner.name for x in ev.performers):
                    ev.performers.append(winner)
    # 获奖名单：焊工项目一等奖：A（X公司）；…: a winner named after the prize, in the contest before it
    for p in persons:
        if not _PRIZE_BEFORE.search(text, max(0, p.start - 10), p.start):
            continue
        prior = [x for x in events if x.end <= p.start and contest_end.search(x.name)]
        if prior:
            ev = max(prior, key=lambda x: x.start)
            if all(x.name != p.name for x in ev.performers):
                ev.performers.append(p)
    events.sort(key=lambda x: x.start)


#: a prize right before a winner's name (一等奖：A, 冠军：B)
_PRIZE_BEFORE = re.compile(lexicons.PRIZES + "[：:]$")


#: games with items of their own (运动会, 运动会's 投篮比赛)
_GAMES_END = re.compile(r"(?:运动会|冬运会|趣味赛|那达慕|健身大会)$")


def _listed_winners(text: str, before: list[PersonHit]) -> list[PersonHit]:
    """The person right before a win and those listed with it (甲公司焊工A、乙公司钳工B、C分获…):
    items joined by 、/和/及, each at most a body and a role before its name."""
    out = [before[-1]]
    for prev in reversed(before[:-1]):
        gap = text[prev.end : out[0].start]
        if not gap or gap[0] not in "、和及" or not _item_gap(gap[1:]):
            break
        out.insert(0, prev)
    return out


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
    ds = _dates_in(dates, ss, ps)
    if ds:
        ev.date = ds[-1][2]
    return ev


#: a body's team that wins (X公司代表队获得团体第一名), or places among teams listed before one verb
#: (X代表队、Y代表队分获亚军和季军)
_TEAM_WINS = re.compile(
    r"(?:代表队|队)(?:[、和及与][^，。；！？]{2,30}?(?:代表队|队))*(?:分别)?(?:获得|荣获|夺得|摘得|分获)"
)


def _winning_teams(unit: Unit, events: list[EventHit], orgs: list[OrgHit]) -> None:
    """``X公司代表队获得团体第一名``: the body whose team won took part in the event the article names."""
    if not events:
        return
    for o in orgs:
        if not o.top or _TEAM_WINS.match(unit.text, o.end) is None:
            continue
        ev = _nearest_event(events, o.start)
        if o.name != getattr(ev.organizer, "name", None) and all(
            getattr(x, "name", None) != o.name for x in ev.attendees
        ):
            ev.attendees.append(o)


#: what may stand between bodies listed before a verb and the verb: separators, 等 and what the bodies
#: are (等基层工会, 等3家单位), whom they send (有关负责人, 代表) and adverbs (分别, 一同)
_LISTED_GAP = re.compile(
    r"(?:[、和及与]|等|[\d一二三四五六七八九十两]+[家个]|基层工会|基层单位|单位|企业|部门"
    r"|有关|相关|负责人|负责同志|代表|分别|一同|也|还|共同)*"
)
#: 作交流发言, 作典型发言, 做表态发言, 作经验介绍: a body listed before it speaks at the event
_BODY_SPEAKS = re.compile(r"(?:作|做)了?(?:交流|典型|表态|经验交流|经验)(?:发言|介绍)")
#: …有关负责人一同参加: the bodies listed before it send people to the event, whatever their kind
_SENT_TO_ATTEND = re.compile(r"(?:有关|相关)?负责(?:人|同志)")


def _listed_before(text: str, o: OrgHit, pos: int, orgs: list[OrgHit]) -> bool:
    """Whether ``o`` is one of the bodies listed right before ``pos`` (X、Y等基层工会作交流发言)."""
    gap, at = [], o.end
    for other in sorted((x for x in orgs if o.end <= x.start and x.end <= pos), key=lambda x: x.start):
        if other.start < at:
            continue
        gap.append(text[at : other.start])
        at = other.end
    gap.append(text[at:pos])
    return all(_LISTED_GAP.fullmatch(g) for g in gap)


def _speaking_bodies(unit: Unit, events: list[EventHit], orgs: list[OrgHit], sentences) -> None:
    """X、Y等基层工会作交流发言: the bodies listed before it take a part in the event (performers): the
    gathering named last before it (speeches are made at one), else the nearest event."""
    text = unit.text
    for a, b in sentences:
        for m in _BODY_SPEAKS.finditer(text, a, b):
            gatherings = [e for e in events if e.start <= m.start() and lexicons.gathering_head(e.name)]
            ev = gatherings[-1] if gatherings else _nearest_event(events, m.start())
            for o in orgs:
                if (
                    a <= o.start
                    and o.end <= m.start()
                    and o.top
                    and o.name != getattr(ev.organizer, "name", None)
                    and o is not ev.location
                    and _listed_before(text, o, m.start(), orgs)
                    and all(getattr(x, "name", None) != o.name for x in (*ev.performers, *ev.attendees))
                ):
                    ev.performers.append(o)


def _attendees(unit: Unit, events: list[EventHit], orgs: list[OrgHit], sentences, persons=()) -> None:
    """Bodies before 参加/出席 attend; not a body whose own head named after it speaks (县委副书记X出席并讲话).
    A body of any kind attends when it is listed before the people it sends (X、Y有关负责人一同参加)."""
    r = _res()
    text = unit.text
    for a, b in sentences:
        at = r["attend"].search(text, a, b)
        if not at:
            continue
        ev = _nearest_event(events, at.start())
        sent = _SENT_TO_ATTEND.search(text, a, at.start())
        speakers = [p for p in persons if any(x is p for x in ev.performers)]
        for o in orgs:
            if o is ev.location or any(
                text[max(0, o.start - len(mk)) : o.start] == mk for mk in _LOC_MARKERS
            ):
                continue
            if any(0 <= p.start - o.end <= 6 or _posts(text[o.end : p.start]) for p in speakers):
                continue  # 区委常委、常务副区长X出席并讲话: posts joined by 、 between the body and X
            if text.startswith(("所属", "下属", "旗下"), o.end):
                continue  # 集团所属12家单位的职工参加: the units attend, not the group
            if (
                a <= o.start
                and o.end <= at.start()
                and o.top
                and o.name != getattr(ev.organizer, "name", None)
                and (
                    o.kind in _ATTENDING_KINDS
                    or (
                        sent is not None
                        and o.end <= sent.start()
                        and _listed_before(text, o, at.start(), orgs)
                    )
                )
                and all(x.name != o.name for x in ev.attendees)
            ):
                ev.attendees.append(o)


#: 在困难职工A家中: a visit at someone's home (a few words of who they are before the name)
_AT_HOME_BEFORE = re.compile(r"在[^，。；！？在]{0,8}$")


def _visited_homes(unit: Unit, events: list[EventHit], persons) -> None:
    """在困难职工A家中，X详细询问了…: A, visited at home, takes part in the article's one visit."""
    visits = [ev for ev in events if ev.trigger.startswith(_VISIT_VERBS)]
    if len(visits) != 1:
        return
    ev, text = visits[0], unit.text
    for p in persons:
        home = text.startswith(("家中", "家里"), p.end)
        if (
            home
            and _AT_HOME_BEFORE.search(text, max(0, p.start - 9), p.start)
            and all(getattr(x, "name", None) != p.name for x in (*ev.attendees, *ev.performers))
        ):
            ev.attendees.append(p)


def _posts(gap: str) -> bool:
    """Whether ``gap`` is role words joined by 、 (常委、常务副区长, 常委、组织部部长): the posts of the
    name after it."""
    return 0 < len(gap) <= 20 and _posts_re().fullmatch(gap) is not None


@lru_cache(maxsize=1)
def _posts_re() -> re.Pattern:
    one = "(?:" + lexicons.alternation(lexicons.roles()) + ")"
    # 常委、组织部部长: a department of the body may open a later post
    return re.compile(f"{one}(?:、(?:[{lexicons.HAN}]{{1,6}}?[部办委])?{one})*")


def _nearest_event(events: list[EventHit], pos: int) -> EventHit:
    before = [e for e in events if e.start <= pos]
    return before[-1] if before else events[0]
