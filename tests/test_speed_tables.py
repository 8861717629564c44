"""The per-character table cache (kg.extract.lazydict) gives exactly the tables built the slow way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.extract import lazydict

TEXTS = [
    "新华社北京5月3日电 国务院总理在人民大会堂会见了来访的外国客人。",
    "平阳县万全镇工会主席吕文涛带领职工到ＡＢＣ公司参观，１２３人参加。",
    "Ｅｍａｉｌ：ｘｙｚ＠ｅｘａｍｐｌｅ．ｃｏｍ；电话０３９１－１２３４５６７",
    "长江以南的乡村里，老人们说起当年的事。",
]


def _tables():
    return [{"中国": 5, "中": 0, "中国人": 3, "人": 9, "a": 1}, {"中国": "ns", "人": "n"}]


def test_write_read_ensure_roundtrip(tmp_path):
    path = tmp_path / "t.bin"
    lazydict.write(path, "k1", _tables(), 42)
    got = lazydict.read(path, "k1")
    assert got is not None and got.extra == 42
    assert got.tables == [{}, {}]  # nothing loaded before a text asks for it
    got.ensure("中")  # one character: only its own entry
    assert got.tables == [{"中": 0}, {}]
    got.ensure("中国人")  # its bigrams bring every entry they start
    assert got.tables == [{"中国": 5, "中": 0, "中国人": 3, "人": 9}, {"中国": "ns", "人": "n"}]
    got.ensure("a")
    assert got.tables == _tables()


def test_read_rejects_other_key_and_torn_files(tmp_path):
    path = tmp_path / "t.bin"
    lazydict.write(path, "k1", _tables(), None)
    assert lazydict.read(path, "k2") is None
    path.write_bytes(path.read_bytes()[:10])
    assert lazydict.read(path, "k1") is None
    assert lazydict.read(tmp_path / "missing.bin", "k1") is None


def test_load_builds_once_then_reads_the_cache(tmp_path):
    calls = []

    def make():
        calls.append(1)
        return _tables(), 7

    first = lazydict.load("x", "key", make, [tmp_path])
    assert first.tables == _tables() and first.extra == 7
    second = lazydict.load("x", "key", make, [tmp_path])
    assert len(calls) == 1
    second.ensure("中国人a")
    assert second.tables == _tables()


def test_load_without_a_writable_dir_builds_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    got = lazydict.load("x", "key", lambda: (_tables(), 1), [blocker / "sub"])
    assert got.tables == _tables()


def _chars(words: dict, text: str) -> dict:
    """The entries a lookup of a substring of ``text`` can find."""
    chars = set(text)
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    return {w: v for w, v in words.items() if w in chars or w[:2] in grams}


@pytest.fixture(scope="module")
def slow_tokenizer_tables():
    """The tables as a jieba.Tokenizer holds them after add_word / del_word of our words (the reference
    the cached tables plus their overlay must equal)."""
    import jieba
    import jieba.posseg

    from kg.extract import text

    tok = jieba.Tokenizer()
    tok.initialize()
    tags = dict(jieba.posseg.dt.word_tag_tab)
    for w in text._added_words():
        tok.add_word(w, freq=10**7)
        tags[w] = "n"
    for w in text._UNMERGE:
        tok.del_word(w)
    for w in text._TIME_WORDS:
        tags[w] = "t"
    return [tok.FREQ, tags], tok.total


def test_tokenizer_tables_equal_the_slow_build(slow_tokenizer_tables):
    from kg.extract.text import tokenizer

    (freq, tags), total = slow_tokenizer_tables
    tok, lazy_tags = tokenizer()
    joined = "".join(TEXTS)
    tok.ensure(joined)
    assert tok.total == total
    assert _chars(tok.FREQ, joined) == _chars(freq, joined)
    assert _chars(lazy_tags, joined) == _chars(tags, joined)


def _corpus_texts() -> list[str]:
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "tests" / "pages").rglob("*.txt")) + sorted((root / "corpus").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def _random_texts(pool: str, count: int) -> list[str]:
    rng = random.Random(11)
    odd = "abcXYZ019 \t\r\n\u3000-_.#&%+，。！？「」()（）"
    return [
        "".join(rng.choice(pool) if rng.random() < 0.7 else rng.choice(odd) for _ in range(rng.randrange(40)))
        for _ in range(count)
    ]


def test_tokenizer_cuts_exactly_as_jieba(slow_tokenizer_tables):
    """Cuts over the lazily filled tables (and our words' overlay) are those of a jieba tokenizer over
    the whole tables, on pages, sentences and odd strings never seen."""
    import jieba

    from kg.extract.text import tokenizer

    (freq, _tags), total = slow_tokenizer_tables
    full = jieba.Tokenizer()
    full.FREQ, full.total, full.initialized = freq, total, True
    tok, _ = tokenizer()
    pages = _corpus_texts()
    assert pages
    for t in [*TEXTS, "鬯鬯之乎者也龘靐", "", *pages, *_random_texts("".join(pages), 1500)]:
        assert list(tok.cut(t, HMM=False)) == list(full.cut(t, HMM=False)), t
    # the other modes too
    assert tok.lcut(TEXTS[1]) == full.lcut(TEXTS[1])
    assert list(tok.cut(TEXTS[0], cut_all=True)) == list(full.cut(TEXTS[0], cut_all=True))


@pytest.mark.parametrize("numpy", [True, False], ids=["numpy", "sets"])
def test_ensure_many_loads_what_ensure_of_each_text_loads(slow_tokenizer_tables, numpy, monkeypatch):
    """A batch's entries at once (with numpy's bigram codes, or the string sets when numpy is not
    imported): afterwards the lookups of every text's substrings are the whole tables', and ``ensure``
    of one of the batch's texts loads nothing more; overlay words included."""
    import sys

    from kg.extract import text

    if numpy:
        pytest.importorskip("numpy")
    else:
        monkeypatch.setitem(sys.modules, "numpy", None)
    (freq, tags), _total = slow_tokenizer_tables
    pages = _corpus_texts()
    batches = [TEXTS, [*_random_texts("".join(pages), 300), *pages[:3]], ["", "工会主席", "中"], TEXTS[1:]]
    tables = lazydict.load("jieba", text._tables_key(), text._build_tables)
    tables.set_overlay(text._overlay()[0])
    for batch in batches:
        tables.ensure_many(batch)
        loaded = [len(t) for t in tables.tables]
        for t in batch:
            tables.ensure(t)  # covered: nothing more to load
        assert [len(t) for t in tables.tables] == loaded
        joined = "\n".join(batch)  # no entry holds a newline: the substrings of the texts, no more
        assert _chars(tables.tables[0], joined) == _chars(freq, joined)
        assert _chars(tables.tables[1], joined) == _chars(tags, joined)
    # a text of an earlier batch is not covered any more: ``ensure`` loads what it lacks
    fresh = lazydict.load("jieba", text._tables_key(), text._build_tables)
    fresh.ensure_many(TEXTS[:1])
    fresh.ensure_many(TEXTS[1:2])
    fresh.ensure(TEXTS[2])
    assert _chars(fresh.tables[0], TEXTS[2]) == _chars(freq, TEXTS[2])


def test_ner_lexicon_lazy_equals_read_lexicon():
    from kg.ner import _lazy_lexicon, model_paths
    from kg.ner.features import fold, read_lexicon

    path = model_paths()[1]
    if not path.is_file():
        pytest.skip("no shipped lexicon")
    full = read_lexicon(path)
    lex, ensure = _lazy_lexicon(path)
    folded = fold("".join(TEXTS))
    ensure(folded)
    assert lex.suffixes == full.suffixes
    assert _chars(lex.words, folded) == _chars(full.words, folded)


def test_overlay_words_are_seen_in_every_load_order(slow_tokenizer_tables):
    """Our words (and their prefixes) over the cached tables: right whichever text loads them first."""
    from kg.extract import text

    (freq, tags), total = slow_tokenizer_tables
    words = [*text._added_words()[:40], *text._UNMERGE, *text._TIME_WORDS]
    probes = sorted({w[:k] for w in words for k in range(1, len(w) + 1)})
    for order in (probes, probes[::-1]):
        tables = lazydict.load("jieba", text._tables_key(), text._build_tables)
        changes, added = text._overlay()
        tables.set_overlay(changes)
        assert tables.extra + added == total
        for w in order:
            tables.ensure(w)
            assert tables.tables[0].get(w) == freq.get(w), w
            assert tables.tables[1].get(w) == tags.get(w), w


def test_shipped_tables_install_into_an_empty_cache(tmp_path):
    """The package's copy of jieba's tables (if it matches the installed jieba) needs no jieba build."""
    from kg.extract import text

    if not text.SHIPPED.is_file():
        pytest.skip("no shipped tables")

    def never():
        raise AssertionError("built instead of installed from the shipped copy")

    got = lazydict.load("jieba", "k-test", never, [tmp_path], text.SHIPPED, text._content_key)
    got.ensure(TEXTS[0])
    assert got.tables[0] and (tmp_path / "jieba-k-test.bin").is_file()
    # a shipped copy made for another jieba is not used
    built = lazydict.load("jieba", "k2", lambda: ([{"中": 1}, {}], 1), [tmp_path], text.SHIPPED, lambda: "x")
    assert built.tables[0] == {"中": 1}


def test_a_sentence_loads_a_sliver_of_the_tables(tmp_path, slow_tokenizer_tables):
    """The point of the cache: a short text brings in a few hundred entries, not half a million."""
    tables, total = slow_tokenizer_tables
    lazydict.write(tmp_path / "j.bin", "k", tables, total)
    got = lazydict.read(tmp_path / "j.bin", "k")
    got.ensure(TEXTS[0])
    assert 0 < len(got.tables[0]) < len(tables[0]) // 100
    assert _chars(got.tables[0], TEXTS[0]) == _chars(tables[0], TEXTS[0])


def test_shipped_lexicon_tables_match_the_lexicon(tmp_path):
    """The shipped copy of the NER lexicon's tables is used only while it was made from these bytes."""
    from kg.ner import _lexicon_key, _lexicon_tables, model_paths, shipped_lexicon_tables

    lex_path = model_paths()[1]
    shipped = shipped_lexicon_tables()
    if not shipped.is_file() or not lex_path.is_file():
        pytest.skip("no shipped lexicon tables")
    key = _lexicon_key(lex_path)
    if lazydict._from_shipped(shipped, key) is None:
        pytest.skip("the shipped copy predates the lexicon: python -m kg.extract.text rebuilds it")
    calls = []

    def make():
        calls.append(1)
        return _lexicon_tables(lex_path)

    got = lazydict.load("nerlex", key, make, [tmp_path], shipped)
    assert calls == []
    folded = "".join(TEXTS)
    got.ensure(folded)
    (words,), suffixes = _lexicon_tables(lex_path)
    assert _chars(got.tables[0], folded) == _chars(words, folded)
    assert got.extra == suffixes
    # a copy made for other bytes (a retrained lexicon) is not used: the tables are built instead
    lazydict.load("nerlex", key + "-other", make, [tmp_path / "b"], shipped)
    assert calls == [1]


def test_the_tokenizer_imports_jieba_without_pkg_resources_and_cuts_as_jieba_does():
    """jieba imports pkg_resources (0.2-0.3 s a process) only to open its bundled files; ours opens them
    without it and must cut exactly as jieba imported the usual way does."""
    import subprocess
    import sys

    sentence = TEXTS[1]
    ours = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c",
         "import sys\nfrom kg.extract.text import tokenizer\n"
         f"print('|'.join(tokenizer()[0].lcut({sentence!r})))\n"
         "print('pkg_resources' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert ours[1] == "False"
    import jieba  # the usual way, pkg_resources and all

    from kg.extract.text import _UNMERGE, _added_words

    tok = jieba.Tokenizer()
    for w in _added_words():
        tok.add_word(w, 10**7, "n")
    for w in _UNMERGE:
        tok.del_word(w)
    assert ours[0] == "|".join(tok.lcut(sentence))
