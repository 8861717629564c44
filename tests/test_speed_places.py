"""``place_matches`` (a prefix-set walk) finds exactly what the place regex finds."""

from __future__ import annotations

import random

from kg.extract.entities import _place_words, place_matches, place_re


def _regex(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int, str]]:
    args = (pos,) if endpos is None else (pos, endpos)
    return [(m.start(), m.end(), m.group()) for m in place_re().finditer(text, *args)]


def test_place_matches_equal_the_regex_on_name_dense_texts():
    rng = random.Random(7)
    words = sorted(_place_words())
    filler = list("的在和了是省市县区镇乡新大中东西南北江山河，。 0aＡ")
    for _ in range(400):
        parts = []
        for _ in range(rng.randrange(1, 12)):
            w = rng.choice(words)
            # whole names, their prefixes and names run together (longest match, overlaps)
            parts.append(w[: rng.randrange(1, len(w) + 1)] if rng.random() < 0.3 else w)
            parts.append("".join(rng.choice(filler) for _ in range(rng.randrange(0, 3))))
        text = "".join(parts)
        assert place_matches(text) == _regex(text), text
        pos = rng.randrange(len(text) + 1)
        end = rng.randrange(pos, len(text) + 1)
        assert place_matches(text, pos, end) == _regex(text, pos, end), (text, pos, end)


def test_place_matches_on_plain_sentences():
    text = "河南省焦作市沁阳市的居民前往北京市海淀区和上海，途经南京市。"
    found = place_matches(text)
    assert found == _regex(text)
    assert ("河南省" in [t for _, _, t in found]) and all(text[s:e] == t for s, e, t in found)
    assert place_matches("") == [] and place_matches("没有地名的句子") == _regex("没有地名的句子")
