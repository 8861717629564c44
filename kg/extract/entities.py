"""Places and organisations of one unit, by the gazetteer and Chinese organisation grammar.

An organisation name is [place | 市/省/县/区 | 该X] [body] suffix ([sub-body] sub-suffix)*: 登封市总工会,
金水区卫生局工会, 建设银行杭州分行, 市自来水公司第二分公司. The suffix is found by a regex; the body is the
longest run of name-like jieba tokens to its left (stopping at verbs, prepositions, particles, time words
and punctuation), so that brand names before 公司 are found without knowing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg import gazetteer, townships
from kg.extract import lexicons
from kg.extract.text import NAME_TAGS, Unit, tokenizer

LEVEL_CHARS = "省市县区"
_STOP_TOKENS = frozenset(
    {"月", "日", "年", "号", "名", "人", "家", "余", "个", "位", "元", "万", "的", "之", "记", "图", "为"}
    # 特邀X学院教师A授课 (jieba tags 特邀 a name): who is invited, never a word of the body's name
    | {"特邀", "特聘", "邀请", "聘请", "受邀", "应邀"}
)
#: kinds whose name-giving place is where they belong (a county's union, a city's hospital)
LOCATED_KINDS = frozenset({"union", "hospital"})
#: a government body of these endings is a bureau of the place it is named after (区人社局, 省财政厅),
#: or its court or procuratorate (X区人民法院, X市人民检察院), or its police or fire brigade (X区交警大队)
_BUREAU_ENDINGS = (
    "局",
    "厅",
    "法院",
    "检察院",
    "大队",
    "支队",
    "管理处",
    "管理所",
    "仲裁院",
    "委员会",
    "办公室",
    "办",
)


@dataclass
class PlaceHit:
    start: int  # unit offsets
    end: int
    name: str  # full gazetteer name
    level: str
    short: bool = False


@dataclass
class OrgHit:
    start: int
    end: int
    name: str  # resolved name (may still start with 市/省 when scope == "home")
    kind: str
    scope: str | None = None
    source: str = "suffix"
    parent: OrgHit | None = None
    place: str | None = None  # the place its name starts with (full name), or 市/省 for home scope
    top: bool = True  # False for an inner element of a chain (卫生局 in 卫生局工会)
    aliases: list[str] = field(default_factory=list)


def located_in_name(o: OrgHit) -> bool:
    """Whether the place ``o``'s name starts with (``o.place``) is where ``o`` belongs.

    A union or a hospital belongs to its place (an inner element of a chain, 陕西省总工会 in
    陕西省总工会民主管理部, only with the place written out); a bureau (区人社局, 县教育局) is the
    place's own administration when named on its own, not as the body a union or office belongs to;
    an association only when its name spells the place out (曲靖市X协会: 市X协会 names no place of
    its own).
    """
    if not o.place:
        return False
    if o.kind in LOCATED_KINDS:
        return o.top or o.name.startswith(o.place)
    if o.kind == "government":
        return o.top and o.name.endswith(_BUREAU_ENDINGS) and (o.parent is None or o.name.startswith(o.place))
    if o.kind == "association":
        return o.top and o.place not in ("市", "省") and o.name.startswith(o.place)
    return False


def _trie_pattern(words) -> str:
    """A compact regex for many literal words (a trie), preferring the longest match."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


def _place_words() -> list[str]:
    """Full names of every division plus short forms of provinces and prefectures."""
    gaz = gazetteer.load()
    # two-character districts (城区, 郊区, 矿区, 东区) are common words of any city before they are names
    words = [n for n in gaz.by_name if len(n) >= 2 and not (len(n) == 2 and n.endswith("区"))]
    words += list(gaz.renamed)
    words += [s for s, code in gaz.short.items() if gaz.by_code[code].level != "county"]
    return words


@lru_cache(maxsize=1)
def place_re() -> re.Pattern:
    """The place names as one regex (``place_matches`` finds the same matches several times faster)."""
    return re.compile(_trie_pattern(_place_words()))


@lru_cache(maxsize=1)
def _place_index() -> tuple[frozenset[str], frozenset[str], re.Pattern]:
    """(names, their prefixes of two or more characters, a class of the characters names start with)."""
    words = frozenset(_place_words())
    prefixes = frozenset(w[:k] for w in words for k in range(2, len(w) + 1))
    firsts = "".join(sorted({w[0] for w in words}))
    return words, prefixes, re.compile(f"[{re.escape(firsts)}]")


def place_matches(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of ``place_re().finditer(text, pos, endpos)``: from left to right, the
    longest name starting at each position, resuming after it.

    A walk over a prefix set instead of a regex: sre tries the trie's first-character alternatives one
    by one at every position, which made this scan a tenth of extraction on sentences.
    """
    words, prefixes, firsts = _place_index()
    if endpos is not None and endpos < len(text):
        text = text[:endpos]
    n = len(text)
    out = []
    search = firsts.search
    m = search(text, pos)
    while m is not None:
        i = m.start()
        best = 0
        j = i + 2
        while j <= n:
            frag = text[i:j]
            if frag not in prefixes:
                break
            if frag in words:
                best = j
            j += 1
        if best and not _whole_of(text[i:best]):
            out.append((i, best, text[i:best]))
            m = search(text, best)
        else:
            m = search(text, i + 1)
    return out


def find_places(
    unit: Unit,
    county_shorts: frozenset[str] = frozenset(),
    page_hits: list[tuple[int, int, str]] | None = None,
) -> list[PlaceHit]:
    """Gazetteer places; county short forms only when the page also names the full form.

    ``page_hits`` are ``place_re`` matches over the whole page (scanned once per page, not per unit).
    """
    gaz = gazetteer.load()
    hits = []
    tok, _ = _tok()
    if page_hits is None:
        matches = place_matches(unit.text)
    else:
        lo, hi = unit.base, unit.base + len(unit.text)
        matches = [(s - lo, e - lo, t) for s, e, t in page_hits if lo <= s and e <= hi]
        matches = [(s, e, t) for s, e, t in matches if unit.text[s:e] == t]
    for s, e, t in matches:
        hits.append(_place_hit(gaz, s, e, t, unit, tok))
    towns = gazetteer_towns(unit, [h for h in hits if h is not None])
    towns += development_zones(unit, [h for h in hits if h is not None] + towns)
    if towns:  # 南湖镇 over 南湖 (a short form) where the list names the township
        hits = [h for h in hits if h is None or not any(t.start <= h.start and h.end <= t.end for t in towns)]
        hits += towns
    if county_shorts:
        for m in re.finditer(lexicons.alternation(county_shorts), unit.text):
            if not any(h and h.start <= m.start() < h.end for h in hits):
                div = gaz.lookup(m.group()) or _page_county(gaz, m.group(), page_hits)
                hits.append(_place_hit(gaz, m.start(), m.end(), m.group(), unit, tok, div))
    return sorted((h for h in hits if h is not None), key=lambda h: h.start)


_TOWN_SUFFIX_RE = re.compile("街道|镇|乡|苏木")


def gazetteer_towns(unit: Unit, hits: list[PlaceHit]) -> list[PlaceHit]:
    """Townships, towns and streets whose full names the national list holds (虎门镇, 银浪街道),
    known before the organisations named after them (虎门镇政府) are read.

    The longest listed name ending at a suffix, starting where a word starts (在虎门镇, 、长安镇), and
    not inside another place's name; a suffix that runs on into a longer word (镇江, 乡村) ends none.
    """
    towns = townships.load()
    if not towns.counties:
        return []
    text = unit.text
    out: list[PlaceHit] = []
    for m in _TOWN_SUFFIX_RE.finditer(text):
        e = m.end()
        # the longest listed name first (dict look-ups); the words around it only then (tokenising)
        a = next(
            (
                e - k
                for k in range(min(towns.longest, e), len(m.group()) + townships.MIN_NAME - 1, -1)
                if text[e - k : e] in towns.counties
            ),
            None,
        )
        if a is None:
            continue
        if e < len(text) and not unit.is_boundary(e) and _runs_on(unit, m.start(), e):
            continue
        if any(h.start < e and a < h.end and not (h.start == a and h.end < e) for h in (*hits, *out)):
            continue
        if a == 0 or unit.is_boundary(a) or any(h.end == a for h in hits):
            out.append(PlaceHit(a, e, text[a:e], "township"))
    return out


#: the kinds of development zone a city names (仲恺高新区, X经济技术开发区, X工业园区)
_ZONE_SUFFIX_RE = re.compile(
    "高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|工业园区|保税区|综合保税区"
)
#: characters that never stand in a zone's own name (在X高新区, 全市各开发区)
_ZONE_STOP = frozenset("的了在和与及等为到从向是各全本该每某这那个")


def development_zones(unit: Unit, hits: list[PlaceHit]) -> list[PlaceHit]:
    """Development zones (仲恺高新区, 松山湖高新区): two to four characters of a name before a zone's
    suffix, starting where a word starts, none of them a particle or a count; a place of their own
    (level ``zone``), no administrative division."""
    text = unit.text
    out: list[PlaceHit] = []
    for m in _ZONE_SUFFIX_RE.finditer(text):
        s, e = m.span()
        if any(h.start < e and s < h.end for h in hits):
            continue
        for k in (4, 3, 2):
            a = s - k
            name = text[a:s]
            if a < 0 or any(c in _ZONE_STOP or not _HAN1.match(c) for c in name):
                continue
            if a == 0 or unit.is_boundary(a) or any(h.end == a for h in hits):
                if not any(h.start < e and a < h.end for h in hits):
                    out.append(PlaceHit(a, e, text[a:e], "zone"))
                break
    return out


def _runs_on(unit: Unit, s: int, e: int) -> bool:
    """True when the token holding the suffix's last character goes on past it (镇江, 乡村振兴), but
    not into a body of the township (镇政府, 乡党委: one word of jieba's)."""
    k = unit.token_at(e - 1)
    if k is None or unit.tokens[k][1] <= e:
        return False
    return not unit.text.startswith(_TOWN_BODIES, e)


#: the bodies of a township that jieba may join to its suffix (镇政府, 乡党委, 街道办)
_TOWN_BODIES = (
    "政府",
    "人民政府",
    "党委",
    "党工委",
    "人大",
    "办事处",
    "办",
    "总工会",
    "工会",
    "卫生院",
    "纪委",
)


def _whole_of(name: str) -> bool:
    """全州 (全州县's short form) read as 全 + a level: "the whole prefecture" (全州职工, 全州8个县市), as
    全市, 全县 are; ``find_places`` takes it for the county only when the page names it in full."""
    return len(name) == 2 and name[0] in "全各本该每" and name[1] in "省市县区州盟旗乡镇"


def _tok():
    return tokenizer()


def _page_county(gaz, short: str, page_hits) -> object | None:
    """The county the page names in full whose short form ``short`` is, when other divisions share it
    (钟山 after 钟山区: Guiyang's, though Guangxi has a 钟山县)."""
    for _s, _e, name in page_hits or ():
        div = gaz.lookup(name)
        if (
            div is not None
            and div.name == name
            and div.level == "county"
            and gazetteer.short_form(name) == short
        ):
            return div
    return None


def _place_hit(gaz, s: int, e: int, text: str, unit: Unit, tok, div=None) -> PlaceHit | None:
    div = div or gaz.lookup(text)
    if div is None:
        return None
    short = text != div.name
    if short:
        # a short form must stand as a word of its own: 安康 in 健康安康 is no city
        if not (unit.is_boundary(s) and unit.is_boundary(e)):
            return None
        if s > 0 and unit.text[s - 1] == "该":
            return None
        street = _STREET_AFTER.match(unit.text, e)
        if street is not None and (
            unit.is_boundary(street.end()) or street.group() in ("街道", "大街", "大道")
        ):
            return None  # 南宁街道, 长春路, 北京大街: a street or township named after the city, not it
    elif not unit.is_boundary(s) and s > 0:
        k = unit.token_at(s)
        # 该市 or 城市 in front: the name starts inside a word
        if k is not None and unit.tokens[k][1] > s + 1 and unit.tokens[k][0] < s:
            return None
    return PlaceHit(s, e, div.name, div.level, short)


#: what makes a city's short name the name of a street, road or township (南宁街道, 长春路街道,
#: 南京西路街道)
_STREET_AFTER = re.compile("街道|大街|大道|[东西南北中]?路|街|巷|镇|乡|村|社区")


#: business words jieba tags as verbs that stand inside bodies' names (X钢铁控股有限公司, X投资促进局)
_NAME_VERBS = frozenset({"控股", "投资", "开发", "置业", "运营", "招商", "创业", "创新", "度假", "休闲"})


def _stop(word: str, flag: str) -> bool:
    if word in _NAME_VERBS:
        return False
    if len(word) == 1 and word in LEVEL_CHARS:
        return False  # 县 in 在县职业技术学校 (tagged zg): the bare level that opens a name
    if word in _BRAND_DIRECTIONS:
        return False
    if word in _STOP_TOKENS or flag in ("t", "f") or word.endswith(("以来", "年来")):
        return True  # 今年以来, 多年来 (tagged idioms): a time, never the start of a name
    if flag == "mq" and _trade_quantity(word):
        return False
    return flag not in NAME_TAGS or not re.match(f"[{lexicons.HAN}0-9A-Za-z]", word)


#: a count: numerals, then at most one classifier (三个, 十余家, 两批)
_COUNT_WORD = re.compile(r"[\d０-９零〇一二两三四五六七八九十百千万亿几数半]+[余多]?[^\d０-９]?")


def _trade_quantity(word: str) -> bool:
    """A word jieba tags as a quantity that is no count (零部件): a trade word inside a company's name."""
    return bool(re.fullmatch(f"[{lexicons.HAN}]+", word)) and not _COUNT_WORD.fullmatch(word)


#: compass words that open brand names (北方风电装备有限公司, 东方电气集团): no stop, though tagged f
_BRAND_DIRECTIONS = frozenset({"东方", "南方", "西方", "北方"})


def body_start(unit: Unit, s: int, floor: int = 0, limit: int = 12) -> int:
    """Walk left from ``s`` over name-like tokens; the start of the longest acceptable body."""
    j = s
    k = unit.token_at(s - 1) if s > 0 else None
    if k is not None and unit.tokens[k][0] < s - 0 and unit.tokens[k][1] > s:
        # a token straddling the suffix start (卫生局 holds the suffix 局): its head is body
        j = unit.tokens[k][0]
        k -= 1
    elif k is not None:
        pass
    while k is not None and k >= 0:
        ts, te, w, flag = unit.tokens[k]
        if te != j or ts < floor or s - ts > limit:
            break
        if (
            _stop(w, flag)
            and not _brand_char(unit, k, w, flag, floor)
            and not _name_jia(unit, k, w)
            and not _name_direction(unit, k, w, flag)
            and not _name_zhi(unit, k, w)
        ):
            break
        j = ts
        if ts in unit.breaks:
            break
        k -= 1
    return max(j, floor)


def _name_direction(unit: Unit, k: int, w: str, flag: str) -> bool:
    """东/西/南/北 opening a community's or village's name jieba cut into characters (堰桥街道西漳社区:
    西/漳): a lone direction after a township or a place, a lone character after it."""
    if flag != "f" or w not in "东西南北" or k == 0:
        return False
    kn = unit.token_at(unit.tokens[k][1])
    if kn is None:
        return False
    nxt = unit.tokens[kn]
    prev = unit.tokens[k - 1]
    return nxt[1] - nxt[0] == 1 and (prev[2].endswith(("街道", "镇", "乡")) or prev[3] == "ns")


def _name_zhi(unit: Unit, k: int, w: str) -> bool:
    """之 inside a brand (西藏高原之宝牦牛乳业: 高原之宝): a noun of two or more characters before it, a
    lone character after it."""
    if w != "之" or k == 0:
        return False
    kn = unit.token_at(unit.tokens[k][1])
    prev = unit.tokens[k - 1]
    if kn is None or len(prev[2]) < 2 or prev[3] not in ("n", "ns", "nz", "nr"):
        return False
    nxt = unit.tokens[kn]
    return nxt[1] - nxt[0] == 1


def _name_jia(unit: Unit, k: int, w: str) -> bool:
    """家 opening a shortened sector (家企工会联合会: 家具企业), not a count (3家企业): no number before."""
    if w != "家" or k == 0:
        return False
    prev = unit.tokens[k - 1][2]
    return not _COUNT_END.search(prev)


_COUNT_END = re.compile(r"[\d０-９一二两三四五六七八九十百千万几数多余每各全某]$")


#: tags of a proper name's word before a company's trade (顺达 in X顺达快递有限公司)
_BRAND_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "ns", "j"})
#: tags jieba gives a lone character of a brand name (丰 in 江西赣丰建材有限公司 is an adjective)
_BRAND_CHAR_TAGS = frozenset({"a", "ag", "zg", "b", "vg", "d"})


def _brand_char(unit: Unit, k: int, w: str, flag: str, floor: int) -> bool:
    """A lone character inside a brand name: between a place or name token and the body that follows."""
    lone_verb = flag == "v"  # 恒/盛 in 福建恒盛鞋业有限公司: a name jieba cut into characters
    if len(w) != 1 or (flag not in _BRAND_CHAR_TAGS and not lone_verb):
        return False
    if w in _STOP_TOKENS or w in _PLACED_STOP_CHARS:
        return False
    ps, _pe, pw, pflag = unit.tokens[k - 1]
    nxt = unit.tokens[k + 1]  # a sentinel past the block
    if not lone_verb and (not pw or pw in ("，", "、", "；", "：", "“")):
        # ，黄/姚/古镇旅游公司: a clause opening with two lone characters of a name jieba cut apart
        return len(nxt[2]) == 1 and nxt[3] in _BRAND_TAGS
    if lone_verb and (len(pw) != 1 or pw in _PLACED_STOP_CHARS or w in "作做"):
        # a verb after a whole word (张三去鞋业公司) is the verb; 作/做 after a name cut into characters
        # (A作工会工作报告) is the verb of the report, not a brand's character
        return False
    if pflag == "n" and len(pw) == 1 and ps >= floor:
        return True  # 锦/翔 in 湖南锦翔…有限公司: two lone characters of a brand jieba does not know
    return ps >= floor and pflag in ("ns", "nz", "nr", "j") and len(pw) >= 1 and not _stop(pw, pflag)


def _strip_stop(unit: Unit, j: int, s: int) -> int:
    """Drop leading generic words (基层, 企业, 上级, 各乡镇) from a body."""
    stops = _stop_prefixes()
    text = unit.text
    while j < s:
        m = stops.match(text, j, s)
        if m is None or m.end() == j:
            break
        if m.end() - j > 1 and not unit.is_boundary(m.end()):
            break  # 产业园区管委会: 产业 starts a longer word, the body's own name
        if m.end() - j == 1 and text[j] in "各全本该":
            k = unit.token_at(j)
            word = unit.tokens[k][2] if k is not None else text[j]
            if len(word) > 1 and word[1:] not in lexicons.stop_bodies():
                break  # 全国: a word of its own, not 全 + a body
        j = m.end()
    return j


@lru_cache(maxsize=1)
def _stop_prefixes() -> re.Pattern:
    return re.compile("(?:" + lexicons.alternation(lexicons.stop_bodies()) + "|[各全本该])")


#: characters that never start or make a township's name (各乡镇, 全镇, 3个乡, 该镇, 每个街道)
_TOWN_STOP_CHARS = frozenset("个名位家的在了是和与及等各全本该每某这那多几其此到从向为")
_TOWN_INNER_STOP = frozenset("的了是和与及等个在")
_TOWN_RE = re.compile("街道|镇|乡|社区")


def find_towns(unit: Unit, places: list[PlaceHit], taken: list[tuple[int, int]]) -> list[PlaceHit]:
    """Townships and streets (城关镇, 柳泉镇, 新庄乡, 城东街道): a 1-4 character name and its suffix.

    Below the gazetteer, so found by form: the suffix ends a word, the name is name-like tokens (a
    place, a proper noun, not a verb, a count or a pronoun) and the whole is no common word (家乡, 城镇,
    特色小镇, 下乡). A name inside an organisation (X街道办事处) or a person's name is left to them.
    """
    text = unit.text
    tok, tags = _tok()
    out = []
    for m in _TOWN_RE.finditer(text):
        s, e = m.start(), m.end()
        if not unit.is_boundary(e) and e < len(text):
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        k = unit.token_at(s)
        if k is None:
            continue
        ts, te, w, flag = unit.tokens[k]
        if ts < s:
            # one word holding name and suffix (城关镇): a rare word or a place name, never a common one
            name = text[ts:s]
            if te != e or not 1 <= len(name) <= 4 or flag in ("r", "v", "vn", "a", "d", "m", "q"):
                continue
            if tok.FREQ.get(w, 0) >= 100 or (len(name) == 1 and (flag != "ns" or tok.FREQ.get(w, 0) >= 20)):
                continue
            start = ts
        elif _he_town(unit, s, places):
            start = s - 2
        elif _three_lone_after_place(unit, s, places):
            start = s - 3  # 蔚县南留庄镇 (cut 南/留/庄): three characters right after the county
        elif m.group() == "社区" and _community_after_town(unit, s, out, places):
            start = s - 2  # 山南街道胜利社区: a community's two-character name right after its street
        else:
            start = _town_name_start(unit, k, s, places)
            if start is None:
                continue
        name = text[start:s]
        if name[0] in _TOWN_STOP_CHARS or name in lexicons.stop_bodies():
            continue
        if (any(c in _TOWN_INNER_STOP for c in name) and start != s - 2) or not all(
            _HAN1.match(c) for c in name
        ):
            continue
        if any(a < e and start < b for a, b in taken):
            continue
        out.append(PlaceHit(start, e, text[start:e], "township"))
    return out


def _community_after_town(unit: Unit, s: int, towns: list[PlaceHit], places: list[PlaceHit]) -> bool:
    """Y街道X社区, Y区X社区: a two-character name right after the street or district holds it, even a
    common word (胜利, 幸福), though no verb (开展社区, 走进社区) nor a function word."""
    if s < 2 or not any(t.end == s - 2 for t in (*towns, *places)):
        return False
    k = unit.token_at(s - 2)
    if k is None:
        return False
    ts, te, _w, flag = unit.tokens[k]
    if ts != s - 2 or te != s:  # one word of two characters (胜利), or two lone characters (西/漳)
        return te < s and not _lone_stop(unit, s - 2) and not _lone_stop(unit, s - 1)
    return flag not in ("v", "vd", "p", "d", "c", "u", "r", "m", "q", "f")


def _lone_stop(unit: Unit, i: int) -> bool:
    k = unit.token_at(i)
    return (
        k is None
        or unit.tokens[k][3] in ("v", "p", "d", "c", "u", "r", "m", "q")
        or unit.text[i] in _TOWN_STOP_CHARS
    )


def _three_lone_after_place(unit: Unit, s: int, places: list[PlaceHit]) -> bool:
    """A township's three-character name jieba cut into single characters, right after its county."""
    if s < 4 or not any(p.end == s - 3 and p.level in ("county", "city") for p in places):
        return False
    for i in (s - 3, s - 2, s - 1):
        k = unit.token_at(i)
        if k is None or unit.tokens[k][1] - unit.tokens[k][0] != 1:
            return False
        if (
            unit.text[i] in _TOWN_STOP_CHARS
            or unit.text[i] in _TOWN_INNER_STOP
            or not _HAN1.match(unit.text[i])
        ):
            return False
        if unit.tokens[k][3] in ("p", "u", "c", "r", "d", "m", "q", "x"):
            return False
    return True


def _he_town(unit: Unit, s: int, places: list[PlaceHit]) -> bool:
    """X和镇 right after its county (湟源县永和镇, 某区太和乡): 和 is the name's second character there,
    not a conjunction (a conjunction would stand right after the place)."""
    text = unit.text
    if s < 3 or text[s - 1] != "和" or not _HAN1.match(text[s - 2]) or text[s - 2] in _TOWN_STOP_CHARS:
        return False
    return any(p.end == s - 2 and p.level in ("county", "city") for p in places)


#: words that join a second body to the one before it (X联合Y, X会同Y, X与Y)
_JOINED_AT = re.compile("联合|会同|携手|协同|与|和|及|同|、")

#: 当选 / 当选为 right before a bare body word (当选工会主席)
_AFTER_ELECTED = re.compile("当选为?$")


#: one-character words that end many township names (茶庵铺镇, 王家店乡, 马集镇): right before the
#: suffix they belong to the name, though jieba tags some of them verbs (铺) or measures (店)
_TOWN_FINALS = frozenset("铺店集庄堡营屯寨坝沟岭坪桥湾渡埠坊庙关峪洼圩岗塘墩")


def _town_name_start(unit: Unit, k: int, s: int, places: list[PlaceHit]) -> int | None:
    """Start of a 2-4 character name made of name-like tokens right before a township suffix at ``s``."""
    tok, _ = _tok()
    place_ends = {p.end for p in places}
    j = s
    k -= 1
    while k >= 0:
        ts, te, w, flag = unit.tokens[k]
        if te != j or s - ts > 4 or j in place_ends or not _HAN1.match(w):
            break
        if w in _TOWN_STOP_CHARS or flag in ("c", "a", "vn", "ad", "an"):
            break
        road = te == s and w.endswith(("路", "街", "大道"))  # 五四路街道 (五四路 tagged a numeral)
        if (
            flag in _PLACED_STOP
            and not (flag == "q" and len(w) == 1)
            and not (te == s and w in _TOWN_FINALS)
            and not road
        ):
            break  # a verb, a count ...; a lone measure character may be a name's (马集乡)
        j = ts
        if ts in unit.breaks:
            break
        k -= 1
    if s - j < 2 and _lone_chars_name(unit, s, after_place=s - 2 in place_ends):
        j = s - 2  # 白关街道 after 、, 拱辰街道 right after its district (cut 拱/辰)
    if not 2 <= s - j <= 4:
        return None
    k0 = unit.token_at(j)
    while k0 is not None and unit.tokens[k0][0] < s:
        _ts, _te, w, flag = unit.tokens[k0]
        freq = tok.FREQ.get(w, 0)
        common = len(w) > 1 and (freq >= 10000 or (flag not in ("ns", "nr", "nz") and freq >= 1000))
        # 城市街道, 城区主要街道: common words, not a name (上海路街道: a street named after a city is one)
        if common and not (flag == "ns" and gazetteer.load().lookup(w) is not None):
            return None
        k0 += 1
    return j


#: a term of office (第七届, 新一届, 首届): before 委员会 it is the body's term, not a body
TERM = r"(?:第[一二三四五六七八九十百零〇\d]+|新一|首|本|上一|下一)届"
#: a term's ordinal right before a committee (第一届委员会, 第三届理事会)
_TERM_END_RE = re.compile(TERM + "$")
#: what a venue's name (在大像山广场, cut 大/像/山) follows: a place preposition or punctuation
_VENUE_LEFT = frozenset("在到于赴至、，。；：（“")


def _venue_chars_start(unit: Unit, j: int, floor: int) -> int:
    """A venue whose body is one character (山广场) after single characters back to 在 or punctuation
    (在大像山广场): a name jieba does not know, cut into characters; it starts after the 在."""
    text = unit.text
    i = j
    while i > floor and j - i < 3:
        k = unit.token_at(i - 1)
        if k is None or unit.tokens[k][0] != i - 1 or text[i - 1] in _VENUE_LEFT:
            break
        if not _HAN1.match(text[i - 1]) or text[i - 1] in _TOWN_STOP_CHARS:
            return j
        i -= 1
    if i == j or i <= floor or text[i - 1] not in _VENUE_LEFT:
        return j
    return i


def _brand_chars_start(unit: Unit, j: int, floor: int, places: list[PlaceHit]) -> int:
    """四川天齐锂能有限公司 (cut 四川/天/齐/锂能): a company's body that the walk over name-like tokens
    left at one character of an unknown brand starts at the place right before it, when only single
    characters (no particle or preposition) stand between the place and the body."""
    text = unit.text
    for p in places:
        if not (floor <= p.start and 1 <= j - p.end <= 3):
            continue
        gap = text[p.end : j]
        singles = all(unit.is_boundary(i) for i in range(p.end, j + 1))
        if singles and all(
            _HAN1.match(c) and c not in _PLACED_STOP_CHARS and c not in _TOWN_STOP_CHARS for c in gap
        ):
            return p.start
    return j


#: a township's suffix within a body's first characters (江镇 of 张江镇新就业群体联合工会)
_TOWN_IN_BODY = re.compile(f"[{lexicons.HAN}]{{0,3}}?(?:街道|镇|乡)")


def _town_body_start(unit: Unit, j: int, s: int, floor: int, places: list[PlaceHit]) -> int:
    """A body ending in a township suffix (道北街道工会, cut 道/北/街道): its name starts where the
    township's does, when the walk over name-like tokens stopped inside it; so does a body that opens
    with a township (张江镇新就业群体联合工会, cut 张/江/镇: the walk stopped at 张, a measure; 尹集乡中心小学,
    cut 尹/集/乡: at 集)."""
    m = re.search("(?:街道|镇|乡)$", unit.text[j:s])
    if m is None:
        m = _TOWN_IN_BODY.match(unit.text, j, s)
        if m is None or m.end() == s:
            return j
        m = re.search("(?:街道|镇|乡)$", unit.text[j : m.end()])
    ts = j + m.start()
    k = unit.token_at(ts)
    if k is None or unit.tokens[k][0] != ts:
        return j
    start = ts - 2 if _he_town(unit, ts, places) else _town_name_start(unit, k, ts, places)
    return start if start is not None and floor <= start < j else j


def higher_place_after_town(j: int, s: int, places: list[PlaceHit]) -> int:
    """榜头镇仙游县X有限公司: a township, then a county's (a city's) full name opening the body: a name
    runs from the larger division down, so the body is named from the county on, and the township
    before it is where the body is."""
    town = next((p for p in places if p.start == j and getattr(p, "level", None) == "township"), None)
    if town is None:
        return j
    after = next(
        (
            p
            for p in places
            if p.start == town.end
            and p.end < s
            and isinstance(p, PlaceHit)
            and not p.short
            and p.level in ("province", "city", "county")
        ),
        None,
    )
    return after.start if after is not None else j


#: what may stand before a township name jieba cut into single characters (、白关街道, 在石塘乡,
#: 走访了马尚街道)
_TOWN_LEFT = re.compile(r"(?:[、，。；：（“\s]|和|及|与|在|到|来自|赴|前往|了)$")
#: the offices of a street or township whose name may be two characters jieba does not know
_TOWN_OFFICES = frozenset({"街道办事处", "办事处"})
#: adverbs that never stand in a township's name (尚, 永 are tagged adverbs too, and are names' characters)
_COMMON_ADVERBS = frozenset("也都就还又才再更很已将不没只仍最太均皆亦便却曾正")


def _lone_chars_name(unit: Unit, s: int, after_place: bool = False) -> bool:
    """Two single-character tokens of any content tag right before a suffix, after an enumeration
    mark or a place preposition: a name jieba does not know (白关街道 cut 白/关)."""
    if s < 2:
        return False
    for i in (s - 2, s - 1):
        k = unit.token_at(i)
        if k is None:
            return False
        ts, te, w, flag = unit.tokens[k]
        if te - ts != 1 or w in _TOWN_STOP_CHARS or w in _TOWN_INNER_STOP:
            return False
        # 城关区八廓街道: a numeral may open a name right after its district
        numeral_name = after_place and flag == "m" and w in "一二三四五六七八九十"
        if flag in _LONE_STOP and (flag != "d" or w in _COMMON_ADVERBS) and not numeral_name:
            return False
    return s == 2 or after_place or bool(_TOWN_LEFT.search(unit.text[max(0, s - 4) : s - 2]))


_LONE_STOP = frozenset({"p", "u", "uj", "ul", "uz", "ug", "uv", "ud", "c", "r", "d", "m", "t", "f", "y", "x"})


def subject_city(places: list[PlaceHit]) -> str | None:
    """The county-level city an article is about: its first place, when that is one (丰城市 under 宜春市).

    A bare 市 in such an article (市人社局, 市总工会) names that city; an article that first names a
    prefecture, a district or a county leaves 市 to the home city.
    """
    first = next((p for p in places if p.level != "province"), None)
    if first is not None and first.level == "county" and first.name.endswith("市") and not first.short:
        return first.name
    return None


def find_orgs(unit: Unit, places: list[PlaceHit], prior: list[OrgHit] | None = None) -> list[OrgHit]:
    """Organisation mentions of a unit, names resolved inside the article (anaphora, ellipsis)."""
    text = unit.text
    sufs = lexicons.org_suffixes()
    national = lexicons.national_bodies()
    roles = lexicons.role_re()
    place_end = {p.end: p for p in places}
    place_start = {p.start: p for p in places}
    history: list[OrgHit] = list(prior or [])  # earlier orgs of the article, for 该公司 and ellipsis
    out: list[OrgHit] = []
    last: OrgHit | None = None
    covered = -1  # end of the last 该院/该行 anaphor: suffixes inside it are part of it
    matches = [(m.start(), 0, m) for m in lexicons.suffix_re().finditer(text)]
    matches += [(m.start(), -1, m) for m in _anaphor_re().finditer(text)]
    for _, is_suffix, m in sorted(matches, key=lambda x: (x[0], x[1])):
        if is_suffix < 0:
            ana = _noun_anaphor(unit, m, history + out)
            if ana is not None:
                out.append(ana)
                last = ana
                covered = ana.end
            continue
        s, e, suf = m.start(), m.end(), m.group()
        if s < covered:
            continue
        if sufs.get(suf) is not None and sufs[suf].placed and not _may_be_placed(text, s, places):
            continue  # 举办, 餐厅: cheap test before any tokenising
        rm = roles.match(text, s)
        if rm and rm.end() > e:  # 组织部长, 局长, 院长: a role, not a body
            continue
        if e < len(text) and text[e] == "站" and not roles.match(text, e):  # 保险公司站: a bus stop
            continue
        if not unit.is_boundary(e) and e < len(text):
            k = unit.token_at(e)
            if k is not None and unit.tokens[k][0] < e and len(suf) == 1:
                continue  # 局面, 格局: the suffix is inside a longer word
            if k is not None and _tail_starts_word(unit, k, s):
                continue  # 回报社会: 报社's 社 starts the word 社会, no newspaper ends there
        if _ROAD_AFTER.match(text, e):
            continue  # 学院南路街道, 医院东路: a road named after the body, no body here
        if suf.endswith("园") and text.startswith("区", e):
            continue  # 九江市产业园区管委会: a zone (产业园区), whose committee is the body
        if text.startswith("行业", e):
            continue  # 三亚市酒店行业职工技能大赛: the trade of such bodies, none of them
        if sufs.get(suf) is not None and sufs[suf].kind == "other" and text.startswith("”", e):
            q = text.rfind("“", max(0, s - 12), s)
            if (
                q >= 0
                and not re.search("[，。；！？”]", text[q + 1 : s])
                and not _BUILT_RE.search(text, 0, q)
            ):
                continue  # 被评为“模范职工之家”: an honour's title in quotes, no venue
        if (
            sufs.get(suf) is not None
            and sufs[suf].kind == "other"
            and text.startswith(lexicons.event_nouns(), e)
        ):
            continue  # 模范职工之家表彰会: what a gathering is about, no venue
        if len(suf) >= 2 and e < len(text) and not unit.is_boundary(s) and not unit.is_boundary(e):
            continue  # 协商|会议: 商会 across two words, no chamber of commerce
        if suf == "学会" and (
            text[e : e + 1] in ("了", "过", "着") or text[max(0, s - 2) : s] in _PEOPLE_NOUNS
        ):
            continue  # 员工学会了使用灭火器: the verb 学会 (learn), no society
        if suf == "部" and _ends_common_word(unit, s):
            continue  # 干部, 全部, 俱乐部: a common word ending in 部, not a department
        if text.startswith("党校", e) and suf.endswith("委"):
            continue  # 区委党校: the committee's school (the name the model or a later suffix reads)
        if suf in national:
            if len(suf) <= 2 and s > 0 and not unit.is_boundary(s):
                continue  # 安全总监: 全总 inside other words, no federation
            hit = OrgHit(s, e, national[suf], "union" if suf.endswith("工会") else "other", source="alias")
            hit.aliases.append(suf)
            out.append(hit)
            last = hit
            continue
        info = sufs[suf]
        if (
            last is not None
            and last.end == s
            and last.source == "suffix"
            and last.parent is None
            and (
                (suf in _LEGAL_FORMS and last.kind in ("bank", "company", "government"))
                or (suf in _GROUP_FORMS and last.kind == "government")  # 中国铁路X局集团有限公司
                or (info.kind == "other" and last.kind == "other" and last.name.endswith("公园"))
            )
        ):
            # X县农村商业银行股份有限公司: a bank's or company's legal form is part of its one name
            # (X林业局有限公司: a bureau's name with a legal form is a state company's); X公园冰场: a
            # park's venue is named by the park, one venue
            last.end, last.name = e, last.name + suf
            if last.kind == "government":
                last.kind = "company"
            continue
        if (
            info.kind == "company"
            and last is not None
            and last.source == "suffix"
            and last.parent is None
            and last.kind not in ("union", "government")
            and text[last.end : s] in _TRADE_WORDS
        ):
            # X酒店管理有限公司, X医院管理有限公司: a business named after the venue it runs is one
            # company, not the venue and a 管理有限公司
            last.end, last.name, last.kind = e, last.name + text[last.end : e], "company"
            continue
        floor = last.end if last is not None and last.end <= s else 0
        j = body_start(unit, s, floor)
        placed_j = _place_straddling(places, j, s, floor)
        if j == s and s in place_end and place_end[s].start >= floor and info.kind == "company":
            placed_j = place_end[s].start  # 屯留煤矿 (屯留 tagged a verb): the place names the body
        if placed_j < j:
            j = placed_j
        elif j not in place_start:  # 新都区, 本溪市: a place's first character is no generic word (新, 本)
            j = _strip_stop(unit, j, s)
        if j == s and suf in _TOWN_OFFICES and _lone_chars_name(unit, s, after_place=s - 2 in place_end):
            j = s - 2  # 马尚街道办事处 (cut 马/尚): a street's name jieba does not know
        j = _town_body_start(unit, j, s, floor, places)
        j = higher_place_after_town(j, s, places)
        if info.kind == "company" and suf.endswith("公司") and j not in place_start:
            j = _company_place_start(unit, j, floor, places)
        if suf.endswith("合作社") and (kv := unit.token_at(s - 1)) is not None:
            ts, te, w, flag = unit.tokens[kv]
            if te == s and flag in ("v", "vn") and w not in _COOP_TRADES:
                continue  # 已发展合作社3家: what was done, no cooperative's name
        if suf.endswith("合作社") and (k := unit.token_at(j - 1)) is not None and j > floor:
            ts, te, w, _flag = unit.tokens[k]
            if te == j and w in _COOP_TRADES and ts > floor:
                j = min(j, body_start(unit, ts, floor))  # X马铃薯种植专业合作社: the trade is in the name
            kb = unit.token_at(j)
            lead_verb = kb is not None and unit.tokens[kb][0] == j and unit.tokens[kb][3] in ("v", "vn")
            rest = text[unit.tokens[kb][1] : s] if lead_verb else text[j:s]
            if text[j:s] in _COOP_KINDS or rest in _COOP_KINDS or (w in _COOP_TRADES and j == ts):
                continue  # (发展)农民专业合作社: the kind of cooperative, no name
        if text[max(0, s - 2) : e] in _SCHOOL_LEVELS or text[max(0, s - 1) : e] in _SCHOOL_LEVELS:
            continue  # 在全县中小学开展: schools of a level, no school's name
        if s - j == 1 and info.needs_body and info.kind == "other":
            j = _venue_chars_start(unit, j, floor)
        if j == s and info.kind == "company" and (k := unit.token_at(s - 1)) is not None:
            ts, te, w, flag = unit.tokens[k]
            if te == s and len(w) == 2 and flag == "v" and w not in _HOLD_VERBS and ts > floor:
                # ，盛达快递公司 (cut 盛/达/快递): an unknown brand's characters, then its trade
                named = _venue_chars_start(unit, ts, floor)
                prev = unit.tokens[k - 1] if k > 0 else None
                named_before = prev is not None and prev[1] == ts and prev[3] in _BRAND_TAGS
                if named == ts and named_before:  # 江门顺达快递有限公司: a name word before the trade
                    named = body_start(unit, ts, floor)
                if (
                    named == ts and prev is not None and prev[3] == "v"
                ):  # 江门飞腾快递 (飞腾 a verb): place, brand
                    named = next(
                        (
                            p.start
                            for p in places
                            if floor <= p.start
                            and 2 <= ts - p.end <= 4
                            and all(
                                _HAN1.match(c) and c not in _PLACED_STOP_CHARS and c not in _TOWN_STOP_CHARS
                                for c in text[p.end : ts]
                            )
                        ),
                        ts,
                    )
                j = named if named < ts else j
        if info.kind == "company" and j < s:
            j = _brand_chars_start(unit, j, floor, places)
        headed = False
        if j == s and suf == "工会" and text[max(0, s - 2) : s] == "公司" and (last is None or last.end < s):
            # 公司工会主席 (jieba glues 工会主席): the union of the company the article named, not a stop word
            headed = any(o.kind == "company" and o.end <= s - 2 for o in history + out)
            j = s - 2 if headed else j
        if (
            suf.endswith(("工会", "联合会"))
            and (wide := _modified_start(unit, j, s, floor, places)) is not None
        ):
            j = wide  # 台州市新就业形态劳动者工会联合会: the name runs back to its place over a verb
            j = _town_body_start(unit, j, s, floor, places)
        if info.placed or (info.kind == "government" and suf in _PLACED_TAILS):
            placed = _placed_start(unit, s, floor, places)
            if placed is not None and placed < j:
                j = placed
            elif placed is None and info.placed:
                # 市总工会法律援助中心, 县教育局招生办: a body's own office named right after it
                named_by_place = last is not None and any(p.start == last.end and p.end == s for p in places)
                again = _unit_named_again(text, s, e, places, history + out)
                if again is not None:
                    hit = OrgHit(
                        again[0],
                        e,
                        again[1].name,
                        info.kind,
                        again[1].scope,
                        "anaphora",
                        place=again[1].place,
                    )
                    hit.aliases.append(text[again[0] : e])
                    out.append(hit)
                    last = hit
                    continue
                if info.attached and last is not None and _attached_body(text, last.end, s):
                    pass  # 供电局输电管理所: a sub-unit right after its body (S), read below
                elif (
                    last is None
                    or not (_placed_body(unit, last.end, s) or named_by_place)
                    or last.kind == "company"
                ):
                    continue  # 举办, 餐厅: no place + body before it (X支队红花岗大队: a unit named by its district)
                else:
                    j = last.end
        if j in place_start and (info.kind == "company" or place_start[j].level == "township"):
            # 宁波舟山港X有限公司: a name opening with two places printed together opens with both;
            # so does a body named by its county and township (嘉善县西塘镇快递行业联合工会)
            prev_place = next((p for p in places if p.end == j and p.start >= floor), None)
            if prev_place is not None and not (
                prev_place.level == "township" and place_start[j].level in ("province", "city", "county")
            ):
                # (榜头镇仙游县X有限公司: a name runs from the larger division down; a township before a
                # county's full name is where the body is, not part of its name)
                j = prev_place.start
        if (
            last is not None
            and last.end == j
            and (join := _JOINED_AT.match(text, j, s))
            and join.end() in place_start
        ):
            j = join.end()  # X大队联合Y区交通运输局: a second body joined to the first, no unit of it
        subunit = info.subunit or (info.placed and last is not None and last.end == j < s)
        if info.kind == "company" and last is not None and last.end == j < s and last.name.endswith("集团"):
            subunit = True  # 鞍钢集团鞍山钢铁公司: a group's company named after it, one name
        if (
            suf in _WORKS_SUFFIXES
            and last is not None
            and last.kind == "company"
            and last.end == j < s
            and last.name.endswith(("公司", "集团"))
        ):
            subunit = True  # X糖业有限公司石南糖厂: the company's mill or mine, named after it
        parent = last if (last is not None and last.end == j and subunit) else None
        if parent is not None and info.kind == "government" and parent.kind in ("bank", "company"):
            continue  # 支行营业厅, 公司大厅: a hall of the branch, no government office under it
        anaphor = None
        if j >= 1 and text[j - 1] == "该" or (j >= 2 and text[j - 2 : j] in ("该市", "该区", "该县", "该省")):
            anaphor = "该"
        if info.attached and parent is None and last is not None and _attached_body(text, last.end, s):
            j, parent = last.end, last  # 供电局输电管理所: a verb (输电) may stand in a sub-unit's body
        if (
            info.attached
            and not (info.placed and j in place_start)
            and (parent is None or _no_subunit(unit, j, e))
        ):
            continue  # 所以, 上班, 会议室, 培训班: no sub-unit of the body before it
        if info.attached and parent is None and text[j:e].endswith(lexicons.event_nouns()):
            continue  # X县女职工技能培训班: a class a place's body holds (an event), not a unit of it
        if (
            parent is None
            and not anaphor
            and j not in place_start
            and (_TERM_END_RE.search(text, j, s) or (j == s and _TERM_END_RE.search(text, max(0, j - 6), j)))
        ):
            last = None
            continue  # 选举产生第一届委员会: a body's committee of a term, no organisation's name
        town = place_start.get(j)
        if town is not None and town.level == "township" and _COMMUNITY_RE.search(text, town.end, s):
            j = town.end  # 龙溪街道松石社区党群服务中心: the community's centre, in the street
        hit: OrgHit | None = None
        if parent is not None:
            name = parent.name + text[parent.end : e]
            hit = OrgHit(parent.start, e, name, info.kind, parent.scope, parent=parent, place=parent.place)
            parent.top = False
        elif anaphor:
            hit = _resolve_anaphor(unit, j, s, e, suf, info.kind, places, history + out)
        else:
            hit = _plain(unit, j, s, e, suf, info, places, place_end, place_start, history + out)
        if hit is None:
            last = None
            continue
        if (
            hit.place is None
            and hit.kind == "government"
            and last is not None
            and last.place
            and last.kind == "government"
            and last.end == hit.start - 1
            and text[last.end] == "、"
        ):
            # 该市人社局、民政局 / X县教育局、财政局: a bureau listed after a placed one shares its place
            hit.name, hit.place, hit.scope = last.place + hit.name, last.place, last.scope
        if (
            hit.parent is None
            and hit.place is None
            and hit.kind == "department"
            and last is not None
            and last.kind == "government"
            and last.name.endswith("委")
            and _post_then_comma(text[last.end : hit.start])
        ):
            # 县委常委、组织部部长X: the department of the committee whose post is named before the 、
            hit = OrgHit(
                hit.start, hit.end, last.name + hit.name, hit.kind, last.scope, hit.source, last, last.place
            )
        if hit.place is None and hit.parent is None and counted(text, hit.start):
            continue  # 来自12家林业局的职工: a count of bodies of one trade, not one body
        if any(p.start <= hit.start and hit.end < p.end for p in places):
            continue  # 鹿厂镇: a town whose name holds a suffix (厂), no body
        out.append(hit)
        last = hit
    out.extend(_listed_companies(unit, places, out))
    _county_forms(out, places)
    _full_forms(out, history)
    _ellipsis(out, history)
    _headline_forms(out)
    _unfound_short_forms(unit, out)
    _trade_works(out, history)
    _abbreviated_forms(unit, out, history)
    _bare_group(unit, out, history)
    _bare_heads_with_posts(unit, out, history)
    out.extend(_community_venues(unit, places, out))
    _bracketed_names(unit, out)
    return _person_studios(unit, out)


#: a bracketed place or 集团 inside a company's name (KDM（福安）电机有限公司, X盐业（集团）有限公司)
_NAME_BRACKET = re.compile(f"（[{lexicons.HAN}]{{2,4}}）")
_LATIN_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9&]{1,11}$")


def _bracketed_names(unit: Unit, found: list[OrgHit]) -> None:
    """KDM（福安）电机有限公司: a company whose name holds a bracketed place (or 集团) runs back over the
    brackets to its brand, Latin letters or name words, instead of starting after them."""
    text = unit.text
    for o in found:
        if o.kind not in ("company", "bank") or o.start < 5 or text[o.start - 1] != "）" or not o.top:
            continue
        b = text.rfind("（", max(0, o.start - 6), o.start - 1)
        if b < 1 or not _NAME_BRACKET.fullmatch(text, b, o.start):
            continue
        latin = _LATIN_HEAD.search(text, max(0, b - 12), b)
        j = latin.start() if latin is not None else body_start(unit, b, limit=10)
        if j < b and not any(x is not o and x.start < b and j < x.end for x in found):
            o.name = text[j : o.start] + o.name if o.name == text[o.start : o.end] else o.name
            o.start = j


#: a studio named after the model worker or craftsman who leads it (A劳模创新工作室, B技能大师工作室)
_STUDIO_RE = re.compile(r"(?:劳模|技能大师|大师|名师|职工|工匠|技师)?(?:创新)?工作室")


def _person_studios(unit: Unit, found: list[OrgHit]) -> list[OrgHit]:
    """“高建平劳模创新工作室”: a studio whose name is its leader's name and a studio suffix; it replaces
    what the suffix grammar read inside it (建平技能大师工作室: the walk stops at a family name)."""
    from kg.extract.people import name_at

    text = unit.text
    added = False
    for m in _STUDIO_RE.finditer(text):
        s, e = m.start(), m.end()
        if s == e or not unit.is_boundary(e):
            continue
        start = next(
            (
                s - n
                for n in (3, 2, 4)
                if s >= n
                and name_at(text, s - n) == text[s - n : s]
                and (s == n or not "\u4e00" <= text[s - n - 1] <= "\u9fff")  # “A工作室”, not 阳高县
            ),
            None,
        )
        if start is None or any(o.start < start < o.end for o in found):
            continue
        found = [o for o in found if not (start <= o.start and o.end <= e)]
        found.append(OrgHit(start, e, text[start:e], "other"))
        added = True
    if added:
        found.sort(key=lambda o: (o.start, -o.end))
    return found


#: a count of bodies right before a body's name (12家, 十余家, 各): bodies of a trade, none named
_COUNTED_RE = re.compile(r"(?:[0-9]+|[一二三四五六七八九十两几数百千]+)(?:余|多)?(?:家|个|所)$")


def counted(text: str, s: int) -> bool:
    """Whether a count of bodies (12家, 十余家) stands right before ``s``: what follows is a trade's bodies."""
    return _COUNTED_RE.search(text, max(0, s - 6), s) is not None


#: the service venues a community, village or street runs, named after it (X社区党群服务中心)
_COMMUNITY_VENUE_RE = re.compile(
    "(?:社区|村|街道|镇|乡)(?:党群服务中心|党群服务站|综合服务中心|便民服务中心|社区服务中心|文化活动中心|文化活动室"
    "|新时代文明实践中心|新时代文明实践站|新时代文明实践所|职工之家|日间照料中心)"
)


def _community_venues(unit: Unit, places: list[PlaceHit], found: list[OrgHit]) -> list[OrgHit]:
    """X社区党群服务中心, X村文化活动中心, X街道职工之家: a venue named after the community (village,
    street) that runs it, a 2-4 character name before that suffix (the street before a community
    is the community's, not the venue's name: Y街道X社区党群服务中心 is X社区党群服务中心)."""
    text = unit.text
    out = []
    for m in _COMMUNITY_VENUE_RE.finditer(text):
        s, e = m.start(), m.end()
        if not unit.is_boundary(e) or any(o.start < e and s < o.end for o in found):
            continue
        j = _venue_owner_start(unit, s, m.group().startswith("社区") or m.group().startswith("街道"), places)
        if j is None or text[j] in _TOWN_STOP_CHARS or text[j:s] in lexicons.stop_bodies():
            continue
        out.append(OrgHit(j, e, text[j:e], "other"))
    return out


def _venue_owner_start(unit: Unit, s: int, two_chars: bool, places: list[PlaceHit]) -> int | None:
    """Start of the 2-4 character name before the community (street, village) suffix at ``s``: name-like
    tokens back to a place, a street or punctuation (竹园村 may be one word with its 村)."""
    k = unit.token_at(s)
    if k is None:
        return None
    ts, te, w, flag = unit.tokens[k]
    if ts < s:  # 竹园村: the name and its suffix one word
        ok = te == s + (2 if two_chars else 1) and 2 <= s - ts <= 4 and flag not in _PLACED_STOP
        return ts if ok and all(_HAN1.match(c) for c in unit.text[ts:s]) else None
    place_ends = {p.end for p in places}
    j = s
    k -= 1
    while k >= 0:
        ts, te, w, flag = unit.tokens[k]
        if te != j or s - ts > 4 or j in place_ends or not all(_HAN1.match(c) for c in w):
            break
        if w.endswith(("街道", "社区", "镇", "乡", "村")) or flag in ("c", "a"):
            break
        if flag in _PLACED_STOP and not _name_direction(unit, k, w, flag):
            break
        j = ts
        if ts in unit.breaks:
            break
        k -= 1
    return j if 2 <= s - j <= 4 else None


def _tail_starts_word(unit: Unit, k: int, s: int) -> bool:
    """Whether token ``k`` (which runs on past a suffix's end) starts inside the suffix begun at ``s``:
    the suffix's tail is the head of another word, so the suffix is two words' pieces."""
    return s < unit.tokens[k][0]


#: the tags of the words a company's brand may hold between its place and its trade (长/盈/精密)
_BRAND_WORD_TAGS = frozenset({"n", "a", "an", "ng", "nz", "j", "b", "vn", "nr", "ns", "s", "ag"})


def _company_place_start(unit: Unit, j: int, floor: int, places: list[PlaceHit]) -> int:
    """东莞长盈精密电子有限公司 (the walk stopped at 精密, an adjective): a place a few characters before
    the body, with only brand words between (nouns and adjectives), opens the company's name."""
    text = unit.text
    for p in places:
        if not (floor <= p.start and p.end <= j <= p.end + 6):
            continue
        if p.end == j:  # 延长石油集团: the place (a short form too) right before the company's body
            if p.start == 0 or unit.is_boundary(p.start):
                return p.start
            continue
        if p.start > 0 and not unit.is_boundary(p.start):
            continue
        k = unit.token_at(p.end)
        if k is None or unit.tokens[k][0] != p.end:
            continue
        pos, ok = p.end, True
        while pos < j and ok:
            ts, te, w, flag = unit.tokens[k]
            ok = te <= j and flag in _BRAND_WORD_TAGS and all(_HAN1.match(c) for c in w)
            pos, k = te, k + 1
        if ok and pos == j and not any(text[p.end : j].startswith(x) for x in ("的", "和", "与")):
            return p.start
    return j


#: a community or village named inside a body after its township (X街道Y社区党群服务中心)
_COMMUNITY_RE = re.compile("社区|村")


def _place_straddling(places: list[PlaceHit], j: int, s: int, floor: int) -> int:
    """万山区总工会, 万全区总工会: the walk left stops inside a division's full name (万 is a count
    word); a full name the body's start cuts into starts the body (and no stop word is stripped
    from it: 全区 of 万全区)."""
    for p in places:
        if not p.short and floor <= p.start < j < p.end <= s:
            return p.start
    return j


def _post_then_comma(gap: str) -> bool:
    """Whether ``gap`` is one role word and an enumeration comma (常委、)."""
    return len(gap) >= 2 and gap.endswith("、") and gap[:-1] in lexicons.roles()


#: what may follow a company's head noun in its full name (曲X钢铁集团有限公司 ~ 曲钢集团)
_LEGAL_TAILS = ("", "有限公司", "有限责任公司", "股份有限公司", "股份公司", "公司")
#: a group's legal form after a bureau's name (中国铁路X局集团有限公司): a state company's one name
_GROUP_FORMS = frozenset({"集团有限公司", "集团股份有限公司", "集团有限责任公司", "集团公司", "集团"})
#: a legal form written right after a bank's or company's name (X银行股份有限公司): one name
_LEGAL_FORMS = frozenset(_LEGAL_TAILS[1:-1])
#: the trade words of a company named after a venue or body it runs (X酒店管理有限公司, X物业服务公司)
_TRADE_WORDS = frozenset(
    {
        "管理",
        "服务",
        "管理服务",
        "投资",
        "投资管理",
        "经营",
        "运营",
        "经营管理",
        "物业服务",
        "物业管理",
        "餐饮管理",
    }
)


#: head nouns after which papers abbreviate a name by some of its characters (X钢集团, 青医大附属医院)
ABBREVIATED_HEADS = ("集团", "公司", "医院", "合作社")


def in_order(short: str, full: str) -> bool:
    """Whether the characters of ``short`` stand in ``full`` in the same order (a subsequence)."""
    it = iter(full)
    return all(c in it for c in short)


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is a printed abbreviation of ``full`` (X钢集团 of X州钢铁集团有限公司, and
    X钢集团工会 of X州钢铁集团有限公司工会, X医大总医院 of X医科大学总医院): the characters before the
    head noun (集团, 公司, 医院) are an in-order subsequence of the full name's, from its first
    character on; after the head noun the full name adds only a legal form, and both end alike (工会)."""
    if short == full or len(short) >= len(full) or short[:1] != full[:1]:
        return False
    for head in ABBREVIATED_HEADS:
        at = short.rfind(head)
        if at < 2:
            continue
        abbr, tail = short[:at], short[at + len(head) :]
        if tail and not full.endswith(tail):
            continue
        core = full[: len(full) - len(tail)] if tail else full
        p = core.rfind(head)
        if p < len(abbr) or core[p + len(head) :] not in _LEGAL_TAILS:
            continue
        rest = core[len(abbr) : p] if core[:p].startswith(abbr) else ""
        if rest and _opens_with_place(rest):
            continue  # 山东港口集团 of 山东港口烟台港集团: the group over its city's company, no short form
        if in_order(abbr, core[:p]):
            return True
    return False


def _opens_with_place(text: str) -> bool:
    """Whether a division's name (full or short: 烟台) opens ``text``."""
    gaz = gazetteer.load()
    return any(gaz.lookup(text[:k]) is not None for k in range(2, min(len(text), 8) + 1))


def _abbreviated_forms(unit: Unit, orgs: list[OrgHit], history: list[OrgHit]) -> None:
    """曲X钢集团工会 (headline) and 曲X钢铁集团有限公司工会 (body) are one body: the abbreviation takes
    the full name (its printed form an alias). The suffix grammar may have left the place character
    out of the short form (钢集团): up to two Han characters before it are tried as well."""
    text = unit.text
    known = history + orgs
    for o in orgs:
        if o.place is not None or o.source not in ("suffix", "alias") or o.scope is not None:
            continue
        fulls = [x for x in known if x is not o and x.place is not None and len(x.name) > len(o.name)]
        if not fulls:
            continue
        # the printed form as found (or with up to two characters before it), else the form as found
        # against the full name without its opening place (X化工公司 ~ 山东X化工股份有限公司)
        for k, bare in ((0, False), (1, False), (2, False), (0, True)):
            s = o.start - k
            if s < 0 or not all(_HAN1.match(c) for c in text[s : o.start]):
                continue
            chain = (o, o.parent)
            if k and any(
                x.start < o.start and x.end > s for x in orgs if x not in chain and x.start != o.start
            ):
                continue
            short = text[s : o.start] + o.name
            match = [x for x in fulls if abbreviates(short, _unplaced(x.name) if bare else x.name)]
            if match:
                full = min(match, key=lambda x: (abs(x.start - o.start), x.name))
                o.aliases.append(short)
                o.start, o.name, o.place, o.scope, o.source = s, full.name, full.place, full.scope, "anaphora"
                break


def _unplaced(name: str) -> str:
    """``name`` without the place it opens with (山东X化工股份有限公司 -> X化工股份有限公司), which a
    headline's short form of a company drops (X化工公司)."""
    gaz = gazetteer.load()
    for k in range(min(len(name) - 4, 7), 1, -1):
        if gaz.lookup(name[:k]) is not None:
            return name[k:]
    return name


def _bare_group(unit: Unit, orgs: list[OrgHit], history: list[OrgHit]) -> None:
    """集团所属…, 集团工会主席: after 曲X钢铁集团有限公司 a bare 集团 is that group (like 该集团)."""
    text = unit.text
    for m in re.finditer("集团", text):
        a, e = m.start(), m.end()
        if a and (_HAN1.match(text[a - 1]) and text[a - 1] not in "在由向与和及对将把为"):
            continue  # 钢铁集团: the end of a name
        if any(o.start <= a < o.end for o in orgs):
            continue
        if e < len(text) and text[e] in "公有股":
            continue  # 集团公司, 集团有限公司: a name of its own
        cands = [o for o in history + orgs if o.start < a and o.kind == "company" and _refers("集团", o)]
        cands = [o for o in cands if o.parent is None]
        if not cands:
            continue
        ante = max(cands, key=lambda o: (o.start, o.end))
        hit = OrgHit(a, e, ante.name, ante.kind, ante.scope, "anaphora", place=ante.place)
        hit.aliases.append("集团")
        at = next((i for i, o in enumerate(orgs) if o.start > a), len(orgs))
        orgs.insert(at, hit)


def _bare_heads_with_posts(unit: Unit, orgs: list[OrgHit], history: list[OrgHit]) -> None:
    """X总工会职工法律服务站调解… 服务站律师A介绍, X市劳动人事争议仲裁院… 仲裁院院长A: a clause that opens
    with the end of a body's name the article gave, right before a post, is that body (the post and
    the name then read as its)."""
    text = unit.text
    for m in lexicons.role_re().finditer(text):
        r = m.start()
        a = max(text.rfind(c, 0, r) for c in "，。；！？\n：“") + 1
        while a < r and text[a] in " \u3000":
            a += 1
        head = text[a:r]
        if not 3 <= len(head) <= 6 or not all(_HAN1.match(c) for c in head):
            continue  # (公司副总经理A: the company the article is about, read with the post's rules)
        if any(o.start < r and a < o.end for o in orgs):
            continue
        cands = [
            o for o in history + orgs if o.end <= a and o.top and o.name.endswith(head) and o.name != head
        ]
        if not cands:
            continue
        ante = max(cands, key=lambda o: (o.start, o.end))
        hit = OrgHit(a, r, ante.name, ante.kind, ante.scope, "anaphora", parent=ante.parent, place=ante.place)
        at = next((i for i, o in enumerate(orgs) if o.start > a), len(orgs))
        orgs.insert(at, hit)


#: words a headline drops from a body's name (瑞安市汽摩配行业工会 -> 瑞安汽摩配工会)
_DROPPABLE = ("行业", "产业")


def _headline_forms(orgs: list[OrgHit]) -> None:
    """X汽摩配工会 (headline: short place, 行业 dropped) and X市汽摩配行业工会 (body) are one body: the
    fuller name is the name, the shorter an alias (see ``headline_name``)."""
    for o in orgs:
        if o.source != "suffix" or not o.place:
            continue
        full = headline_name(o.name, [x for x in orgs if x.kind == o.kind])
        if full is not None:
            o.aliases.append(o.name)
            o.name, o.source = full, "anaphora"


def _unfound_short_forms(unit: Unit, orgs: list[OrgHit]) -> None:
    """X快递工会 in a headline the suffix grammar cannot read (快递 is a verb) while the article names
    X县快递行业工会: the printed short form (short place, 行业/产业 dropped) is found by its text."""
    text = unit.text
    for x in list(orgs):
        if x.source != "suffix" or not x.place or not x.name.startswith(x.place) or x.parent is not None:
            continue
        short = gazetteer.short_form(x.place)
        rest = x.name[len(x.place) :]
        stripped = rest
        for w in _DROPPABLE:
            stripped = stripped.replace(w, "")
        if not short or stripped == rest:
            continue
        for form in (short + stripped, x.place + stripped):
            a = text.find(form)  # str.find, not a pattern per name (one compile each, per document)
            while a >= 0:
                b = a + len(form)
                if not any(o.start < b and a < o.end for o in orgs):
                    hit = OrgHit(a, b, x.name, x.kind, x.scope, "anaphora", place=x.place)
                    hit.aliases.append(form)
                    at = next((i for i, o in enumerate(orgs) if o.start > a), len(orgs))
                    orgs.insert(at, hit)
                a = text.find(form, b)


#: the suffixes of a company's works (a mill, a plant, a mine)
_WORKS_SUFFIXES = frozenset({"厂", "分厂", "矿", "煤矿"})
#: a works named by its trade alone (热电厂, 水泥厂, 钢铁厂)
_WORKS_RE = re.compile(f"([{lexicons.HAN}]{{2,3}})(?:厂|矿)")


def _trade_works(orgs: list[OrgHit], history: list[OrgHit]) -> None:
    """热电厂锅炉班班长A after 牡丹江第一热电有限公司: a works named by its trade alone is the company of
    that trade (named with its place) that the article named before, not a body of its own."""
    for i, x in enumerate(orgs):
        if x.source != "suffix" or x.place or x.parent is not None or x.kind != "company":
            continue
        m = _WORKS_RE.fullmatch(x.name)
        if m is None:
            continue
        before = [*history, *orgs[:i]]
        co = next(
            (o for o in reversed(before) if o.kind == "company" and o.place and m.group(1) in o.name),
            None,
        )
        if co is not None:
            old = x.name
            x.aliases.append(old)
            x.name, x.place, x.scope = co.name, co.place, co.scope
            for sub in orgs:  # 热电厂锅炉班: the team is the company's (X热电有限公司锅炉班)
                if sub.parent is x and sub.name.startswith(old):
                    sub.aliases.append(sub.name)
                    sub.name = co.name + sub.name[len(old) :]


def headline_name(name: str, orgs: list[OrgHit]) -> str | None:
    """The fuller name among ``orgs`` that ``name`` shortens, or None: the same place (printed in full
    or short) and the same rest once 行业/产业 are dropped from the fuller one."""
    gaz = gazetteer.load()
    for k in range(min(len(name) - 2, 6), 1, -1):
        div = gaz.lookup(name[:k])
        if div is not None:
            place, rest = div.name, name[k:]
            break
    else:
        return None
    for x in orgs:
        if x.place != place or len(x.name) <= len(name) or not x.name.startswith(place):
            continue
        full_rest = x.name[len(place) :]
        stripped = full_rest
        for w in _DROPPABLE:
            stripped = stripped.replace(w, "")
        if rest in (full_rest, stripped) or _word_initials(rest, full_rest):
            return x.name
    # 扶绥县糖厂 (headline) over 广西扶绥恒发糖业有限公司渠黎糖厂: the one body of that ending whose name
    # holds the county's name
    short = gazetteer.short_form(place) or place
    works = [
        x
        for x in orgs
        if len(rest) >= 2 and x.name.endswith(rest) and len(x.name) > len(name) and short in x.name
    ]
    if len(rest) >= 2 and len({x.name for x in works}) == 1 and rest[-1:] in ("厂", "矿"):
        return works[0].name
    # 吉首市非遗工坊 (headline) over “湘西苗绣非遗工坊”: the article's one venue of that ending
    venues = {x.name for x in orgs if x.kind == "other" and len(x.name) > len(name) and x.name.endswith(rest)}
    if len(rest) >= 3 and len(venues) == 1:
        return venues.pop()
    return None


def _word_initials(short: str, full: str) -> bool:
    """茶企工会联合会 of 茶叶企业工会联合会: the same union ending, and before it the first characters of
    the full name's two-character words (茶叶企业 -> 茶企), the common way of shortening a sector."""
    for end in ("工会联合会", "联合会", "工会"):
        if short.endswith(end) and full.endswith(end):
            a, b = short[: -len(end)], full[: -len(end)]
            return len(a) >= 2 and len(b) == 2 * len(a) and a == b[::2]
    return False


#: verbs that govern the organisation after them (区组织快递行业工会): never inside its modifier
_GOVERNING_VERBS = frozenset(
    "组织 举办 承办 主办 协办 指导 支持 成立 组建 建立 召开 举行 开展 走访 慰问 看望 推动 帮助 参加 加入 来到 深入 前往 联合 "  # noqa: SIM905
    "联系 依托 通过 邀请 要求 督促 表彰 命名 授予 会同 牵头 带领 发动 动员 号召".split()
)


#: the heads of such a modifier: the industry or the workers a union or federation gathers
_MEMBERS_HEADS = ("行业", "产业", "劳动者", "从业人员", "从业者", "工作者", "人员", "职工", "员工", "群体")


def _modified_start(unit: Unit, j: int, s: int, floor: int, places: list[PlaceHit]) -> int | None:
    """The start of a union's name whose long modifier holds a verb (市新就业形态劳动者工会联合会,
    区快递行业工会): a place (or a bare 市/区/县 word) at most 10 characters before the body start
    ``j``, between them Han words that are no particle, preposition, pronoun, count or governing
    verb, the last an industry or a group of workers. None when there is no such place."""
    text = unit.text
    if not text[:s].endswith(_MEMBERS_HEADS):
        return None  # 县强化乡镇工会: a verb before a kind of union, not a union of an industry or group
    anchors = [(p.start, p.end) for p in places if floor <= p.start and p.end < j and s - p.end <= 10]
    for a in range(max(floor, s - 11), j - 1):
        if text[a] in LEVEL_CHARS and unit.is_boundary(a) and unit.is_boundary(a + 1):
            anchors.append((a, a + 1))
    for start, end in sorted(anchors, key=lambda x: (-x[1], x[0])):
        k = unit.token_at(end)
        if k is None or unit.tokens[k][0] != end or any(c in _PLACED_STOP_CHARS for c in text[end:j]):
            continue
        ok = True
        while ok and unit.tokens[k][0] < j:
            _ts, te, w, flag = unit.tokens[k]
            ok = (
                bool(_HAN1.match(w))
                and w not in _GOVERNING_VERBS
                and (flag == "v" or flag not in _PLACED_STOP)
                and flag != "c"
            )
            k += 1
        if ok and unit.tokens[k][0] == j:
            return start
    # no place before it (推动成立新就业形态劳动者工会联合会): the modifier back to a governing verb,
    # a particle or punctuation
    # (only to lengthen a body the ordinary walk found: 形态劳动者 of 新就业形态劳动者)
    i, k = j, (unit.token_at(j - 1) if floor < j < s else None)
    while k is not None and k >= 0:
        ts, te, w, flag = unit.tokens[k]
        if te != i or ts < floor or s - ts > 12 or not _HAN1.match(w) or w in _GOVERNING_VERBS:
            break
        if flag == "c" or flag in ("t", "f") or (flag != "v" and flag in _PLACED_STOP):
            break
        if any(c in _PLACED_STOP_CHARS for c in w) or w in "各全本该此这那其":
            break
        if len(w) > 1 and w in lexicons.stop_bodies():
            break  # 全市, 基层: a kind of body before the name, not its modifier (新 of 新就业 is)
        i = ts
        if ts in unit.breaks:
            break
        k -= 1
    return i if i < j else None


def _ends_common_word(unit: Unit, s: int) -> bool:
    """Whether the character at ``s`` ends a common word that starts before it (干部, 全部, 总部)."""
    k = unit.token_at(s)
    if k is None or unit.tokens[k][0] == s:
        return False
    tok, _ = _tok()
    return tok.FREQ.get(unit.tokens[k][2], 0) >= 500


def _attached_body(text: str, a: int, s: int) -> bool:
    """Whether ``text[a:s]`` may be the body of a sub-unit right after an organisation: 2-8 Han
    characters, none a particle or preposition (输电管理, 带电作业; not 的会议, 在三楼会议)."""
    body = text[a:s]
    return (
        2 <= len(body) <= 8
        and all("\u4e00" <= c <= "\u9fff" and c not in _PLACED_STOP_CHARS for c in body)
        and not body.startswith(_SUBJECT_VERBS)  # 医院组织骨科专家: the body acts, no sub-unit
        and lexicons.role_re().search(body) is None  # 委员会主任A作开班: a post and a person, no unit
    )


def _no_subunit(unit: Unit, j: int, e: int) -> bool:
    """A would-be sub-unit that is an event (培训班) or one common word (会议室, 教室)."""
    name = unit.text[j:e]
    return len(name) < 3 or name.endswith(lexicons.event_nouns()) or _generic_word(unit, j, e)


def _county_forms(orgs: list[OrgHit], places: list[PlaceHit]) -> None:
    """X市Y区总工会 -> Y区总工会: a body named with a division and the division it lies in right after.

    Papers print a district's or county's body with and without its prefecture (and a prefecture's
    with and without its province); the shorter form is the usual one and the canonical name, the
    longer an alias. The body is located in the smaller division.
    """
    from kg import gazetteer

    starts = {p.start: p for p in places if not p.short}
    gaz = None
    for o in orgs:
        if not o.place or o.source == "alias" or len(o.name) <= len(o.place):
            continue
        inner = starts.get(o.start + len(o.place))
        if inner is None or not o.name.startswith(o.place + inner.name):
            continue
        gaz = gaz or gazetteer.load()
        div = gaz.lookup(inner.name)
        up = gaz.parent(div) if div is not None else None
        if up is None or up.name != o.place or len(o.name) == len(o.place) + len(inner.name):
            continue
        o.aliases.append(o.name)
        o.name, o.place = o.name[len(o.place) :], inner.name


@lru_cache(maxsize=1)
def _abbreviations_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicons.gov_abbreviations(), key=lambda w: (-len(w), w)))


def _full_forms(orgs: list[OrgHit], history: list[OrgHit]) -> None:
    """X市人社局 -> X市人力资源和社会保障局: a government body's short form after a place (or 市/县) is
    the body's full name; a bare short form (人社局) is the full-named body the article gave before."""
    abbr = lexicons.gov_abbreviations()
    if not abbr or not orgs:
        return
    shorts = _abbreviations_longest_first()
    known = history + orgs
    for o in orgs:
        short = next((w for w in shorts if w in o.name and abbr[w] not in o.name), None)
        if short is None:
            continue
        at = o.name.index(short)
        full = o.name[:at] + abbr[short] + o.name[at + len(short) :]
        if at > 0:
            o.aliases.append(o.name)
            o.name = full
            continue
        ante = [x for x in known if x is not o and x.name.endswith(full) and len(x.name) > len(full)]
        ante = [x for x in ante if x.start < o.start] or ante
        if ante:
            a = ante[-1] if ante[-1].start < o.start else ante[0]
            o.aliases.append(o.name)
            o.name, o.scope, o.place, o.source = a.name, a.scope, a.place, "anaphora"


#: government suffixes whose body may hold words of any part of speech (卫生健康局, 城乡建设局)
_PLACED_TAILS = frozenset({"局", "委员会", "厅", "委", "办"})
#: tags that may not stand inside such a body (verbs, prepositions, particles, pronouns, numbers ...)
_PLACED_STOP = frozenset(
    {"v", "p", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r", "t", "f", "y", "m", "q"}
)
_PLACED_STOP_CHARS = frozenset("的在了是对向从把被将于为给着过等")


def _unit_named_again(text: str, s: int, e: int, places: list[PlaceHit], known: list[OrgHit]):
    """红花岗大队 after 遵义市公安局交通管理支队红花岗大队: a unit named by its place alone, the article's
    full name ending with it; (its start, that body) or None."""
    p = next((p for p in places if p.end == s), None)
    if p is None:
        return None
    tail = text[p.start : e]
    body = next(
        (o for o in reversed(known) if o.name.endswith(tail) and len(o.name) > len(tail) and o.top), None
    )
    return (p.start, body) if body is not None else None


def _may_be_placed(text: str, s: int, places: list[PlaceHit]) -> bool:
    """Whether a place or a 市/县/区/省 stands 2-10 characters before ``s`` (no tokens needed), or a place
    right before it (支队红花岗大队: a unit named by its district)."""
    if any(2 <= s - p.end <= 9 or s == p.end for p in places):
        return True
    return any(c in LEVEL_CHARS for c in text[max(0, s - 10) : max(0, s - 2)])


#: the longest body between a place and a government suffix (文化广电新闻出版旅游 in X县文化广电新闻出版旅游局)
_PLACED_BODY_MAX = 12


def _placed_start(unit: Unit, s: int, floor: int, places: list[PlaceHit]) -> int | None:
    """Start of ``place + body`` before a government suffix at ``s`` (区卫生健康局, 县扶贫办, 市卫健委).

    The body is 2-12 Han characters right after a gazetteer place (or a bare 市/县/区/省 word) whose
    tokens are all name-like (adjectives and 和 allowed: 人力资源和社会保障局, 文化广电新闻出版旅游局); None
    when there is none.
    """
    text = unit.text
    anchors = [(p.start, p.end) for p in places if floor <= p.start and 2 <= s - p.end <= _PLACED_BODY_MAX]
    for a in range(max(floor, s - _PLACED_BODY_MAX - 1), s - 2):
        if text[a] in LEVEL_CHARS and unit.is_boundary(a) and unit.is_boundary(a + 1):
            anchors.append((a, a + 1))  # 区卫生健康局: a bare 区 standing as a word of its own
    for start, end in sorted(anchors, key=lambda x: (-x[1], x[0])):
        if _placed_body(unit, end, s):
            return start
    return None


def _placed_body(unit: Unit, end: int, s: int) -> bool:
    """Whether ``text[end:s]`` may be the body of a government or office name: 2-12 Han characters
    whose tokens are all name-like (adjectives and 和 allowed), starting at a token boundary."""
    text = unit.text
    body = text[end:s]
    if not 2 <= len(body) <= _PLACED_BODY_MAX:
        return False
    if not all(_HAN1.match(c) for c in body) or any(c in _PLACED_STOP_CHARS for c in body):
        return False
    k = unit.token_at(end)
    ok = k is not None and unit.tokens[k][0] == end
    while ok and k is not None:
        ts, te, w, flag = unit.tokens[k]
        if ts >= s:
            break
        if flag in _PLACED_STOP or (flag == "c" and w not in ("和", "与")):
            # 区全民健身中心, 市职工培训中心, 区就业创业服务中心: activity words name what the centre is for
            ok = (
                flag == "v"
                and len(w) == 2
                and text.startswith("中心", s)
                and w not in _HOLD_VERBS
                and w not in _SUBJECT_VERBS
            )
        k += 1
    return ok


#: verbs that hold an event, never the activity a centre is named for (在区举办中心组学习)
_HOLD_VERBS = frozenset({"举办", "召开", "开展", "举行", "组织", "成立", "建设", "建立", "设立", "打造"})

#: verbs an organisation does right after its name (X医院组织…, X公司派出…), never the start of a
#: sub-unit (建设 is: 住建局建设科)
_SUBJECT_VERBS = tuple(sorted(_HOLD_VERBS - {"建设"})) + (
    "派出",
    "选派",
    "抽调",
    "联合",
    "邀请",
    "启动",
    "动员",
    "发动",
)


_HAN1 = re.compile(f"[{lexicons.HAN}]")


#: 该院, 该行, 该厂 ...: an anaphor made of 该 and a head noun of an organisation name
_ANAPHOR_NOUNS = (
    "集团公司",
    "医院",
    "学院",
    "学校",
    "银行",
    "集团",
    "公司",
    "中心",
    "协会",
    "院",
    "校",
    "行",
    "局",
    "厂",
    "所",
    "委",
    "办",
    "厅",
    "站",
    "队",
    "社",
    "会",
)
#: the name endings a one-character anaphor noun stands for (该委: …委 or …委员会; 该办: …办 or 办公室)
_ANAPHOR_ENDINGS = {
    "委": ("委", "委员会", "管委会"),
    "办": ("办", "办公室", "办事处"),
    "队": ("队", "大队", "支队", "中队"),
    "社": ("社", "合作社", "报社", "出版社", "信用社"),
    "会": ("工会", "协会", "学会", "商会", "联合会", "研究会", "基金会", "促进会", "委员会"),
}


@lru_cache(maxsize=1)
def _anaphor_re() -> re.Pattern:
    return re.compile("该(" + "|".join(_ANAPHOR_NOUNS) + ")")


def _refers(noun: str, o: OrgHit) -> bool:
    """Whether an organisation may be called 该 + ``noun`` (该院: a hospital or college, 该行: a bank).

    A one-character noun names the suffix character of the name (该局: …局, never a 县委 of the same
    kind): no antecedent rather than a wrong one.
    """
    if noun in ("公司", "集团公司"):
        return o.kind == "company" and ("公司" in o.name or "集团" in o.name)
    if noun == "集团":  # the group itself, not its union (X集团公司工会 is no 集团)
        return o.kind == "company" and "集团" in o.name
    if noun == "校":
        return o.kind == "school" or o.name.endswith("校")
    return o.name.endswith(_ANAPHOR_ENDINGS.get(noun, (noun,)))


def _noun_anaphor(unit: Unit, m: re.Match, known: list[OrgHit]) -> OrgHit | None:
    """该院 / 该行 / 该集团: the nearest organisation before it that such a noun can name."""
    a, e, noun = m.start(), m.end(), m.group(1)
    if not unit.is_boundary(e) and e < len(unit.text):
        return None  # 该行业: 行 starts another word
    cands = [o for o in known if o.start < a and _refers(noun, o)]
    # an inner body of a chain (the 所 of 所带电作业班) only when no whole name fits
    cands = [o for o in cands if o.top] or cands
    if noun in ("公司", "集团公司", "集团"):
        cands = [o for o in cands if o.parent is None] or cands
    if not cands:
        return None
    ante = max(cands, key=lambda o: (o.start, o.end))
    text = unit.text
    if _after_venue_mark(text, ante.start):
        # X医院组织专家在Y卫生院开展义诊。该院…: the sentence's actor, not the venue it went to
        opens = max(text.rfind(c, 0, ante.start) for c in "。！？\n") + 1
        actors = [
            o
            for o in cands
            if opens <= o.start < ante.start and text[o.start - 1 : o.start] not in _VENUE_MARKS
        ]
        if actors:
            ante = min(actors, key=lambda o: (o.start, -o.end))
    return OrgHit(a, e, ante.name, ante.kind, ante.scope, "anaphora", place=ante.place)


#: a road after an organisation suffix (学院南路, 医院路口, 体育馆大街)
_ROAD_AFTER = re.compile(r"[东西南北中]路|[东西南北中]?路(?:街道|社区|口|段|[0-9０-９]|号)|大街|大道")
#: a body built or opened right before its quoted name (建成“X工坊”): a body, not an honour's title
_BUILT_RE = re.compile(r"(?:建成|建起|成立|设立|开设|打造|挂牌)了?$")
#: people who learn, never a learned society's field (员工学会了…, 孩子们学会…)
_PEOPLE_NOUNS = frozenset(
    {
        "员工",
        "职工",
        "工人",
        "学生",
        "孩子",
        "群众",
        "居民",
        "村民",
        "大家",
        "选手",
        "学员",
        "们",
        "妇女",
        "农民",
        "青年",
    }
)
#: the trades in a cooperative's name that jieba tags verbs (X种植专业合作社, X养殖合作社)
_COOP_TRADES = frozenset({"种植", "养殖", "加工", "销售", "营销", "运输", "生产", "经营", "育苗", "种养"})
#: a cooperative's kind, no name (农民专业合作社)
_COOP_KINDS = frozenset({"农民专业", "农民", "专业", "农业", "农机", "农村", "股份经济", "经济"})
#: the levels of schooling (全县中小学, 大中小学): kinds of schools, never one school's name
_SCHOOL_LEVELS = frozenset({"中小学", "大中小学", "中小学校", "大中专", "中小学幼儿园"})

#: what a venue's name follows (在X举行, 到X参观): a body there is where something happens, not who acts
_VENUE_MARKS = frozenset("在到赴于")


def _after_venue_mark(text: str, start: int) -> bool:
    """Whether the body at ``start`` follows 在/到 (在X卫生院), or a place after one (在Y县X镇卫生院)."""
    if start > 0 and text[start - 1] in _VENUE_MARKS:
        return True
    gaz = gazetteer.load()
    return any(
        text[start - k - 1] in _VENUE_MARKS and gaz.lookup(text[start - k : start]) is not None
        for k in range(2, min(8, start))
    )


#: a city's, county's or district's own public venue, named by the bare level (区文化馆, 县体育馆)
_PUBLIC_VENUES = frozenset(
    {"文化馆", "图书馆", "博物馆", "纪念馆", "科技馆", "美术馆", "档案馆", "体育馆", "体育场", "体育中心"}
    | {"会展中心", "人才市场", "人力资源市场"}
)


def _plain(unit, j, s, e, suf, info, places, place_end, place_start, known) -> OrgHit | None:
    text = unit.text
    body = text[j:s]
    place = None
    scope = None
    if j in place_start:
        p = place_start[j]
        if p.end <= s or (p.end <= e and suf[0] in LEVEL_CHARS):
            place = p.name
            if p.short and p.end == s and suf[0] not in LEVEL_CHARS:
                pass
    # 宜阳县委: the place ends inside the suffix
    if place is None:
        for p in places:
            if p.start == j and s < p.end <= e:
                place = p.name
    bare = None
    if place is None:
        lead = body[:1] if body else (suf[0] if suf[0] in LEVEL_CHARS and suf[1:] else "")
        if lead in LEVEL_CHARS and not (body and len(body) > 1 and body[:2] in lexicons.stop_bodies()):
            bare = lead
    if info.place_bound and place is None and bare is None:
        return None
    rest = body[1:] if bare and body else body
    if (
        not body
        and not bare
        and (suf == "联合会" or (suf in ("工会", "工会联合会") and _AFTER_ELECTED.search(text, 0, j)))
    ):
        # 当选联合会首任主席, 当选工会主席: a bare 联合会 (工会 right after 当选) is the one named before
        antes = [o for o in known if o.end <= j and o.top and o.name.endswith(suf) and len(o.name) > len(suf)]
        if antes:
            a = antes[-1]
            return OrgHit(j, e, a.name, a.kind, a.scope, "anaphora", place=a.place)
    if info.needs_body and not rest and place is None and not (bare and suf in _PUBLIC_VENUES):
        return None
    if not body and bare is None:
        return None
    if rest and all(c.isdigit() for c in rest):
        return None
    if _TERM_RE.fullmatch(body):
        return None  # 第七届委员会: a body's term of office, not a body of its own
    if _COUNTED.match(body):
        return None  # 4家子公司, 一间办公室, 一厂: a count of bodies, not a name
    if _COUNTED_BEFORE.search(text, max(0, j - 6), j):
        return None  # 12家家具企业工会: a count of such bodies, not one of them
    if _ONE_OF.search(body):
        return None  # 晋江一企业工会: the union of some company there, not a name
    if len(suf) == 1 and place is None and bare is None and _generic_word(unit, j, e):
        return None  # 结局, 工厂, 药厂: a common word that ends like a suffix
    name = text[j:e]
    if bare == "市" and unit.subject:
        # 市人社局 in an article about a county-level city: that city's body, not the prefecture's
        hit = OrgHit(j, e, unit.subject + name[1:], info.kind, None, "anaphora", place=unit.subject)
        hit.aliases.append(name)
        return hit
    if bare in ("市", "省"):
        scope = "home"
        place = bare
    elif bare in ("县", "区"):
        # 县政府, 区委: the county or district the article is about
        cand = _nearest_place(unit, j, places, bare)
        if cand is None:
            return None
        place = cand
        resolved = cand + (body[1:] if body else suf[1:] if suf[0] == bare else suf) + (suf if body else "")
        if not body:
            resolved = cand + suf[1:]
        hit = OrgHit(j, e, resolved, info.kind, None, "anaphora", place=place)
        hit.aliases.append(name)
        return hit
    # 医院工会, 公司团委: the union of the hospital (company, school) the article has named
    if info.subunit and body in _GENERIC_HEADS and place is None and bare is None:
        heads = [
            o for o in known if o.end <= j and o.top and o.name.endswith(body) and len(o.name) > len(body)
        ]
        if heads:  # 公司工会 after X公司 (headline) and 山东X股份有限公司工会: the full name's company
            fuller = [
                o
                for o in known
                if o.parent is None
                and o.kind == heads[-1].kind
                and abbreviates(heads[-1].name, _unplaced(o.name))
            ]
            heads = heads + fuller[-1:]
        if not heads and body in ("集团", "公司"):
            # 集团工会 after 曲X钢铁集团有限公司(工会): the union of the group the article named
            heads = [o for o in known if o.end <= j and o.parent is None and o.kind == "company"]
            heads = [o for o in heads if _refers(body, o) and len(o.name) > len(body)]
        if heads:
            par = heads[-1]
            hit = OrgHit(j, e, par.name + suf, info.kind, par.scope, "anaphora", parent=par, place=par.place)
            hit.aliases.append(name)
            return hit
    # a branch or sub-unit standing alone (杭州分行, 二分厂): the parent is the nearest body of its kind
    branch = info.kind == "bank" and rest and len(rest) <= 4 and "银行" not in rest
    if (
        info.subunit
        and (place is not None or (rest and _is_ordinal(rest)) or branch)
        and suf not in ("工会",)
        and info.kind in ("bank", "company")  # 开封市中心医院 after X公司工会、: a body of its own
    ):
        par = _nearest_org(known, j, "bank" if info.kind == "bank" else "company", top_only=True)
        if par is not None and branch and par.name.endswith(("分行", "支行")):
            if par.name.endswith(name):  # 海沧支行 after X银行厦门海沧支行: that branch again
                hit = OrgHit(
                    j, e, par.name, info.kind, par.scope, "anaphora", parent=par.parent, place=par.place
                )
                hit.aliases.append(name)
                return hit
            par = par.parent  # another branch of the same bank: under the bank, not under the branch
        if par is not None:
            hit = OrgHit(j, e, par.name + name, info.kind, par.scope, "anaphora", parent=par, place=par.place)
            hit.aliases.append(name)
            return hit
    return OrgHit(j, e, name, info.kind, scope, place=place)


_TERM_RE = re.compile(TERM)

#: head nouns that, bare, stand for the body of that kind the article is about (医院工会)
_GENERIC_HEADS = frozenset(
    {"医院", "公司", "学校", "银行", "集团", "分公司", "分行", "工厂", "学院", "中学", "小学"}
)

#: a count right before a body: 12家, 30余个, 多家
_COUNTED_BEFORE = re.compile(r"(?:[\d０-９一二两三四五六七八九十百千几数]+[余多]?|多)[家个所]$")
#: 一企业, 一公司 ending a body: "a company (of the place before)", no name of its own
_ONE_OF = re.compile(r"(?<!第)一(?:企业|公司|单位|工厂|医院|学校|银行|社区|小区)$")
_COUNTED = re.compile(
    r"^(?:[\d一二两三四五六七八九十百千几数多]+[余多]?|[这那每各某])[家条间个座所名位种批类]"
)


def _generic_word(unit: Unit, j: int, e: int) -> bool:
    """Whether ``text[j:e]`` is one common dictionary word (not a proper name): 结局, 工厂, 当局."""
    k = unit.token_at(j)
    if k is None:
        return False
    ts, te, w, flag = unit.tokens[k]
    if (ts, te) != (j, e) or flag in ("nt", "nz", "ns", "nr", "j"):
        return False
    tok, _ = _tok()
    return tok.FREQ.get(w, 0) >= 50


def _is_ordinal(s: str) -> bool:
    return bool(re.fullmatch(r"第?[一二三四五六七八九十\d]+", s))


def _nearest_place(unit: Unit, pos: int, places: list[PlaceHit], level_char: str) -> str | None:
    """The nearest place before ``pos`` whose name ends in 市/区/县, else the first one after it (a
    bare 区 is a district: an autonomous region, 自治区, is no candidate)."""

    def fits(p: PlaceHit) -> bool:
        return p.name.endswith(level_char) and not p.name.endswith("自治区")

    before = [p for p in places if p.end <= pos and fits(p)]
    if before:
        return before[-1].name
    after = [p for p in places if p.start >= pos and fits(p)]
    return after[0].name if after else None


def _nearest_org(known: list[OrgHit], pos: int, kind: str, top_only: bool = False) -> OrgHit | None:
    cands = [o for o in known if o.kind == kind and o.end <= pos and (o.parent is None or not top_only)]
    if not cands:
        cands = [o for o in known if o.kind == kind and o.parent is None]
    return cands[-1] if cands else None


def _resolve_anaphor(unit, j, s, e, suf, kind, places, known) -> OrgHit | None:
    """该市总工会 / 该区总工会 / 该公司: the antecedent of the right type in the same article."""
    text = unit.text
    start = j - 1 if text[j - 1] == "该" else j - 2
    level = text[start + 1] if text[start + 1] in LEVEL_CHARS else None
    body = text[j:s]
    if level and body.startswith(level):
        body = body[1:]
    if level is None and body and body[0] in LEVEL_CHARS:
        level, body = body[0], body[1:]
    surface = text[start:e]
    if level is None:
        # 该公司, 该医院: the nearest organisation of that kind whose name ends like the anaphor
        same = [o for o in known if o.kind == kind and o.parent is None and _ends_like(o.name, suf)]
        cand = [o for o in same if o.start < start] or same
        if not cand:
            return None
        ante = cand[-1]
        hit = OrgHit(start, e, ante.name, kind, ante.scope, "anaphora", place=ante.place)
        return hit
    rest = body + suf
    names = {o.name for o in known}
    cands = [p for p in places if p.name.endswith(level)]
    before = [p for p in cands if p.end <= start]
    chosen = None
    for p in reversed(before):
        if p.name + rest in names:
            chosen = p.name
            break
    if chosen is None:
        for p in cands:
            if p.name + rest in names:
                chosen = p.name
                break
    if chosen is None and before:
        chosen = before[-1].name
    if chosen is None and cands:
        chosen = cands[0].name
    if chosen is None:
        return None
    return OrgHit(start, e, chosen + rest, kind, None, "anaphora", place=chosen, aliases=[])
    del surface  # pragma: no cover


def _ends_like(name: str, suf: str) -> bool:
    """Whether ``name`` ends in the suffix an anaphor repeats (该局: …局; 该委: …委员会 too)."""
    if len(suf) > 1:
        return name.endswith(suf) or (suf.endswith("公司") and "公司" in name)
    return name.endswith(_ANAPHOR_ENDINGS.get(suf, (suf,)))


def _listed_companies(unit: Unit, places: list[PlaceHit], found: list[OrgHit]) -> list[OrgHit]:
    """X等N家企业: X is a company even without a suffix."""
    out = []
    for m in _listed_re().finditer(unit.text):
        s = m.start()
        j = _strip_stop(unit, body_start(unit, s, limit=8), s)
        name = unit.text[j:s]
        if (
            len(name) < 2
            or name in lexicons.org_suffixes()  # X（集团）有限公司等: the walk stopped at a bracket
            or any(o.start <= j < o.end for o in found)
            or any(p.start == j and p.end == s for p in places)
        ):
            continue
        out.append(OrgHit(j, s, name, "company", source="list"))
    return out


@lru_cache(maxsize=1)
def _listed_re() -> re.Pattern:
    return re.compile(r"等(?:\d+|[一二三四五六七八九十]+)家(?:企业|公司|单位|企事业单位)")


def _ellipsis(orgs: list[OrgHit], history: list[OrgHit]) -> None:
    """自来水公司 after 市自来水公司: a bare name that ends a fuller one of the article is that one."""
    known = history + orgs
    for o in orgs:
        if o.source != "suffix" or o.parent is not None:
            continue
        longer = [x for x in known if x is not o and len(x.name) > len(o.name) and x.name.endswith(o.name)]
        # 榆次车务段 after 中国铁路X局集团有限公司榆次车务段: a unit named after its group, then alone
        units = [x for x in longer if x.parent is not None and x.name == x.parent.name + o.name]
        if o.place is not None and not units:
            continue
        longer = units or [x for x in longer if x.place is not None or x.scope == "home"]
        if longer:
            ante = min(longer, key=lambda x: (abs(x.start - o.start), x.name))
            o.aliases.append(o.name)
            o.name, o.scope, o.place, o.source = ante.name, ante.scope, ante.place, "anaphora"
