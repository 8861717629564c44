"""Stage 3: split a normalised page into articles (kicker, headline, subtitle, byline, body) and captions.

``kg.normalize`` leaves one paragraph, title or byline per line; this stage classifies the lines and
groups them.  Bylines are the anchors: the short unpunctuated lines right above a byline are that
article's title block (kicker above headline, ``———`` subtitle below).  A title block followed directly
by body text also starts an article (papers without bylines, single-article files).  Lines ending in a
photo credit (``X 摄``, ``X/摄``, ``记者 X 摄``, ``X 摄影``, ``图/X``) are captions: attached to the
article they sit in or follow when they talk about it (``图为…``, or they share most of their words with
it), standalone (``article=None``) when they are an item of their own between articles.

Credits.  Role words decide the role: 记者/本报记者/见习记者/特约记者/文 -> author, 通讯员/特约通讯员/
实习生 -> contributor, 摄/摄影/摄影记者/图 -> photographer.  Names without a role word in
``本报讯（…）`` or ``新华社…电（…）`` are taken as *authors*: the parenthesis after a dateline names the
people who wrote the piece unless a role word says otherwise.  Names are split on spaces (also spaces
that normalisation dropped: the original text is consulted through ``Page.origin``), 、，和及; a
one-character piece left by a line break inside a name is glued back (``木`` / ``子`` -> ``木子``).
A dated dateline (``本报台州11月8日讯　记者　A　实习生　B``) is one too; a bracketed byline closing the
last paragraph (``……座谈。（记者 A）``, on its line or the next) credits that article. Page furniture
(``第6版 工会·职工``, a masthead date with 星期) heads the next article's span, outside its title block.

Nothing is lost: every non-space character of the page lies in an article's span or a caption's span,
except the credit of a standalone caption (``王五 摄``), which its ``Caption.credits`` carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicons import surnames
from kg.model import Article, Caption, Credit, CreditRole, Page, Segmented, Span
from kg.normalize import FURNITURE_RE, PAPER_NAME_RE, LazyPattern, section_label

_HAN = r"\u3400-\u9fff\uf900-\ufaff"
#: qualifiers before a role word (全媒体记者, 融媒体记者, 首席记者, 特约通讯员); never a name
_ROLE_QUAL = r"(?:本报|本刊)?(?:全媒体|融媒体|新媒体|首席|特约|见习|实习|驻站)*"
_ROLE_WORD_RE = re.compile(
    _ROLE_QUAL + r"(?:摄影记者|记者|通讯员)|实习生|摄影|文[ ]*[/／·・][ ]*图|文图|[文图][ ]*[/／:：]"
)
#: the names of other papers and stations before 记者 on a byline line of its own (江城日报记者 A)
_PAPER_RE = (
    r"(?:[" + _HAN + r"]{1,10}?(?:日报|晚报|早报|晨报|商报|时报|都市报|报|电视台|广播电视台|融媒体中心)"
    r"|[A-Z]{2,8}(?=[ ]*(?:全媒体|融媒体|新媒体)))"  # YMG全媒体记者 A: a media group's letters
)
#: marks some papers set before a byline (■本报记者 A, ◎记者 A)
_DECOR = "■□◎●○◆◇▲△★☆▶►▼◇"
_DATELINE_RE = re.compile(
    r"(?P<lead>本报讯|[" + _HAN + r"]{1,12}?(?:报|社|台|网|刊)讯"
    r"|[" + _HAN + r"]{2,6}?(?<!通)讯(?=[ ]*[（(][ ]*(?:本报|本刊)?(?:特约|见习|实习)?(?:记者|通讯员))"
    r"|[" + _HAN + r"]{1,8}?(?:报|社|台|网|刊)[" + _HAN + r"]{1,10}(?:\d{1,2}月\d{1,2}日)?(?<!通)讯"
    r"|(?:[" + _HAN + r"]{1,8}社)[" + _HAN + r"]{0,10}\d{1,2}月\d{1,2}日电)"
    r"[ ]*(?:[（(](?P<inner>[^（）()\n]{0,60})[）)])?"
)
_PAREN_BYLINE_RE = re.compile(
    r"[（(](?P<inner>[ ]*(?:"
    + _PAPER_RE  # （桂林日报记者 A 通讯员 B）: the paper's name before its reporter
    + r"(?=[ ]*(?:全媒体|融媒体|新媒体|首席|特约|见习)*(?:摄影记者|记者)))?"
    + _ROLE_QUAL
    + r"(?:摄影记者|记者|通讯员|实习生)[^（）()\n]{0,60})[）)]"
)
_ROLE_LINE_RE = re.compile(
    r"(?P<paper>"
    + _PAPER_RE
    + r"(?=[ ]*(?:全媒体|融媒体|新媒体|首席|特约|见习)*记者))?"
    + _ROLE_QUAL
    + r"(?:摄影记者|记者|通讯员|实习生)"
)
_WENTU_RE = re.compile(r"(?:文[ ]*[/／·・][ ]*图|文图|文|图|摄影)[ ]*[/／:：]")
_BODY_PUNCT_RE = re.compile(r"[，。；：、！？,;!?]")
_FRAGMENT_RE = re.compile(r"^[0-9A-Za-z.,%+:/\- ]+$")
_DASH_RE = re.compile(r"(?:[—－–-][ ]*){2,}")
_CREDIT_MARK_RE = re.compile(r"[ ]*[/／]?[ ]*(?:摄影|摄)$")
_PIC_CREDIT_RE = re.compile(r"(?:图片|图|摄影|摄)[ ]*[/／:：][ ]*(?P<names>[" + _HAN + r"·、， ]{2,20})$")
_PHOTO_PREFIX_RE = re.compile(r"^[（(]?(?:图为|上图|下图|左图|右图|图片为|照片为|图中|图一|图二|组图)")
#: what may stand right before a credit that is not set off by a space, slash or role word
_CREDIT_STOP = "。！？!?”’）)」』"
_SUFFIX_WORDS = ("报道", "等")
_TITLE_MAX_CHARS = 40
_TITLE_BLOCK_MAX = 4
_LOOSE_TITLE_MAX_CHARS = 24
#: share of a caption's character bigrams found in the article before it that makes it "about" it
_CAPTION_OVERLAP = 0.5
#: common surnames, used only to split an unspaced run of two names (张三李四)
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)

_ROLE_OF: dict[str, tuple[CreditRole, ...]] = {
    "记者": ("author",),
    "文": ("author",),
    "通讯员": ("contributor",),
    "实习生": ("contributor",),
    "摄影记者": ("photographer",),
    "摄影": ("photographer",),
    "图": ("photographer",),
    "摄": ("photographer",),
    "文/图": ("author", "photographer"),
}


def _roles(word: str) -> tuple[CreditRole, ...]:
    """The credit roles a role word stands for (``本报特约通讯员`` -> contributor)."""
    w = re.sub(r"[ /／:：·・]", "", word)
    if w in ("文图",):
        return _ROLE_OF["文/图"]
    for key in ("摄影记者", "记者", "通讯员", "实习生", "摄影"):
        if w.endswith(key):
            return _ROLE_OF[key]
    return _ROLE_OF.get(w, ("author",))


# --------------------------------------------------------------------------------------------- names


def _gap(page: Page, i: int) -> str | None:
    """What normalisation removed between page chars ``i-1`` and ``i``: 'newline', 'space' or None."""
    if i <= 0 or i >= len(page.text):
        return None
    a, b = page.origin[i - 1], page.origin[i]
    if b - a <= 1:
        return None
    between = page.doc.text[a + 1 : b]
    return "newline" if any(c in between for c in "\n\r\u2028\u2029\x0b\x0c\x85") else "space"


def _is_name_char(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch == "·"


def _split_two(tok: str) -> list[str]:
    """Split an unspaced run such as ``张三李四`` or ``张三和李四`` into names when it is clearly two."""
    n = len(tok)
    for k in range(2, n - 1):
        if tok[k] in "和及与" and 2 <= k <= 4 and 2 <= n - k - 1 <= 4:
            return [tok[:k], tok[k + 1 :]]
    if n >= 5:
        for k in (2, 3):
            if 2 <= n - k <= 4 and tok[0] in _SURNAMES and tok[k] in _SURNAMES:
                return [tok[:k], tok[k:]]
    return [tok]


def _names(page: Page, start: int, end: int) -> list[tuple[int, int]]:
    """Name spans in ``page.text[start:end]``: split on separators and original spaces, glue line breaks."""
    text = page.text
    spans: list[tuple[int, int, str]] = []  # (start, end, what separates it from the previous piece)
    cur = -1
    boundary = "sep"
    for i in range(start, end):
        if _is_name_char(text[i]):
            if cur < 0:
                cur = i
            elif (g := _gap(page, i)) is not None:
                spans.append((cur, i, boundary))
                boundary, cur = g, i
        else:
            if cur >= 0:
                spans.append((cur, i, boundary))
                cur = -1
            boundary = "sep"
    if cur >= 0:
        spans.append((cur, end, boundary))
    # glue one-character pieces across a line break (a name cut by the PDF's line end)
    merged: list[tuple[int, int, str]] = []
    for s, e, b in spans:
        if merged and b == "newline" and (e - s == 1 or merged[-1][1] - merged[-1][0] == 1):
            ps, _pe, pb = merged.pop()
            merged.append((ps, e, pb))
        elif (
            merged
            and (b == "space" or (b == "sep" and not text[merged[-1][1] : s].strip(" ")))
            and e - s == 1
            and merged[-1][1] - merged[-1][0] == 1
        ):
            # 田　野, 过　敏: a two-character name padded to the width of three (a lone character is
            # no name, so two of them set apart by padding are one, whatever the family name)
            ps, _pe, pb = merged.pop()
            merged.append((ps, e, pb))
        else:
            merged.append((s, e, b))
    out: list[tuple[int, int]] = []
    for s, e, _b in merged:
        tok = text[s:e]
        for suffix in _SUFFIX_WORDS:
            if tok.endswith(suffix) and len(tok) > len(suffix) + 1:
                tok = tok[: -len(suffix)]
                e = s + len(tok)
        if tok in _SUFFIX_WORDS:
            continue
        pos = s
        for part in _split_two(tok):
            p = text.index(part, pos, e)
            if len(part) >= 2:
                out.append((p, p + len(part)))
            pos = p + len(part)
    return out


def _credits(page: Page, start: int, end: int, default: tuple[CreditRole, ...]) -> list[Credit]:
    """Credits in a byline's inner text: role words switch the role for the names that follow."""
    text = page.text
    out: list[Credit] = []
    roles = default
    pos = start
    mark = False  # the role word before was a photo mark (图/, 摄影)
    for m in _ROLE_WORD_RE.finditer(text, start, end):
        for s, e in _names(page, pos, m.start()):
            if not _OUTLET_RE.fullmatch(text, s, e):
                out.extend(Credit(text[s:e].replace(" ", ""), r, s, e) for r in roles)
        if not (mark and not text[pos : m.start()].strip()):  # 图/记者 B: a reporter taking the photo
            roles = _roles(m.group())
        mark = roles == ("photographer",) and "记者" not in m.group()
        pos = m.end()
    for s, e in _names(page, pos, end):
        if not _OUTLET_RE.fullmatch(text, s, e):
            out.extend(Credit(text[s:e].replace(" ", ""), r, s, e) for r in roles)
    return out


#: a paper, station or county media centre named among the credits (文/图 江城晚报记者 A, （X县融媒体
#: 中心 A）): the outlet the person works for, no person
_OUTLET_RE = LazyPattern(
    _PAPER_RE + r"|[" + _HAN + r"]{2,12}?(?:融媒体中心|新闻中心|传媒中心|广播电视台|电视台|新闻网)"
)


# --------------------------------------------------------------------------------------------- lines


@dataclass
class _Byline:
    start: int
    end: int
    body_start: int  # where the body text begins (may be the line end)
    credits: list[Credit]
    dateline: str | None = None
    photo_report: bool = False  # A 摄影报道: the authors took the article's photos too


@dataclass
class _CaptionLine:
    text_start: int
    text_end: int  # caption text without the credit
    credits: list[Credit]
    about_previous: bool  # starts with 图为…: it describes the article it follows
    bracketed: bool = False  # （X 摄） on a line of its own: a photo of the article, no text of its own


@dataclass
class _Line:
    start: int
    end: int
    kind: str  # title | subtitle | byline | caption | body
    byline: _Byline | None = None
    caption: _CaptionLine | None = None
    list_item: bool = False  # an item of the list a paragraph ending with a colon opens


def _parse_byline(page: Page, s: int, e: int) -> _Byline | None:
    text = page.text
    first = s
    while s < e and (text[s] in _DECOR or text[s] == " "):
        s += 1  # ■本报记者 A: a mark set before the byline
    if s == e or (s > first and not _is_name_char(text[s])):
        return None
    m = _DATELINE_RE.match(text, s, e)
    if m:
        lead = m.group("lead")
        # 新华社南昌6月17日电, 本报台州11月8日讯: a place and a date the article is reported from
        dateline = lead if lead.endswith("电") or lead.endswith("日讯") else None
        if m.start("inner") >= 0:
            creds = _credits(page, m.start("inner"), m.end("inner"), ("author",)) if m.group("inner") else []
            return _Byline(first, m.end(), _skip_spaces(text, m.end(), e), creds, dateline)
        # 本报讯 记者 A 报道 / 本报讯 记者A 通讯员B: the credits follow the dateline unbracketed
        rest = _skip_spaces(text, m.end(), e)
        role = _role_line(page, rest, e, inline=True)
        if role is not None:
            return _Byline(first, role.end, role.body_start, role.credits, dateline)
        return _Byline(first, m.end(), rest, [], dateline)
    m = _PAREN_BYLINE_RE.match(text, s, e)
    if m:
        creds = _credits(page, m.start("inner"), m.end("inner"), ("author",))
        return _Byline(first, m.end(), _skip_spaces(text, m.end(), e), creds)
    role = _role_line(page, s, e, inline=s > first)
    if role is not None:
        role.start = first
        return role
    return _names_first_line(page, s, e)


#: 张 敏／文 李建华／图: each name before the mark of what it made (a line of its own)
_NAME_FIRST_RE = re.compile(
    r"(?P<names>[" + _HAN + r"](?:[ ]?[" + _HAN + r"·]){1,3})[ ]*[/／][ ]*(?P<role>文|图|摄影|摄)[ ]*"
)


def _names_first_line(page: Page, s: int, e: int) -> _Byline | None:
    """``张 敏／文 李建华／图``: a byline naming each person before the slash and the role mark."""
    text = page.text
    creds: list[Credit] = []
    i = s
    while i < e:
        m = _NAME_FIRST_RE.match(text, i, e)
        if m is None:
            return None
        role = _ROLE_OF["摄" if m.group("role") in ("图", "摄影", "摄") else "文"]
        a, b = m.span("names")
        creds.extend(Credit(text[a:b].replace(" ", ""), r, a, b) for r in role)
        i = m.end()
    if not creds or len(creds) > 4:
        return None
    return _Byline(s, e, e, creds)


def _role_line(page: Page, s: int, e: int, inline: bool) -> _Byline | None:
    """``本报记者 A B`` / ``记者 A 通讯员 B 报道`` / ``文/图 A`` at ``s``: names up to 报道, the line end or body.

    Body text may follow on the same line only when the line cannot be a sentence about a reporter
    (记者了解到，…): after a dateline, after 本报/本刊/文/图, or when 报道 closes the names.
    """
    text = page.text
    m = _ROLE_LINE_RE.match(text, s, e) or _WENTU_RE.match(text, s, e)
    if not m:
        return None
    paper = m.re is _ROLE_LINE_RE and m.group("paper")
    cs = m.end("paper") if paper else s
    inline = inline or bool(paper)
    punct = _BODY_PUNCT_RE.search(text, s, e)
    rest_end = punct.start() if punct else e
    report = text.find("报道", m.end(), rest_end)
    if report >= 0:
        creds = _credits(page, cs, report, ("author",))
        names_ok = creds and all(2 <= c.end - c.start <= 4 for c in creds)
        if names_ok:
            return _with_trailing_wentu(page, _Byline(s, report + 2, report + 2, creds), e)
    wentu = _TRAILING_WENTU_RE.search(text, cs, rest_end)
    closed = bool(wentu and (wentu.end() == rest_end or _gap(page, wentu.end())))
    if wentu and closed:
        rest_end = wentu.start()  # 记者 A 文/图: the mark closes the names
    elif punct and (date := _BODY_DATE_RE.search(text, cs, rest_end)) is not None and date.start() > cs:
        rest_end, closed = date.start(), True  # 记者 A 通讯员 B 12月1日，…: the body opens with its date
    creds = _credits(page, cs, rest_end, ("author",))
    if not creds:
        return None
    if not punct:
        creds = _marked_after(text, creds, e)
        return _with_trailing_wentu(page, _Byline(s, max(c.end for c in creds), e, creds), e, whole=True)
    if not (inline or closed) and not m.group().startswith(("本报", "本刊", "文", "图")):
        return None  # 记者了解到，… / 通讯员说，… : body text about a reporter, not a byline
    # body text follows on the same line: its first words (up to the punctuation) are no name
    last = max(c.start for c in creds)
    kept = [c for c in creds if c.start != last or c.end < rest_end or closed]
    if not kept or (kept == creds and not closed):
        kept = [c for c in creds if c.start == creds[0].start]
    end = max(c.end for c in kept)
    for word in _SUFFIX_WORDS:  # 记者 A 报道 / 本报记者 A 等
        if text.startswith(word, _skip_spaces(text, end, e)):
            end = _skip_spaces(text, end, e) + len(word)
            break
    return _with_trailing_wentu(page, _Byline(s, end, end, kept), e)


#: a role mark after a name on a byline line of its own (记者 A 文 B 图): what each made
_MARK_AFTER_RE = re.compile(r"[ ]+(?P<mark>文|图)(?=$|[ ]+(?!本报|记者|摄影|通讯员|实习)[" + _HAN + r"])")


def _marked_after(text: str, creds: list[Credit], e: int) -> list[Credit]:
    """``X日报记者 A 文 B 图``: a name followed by 图 took the photos (a photographer, not an author); 摄影
    after a name opens the next person's credit instead (记者 A 摄影 本报记者 B)."""
    out = []
    for c in creds:
        m = _MARK_AFTER_RE.match(text, c.end, e)
        if m is not None and m.group("mark") != "文" and c.role == "author":
            c = Credit(c.name, "photographer", c.start, c.end)
        out.append(c)
    return out


#: a date opening the body right after unbracketed credits (记者 A 通讯员 B 12月1日，…)
_BODY_DATE_RE = re.compile(r"\d{1,4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{1,2}日[上中下]午")
_TRAILING_WENTU_RE = LazyPattern(r"(?<=[" + _HAN + r"])[ ]*(?:文[ ]*/[ ]*图|图[ ]*/[ ]*文|文图)")


def _with_trailing_wentu(page: Page, by: _Byline, e: int, whole: bool = False) -> _Byline:
    """``记者 A 文/图``: a closing 文/图 makes the named authors photographers too; the body follows.

    ``whole``: the byline is its line (nothing after it is body).
    """
    text = page.text
    m = _TRAILING_WENTU_RE.match(text, by.end, e)
    if m is not None:
        authors = [c for c in by.credits if c.role == "author"]
        by.credits = [*by.credits, *(Credit(c.name, "photographer", c.start, c.end) for c in authors)]
        by.end = m.end()
    if whole:
        by.end = by.body_start = e
    else:
        by.body_start = _skip_spaces(text, by.end, e)
    return by


def _skip_spaces(text: str, i: int, e: int) -> int:
    while i < e and text[i] == " ":
        i += 1
    return i


#: ``（X供图）`` closing a line: the photo's supplier; ``供稿``/``提供`` only after a 图为… caption text
_SUPPLIED_RE = re.compile(r"[（(][ ]*(?P<who>[^（）()\n]{2,30}?)[ ]*(?P<verb>供图|供稿|提供)[ ]*[）)]$")
#: how an organisation's name ends (a supplier that is no person)
_ORG_END_RE = re.compile(r"(?:会|司|团|局|院|委|部|中心|站|所|队|馆|行|校|办|社|厂|室|台|报|网)$")


_EDITOR_WORD = r"(?:(?:本版|责任|版面|文字|图片|美术)?编辑|(?:值班)?编委|值班主任|责编|美编|校对|审校|审核|审读|组版|版式|排版|签发)"
#: 本版编辑 A / 责任编辑：A / 校对 B: the page's editors, furniture (no credit of the article above);
#: 编辑：A校对：B (the space between them dropped next to the colon) as well
#: (a two-character name may be padded to three: 丁　宁)
_EDITOR_NAME = r"(?:[" + _HAN + r"·]{2,4}|[" + _HAN + r"][ ]{1,2}[" + _HAN + r"])"
_EDITOR_LINE_RE = re.compile(
    r"^"
    + _EDITOR_WORD
    + r"[ ]*[:：]?[ ]*"
    + _EDITOR_NAME
    + r"(?:(?:[ 、，,]+(?:"
    + _EDITOR_WORD
    + r"[ ]*[:：]?[ ]*)?|[ ]*"
    + _EDITOR_WORD
    + r"[ ]*[:：][ ]*)"
    + _EDITOR_NAME
    + r")*$"
)


def _supplied_caption(page: Page, s: int, e: int) -> _CaptionLine | None:
    """``图为…现场。（X集团工会供图）``: a photo caption credited to its supplier. A person supplying it
    is its photographer; an organisation is no credit (it stays in the caption text, a mention)."""
    text = page.text
    line = text[s:e]
    m = _SUPPLIED_RE.search(line)
    if m is None or m.start() == 0:
        return None
    about = bool(_PHOTO_PREFIX_RE.match(line))
    who = m.group("who")
    lead = re.match(r"(?:图片|照片|图)?由[ ]*", who)
    if m.group("verb") != "供图" and not about and not (lead and lead.group().strip() != "由"):
        return None  # （数据由X提供）, （X供稿）: a source of the text, not of a photo
    if not _SENTENCE_END_RE.search(line[: m.start()].rstrip()) and not about:
        return None
    skip = lead.end() if lead else 0  # （图片由A提供）: A supplied it
    about = True  # a supplied photo right after an article is that article's
    who = who[skip:]
    role = _ROLE_WORD_RE.search(who)
    body = _rstrip(text, s, s + m.start())
    if role is None and (_ORG_END_RE.search(who) or len(who) > 4 or not all(map(_is_name_char, who))):
        return _CaptionLine(s, e, [], about)  # an organisation: the caption keeps its name
    names = _names(page, s + m.start("who") + skip + (role.end() if role else 0), s + m.end("who"))
    names = [(a, b) for a, b in names if 2 <= b - a <= 4]
    if not names:
        return None
    return _CaptionLine(
        s, body, [Credit(text[a:b].replace(" ", ""), "photographer", a, b) for a, b in names], about
    )


def _parse_caption(page: Page, s: int, e: int) -> _CaptionLine | None:
    """A line ending in a photo credit; the credit must be set off (space, slash, 。, role word)."""
    text = page.text
    line = text[s:e]
    if line[:1] in "（(" and line[-1:] in "）)" and _PHOTO_PREFIX_RE.match(line) and e - s > 4:
        # （图为民警讲解安全知识。记者 A 摄）: the whole caption in brackets, its credit inside
        inner = _parse_caption(page, s + 1, e - 1)
        if inner is not None and inner.credits:
            return inner
    if (supplied := _supplied_caption(page, s, e)) is not None:
        return supplied
    if (tail := _TAIL_BRACKET_RE.search(line)) is not None and _PHOTO_PREFIX_RE.match(line):
        # 图为成立大会现场。（张三 摄）: the caption's text, then its credit in brackets
        bs = s + tail.start("b")
        cred = _bracketed_credit(page, bs, e)
        if cred is not None and bs > s:
            return _CaptionLine(s, _rstrip(text, s, bs), cred.credits, True)
    m = _PIC_CREDIT_RE.search(line)
    if m and (m.start() == 0 or not _is_name_char(line[m.start() - 1]) or _gap(page, s + m.start())):
        cs = s + m.start("names")
        creds = [Credit(text[a:b].replace(" ", ""), "photographer", a, b) for a, b in _names(page, cs, e)]
        if creds:
            return _CaptionLine(s, _rstrip(text, s, s + m.start()), creds, bool(_PHOTO_PREFIX_RE.match(line)))
    m = _CREDIT_MARK_RE.search(line)
    if not m or m.start() < 2:
        return None
    mark = s + m.start()
    set_off = "/" in m.group() or "／" in m.group() or " " in m.group() or _gap(page, mark) is not None
    # walk back over the credit: names, spaces, 、 and role words, up to punctuation or the line start
    i = mark
    while i > s and (_is_name_char(text[i - 1]) or text[i - 1] in " 、"):
        i -= 1
        if mark - i > 24:
            return None
    region_start = i
    role = _ROLE_WORD_RE.search(text, region_start, mark)
    if role:  # 记者 张三 摄: the role word sets the credit off
        region_start = role.start()
        set_off = True
    if not set_off and not (region_start == s or text[region_start - 1] in _CREDIT_STOP):
        return None
    names = _names(page, role.end() if role else region_start, mark)
    # without punctuation before the credit, only the names set off by spaces belong to it
    if region_start != s and text[region_start - 1] not in _CREDIT_STOP and not role:
        names = names[-1:]
    if region_start == s and not role and len(names) == 1 and mark - s > 4 and "·" not in text[s:mark]:
        names = []
    # two to four characters, or a transliterated name (买买提·艾力)
    names = [(a, b) for a, b in names if 2 <= b - a <= 4 or ("·" in text[a:b] and b - a <= 15)]
    if not names:
        return None
    if not role:
        region_start = names[0][0]
        # keep only the trailing names that are set off from the caption text
        keep = [names[-1]]
        for a, b in reversed(names[:-1]):
            if keep[0][0] - b <= 2:
                keep.insert(0, (a, b))
            else:
                break
        names = keep
        region_start = names[0][0]
    creds = [Credit(text[a:b].replace(" ", ""), "photographer", a, b) for a, b in names]
    return _CaptionLine(s, _rstrip(text, s, region_start), creds, bool(_PHOTO_PREFIX_RE.match(line)))


_BRACKETED_RE = re.compile(r"[（(](?P<inner>[^（）()\n]{2,40})[）)]")
#: a bracket closing a line after a sentence (……现场。（张三 摄）)
_TAIL_BRACKET_RE = re.compile(r"(?<=[。！？!?”’」』])[ ]*(?P<b>[（(][^（）()\n]{2,40}[）)])$")


def _bracketed_credit(page: Page, s: int, e: int) -> _CaptionLine | None:
    """``（张三 摄）``, ``(记者 张三 摄)``, ``（张三/摄）`` on a line of their own: the credit of a photo
    printed in the article (the line is neither a byline nor a caption of the paragraph above)."""
    m = _BRACKETED_RE.fullmatch(page.text, s, e)
    if m is None or not _CREDIT_MARK_RE.search(m.group("inner").rstrip()):
        return None
    a = _skip_spaces(page.text, m.start("inner"), m.end("inner"))
    cap = _parse_caption(page, a, _rstrip(page.text, a, m.end("inner")))
    if cap is None or _rstrip(page.text, cap.text_start, cap.text_end) != cap.text_start:
        return None  # text besides the credit: not a bare credit
    return _CaptionLine(s, s, cap.credits, False, bracketed=True)


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] == " ":
        e -= 1
    return e


#: a feature's deck under its headline: ——记全国劳模、X公司高级技师A (whom the profile is of)
_PROFILE_DECK_RE = re.compile(r"[ ]*(?:记|追记|访)[^。！？!?\n]{2,60}")


def _loose_title(line: str) -> bool:
    """A short line that may still be a headline: ``这个冬天不再冷！``, ``小区停电，居民点赞``."""
    return (
        0 < len(line) <= _LOOSE_TITLE_MAX_CHARS
        and "。" not in line
        and line[-1] not in "，、；：,;:"
        and any(_is_name_char(c) for c in line)
    )


def _titleish(line: str) -> bool:
    return (
        0 < len(line) <= _TITLE_MAX_CHARS
        and not _BODY_PUNCT_RE.search(line)
        and not _FRAGMENT_RE.match(line)
        and any(_is_name_char(c) for c in line)
    )


def _classify(page: Page) -> list[_Line]:
    text = page.text
    lines: list[_Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        s, e = pos, end
        s = _skip_spaces(text, s, e)
        e = _rstrip(text, s, e)
        pos = end + 1
        if s == e:
            if nl < 0:
                break
            continue
        line = text[s:e]
        by = None if (pc := _bracketed_credit(page, s, e)) else _parse_byline(page, s, e)
        if (FURNITURE_RE.match(line) and _titleish(line)) or _EDITOR_LINE_RE.match(line):
            lines.append(_Line(s, e, "furniture"))  # 第6版 工会·职工: heads the next article, no title
        elif (
            lines
            and lines[-1].kind == "body"
            and _SENTENCE_END_RE.search(text, lines[-1].start, lines[-1].end)
            and (report := _photo_report_line(page, s, e)) is not None
        ):
            lines.append(_Line(s, e, "closing", byline=report))  # …用餐。 / 程 亮 摄影报道
        elif pc is not None:
            lines.append(_Line(s, e, "caption", caption=pc))
        elif by is not None and not (_CREDIT_MARK_RE.search(line) and lines and lines[-1].kind == "body"):
            lines.append(_Line(s, e, "byline", byline=by))
        elif (cap := _parse_caption(page, s, e)) is not None:  # 记者 B 摄 under a paragraph: its photo
            lines.append(_Line(s, e, "caption", caption=cap))
        elif (dash := _DASH_RE.match(line)) and (
            _titleish(line[dash.end() :])
            or _loose_title(line[dash.end() :])
            or _PROFILE_DECK_RE.fullmatch(line, dash.end())
        ):
            lines.append(_Line(s, e, "subtitle"))
        elif (
            lines
            and _has_text(lines[-1])
            and _SENTENCE_END_RE.search(text, lines[-1].start, lines[-1].end)
            and (closing := _closing_line(page, s, e)) is not None
        ):
            lines.append(_Line(s, e, "closing", byline=closing))
        elif _titleish(line):
            lines.append(_Line(s, e, "title"))
        elif _loose_title(line):
            lines.append(_Line(s, e, "title?"))
        else:
            lines.append(_Line(s, e, "body"))
        if nl < 0:
            break
    # a credit on a line of its own (``张三 摄``) credits the paragraph above it
    for i in range(len(lines) - 1, 0, -1):
        cap = lines[i].caption
        if (
            cap is not None
            and not cap.bracketed
            and cap.text_start == cap.text_end
            and lines[i - 1].kind == "body"
        ):
            prev = lines.pop(i - 1)
            cap.text_start, cap.text_end = prev.start, prev.end
            cap.about_previous = bool(_PHOTO_PREFIX_RE.match(text[prev.start : prev.end]))
            lines[i - 1].start = prev.start
    # ……座谈。 / （记者 A）: a bracketed byline on a line of its own after a paragraph's last sentence,
    # with no body text after it, closes that paragraph (it credits the article above)
    for i in range(1, len(lines)):
        ln, prev = lines[i], lines[i - 1]
        by = ln.byline
        if ln.kind != "byline" or by is None or by.dateline or by.end != ln.end:
            continue
        bracketed = text[ln.start] in "（("
        if not bracketed and not _set_right(page, ln.start):
            continue  # 文/图 本报通讯员 A set to the right under the last paragraph closes it too
        if i + 1 < len(lines) and lines[i + 1].kind == "body":
            below = lines[i + 1]
            if bracketed or not _PHOTO_PREFIX_RE.match(text[below.start : below.end]):
                continue  # an opening byline of the paragraphs below (not a caption 图为…)
        if _has_text(prev) and _SENTENCE_END_RE.search(text, prev.start, prev.end):
            ln.kind = "closing"
    # 江城职工报 / JIANGCHENG ZHIGONG BAO: the paper's name romanised on the line below it is masthead
    for i in range(len(lines) - 1):
        if any(ln.kind != "furniture" for ln in lines[:i]):
            break
        below = text[lines[i + 1].start : lines[i + 1].end]
        if PAPER_NAME_RE.match(text[lines[i].start : lines[i].end]) and _ROMANISED_RE.match(below):
            lines[i + 1].kind = "furniture"
    # 淄博职工报 / 2026年11月18日 星期三: the paper's name on a line of its own above a masthead line
    for i in range(len(lines) - 1):
        if lines[i + 1].kind != "furniture" or any(ln.kind != "furniture" for ln in lines[:i]):
            continue
        if lines[i].kind == "title" and PAPER_NAME_RE.match(text[lines[i].start : lines[i].end]):
            lines[i].kind = "furniture"
    # 汉中工人报 / a headline: the paper's name alone on the page's first line is its masthead
    if (
        len(lines) > 1
        and lines[0].kind == "title"
        and lines[1].kind in ("title", "title?")
        and PAPER_NAME_RE.match(text[lines[0].start : lines[0].end])
    ):
        lines[0].kind = "furniture"
    # 要闻 / 基层传真 above the first headline, a blank line between: a section label, page furniture
    for i in range(len(lines) - 1):
        ln = lines[i]
        if ln.kind == "title" and lines[i + 1].kind in ("title", "title?"):
            after = i > 0 and lines[i - 1].kind == "furniture"
            if section_label(text[ln.start : ln.end], after, _blank_below(page, ln.end, lines[i + 1].start)):
                ln.kind = "furniture"
    # ……拟授予以下同志X奖章： / 张三 X公司装配工 / 李四 Y医院医师: short lines right below a paragraph
    # that ends with a colon, with no blank line between, are the items of its list, not headlines
    for i in range(1, len(lines)):
        prev, ln = lines[i - 1], lines[i]
        if ln.kind not in ("title", "title?") or _blank_below(page, prev.end, ln.start):
            continue
        opens = _has_text(prev) and _LIST_LEAD_RE.search(text, prev.start, prev.end) is not None
        if opens or prev.list_item:
            ln.kind, ln.list_item = "body", True
    # a headline with a comma or an exclamation mark counts only right above a byline or subtitle;
    # ``西城：“暖心早餐”进社区`` (a place and a colon) also above body text, set off by blank lines
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].kind == "title?":
            nxt = lines[i + 1].kind if i + 1 < len(lines) else None
            placed = (
                nxt == "body"
                and _PLACE_COLON_TITLE_RE.match(text, lines[i].start, lines[i].end) is not None
                and (i == 0 or _blank_below(page, lines[i - 1].end, lines[i].start))
                and _blank_below(page, lines[i].end, lines[i + 1].start)
            )
            lines[i].kind = "title" if nxt in ("byline", "subtitle") or placed else "body"
    return lines


#: a paragraph that opens a list: it ends with a colon
_LIST_LEAD_RE = LazyPattern(r"[：:]$")


def _has_text(ln: _Line) -> bool:
    """A body line, or a byline line with the article's first words after it."""
    return ln.kind == "body" or (
        ln.kind == "byline" and ln.byline is not None and ln.byline.body_start < ln.end
    )


#: a masthead's romanised paper name (JIANGCHENG ZHIGONG BAO)
_ROMANISED_RE = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z]+)+$")
#: ``临淄：“职工书屋”开进园区``: a short place or subject, a colon, a headline without other punctuation
_PLACE_COLON_TITLE_RE = LazyPattern(r"[" + _HAN + r"]{2,6}[：:][^，。；：、！？,;:!?]{4,30}$")
#: ``程 亮 摄影报道`` / ``记者 程亮/摄影报道`` after the last paragraph: a photo report's author and
#: photographer
_PHOTO_REPORT_RE = LazyPattern(
    r"(?:(?:本报)?(?:摄影)?记者[ ]*)?(?P<names>["
    + _HAN
    + r"·]["
    + _HAN
    + r"· 、]{1,16}?)[ ]*[/／]?[ ]*摄影报道"
)


def _photo_report_line(page: Page, s: int, e: int) -> _Byline | None:
    """A line ``A 摄影报道`` under a paragraph: A wrote the photo report and took its photos."""
    m = _PHOTO_REPORT_RE.fullmatch(page.text, s, e)
    if m is None:
        return None
    names = [(a, b) for a, b in _names(page, m.start("names"), m.end("names"))]
    if not names or not all(2 <= b - a <= 4 or "·" in page.text[a:b] for a, b in names):
        return None
    credits = [Credit(page.text[a:b].replace(" ", ""), "author", a, b) for a, b in names]
    return _Byline(s, e, e, credits, photo_report=True)


#: leading spaces that set a line to the right of the column (a credit under the last paragraph)
_RIGHT_SET_MIN = 8


def _set_right(page: Page, start: int) -> bool:
    """True when the original line of page char ``start`` opens with many spaces: set to the right."""
    orig = page.doc.text
    k = page.origin[start]
    line_start = orig.rfind("\n", 0, k) + 1
    return k - line_start >= _RIGHT_SET_MIN and not orig[line_start:k].strip()


def _blank_below(page: Page, end: int, nxt: int) -> bool:
    """True when the original text has a blank line between page chars ``end-1`` and ``nxt``."""
    between = page.doc.text[page.origin[end - 1] + 1 : page.origin[nxt]]
    return between.count("\n") >= 2 or between.count("\r") >= 2


# --------------------------------------------------------------------------------------------- grouping


#: the marks a briefs column opens each item with (■11月25日，X总工会…。（通讯员 A）)
_BRIEF_MARKS = "■●▲◆□◇"
#: a brief's own closing credit at the end of its line
_BRIEF_CREDIT_RE = re.compile(r"[。！？”][ ]*[（(][^（）()\n]{2,40}[）)]$")


def _brief_starts(text: str, lines: list[_Line]) -> list[int]:
    """A briefs column (工会简讯): body lines that open with the same mark, each closing with a credit of
    its own, are items of their own (articles without a headline); none unless two or more are."""
    marked = [
        i
        for i, ln in enumerate(lines)
        if ln.kind == "body"
        and text[ln.start : ln.start + 1] in _BRIEF_MARKS
        and _BRIEF_CREDIT_RE.search(text, ln.start, ln.end)
    ]
    if len(marked) < 2 or len({text[lines[i].start] for i in marked}) != 1:
        return []
    first = marked[0]
    if first > 0 and lines[first - 1].kind == "title":
        lines[first - 1].kind = "furniture"  # 工会简讯 right above the first item: the column's label
    return marked


def _article_starts(lines: list[_Line]) -> list[int]:
    """Indices of the first line of each article: a title block above a byline or above body text."""
    starts: list[int] = []
    n = len(lines)
    i = 0
    while i < n:
        kind = lines[i].kind
        if kind in ("title", "subtitle"):
            j = i
            while j < n and lines[j].kind in ("title", "subtitle") and j - i < _TITLE_BLOCK_MAX:
                j += 1
            # the block ends at j; it heads an article when a byline or body follows
            while j < n and lines[j].kind in ("title", "subtitle"):
                j += 1  # over-long runs: the last lines are the block
                i = j - _TITLE_BLOCK_MAX
            only_subtitles = all(ln.kind == "subtitle" for ln in lines[i:j])
            if j < n and (
                lines[j].kind == "byline"
                or (lines[j].kind == "body" and not only_subtitles)
                or _photo_news(lines, j, only_subtitles)
            ):
                starts.append(i)
                i = j + 1
                while i < n and lines[i].kind == "byline" and lines[i - 1].kind == "byline":
                    i += 1
                continue
            i = j
            continue
        if kind == "byline":
            starts.append(i)
            i += 1
            while i < n and lines[i].kind == "byline":
                i += 1
            continue
        i += 1
    return starts


def _photo_news(lines: list[_Line], j: int, only_subtitles: bool) -> bool:
    """冬季劳动竞赛一线见闻 / 11月30日，…抢修管线。 记者 A 摄: a title over credited captions alone (up to
    the next title or the page's end) heads a photo news item, not the article above's last line."""
    k = j
    while k < len(lines) and lines[k].kind == "caption":
        if lines[k].caption is None or not lines[k].caption.credits:
            return False
        k += 1
    return not only_subtitles and k > j and (k == len(lines) or lines[k].kind in ("title", "furniture"))


_SENTENCE_END_RE = LazyPattern(r"[。！？!?…][”’」』）)]*$")
_CLOSING_CREDIT_RE = re.compile(r"(?<=[。！？!?”’」』）)])[ ]*" + _PAREN_BYLINE_RE.pattern + r"$")


def _closing_credit(page: Page, s: int, e: int) -> tuple[int, int, list[Credit]] | None:
    """``……座谈。（记者 A）`` / ``……榜上有名。（通讯员 B）``: (start, end, credits) of a bracketed byline
    that ends the body text ``[s, e)`` of a line after its sentence, or None (a photo credit
    ``（记者 A 摄）`` is a caption's)."""
    m = _CLOSING_CREDIT_RE.search(page.text, s, e)
    if m is None:
        return _bare_closing_credit(page, s, e)
    if "摄" in m.group("inner") or "图" in m.group("inner"):
        return None
    creds = _credits(page, m.start("inner"), m.end("inner"), ("author",))
    if not creds or not all(2 <= c.end - c.start <= 4 for c in creds):
        return None
    start = _skip_spaces(page.text, m.start(), m.end())
    return start, m.end(), creds


_BARE_CLOSING_RE = re.compile(
    r"(?<=[。！？!?”’」』])[ ]*[（(](?P<inner>[ ]*[" + _HAN + r"·][" + _HAN + r"· 、，,]{1,24})[）)]$"
)


def _bare_closing_credit(page: Page, s: int, e: int) -> tuple[int, int, list[Credit]] | None:
    """``……４６家。（王五 赵六）``: names without a role word closing the last paragraph are its authors,
    when every piece reads as a person's name (two to four characters after a common surname)."""
    m = _BARE_CLOSING_RE.search(page.text, s, e)
    if m is None:
        return None
    credits = _surname_authors(page, m.start("inner"), m.end("inner"))
    if credits is None:
        return None
    return _skip_spaces(page.text, m.start(), m.end()), m.end(), credits


def _surname_authors(page: Page, s: int, e: int) -> list[Credit] | None:
    """The authors named in ``page.text[s:e]`` when every piece reads as a person's name (two to four
    characters after a family name); None when a piece is no name (too long, or one character)."""
    names = _names(page, s, e)
    text = page.text
    single, compound = surnames()
    if not names or not all(
        2 <= b - a <= 4 and (text[a] in single or text[a : a + 2] in compound) for a, b in names
    ):
        return None
    if sum(b - a for a, b in names) != sum(map(_is_name_char, text[s:e])):
        return None
    return [Credit(text[a:b].replace(" ", ""), "author", a, b) for a, b in names]


#: （陆良县总工会 吴雪梅） / （吴雪梅 李晓川）: a bracketed credit on a line of its own, a body first
_BODY_END = r"(?:会|司|团|局|院|委|部|中心|站|所|队|馆|校|办|社|厂|室)"
_CLOSING_LINE_RE = LazyPattern(
    r"[（(][ ]*(?:(?:作者单位|单位)[：:][ ]*(?P<unit>["
    + _HAN
    + r"]{2,16}?"
    + _BODY_END
    + r")[ ]*|(?P<org>["
    + _HAN
    + r"]{2,16}?"
    + _BODY_END
    + r")[ ]+)?"
    r"(?P<names>[" + _HAN + r"·][" + _HAN + r"· 、，,]{1,24})[ ]*[）)]"
)


#: （X区总工会供稿） / （来源：X） / （作者单位：X） on a line of its own under a paragraph: the source or the
#: writer's employer of the article above
_SOURCE_LINE_RE = LazyPattern(
    r"[（(][ ]*(?:["
    + _HAN
    + r"]{2,20}?[ ]*(?:供稿|来稿)|(?:来源|作者单位|单位)[：:][ ]*["
    + _HAN
    + r"]{2,20})[ ]*[）)]"
)


def _closing_line(page: Page, s: int, e: int) -> _Byline | None:
    """A line ``（X总工会 A）``, ``（作者单位：X总工会 A）`` or ``（A B）`` under a paragraph: the writers of the
    article above (names after a common surname, two to four characters each); ``（X供稿）`` closes it
    with no writer."""
    m = _CLOSING_LINE_RE.fullmatch(page.text, s, e)
    credits = _surname_authors(page, m.start("names"), m.end("names")) if m is not None else None
    source = _SOURCE_LINE_RE.fullmatch(page.text, s, e) is not None
    if credits is not None and (m.group("unit") or not source):  # type: ignore[union-attr]
        return _Byline(s, e, e, credits)
    # （X区总工会供稿）, （作者单位：X）: the body that sent it, no writer
    return _Byline(s, e, e, []) if source else None


def _bigrams(s: str) -> set[str]:
    return {s[k : k + 2] for k in range(len(s) - 1) if _is_name_char(s[k]) and _is_name_char(s[k + 1])}


def segment(page: Page) -> Segmented:
    """Split ``page`` into articles and photo captions (see the module docstring)."""
    lines = _classify(page)
    if len(lines) == 1 and lines[0].kind == "body" and lines[0].byline is None and lines[0].caption is None:
        return _one_body_line(page, lines[0])
    return _segment_lines(page, lines)


def _one_body_line(page: Page, ln: _Line) -> Segmented:
    """``_segment_lines`` of a page that is one line of body text (a one-sentence document), the same
    result without its machinery: one article whose span is the line and whose body is the line less
    a closing credit (……座谈。（记者 A）)."""
    text = page.text
    s, e = ln.start, ln.end
    body_end = e
    credits: tuple[Credit, ...] = ()
    byline = None
    closing = _closing_credit(page, s, e)
    if closing is not None and closing[0] > s:
        body_end = closing[0]
        while body_end > s and text[body_end - 1].isspace():
            body_end -= 1
        credits = tuple(closing[2])
        byline = Span(closing[0], closing[1], text[closing[0] : closing[1]])
    article = Article(
        doc_id=page.doc.id,
        index=0,
        span=Span(s, e, text[s:e]),
        body=Span(s, body_end, text[s:body_end]),
        headline=None,
        kicker=None,
        subtitle=None,
        byline=byline,
        credits=credits,
        dateline=None,
    )
    return Segmented(articles=(article,), captions=())


def _segment_lines(page: Page, lines: list[_Line]) -> Segmented:
    """``segment`` of the page's classified lines."""
    text = page.text
    if not lines:
        empty = Span(0, 0, "")
        return Segmented(articles=(Article(page.doc.id, 0, empty, empty),), captions=())
    briefs = _brief_starts(text, lines)
    starts = sorted(set(_article_starts(lines)) | set(briefs))
    for n, st in enumerate(starts):
        while st > (starts[n - 1] + 1 if n else 0) and lines[st - 1].kind == "furniture":
            st -= 1  # a page header above a title block is part of that article's span
        starts[n] = st
    if not starts or starts[0] != 0:
        # text before the first article: a headless article, or standalone captions
        starts = [0, *starts]
    bounds = [*starts, len(lines)]
    articles: list[Article] = []
    captions: list[tuple[int, _CaptionLine, int | None]] = []  # (line index, caption, article index)
    for a_i in range(len(bounds) - 1):
        group_start, group_end = bounds[a_i], bounds[a_i + 1]
        group = lines[group_start:group_end]
        if all(ln.kind == "caption" for ln in group):
            captions.extend((group_start + k, ln.caption, None) for k, ln in enumerate(group) if ln.caption)
            continue
        index = len(articles)
        # title block
        k = 0
        while k < len(group) - 1 and group[k].kind == "furniture":
            k += 1
        titles: list[_Line] = []
        subtitles: list[_Line] = []
        while k < len(group) and group[k].kind in ("title", "subtitle"):
            (subtitles if group[k].kind == "subtitle" or subtitles else titles).append(group[k])
            k += 1
        has_body_after = k < len(group)
        if not has_body_after:  # a lone title-like line is body text (a one-sentence document)
            titles, subtitles, k = [], [], 0
        headline = titles[-1] if titles else None
        kicker = titles[-2] if len(titles) >= 2 else None
        headline_span, kicker_span = _span(text, headline), _span(text, kicker)
        if headline is not None and kicker is not None and _wrapped_headline(page, kicker, headline):
            # 青山区召开工会 / 第七次代表大会: one headline the PDF broke over two lines
            headline_span = Span(kicker.start, headline.end, text[kicker.start : headline.end])
            kicker = titles[-3] if len(titles) >= 3 else None
            kicker_span = _span(text, kicker)
        if headline is not None and kicker is None:
            cut = _kicker_break(page, headline.start, headline.end)
            if cut is not None:  # two printed lines normalisation joined: a kicker above a headline
                kicker_span = Span(headline.start, _rstrip(text, headline.start, cut), "")
                kicker_span = Span(
                    kicker_span.start, kicker_span.end, text[kicker_span.start : kicker_span.end]
                )
                headline_span = Span(cut, headline.end, text[cut : headline.end])
        subtitle = subtitles[0] if subtitles else None
        byline_lines: list[_Line] = []
        while k < len(group) and group[k].kind == "byline":
            byline_lines.append(group[k])
            k += 1
        body_lines = group[k:]
        while body_lines and body_lines[-1].kind == "furniture":
            body_lines = body_lines[:-1]  # 责任编辑 A after the last paragraph: the page's, not the article's
        # …暖乎乎的。” / 文/图 本报通讯员 A / 图为…。: a credit set under the last paragraph, only
        # photo captions after it, credits the article (and, with 文/图, took its photos)
        credit_line = next(
            (
                ln
                for j, ln in enumerate(body_lines[:-1])
                if ln.kind == "closing"
                and ln.byline is not None
                and not ln.byline.photo_report
                and all(
                    x.kind == "body" and _PHOTO_PREFIX_RE.match(text[x.start : x.end])
                    for x in body_lines[j + 1 :]
                )
            ),
            None,
        )
        if credit_line is not None:
            body_lines = [ln for ln in body_lines if ln is not credit_line]
        shooters = _photo_byline_credits(page, byline_lines)
        if credit_line is not None and _PHOTO_BYLINE_RE.match(text, credit_line.start, credit_line.end):
            shooters = [
                *shooters,
                *(
                    Credit(c.name, "photographer", c.start, c.end)
                    for c in credit_line.byline.credits
                    if c.role in ("author", "contributor")
                ),
            ]
        report_line = None
        if body_lines and body_lines[-1].kind == "closing" and body_lines[-1].byline.photo_report:
            # …图为环卫工人在用餐。 / 程 亮 摄影报道: the 图为… lines are photos A took
            report_line = body_lines.pop()
            shooters = [
                *shooters,
                *(Credit(c.name, "photographer", c.start, c.end) for c in report_line.byline.credits),
            ]
        photo_taken = False
        for ln in body_lines:
            line = text[ln.start : ln.end]
            if (
                shooters
                and ln.kind == "body"
                and len(line) <= _PHOTO_LINE_MAX
                and _PHOTO_PREFIX_RE.match(line)
                and _SENTENCE_END_RE.search(line)
            ):  # 文·图/记者 A … 图为培训班现场。: a photo of the article, taken by A
                ln.kind = "caption"
                ln.caption = _CaptionLine(ln.start, ln.end, shooters, True)
                photo_taken = True
        # trailing captions: attached when about this article, else standalone
        trailing: list[tuple[int, _Line]] = []
        while body_lines and body_lines[-1].kind == "caption":
            trailing.insert(0, (group_start + k + len(body_lines) - 1, body_lines[-1]))
            body_lines = body_lines[:-1]
        credits: list[Credit] = []
        dateline = None
        byline_span = None
        body_start = None
        if byline_lines:
            first, last = byline_lines[0].byline, byline_lines[-1].byline
            assert first is not None and last is not None
            byline_span = Span(first.start, last.end, text[first.start : last.end])
            for bl in byline_lines:
                assert bl.byline is not None
                # 李建华／图 … 图为…: the photographer is credited with the photo, not the article
                credits.extend(c for c in bl.byline.credits if not (photo_taken and c in shooters))
                dateline = dateline or bl.byline.dateline
            if last.body_start < byline_lines[-1].end:
                body_start = last.body_start
        if body_start is None:
            body_start = body_lines[0].start if body_lines else None
        body_end = body_lines[-1].end if body_lines else None
        if body_start is None:
            anchor = byline_lines[-1].end if byline_lines else group[k - 1].end if k else group[0].end
            body_start = body_end = anchor
        if body_end is None or body_end < body_start:
            body_end = byline_lines[-1].end if byline_lines else body_start
        first_line = group[0]
        span_end = max(body_end, byline_span.end if byline_span else 0, group[k - 1].end if k else 0)
        last_text = body_lines[-1] if body_lines else byline_lines[-1] if byline_lines else None
        closing = None
        if last_text is not None and last_text.kind in ("body", "byline"):
            closing = _closing_credit(page, max(body_start, last_text.start), last_text.end)
        elif last_text is not None and last_text.kind == "closing" and last_text.byline is not None:
            closing = (last_text.start, last_text.end, last_text.byline.credits)
        if credit_line is not None:
            credits.extend(credit_line.byline.credits)
            span_end = max(span_end, credit_line.end)
            byline_span = byline_span or Span(
                credit_line.start, credit_line.end, text[credit_line.start : credit_line.end]
            )
        if report_line is not None:  # the body ends before the captions above the credit
            credits.extend(report_line.byline.credits)
            span_end = max(span_end, report_line.end)
            byline_span = byline_span or Span(
                report_line.start, report_line.end, text[report_line.start : report_line.end]
            )
        elif closing is not None and closing[0] > body_start:
            # ……座谈。（记者 A）: the credit closing the last paragraph credits the article
            body_end = closing[0]
            while body_end > body_start and text[body_end - 1].isspace():
                body_end -= 1
            credits.extend(closing[2])
            if byline_span is None:
                byline_span = Span(closing[0], closing[1], text[closing[0] : closing[1]])
        for line_no, ln in [(group_start + j, x) for j, x in enumerate(body_lines)]:
            if ln.caption is not None:
                captions.append((line_no, ln.caption, index))
        body_text = text[body_start:body_end]
        for line_no, ln in trailing:
            assert ln.caption is not None
            cap = ln.caption
            about = (
                cap.about_previous
                or cap.bracketed
                or not body_text.strip()  # a photo news item: a title over its captions alone
                or _overlap(text[cap.text_start : cap.text_end], body_text)
            )
            captions.append((line_no, cap, index if about else None))
        articles.append(
            Article(
                doc_id=page.doc.id,
                index=index,
                span=Span(first_line.start, span_end, text[first_line.start : span_end]),
                body=Span(body_start, body_end, body_text),
                headline=headline_span,
                kicker=kicker_span,
                subtitle=_subtitle_span(text, subtitle),
                byline=byline_span,
                credits=tuple(credits),
                dateline=dateline,
            )
        )
    captions.sort(key=lambda c: c[0])
    out_caps = tuple(
        Caption(
            index=ci,
            span=Span(cap.text_start, cap.text_end, text[cap.text_start : cap.text_end]),
            credits=tuple(cap.credits),
            article=art,
        )
        for ci, (_ln, cap, art) in enumerate(captions)
    )
    return Segmented(articles=tuple(articles), captions=out_caps)


#: verbs that open an event headline's predicate: a line ending in one continues on the next
# fmt: off
_OPEN_VERBS = (
    "举办", "召开", "开展", "组织", "举行", "启动", "发放", "进行", "推进", "加强", "实施", "签订", "签署",
)
# fmt: on
_JOIN_TAGS = ("p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "f")


def _kicker_break(page: Page, start: int, end: int) -> int | None:
    """Where a title line that was two printed lines splits into kicker and headline, or None.

    ``市总工会`` / ``举办…培训班`` is one headline broken in two (the second line is the predicate of the
    first); ``政银联手`` / ``小额贷款解企业之急`` is a kicker (a phrase of its own, with a verb) above a
    headline that has its own subject. Decided by the jieba tokens of the two pieces.
    """
    text = page.text
    cuts = [i for i in range(start + 2, end - 3) if _gap(page, i) == "newline"]
    if len(cuts) != 1:
        return None
    cut = cuts[0]
    first, second = text[start:cut].strip(), text[cut:end].strip()
    if len(first) < 2 or len(second) < 4 or not all(_is_name_char(c) or c == " " for c in first):
        return None
    from kg.extract.text import tokenizer

    tok, tags = tokenizer()
    pos, crosses = start, False
    for w in tok.cut(text[start:end], HMM=False):
        if pos < cut < pos + len(w):
            crosses = True
        pos += len(w)
    if crosses:
        return None  # a word runs across the break: one headline
    a = [(w, tags.get(w, "n")) for w in tok.cut(first, HMM=False) if w.strip()]
    b = [(w, tags.get(w, "n")) for w in tok.cut(second, HMM=False) if w.strip()]
    if not a or not b:
        return None
    has_verb = any(t.startswith("v") and t != "vn" for _, t in a)
    if (b[0][1] in _JOIN_TAGS and not (b[0][1] == "d" and has_verb)) or (
        b[0][1].startswith("v") and b[0][1] != "vn"
    ):
        return None  # the second line is the first one's predicate (市总工会 / 举办…); 银企携手 / 共解…: not
    if a[-1][1] in _JOIN_TAGS or first.endswith(_OPEN_VERBS):
        return None  # 县总工会组织 / 劳模体检: the first line wants its object
    return cut if has_verb and not _object_below(a, b) else None


def _object_below(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> bool:
    """``青山区召开工会`` / ``第七次代表大会``: the first line's last verb is an event verb with a noun
    after it, and the second line is a bare object (no verb of its own) that continues it."""
    verbs = [w for w, t in a if t.startswith("v") and t != "vn"]
    b_verb = any(t.startswith("v") and t != "vn" for _, t in b)
    if not verbs:
        return False
    from kg.extract import lexicons

    # 华容区举办秋季就业援助月 / 专场招聘会, 供电公司举办配电 / 抢修技能竞赛: the event verb's object runs
    # on below and ends in a gathering's noun; a verb inside it (援助, 抢修) is the name's, not a
    # predicate of its own (which would open an event of its own: 举办, 召开)
    opened = [k for k, (w, t) in enumerate(a) if w in _OPEN_VERBS and t.startswith("v")]
    if (
        opened
        and opened[-1] < len(a) - 1
        and "".join(w for w, _ in b).endswith(lexicons.event_nouns())
        and not any(w in _OPEN_VERBS for w, _ in b)
    ):
        return True
    if b_verb:
        return False
    if verbs[-1] in _OPEN_VERBS and a[-1][0] != verbs[-1]:
        return True
    # 某区总工会走访慰问 / 困难职工家庭: a subject and its verbs end the line, a bare noun phrase (no verb
    # of its own) below is their object; a kicker (银企携手) has no subject before its verbs
    k = len(a)
    while k and a[k - 1][1] == "v":
        k -= 1
    return (
        k < len(a)
        and any(t[:1] == "n" for _, t in a[:k])
        and sum(len(w) for w, _ in a) >= _SUBJECT_LINE_MIN
        and b[-1][1][:1] == "n"
    )


#: a 图为… line longer than this is a paragraph about a picture, not its caption
_PHOTO_LINE_MAX = 80
_PHOTO_BYLINE_RE = re.compile(
    r"[" + _DECOR + r" ]*(?:文[ ]*[/／·・]?[ ]*图|图[ ]*[/／·・]?[ ]*文)[ ]*[/／:：]?"
)


def _photo_byline_credits(page: Page, byline_lines: list[_Line]) -> list[Credit]:
    """The people a ``文/图`` / ``文·图/`` byline credits with the article's photographs (its authors),
    or a byline's photographers (``李建华／图``)."""
    out: list[Credit] = []
    for ln in byline_lines:
        if ln.byline is not None and _PHOTO_BYLINE_RE.match(page.text, ln.start, ln.end):
            out.extend(
                Credit(c.name, "photographer", c.start, c.end)
                for c in ln.byline.credits
                if c.role == "author"
            )
        elif ln.byline is not None:  # 张 敏／文 李建华／图: the photographer the byline names
            out.extend(c for c in ln.byline.credits if c.role == "photographer")
    return out


_QUOTES = str.maketrans("", "", "“”‘’")


def _wrapped_headline(page: Page, first: _Line, second: _Line) -> bool:
    """True when two title lines are one headline the PDF broke in two, not a kicker above a headline.

    The first line then wants the second: it ends in an event verb (``…工会举办`` / ``职工技能竞赛``), a
    word runs across the break (``工会财务`` / ``人员培训班``), or its last verb is an event verb and
    the second line is a bare object with no verb of its own (``青山区召开工会`` / ``第七次代表大会``).
    A kicker is a phrase of its own (``银企携手`` / ``共解融资难题``, ``不忘初心 扎根山区``).
    """
    text = page.text
    a_text, b_text = text[first.start : first.end], text[second.start : second.end]
    quoted = a_text.endswith(("”", "’")) and ("“" in a_text or "‘" in a_text)
    lead = re.split("[“‘]", a_text, maxsplit=1)[0]
    if quoted:
        # 汇川区开展“安康杯” / 知识竞赛: a quoted brand ends the line, its head noun is below
        a_text = a_text.translate(_QUOTES)
    if " " in a_text or len(a_text) < 3 or len(b_text) < 3 or not _is_name_char(a_text[-1]):
        return False
    if a_text.endswith(_OPEN_VERBS):
        return True
    from kg.extract.text import tokenizer

    tok, tags = tokenizer()
    joined = a_text + b_text
    pos = 0
    for w in tok.cut(joined, HMM=False):
        if pos < len(a_text) < pos + len(w):
            return True  # a word runs across the break
        pos += len(w)
    a = [(w, tags.get(w, "n")) for w in tok.cut(a_text, HMM=False) if w.strip()]
    b = [(w, tags.get(w, "n")) for w in tok.cut(b_text, HMM=False) if w.strip()]
    if _subject_above_predicate(a, b, a_text):
        return True
    if quoted:
        from kg.extract import lexicons

        # …开展“安康杯” / 知识竞赛: the event the line opens is named below (知识 may be tagged a verb);
        # the verb is the last before the quote (举办“送清凉” / 系列活动: 送 is the brand's)
        verbs = [
            w for w in tok.cut(lead, HMM=False) if tags.get(w, "n").startswith("v") and tags.get(w) != "vn"
        ]
        if verbs and verbs[-1] in _OPEN_VERBS and b_text.endswith(lexicons.event_nouns()):
            return True
    return _object_below(a, b)


#: a first title line shorter than this may be a verbless kicker (劳模风采, 金秋助学) above a headline
_SUBJECT_LINE_MIN = 5


def _subject_above_predicate(a: list[tuple[str, str]], b: list[tuple[str, str]], a_text: str) -> bool:
    """``南岸区总工会`` / ``为困难职工子女送助学金``, ``渝北区800余名快递员`` / ``集中加入工会``,
    ``碧江区总工会为户外劳动者`` / ``送去暖冬包``: a first line with no verb of its own (a subject, or a
    subject with its 为… phrase) above a line that opens with a verb, a preposition or an adverb is one
    headline; so is one above a line opening with the head noun of a gathering (``…职业技能`` /
    ``大赛收官``). A kicker is a phrase of its own: it has a verb (银企携手) or is short (劳模风采)."""
    if len(a_text) < _SUBJECT_LINE_MIN or not a or not b:
        return False
    # a verb after 为/向/给 is its object's (为快递小哥): only the verbs before a preposition count
    lead = a[: next((k for k, (_, t) in enumerate(a) if t == "p"), len(a))]
    if any(t.startswith("v") and t != "vn" for _, t in lead):
        return False
    word, tag = b[0]
    if tag in ("p", "d", "ad") or (tag.startswith("v") and tag != "vn"):
        return True
    if "".join(w for w, _ in b).endswith(_GATHERING_PREDICATES):
        return True  # …土楼景区职工 / 技能比武开赛: the gathering below is the line's predicate
    from kg.extract import lexicons

    return lexicons.gathering_head(word) == word


#: what a headline says of a gathering at its end (技能比武开赛, 运动会开幕)
_GATHERING_PREDICATES = ("开赛", "开幕", "闭幕", "落幕", "收官", "开班", "开营", "启幕", "开跑", "鸣锣")


def _overlap(caption: str, body: str) -> bool:
    """True when most of the caption's character bigrams occur in the article: it talks about it."""
    cb = _bigrams(caption)
    if not cb:
        return False
    bb = _bigrams(body)
    return len(cb & bb) / len(cb) >= _CAPTION_OVERLAP


def _span(text: str, line: _Line | None) -> Span | None:
    return None if line is None else Span(line.start, line.end, text[line.start : line.end])


def _subtitle_span(text: str, line: _Line | None) -> Span | None:
    """The subtitle without its leading dashes."""
    if line is None:
        return None
    m = _DASH_RE.match(text, line.start, line.end)
    s = m.end() if m else line.start
    s = _skip_spaces(text, s, line.end)
    return Span(s, line.end, text[s : line.end])
