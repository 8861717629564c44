"""A tiny invented corpus as the pipeline's dataclasses, for the RDF, SHACL and store tests.

Two short articles from an invented city paper (names made up), a photo caption, one event reported
by both articles, facts of every predicate. The original text has line breaks the normalised page
drops, so page and original offsets differ and NIF offsets are really mapped.
"""

from __future__ import annotations

from array import array

from kg import iri
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

ORIGINAL = (
    "青禾区总工会举办\n职工技能大赛\n"
    "本报讯（记者王晓峰 通讯员赵丽）11月3日，青禾区总工会在\n河阳市体育馆举办职工技能大赛，"
    "区总工会主席陈国栋出席，120余名职工参加。\n"
    '技能大赛"圆满"落幕\n'
    "本报记者王晓峰 报道 陈国栋表示，职工技能大赛每年举办一次。\n"
    "获奖职工合影 孙明 摄\n"
)


def _page(doc: Document) -> Page:
    """Drop newlines that sit inside a line pair, keeping an origin map (like normalise does)."""
    chars, origin = [], array("q")
    for i, ch in enumerate(doc.text):
        if ch == "\n" and i in (8,):  # the headline broken over two lines
            continue
        chars.append(ch)
        origin.append(i)
    origin.append(len(doc.text))
    return Page(doc=doc, text="".join(chars), origin=origin)


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def corpus(base: str = "https://kg.example.org/") -> tuple[list[DocResult], Linked, Options]:
    doc = Document(id="qinghe-1", text=ORIGINAL, source="pages/qinghe-1.txt", date="2021-11-05")
    page = _page(doc)
    t = page.text
    a1_end = t.index('技能大赛"圆满')
    a1 = Article(
        doc_id=doc.id,
        index=0,
        span=Span(0, a1_end, t[:a1_end]),
        body=_span(t, t[t.index("11月3日") : a1_end]),
        headline=_span(t, "青禾区总工会举办职工技能大赛"),
        byline=_span(t, "本报讯（记者王晓峰 通讯员赵丽）"),
        credits=(
            Credit("王晓峰", "author", t.index("王晓峰"), t.index("王晓峰") + 3),
            Credit("赵丽", "contributor", t.index("赵丽"), t.index("赵丽") + 2),
        ),
    )
    a2_start = a1_end
    a2_end = t.index("获奖职工合影")
    w2 = t.index("王晓峰", a2_start)
    a2 = Article(
        doc_id=doc.id,
        index=1,
        span=Span(a2_start, a2_end, t[a2_start:a2_end]),
        body=_span(t, "陈国栋表示，职工技能大赛每年举办一次。", a2_start),
        headline=_span(t, '技能大赛"圆满"落幕', a2_start),
        credits=(Credit("王晓峰", "author", w2, w2 + 3),),
    )
    cap_span = _span(t, "获奖职工合影")
    sun = t.index("孙明")
    caption = Caption(
        index=0, span=cap_span, credits=(Credit("孙明", "photographer", sun, sun + 2),), article=1
    )

    def m(needle, typ, name, art, after=0, kind=None, source="rule", caption=None):
        s = t.index(needle, after)
        return Mention(
            doc.id, art, s, s + len(needle), needle, typ, name, kind=kind, source=source, caption=caption
        )

    mentions = (
        m("青禾区总工会", "Organization", "青禾区总工会", 0, kind="union"),
        m("王晓峰", "Person", "王晓峰", 0, source="byline"),
        m("赵丽", "Person", "赵丽", 0, source="byline"),
        m("11月3日", "Date", "--11-03", 0, source="date"),
        m("青禾区总工会", "Organization", "青禾区总工会", 0, after=20, kind="union"),
        m("河阳市", "Place", "河阳市", 0, kind="city", source="gazetteer"),
        m("河阳市体育馆", "Place", "河阳市体育馆", 0),
        m("职工技能大赛", "Event", "职工技能大赛", 0, after=20),
        m("区总工会", "Organization", "青禾区总工会", 0, after=60, kind="union", source="anaphora"),
        m("陈国栋", "Person", "陈国栋", 0),
        m("王晓峰", "Person", "王晓峰", 1, after=a2_start, source="byline"),
        m("陈国栋", "Person", "陈国栋", 1, after=a2_start),
        m("职工技能大赛", "Event", "职工技能大赛", 1, after=w2),
        m("孙明", "Person", "孙明", 1, after=a2_end, source="byline", caption=0),
    )
    result = DocResult(
        page=page, segmented=Segmented((a1, a2), (caption,)), extraction=Extraction(mentions, (), ())
    )

    def key(typ, name):
        return iri.entity_key(typ, name)

    def ms(name, typ):
        return tuple(x for x in mentions if x.name == name and x.type == typ)

    def ent(typ, name, kind=None, aliases=()):
        mm = ms(name, typ)
        return Entity(
            key=key(typ, name),
            type=typ,
            name=name,
            kind=kind,
            aliases=aliases,
            mentions=mm,
            articles=tuple(sorted({(x.doc_id, x.article) for x in mm})),
        )

    entities = (
        ent("Organization", "青禾区总工会", "union", aliases=("区总工会",)),
        ent("Person", "王晓峰"),
        ent("Person", "赵丽"),
        ent("Person", "陈国栋"),
        ent("Person", "孙明"),
        ent("Place", "河阳市", "city"),
        ent("Place", "青禾区", "district"),
        ent("Place", "河阳市体育馆"),
        ent("Organization", "河阳市总工会", "union"),
    )
    ev_key = key("Event", "职工技能大赛")
    event = LinkedEvent(
        key=ev_key,
        name="职工技能大赛",
        aliases=("技能大赛",),
        date=DateValue(11, 3),
        organizer=key("Organization", "青禾区总工会"),
        location=key("Place", "河阳市体育馆"),
        performers=(),
        attendees=(key("Person", "陈国栋"),),
        attendee_count=120,
        reports=((doc.id, 0), (doc.id, 1)),
        mentions=ms("职工技能大赛", "Event"),
    )
    s0 = (doc.id, 0)
    facts = (
        LinkedFact(key("Person", "陈国栋"), "headOf", key("Organization", "青禾区总工会"), None, (s0,)),
        LinkedFact(key("Person", "陈国栋"), "jobTitle", None, "主席", (s0,)),
        LinkedFact(
            key("Person", "陈国栋"), "memberOf", key("Organization", "青禾区总工会"), None, (s0, (doc.id, 1))
        ),
        LinkedFact(key("Person", "陈国栋"), "award", None, "五一劳动奖章", (s0,)),
        LinkedFact(
            key("Organization", "青禾区总工会"),
            "parentOrganization",
            key("Organization", "河阳市总工会"),
            None,
            (s0,),
        ),
        LinkedFact(key("Organization", "青禾区总工会"), "location", key("Place", "青禾区"), None, (s0,)),
        LinkedFact(key("Place", "青禾区"), "containedInPlace", key("Place", "河阳市"), None, ()),
        LinkedFact(key("Place", "河阳市体育馆"), "containedInPlace", key("Place", "河阳市"), None, (s0,)),
        # dangling references and unknown predicates are dropped, never written
        LinkedFact(key("Person", "无名氏"), "memberOf", key("Organization", "青禾区总工会"), None, (s0,)),
        LinkedFact(key("Person", "陈国栋"), "likes", key("Place", "河阳市"), None, (s0,)),
    )
    mention_entity = {
        (x.doc_id, x.start, x.end, x.type): key(x.type, x.name) for x in mentions if x.type != "Date"
    }
    linked = Linked(
        entities=entities, events=(event,), facts=facts, home_city="河阳市", mention_entity=mention_entity
    )
    return [result], linked, Options(base=base)
