"""Units of text (an article without its byline, or a caption) and their tokens, computed once.

A unit keeps page coordinates: ``unit.text[i]`` is ``page.text[unit.base + i]``; masked characters
(bylines, captions inside an article's span) become newlines so that no pattern runs across them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from math import log
from pathlib import Path

from kg.extract import lazydict, lexicons

_HAN_RE = re.compile(f"[{lexicons.HAN}]")
#: jieba POS tags that may stand inside a proper name (nouns, names, numbers, foreign words)
NAME_TAGS = frozenset(
    {"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "j", "eng", "m", "vn", "an", "b", "g", "x", "ng", "l", "i"}
)


#: what jieba itself cuts a text into before its dictionary search: tokens never cross these blocks
_BLOCK_RE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
#: jieba's ``re_han_default`` and ``re_skip_default``: how its ``cut`` splits a text (``_cut_no_hmm``)
_JIEBA_HAN_RE = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_JIEBA_SKIP_RE = re.compile(r"(\r\n|\s)")
#: what jieba's ``re_eng`` matches: runs of these single characters are merged into one word
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_STRIDE = 10_000  # token index = block * _STRIDE + position in block
_NONE = (-1, -1, "", "x")


class _Tokens:
    """Tokens of a unit, made block by block on first use (most blocks hold nothing to look at).

    Indices are ``block * _STRIDE + i``; stepping before a block's first token gives a sentinel that is
    adjacent to nothing, which is all the left-walking callers need.
    """

    def __init__(self, unit: Unit):
        self.unit = unit
        self.cache: dict[int, list[tuple[int, int, str, str]]] = {}

    def block(self, b: int) -> list[tuple[int, int, str, str]]:
        toks = self.cache.get(b)
        if toks is None:
            toks = self.cache[b] = self.unit._cut(*self.unit._blocks[b])
        return toks

    def __getitem__(self, k: int) -> tuple[int, int, str, str]:
        b, i = divmod(k, _STRIDE)
        if b < 0 or b >= len(self.unit._blocks):
            return _NONE
        toks = self.block(b)
        return toks[i] if i < len(toks) else _NONE


@dataclass
class Unit:
    doc_id: str
    article: int | None
    caption: int | None
    base: int  # page offset of text[0]
    text: str
    breaks: tuple[int, ...] = ()  # unit offsets where a new block starts (kicker | headline | body)
    _blocks: list[tuple[int, int]] = field(default_factory=list)
    _block_starts: list[int] = field(default_factory=list)
    tokens: _Tokens | None = None
    ref: object = None  # DateValue a bare day (17日) is read against: the dateline's or the issue date
    subject: str | None = None  # the county-level city the article is about: what a bare 市 names

    def tokenize(self) -> None:
        """Find jieba's blocks (split at our breaks); each is tokenised when first looked at."""
        cuts = sorted(b for b in self.breaks if 0 < b < len(self.text))
        blocks = []
        for m in _BLOCK_RE.finditer(self.text):
            a, e = m.start(), m.end()
            for c in cuts:
                if a < c < e:
                    blocks.append((a, c))
                    a = c
            while e - a > _STRIDE // 2:
                blocks.append((a, a + _STRIDE // 2))
                a += _STRIDE // 2
            blocks.append((a, e))
        self._blocks = blocks
        self._block_starts = [b[0] for b in blocks]
        self.tokens = _Tokens(self)
        # the extractors look words of this text up in the tokenizer's tables: load its characters
        tokenizer()[0].ensure(self.text)

    def _cut(self, a: int, b: int) -> list[tuple[int, int, str, str]]:
        tok, tags = tokenizer()
        out = []
        pos = a
        for w in tok.cut_loaded(self.text[a:b], HMM=False):  # ``tokenize`` loaded the whole text
            end = pos + len(w)
            flag = tags.get(w)
            if flag is None:
                flag = "n" if _HAN_RE.match(w) else ("m" if w.isdigit() else "x")
            out.append((pos, end, w, flag))
            pos = end
        return out

    def token_at(self, i: int) -> int | None:
        """Index of the token covering unit offset ``i`` (None outside every block)."""
        b = bisect_right(self._block_starts, i) - 1
        if b < 0 or i >= self._blocks[b][1]:
            return None
        toks = self.tokens.block(b)
        k = bisect_right([t[0] for t in toks], i) - 1
        return b * _STRIDE + k

    def is_boundary(self, i: int) -> bool:
        """True when offset ``i`` falls between two tokens."""
        k = self.token_at(i)
        return k is None or self.tokens[k][0] == i


#: words merged in jieba's dictionary that hide a suffix or a role (工会主席 -> 工会 / 主席): deleted
_UNMERGE = ("工会主席", "工会组织", "工会干部", "工会工作", "分行相关", "公司职工")
#: words jieba tags otherwise that are time words here
_TIME_WORDS = ("以来", "年初", "今年", "近日", "日前", "目前")
#: bump when the tokenizer tables are built differently (it names a new cache file)
_TABLES_VERSION = 2


def _added_words() -> list[str]:
    """Our suffix and role words, added to jieba's dictionary with a high frequency."""
    return [w for w in (*lexicons.org_suffixes(), *lexicons.roles()) if len(w) > 1]


#: frequency our words are added with (jieba's add_word)
_BIG = 10**7
#: where the tables built from jieba's dictionary ship, compressed (``python -m kg.extract.text``)
SHIPPED = Path(__file__).resolve().parent.parent / "resources" / "tables" / "jieba.bin.gz"


def _build_tables() -> tuple[list[dict], object]:
    """jieba's prefix dictionary and POS table, built the slow way by jieba: ([FREQ, tags], total).

    Our words are not in them (see ``_overlay``): the tables depend on jieba alone, so they can ship.
    """
    import logging

    import_jieba()
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    # importing jieba.posseg already built the tag table of the default dictionary (jieba does that at
    # import); copy it rather than parse dict.txt a second time
    shared = jieba.posseg.dt
    same_dict = tok.dictionary == shared.tokenizer.dictionary
    tags = dict((shared if same_dict else jieba.posseg.POSTokenizer(tok)).word_tag_tab)
    return [tok.FREQ, tags], tok.total


def _overlay() -> tuple[list[lazydict.Change], int]:
    """Our words over jieba's tables, as jieba's add_word / del_word would leave them: (changes in
    order, what they add to the total frequency).

    add_word sets the word's frequency, adds it to the total and gives each prefix missing from the
    dictionary frequency 0; del_word is add_word with frequency 0. Suffix and role words are nouns,
    some words are time words.
    """
    changes: list[lazydict.Change] = []
    added = _added_words()
    for w, freq in [*((w, _BIG) for w in added), *((w, 0) for w in _UNMERGE)]:
        changes.append((0, w, freq, False))
        changes.extend((0, w[:k], 0, True) for k in range(1, len(w)))
    changes.extend((1, w, "n", False) for w in added)
    changes.extend((1, w, "t", False) for w in _TIME_WORDS)
    return changes, _BIG * len(added)


def _jieba_files() -> tuple[Path, Path]:
    """jieba's code and its bundled dictionary, found without importing jieba (its import is slow)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed")
    code = Path(spec.origin)
    return code, code.parent / "dict.txt"


def _tables_key() -> str:
    """The installed jieba the tables come from: its code and dictionary files' path, size and mtime
    (as jieba keys its own cache), and how we build the tables."""
    import hashlib

    h = hashlib.sha256()
    for f in _jieba_files():
        st = f.stat()
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}|".encode())
    h.update(f"{_TABLES_VERSION}|".encode())
    return h.hexdigest()


def _content_key() -> str:
    """The same by content (the shipped tables' key: paths and mtimes differ between installs)."""
    import hashlib

    h = hashlib.sha256()
    for f in _jieba_files():
        h.update(hashlib.sha256(f.read_bytes()).digest())
    h.update(f"|{_TABLES_VERSION}|".encode())
    return h.hexdigest()


def import_jieba():
    """``import jieba``, without letting it import ``pkg_resources``.

    Why: jieba imports pkg_resources only to open its own bundled files, and falls back to a plain
    ``open`` beside its module when that import fails; pkg_resources costs 0.2-0.3 s of every process's
    start (most of a one-sentence build's import time) and a deprecation warning under recent setuptools.
    Where something else already imported pkg_resources, nothing changes.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes its import raise ImportError
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


class Tokenizer:
    """A private ``jieba.Tokenizer`` (never jieba's global one) whose tables fill as texts come.

    jieba's dictionary, its POS table and our words live in ``kg.extract.lazydict`` tables that load the
    entries a text can look up; ``cut`` loads them for its sentence, then hands it to the real jieba
    tokenizer, whose ``FREQ`` is that table. Cuts are jieba's own (``tests/test_speed_tables.py``).
    """

    def __init__(self, freq: dict[str, int], total: int, ensure, ensure_many=None) -> None:
        self.FREQ = freq
        self.total = total
        self.ensure = ensure  # ensure(text): load the entries that substrings of ``text`` look up
        # ensure_many(texts): ``ensure`` of each text, at once (``prepare``)
        self._ensure_many = ensure_many
        self._private = None  # the jieba tokenizer over these tables (``private``)
        self._costs: dict[int, float] = {}  # frequency -> log(frequency) - log(total), for ``_cut_block``
        self._logtotal = 0.0  # the log(total) those costs were worked out with

    @property
    def private(self):
        """The real ``jieba.Tokenizer`` over these tables, made when first needed (a cut with HMM): cuts
        without HMM are ours (``_cut_no_hmm``), and importing jieba (its HMM tables) costs 40-60 ms of a
        process's start."""
        if self._private is None:
            jieba = import_jieba()
            private = jieba.Tokenizer()
            private.FREQ, private.total, private.initialized = self.FREQ, self.total, True
            self._private = private
        return self._private

    def prepare(self, texts: list[str]) -> None:
        """Load the entries of a batch of texts at once (``lazydict.CharTables.ensure_many``); ``ensure``
        of one of them afterwards is then free, until the next batch."""
        if self._ensure_many is not None:
            self._ensure_many(texts)
        else:
            for t in texts:
                self.ensure(t)

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True):  # noqa: N803 (jieba's name)
        """Words of ``sentence`` as jieba cuts them (an iterable)."""
        self.ensure(sentence)
        if not HMM and not cut_all:
            return self._cut_no_hmm(sentence)
        return self.private.cut(sentence, cut_all=cut_all, HMM=HMM)

    def cut_loaded(self, sentence: str, HMM: bool = True):  # noqa: N803
        """``cut`` of a piece of a text already given to ``ensure`` (its entries are loaded)."""
        if not HMM:
            if _BLOCK_RE.fullmatch(sentence):  # one of jieba's blocks: the same cut, faster
                return self._cut_block(sentence)
            return self._cut_no_hmm(sentence)
        return self.private.cut(sentence, HMM=HMM)

    def _cut_no_hmm(self, sentence: str) -> list[str]:
        """jieba's ``cut(sentence, HMM=False)``, its own steps: the text split into its blocks (each cut
        by ``_cut_block``) and the rest, where a whitespace character (or ``\\r\\n``) is a word and so is
        every other character."""
        out: list[str] = []
        for blk in _JIEBA_HAN_RE.split(sentence):
            if not blk:
                continue
            if _BLOCK_RE.match(blk):
                out.extend(self._cut_block(blk))
                continue
            for x in _JIEBA_SKIP_RE.split(blk):
                if _JIEBA_SKIP_RE.match(x):
                    out.append(x)
                else:
                    out.extend(x)
        return out

    def _cut_block(self, s: str) -> list[str]:
        """jieba's cut (no HMM) of one of its blocks: its DAG, route and merging of single ASCII letters
        and digits, with the DAG made while the route is (right to left, each fragment looked up once)
        and each frequency's log worked out once; the same floats added in the same order, ties broken
        alike (the longer word), so the same words (``tests/test_extract_text.py``)."""
        freq = self.FREQ
        logtotal = log(self.total)
        if logtotal != self._logtotal:
            self._costs, self._logtotal = {}, logtotal
        costs = self._costs
        n = len(s)
        score: list[float] = [0] * (n + 1)  # type: ignore[list-item]  # jieba's route[N] is (0, 0)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best = None
            at = k
            i = k
            frag = s[k]
            while i < n and frag in freq:
                f = freq[frag]
                if f:
                    c = costs.get(f)
                    if c is None:
                        c = costs[f] = log(f) - logtotal
                    sc = c + score[i + 1]
                    if best is None or sc >= best:  # max() of (score, end): on a tie the later end
                        best, at = sc, i
                i += 1
                frag = s[k : i + 1]
            if best is None:  # no word starts here: the character alone, frequency 1
                best, at = (log(1) - logtotal) + score[k + 1], k
            score[k] = best
            end[k] = at
        out: list[str] = []
        buf = ""
        x = 0
        while x < n:
            y = end[x] + 1
            w = s[x:y]
            if y - x == 1 and w in _ASCII_ALNUM:
                buf += w
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(w)
            x = y
        if buf:
            out.append(buf)
        return out

    def lcut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> list[str]:  # noqa: N803
        return list(self.cut(sentence, cut_all=cut_all, HMM=HMM))


@lru_cache(maxsize=1)
def tokenizer() -> tuple[Tokenizer, dict[str, str]]:
    """A private tokenizer with jieba's dictionary plus our suffix and role words (never jieba's global
    one), and its POS table.

    Its tables come from a cache file and fill as texts come (``lazydict``): ``cut`` loads what its text
    needs, ``Unit.tokenize`` what a unit needs; look up only substrings of such texts.
    """
    tables = lazydict.load("jieba", _tables_key(), _build_tables, shipped=SHIPPED, shipped_key=_content_key)
    changes, added_total = _overlay()
    tables.set_overlay(changes)
    freq, tags = tables.tables
    return Tokenizer(freq, tables.extra + added_total, tables.ensure, tables.ensure_many), tags


if (
    __name__ == "__main__"
):  # python -m kg.extract.text: rebuild the shipped tables (jieba's, the NER lexicon's)
    from kg.ner import ship_lexicon_tables

    lazydict.ship(SHIPPED, _content_key(), *_build_tables())
    for shipped in (SHIPPED, ship_lexicon_tables()):
        print(shipped, shipped.stat().st_size)
