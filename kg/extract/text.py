"""Units of text (an article without its byline, or a caption) and their tokens, computed once.

A unit keeps page coordinates: ``unit.text[i]`` is ``page.text[unit.base + i]``; masked characters
(bylines, captions inside an article's span) become newlines so that no pattern runs across them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract import lexicons

_HAN_RE = re.compile(f"[{lexicons.HAN}]")
#: jieba POS tags that may stand inside a proper name (nouns, names, numbers, foreign words)
NAME_TAGS = frozenset(
    {"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "j", "eng", "m", "vn", "an", "b", "g", "x", "ng", "l", "i"}
)


#: what jieba itself cuts a text into before its dictionary search: tokens never cross these blocks
_BLOCK_RE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
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
        for w in tok.cut(self.text[a:b], HMM=False):
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
_TABLES_VERSION = 1


def _added_words() -> list[str]:
    """Our suffix and role words, added to jieba's dictionary with a high frequency."""
    return [w for w in (*lexicons.org_suffixes(), *lexicons.roles()) if len(w) > 1]


def _build_tables() -> tuple[list[dict], object]:
    """jieba's prefix dictionary and POS table with our words, built the slow way: ([FREQ, tags], total)."""
    import logging

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
    big = 10**7
    for w in _added_words():
        tok.add_word(w, freq=big)
        tags[w] = "n"
    for w in _UNMERGE:
        tok.del_word(w)
    for w in _TIME_WORDS:
        tags[w] = "t"
    return [tok.FREQ, tags], tok.total


def _tables_key(tok) -> str:
    """Hash of everything the tokenizer tables are made of: jieba's dictionary, version, our words."""
    import hashlib
    import importlib.metadata

    h = hashlib.sha256()
    with tok.get_dict_file() as fh:
        h.update(fh.read())
    h.update(f"|{importlib.metadata.version('jieba')}|{_TABLES_VERSION}|".encode())
    h.update("\n".join((*_added_words(), "|", *_UNMERGE, "|", *_TIME_WORDS)).encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def tokenizer():
    """A private jieba tokenizer that knows our suffix and role words (never the global one), and its
    POS table.

    Its tables come from a cache file and fill a first character at a time (``lazydict``): ``cut`` loads
    the characters of its text, ``Unit.tokenize`` those of a unit; look up only words of such texts.
    """
    import logging

    import jieba

    from kg.extract import lazydict

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tables = lazydict.load("jieba", _tables_key(tok), _build_tables)
    tok.FREQ, tags = tables.tables
    tok.total = tables.extra
    tok.initialized = True
    ensure = tables.ensure
    plain_cut = tok.cut

    def cut(sentence, *args, **kwargs):
        ensure(sentence)
        return plain_cut(sentence, *args, **kwargs)

    tok.cut = cut
    tok.ensure = ensure
    return tok, tags
