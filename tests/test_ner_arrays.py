"""The numpy tagger of the shipped CRF (``kg.ner.crf``): crfsuite's tags exactly, batch or not."""

from __future__ import annotations

import random

import pytest

from kg.ner import NerModel, load_model, sentence_chunks
from kg.ner.crf import ModelFormatError, columns_of_batch, derive_arrays, load_array_tagger, read_model
from kg.ner.features import Lexicon, columns_of_folded, features_of_folded, fold, read_lexicon

pytest.importorskip("numpy")

#: invented sentences of the kinds the model sees (names, places and organisations made up)
SENTENCES = [
    "昨天上午，青川县供销合作社主任司马远航来到白杨镇中心小学，看望了留守儿童。",
    "据湘西州农业农村局消息，果农欧冬梅种植的脐橙今年获得丰收。",
    "中国建设银行泸沽湖支行行长钟离明表示，将继续支持小微企业发展。",
    "新华社乌兰察布十月二日电 记者常玉洁报道：当地牧民庆祝丰收节。",
    "１９９８年３月，林慕白（LinMubai）在汴州大学做了题为《城市与河流》的报告！",
    "王小明在杭州市西湖区人民政府工作",
    "省委省政府召开会议，市总工会、县人民医院和某某公司派员参加。",
    "ＡＢＣ１２３ａｂｃ　全角、半角ABC-xyz_09",
    "$$^^$^混合符号^$",
    "张",
    "a",
    "İstanbul大学的艾山·买买提教授说：“我们欢迎你。”",
    "𠀀𪚥村的吉𠮷祥在🙂会上发言",  # chars past the basic plane (the tagger's table of ids stops there)
]

#: characters random sentences are drawn from: common Han chars, name chars, suffixes, punctuation, ASCII
_ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当"
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "省市县区镇村乡局厅委会院校司行社所队厂站处部团协中心公司集团银行医院学校大学政府"
    "，。、；：？！“”《》（）·—…０１２３４５６７８９0123456789abcXYZ $^\t"
)


def _random_sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_ALPHABET, k=rng.randint(1, 90))) for _ in range(count)]


@pytest.fixture(scope="module")
def model() -> NerModel:
    return load_model()


def _folded(model: NerModel, sentences: list[str]) -> list[str]:
    """The sentences folded, their lexicon entries loaded (the lexicon fills lazily)."""
    folded = [fold(s) for s in sentences]
    if model._ensure is not None:
        for f in folded:
            model._ensure(f + "$$")
    return folded


def _crfsuite_tags(model: NerModel, sentences: list[str]) -> list[list[str]]:
    return [
        model._tagger.tag(features_of_folded(f, model.lexicon)) if f else []
        for f in _folded(model, sentences)
    ]


def test_read_model_matches_crfsuite_labels(model):
    labels, attrs, weights, transitions = read_model(model.model_path)
    assert labels == model._tagger.labels()
    assert weights.shape == (len(attrs) + 1, len(labels))
    assert not weights[0].any()  # the row of "no attribute"
    assert transitions.shape == (len(labels), len(labels))
    assert "b" in attrs and any(a.startswith("u0=") for a in attrs)


@pytest.mark.parametrize("table", [True, False], ids=["bigram-table", "dict"])
def test_array_tags_equal_crfsuite_tags(model, tmp_path, table):
    extra = dict(lexicon_path=model.lexicon_path) if table else {}
    tagger = load_array_tagger(model.model_path, model.lexicon, dirs=[tmp_path], **extra)
    assert tagger.has_table == table
    sentences = [*SENTENCES, *_random_sentences(600, seed=7)]
    sentences += [s[a:b] for s in SENTENCES for a, b in sentence_chunks(s)]
    expected = _crfsuite_tags(model, sentences)
    folded = _folded(model, sentences)
    assert tagger.tag_many(folded) == expected  # one batch of every length, the empty one included
    for k in (1, 3):  # small batches, single sentences
        got = [tags for i in range(0, len(folded), k) for tags in tagger.tag_many(folded[i : i + k])]
        assert got == expected


def _columns_one_by_one(folded: list[str], lex: Lexicon) -> tuple[list, list, list, list]:
    """What ``columns_of_batch`` gives at the characters' positions, made text by text."""
    cls, ws, we, o = [], [], [], []
    for f in folded:
        n = len(f)
        _p, _bg, cl, starts, ends, os_ = columns_of_folded(f, lex)
        cls += [cl[i] + cl[i + 1] + cl[i + 2] for i in range(1, n + 1)]
        ws += starts
        we += ends[:n]
        o += [os_[i] + os_[i + 1] for i in range(n)]
    return cls, ws, we, o


def _at_chars(folded: list[str], columns) -> tuple[list, list, list, list]:
    joined, classes, ws, we, marks = columns
    at = []
    o = 0
    for f in folded:
        at += range(o + 2, o + 2 + len(f))
        o += len(f) + 4
    assert joined == "".join("^^" + f + "$$" for f in folded)
    assert len(classes) == len(joined)
    return (
        [classes[j - 1 : j + 2] for j in at],
        [ws[j] for j in at],
        [we[j] for j in at],
        [marks[j : j + 2] for j in at],
    )


def test_batch_columns_equal_each_texts_columns(model):
    sentences = [*SENTENCES, *_random_sentences(300, seed=11)]
    folded = [f for f in _folded(model, sentences) if f]
    assert _at_chars(folded, columns_of_batch(folded, model.lexicon)) == _columns_one_by_one(
        folded, model.lexicon
    )
    # a lexicon whose words and suffixes hold the padding marks: a text's n-grams must not see into
    # its neighbours' padding, nor its own past what ``columns_of_folded`` looks at
    rng = random.Random(3)
    words: dict[str, str] = {}
    for f in folded[:200]:
        p = "^^" + f + "$$"
        for _ in range(4):
            k = rng.randint(2, 4)
            i = rng.randint(0, max(0, len(p) - k))
            words[p[i : i + k]] = rng.choice("grstzw")
    words.update({"$^": "g", "$$": "s", "^^": "t", "^a": "w", "$$^": "r", "$$^^": "z"})
    words.update({f[-1] + "$$^": "g" for f in folded[:50]})  # runs from a text's end into the next
    for w in sorted(words):
        for k in range(2, len(w)):
            words[w[:k]] = words.get(w[:k], "").rstrip("+") + "+"
    odd = Lexicon(words, frozenset({"$", "^", "$^", "社$", "^公司", "局", "会", "^^"}))
    for batch in (folded, folded[:1], folded[5:9], [f for f in folded if len(f) < 3]):
        assert _at_chars(batch, columns_of_batch(batch, odd)) == _columns_one_by_one(batch, odd)


def test_ngram_table_columns_equal_each_texts_columns(model):
    """The n-grams of the whole lexicon's table: what ``columns_of_folded`` gives over a lexicon loaded
    for the texts, without reading a word of the (lazy) lexicon."""
    from kg.ner import _lazy_lexicon
    from kg.ner.crf import NgramTable

    table = NgramTable(NgramTable.arrays_of(read_lexicon(model.lexicon_path).words))
    sentences = [*SENTENCES, *_random_sentences(300, seed=13)]
    sentences += ["中华人民共和国", "北京市人民政府", "中华人民"]  # 4-char words, one at a text's end
    folded = [f for f in _folded(model, sentences) if f]
    fresh, _ensure = _lazy_lexicon(model.lexicon_path)  # nothing loaded
    got = _at_chars(folded, columns_of_batch(folded, fresh, table))
    assert got == _columns_one_by_one(folded, model.lexicon)
    assert not fresh.words
    assert any(k.startswith("4") for k in got[1]) and any(k.startswith("4") for k in got[2])


def test_fresh_lazy_lexicon_tags_with_the_table(model, tmp_path):
    """The numpy tagger with the n-gram table needs no ``ensure`` of the texts beforehand."""
    from kg.ner import _lazy_lexicon

    fresh, _ensure = _lazy_lexicon(model.lexicon_path)
    tagger = load_array_tagger(model.model_path, fresh, dirs=[tmp_path], lexicon_path=model.lexicon_path)
    sentences = [*SENTENCES, *_random_sentences(200, seed=17)]
    folded = [fold(s) for s in sentences]
    assert tagger.tag_many(folded) == _crfsuite_tags(model, sentences)
    # the table is cached beside the model's arrays, and read back the same
    (cached,) = tmp_path.glob("nergrams-*.npz")
    again = load_array_tagger(model.model_path, fresh, dirs=[tmp_path], lexicon_path=model.lexicon_path)
    assert all((a == b).all() for a, b in zip(again._view.table.keys, tagger._view.table.keys, strict=True))
    assert again._view.table.letters == tagger._view.table.letters


def test_array_tags_equal_crfsuite_tags_on_dev_sentences(model, tmp_path):
    from kg.ner.data import default_data_dir, load_splits

    if not default_data_dir().is_dir():
        pytest.skip("the shared NER data is not here")
    splits = load_splits()
    sentences = [s.text for name in ("peoples_daily", "cluener") for s in splits[name][1][:1500]]
    tagger = load_array_tagger(
        model.model_path, model.lexicon, dirs=[tmp_path], lexicon_path=model.lexicon_path
    )
    assert tagger.tag_many(_folded(model, sentences)) == _crfsuite_tags(model, sentences)


def test_cached_arrays_are_the_derived_ones(model, tmp_path):
    first = load_array_tagger(model.model_path, model.lexicon, dirs=[tmp_path])
    (cached,) = tmp_path.glob("nercrf-*.npz")
    again = load_array_tagger(model.model_path, model.lexicon, dirs=[tmp_path])
    assert again._others == first._others and again.labels == first.labels
    derived = derive_arrays(model.model_path)
    assert (again._weights == derived["weights"]).all()
    assert (again._bi_keys == derived["bi_keys"]).all() and (again._bi_rows == derived["bi_rows"]).all()
    # a torn cache file is derived again, not trusted
    cached.write_bytes(cached.read_bytes()[:1000])
    text = _folded(model, SENTENCES[:1])
    assert load_array_tagger(model.model_path, model.lexicon, dirs=[tmp_path]).tag_many(text) == (
        first.tag_many(text)
    )


def test_not_a_model_file_is_refused(tmp_path):
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"lCRF" + bytes(100))
    with pytest.raises(ModelFormatError):
        read_model(bad)
    bad.write_bytes(b"not a model at all, just text")
    with pytest.raises(ModelFormatError):
        read_model(bad)


def test_prefetch_and_predict_many_give_predict(model, monkeypatch):
    monkeypatch.setattr(model, "ARRAYS_AFTER_CHARS", 0)  # the numpy tagger from the first batch on
    texts = [*SENTENCES, "第一段：记者司马远航报道。\n\n第二段，汴州市教育局局长欧冬梅说！最后一句没有标点"]
    texts += _random_sentences(40, seed=3)
    alone = [model.predict(t) for t in texts]
    assert model.predict_many(texts) == alone
    monkeypatch.setattr(model, "SLICE_CHARS", 50)  # a big batch taken a slice at a time
    assert model.predict_many(texts) == alone
    model.prefetch(texts)
    assert model._ready and model._array_tagger  # the batch was tagged ahead, with numpy
    assert set(model._chunks) == set(texts)  # and cut into sentences once, for predict too
    assert [model.predict(t) for t in texts] == alone
    model.prefetch(["另一批：常玉洁在白杨镇。"])  # the next batch replaces the tags of the last
    assert set(model._ready) == {"另一批：常玉洁在白杨镇。"}
    assert set(model._chunks) == {"另一批：常玉洁在白杨镇。"}
    assert [model.predict(t) for t in texts] == alone  # texts of no batch are cut and tagged anew


def test_small_inputs_never_load_the_arrays():
    fresh = NerModel(load_model().model_path, load_model().lexicon, load_model()._ensure)
    texts = _random_sentences(60, seed=5)  # over BATCH_MIN_CHARS, far under ARRAYS_AFTER_CHARS
    assert sum(map(len, texts)) >= fresh.BATCH_MIN_CHARS
    fresh.prefetch(texts)
    assert fresh._array_tagger is None and fresh._ready  # tagged ahead by crfsuite
    sentences = {t[s:e] for t in texts for s, e in sentence_chunks(t)}
    assert fresh._crfsuite_chars == sum(map(len, sentences))
    assert [fresh.predict(t) for t in texts] == [load_model().predict(t) for t in texts]


def test_without_numpy_arrays_the_crfsuite_path_tags(model, monkeypatch):
    texts = _random_sentences(30, seed=11)
    expected = [model.predict(t) for t in texts]
    monkeypatch.setattr(model, "_array_tagger", False)  # as when numpy or the format is missing
    assert model.predict_many(texts) == expected


def test_process_documents_equals_process_document():
    from kg.model import Document, Options
    from kg.pipeline import process_document, process_documents

    texts = [*SENTENCES[:6], "汴州日报讯（记者 常玉洁）昨天，汴州市总工会召开大会。\n会议由主席林慕白主持。"]
    docs = [Document(id=f"d{i}", text=t, source="test") for i, t in enumerate(texts)]
    options = Options()
    batch = process_documents(docs, options)
    alone = [process_document(d, options) for d in docs]
    assert [r.extraction for r in batch] == [r.extraction for r in alone]
    assert [r.segmented for r in batch] == [r.segmented for r in alone]
    assert [r.page.text for r in batch] == [r.page.text for r in alone]
    assert any(m.source == "ner" for r in batch for m in r.extraction.mentions)


def test_sorted_search_is_searchsorted():
    np = pytest.importorskip("numpy")
    from kg.ner.crf import sorted_search

    rng = np.random.default_rng(7)
    keys = np.unique(rng.integers(0, 1 << 40, 5000))
    for size in (0, 1, 7, 3000):
        query = rng.integers(-5, (1 << 40) + 5, size)
        query[: size // 3] = keys[rng.integers(0, len(keys), size // 3)]  # hits, some of them repeated
        assert sorted_search(keys, query).tolist() == np.searchsorted(keys, query).tolist()
