"""The tokenizer's own cut of a jieba block (``Tokenizer._cut_block``) gives jieba's words exactly."""

from __future__ import annotations

import random

import pytest

from kg.extract.text import tokenizer

#: invented sentences (names and places made up), ASCII runs, digits and jieba's block punctuation
SENTENCES = [
    "青川县供销合作社主任司马远航来到白杨镇中心小学看望了留守儿童",
    "中国建设银行泸沽湖支行行长钟离明表示将继续支持小微企业发展",
    "记者常玉洁报道当地牧民庆祝丰收节",
    "abc123中文ABC-xyz_09a1b2c3.5%和C++与C#以及A&B",
    "工会主席工会组织工会干部公司职工分行相关",
    "以来年初今年近日日前目前",
    "a",
    "中",
    "1",
    "的的的的的的的的的的",
]

_ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "省市县区镇村乡局厅委会院校司行社所队厂站处部团协中心公司集团银行医院学校大学政府主席书记"
    "0123456789abcXYZ+#&._%-"
)


def _random_blocks(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_ALPHABET, k=rng.randint(1, 60))) for _ in range(count)]


def _jieba_cut(tok, text: str) -> list[str]:
    return list(tok.private.cut(text, HMM=False))


def test_block_cut_equals_jiebas():
    tok, _tags = tokenizer()
    texts = [*SENTENCES, *_random_blocks(800, seed=13)]
    for text in texts:
        tok.ensure(text)
        assert tok.cut_loaded(text, HMM=False) == _jieba_cut(tok, text), text


def test_non_block_text_goes_to_jieba():
    tok, _tags = tokenizer()
    for text in ("中国 人民", "你好，世界！", "", "（中国）"):
        tok.ensure(text)
        assert list(tok.cut_loaded(text, HMM=False)) == _jieba_cut(tok, text)
    tok.ensure("中国人民")
    assert list(tok.cut_loaded("中国人民", HMM=True)) == list(tok.private.cut("中国人民", HMM=True))


def test_block_cut_equals_jiebas_on_dev_sentences():
    from kg.extract.text import _BLOCK_RE
    from kg.ner.data import default_data_dir, load_splits

    if not default_data_dir().is_dir():
        pytest.skip("the shared NER data is not here")
    splits = load_splits()
    tok, _tags = tokenizer()
    for name in ("peoples_daily", "cluener"):
        for s in splits[name][1][:1500]:
            tok.ensure(s.text)
            for m in _BLOCK_RE.finditer(s.text):
                assert tok.cut_loaded(m.group(), HMM=False) == _jieba_cut(tok, m.group())


def test_block_cut_breaks_ties_as_jieba():
    """Small dictionaries with few distinct frequencies: equal scores are common, and jieba keeps the
    later end of equal maxima."""
    from kg.extract.text import Tokenizer

    rng = random.Random(5)
    letters = "甲乙丙丁戊ab1"
    for _ in range(300):
        freq: dict[str, int] = {}
        for _w in range(rng.randint(1, 12)):
            word = "".join(rng.choices(letters, k=rng.randint(1, 4)))
            freq[word] = rng.choice([1, 2, 3, 5])
            for k in range(1, len(word)):
                freq.setdefault(word[:k], 0)
        tok = Tokenizer(freq, sum(freq.values()) or 1, lambda _text: None)
        for _t in range(10):
            text = "".join(rng.choices(letters, k=rng.randint(1, 12)))
            assert tok.cut_loaded(text, HMM=False) == _jieba_cut(tok, text), (freq, text)
    tie = Tokenizer({"甲": 5, "乙丙": 7, "甲乙": 7, "丙": 5, "乙": 3}, 27, lambda _text: None)
    assert tie.cut_loaded("甲乙丙", HMM=False) == _jieba_cut(tie, "甲乙丙") == ["甲乙", "丙"]


def test_cut_without_hmm_equals_jiebas_on_any_text():
    """Texts with punctuation, spaces, line breaks and symbols: ours without importing jieba's cut."""
    tok, _tags = tokenizer()
    rng = random.Random(21)
    pieces = [
        *SENTENCES,
        "，",
        "。",
        " ",
        "  ",
        "\r\n",
        "\n",
        "\t",
        "（",
        "）",
        "《》",
        "、",
        "“",
        "!",
        "@",
        "é",
    ]
    texts = ["", " ", "\r\n\r\n", "甲 乙\r\n丙\n\n丁", "中国人民，你好！ (abc) 12.5% 工会主席说：“好。”"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 8))) for _ in range(400)]
    for text in texts:
        tok.ensure(text)
        expected = _jieba_cut(tok, text)
        assert list(tok.cut(text, HMM=False)) == expected, text
        assert list(tok.cut_loaded(text, HMM=False)) == expected, text


def test_a_cut_without_hmm_imports_no_jieba():
    import subprocess
    import sys

    code = (
        "import sys\nfrom kg.extract.text import tokenizer\ntok = tokenizer()[0]\n"
        "print('|'.join(tok.cut('记者在会上说：好 的。', HMM=False)))\nprint('jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[1] == "False"
    tok, _tags = tokenizer()
    assert out.splitlines()[0] == "|".join(_jieba_cut(tok, "记者在会上说：好 的。"))
