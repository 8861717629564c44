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


@dataclass
class Unit:
    doc_id: str
    article: int | None
    caption: int | None
    base: int  # page offset of text[0]
    text: str
    breaks: tuple[int, ...] = ()  # unit offsets where a new block starts (kicker | headline | body)
    tokens: list[tuple[int, int, str, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def tokenize(self) -> None:
        """Tokenise once with the private jieba tokenizer; POS from its dictionary."""
        tok, tags = tokenizer()
        out = []
        cuts = sorted({0, len(self.text), *(b for b in self.breaks if 0 < b < len(self.text))})
        for a, b in zip(cuts, cuts[1:], strict=False):
            pos = a
            for w in tok.cut(self.text[a:b], HMM=False):
                end = pos + len(w)
                if w.strip():
                    flag = tags.get(w)
                    if flag is None:
                        flag = "n" if _HAN_RE.match(w) else ("m" if w.isdigit() else "x")
                    out.append((pos, end, w, flag))
                pos = end
            assert pos == b
        self.tokens = out
        self._starts = [t[0] for t in out]

    def token_at(self, i: int) -> int | None:
        """Index of the token covering unit offset ``i``."""
        k = bisect_right(self._starts, i) - 1
        if k >= 0 and self.tokens[k][0] <= i < self.tokens[k][1]:
            return k
        return None

    def is_boundary(self, i: int) -> bool:
        """True when offset ``i`` falls between two tokens."""
        k = self.token_at(i)
        return k is None or self.tokens[k][0] == i


@lru_cache(maxsize=1)
def tokenizer():
    """A private jieba tokenizer that knows our suffix and role words (never the global one)."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    tags = dict(jieba.posseg.POSTokenizer(tok).word_tag_tab)
    big = 10**7
    for w in list(lexicons.org_suffixes()) + list(lexicons.roles()):
        if len(w) > 1:
            tok.add_word(w, freq=big)
            tags[w] = "n"
    # merged forms that hide a suffix or a role: 工会主席 -> 工会 / 主席
    for w in ("工会主席", "工会组织", "工会干部", "工会工作", "分行相关", "公司职工"):
        tok.del_word(w)
    for w in ("以来", "年初", "今年", "近日", "日前", "目前"):
        tags[w] = "t"
    return tok, tags
