"""The shipped NER model: loads offline, finds invented names, keeps offsets exact, survives odd input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.ner import load_model, sentence_chunks, tags_to_spans
from kg.ner.data import _spans_from_tags, drop_nested, score

TYPES = {"Person", "Organization", "Place"}


@pytest.fixture(scope="module")
def model():
    return load_model()


def _check_offsets(text: str, spans: list[tuple[int, int, str]]) -> None:
    assert spans == sorted(spans)
    for s, e, t in spans:
        assert 0 <= s < e <= len(text)
        assert t in TYPES
        assert text[s:e].strip() == text[s:e]


def test_finds_person_org_and_county(model):
    text = "昨天下午，湖南省衡阳县总工会主席欧阳振华来到县人民医院，看望了一线医护人员。"
    spans = model.predict(text)
    _check_offsets(text, spans)
    found = {(text[s:e], t) for s, e, t in spans}
    assert ("欧阳振华", "Person") in found
    assert any(t == "Organization" and text[s:e].endswith("总工会") for s, e, t in spans)
    assert any(t == "Place" and "衡阳" in text[s:e] for s, e, t in spans) or any(
        "衡阳县" in text[s:e] for s, e, _ in spans
    )


def test_newswire_sentences(model):
    texts = [
        "新华社北京三月五日电 国务院副总理孙建国今天在人民大会堂会见了日本客人。",
        "据甘肃省张掖市气象局消息，当地农民吴秀英种植的苹果获得丰收。",
        "中国工商银行临汾分行行长马德胜表示，今年将继续支持小微企业。",
    ]
    for text, spans in zip(texts, model.predict_many(texts), strict=True):
        _check_offsets(text, spans)
    names = {texts[i][s:e] for i, spans in enumerate(model.predict_many(texts)) for s, e, t in spans}
    assert {"孙建国", "吴秀英", "马德胜"} <= names
    assert "北京" in names


def test_offsets_on_multi_paragraph_text(model):
    text = "第一段：记者王小川报道。\n\n第二段，浙江省温州市教育局局长潘立群说！最后一句没有标点"
    spans = model.predict(text)
    _check_offsets(text, spans)
    assert any(text[s:e] == "潘立群" for s, e, _ in spans)
    assert all("\n" not in text[s:e] for s, e, _ in spans)


def test_empty_and_odd_input(model):
    assert model.predict("") == []
    assert model.predict("\n\n   \n") == []
    assert model.predict_many([]) == []
    text = "控制\x00字符\x07与\t制表符，王大明在\x1f郑州"
    _check_offsets(text, model.predict(text))


def test_long_text_without_punctuation(model):
    unit = "河北省保定市人民政府办公室主任刘建国带队检查工作"
    text = unit * 60  # 1,440 chars, no sentence punctuation
    spans = model.predict(text)
    _check_offsets(text, spans)
    assert sum(1 for s, e, _ in spans if text[s:e] == "刘建国") >= 40


def test_sentence_chunks_cover_text():
    text = "甲。乙！" + "丙" * 450 + "\n丁"
    pieces = sentence_chunks(text, max_len=200)
    assert all(e - s <= 200 for s, e in pieces)
    assert "".join(text[s:e] for s, e in pieces).replace("\n", "") == text.replace("\n", "")


def test_tag_decoding_is_lenient():
    assert tags_to_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-LOC"], 10) == [
        (10, 12, "Person"),
        (13, 14, "Place"),
        (14, 15, "Organization"),
        (15, 16, "Place"),
    ]
    assert _spans_from_tags(["B-NAME", "E-NAME", "S-ORG", "O", "B-LOC", "M-LOC", "E-LOC"]) == [
        (0, 2, "NAME"),
        (2, 3, "ORG"),
        (4, 7, "LOC"),
    ]


def test_scorer_drops_nested_and_counts_exact_spans():
    assert drop_nested([(0, 6, "Organization"), (0, 2, "Place"), (7, 9, "Person")]) == [
        (0, 6, "Organization"),
        (7, 9, "Person"),
    ]
    sc = score([[(0, 6, "Organization"), (0, 2, "Place")]], [[(0, 6, "Organization"), (7, 9, "Person")]])
    assert sc.tp["Organization"] == 1 and sc.fp["Person"] == 1 and sc.fn["Place"] == 0
    assert sc.micro() == pytest.approx((0.5, 1.0, 2 / 3))


def test_train_help_runs_without_training():
    out = subprocess.run(
        [sys.executable, "-m", "kg.ner.train", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    assert "--max-iterations" in out.stdout


def test_one_feature_row_per_char(model):
    from kg.ner.features import sentence_features

    for text in ["a", "张三", "ＡＢ１２", "İstanbul大学", "北京市朝阳区人民法院审理", "x" * 7]:
        rows = sentence_features(text, model.lexicon)
        assert len(rows) == len(text)
        assert len({len(r) for r in rows}) == 1


def _tags_to_spans_reference(tags, offset=0):
    """The decoder before its fast path for "O" (kept to pin its behaviour)."""
    from kg.ner import TAG_TYPES

    spans, start, cur = [], -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if prefix == "I" and typ == cur:
            continue
        if cur:
            spans.append((offset + start, offset + i, TAG_TYPES[cur]))
        start, cur = (i, typ) if prefix in ("B", "I") and typ in TAG_TYPES else (-1, "")
    return spans


def test_tag_decoding_matches_the_reference_on_random_sequences():
    import random

    labels = ["O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER", "I-XXX", "B-XXX", "X"]
    rng = random.Random(5)
    for _ in range(5000):
        tags = [rng.choice(labels) for _ in range(rng.randrange(12))]
        off = rng.randrange(5)
        assert tags_to_spans(tags, off) == _tags_to_spans_reference(tags, off), tags


def _fold_reference(text):
    """``fold`` as two passes (before its tables were composed into one)."""
    from kg.ner.features import _DIGITS, _FOLD

    return text.translate(_FOLD).translate(_DIGITS)


def _features_reference(text, lex):
    """``sentence_features`` as list comprehensions (before its columns became C-level maps)."""
    from kg.ner.features import _char_class, _longest

    f = _fold_reference(text)
    n = len(f)
    if not n:
        return []
    p = ["^", "^", *f, "$", "$"]
    bg = [a + b for a, b in zip(p, p[1:], strict=False)]
    t3 = [a + c for a, c in zip(bg, p[2:], strict=False)]
    q4 = [a + c for a, c in zip(bg, bg[2:], strict=False)]
    q4.append("$")
    get = lex.words.get
    w2 = [get(x) for x in bg[2 : n + 2]]
    w3 = [get(x) if v and v[-1] == "+" else None for x, v in zip(t3[2 : n + 2], w2, strict=False)]
    w4 = [get(x) if v and v[-1] == "+" else None for x, v in zip(q4[2 : n + 2], w3, strict=False)]
    ws = _longest(w2, w3, w4)
    we = _longest([None, *w2], [None, None, *w3], [None, None, None, *w4])
    sufs = lex.suffixes
    os_ = [
        "3" if c in sufs else "2" if b in sufs else "1" if a in sufs else "-"
        for a, b, c in zip(f, bg[1:], t3, strict=False)
    ]
    os_.append("-")
    classes = {c: _char_class(c) for c in set(f)}
    classes["^"] = "^"
    classes["$"] = "$"
    cl = [classes[c] for c in p]
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
            ["s=" + a + b for a, b in zip(p[1 : n + 1], p[3:], strict=False)],
            ["c=" + a + b + c for a, b, c in zip(cl[1 : n + 1], cl[2:], cl[3:], strict=False)],
            ["ws=" + x for x in ws],
            ["we=" + x for x in we],
            ["o=" + a + b for a, b in zip(os_, os_[1:], strict=False)],
            strict=False,
        )
    )


_ODD_TEXTS = [
    "",
    "a",
    "张",
    "王小明在杭州市西湖区人民政府工作",
    "ＡＢＣ１２３ａｂｃ　全角、半角ABC-xyz_09",
    "\x00\x1f\x7f控制符\t换行\n",
    "İstanbul大学",
    "省委省政府召开会议，市总工会、县人民医院和某某公司派员参加。",
    "１９９８年３月，张伟（ZhangWei）到达北京。",
    "$$^^$^混合符号^$",
]


def test_fold_equals_the_two_pass_fold():
    from kg.ner.features import fold

    every = "".join(chr(c) for c in range(0x20000) if not 0xD800 <= c < 0xE000)
    assert fold(every) == _fold_reference(every)
    for text in _ODD_TEXTS:
        assert fold(text) == _fold_reference(text)


def test_features_equal_the_reference(model):
    from kg.ner.features import sentence_features

    model.tag_sentence("".join(_ODD_TEXTS))  # load the lexicon entries these texts look up
    for text in _ODD_TEXTS:
        if model._ensure is not None:
            model._ensure(_fold_reference(text) + "$$")
        assert sentence_features(text, model.lexicon) == _features_reference(text, model.lexicon)


def test_fold_translates_exactly_the_folded_characters():
    import random

    from kg.ner.features import _FOLD_ALL, fold

    rng = random.Random(3)
    alphabet = [chr(c) for c in _FOLD_ALL] + list("中文，。abcXYZ09 \n") + ["\u3000", "\uff5f", "\U00020000"]
    texts = ["", "全是汉字没有要变的", "ＡＢＣ１２３　ａｂｃ", "\x00\x1f\x7fAZ09"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 40))) for _ in range(2000)]
    for text in texts:
        folded = fold(text)
        assert folded == text.translate(_FOLD_ALL) and len(folded) == len(text)
    assert fold("ＡＢＣ１２３　Ｘ") == "abc000 x"
