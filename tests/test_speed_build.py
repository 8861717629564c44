"""Fast paths of the build keep their results: the manifest's JSON, a unit's cut blocks."""

from __future__ import annotations

import dataclasses
import json

from kg.cache import FORMAT, Entry, Manifest
from kg.model import Warning_


def test_manifest_json_is_the_asdict_form():
    m = Manifest(
        [Entry("d1", "a.jsonl", "k1"), Entry("d2~2", "页面.txt", "k2")], [Warning_("a.jsonl", "坏行", 3)], "v"
    )
    slow = {
        "format": FORMAT,
        "pipeline": "v",
        "documents": [dataclasses.asdict(e) for e in m.documents],
        "warnings": [dataclasses.asdict(w) for w in m.warnings],
    }
    assert m.to_json() == json.dumps(slow, ensure_ascii=False, indent=1) + "\n"
    assert Manifest.from_json(m.to_json()) == m


def test_unit_blocks_cut_as_the_ensuring_cut():
    from kg.extract.text import Unit, tokenizer

    text = "市总工会副主席王小明来到某某机械厂，\n看望一线职工。AB公司2013年10月举办技能大赛"
    unit = Unit("d", 0, None, 0, text)
    unit.tokenize()
    tok, _tags = tokenizer()
    for b, (a, e) in enumerate(unit._blocks):
        got = [w for _s, _e, w, _f in unit.tokens.block(b)]
        assert got == list(tok.cut(text[a:e], HMM=False))
        assert "".join(got) == text[a:e]
