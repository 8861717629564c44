"""Per-character CRF features: the char window, bigrams, char classes and lexicon matches.

Speed matters more than elegance here (the whole ``kg build`` must run >= 50,000 chars/s), so the
features are plain strings built with list comprehensions over one pass of the sentence. The lexicon
(jieba's dictionary words with a coarse POS class, the national gazetteer with short forms, and generic
organisation suffixes) is frozen into a file shipped beside the model, so tagging needs neither jieba
nor cpca at run time and always sees exactly the lexicon it was trained with.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import add
from pathlib import Path

#: Longest lexicon word looked up: 2..4 chars cover nearly all names and keep lookups vectorised.
MAX_WORD = 4

#: Generic organisation suffixes (generic knowledge, no names): an org mention usually ends with one.
ORG_SUFFIXES: tuple[str, ...] = (
    "总工会", "工会", "公司", "分公司", "集团", "银行", "分行", "支行", "医院", "学校", "大学", "学院",
    "中学", "小学", "幼儿园", "委员会", "委", "局", "厅", "部", "处", "办事处", "办公室", "协会", "学会",
    "研究所", "研究院", "研究会", "中心", "基金会", "联合会", "商会", "法院", "检察院", "政府", "党委",
    "支部", "总部", "报社", "电视台", "电台", "出版社", "俱乐部", "队", "厂", "站", "所", "社", "院",
    "署", "会", "组织", "联盟", "合作社", "事务所", "股份", "有限", "大队", "中队", "支队", "总队",
    "派出所", "公安局", "街道办", "居委会", "村委会", "议会", "国会", "内阁", "军", "党",
)  # fmt: skip

#: Administrative suffixes stripped to get a gazetteer short form (沁阳市 -> 沁阳).
_ADMIN_SUFFIXES: tuple[str, ...] = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区",
    "林区", "新区", "矿区", "省", "市", "县", "区", "盟", "旗",
)  # fmt: skip

# Full-width ASCII folded to half-width, digits to "0", ASCII letters lowercased: same length, offsets kept.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD.update({c: 0x20 for c in (*range(0x00, 0x20), 0x7F)})  # control chars: crfsuite needs no NULs
_DIGITS: dict[int, int | str] = {ord(d): "0" for d in "0123456789"}
_DIGITS.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})  # ASCII only: str.lower() can grow


#: the two tables above as one (a single pass of ``str.translate``)
_FOLD_ALL: dict[int, int | str] = {
    c: _DIGITS.get(_FOLD.get(c, c), _FOLD.get(c, c)) for c in (*_FOLD, *_DIGITS)
}


def fold(text: str) -> str:
    """Normalise characters for feature lookup without changing the length."""
    return _fold_runs().sub(_fold_run, text)


@lru_cache(maxsize=1)
def _fold_runs() -> re.Pattern[str]:
    """Runs of the characters ``fold`` changes: ``str.translate`` with a dict costs a failed look-up (an
    exception caught inside) for every other character, which is nearly every character of Chinese text;
    translating only these runs gives the same string in a fraction of the time."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD_ALL)) + "]+")


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD_ALL)


def _char_class(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf":
        return "H"
    if c == "0":
        return "D"
    if "a" <= c <= "z":
        return "L"
    if c.isspace():
        return "S"
    if c.isalnum():
        return "A"
    return "P"


class _CharClasses(dict):
    """``str.translate`` table of code point -> ``_char_class`` letter, filled as characters come; the
    padding marks ``^`` and ``$`` are their own class, also inside a text (as they always were)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        cls = self[code] = c if c in "^$" else _char_class(c)
        return cls


@dataclass(frozen=True)
class Lexicon:
    """Lexicon words (folded) with a coarse class, and organisation suffixes.

    Classes: g gazetteer division, r person, s place, t organisation, z other proper noun, w word.
    """

    words: dict[str, str]  # n-gram -> class letter (or nothing) + "+" if a longer word continues it
    suffixes: frozenset[str]
    #: each character's class, cached here (a few thousand entries) rather than worked out per sentence
    classes: dict[int, str] = field(default_factory=_CharClasses, compare=False, repr=False)
    #: the last characters of the suffixes: the suffix column checks only the positions ending in one
    suffix_ends: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.suffix_ends:
            object.__setattr__(self, "suffix_ends", frozenset(s[-1] for s in self.suffixes))


def adcodes_path() -> Path:
    """cpca's adcodes.csv, located without importing cpca (its import is slow)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the cpca package is not installed")
    return Path(spec.origin).parent / "resources" / "adcodes.csv"


def gazetteer_names(path: Path | None = None) -> list[str]:
    """Division names and their short forms (suffix stripped, at least two chars), sorted."""
    names: set[str] = set()
    lines = (path or adcodes_path()).read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        parts = line.split(",")
        if len(parts) < 2 or not parts[1]:
            continue
        name = parts[1].strip()
        names.add(name)
        for suf in _ADMIN_SUFFIXES:
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                short = name[: -len(suf)]
                names.add(short)
                # 延边朝鲜族自治州 -> 延边朝鲜族 -> 延边
                if "族" in short:
                    head = short[: max(2, short.index("族") - 2)]
                    if len(head) >= 2:
                        names.add(head)
                break
    return sorted(n for n in names if len(n) >= 2)


def _pos_class(pos: str) -> str:
    if pos.startswith("nr"):
        return "r"
    if pos.startswith("ns"):
        return "s"
    if pos.startswith("nt"):
        return "t"
    if pos == "nz":
        return "z"
    return "w"


def jieba_words() -> list[tuple[str, str]]:
    """(word, coarse class) from jieba's bundled dictionary, words of 2..MAX_WORD chars."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the jieba package is not installed")
    out = []
    with (Path(spec.origin).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and 2 <= len(parts[0]) <= MAX_WORD:
                out.append((parts[0], _pos_class(parts[2])))
    return out


def write_lexicon(path: Path) -> None:
    """Freeze the lexicon into ``path`` (gzip TSV: kind, entry, class), deterministic byte output."""
    rows: dict[tuple[str, str], str] = {}
    for word, cls in jieba_words():
        key = ("w", fold(word))
        if len(key[1]) == len(word) and rows.get(key, "w") == "w":
            rows[key] = cls
    for name in gazetteer_names():
        if len(name) <= MAX_WORD:
            rows[("w", fold(name))] = "g"
    for suf in ORG_SUFFIXES:
        rows[("o", suf)] = "o"
    body = "".join(f"{k}\t{e}\t{c}\n" for (k, e), c in sorted(rows.items()))
    path.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))


def read_lexicon(path: Path) -> Lexicon:
    """Load a lexicon written by ``write_lexicon``."""
    words: dict[str, str] = {}
    sufs: set[str] = set()
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        kind, entry, cls = line.split("\t")
        if kind == "w":
            words[entry] = cls
        else:
            sufs.add(entry)
    for w in sorted(words):
        for k in range(2, len(w)):
            pre = w[:k]
            v = words.get(pre, "")
            if not v.endswith("+"):
                words[pre] = v + "+"
    return Lexicon(words, frozenset(sufs))


def _longest(two: list[str | None], three: list[str | None], four: list[str | None]) -> list[str]:
    """Per position, "<len><class>" of the longest word among the 4-, 3-, 2-gram entries, else "-"."""
    return [
        "4" + d[0]
        if d and d[0] != "+"
        else "3" + c[0]
        if c and c[0] != "+"
        else "2" + b[0]
        if b and b[0] != "+"
        else "-"
        for b, c, d in zip(two, three, four, strict=False)
    ]


def sentence_features(text: str, lex: Lexicon) -> list[tuple[str, ...]]:
    """One tuple of feature strings per character of ``text`` (already a short sentence).

    No per-character Python loop: every column is one comprehension over shifted n-gram lists, and the
    lexicon is consulted only for the 2-, 3- and 4-grams (longer words are rare in names).
    """
    return features_of_folded(fold(text), lex)


def features_of_folded(f: str, lex: Lexicon) -> list[tuple[str, ...]]:
    """``sentence_features`` of a text already folded (``fold``)."""
    n = len(f)
    if not n:
        return []
    p, bg, cl, ws, we, os_ = columns_of_folded(f, lex)
    # the columns as comprehensions: ``"u0=" + c`` is a specialised add there, cheaper than mapping
    # ``"u0=".__add__`` (measured in instructions); the n-grams above are C-level maps of ``add``
    return list(
        zip(
            ["b"] * n,
            ["u0=" + c for c in f],
            ["u-1=" + c for c in p[1 : n + 1]],
            ["u1=" + c for c in p[3 : n + 3]],
            ["u-2=" + c for c in p[:n]],
            ["u2=" + c for c in p[4:]],
            ["b-1=" + x for x in bg[1 : n + 1]],
            ["b0=" + x for x in bg[2 : n + 2]],
            ["b-2=" + x for x in bg[:n]],
            ["b1=" + x for x in bg[3 : n + 3]],
            ["s=" + x for x in map(add, p[1 : n + 1], p[3:])],
            ["c=" + x for x in map(add, map(add, cl[1 : n + 1], cl[2:]), cl[3:])],
            ["ws=" + x for x in ws],
            ["we=" + x for x in we],
            ["o=" + x for x in map(add, os_, os_[1:])],
            strict=False,
        )
    )


def columns_of_folded(
    f: str, lex: Lexicon
) -> tuple[list[str], list[str], list[str], list[str], list[str], list[str]]:
    """The raw columns the feature templates read, for a non-empty folded text of ``n`` chars:
    ``p`` the chars padded with ``^^``/``$$`` (n+4), ``bg`` its bigrams (n+3), ``cl`` the char class of
    each ``p`` entry, ``ws``/``we`` the longest lexicon word starting/ending at each char (n), ``os_`` the
    organisation-suffix marks (n+1). ``features_of_folded`` builds its features from these; the array
    tagger builds them for a whole batch (``kg.ner.crf.batch_columns``), held to these by
    ``tests/test_ner_arrays.py``."""
    n = len(f)
    p = ["^", "^", *f, "$", "$"]
    bg = list(map(add, p, p[1:]))  # bg[j] = p[j:j+2]
    t3 = list(map(add, bg, p[2:]))  # t3[j] = p[j:j+3]
    q4 = list(map(add, bg, bg[2:]))  # q4[j] = p[j:j+4]
    q4.append("$")  # the 4-gram "starting" at the last char runs past the padding
    get = lex.words.get
    # Entry of the n-gram starting at text position i: "<class>[+]" ("+": longer words continue it).
    # Looking up a 3-/4-gram only when its prefix continues saves most lookups (they dominate cost).
    w2 = list(map(get, bg[2 : n + 2]))
    w3 = [get(x) if v and v[-1] == "+" else None for x, v in zip(t3[2 : n + 2], w2, strict=False)]
    w4 = [get(x) if v and v[-1] == "+" else None for x, v in zip(q4[2 : n + 2], w3, strict=False)]
    ws = _longest(w2, w3, w4)  # longest lexicon word starting here
    we = _longest([None, *w2], [None, None, *w3], [None, None, None, *w4])  # ... ending here
    sufs, ends = lex.suffixes, lex.suffix_ends
    os_ = [
        "-" if a not in ends else "3" if c in sufs else "2" if b in sufs else "1" if a in sufs else "-"
        for a, b, c in zip(f, bg[1:], t3, strict=False)
    ]
    os_.append("-")
    cl = ["^", "^", *f.translate(lex.classes), "$", "$"]
    return p, bg, cl, ws, we, os_
