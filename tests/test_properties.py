"""Property-based tests: for any text, the per-document stages do not raise and offsets stay exact.

Strategies are Chinese-heavy: hanzi, full-width digits and letters, CJK punctuation, newspaper words
(roles, org suffixes, 摄, 本报讯, dates), plus the things OCR and PDFs put in: stray spaces, every kind
of line end, NUL and other control characters, U+2028, BOMs. Runs are derandomised (the same examples
every run, no example database) and bounded so that the file stays well under a minute.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import extract, link, normalize, pipeline, rdf, segment, write
from kg.model import Document, Options

SETTINGS = dict(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRAGMENTS = [
    "本报讯（记者",
    "通讯员",
    "）",
    "记者",
    "摄",
    " 摄\n",
    "总工会",
    "有限公司",
    "分公司",
    "办事处",
    "主席",
    "市",
    "县",
    "宝鸡市",
    "汉中市",
    "渭滨区",
    "举办",
    "召开",
    "活动",
    "10月",
    "8日",
    "１０月８日",
    "——",
    "———记",
    "图为",
    "。",
    "，",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "　",
]
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),  # hanzi
    st.sampled_from("０１２３４５６７８９ＡＢｚ％．＋＜＞"),  # full-width
    st.sampled_from("，。、；：！？“”‘’（）《》【】—…·"),  # CJK punctuation
    st.sampled_from("0123456789abcXYZ.,:;/-()[]<>\"'\\{}|^`#@&"),
    st.sampled_from(" \t\n\r\u3000\xa0\u2028\u2029\x85\x0b\x0c\ufeff\u200b"),  # every kind of space
    st.sampled_from("\x00\x01\x07\x1b\x7f\x9f"),  # controls
    st.characters(),  # anything at all
)
TEXTS = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(ALPHABET, min_size=1, max_size=12)), max_size=40
).map("".join)


def _doc(text: str) -> Document:
    return Document(id="p", text=text, source="p.txt")


def _squash(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace())


def _check_page(page) -> None:
    doc = page.doc
    origin = page.origin
    assert len(origin) == len(page.text) + 1
    assert origin[-1] == len(doc.text)
    assert all(origin[i] < origin[i + 1] for i in range(len(origin) - 1)), "origin is not increasing"
    folded = normalize.fold(doc.text)
    for i, ch in enumerate(page.text):
        o = folded[origin[i]]
        assert ch == o or (ch in " \n" and o.isspace()), (i, ch, o)


def _check_segmented(page, seg) -> None:
    text = page.text
    spans = []
    for a in seg.articles:
        for sp in (a.span, a.body, a.headline, a.kicker, a.subtitle, a.byline):
            if sp is not None:
                assert 0 <= sp.start <= sp.end <= len(text)
                assert text[sp.start : sp.end] == sp.text
        for c in a.credits:
            assert 0 <= c.start < c.end <= len(text)
        spans.append((a.span.start, a.span.end))
    for c in seg.captions:
        assert text[c.span.start : c.span.end] == c.span.text
        spans.append(write.caption_extent(text, c))
    mark = bytearray(len(text))
    for s, e in spans:
        mark[s:e] = b"\x01" * (e - s)
    missed = [i for i, ch in enumerate(text) if not mark[i] and not ch.isspace()]
    assert not missed, f"not in any article or caption: {text[missed[0] : missed[0] + 20]!r}"


def _check_mentions(page, mentions) -> None:
    doc = page.doc
    for m in mentions:
        assert 0 <= m.start < m.end <= len(page.text), m
        assert page.text[m.start : m.end] == m.text, m
        s, e = page.to_original(m.start, m.end)
        assert 0 <= s < e <= len(doc.text)
        # the original span is the mention, up to folding and the whitespace normalising removed
        assert _squash(normalize.fold(doc.text[s:e])) == _squash(m.text), (m, doc.text[s:e])


@settings(max_examples=400, **SETTINGS)
@given(TEXTS)
def test_normalize_keeps_a_monotonic_exact_origin_map(text):
    _check_page(normalize.normalize(_doc(text)))


@settings(max_examples=250, **SETTINGS)
@given(TEXTS)
def test_segment_spans_are_exact_and_cover_every_non_space_character(text):
    page = normalize.normalize(_doc(text))
    _check_segmented(page, segment.segment(page))


@settings(max_examples=150, **SETTINGS)
@given(TEXTS)
def test_mentions_point_into_the_original_text(text):
    page = normalize.normalize(_doc(text))
    seg = segment.segment(page)
    ex = extract.extract(page, seg, Options())
    _check_mentions(page, ex.mentions)


@settings(max_examples=120, **SETTINGS)
@given(st.lists(TEXTS, min_size=1, max_size=3))
def test_the_whole_pipeline_does_not_raise_and_its_rows_point_into_the_original(texts):
    options = Options(home_city=None)
    docs = [Document(id=f"d{i}", text=t, source=f"d{i}.txt") for i, t in enumerate(texts)]
    results = [pipeline.process_document(d, options) for d in docs]
    linked = link.link(results, options)
    graph = rdf.to_dataset(results, linked, options)
    assert len(graph) >= len(docs)
    result = pipeline.BuildResult(len(docs), results, linked, graph, [])
    for row in write.mention_rows(result, options):
        original = docs[int(row["doc"][1:])].text
        assert original[row["start"] : row["end"]] == row["text"]
        assert row["end"] > row["start"]
    chars = write.build_report(result, options)["characters"]
    assert chars["non_space_outside"] == 0
    assert chars["mentions_outside_articles_or_captions"] == 0


def test_slotted_records_pickle_to_equal_records_through_their_constructor():
    """The cache and the process pools pickle every mention, relation and event: each slotted record
    must come back equal, with every field (a field left out of ``__reduce__`` would come back as its
    default or fail), and through the constructor rather than dataclasses' per-object setstate."""
    import pickle

    from kg import model

    ref = model.Ref("Organization", "某市总工会", "home")
    records = [
        model.Span(3, 7, "某某某某"),
        model.Credit("王某", "photographer", 1, 3),
        model.Mention("d1", 2, 5, 8, "王某某", "Person", "王某某", "leader", "role", "home", 4),
        ref,
        model.Relation(model.Ref("Person", "王某"), "headOf", ref, "d1", 0, 1, 9, "主席"),
        model.DateValue(9, 25, 2024),
        model.Event(
            "d1", 0, "技能大赛", 3, 7, "举办", model.DateValue(5, 1), ref, ref, (ref,), (ref, ref), 30, 2
        ),
    ]
    for rec in records:
        blob = pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL)
        again = pickle.loads(blob)
        assert again == rec and type(again) is type(rec)
        assert b"_dataclass_setstate" not in blob and type(rec).__reduce__(rec)[0] is type(rec)
