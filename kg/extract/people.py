"""People of one unit: role patterns (工会主席X, 司机X, 以X为主), honours, and the facts they state.

A name is a family name from the generic list plus one or two characters; whether the third character
still belongs to the name is decided by what follows (a word of the dictionary, a verb like 说/讲解).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg import gazetteer, townships
from kg.extract import lexicons
from kg.extract.entities import OrgHit, _refers
from kg.extract.text import Unit, tokenizer

#: characters that end a two-character name when they follow it (刘明说, 韦东讲解)
_ENDERS = frozenset(
    "说在是和与及等的对为被把从向到也都就又还们讲带表介指认称告参获荣笑感坚道同一将已曾先主现担负率给让"
)
#: enders that are also common given-name characters (永先, 志同, 国主 ...): a third character when a
#: verb that typically follows a name comes right after them
_NAME_ENDERS = frozenset("先同一现主曾荣道坚表")
_VERB_AFTER = re.compile(
    "带领|带队|率领|率队|说|表示|介绍|指出|主持|讲话|强调|告诉|认为|获得|荣获|部署|出席|参加|陪同|致辞|当选|代表"
    "|授课|讲课|讲解|宣布|到会|到场|莅临|结合|讲述|分享|寄语|颁奖|揭牌|现场"
)

#: tags that may not stand between an organisation and a role (verbs, prepositions, particles ...)
_GAP_STOP = frozenset({"v", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r", "t", "f", "y"})


@dataclass
class PersonHit:
    start: int
    end: int
    name: str
    source: str = "role"


@dataclass
class Fact:
    subject: str  # person name
    predicate: str  # jobTitle | memberOf | worksFor | headOf | award
    org: OrgHit | None = None
    value: str | None = None
    start: int = 0
    end: int = 0


@dataclass
class People:
    persons: list[PersonHit] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def name_at(text: str, i: int) -> str | None:
    """The person name starting at ``i`` (family name + 1-2 characters), or None; none right before the
    noun of a gathering (职工那达慕大会: the festival's name, not a person's)."""
    name = _name_at(text, i)
    if name is not None and text.startswith(_GATHERINGS, i + len(name)):
        return None
    return name


#: what follows the name of a festival or a games, never a person's name
_GATHERINGS = ("大会", "比赛", "运动会", "联赛", "晚会", "活动")


def _name_at(text: str, i: int) -> str | None:
    single, compound = lexicons.surnames()
    if (unsurnamed := _name_of_words_at(text, i)) is not None:
        return unsurnamed
    if text[i : i + 2] in compound:
        sl = 2
    elif i < len(text) and text[i] in single:
        sl = 1
    else:
        return None
    han = re.compile(f"[{lexicons.HAN}]")
    if not all(i + k < len(text) and han.match(text[i + k]) for k in range(sl + 1)):
        return None
    tok, tags = tokenizer()
    tok.ensure(text[i : i + 6])  # the words looked up below start in this window
    two = text[i : i + sl + 1]
    k = i + sl + 1
    place_word = (
        tags.get(two, "n") == "ns"
        and k < len(text)
        and han.match(text[k])
        and text[k] not in _ENDERS
        and (
            k + 1 >= len(text)
            or text[k + 1] in _ENDERS
            or not han.match(text[k + 1])
            or _VERB_AFTER.match(text, k + 1)
        )
    )
    if tok.FREQ.get(two, 0) >= 300 and tags.get(two, "n")[:2] != "nr" and not place_word:
        return None  # 全部, 全体: a word, not a name (黄海燕: a place's name, then a given name's end)
    if tok.FREQ.get(two, 0) >= 100 and tags.get(two) == "v":
        return None  # 劳模宣讲团, 职工宣讲劳模精神: a verb after a role word, not a name
    first = next(iter(tok.cut_loaded(text[i : i + 6], HMM=False)), "")
    if len(first) > sl + 1 and tok.FREQ.get(first, 0) >= 5 and tags.get(first, "n")[:2] != "nr":
        return None  # 齐心协力, 都知道: the name would start a longer word
    k = i + sl + 1
    if (
        k < len(text)
        and (text[k] in _NAME_ENDERS or (sl == 2 and text[k] in _ENDERS))
        and (_VERB_AFTER.match(text, k + 1) or text[k + 1 : k + 2] in ("、", "，"))
    ):
        # 罗永先带领, 满桂荣、: a name character that could end it, then a verb or the list goes on
        # (沙马伍各获得: the given name after a Yi clan name)
        return text[i : k + 1]
    if k >= len(text) or not han.match(text[k]):
        if tok.FREQ.get(two, 0) >= 50 and tags.get(two, "n") in ("v", "vn"):
            return None  # 职工宣讲《…》: a verb before a title or a stop, not a name
        return two
    if text[k] in _ENDERS:
        return two
    if (
        sl == 1
        and text[i + 1] == "尕"
        and k + 1 < len(text)
        and han.match(text[k + 1])
        and (k + 2 >= len(text) or not han.match(text[k + 2]) or _VERB_AFTER.match(text, k + 2))
    ):
        return text[i : k + 2]  # 马尕西木授课: a north-western name of three given characters after 尕
    if _VERB_AFTER.match(text, k + 1) and not _VERB_AFTER.match(text, k):
        return text[i : k + 1]  # 仇立本部署: a third character, then a verb that follows names (本部 no word)
    nxt = text[k : k + 2]
    if len(nxt) == 2 and tok.FREQ.get(nxt, 0) >= 20 and not (k + 1 < len(text) and text[k + 1] in _ENDERS):
        return two
    after = next(iter(tok.cut(text[k : k + 6], HMM=False)), "")
    if len(after) >= 3 and tok.FREQ.get(after, 0) >= 5 and tags.get(after, "n")[:2] != "nr":
        return two  # 张某榜上有名: the next character opens an idiom or a longer word, not the name
    return text[i : k + 1]


def _name_of_words_at(text: str, i: int) -> str | None:
    """次仁多吉, 旦增, 乌兰图雅, 其其格: one or two words of names without a family name (Tibetan,
    Mongolian) at ``i``, then no further Han character that would make it part of a longer word (or a
    verb that follows names)."""
    words = lexicons.name_words()
    k = i
    for _ in range(2):
        w = next((text[k : k + n] for n in (3, 2) if text[k : k + n] in words), None)
        if w is None:
            break
        k += len(w)
    if k == i:
        return None
    end_ok = (
        k >= len(text)
        or not "\u4e00" <= text[k] <= "\u9fff"
        or text[k] in "为在和与及等向对给被把将从同也还"  # 乌兰图雅为选手颁奖: a preposition after the name
        or _VERB_AFTER.match(text, k) is not None
    )
    return text[i:k] if end_ok else None


#: a transliterated name after a role (艾尔肯·吐尔逊, 努尔兰·哈力别克): parts joined by ·, ending before
#: punctuation or a word that follows names
_DOTTED_NAME = re.compile(
    rf"[{lexicons.HAN}]{{1,6}}(?:·[{lexicons.HAN}]{{1,8}}?)+"
    r"(?=[，。、；：！？\s（）()]|带队|带领|率队|出席|参加|主持|讲话|致辞|说|表示|介绍|指出|强调|为|在|和|与|等|同志"
    r"|获得|荣获|陪同|作|家中|家里|家|的|鸣枪|宣布|发令|揭牌|颁奖|代表|当选|$)"
)


_HAN1 = re.compile(f"[{lexicons.HAN}]")
#: what may stand right before such a name read with no role before it: a particle or a mark
_DOTTED_BEFORE = frozenset("的、，。；：（(和与及")
#: a name joined by · that is a housing estate's or a venue's (万科·城市花园): no person's
_PROPERTY_END = re.compile("(?:花园|小区|广场|公馆|家园|新城|名城|华府|豪庭|苑|府|湾|城|中心|大厦|酒店)$")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    sn = lexicons.surname_re()
    han = lexicons.HAN
    return {
        "lead": re.compile(rf"以({sn}[{han}]{{1,2}}?)为(?:主|首|代表|组长|带头人)"),
        "studio": re.compile(rf"({sn}[{han}]{{1,2}}?)(?:劳模|技能大师|大师|名师|职工)?(?:创新)?工作室"),
        "is_a": re.compile(
            rf"(?:^|(?<=[。，；！？\s]))({sn}[{han}]{{1,2}}?)是[^。，；]{{0,24}}?的"
            rf"(?:一(?:名|位)|[{han}]{{0,4}}[工师员手](?=[，。；]))"
        ),
        "award": re.compile(
            r"(?:被|荣)(?:评为|授予|命名为|评选为)([^，。；]{2,40}?)(?:等)?(?:荣誉称号|光荣称号|称号)?(?=[，。；]|$)"
        ),
        "title": re.compile(
            r"(?:获得|荣获|获评|获)(?:了)?([^，。；]{2,40}?)(?:等)?(?:荣誉称号|光荣称号|称号)"
        ),
        "prize": re.compile(
            r"(?:获得|荣获|获)(?:了)?(?!奖)([^，。；、]{2,26}?奖(?:章|状|杯|牌)?)(?![金品项励])"
        ),
    }


#: what follows 方 when it means a side (职工方签字, 企业方和职工方), not a family name
_SIDE_AFTER = frozenset("和与及、签的代共一面")


def _he_name(text: str, i: int) -> str | None:
    """A three-character name of the family name 和 right after a post: two given-name characters, then
    a verb that follows names or a stop (和建明主持, 和丽华说); not 和 joining two bodies or posts."""
    name = text[i : i + 3]
    if len(name) < 3 or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return None
    rest = text[i + 3 :]
    if not (
        _VERB_AFTER.match(rest) or rest[:1] in ("，", "。", "、", "；", "（", "") or rest.startswith("主持")
    ):
        return None
    if lexicons.role_re().match(name, 1) or name_at(text, i + 1) is not None:
        return None  # 和副主席, 和王小明: the conjunction before a post or a name
    return name


def find_people(unit: Unit, orgs: list[OrgHit], history: list[OrgHit]) -> People:
    """Role patterns and honours; ``history`` holds the article's organisations before this unit."""
    text = unit.text
    out = People()
    roles = lexicons.roles()
    org_by_end: dict[int, OrgHit] = {}
    for o in orgs:
        if o.top or o.end not in org_by_end:
            org_by_end[o.end] = o
    taken: set[int] = set()

    def add(s: int, name: str, source: str) -> PersonHit:
        hit = PersonHit(s, s + len(name), name, source)
        if s not in taken:
            out.persons.append(hit)
            taken.add(s)
        return hit

    for m in lexicons.role_re().finditer(text):
        rs, re_, role = m.start(), m.end(), m.group()
        if role.endswith("工") and text.startswith("人", re_):
            re_ += 1  # 装卸工人A: the trade's worker (工人), then the name
        if text.startswith("方", re_) and text[re_ + 1 : re_ + 2] in _SIDE_AFTER:
            continue  # 企业方和职工方签字: the workers' side, no one named 方
        dotted = _DOTTED_NAME.match(text, re_)
        name = dotted.group() if dotted else name_at(text, re_)
        if name is None and text.startswith("和", re_):
            name = _he_name(text, re_)  # 工会主席和建明主持: the family name 和 (a conjunction elsewhere)
        if name is None:
            continue
        if any(o.start <= re_ < o.end for o in orgs):
            continue
        if name[-1] in "区县市镇乡" and gazetteer.load().lookup(text[re_ - 1 : re_ + len(name)]) is not None:
            continue  # 石家庄市长安区: 市长 straddles a city and its district (长安区), no one named 安区
        p = add(re_, name, "role")
        # 党组书记、常务副主席X: roles joined by 、 all belong to the organisation before the first
        chain = [(rs, role)]
        while len(chain) < 4:
            prev = (
                _role_ending(text, chain[0][0] - 1, roles)
                if text[chain[0][0] - 1 : chain[0][0]] == "、"
                else None
            )
            if prev is None:
                break
            chain.insert(0, prev)
        org = _org_before(unit, chain[0][0], org_by_end)
        if org is None:
            org = _bare_union(unit, chain[0][0], roles, org_by_end, orgs, history)
            lead = text[max(0, chain[0][0] - 12) : chain[0][0]]
            if org is not None and org.parent is not None and "党" not in lead.rsplit("。", 1)[-1]:
                # 公司副总经理、工会主席X: the post before the union's is the company's; X is its staff
                # (公司党委副书记、工会主席X: a post of the party committee's, left to it)
                out.facts.append(Fact(name, "memberOf", org.parent, start=org.start, end=p.end))
        if org is None:
            org = _bare_office(unit, chain[0][0], roles, org_by_end)
        if org is None:
            org = _bare_body(unit, chain[0][0], orgs, history)
        if org is None:
            org = _town_committee(text, chain[0][0], chain[0][1])
        if org is None and chain[0][0] > 0 and text[chain[0][0] - 1] == "，":
            org = _same_body_before(text, chain[0][0], out.facts)
        dept_of = None
        if org is None and (dept_of := _body_before_department(unit, chain[0][0], org_by_end)) is not None:
            # X总工会经审办主任Y, X公司办公室主任Y: the post is in an office of X; Y is a member of X
            out.facts.append(Fact(name, "memberOf", dept_of, start=dept_of.start, end=p.end))
        for crs, crole in chain:
            _role_facts(text, out, name, crs, crole, org, p, orgs, history)
        top = org.parent if org is not None and org.kind in ("department", "school") else None
        if (
            top is not None
            and top.kind != "union"
            and any(f.subject == name and f.predicate == "memberOf" and f.org is org for f in out.facts)
        ):
            # X大学法学院教授A: a member of the college, and of the university it is part of
            out.facts.append(Fact(name, "memberOf", top, start=top.start, end=p.end))
        if org is None and dept_of is None and (top := _department_after_post(unit, rs, roles, org_by_end)):
            out.facts.append(Fact(name, "memberOf", top, start=top.start, end=p.end))
        # 区委常委、区总工会主席X: a post in another body before the enumeration comma (up to three)
        start = org.start if org is not None else rs
        for _ in range(3):
            prev = _role_ending(text, start - 1, roles) if start > 1 and text[start - 1] == "、" else None
            org2 = _org_before(unit, prev[0], org_by_end) if prev is not None else None
            if prev is None or org2 is None:
                break
            _role_facts(text, out, name, prev[0], prev[1], org2, p, orgs, history)
            start = org2.start
        # 国家二级心理咨询师、市律师协会理事X: a further title before the enumeration comma
        if start > 1 and text[start - 1] == "、":
            from kg.extract.entities import body_start

            ts = body_start(unit, start - 1, limit=10)
            title = text[ts : start - 1]
            if ts < start - 2 and re.search("[师员家长]$", title):
                out.facts.append(Fact(name, "jobTitle", value=title, start=ts, end=p.end))
    pats = _patterns()
    for m in pats["lead"].finditer(text):
        name = m.group(1)
        p = add(m.start(1), name, "role")
        company = _company_before(m.start(), orgs, history)
        if company is not None:
            out.facts.append(Fact(name, "memberOf", company, start=m.start(), end=p.end))
    # X公司的阿不都拉·热合曼获得: a name whose parts a · joins is a person's wherever it stands
    org_ends = {o.end for o in orgs}
    roles = lexicons.role_re()
    for dot in re.finditer("·", text):
        d = dot.start()
        if any(d - 6 <= t < d for t in taken):
            continue  # read already (after a role: 副主席A·B)
        # the name's first part: the longest run of 2-6 characters after a mark, a particle or a body
        m = None
        for s0 in range(max(0, d - 6), d - 1):
            if not all(_HAN1.match(c) and c not in _DOTTED_BEFORE for c in text[s0:d]):
                continue
            if (s0 == 0 or text[s0 - 1] in _DOTTED_BEFORE or s0 in org_ends) and not roles.match(text, s0):
                m = _DOTTED_NAME.match(text, s0)
                if m is not None:
                    break
        if m is None or text[m.end() : m.end() + 1] in ("", "\n"):
            continue  # 第4版　城市·民生: a page's column at a line's end, no person
        s0 = m.start()
        opened = max(text.rfind("\n", 0, s0), 0)
        if text.count("“", opened, s0) > text.count("”", opened, s0):
            continue  # “情定林邑·爱在…”: a title in quotes
        if any(o.start <= s0 < o.end for o in orgs) or _PROPERTY_END.search(m.group()):
            continue
        add(s0, m.group(), "dotted")
    # 一等奖：A（X公司）；B（Y医院）: a name right before a body in brackets is of that body
    for o in orgs:
        if not o.top or o.start < 3 or text[o.start - 1] != "（" or not text.startswith("）", o.end):
            continue
        b = o.start - 1
        name = next(
            (text[b - k : b] for k in (3, 2, 4) if b - k >= 0 and name_at(text, b - k) == text[b - k : b]),
            None,
        )
        if name is None or (
            b - len(name) > 0
            and _HAN1.match(text[b - len(name) - 1])
            and text[b - len(name) - 1] not in "和与及"
        ):
            continue  # 工会主席A（X公司）is read with the post; 张三李四（X）: no name boundary
        p = add(b - len(name), name, "role")
        if all(not (f.subject == p.name and f.org is o) for f in out.facts):
            out.facts.append(Fact(p.name, "memberOf", o, start=p.start, end=o.end + 1))
    for m in pats["studio"].finditer(text):
        s = m.start(1)
        if unit.is_boundary(s) and name_at(text, s) == m.group(1):
            add(s, m.group(1), "role")
    for m in pats["is_a"].finditer(text):
        if name_at(text, m.start(1)) == m.group(1):
            p = add(m.start(1), m.group(1), "role")
            # A是X公司的一名高级技师: one of the staff of the body named between 是 and 的
            at = next((o for o in orgs if o.start == m.end(1) + 1 and text[o.end : o.end + 1] == "的"), None)
            if at is not None:
                out.facts.append(Fact(p.name, "memberOf", at, start=p.start, end=at.end))
    # every further occurrence of a found name in the unit
    for name in sorted({p.name for p in out.persons}):
        for pos in _occurrences(text, name):
            if pos not in taken and not any(o.start <= pos < o.end for o in orgs):
                # 许志 (cut before 强调试) then 许志强说: the fuller reading is kept, linking merges
                longer = name_at(text, pos) if len(name) == 2 else None
                full = longer if longer and len(longer) == 3 and longer.startswith(name) else name
                add(pos, full, "repeat")
    _roster(text, out, orgs, history, add)
    _trade_posts(text, out, orgs, add)
    _next_winners(text, out, add)
    for m in _ELECTED_RE.finditer(text):
        _elected(unit, out, m, orgs, history, add)
    _works_at(text, out, orgs)
    # a "name" the unit also prints before 大会/比赛 (职工那达慕 … 那达慕大会) names the gathering
    events_named = {p.name for p in out.persons if any(p.name + g in text for g in _GATHERINGS)}
    if events_named:
        out.persons = [p for p in out.persons if p.name not in events_named]
        out.facts = [f for f in out.facts if f.subject not in events_named]
    out.persons.sort(key=lambda p: p.start)
    _awards(unit, out)
    return out


def _occurrences(text: str, word: str):
    """Where ``re.finditer(re.escape(word), text)`` matches (left to right, not overlapping), found with
    ``str.find``: a pattern per name cost a compile per document."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + (len(word) or 1))


#: 当选(为)联合会首任主席: the body elected to and the post, a few words (首任, 新一届) apart
#: a line of a list of people: the name at the line's start, (女) or a space, then the body and the post
_ROSTER_START = re.compile(r"(?m)^[ \u3000]*(?=\S)")
_ROSTER_GAP = re.compile(r"[（(][男女][）)][ \u3000]*|[ \u3000]+")


#: a trade's post right after a body, not in the roles lexicon (漆艺师, 钳工, 质检员): 1-3 characters and
#: 师/员/工, then a name that ends at a list comma, a stop or a bracket
_TRADE_POST = re.compile(f"[{lexicons.HAN}]{{1,3}}?(?:师|员|工)")


def _trade_posts(text: str, out: People, orgs: list[OrgHit], add) -> None:
    """江苏X漆器厂漆艺师A、: the body's craftsman, named after a trade post the lexicon does not list."""
    roles = lexicons.roles()
    for o in orgs:
        m = _TRADE_POST.match(text, o.end)
        if not o.top or m is None or m.group() in roles or "会" in m.group():
            continue
        if any(p.start == m.end() for p in out.persons):
            continue
        name = name_at(text, m.end())
        after = m.end() + len(name) if name else 0
        if name is None or not (
            text[after : after + 1] in ("、", "，", "。", "（", "等") or _VERB_AFTER.match(text, after)
        ):
            continue
        add(m.end(), name, "role")
        out.facts.append(Fact(name, "jobTitle", value=m.group(), start=m.start(), end=m.end() + len(name)))
        out.facts.append(Fact(name, "memberOf", o, start=o.start, end=m.end() + len(name)))


#: a clause that opens with a winner's name: a comma, the name, a verb of winning
_WIN_CLAUSE = re.compile(r"[，；](?=[^，。；！？\n]{2,4}(?:获得|荣获|夺得|摘得|获))")
_WON = re.compile(r"(?:获得|荣获|夺得|摘得|获)")
#: a win with its prize (获得二等奖, 夺得冠军): who stands right before it won
_WON_AFTER_OF = re.compile(r"(?:获得|荣获|夺得|摘得)了?[^，。；！？、]{0,12}?" + lexicons.PRIZES)


def _next_winners(text: str, out: People, add) -> None:
    """A获得一等奖，B获得二等奖: after a person's win, a clause that opens with a name and the same verb
    names the next winner (no post before B to find the name by)."""
    found = {p.start for p in out.persons}
    for m in _WIN_CLAUSE.finditer(text):
        i = m.end()
        name = name_at(text, i)
        if name is None or i in found or not _WON.match(text, i + len(name)):
            continue
        ss = max(text.rfind("。", 0, i), text.rfind("\n", 0, i)) + 1
        if any(ss <= p.start and _WON.match(text, p.end) for p in out.persons if p.end <= m.start()):
            add(i, name, "role")
    # X县的A获得二等奖: a winner named after where (or whom) they come from
    for m in _WON_AFTER_OF.finditer(text):
        for k in (3, 2, 4):
            i = m.start() - k
            if i > 0 and text[i - 1] == "的" and i not in found and name_at(text, i) == text[i : m.start()]:
                add(i, text[i : m.start()], "role")
                break


def _roster(text: str, out: People, orgs: list[OrgHit], history: list[OrgHit], add) -> None:
    """拟表彰对象： / 张三 X公司装配工 / 李四（女） Y医院主治医师: each item names a person, the body
    they work for and their post, with nothing else on the line (a public notice's list of names)."""
    roles = lexicons.roles()
    for m in _ROSTER_START.finditer(text):
        s = m.end()
        name = name_at(text, s)
        gap = _ROSTER_GAP.match(text, s + len(name)) if name else None
        if name is None or gap is None:
            continue
        org = max((o for o in orgs if o.start == gap.end()), key=lambda o: o.end, default=None)
        end = text.find("\n", s)
        end = len(text) if end < 0 else end
        post = text[org.end : end].rstrip() if org is not None else ""
        if org is None or post not in roles:
            continue
        p = add(s, name, "role")
        _role_facts(text, out, name, org.end, post, org, p, orgs, history)


_ELECTED_RE = re.compile(
    r"(?:当选|被(?:选举|推选|选)为)(?:为)?(?:新一届|首届|第[一二三四五六七八九十\d]+届)?"
)


#: 在X公司工作了5年, 在X厂上班: the body a person works at (what stands between 在 and the name)
_WORK_VERB = re.compile(r"(?:工作|上班|任职|就职|务工|打工|从事)")
_WORK_LEAD = re.compile(r"(?:已|曾|一直|先后|长期|常年)?在$")


def _works_at(text: str, out: People, orgs: list[OrgHit]) -> None:
    """A在X公司工作: A is staff of X (a company, bank, hospital or school named right after 在)."""
    ends = {p.end: p for p in out.persons}
    for o in orgs:
        if (
            not o.top
            or o.kind not in ("company", "bank", "hospital", "school")
            or not _WORK_VERB.match(text, o.end)
        ):
            continue
        lead = _WORK_LEAD.search(text, max(0, o.start - 5), o.start)
        p = ends.get(lead.start()) if lead is not None else None
        if p is not None and all(not (f.subject == p.name and f.org is o) for f in out.facts):
            out.facts.append(Fact(p.name, "memberOf", o, start=p.start, end=o.end))


#: kinds of body whose name right before a person's (X公司的A, X医院A) makes the person its staff
STAFF_KINDS = frozenset({"company", "bank", "hospital", "school"})


def staff_named_after(text: str, out: People, orgs: list[OrgHit]) -> None:
    """X公司的A获得一等奖, 来自X医院A: a person named right after a company (bank, hospital, school),
    with no post between (or 的), is one of its staff. Run once the model's persons are in too."""
    at = persons_by_start(out.persons)
    for o in orgs:
        if not o.top or o.kind not in STAFF_KINDS:
            continue
        p = person_after(text, o.end, at)
        if p is not None and all(not (f.subject == p.name and f.org is o) for f in out.facts):
            out.facts.append(Fact(p.name, "memberOf", o, start=o.start, end=p.end))


def persons_by_start(persons: list[PersonHit]) -> dict[int, PersonHit]:
    """The persons named in the text (not in a byline), by where they start."""
    return {p.start: p for p in persons if p.source != "byline"}


def person_after(text: str, end: int, at: dict[int, PersonHit]) -> PersonHit | None:
    """The person named right after ``end`` (after a 的 too): X公司的A, X医院A."""
    return at.get(end + 1 if text.startswith("的", end) else end)


def _elected(unit: Unit, out: People, m: re.Match, orgs: list[OrgHit], history, add) -> None:
    """X当选联合会首任主席 / X当选为…主席: X holds that post in the body named right after 当选.

    X is the name ending right before 当选 (read without what follows, so that 当 stays out of it),
    found or not by a role pattern before; the post is a role word at most four characters after the
    body.
    """
    text = unit.text
    roles = lexicons.roles()
    org = next((o for o in orgs if o.top and 0 <= o.start - m.end() <= 2), None)
    if org is None:
        # X工会联合会成立，选举产生了第一届委员会，A当选主席: the post of the body the sentence founded
        rm = lexicons.role_re().match(text, m.end())
        ss = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        org = next((o for o in orgs if o.top and o.kind == "union" and ss <= o.start < m.start()), None)
        if rm is None or rm.group() not in roles or org is None:
            return
    else:
        rm = lexicons.role_re().search(text, org.end, org.end + 8)
        if rm is None or rm.start() - org.end > 4 or rm.group() not in roles:
            return
        if re.search("[，。；！？、]", text[org.end : rm.start()]):
            return
    # A、B当选为副主席: each of the names listed right before 当选 holds the post
    pos = m.start()
    while (i := _name_ending_at(unit, pos)) is not None:
        name = text[i:pos]
        p = add(i, name, "role")
        _role_facts(text, out, name, rm.start(), rm.group(), org, p, orgs, history)
        if i < 1 or text[i - 1] not in "、和":
            break
        pos = i - 1


def _name_ending_at(unit: Unit, pos: int) -> int | None:
    """Where a person's name (two to four characters, at a word boundary) ending at ``pos`` starts."""
    text = unit.text
    for k in (4, 3, 2):
        i = pos - k
        if (
            i >= 0
            and unit.is_boundary(i)
            and text[i:pos] in (name_at(text[:pos], i), name_at(text, i))  # 黎志坚当选: 坚 may end it
        ):
            return i
    return None


_DEPT_AFTER_COMMA = re.compile(f"、([{lexicons.HAN}]{{2,10}}部)$")


def _department_after_post(unit: Unit, rs: int, roles: dict[str, str], org_by_end) -> OrgHit | None:
    """X总工会副主席、劳动和经济工作部部长Y: the body of the post before the 、 is the body the department
    after it belongs to (Y is a member of it), or None."""
    text = unit.text
    m = _DEPT_AFTER_COMMA.search(text, max(0, rs - 12), rs)
    if m is None:
        return None
    prev = _role_ending(text, m.start(), roles)
    return _org_before(unit, prev[0], org_by_end) if prev is not None else None


#: the offices and departments a body names after its own name (经审办, 办公室, 财务科, 宣传部), and
#: a school's programme (X学院烹饪专业教师A)
_DEPARTMENT_RE = re.compile(f"[{lexicons.HAN}]{{1,5}}?(?:办公室|办|部|科|室|处|中心|专业)")


def _body_before_department(unit: Unit, rs: int, org_by_end) -> OrgHit | None:
    """The body right before an office the rules did not read (X总工会经审办 + 主任): the office is
    a short run of characters ending like a department, with no role, verb-phrase mark or number."""
    text = unit.text
    for k in range(2, 7):
        a = rs - k
        if a < 1 or a not in org_by_end:
            continue
        m = _DEPARTMENT_RE.fullmatch(text, a, rs)
        if m is None or re.search(f"[^{lexicons.HAN}]|[的了和与及在是为]", m.group()):
            continue
        if lexicons.role_re().search(m.group()):
            continue
        return org_by_end[a]
    return None


#: what names a company's own bodies before a post: 公司党委, 集团公司党委, 党委, 公司
_COMPANY_BODY_RE = re.compile(r"(?:集团公司|集团|公司|厂|医院|学校)?(?:党委|党总支|党支部|行政)?$")


def _bare_union(unit: Unit, rs: int, roles, org_by_end, orgs, history) -> OrgHit | None:
    """公司党委副书记、工会主席X: a bare 工会 after another post in the same body is that body's union
    (the one the article named, else the company's union under the company's name)."""
    text = unit.text
    found = _post_before_bare(unit, rs, "工会", roles, org_by_end)
    if found is None:
        return None
    us, prev, body = found
    company: OrgHit | None = None
    if body is not None:
        company = body if body.kind == "company" else body.parent
    else:
        m = _COMPANY_BODY_RE.search(text, max(0, prev[0] - 6), prev[0])
        if m is not None and m.group():
            company = _company_before(prev[0], orgs, history)
    if company is None or company.kind != "company":
        return None
    known = [o for o in history + orgs if o.kind == "union" and o.parent is not None and o.start < rs]
    union = next((o for o in reversed(known) if o.parent.name == company.name), None)
    if union is not None:
        return union
    return OrgHit(us, rs, company.name + "工会", "union", company.scope, "anaphora", company, company.place)


#: the bare body nouns a post may follow to mean the body the article named (医院院长, 公司经理)
_BARE_BODY_RE = re.compile(r"(?:^|(?<=[，、。；：！？\s]))(?:集团公司|公司|医院|学校|学院|银行|合作社|工坊)$")
#: the kinds a bare noun can name besides a name ending in it (学校: 第一中学 too)
_BARE_BODY_KINDS = {"医院": "hospital", "学校": "school", "学院": "school"}


def _bare_body(unit: Unit, rs: int, orgs: list[OrgHit], history: list[OrgHit]) -> OrgHit | None:
    """区总工会主席A、医院院长B: a bare 医院 (公司, 学校) right before a post, opening the item of a
    list or a clause, is the body of that kind the article named last before it, as 该院 is."""
    m = _BARE_BODY_RE.search(unit.text, max(0, rs - 5), rs)
    if m is None:
        return None
    noun, ns = m.group(), m.start()
    kind = _BARE_BODY_KINDS.get(noun)
    cands = [
        o
        for o in history + orgs
        if o.end <= ns
        and o.source != "anaphora"
        and (_refers(noun, o) or (kind is not None and o.kind == kind))
    ]
    # a whole body, not a unit of it; a group's company (X集团Y公司) is a company as a whole
    cands = [o for o in cands if o.parent is None or (noun == "公司" and o.name.endswith("公司"))] or cands
    if noun == "公司":  # the company itself, not the group above it
        cands = [o for o in cands if o.name.endswith("公司")] or cands
    if not cands:
        return None
    ante = max(cands, key=lambda o: (o.start, o.end))
    return OrgHit(ns, rs, ante.name, ante.kind, ante.scope, "anaphora", place=ante.place)


#: a street's or township's party committee before a post (X街道党工委副书记、办事处主任)
_TOWN_COMMITTEE_RE = re.compile(f"([{lexicons.HAN}]{{1,6}}?街道)(?:党工委|党委)$")


def _town_committee(text: str, rs: int, role: str) -> OrgHit | None:
    """南留庄镇党委书记A: a township's party committee (a listed township right before 党委/党工委 of the
    post) is the body the post is in."""
    if not role.startswith(("党委", "党工委")):
        return None
    for k in range(6, 2, -1):
        name = text[max(0, rs - k) : rs]
        if len(name) == k and name.endswith(("镇", "乡", "街道")) and townships.load().counties_of(name):
            body = "党工委" if role.startswith("党工委") else "党委"
            return OrgHit(rs - k, rs + len(body), name + body, "government", source="anaphora")
    return None


def _bare_office(unit: Unit, rs: int, roles, org_by_end) -> OrgHit | None:
    """X街道党工委副书记、办事处主任Y: a bare 办事处 after a post in a street's party committee is that
    street's office (X街道办事处), which the post after it heads or belongs to."""
    text = unit.text
    found = _post_before_bare(unit, rs, "办事处", roles, org_by_end)
    if found is None:
        return None
    us, prev, body = found
    if body is not None:
        m = _TOWN_COMMITTEE_RE.search(body.name)
        street = m.group(1) if m else None
        if street is not None and body.name.endswith(m.group()):
            street = body.name[: len(body.name) - len(m.group())] + street
    else:
        m = _TOWN_COMMITTEE_RE.search(text, max(0, prev[0] - 12), prev[0])
        street = m.group(1) if m else None
    if not street or not unit.is_boundary(us):
        return None
    scope = body.scope if body is not None else None
    place = body.place if body is not None else None
    return OrgHit(us, rs, street + "办事处", "government", scope, "anaphora", None, place)


def _post_before_bare(unit: Unit, rs: int, bare: str, roles, org_by_end):
    """``(start of bare, (start, word) of the post before it, the body named before that post or None)``
    when ``bare`` (工会, 办事处) ends at ``rs`` right after another post and 、 (党委副书记、工会主席);
    else None."""
    text = unit.text
    us = rs - len(bare)
    if us < 2 or text[us:rs] != bare or text[us - 1] != "、":
        return None
    prev = _role_ending(text, us - 1, roles)
    if prev is None:
        # X公司总经理A、工会主席B: the post before the person listed first is the body's
        for k in (2, 3, 4):
            ns = us - 1 - k
            if ns > 1 and name_at(text, ns) == text[ns : us - 1]:
                prev = _role_ending(text, ns, roles)
                if prev is not None:
                    break
    if prev is None:
        return None
    return us, prev, _org_before(unit, prev[0], org_by_end)


def _same_body_before(text: str, rs: int, facts: list[Fact]) -> OrgHit | None:
    """市总工会主席A出席并讲话，副主席B主持会议: a post named with no body, opening a clause of a
    sentence whose earlier person holds a post of a union or government body, is a post of that body."""
    ss = max(text.rfind("。", 0, rs), text.rfind("\n", 0, rs)) + 1
    prior = [
        f
        for f in facts
        if f.predicate in ("memberOf", "headOf") and f.org is not None and ss <= f.start and f.end <= rs
    ]
    if not prior or prior[-1].org.kind not in ("union", "government"):
        return None
    return prior[-1].org


def _role_ending(text: str, end: int, roles: dict[str, str]) -> tuple[int, str] | None:
    """The longest role word ending at ``end`` (党组书记 before 、常务副主席), or None."""
    for k in range(min(6, end), 1, -1):
        if text[end - k : end] in roles:
            return end - k, text[end - k : end]
    return None


def _role_facts(text, out: People, name: str, rs: int, role: str, org, p, orgs, history) -> None:
    """Job title and the relation one role word states between a person and the body before it."""
    flag = lexicons.roles().get(role, "M")
    if flag == "h":  # X公司经理Y heads it; X公司项目经理Y is a member
        flag = "H" if org is not None and org.end == rs else "M"
    if flag == "H" and rs > 0 and text[rs - 1] == "副":  # 副县长: a deputy, not the head
        flag = "M"
    if flag == "H" and org is not None and org.end < rs and _SUBUNITS.fullmatch(text, org.end, rs):
        flag = "M"  # X厂采油二矿中四队队长: the head of a team of the works, one of its staff
    out.facts.append(Fact(name, "jobTitle", value=_title(text, rs, role, org), start=rs, end=p.end))
    if flag == "A":
        hs = _honour_start(text, rs)
        out.facts.append(Fact(name, "award", value=text[hs : rs + len(role)], start=hs, end=p.end))
    elif org is not None and flag == "H":
        out.facts.append(Fact(name, "headOf", org, start=org.start, end=p.end))
        par = org.parent
        if org.kind == "department" and par is not None:
            # 所带电作业班班长: the head of a team is a member of the unit the team belongs to
            # (X总工会民主管理部部长: of the body the department belongs to)
            out.facts.append(Fact(name, "memberOf", par, start=org.start, end=p.end))
    elif org is not None and flag in ("M", "W"):
        out.facts.append(Fact(name, "memberOf", org, start=org.start, end=p.end))
        par = org.parent
        works = org.kind == "company" and par is not None and par.kind == "company"  # X公司炼油厂: staff of X
        if (org.kind == "department" or works) and par is not None and par.kind != "department":
            # X总工会劳动和经济工作部副部长: a member of the department and of its body
            out.facts.append(Fact(name, "memberOf", par, start=org.start, end=p.end))
    elif flag == "W":
        company = _company_before(rs, orgs, history)
        if company is not None:
            out.facts.append(Fact(name, "worksFor", company, start=rs, end=p.end))


def _title(text: str, rs: int, role: str, org: OrgHit | None) -> str:
    return role


#: the units of a company between its name and a post: a mine, works or workshop, then a team
_SUBUNITS = re.compile(
    f"(?:[{lexicons.HAN}]{{1,4}}?(?:煤矿|矿|井|分厂|车间|工区|作业区))?(?:[{lexicons.HAN}]{{1,4}}?(?:队|班组|班|工段))?"
)
_SUBUNITS_MAX = 12


def _org_before(unit: Unit, rs: int, org_by_end: dict[int, OrgHit]) -> OrgHit | None:
    """The organisation named right before a role, allowing a short unit in between (5路车)."""
    if rs in org_by_end:
        return org_by_end[rs]
    # X公司火铺矿综采队班组长: the body's mine, works or workshop and its team, unnamed as bodies
    for p in range(max(0, rs - _SUBUNITS_MAX), rs - 1):
        if p in org_by_end and _SUBUNITS.fullmatch(unit.text, p, rs):
            return org_by_end[p]
    k = unit.token_at(rs - 1) if rs > 0 else None
    gap = 0
    while k is not None and k >= 0 and gap <= 6:
        ts, te, w, flag = unit.tokens[k]
        if flag in _GAP_STOP or not re.match(f"[{lexicons.HAN}0-9A-Za-z]", w) or w in lexicons.roles():
            return None
        # 屯留煤矿安全副矿长 (cut 煤矿安全): the body ends inside the token before the post
        inner = next((p for p in range(te - 1, ts, -1) if p in org_by_end), None)
        if inner is not None and rs - inner <= 6:
            return org_by_end[inner]
        gap += te - ts
        if ts in org_by_end and gap <= 6:
            return org_by_end[ts]
        k -= 1
    return None


def _company_before(pos: int, orgs: list[OrgHit], history: list[OrgHit]) -> OrgHit | None:
    """The company the article is about at ``pos``: the nearest one named before it, when the article
    names it twice (or its union, or opens with it); a company named once in an article about a union's
    work (播州区总工会… X物流公司总经理Y参加…货车司机Z说) employs none of its drivers or workers."""
    named = [o for o in history + orgs if o.end <= pos]
    cands = [o for o in named if o.kind == "company" and o.parent is None]
    # the nearest such company; one named once after it (a contestant's, 国网X县供电公司选手A) is not
    # what a bare 公司 opening the next sentence means
    for company in reversed(cands):
        times = sum(
            o.name == company.name or (o.parent is not None and o.parent.name == company.name) for o in named
        )
        if times >= 2 or named[0].name == company.name:
            return company
    return None


#: a team or a body right before the verb of an honour: the honour is theirs
_TEAM_BEFORE = re.compile(r"(?:代表队|队|公司|集体|单位|企业|班组)(?:共同|分别|还|也)?$")


def _same_subject(between: str) -> bool:
    """No other sentence between a person and an honour, unless it opens with 他/她 (that person)."""
    last = max(between.rfind(c) for c in "。！？")
    return last < 0 or between[last + 1 :].lstrip("　 ").startswith(("他", "她"))


def _awards(unit: Unit, out: People) -> None:
    """被评为X / 荣获X奖 / 获得X、Y等称号: honours of the nearest person named before them (60 chars)."""
    text = unit.text
    pats = _patterns()
    taken: set[tuple[int, int]] = set()
    for pat in (pats["award"], pats["title"], pats["prize"]):
        for m in pat.finditer(text):
            if any(a <= m.start(1) < b for a, b in taken):
                continue
            before = [
                p
                for p in out.persons
                if p.end <= m.start() and m.start() - p.end <= 60 and _same_subject(text[p.end : m.start()])
            ]
            if not before or _TEAM_BEFORE.search(text, max(0, m.start() - 8), m.start()):
                continue  # X公司代表队获得一等奖: the team's honour, not a person's
            taken.add(m.span(1))
            winners = _enumerated(text, before, m.start())
            # an enumeration of honours (全国劳动模范、省五一劳动奖章) gives one fact each
            for value in re.split("[、和及]", m.group(1)):
                value = value.strip('“”"‘’ ')
                if len(value) >= 2:
                    out.facts.extend(
                        Fact(p.name, "award", value=value, start=p.start, end=m.end()) for p in winners
                    )


def _enumerated(text: str, before: list[PersonHit], pos: int) -> list[PersonHit]:
    """The person right before ``pos`` and those enumerated with it (甲、某公司经理乙、丙等30人被评为…).

    Only when the last name leads straight to the honour (nothing but 等N人 in between) do the others
    share it; each earlier item is separated by 、/和/及 and holds no sentence punctuation.
    """
    last = before[-1]
    out = [last]
    if not re.fullmatch(
        r"(?:等(?:\d+|[一二三四五六七八九十百]+)?[名人位]?(?:同志|职工|员工)?)?", text[last.end : pos]
    ):
        return out
    for prev in reversed(before[:-1]):
        gap = text[prev.end : out[0].start]
        if not gap or gap[0] not in "、和及" or re.search("[，。；！？]", gap) or len(gap) > 20:
            break
        out.insert(0, prev)
    return out


def _honour_start(text: str, rs: int) -> int:
    """Start of the level an honour title is qualified with (全国劳模, 湖南省劳动模范, 市级劳动模范)."""
    from kg.extract.entities import place_matches

    m = re.search(r"(?:全国|[省市县区]级?)$", text[max(0, rs - 3) : rs])
    start = rs - len(m.group()) if m else rs
    if m and m.group()[0] in "省市县区":
        # the level may close a place name: 湖南省, 株洲市
        for ps, pe, _ in place_matches(text, max(0, start - 8), start + 1):
            if pe == start + 1 or pe == rs:
                return ps
    return start
