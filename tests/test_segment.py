"""Segmentation: articles, title blocks, bylines and credits, photo captions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document, Page, Segmented, Span
from kg.normalize import normalize
from kg.segment import segment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "jiaozuo-union-page.txt"
PAGES = sorted((ROOT / "tests" / "pages" / "bylines").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden" / "segment"
GOLD = ROOT.parent / "shared" / "gold" / "jiaozuo-union-page.gold.json"
REGEN = os.environ.get("KG_REGEN_GOLDEN") == "1"


def run(text: str) -> tuple[Page, Segmented]:
    page = normalize(Document(id="t", text=text, source="t.txt"))
    return page, segment(page)


def span_json(span: Span | None) -> list | None:
    return None if span is None else [span.start, span.end, span.text]


def to_json(seg: Segmented) -> dict:
    return {
        "articles": [
            {
                "index": a.index,
                "span": [a.span.start, a.span.end],
                "kicker": span_json(a.kicker),
                "headline": span_json(a.headline),
                "subtitle": span_json(a.subtitle),
                "byline": span_json(a.byline),
                "dateline": a.dateline,
                "credits": [[c.name, c.role, c.start, c.end] for c in a.credits],
                "body": [a.body.start, a.body.end, a.body.text[:20]],
            }
            for a in seg.articles
        ],
        "captions": [
            {
                "index": c.index,
                "span": span_json(c.span),
                "credits": [[x.name, x.role, x.start, x.end] for x in c.credits],
                "article": c.article,
            }
            for c in seg.captions
        ],
    }


def check_spans(page: Page, seg: Segmented) -> None:
    """Offsets are sacred: every span slices to its text; credits point at the name only."""
    text = page.text
    spans: list[Span] = []
    for a in seg.articles:
        spans += [a.span, a.body] + [s for s in (a.headline, a.kicker, a.subtitle, a.byline) if s]
        assert a.span.start <= a.body.start <= a.body.end <= a.span.end
        for c in a.credits:
            # a padded two-character name (田　野) is named without its padding space
            assert text[c.start : c.end].replace(" ", "") == c.name and a.byline is not None
            # in the byline, or in a credit closing the body (……座谈。（记者 A）)
            in_byline = a.byline.start <= c.start < c.end <= a.byline.end
            assert in_byline or a.body.end <= c.start < c.end <= a.span.end
    for c in seg.captions:
        spans.append(c.span)
        for x in c.credits:
            assert text[x.start : x.end].replace(" ", "") == x.name
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text) and text[s.start : s.end] == s.text
    assert [a.index for a in seg.articles] == list(range(len(seg.articles)))
    assert [c.index for c in seg.captions] == list(range(len(seg.captions)))


def check_coverage(page: Page, seg: Segmented) -> None:
    """Never lose text: every non-space character is in an article or a caption (up to its credit line's end)."""
    text = page.text
    covered = bytearray(len(text))
    for a in seg.articles:
        covered[a.span.start : a.span.end] = b"\x01" * (a.span.end - a.span.start)
    for c in seg.captions:
        line_end = text.find("\n", max([c.span.end] + [x.end for x in c.credits]))
        line_end = len(text) if line_end < 0 else line_end
        covered[c.span.start : line_end] = b"\x01" * (line_end - c.span.start)
    lost = [i for i, ch in enumerate(text) if not covered[i] and not ch.isspace()]
    assert not lost, [text[i] for i in lost]


# ------------------------------------------------------------------------------------------ golden files


@pytest.mark.parametrize("path", [SAMPLE, *PAGES], ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    page, seg = run(path.read_text(encoding="utf-8"))
    check_spans(page, seg)
    check_coverage(page, seg)
    got = to_json(seg)
    golden = GOLDEN / f"{path.stem}.json"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden}; run with KG_REGEN_GOLDEN=1"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold annotation not available")
def test_sample_matches_the_gold_annotation() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    gold_articles = [g for g in gold if g.get("kind") != "photo"]
    gold_photos = [g for g in gold if g.get("kind") == "photo"]
    _page, seg = run(SAMPLE.read_text(encoding="utf-8"))
    assert len(seg.articles) == len(gold_articles)
    assert len(seg.captions) == len(gold_photos)
    ids = {}
    for g, a in zip(gold_articles, seg.articles, strict=True):
        ids[g["id"]] = a.index
        assert (a.headline.text if a.headline else None) == g["headline"]
        assert (a.kicker.text if a.kicker else None) == g["kicker"]
        assert (a.subtitle.text if a.subtitle else None) == g["subtitle"]
        for role, key in (
            ("author", "authors"),
            ("contributor", "contributors"),
            ("photographer", "photographers"),
        ):
            assert [c.name for c in a.credits if c.role == role] == g[key], (g["id"], role)
        assert a.body.text.startswith(g["starts_with"]), g["id"]
    for g, c in zip(gold_photos, seg.captions, strict=True):
        assert c.span.text.startswith(g["caption_starts_with"])
        assert [x.name for x in c.credits] == g["photographers"]
        assert c.article == (ids[g["belongs_to"]] if g.get("belongs_to") else None)


# ------------------------------------------------------------------------------------------ bylines

BYLINES = [
    (
        "本报讯（记者洪大海 通讯员池小鱼、关山月）",
        [("洪大海", "author"), ("池小鱼", "contributor"), ("关山月", "contributor")],
    ),
    (
        "本报讯 （记者洪大海 通讯员池小鱼 、 关山月）",
        [("洪大海", "author"), ("池小鱼", "contributor"), ("关山月", "contributor")],
    ),
    ("本报讯（记者洪大海通讯员池小鱼）", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("本报记者 洪大海", [("洪大海", "author")]),
    ("本报记者 洪大海 池小鱼", [("洪大海", "author"), ("池小鱼", "author")]),
    ("本报记者　洪大海　池小鱼", [("洪大海", "author"), ("池小鱼", "author")]),
    ("江城日报讯（记者 洪大海 池小鱼）", [("洪大海", "author"), ("池小鱼", "author")]),
    ("江城晚报讯（记者洪大海）", [("洪大海", "author")]),
    ("新华社武汉3月2日电（记者洪大海）", [("洪大海", "author")]),
    ("（见习记者洪大海 实习生池小鱼）", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("文/图 洪大海", [("洪大海", "author"), ("洪大海", "photographer")]),
    ("文/洪大海 图/池小鱼", [("洪大海", "author"), ("池小鱼", "photographer")]),
    ("记者 洪大海 报道", [("洪大海", "author")]),
    ("本报通讯员 洪大海", [("洪大海", "contributor")]),
    ("（通讯员洪大海 记者池小鱼）", [("洪大海", "contributor"), ("池小鱼", "author")]),
    ("本报讯（洪大海）", [("洪大海", "author")]),
    ("本报讯（特约记者洪大海 特约通讯员池小鱼）", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("本报讯（记者洪大海和池小鱼）", [("洪大海", "author"), ("池小鱼", "author")]),
    ("本报讯（通讯员小舟、大川）", [("小舟", "contributor"), ("大川", "contributor")]),
    # unbracketed credits after the dateline, closed by 报道 or not, any spacing
    ("本报讯 记者 洪大海 报道", [("洪大海", "author")]),
    ("本报讯　记者　洪大海　报道", [("洪大海", "author")]),
    ("本报讯 记者洪大海 通讯员池小鱼 报道", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("本报讯 记者 洪大海 通讯员 池小鱼", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("江城晚报讯 记者洪大海 报道", [("洪大海", "author")]),
    ("记者 洪大海 通讯员 池小鱼 报道", [("洪大海", "author"), ("池小鱼", "contributor")]),
    # spaces between role and name inside the brackets
    ("本报讯（记者 洪大海）", [("洪大海", "author")]),
    ("江城日报讯（记者 洪大海 通讯员 池小鱼）", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("本报讯(记者:洪大海 通讯员:池小鱼)", [("洪大海", "author"), ("池小鱼", "contributor")]),
    # qualified reporters, other papers' reporters, marks before the byline, a closing 文/图
    ("本报讯（全媒体记者 洪大海 通讯员 池小鱼）", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("本报讯（融媒体记者洪大海）", [("洪大海", "author")]),
    ("江城日报记者 洪大海 通讯员 池小鱼", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ("■本报记者 洪大海", [("洪大海", "author")]),
    ("记者 洪大海 文/图", [("洪大海", "author"), ("洪大海", "photographer")]),
    ("本报记者 洪大海 等", [("洪大海", "author")]),
]


def byline_page(byline: str, inline: bool) -> str:
    body = ["近日，江城区总工会在市文化", "馆举办职工书画展，共展出作品", "120", "余幅。"]
    if inline:
        return "".join(x + "\n\n" for x in ["江城区举办职工书画展", byline + " " + body[0], *body[1:]])
    return "".join(x + "\n\n" for x in ["江城区举办职工书画展", byline, *body])


#: a byline on a line of its own, and running on into the body (forms whose end is marked, or that
#: cannot be a sentence: brackets, 报道, after a dateline, 本报记者, another paper, a mark before it)
BYLINE_CASES = [(b, e, False) for b, e in BYLINES] + [
    (b, e, True)
    for b, e in BYLINES
    if b.endswith(("）", ")", "报道", "文/图")) or b.startswith(("本报", "■", "江城日报记者"))
]


@pytest.mark.parametrize(
    ("byline", "expected", "inline"),
    BYLINE_CASES,
    ids=[f"{b}-{'inline' if i else 'own-line'}" for b, _, i in BYLINE_CASES],
)
def test_byline_forms(byline: str, expected: list[tuple[str, str]], inline: bool) -> None:
    page, seg = run(byline_page(byline, inline))
    check_spans(page, seg)
    check_coverage(page, seg)
    assert len(seg.articles) == 1
    a = seg.articles[0]
    assert a.headline is not None and a.headline.text == "江城区举办职工书画展"
    assert [(c.name, c.role) for c in a.credits] == expected
    assert a.body.text.startswith("近日，江城区总工会") and a.body.text.endswith("120余幅。")
    assert a.dateline == ("新华社武汉3月2日电" if "电" in byline else None)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("本报讯 记者 洪大海 报道", [("洪大海", "author")]),
        ("记者 洪大海 报道", [("洪大海", "author")]),
        ("本报讯 记者洪大海 通讯员池小鱼 报道", [("洪大海", "author"), ("池小鱼", "contributor")]),
        ("江城日报记者 洪大海 通讯员 池小鱼", [("洪大海", "author"), ("池小鱼", "contributor")]),
        ("◎本报记者 洪大海 文/图", [("洪大海", "author"), ("洪大海", "photographer")]),
        ("本报江城3月2日讯　记者　洪大海　实习生　池小鱼", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ],
)
def test_byline_line_of_its_own_in_a_hard_wrapped_page(byline: str, expected) -> None:
    """No blank lines: the byline line still stands between the headline and the wrapped body."""
    text = (
        f"江城区举办职工书画展\n{byline}\n近日，江城区总工会在市文化馆举办职工书画展，共展\n"
        "出作品120余幅。展览将持续到下周末，免费向市民\n开放。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    assert len(seg.articles) == 1
    a = seg.articles[0]
    assert a.headline is not None and a.headline.text == "江城区举办职工书画展"
    assert [(c.name, c.role) for c in a.credits] == expected
    assert a.body.text.startswith("近日，江城区总工会")


@pytest.mark.parametrize(
    "line",
    [
        "记者了解到，展览共展出作品百余幅。",
        "通讯员说，展览共展出作品百余幅。",
        "记者 采访时，馆长说展览很受欢迎。",
    ],
)
def test_a_sentence_about_a_reporter_after_the_byline_stays_body(line: str) -> None:
    text = f"江城区举办书画展\n本报讯 记者 洪大海 报道\n近日，江城区举办书画展。\n{line}\n"
    _page, seg = run(text)
    assert len(seg.articles) == 1
    assert [c.name for c in seg.articles[0].credits] == ["洪大海"]
    assert seg.articles[0].body.text.endswith(line.replace(" ", ""))


def test_byline_broken_over_lines_with_a_name_cut_in_two() -> None:
    text = "".join(
        x + "\n\n"
        for x in [
            "江城区举办职工书画展",
            "本报讯 （记者洪大海 通讯员池",
            "小鱼 、 关",
            "山月） 近日，江城区总工会",
            "举办了书画展。",
        ]
    )
    page, seg = run(text)
    check_spans(page, seg)
    a = seg.articles[0]
    assert [(c.name, c.role) for c in a.credits] == [
        ("洪大海", "author"),
        ("池小鱼", "contributor"),
        ("关山月", "contributor"),
    ]
    assert a.body.text == "近日，江城区总工会举办了书画展。"


# ------------------------------------------------------------------------------------------ captions

CAPTIONS = [
    ("图为职工在展厅参观。 石小川 摄", ["石小川"]),
    ("图为职工在展厅参观。 石小川/摄", ["石小川"]),
    ("图为职工在展厅参观。 记者 石小川 摄", ["石小川"]),
    ("图为职工在展厅参观。 石小川 摄影", ["石小川"]),
    ("图为职工在展厅参观。 图/石小川", ["石小川"]),
    ("图为职工在展厅参观 石小川 摄", ["石小川"]),
    ("图为职工在展厅参观。 石小川 林一 摄", ["石小川", "林一"]),
]


@pytest.mark.parametrize(("line", "names"), CAPTIONS, ids=[c for c, _ in CAPTIONS])
def test_caption_forms_inside_an_article(line: str, names: list[str]) -> None:
    text = "\n".join(
        [
            "江城区举办职工书画展",
            "本报讯（记者洪大海）近日，江城区举办职工书画展。",
            line,
            "展览将持续一周。",
            "",
        ]
    )
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    assert len(seg.articles) == 1 and len(seg.captions) == 1
    cap = seg.captions[0]
    assert cap.article == 0
    assert cap.span.text.startswith("图为职工在展厅参观")
    assert [c.name for c in cap.credits] == names
    assert all(c.role == "photographer" for c in cap.credits)
    assert seg.articles[0].body.text.endswith("展览将持续一周。")


def test_standalone_caption_between_articles() -> None:
    text = "\n".join(
        [
            "江城区举办职工书画展",
            "本报讯（记者洪大海）近日，江城区举办职工书画展。",
            "3月8日，北湖公园的樱花盛开，市民纷纷前来赏花拍照。 林一 摄",
            "南港区开展技能比武",
            "本报讯（通讯员池小鱼）南港区总工会日前开展技能比武。",
            "",
        ]
    )
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    assert [a.headline.text for a in seg.articles if a.headline] == [
        "江城区举办职工书画展",
        "南港区开展技能比武",
    ]
    assert len(seg.captions) == 1 and seg.captions[0].article is None
    assert [c.name for c in seg.captions[0].credits] == ["林一"]
    assert seg.articles[0].body.text == "近日，江城区举办职工书画展。"


def test_a_line_ending_in_a_verb_with_she_is_not_a_caption() -> None:
    text = "江城区举办摄影大赛\n本报讯（记者洪大海）参赛者用手机记录生活，进行拍摄\n共收到作品三百幅。\n"
    _page, seg = run(text)
    assert seg.captions == ()


# ------------------------------------------------------------------------------------------ shapes of files


def test_single_article_file() -> None:
    page, seg = run("江城区举办职工运动会\n3月2日，江城区举办职工运动会。\n运动会设八个项目。\n")
    check_spans(page, seg)
    assert len(seg.articles) == 1
    a = seg.articles[0]
    assert a.headline is not None and a.headline.text == "江城区举办职工运动会"
    assert a.byline is None and a.credits == ()
    assert a.body.text == "3月2日，江城区举办职工运动会。\n运动会设八个项目。"


@pytest.mark.parametrize(
    "text", ["江城区举办职工运动会。", "江城区举办职工运动会", "  江城区 2024 年 举办运动会  "]
)
def test_single_sentence_is_all_body(text: str) -> None:
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    assert len(seg.articles) == 1 and seg.captions == ()
    a = seg.articles[0]
    assert a.headline is None and a.body.text == page.text and a.span.text == page.text


def test_empty_page_gives_one_empty_article() -> None:
    _page, seg = run("")
    assert len(seg.articles) == 1 and seg.articles[0].body == Span(0, 0, "")


def test_two_title_lines_are_kicker_and_headline_and_subtitle_drops_dashes() -> None:
    text = "\n".join(
        [
            "不忘初心 扎根山区",
            "乡村教师的二十年",
            "——记南港区第二小学教师池小鱼",
            "本报记者 洪大海",
            "池小鱼在山区任教二十年。",
            "",
        ]
    )
    _page, seg = run(text)
    a = seg.articles[0]
    assert (a.kicker.text, a.headline.text, a.subtitle.text) == (
        "不忘初心 扎根山区",
        "乡村教师的二十年",
        "记南港区第二小学教师池小鱼",
    )
    assert a.body.text == "池小鱼在山区任教二十年。"


_ALPHABET = list("江城区总工会举办记者通讯员摄本报讯池小鱼图为。，、（）“”——/ 0123") + ["\n", "\n\n", "　"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=120).map("".join))
def test_invariants_hold_for_any_text(text: str) -> None:
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)


def test_headline_with_punctuation_right_above_a_byline() -> None:
    text = "\n".join(
        [
            "运动会圆满结束。",
            "这个冬天不再冷！",
            "本报讯（记者洪大海）近日，江城区为环卫工人送去棉衣。",
            "寒风中，一声问候，一份温暖",
            "——记江城区环卫所所长池小鱼",
            "本报记者 关山月",
            "池小鱼在环卫所工作了十年。",
            "",
        ]
    )
    _page, seg = run(text)
    assert [a.headline.text if a.headline else None for a in seg.articles] == [
        None,
        "这个冬天不再冷！",
        "寒风中，一声问候，一份温暖",
    ]


def test_a_paragraph_about_a_reporter_is_not_a_byline() -> None:
    text = (
        "江城区举办书画展\n本报讯（记者洪大海）近日，江城区举办书画展。\n记者了解到，展览共展出作品百余幅。\n"
    )
    _page, seg = run(text)
    assert len(seg.articles) == 1
    assert [c.name for c in seg.articles[0].credits] == ["洪大海"]
    assert seg.articles[0].body.text.endswith("展出作品百余幅。")


def test_a_credit_on_its_own_line_credits_the_paragraph_above() -> None:
    text = "\n".join(
        [
            "江城区举办职工书画展",
            "本报讯（记者洪大海）近日，江城区举办职工书画展。",
            "3月8日，北湖公园的樱花盛开，市民纷纷前来赏花拍照。",
            "林一 摄",
            "",
        ]
    )
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    assert len(seg.captions) == 1
    cap = seg.captions[0]
    assert cap.span.text == "3月8日，北湖公园的樱花盛开，市民纷纷前来赏花拍照。"
    assert [c.name for c in cap.credits] == ["林一"] and cap.article is None
    assert seg.articles[0].body.text == "近日，江城区举办职工书画展。"


def test_dash_list_items_inside_an_article_do_not_split_it() -> None:
    text = "\n".join(
        [
            "江城区部署今年重点工作",
            "本报讯（记者洪大海）近日，江城区部署今年重点工作：",
            "——推进老旧小区改造，年内完成二十个小区；",
            "——新建职工驿站十个",
            "会议要求各单位抓好落实。",
            "",
        ]
    )
    page, seg = run(text)
    check_coverage(page, seg)
    assert len(seg.articles) == 1
    assert seg.articles[0].body.text.endswith("抓好落实。")


_WRAPPED_BODY = [
    "本报讯（记者江小帆）7月8",
    "日，区总工会走访慰问了辖区",
    "一线环卫工人，为他们送去了",
    "绿豆、毛巾等防暑物品。区总工",
    "会主席温立群说，将持续关心",
    "户外劳动者的身体健康。",
]


@pytest.mark.parametrize(
    ("first", "second", "kicker", "headline"),
    [
        # a phrase of its own (with a verb) above a headline with its own subject: kicker + headline
        ("政银联手", "小额贷款解企业之急", "政银联手", "小额贷款解企业之急"),
        ("情系一线", "区总工会为环卫工人送清凉", "情系一线", "区总工会为环卫工人送清凉"),
        # a subject on one printed line, its predicate on the next: one headline broken in two
        ("县总工会", "开展农民工技能培训", None, "县总工会开展农民工技能培训"),
    ],
)
def test_short_title_lines_joined_by_normalisation(first, second, kicker, headline) -> None:
    lines = ["", first, "", second, ""] + [x for line in _WRAPPED_BODY for x in (line, "")]
    page, seg = run("\n".join(lines))
    a = seg.articles[0]
    assert (a.kicker.text if a.kicker else None, a.headline.text) == (kicker, headline)
    for s in (a.kicker, a.headline):
        if s is not None:
            assert page.text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "credit", ["（孔令辉 摄）", "(记者 孔令辉 摄)", "（孔令辉/摄）", "（本报记者 孔令辉 摄）"]
)
def test_a_bracketed_photo_credit_on_its_own_line_is_a_photo_of_the_article(credit: str) -> None:
    """The credit line is a caption of the article (a photographer, no text of its own); the paragraph
    above stays body text and the credit is no byline author."""
    text = (
        "德州市总工会举办职工棋类比赛\n\n本报讯（记者高文静）5月6日，德州市总工会举办职工棋类比赛。\n"
        f"{credit}\n比赛共设象棋、围棋两个项目。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (art,) = seg.articles
    assert [(c.name, c.role) for c in art.credits] == [("高文静", "author")]
    assert "举办职工棋类比赛。" in art.body.text and "两个项目" in art.body.text
    (cap,) = seg.captions
    assert cap.article == 0 and [(c.name, c.role) for c in cap.credits] == [("孔令辉", "photographer")]


@pytest.mark.parametrize(
    ("byline", "dateline", "expected"),
    [
        (
            "本报江城3月2日讯　记者　洪大海　实习生　池小鱼",
            "本报江城3月2日讯",
            [("洪大海", "author"), ("池小鱼", "contributor")],
        ),
        (
            "本报江城3月2日讯　记者　洪大海　通讯员　池小鱼",
            "本报江城3月2日讯",
            [("洪大海", "author"), ("池小鱼", "contributor")],
        ),
        ("江城晚报江城3月2日讯 记者 洪大海", "江城晚报江城3月2日讯", [("洪大海", "author")]),
        ("本报江城讯　记者　洪大海　实习生　池小鱼", None, [("洪大海", "author"), ("池小鱼", "contributor")]),
    ],
)
@pytest.mark.parametrize("inline", [False, True])
def test_a_dated_dateline_with_unbracketed_credits(
    byline: str, dateline: str, expected, inline: bool
) -> None:
    """本报<城市><月><日>讯 then role words and names set off by spaces, no brackets."""
    sep = "　" if inline else "\n\n"
    text = f"江城区举办职工书画展\n\n{byline}{sep}昨天，江城区总工会在市文化馆举办职工书画展。\n"
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    (a,) = seg.articles
    assert a.headline is not None and a.headline.text == "江城区举办职工书画展"
    assert [(c.name, c.role) for c in a.credits] == expected
    assert a.dateline == dateline
    assert a.body.text == "昨天，江城区总工会在市文化馆举办职工书画展。"


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("（记者　洪大海）", [("洪大海", "author")]),
        ("（通讯员　池小鱼）", [("池小鱼", "contributor")]),
        ("(记者 洪大海 通讯员 池小鱼)", [("洪大海", "author"), ("池小鱼", "contributor")]),
    ],
)
@pytest.mark.parametrize("lead", ["", "本报讯　"])
@pytest.mark.parametrize("sep", ["", "\n\n", "\n"])
def test_a_bracketed_credit_closing_the_last_paragraph_credits_the_article(
    credit, expected, lead, sep
) -> None:
    """On the paragraph's last line or on a line of its own after it (a hard-wrapped page too)."""
    text = (
        "江城区举办职工书画展\n\n"
        f"{lead}近日，江城区总工会在市文化馆举办职工书画展。\n\n"
        f"共展出作品120余幅，多名职工榜上有名。{sep}{credit}\n\n"
        "江城区工会干部培训班开班\n\n本报记者 关山月\n\n近日，江城区工会干部培训班开班。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    a, b = seg.articles
    assert [(c.name, c.role) for c in a.credits] == expected
    assert a.body.text.endswith("多名职工榜上有名。")
    assert [(c.name, c.role) for c in b.credits] == [("关山月", "author")]


@pytest.mark.parametrize(
    "line",
    [
        "共展出作品120余幅。（记者 洪大海 摄）",  # a photo credit
        "他在会上介绍了经验（记者 洪大海）",  # no sentence closes before it
    ],
)
def test_a_bracket_that_is_no_closing_byline_credits_no_one(line: str) -> None:
    text = f"江城区举办职工书画展\n\n近日，江城区总工会在市文化馆举办职工书画展。\n\n{line}\n"
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert not [c for c in a.credits if c.role != "photographer"]


@pytest.mark.parametrize(
    "header",
    [
        "第６版　工会·职工",
        "第06版 职工之家",
        "2024年5月8日　星期三\n第３版　工会·职工　编辑　戚晓岚",
        "南湖日报　2024年5月8日　星期三　第３版",
    ],
)
@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_a_page_header_is_no_kicker_and_no_headline(header: str, sep: str) -> None:
    text = sep.join(
        [
            *header.split("\n"),
            "江城区举办职工书画展",
            "本报讯（记者 洪大海）近日，江城区总工会在市文化馆举办职工书画展，",
            "共展出作品120余幅。",
            "江城区工会干部培训班开班",
            "本报记者 关山月",
            "近日，江城区工会干部培训班开班。",
        ]
    )
    page, seg = run(text + "\n")
    check_spans(page, seg)
    check_coverage(page, seg)
    a, b = seg.articles
    assert a.span.start == 0 and a.kicker is None
    assert a.headline is not None and a.headline.text == "江城区举办职工书画展"
    assert [c.name for c in a.credits] == ["洪大海"]
    assert b.headline is not None and b.headline.text == "江城区工会干部培训班开班" and b.kicker is None


@pytest.mark.parametrize(
    ("top", "label"),
    [
        ("2025年3月4日　星期二\n\n第２版　综合新闻\n\n", "要闻"),
        ("2025年3月4日　星期二\n\n第２版　综合新闻\n\n", "本地"),
        ("", "工会动态"),
        ("", "基层传真"),
        ("第５版　县区新闻　本版编辑　骆明川\n\n", "综合新闻"),
    ],
)
def test_a_section_label_above_the_first_headline_is_furniture(top: str, label: str) -> None:
    """要闻 / 基层传真 on its own line, a blank line, then the headline: no kicker, no part of the
    headline, masked from the article's text like the page header."""
    text = (
        top
        + label
        + "\n\n临澧汽配集团工会举办技能比武\n\n本报讯（记者 宁远舟）3月2日，临澧汽配集团工会举办技能比武。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    a = seg.articles[0]
    assert a.kicker is None
    assert a.headline is not None and a.headline.text == "临澧汽配集团工会举办技能比武"
    assert [c.name for c in a.credits] == ["宁远舟"]
    assert page.text.index(label) < a.headline.start


def test_a_short_subject_line_at_the_page_start_still_joins_its_predicate() -> None:
    """县总工会 / 开展… is one headline: only a label word or a page header above makes a label."""
    page, seg = run("县总工会\n\n开展农民工技能培训\n\n本报讯（记者 宁远舟）3月2日，县总工会开展培训。\n")
    assert seg.articles[0].headline.text == "县总工会开展农民工技能培训"


@pytest.mark.parametrize(
    ("line", "caption", "photographers"),
    [
        ("图为技能比武现场。（临澧汽配集团工会供图）", "图为技能比武现场。（临澧汽配集团工会供图）", []),
        ("图为技能比武现场。（县总工会供图）", "图为技能比武现场。（县总工会供图）", []),
        ("图为技能比武现场。（宁远舟供图）", "图为技能比武现场。", ["宁远舟"]),
        ("图为技能比武现场。（通讯员 宁远舟 供图）", "图为技能比武现场。", ["宁远舟"]),
        ("图为技能比武现场。（临澧县融媒体中心提供）", "图为技能比武现场。（临澧县融媒体中心提供）", []),
        ("职工在比武中。（图片由宁远舟提供）", "职工在比武中。", ["宁远舟"]),
        ("职工在比武中。（图片由临澧汽配集团工会提供）", "职工在比武中。（图片由临澧汽配集团工会提供）", []),
    ],
)
def test_a_photo_supplied_by_a_body_or_a_person_is_a_caption(line, caption, photographers) -> None:
    """供图/提供: a person supplying the photo is its photographer, a body no person (its name stays in
    the caption text, an organisation mention)."""
    text = (
        "临澧汽配集团工会举办技能比武\n本报讯（记者 宁远舟）3月2日，临澧汽配集团工会举办技能比武。\n"
        + line
        + "\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    assert [c.span.text for c in seg.captions] == [caption]
    assert [c.name for c in seg.captions[0].credits] == photographers
    assert seg.captions[0].article == 0
    assert [c.name for c in seg.articles[0].credits] == ["宁远舟"]


@pytest.mark.parametrize(
    "line", ["全年共发放补贴120万元。（数据由县人社局提供）", "工会将继续开展活动。（县总工会供稿）"]
)
def test_a_source_of_the_text_is_no_photo(line: str) -> None:
    text = (
        "临澧汽配集团工会举办技能比武\n本报讯（记者 宁远舟）3月2日，临澧汽配集团工会举办技能比武。\n"
        + line
        + "\n"
    )
    page, seg = run(text)
    assert seg.captions == ()


@pytest.mark.parametrize(
    "editor", ["校对 孔维新", "责任编辑：孔维新", "本版编辑 孔维新 校对 梅小川", "美编　梅小川"]
)
def test_editor_lines_are_furniture_not_credits(editor: str) -> None:
    """责任编辑 A / 校对 B after the last paragraph: no body text, and the closing credit above still
    credits the article."""
    text = (
        "临澧汽配集团工会举办技能比武\n本报讯　3月2日，临澧汽配集团工会举办技能比武。（记者　宁远舟）\n\n"
        + editor
        + "\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert [c.name for c in a.credits] == ["宁远舟"]
    assert "孔维新" not in a.body.text and "梅小川" not in a.body.text


def test_a_known_section_label_needs_no_blank_line() -> None:
    text = "第２版　综合新闻\n要闻\n临澧汽配集团工会举办技能比武\n本报讯（记者 宁远舟）3月2日，临澧汽配集团工会举办技能比武。\n"
    page, seg = run(text)
    a = seg.articles[0]
    assert a.kicker is None and a.headline.text == "临澧汽配集团工会举办技能比武"


def test_unbracketed_credits_then_the_date_opening_the_body() -> None:
    """本报讯 记者 A 通讯员 B 12月1日，…: both credits; the body starts at the date."""
    page, seg = run(
        "韶钢集团工会启动竞赛\n本报讯　记者　凌天佑　通讯员　常晓岚　12月1日，集团工会召开动员会。\n"
    )
    (a,) = seg.articles
    assert [(c.name, c.role) for c in a.credits] == [("凌天佑", "author"), ("常晓岚", "contributor")]
    assert a.body.text.startswith("12月1日，")


@pytest.mark.parametrize(
    ("byline", "want"),
    [
        ("文/记者　卢文杰　图/记者　邹晴", [("卢文杰", "author"), ("邹晴", "photographer")]),
        ("记者 卢文杰　摄影 本报记者 邹晴", [("卢文杰", "author"), ("邹晴", "photographer")]),
        ("文/卢文杰 图/邹晴", [("卢文杰", "author"), ("邹晴", "photographer")]),
    ],
)
def test_a_photo_mark_before_a_reporters_title_credits_the_photo(byline, want) -> None:
    """图/记者 B: B is a reporter who took the photographs, not a second author."""
    from kg.model import Document, Options
    from kg.pipeline import process_document

    text = f"滨江区举办职工读书节\n\n{byline}\n\n4月23日，滨江区总工会举办职工读书节。\n"
    r = process_document(Document(id="d", text=text, source="t"), Options())
    (art,) = r.segmented.articles
    assert [(c.name, c.role) for c in art.credits] == want


def test_a_reporters_photo_credit_under_a_caption_line_is_the_captions() -> None:
    """图为…。 then 记者 B 摄 on a line of its own: B took that photo; no empty article with author B."""
    from kg.model import Options
    from kg.pipeline import process_document

    text = (
        "滨江区举办职工读书节\n\n文/记者　卢文杰\n\n4月23日，滨江区总工会举办职工读书节。\n\n"
        "图为职工在读书节现场挑选图书。\n\n记者　邹晴　摄\n\n江南区开展送清凉\n\n本报讯　日前，江南区总工会开展送清凉活动。\n"
    )
    r = process_document(Document(id="d", text=text, source="t"), Options())
    assert [a.headline.text for a in r.segmented.articles if a.headline] == [
        "滨江区举办职工读书节",
        "江南区开展送清凉",
    ]
    assert len(r.segmented.articles) == 2
    (cap,) = r.segmented.captions
    assert cap.span.text == "图为职工在读书节现场挑选图书。"
    assert [(c.name, c.role) for c in cap.credits] == [("邹晴", "photographer")]


@pytest.mark.parametrize(
    ("first", "second", "kicker", "headline"),
    [
        # the first line ends in an event verb: the second is its object
        ("江滨机械公司工会开展", "职工健康讲座", None, "江滨机械公司工会开展职工健康讲座"),
        # a word runs across the break (会计人员)
        ("东湖区举办基层工会会计", "人员培训班", None, "东湖区举办基层工会会计人员培训班"),
        # the first line's last verb is an event verb, the second a bare object without a verb
        ("南溪县召开工会", "第五次代表大会", None, "南溪县召开工会第五次代表大会"),
        # phrases of their own above a headline: kickers
        ("银企携手", "共解融资难题", "银企携手", "共解融资难题"),
        ("喜迎国庆", "全市职工文艺汇演", "喜迎国庆", "全市职工文艺汇演"),
    ],
)
def test_a_headline_on_two_printed_lines_is_one_headline(first, second, kicker, headline) -> None:
    """Two title lines above a byline: a kicker and a headline, unless the first line wants the second."""
    page, seg = run(f"{first}\n{second}\n□记者　范一舟\n3月2日，江滨机械公司工会举办活动。\n")
    check_spans(page, seg)
    a = seg.articles[0]
    assert (a.kicker.text if a.kicker else None, a.headline.text.replace("\n", "")) == (kicker, headline)
    assert [(c.name, c.role) for c in a.credits] == [("范一舟", "author")]


def test_wen_tu_byline_credits_the_photo_captioned_in_the_article() -> None:
    """文·图/本报记者 A: A wrote the article; a 图为… line inside it is a photo A took (no credit line)."""
    text = "东湖区举办职工书法展\n文·图/本报记者　柯望舒\n5月6日，东湖区总工会举办职工书法展。\n图为书法展现场。\n"
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert [(c.name, c.role) for c in a.credits] == [("柯望舒", "author")]
    (cap,) = seg.captions
    assert cap.article == 0 and cap.span.text == "图为书法展现场。"
    assert [(c.name, c.role) for c in cap.credits] == [("柯望舒", "photographer")]
    assert "图为" not in a.body.text


def test_without_a_photo_byline_a_picture_sentence_stays_body() -> None:
    text = "东湖区举办职工书法展\n本报记者　柯望舒\n5月6日，东湖区总工会举办职工书法展。\n图为书法展现场。\n"
    _page, seg = run(text)
    assert not seg.captions and "图为书法展现场" in seg.articles[0].body.text


@pytest.mark.parametrize(
    ("closing", "names"),
    [
        ("（钱望川　孙若溪）", ["钱望川", "孙若溪"]),
        ("（钱望川）", ["钱望川"]),
        ("（完）", []),
        ("（市总工会）", []),
    ],
)
def test_bare_names_closing_the_last_paragraph_are_its_authors(closing, names) -> None:
    """……家。（A B）: names without a role word in brackets after the last sentence wrote the article."""
    text = f"西岭区职工书屋开放\n本报讯　日前，西岭区总工会建成职工书屋１２家。{closing}\n"
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert [(c.name, c.role) for c in a.credits] == [(n, "author") for n in names]
    if names:
        assert a.body.text.endswith("１２家。") or a.body.text.endswith("12家。")


@pytest.mark.parametrize(
    ("first", "second", "kicker", "headline"),
    [
        ("江滨机械公司工会开展", "“健康周”活动", None, "江滨机械公司工会开展“健康周”活动"),
        ("东湖区举办基层工会会计", "人员培训班", None, "东湖区举办基层工会会计人员培训班"),
        ("南溪县召开工会", "第五次代表大会", None, "南溪县召开工会第五次代表大会"),
        ("银企携手", "共解融资难题", "银企携手", "共解融资难题"),
        ("情系一线", "区总工会为环卫工人送清凉", "情系一线", "区总工会为环卫工人送清凉"),
        # a subject and its verbs end the first line, their object (no verb of its own) is below
        ("东湖区总工会走访慰问", "困难职工家庭", None, "东湖区总工会走访慰问困难职工家庭"),
    ],
)
def test_a_headline_on_two_title_lines_of_a_page_is_one_headline(first, second, kicker, headline) -> None:
    """The same on a page whose normalisation keeps the two title lines apart (a wide body column)."""
    body = "　　3月2日，江滨机械公司工会举办活动，南溪县总工会主席参加会议并讲话，300余名职工参加。"
    page, seg = run(f"东湖区新闻\n\n{first}\n{second}\n\n本报记者　范一舟\n\n{body}\n")
    check_spans(page, seg)
    a = seg.articles[0]
    assert (a.kicker.text if a.kicker else None, a.headline.text.replace("\n", "")) == (kicker, headline)


def test_a_wire_story_ends_at_its_end_mark() -> None:
    """……讲话。（完） ends the paragraph: a caption after a blank line is no part of the story."""
    text = (
        "新华社兰州５月８日电（记者　祁远山）甘肃省总工会８日在兰州召开全省劳模工作会议。省总工会副主席\n"
        "马青云出席会议并讲话。（完）\n\n图为会议现场。（省总工会供图）\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert a.body.text.endswith("（完）") or a.body.text.endswith("(完)")
    (cap,) = seg.captions
    assert cap.span.text.startswith("图为会议现场")


@pytest.mark.parametrize(
    "masthead",
    [
        "星期三　2026年4月22日",
        "天水日报　2026年4月22日",
        "2026.4.22　星期三",
        "陇东工人报\n２０２６年４月２２日　星期三\n编辑：马晓燕校对：赵　鹏",
        "陇东工人报　2026年4月\n22日　星期三",
    ],
)
def test_a_masthead_is_furniture_not_a_headline_nor_an_article(masthead: str) -> None:
    page, seg = run(
        masthead + "\n\n秦州区召开职工代表大会\n\n本报记者　牛雅琴\n\n"
        "　　日前，秦州区总工会召开第二届职工代表大会，１２０名代表参加会议。区总工会主席何永强作工作报告。\n"
    )
    (art,) = seg.articles
    assert art.headline is not None and art.headline.text == "秦州区召开职工代表大会"
    assert [page.text[c.start : c.end] for c in art.credits] == ["牛雅琴"]


def test_a_byline_naming_each_person_before_the_slash() -> None:
    """张 敏／文 李建华／图: the writer is the author, the photographer takes the article's photo."""
    page, seg = run(
        "麦积区举办职工\n电工技能大赛\n\n乔　宁／文　　孟晓川／图\n\n"
        "　　６月２日，麦积区总工会在天水华耀电气有限公司举办全区职工电工技能大赛，来自１２家企业的\n"
        "４８名选手参赛。天水华耀电气有限公司电工祁晓东获得一等奖。\n"
        "　　图为选手在比赛中。\n"
    )
    (art,) = seg.articles
    assert art.headline is not None and art.headline.text.replace("\n", "") == "麦积区举办职工电工技能大赛"
    assert [(c.name, c.role) for c in art.credits] == [("乔宁", "author")]
    (cap,) = seg.captions
    assert cap.article == 0 and [(c.name, c.role) for c in cap.credits] == [("孟晓川", "photographer")]
    assert all(page.text[c.start : c.end].replace(" ", "") == c.name for c in (*art.credits, *cap.credits))


def test_a_county_dateline_and_a_closing_credit_line_naming_the_writers_body() -> None:
    """秦安讯（通讯员 A）opens the body; （X县总工会 B）on a line of its own credits the article above."""
    page, seg = run(
        "秦安县总工会开展\n送清凉活动\n\n"
        "　　秦安讯（通讯员　雷小娟）近日，秦安县总工会开展夏季送清凉活动，为３００名一线职工送去防暑用品。\n\n"
        "清水县召开\n职工代表大会\n\n"
        "　　６月３日，清水县总工会召开职工代表大会，１２０名代表参加会议。\n"
        "（清水县总工会　贾文博）\n"
    )
    a, b = seg.articles
    assert [(c.name, c.role) for c in a.credits] == [("雷小娟", "contributor")]
    assert a.body.text.startswith("近日，秦安县总工会")
    assert [(c.name, c.role) for c in b.credits] == [("贾文博", "author")]
    assert b.body.text.endswith("参加会议。")


@pytest.mark.parametrize(
    "source", ["（平川区总工会供稿）", "（白银区总工会 供稿）", "（来源：会宁县总工会）"]
)
@pytest.mark.parametrize("lead", ["", "本报讯　"])
def test_a_source_line_under_the_last_paragraph_closes_the_article_above(source: str, lead: str) -> None:
    """``（X总工会供稿）`` on a line of its own names the body that sent the text: it ends the article
    above (no writer), and the next headline is the next article's, not a headline with it."""
    text = (
        "平川区建成职工驿站\n\n"
        f"　　{lead}9月3日，平川区总工会在兴平路建成职工驿站。驿站为环卫工人提供饮水、休息\n"
        "等服务。\n"
        f"　　　　　　　　　　　　{source}\n\n"
        "会宁县举办职工象棋赛\n\n"
        "　　本报讯（通讯员　田雨霏）近日，会宁县总工会举办职工象棋赛。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    check_coverage(page, seg)
    a, b = seg.articles
    assert not a.credits
    assert b.headline is not None and b.headline.text == "会宁县举办职工象棋赛"
    assert [(c.name, c.role) for c in b.credits] == [("田雨霏", "contributor")]


@pytest.mark.parametrize("credit", ["（冉小琴　摄）", "（冉小琴 摄）", "（记者 冉小琴 摄）", "(冉小琴/摄)"])
def test_a_caption_line_ending_in_a_bracketed_credit_is_a_caption(credit: str) -> None:
    """``图为成立大会现场。（A 摄）``: the caption's text and its credit in brackets on one line."""
    text = (
        "凤冈县茶企工会联合会成立\n\n"
        "　　本报讯　5月1日，凤冈县茶叶企业工会联合会成立大会召开。\n"
        f"　　图为成立大会现场。{credit}\n\n"
        "余庆县开展送温暖活动\n\n"
        "　　本报讯　5月2日，余庆县总工会开展送温暖活动。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (cap,) = seg.captions
    assert cap.span.text == "图为成立大会现场。"
    assert [(c.name, c.role) for c in cap.credits] == [("冉小琴", "photographer")]
    assert cap.article == 0
    assert len(seg.articles) == 2


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("□本报记者　罗文静　实习生　田　野", [("罗文静", "author"), ("田野", "contributor")]),
        ("本报记者　王　娜　李　强", [("王娜", "author"), ("李强", "author")]),
        ("记者　向　东　通讯员　欧阳晨", [("向东", "author"), ("欧阳晨", "contributor")]),
    ],
)
def test_a_two_character_name_padded_with_a_space_is_one_name(byline: str, expected) -> None:
    """Bylines pad two-character names to the width of three (田　野): the surname and the given name are
    one person, named without the space, its span covering both."""
    text = f"凤冈县举办职工歌咏比赛\n\n{byline}\n\n　　5月1日，凤冈县总工会举办职工歌咏比赛。\n"
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert [(c.name, c.role) for c in a.credits] == expected
    for c in a.credits:
        assert page.text[c.start : c.end].replace(" ", "") == c.name


@pytest.mark.parametrize(
    ("first", "second", "kicker"),
    [
        ("丹寨县开展“安康杯”", "知识竞赛", None),
        ("县总工会举办“送清凉”", "系列活动", None),
        ("凝心聚力“十四五”", "全县职工技能大赛开幕", "凝心聚力“十四五”"),
    ],
)
def test_a_headline_line_ending_in_a_quoted_brand_continues_below(first, second, kicker) -> None:
    """``…开展“安康杯”`` / ``知识竞赛``: the first line opens an event that the second names, one
    headline; a quoted slogan with no event verb before it stays a kicker."""
    text = f"{first}\n{second}\n\n□本报记者　韦晓丹\n\n　　5月1日，丹寨县总工会举办活动。\n"
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert (a.kicker.text if a.kicker else None) == kicker
    assert a.headline is not None
    assert a.headline.text.replace("\n", "") == (second if kicker else first + second)


@pytest.mark.parametrize("credit", ["艾合买提·热合曼　摄", "（艾合买提·热合曼　摄）", "艾合买提·热合曼/摄"])
def test_a_transliterated_photographer_credits_the_caption(credit: str) -> None:
    """``图为拔河比赛现场。 艾合买提·热合曼 摄``: a name whose parts a · joins is a photographer too."""
    text = (
        "伊宁市举办职工冬季运动会\n\n"
        "　　本报讯　1月15日，伊宁市总工会举办职工冬季运动会。\n"
        f"　　图为拔河比赛现场。　　　{credit}\n\n"
        "奎屯市开展送温暖活动\n\n"
        "　　本报讯　1月18日，奎屯市总工会开展送温暖活动。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (cap,) = seg.captions
    assert cap.span.text == "图为拔河比赛现场。"
    assert [(c.name, c.role) for c in cap.credits] == [("艾合买提·热合曼", "photographer")]
    assert len(seg.articles) == 2


def test_padded_names_after_a_rarer_surname_are_one_name() -> None:
    """``■本报记者　庞　月　实习生　麻　峰``: 庞 and 麻 are family names too, each pair one padded name;
    a caption credit ``摄影：舒　畅`` after the caption's text credits its photographer."""
    text = (
        "禹会区举办职工乒乓球赛\n\n■本报记者　庞　月　实习生　麻　峰\n\n"
        "　　4月8日，禹会区总工会举办职工乒乓球赛，来自全区的86名职工参赛。\n"
        "　　图为比赛现场。　　　　　　　　摄影：舒　畅\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert [(c.name, c.role) for c in a.credits] == [("庞月", "author"), ("麻峰", "contributor")]
    (cap,) = seg.captions
    assert cap.article == 0 and cap.span.text == "图为比赛现场。"
    assert [(c.name, c.role) for c in cap.credits] == [("舒畅", "photographer")]


@pytest.mark.parametrize(
    ("first", "second", "kicker", "headline"),
    [
        # a subject with no verb above its predicate (opening with a preposition, a verb, an adverb)
        ("淮上区总工会", "为一线职工送清凉", None, "淮上区总工会为一线职工送清凉"),
        ("怀远县300余名网约车司机", "踊跃加入工会", None, "怀远县300余名网约车司机踊跃加入工会"),
        ("龙子湖区工会为快递小哥", "送上爱心午餐", None, "龙子湖区工会为快递小哥送上爱心午餐"),
        # …above the head noun of a gathering
        ("蚌埠市第四届青年职工岗位技能", "大赛闭幕", None, "蚌埠市第四届青年职工岗位技能大赛闭幕"),
        # a phrase with a verb of its own above a headline stays a kicker
        ("政企联动", "共建职工驿站", "政企联动", "共建职工驿站"),
    ],
)
def test_a_verbless_subject_line_and_its_predicate_are_one_headline(first, second, kicker, headline) -> None:
    """Two title lines that normalisation keeps apart (a page with a wide body column)."""
    body = "　　6月3日，固镇县总工会在县职工服务中心举办活动，县总工会主席出席并讲话，200余名职工参加。"
    page, seg = run(f"蚌埠新闻\n\n{first}\n{second}\n\n本报记者　钱若溪\n\n{body}\n")
    check_spans(page, seg)
    a = seg.articles[0]
    assert (a.kicker.text if a.kicker else None, a.headline.text.replace("\n", "")) == (kicker, headline)


def test_a_romanised_paper_name_and_a_duty_editor_line_are_masthead() -> None:
    """``蚌埠职工报`` / ``BENGBU ZHIGONG BAO`` / date / ``值班编委：A　责任编辑：B``: all furniture; the
    first article is the first headline's, and the editors are no text of it."""
    text = (
        "蚌埠职工报\nBENGBU ZHIGONG BAO\n2026年6月10日　星期三\n值班编委：高　岚　　责任编辑：夏知秋\n\n"
        "蚌山区举办职工书画展\n\n本报记者　钱若溪\n\n　　6月8日，蚌山区总工会举办职工书画展，展出作品120件。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert a.headline is not None and a.headline.text == "蚌山区举办职工书画展"
    assert "夏知秋" not in a.body.text and "BENGBU" not in a.body.text
    assert [c.name for c in a.credits] == ["钱若溪"]


def test_a_place_colon_headline_between_blank_lines_starts_an_article() -> None:
    """``淮上：“暖心茶站”开进工地`` set off by blank lines above a paragraph: a headline, though it has
    a colon and no byline follows it; a colon line inside a paragraph run stays body."""
    text = (
        "禹会区举办职工乒乓球赛\n\n本报记者　钱若溪\n\n　　4月8日，禹会区总工会举办职工乒乓球赛。\n\n"
        "淮上：“暖心茶站”开进工地\n\n"
        "　　4月9日，淮上区总工会在沫河口镇的建筑工地设立“暖心茶站”，为200余名建筑工人提供茶水。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    assert [a.headline.text if a.headline else None for a in seg.articles] == [
        "禹会区举办职工乒乓球赛",
        "淮上：“暖心茶站”开进工地",
    ]
    page, seg = run(text.replace("\n\n淮上", "\n淮上").replace("工地\n\n", "工地\n"))
    assert len(seg.articles) == 1


@pytest.mark.parametrize("credit", ["夏知秋　摄影报道", "本报记者　夏知秋/摄影报道"])
def test_a_photo_report_credit_after_the_caption(credit: str) -> None:
    """``…用餐。`` / ``图为…。`` / ``A 摄影报道``: A wrote the article and took the photo its 图为… line
    captions; the credit is no body text."""
    text = (
        "蚌山：“爱心早餐”温暖环卫工人\n\n"
        "　　6月9日清晨，蚌山区总工会在纬四路设立的“爱心早餐”点迎来了第一批环卫工人。\n"
        "　　图为环卫工人在“爱心早餐”点用餐。\n"
        f"　　　　　　　　　　　　　　　　　　{credit}\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert [(c.name, c.role) for c in a.credits] == [("夏知秋", "author")]
    (cap,) = seg.captions
    assert cap.article == 0 and cap.span.text == "图为环卫工人在“爱心早餐”点用餐。"
    assert [(c.name, c.role) for c in cap.credits] == [("夏知秋", "photographer")]
    assert "摄影报道" not in a.body.text and "图为" not in a.body.text


def test_the_writers_employer_under_the_last_paragraph_is_no_body_text() -> None:
    """``文／A`` … ``（作者单位：X总工会）``: the line names where the writer works; the article ends
    before it and keeps its writer."""
    text = (
        "南明区总工会为环卫工人送早餐\n\n文／顾　言\n\n"
        "　　2月3日，南明区总工会在花果园街道为100名环卫工人送去热早餐。\n"
        "（作者单位：南明区总工会）\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert [(c.name, c.role) for c in a.credits] == [("顾言", "author")]
    assert a.body.text.endswith("热早餐。") and "作者单位" not in a.body.text


def test_an_editors_line_with_a_padded_name_is_masthead_not_a_kicker() -> None:
    """``编辑　A　　校对　丁　宁`` without colons, a two-character name padded: page furniture, not the
    first article's kicker."""
    text = (
        "鄂州晚报\n2026年9月2日　星期三　A4　城事\n编辑　伍小棠　　校对　万　川\n\n"
        "鄂城区举办职工书画展\n　　本报讯（记者　童一鸣）9月1日，鄂城区总工会举办职工书画展，展出作品80件。\n"
        "　　书画展将持续一周。\n　　展出期间，市民可免费参观。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    (a,) = seg.articles
    assert a.kicker is None
    assert a.headline is not None and a.headline.text == "鄂城区举办职工书画展"
    assert "伍小棠" not in a.body.text


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("华容区举办秋季就业援助月", "专场招聘会"),  # 援助 (a verb) inside the object of 举办
        ("鄂城区举办困难职工帮扶", "专场招聘会"),
        ("供电公司举办配电", "抢修技能竞赛"),  # 抢修 (a verb of the name) opens the line below
    ],
)
def test_an_event_headline_whose_object_holds_a_verb_is_one_headline(first: str, second: str) -> None:
    body = "　　本报讯（记者　童一鸣）9月1日，华容区人力资源和社会保障局举办招聘会，60家企业参加。"
    more = "　　招聘会上，求职者与企业面对面交流。\n　　不少求职者当场达成意向。"
    page, seg = run(f"鄂州晚报\n　　上一篇文章的最后一段。\n\n{first}\n{second}\n{body}\n{more}\n")
    check_spans(page, seg)
    a = seg.articles[-1]
    assert a.kicker is None
    assert a.headline is not None and a.headline.text.replace("\n", "") == first + second


@pytest.mark.parametrize(
    "caption", ["（图为职工在展厅参观。　记者　石小川　摄）", "（图为职工在展厅参观。　石小川／摄）"]
)
def test_a_caption_in_brackets_with_its_credit_inside_is_a_caption(caption: str) -> None:
    text = (
        "江城区举办职工书画展\n　　本报讯（记者　洪大海）近日，江城区举办职工书画展。\n"
        f"　　展出作品120件。\n　　{caption}\n\n南港区开展技能比武\n"
        "　　本报讯（通讯员　池小鱼）南港区总工会日前开展技能比武。\n　　共有80名职工参赛。\n"
    )
    page, seg = run(text)
    check_spans(page, seg)
    assert len(seg.articles) == 2 and len(seg.captions) == 1
    cap = seg.captions[0]
    assert cap.article == 0 and cap.span.text.startswith("图为职工在展厅参观")
    assert [c.name for c in cap.credits] == ["石小川"]


def test_a_one_line_page_segments_as_the_general_path_does():
    """``segment``'s shortcut for a page of one body line gives what the general path gives."""
    import random

    from kg import normalize, segment
    from kg.model import Document

    texts = [
        "汴州市总工会召开座谈会。（记者 司马远航）",
        "会议结束。（记者 王小明 通讯员 李四）",
        "他说：“我们一定完成任务。”（通讯员 欧冬梅）",
        "职工们在食堂用餐，气氛热烈。（记者 常玉洁 摄）",
        "今天开会。 （完）",
        "青川县供销合作社主任司马远航来到白杨镇中心小学看望了留守儿童。",
        "大会开幕了",
        "（记者 王五）",
        "记者王五报道",
    ]
    rng = random.Random(11)
    pieces = [
        "职工",
        "大会",
        "。",
        "，",
        "（",
        "）",
        "记者",
        "通讯员",
        "王小明",
        "摄",
        " ",
        "报道",
        "讯",
        "说",
    ]
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(500)]
    shortcut = 0
    for i, text in enumerate(texts):
        page = normalize.normalize(Document(id=f"d{i}", text=text, source="t.jsonl"))
        lines = segment._classify(page)
        shortcut += len(lines) == 1 and lines[0].kind == "body"
        assert segment.segment(page) == segment._segment_lines(page, segment._classify(page)), text
    assert shortcut > 100
