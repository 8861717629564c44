"""Stage 2: reflow PDF/OCR text into paragraphs, with a character map back to the original.

Pages pulled out of PDFs arrive as physical lines: a paragraph is cut every ~14 characters, numbers and
dates sit on lines of their own (``9`` / ``月`` / ``25`` / ``日``), and blank lines may separate every
line.  ``normalize`` rebuilds logical lines (one paragraph, headline, kicker or byline per output line,
separated by a single ``"\\n"``) so that segmentation and extraction see text as it was written.

Offsets: every output character comes from one original character (``Page.origin``); folding is done
per character (full-width digits/letters/space to ASCII) so the map stays 1:1.  The only characters that
do not equal their folded original are a space or ``"\\n"`` standing for original whitespace.

Why the line decisions look the way they do (they are measured on the page, not fixed widths):

* blank lines mean "paragraph" only when they are rare; a page with a blank line after nearly every
  line uses them as layout noise;
* a page where most lines end with sentence-final punctuation is not hard-wrapped: every line break
  is a paragraph break there;
* in wrapped text a line break is a paragraph break after sentence-final punctuation or a photo credit
  (``X 摄``), before and after byline lines, before subtitles (``———``) and deeply indented lines; the
  short lines just above a byline are a title block (kicker, headline, subtitle), each kept on its own
  line unless it is a fragment (a short piece or a bare number) of the next one.
* a page header (``第6版 工会·职工``) or masthead date line is a line of its own, never a title's part;
  a sentence closed by a bracketed byline (``……座谈。（记者 A）``) ends its paragraph;
* spaces are dropped next to CJK characters and punctuation (OCR puts them anywhere), but kept between
  two Han characters in short unpunctuated lines (titles and bylines: ``加强民主管理 让职工当家做主``,
  ``本报记者 张三 李四``), where a space separates words or names.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

from kg.model import Document, Page


class LazyPattern:
    """A regular expression compiled where it is first used (``re.compile``'s arguments).

    Why: the byline, credit and layout patterns hold Han ranges, and ``re`` compiles each such range a
    code point at a time (tens of milliseconds of every process's start for this module and
    ``kg.segment``), while a corpus of one-line documents never needs most of them. The first use
    puts the compiled pattern's methods on the instance, so later ones cost what a compiled pattern's do.
    """

    _METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        compiled = re.compile(*self._source)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


#: sentence-final punctuation, optionally followed by closing quotes/brackets
_FINAL_RE = LazyPattern(
    r"[。！？!?…](?:[ ]*[”’」』）)\]》])*"
    r"(?:[ ]*[（(][ ]*(?:本报)?(?:记者|通讯员|实习生)[^（）()]{1,40}[）)])?"  # ……座谈。（记者 A）
    r"(?:[ ]*[（(][ ]*(?:完|待续|未完待续)[ ]*[）)])?$"  # a wire story's end mark: ……讲话。（完）
)
_ROLE_WORDS = r"(?:本报)?(?:摄影记者|记者|通讯员)"
#: a photo credit at the end of a line: ``王五 摄``, ``张三/摄``, ``。李四摄影``, a bracketed ``（王五 摄）``,
#: a bracketed caption's ``……。王五 摄）``
_CREDIT_END_RE = LazyPattern(
    r"(?:(?:^|[ /])(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,12})[ ]*/?[ ]*摄影?|[。！？”][ ]*[\u4e00-\u9fff·]{2,4}[ ]*摄影?|[ /]摄影?"
    r"|(?:^|[ 。！？”])图[ ]*[/／][ ]*[\u4e00-\u9fff·]{2,4}"
    r"|(?:^|[。！？”][ ]*)[（(][ ]*(?:"
    + _ROLE_WORDS
    + r")?[ ]*(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,12})[ ]*[/／]?[ ]*摄影?[ ]*[）)]"
    # （图为……。记者 王五 摄）: a whole caption in brackets, its credit inside them
    + r"|[。！？][ ]*(?:"
    + _ROLE_WORDS
    + r")?[ ]*(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,12})[ ]*[/／]?[ ]*摄影?[ ]*[）)])$"
)
#: ``（X区总工会供稿）`` / ``（来源：X）`` alone on a line: the source of the article above, its last line
_SOURCE_LINE_RE = LazyPattern(
    r"^[（(][ ]*(?:[\u4e00-\u9fff]{2,20}?[ ]*(?:供稿|来稿)|来源[：:][ ]*[\u4e00-\u9fff]{2,20}"
    # （作者单位：X总工会 A）: the writer's body, and the writer
    r"|(?:作者单位|单位)[：:][ \u3000]*[\u4e00-\u9fff]{2,20}(?:[ \u3000]+[\u4e00-\u9fff·]{2,8})?)[ \u3000]*[）)]$"
)
_ROLE = r"(?:本报|本刊)?(?:全媒体|融媒体|新媒体|首席|特约|见习|实习|驻站)*(?:摄影记者|记者|通讯员|实习生)"
#: a mark some papers set before a byline (■本报记者 A)
_DECOR = r"[■□◎●○◆◇▲△★☆▶►▼]?[ ]*"
#: another paper or station whose reporter signs (江城日报记者 A)
_PAPER = (
    r"(?:[\u4e00-\u9fff]{1,10}?(?:日报|晚报|早报|晨报|商报|时报|都市报|报|电视台|广播电视台|融媒体中心)"
    r"|[A-Z]{2,8}(?=[ ]*(?:全媒体|融媒体|新媒体)))"  # YMG全媒体记者 A: a media group's letters
)
#: a line that starts a byline (the byline may continue with body text on the same line)
_BYLINE_START_RE = LazyPattern(
    r"^" + _DECOR + r"(?:本报讯|[\u4e00-\u9fff]{1,12}?(?:报|社|台|网|刊)"
    r"(?:[\u4e00-\u9fff]{1,10}\d{1,2}月\d{1,2}日)?讯"  # 本报台州11月8日讯
    r"|(?:本报|本刊)(?:全媒体|融媒体|新媒体|首席|特约|见习)*(?:记者|通讯员)"
    r"|[\u4e00-\u9fff]{2,8}社[\u4e00-\u9fff]{0,10}\d{1,2}月\d{1,2}日电"
    r"|[（(][ ]*" + _ROLE + r"|文[ ]*/[ ]*图|[文图][ ]*[/／:：])"
)
_NAMES = r"[\u4e00-\u9fff·]{2,4}(?:[ 、，,和及]+[\u4e00-\u9fff·]{2,4})*"
#: a name before its role mark (张 敏／文 李建华／图): two to four characters, a padding space allowed
_POST_NAME = r"[\u4e00-\u9fff](?:[ ]?[\u4e00-\u9fff·]){1,3}"
#: a line that is a byline and nothing else (the body starts on the next line)
_BYLINE_LINE_RE = LazyPattern(
    r"^" + _DECOR + r"(?:(?:[\u4e00-\u9fff]{0,12}(?:\d{1,2}月\d{1,2}日)?讯[ ]*|" + _PAPER + r"(?=[ ]*记者))?"
    r"(?:" + _ROLE + r"[ ]*" + _NAMES + r"[ ]*)+(?:报道|等)?[ ]*(?:文[ ]*/[ ]*图|图[ ]*/[ ]*文)?"
    r"|[（(][ ]*(?:" + _PAPER + r"(?=[ ]*记者))?" + _ROLE + r"[^（）()]{0,40}[）)]"  # （X日报记者 A）
    r"|(?:(?:文|图|摄影|文[ ]*/[ ]*图|文图)[ ]*[/／:：][ ]*" + _NAMES + r"[ ]*)+"
    r"|[\u4e00-\u9fff]{0,12}讯[ ]*[（(][^（）()]{0,40}[）)]"
    r"|(?:" + _POST_NAME + r"[ ]*[/／][ ]*(?:文|图|摄影|摄)[ ]*){1,3})$"
)
#: bylines that cannot be the middle of a sentence (``记者了解到`` can)
_SAFE_BYLINE_RE = LazyPattern(
    r"^(?:[■□◎●○◆◇▲△★☆▶►▼]|本报|本刊|[（(]|[文图][ ]*[/／:：]|文[ ]*/|摄影[ ]*[/／:：]"
    r"|[\u4e00-\u9fff]{0,12}(?:\d{1,2}月\d{1,2}日)?讯|" + _PAPER + r"[ ]*记者[ ]*[\u4e00-\u9fff·]{2,4}$)"
)
_DASH_RE = re.compile(r"^(?:[—－–-][ ]*){2,}")
#: page furniture: a page header (第6版 工会·职工, 第06版) or a masthead date (2026年3月8日 星期日,
#: 星期日 2026年3月8日, 江城日报 2026年3月8日, 2026.3.8 星期日)
_MAST_DATE = r"(?:\d{4}[ ]*年[ ]*\d{1,2}[ ]*月[ ]*\d{1,2}[ ]*日|\d{4}[./-]\d{1,2}[./-]\d{1,2}(?!\d))"
_WEEKDAY = r"(?:星期|礼拜|周)[一二三四五六日天]"
_PAGE_NO = r"第[ ]*[0-9一二三四五六七八九十]{1,3}[ ]*版"
FURNITURE_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,8}(?:日报|晚报|早报|晨报|报)[ ]*)?(?:" + _PAGE_NO + r"(?=[ :：·|｜/]|$)"
    r"|" + _MAST_DATE + r"[ ]*(?:" + _WEEKDAY + r"|农历|" + _PAGE_NO + r"|$)"
    r"|" + _WEEKDAY + r"[ ]*" + _MAST_DATE + r")"
)
#: a paper's name alone (汉中工人报, 江城日报): on a page's first line its masthead, never a wrapped
#: headline's start (``kg.segment`` reads it as masthead too)
PAPER_NAME_RE = LazyPattern(r"^[\u3400-\u9fff\uf900-\ufaff]{2,8}(?:日报|晚报|早报|晨报|报)$")
#: a section label (要闻, 综合新闻, 工会动态, 基层传真): a short line of its own above the first headline
_SECTION_RE = LazyPattern(r"^[\u4e00-\u9fff]{2,6}$")
#: label words a section label may be known by when no page header stands above it
_SECTION_WORD_RE = LazyPattern(
    r"^(?:要闻|本地|综合|时政|社会|民生|经济|国内|国际|文体|体育|文化|法治|评论|专题"
    r"|[\u4e00-\u9fff]{0,4}(?:新闻|动态|传真|快讯|简讯|速递|资讯|视点|聚焦|短波|掠影|纵横))$"
)
#: a bare number or Latin fragment that PDF extraction put on a line of its own
_FRAGMENT_RE = re.compile(r"^[0-9A-Za-z.,%+:/\-]+$")
#: punctuation that marks body text (titles and bylines hardly ever carry it)
_BODY_PUNCT_RE = re.compile(r"[，。；：、！？,;!?]")
_SPACES_RE = re.compile(r" +")

#: share of line breaks that must be padded with a blank line before blank lines count as noise
_BLANK_NOISE_SHARE = 0.5
#: share of lines ending a sentence above which a text is taken as not hard-wrapped
_UNWRAPPED_SHARE = 0.5
#: a title line shorter than this share of the typical width continues on the next line
_TITLE_FRAGMENT_SHARE = 0.45
#: a line at the very start (or after a paragraph end) this much shorter than typical is a title
_STANDALONE_TITLE_SHARE = 0.5
_TITLE_BLOCK_MAX = 5
_TITLE_MAX_CHARS = 40


@lru_cache(maxsize=1)
def fold_table() -> dict[int, int]:
    """Per-character folding: full-width ASCII and space to ASCII, controls to space, odd breaks to \\n.

    Full-width CJK punctuation (``，（）：``) is kept: it is part of Chinese text, not a width variant.
    """
    table: dict[int, int] = {}
    for cp in range(0xFF10, 0xFF1A):  # digits
        table[cp] = cp - 0xFEE0
    for cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Latin letters
        table[cp] = cp - 0xFEE0
    for ch in "％．＋＝＠＃＆＊＜＞":  # symbols that live inside numbers and codes
        table[ord(ch)] = ord(ch) - 0xFEE0
    for cp in list(range(0x00, 0x20)) + [0x7F] + list(range(0x80, 0xA0)):
        table[cp] = 0x20
    table[ord("\n")] = ord("\n")
    table[ord("\r")] = ord("\r")
    for cp in (0x0B, 0x0C, 0x85, 0x2028, 0x2029):
        table[cp] = ord("\n")
    for cp in (0x3000, 0xA0, 0x1680, 0x202F, 0x205F, 0x200B, 0xFEFF, *range(0x2000, 0x200B)):
        table[cp] = 0x20
    return table


@lru_cache(maxsize=1)
def _fold_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """The characters that folding changes, as one character class (most text has few of them)."""
    changes = {chr(k): chr(v) for k, v in fold_table().items() if k != v}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(changes)) + "]"), changes


def fold(text: str) -> str:
    """Fold ``text`` character by character (length preserved)."""
    pattern, changes = _fold_pattern()
    return pattern.sub(lambda m: changes[m.group()], text)


def _is_wide(ch: str) -> bool:
    """CJK characters and punctuation: OCR spaces next to them carry no meaning."""
    o = ord(ch)
    return (
        o >= 0x2E80
        or 0x2010 <= o <= 0x206F  # dashes, curly quotes, ellipsis
        or o == 0xB7
    )


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


@dataclass(slots=True)
class _Line:
    start: int  # content start in the (folded) text, leading spaces stripped
    end: int  # content end, trailing spaces stripped
    indent: int  # leading spaces
    blank_before: bool  # at least one blank line between this line and the previous content line
    head: str  # up to 60 first characters of the content
    tail: str  # up to 60 last characters of the content
    width: float  # display width: CJK 1, ASCII 0.5 (long lines: their length)
    text: str | None  # the whole content for short lines (<= 80 chars), else None

    @property
    def fragment(self) -> bool:
        return self.text is not None and bool(_FRAGMENT_RE.match(self.text))

    @property
    def titleish(self) -> bool:
        """Short, with no body punctuation: may be a headline, kicker, subtitle or byline."""
        return (
            self.text is not None
            and len(self.text) <= _TITLE_MAX_CHARS
            and not _BODY_PUNCT_RE.search(self.text)
            and not self.fragment
        )


def _scan_lines(t: str) -> list[_Line]:
    """Physical lines with content bounds; blank lines only set ``blank_before`` of the next line."""
    lines: list[_Line] = []
    pos = 0
    blank = False
    for raw in t.splitlines(True):  # after folding only \n, \r and \r\n break lines
        begin = pos
        pos += len(raw)
        body = raw.rstrip("\r\n")
        cs = begin + len(body) - len(body.lstrip(" "))
        ce = max(cs, begin + len(body.rstrip(" ")))
        if cs == ce:
            blank = True
            continue
        length = ce - cs
        head = t[cs : min(ce, cs + 60)]
        tail = t[max(cs, ce - 60) : ce]
        text = t[cs:ce] if length <= 80 else None
        width = length - 0.5 * len(text.encode("ascii", "ignore")) if text is not None else float(length)
        lines.append(_Line(cs, ce, cs - begin, blank and bool(lines), head, tail, width, text))
        blank = False
    return lines


def _furniture(ln: _Line) -> bool:
    """A page header or masthead line (第6版 工会·职工, 阳江工人报 2026年9月29日), its parts set apart by
    any run of spaces (a date set far right on the paper's line)."""
    if ln.text is None:
        return False
    text = re.sub(" {2,}", " ", ln.text)
    short = len(text) <= _TITLE_MAX_CHARS and not _BODY_PUNCT_RE.search(text) and not ln.fragment
    return short and bool(FURNITURE_RE.match(text))


def _typical_width(lines: list[_Line]) -> float:
    """The body line width of the page: the 75th percentile of non-fragment line widths."""
    widths = sorted(ln.width for ln in lines if not ln.fragment)
    if not widths:
        return 0.0
    return widths[min(len(widths) - 1, (len(widths) * 3) // 4)]


def _breaks(lines: list[_Line]) -> list[bool]:
    """For each pair of consecutive lines, True when a paragraph (output line) ends between them."""
    n = len(lines)
    if n < 2:
        return []
    content = [ln for ln in lines if not ln.fragment]
    transitions = n - 1
    blank_share = sum(1 for ln in lines[1:] if ln.blank_before) / transitions
    blank_breaks = blank_share < _BLANK_NOISE_SHARE
    finals = sum(1 for ln in content if _FINAL_RE.search(ln.tail))
    byline_only = [
        _is_byline_line(ln)
        and (
            i == 0
            or bool(_SAFE_BYLINE_RE.match(ln.head))
            or lines[i - 1].titleish
            or bool(_FINAL_RE.search(lines[i - 1].tail))
        )
        for i, ln in enumerate(lines)
    ]
    starts_byline = [bool(_BYLINE_START_RE.match(ln.head)) or byline_only[i] for i, ln in enumerate(lines)]
    # a page header or masthead line is a line of its own (never a kicker joined to the headline)
    furniture = [_furniture(ln) for ln in lines]
    if lines[0].text is not None and PAPER_NAME_RE.match(lines[0].text.strip()):
        furniture[0] = True
    # a section label between the page header and the first headline is furniture as well
    furniture = [f or x for f, x in zip(furniture, _section_labels(lines, furniture), strict=True)]
    if content and finals / len(content) >= _UNWRAPPED_SHARE:
        # not hard-wrapped: a line is a paragraph, unless it visibly stops mid-sentence (body text
        # without final punctuation, next line not indented) or is a bare number
        return _join_split_dates(
            lines,
            starts_byline,
            [
                not (a.fragment or b.fragment)
                and (
                    bool(_FINAL_RE.search(a.tail))
                    or bool(_CREDIT_END_RE.search(a.tail))
                    or bool(a.text is not None and _SOURCE_LINE_RE.match(a.text))
                    or a.titleish
                    or b.indent >= 2
                    or starts_byline[i + 1]
                    or bool(_DASH_RE.match(b.head))
                    or furniture[i]
                    or furniture[i + 1]
                )
                for i, (a, b) in enumerate(zip(lines, lines[1:], strict=False))
            ],
        )

    typical = _typical_width(lines) or 1.0
    dash = [bool(_DASH_RE.match(ln.head)) for ln in lines]
    # ends_para[i]: line i ends a paragraph whatever follows
    ends_para = [
        bool(_FINAL_RE.search(a.tail))
        or bool(_CREDIT_END_RE.search(a.tail))
        or bool(a.text is not None and _SOURCE_LINE_RE.match(a.text))
        or byline_only[i]
        or (blank_breaks and b.blank_before)
        or b.indent >= 2
        or furniture[i]
        for i, (a, b) in enumerate(zip(lines, lines[1:], strict=False))
    ]
    hard = [ends_para[i] or starts_byline[i + 1] or dash[i + 1] or furniture[i + 1] for i in range(n - 1)]
    brk = list(hard)
    in_block = [False] * n
    for b in range(1, n):
        if not starts_byline[b] or starts_byline[b - 1]:
            continue
        # walk back over the title block: short unpunctuated lines (and bare numbers inside them)
        s = b
        while s > 0 and b - s < _TITLE_BLOCK_MAX:
            prev = lines[s - 1]
            if not (prev.titleish or prev.fragment) or ends_para[s - 1]:
                break
            s -= 1
        while s < b and lines[s].fragment:
            s += 1
        if s == b:
            continue
        if s > 0:
            brk[s - 1] = True
        for k in range(s, b):
            in_block[k] = True
        for k in range(s, b - 1):
            if hard[k]:
                continue
            a, c = lines[k], lines[k + 1]
            join = a.fragment or c.fragment or a.width < _TITLE_FRAGMENT_SHARE * typical or dash[k]
            brk[k] = not join
    # a title at the start of a page, or clearly short after a paragraph end, with body after it
    for i in range(n - 1):
        a, c = lines[i], lines[i + 1]
        if in_block[i] or brk[i] or not a.titleish or c.fragment or a.head[:1] in '“"‘「『（(':
            continue
        if a.indent >= 2 and c.indent == 0 and not c.blank_before and not starts_byline[i + 1]:
            continue  # ……物品。 / 　　区总工会副主席 / 李四说，…: a paragraph's first line, wrapped
        at_start = i == 0 or brk[i - 1]
        limit = 0.75 if i == 0 else _STANDALONE_TITLE_SHARE
        if at_start and 2 <= a.width <= limit * typical:
            brk[i] = True
    return _join_open_brackets(lines, _join_split_dates(lines, starts_byline, brk))


def _join_open_brackets(lines: list[_Line], brk: list[bool]) -> list[bool]:
    """No break inside a bracket a line break cut (本报讯（记者 黄秋 / 菊）１１月…): a line whose last
    （ is still open when the next line closes it within a few characters goes on."""
    for i in range(len(brk)):
        if not brk[i]:
            continue
        tail, head = lines[i].tail[-24:], lines[i + 1].head[:8]
        opened = max(tail.rfind("（"), tail.rfind("("))
        if opened < 0 or max(tail.rfind("）"), tail.rfind(")")) > opened:
            continue
        close = min((k for k in (head.find("）"), head.find(")")) if k >= 0), default=-1)
        if 0 <= close <= 5 and "（" not in head[:close] and "(" not in head[:close]:
            brk[i] = False
    return brk


#: a date whose digits a line break cut (11月1 / 5日, 2026年9月 / 24日): the break falls inside it
_SPLIT_DATE_RE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|\d{4}年\d{1,2}月")


def _join_split_dates(lines: list[_Line], starts_byline: list[bool], brk: list[bool]) -> list[bool]:
    """No paragraph break inside a date printed over two lines (a short line ending ``本报讯 11月1``
    would otherwise stand as a title of its own), unless the next line opens a byline."""
    for i in range(len(brk)):
        if not brk[i] or starts_byline[i + 1]:
            continue
        left, right = lines[i].tail[-8:], lines[i + 1].head[:6]
        if not (left[-1:].isdigit() or left.endswith(("年", "月"))) or not right[:1].isdigit():
            continue
        cut = len(left)
        brk[i] = not any(m.start() < cut < m.end() for m in _SPLIT_DATE_RE.finditer(left + right))
    return brk


def section_label(line: str, after_furniture: bool, blank_below: bool = True) -> bool:
    """A page's section label (``要闻``, ``基层传真``): 2-6 characters, no punctuation, right below a
    page header with a blank line under it, or a known label word. Furniture: never a kicker glued to
    the headline below it."""
    if not _SECTION_RE.match(line):
        return False
    return (after_furniture and blank_below) or bool(_SECTION_WORD_RE.match(line))


def _section_labels(lines: list[_Line], furniture: list[bool]) -> list[bool]:
    """Section labels: a label line with a blank line and then a title line below it."""
    out = [False] * len(lines)
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if a.text is None or not b.titleish or b.fragment:
            continue
        after = i > 0 and furniture[i - 1]
        out[i] = section_label(a.text, after, b.blank_before)
    return out


#: a line that ends with a role word: its name is on the next line (记者 A 通讯员 / B 11月1日，…)
_ROLE_AT_END_RE = LazyPattern(r"(?<![\u4e00-\u9fff])" + _ROLE + r"[ ]*$")


def _is_byline_line(ln: _Line) -> bool:
    """A byline and nothing else; not one whose last role word waits for its name on the next line
    (``_NAMES`` would read the role word as a name)."""
    return (
        ln.text is not None and bool(_BYLINE_LINE_RE.match(ln.text)) and not _ROLE_AT_END_RE.search(ln.text)
    )


def normalize(doc: Document) -> Page:
    """Reflow ``doc.text`` into logical lines; see the module docstring for the rules."""
    t = fold(doc.text)
    lines = _scan_lines(t)
    brk = _breaks(lines)
    pieces: list[str] = []
    origin = array("q")

    def emit_range(a: int, b: int) -> None:
        if b > a:
            pieces.append(t[a:b])
            origin.extend(range(a, b))

    def emit_char(ch: str, at: int) -> None:
        pieces.append(ch)
        origin.append(at)

    # group lines into paragraphs
    paragraphs: list[list[_Line]] = []
    for i, ln in enumerate(lines):
        if i == 0 or brk[i - 1]:
            paragraphs.append([ln])
        else:
            paragraphs[-1].append(ln)

    for p, para in enumerate(paragraphs):
        if p:
            emit_char("\n", paragraphs[p - 1][-1].end)
        keep_han_space = _keeps_spaces(para)
        for j, ln in enumerate(para):
            if j:
                prev_ch = t[para[j - 1].end - 1]
                next_ch = t[ln.start]
                if (
                    _ascii_word(prev_ch)
                    and _ascii_word(next_ch)
                    and not (prev_ch.isdigit() and next_ch.isdigit())
                ):
                    emit_char(" ", para[j - 1].end)
            pos = ln.start
            for m in _SPACES_RE.finditer(t, ln.start, ln.end):
                a, b = m.span()
                left, right = t[a - 1], t[b]
                keep = (not _is_wide(left) and not _is_wide(right)) or (
                    keep_han_space and _is_han(left) and _is_han(right)
                )
                if keep and b - a == 1:
                    continue  # a single kept space: no need to cut the piece
                if a > pos:
                    pieces.append(t[pos:a])
                    origin.extend(range(pos, a))
                if keep:
                    pieces.append(" ")
                    origin.append(a)
                pos = b
            emit_range(pos, ln.end)
    origin.append(len(doc.text))
    return Page(doc=doc, text="".join(pieces), origin=origin)


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _keeps_spaces(para: list[_Line]) -> bool:
    """Titles and bylines: one short line without body punctuation (spaces separate words there)."""
    return len(para) == 1 and para[0].titleish
