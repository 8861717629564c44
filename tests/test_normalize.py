"""Normalisation: reflow, folding, spacing, and the offset map back to the original text."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document, Page
from kg.normalize import fold, normalize

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "jiaozuo-union-page.txt"
PAGES = sorted((ROOT / "tests" / "pages" / "bylines").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden" / "normalize"
REGEN = os.environ.get("KG_REGEN_GOLDEN") == "1"


def norm(text: str) -> Page:
    return normalize(Document(id="t", text=text, source="t.txt"))


def lines_of(physical: list[str]) -> str:
    """A PDF-style page: a blank line after every physical line."""
    return "".join(line + "\n\n" for line in physical)


def check_origin(page: Page) -> None:
    """The offset-map contract: monotonic, one extra element, and every character folds back."""
    doc, text, origin = page.doc, page.text, page.origin
    assert len(origin) == len(text) + 1
    assert origin[-1] == len(doc.text)
    for i in range(len(text)):
        assert origin[i] <= origin[i + 1], i
        original = fold(doc.text[origin[i]])
        if text[i] in " \n":  # a space or line break stands for original whitespace
            assert original in " \n\r", (i, text[i], doc.text[origin[i]])
        else:
            assert original == text[i], (i, text[i], doc.text[origin[i]])
    # spans map back: a normalised slice covers the original characters it came from
    if text:
        s, e = page.to_original(0, len(text))
        assert 0 <= s <= e <= len(doc.text)


# ------------------------------------------------------------------------------------------ golden files


@pytest.mark.parametrize("path", [SAMPLE, *PAGES], ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    page = norm(path.read_text(encoding="utf-8"))
    check_origin(page)
    golden = GOLDEN / f"{path.stem}.txt"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(page.text, encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden}; run with KG_REGEN_GOLDEN=1"
    assert page.text == golden.read_text(encoding="utf-8")


def test_sample_headlines_stand_on_their_own_lines() -> None:
    lines = norm(SAMPLE.read_text(encoding="utf-8")).text.split("\n")
    # structure only (no names): no empty line, no line with a space at either end
    assert all(line and line == line.strip() for line in lines)
    bylines = [i for i, line in enumerate(lines) if line.startswith(("本报讯", "本报记者"))]
    assert len(bylines) == 9
    # every byline has a title line right above it, without body punctuation
    for i in bylines:
        assert not any(p in lines[i - 1] for p in "，。、")


# ------------------------------------------------------------------------------------------ behaviour


def test_joins_lines_broken_mid_sentence_and_split_dates() -> None:
    text = lines_of(
        ["河阳县总工会于", "9", "月", "25", "日召开会议，来自", "2009", "年以来的", "30", "名代表参加。"]
    )
    assert norm(text).text == "河阳县总工会于9月25日召开会议，来自2009年以来的30名代表参加。"


def test_rejoins_a_date_split_inside_full_width_digits_after_a_dateline() -> None:
    # a short 本报讯 line ending in the month and the day's first digit is no title of its own
    text = (
        "东坪区总工会走访困难职工\n"
        "　　本报讯　１０月２\n"
        "７日，东坪区总工会副主席韩秀英带队，走访了城西街道的十余户困难职工家庭，为他们送去米面\n"
        "油等慰问品。城西街道办事处主任祁向东陪同走访。\n"
    )
    page = norm(text)
    assert "本报讯10月27日，东坪区总工会" in page.text
    check_origin(page)
    # a masthead whose date runs over two lines is one line
    masthead = norm("青禾工人报　２０２６年３月\n１２日　星期四　第４版\n" + text)
    assert masthead.text.split("\n")[0] == "青禾工人报2026年3月12日星期四第4版"


def test_folds_full_width_digits_letters_and_space_per_character() -> None:
    page = norm("共有１６支队伍，ＡＢＣ公司，ｐｏｓ机　参赛。")
    assert page.text == "共有16支队伍，ABC公司，pos机参赛。"
    check_origin(page)
    # the map is 1:1 where nothing was dropped
    assert page.origin[2] == 2 and page.doc.text[2] == "１"


def test_drops_spaces_next_to_cjk_and_keeps_them_between_latin_words() -> None:
    page = norm("他说 ： “ 工会 要 办实事 ” ，Hello  world 来了")
    assert page.text == "他说：“工会要办实事”，Hello world来了"
    check_origin(page)


def test_keeps_a_space_inside_a_short_title_line() -> None:
    text = lines_of(
        [
            "扎根基层二十年 甘为群众当公仆",
            "江南区表彰一批基层干部",
            "本报讯（记者 洪大海）近日，",
            "江南区表彰了",
            "12",
            "名基层干部。",
        ]
    )
    lines = norm(text).text.split("\n")
    assert lines[0] == "扎根基层二十年 甘为群众当公仆"
    assert lines[1] == "江南区表彰一批基层干部"
    assert lines[2].startswith("本报讯（记者洪大海）近日，江南区表彰了12名基层干部。")


def test_paragraph_breaks_after_sentence_end_and_around_standalone_byline() -> None:
    text = lines_of(
        [
            "春雨润物细无声",
            "——记北岸镇卫生院医生",
            "本报记者 方明远",
            "北岸镇卫生院的医生每天早上",
            "七点就到岗。",
            "去年冬天，他们走访了全镇",
            "所有村庄。",
        ]
    )
    assert norm(text).text.split("\n") == [
        "春雨润物细无声",
        "——记北岸镇卫生院医生",
        "本报记者 方明远",
        "北岸镇卫生院的医生每天早上七点就到岗。",
        "去年冬天，他们走访了全镇所有村庄。",
    ]


def test_two_line_headline_is_one_line_and_subtitle_number_rejoins() -> None:
    text = lines_of(
        [
            "东湖区",
            "新建职工书屋二十家",
            "——记东湖区总工会第",
            "3",
            "期培训班",
            "本报记者 甘雨",
            "近来，东湖区总工会新建了一批",
            "职工书屋。",
        ]
    )
    lines = norm(text).text.split("\n")
    assert lines[:3] == ["东湖区新建职工书屋二十家", "——记东湖区总工会第3期培训班", "本报记者 甘雨"]


def test_blank_lines_are_paragraphs_when_they_are_rare() -> None:
    text = "第一段的第一行没有句号\n第一段的第二行也没有结束\n\n第二段从这里开始\n第二段结束。\n"
    assert norm(text).text == "第一段的第一行没有句号第一段的第二行也没有结束\n第二段从这里开始第二段结束。"


def test_unwrapped_text_keeps_each_line() -> None:
    text = "河西区举办职工运动会\r\n本月初，河西区举办职工运动会。\r\n运动会共设八个项目。\r\n"
    page = norm(text)
    assert page.text == "河西区举办职工运动会\n本月初，河西区举办职工运动会。\n运动会共设八个项目。"
    check_origin(page)


def test_indented_lines_start_paragraphs() -> None:
    text = (
        "　　第一段内容比较长，一直写到了这一行的末尾没有\n结束，直到这里。\n　　第二段，另起一行\n继续。\n"
    )
    assert (
        norm(text).text
        == "第一段内容比较长，一直写到了这一行的末尾没有结束，直到这里。\n第二段，另起一行继续。"
    )


def test_latin_words_across_a_line_break_keep_a_space() -> None:
    assert (
        norm(lines_of(["the union met", "again today, said", "Smith."])).text
        == "the union met again today, said Smith."
    )


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\x00", "\x00\x01\x1b\n\u3000\ufeff", "\r", "\r\n\r\n"])
def test_degenerate_inputs(text: str) -> None:
    page = norm(text)
    check_origin(page)
    assert page.text == ""


def test_control_characters_become_spaces_or_vanish() -> None:
    page = norm("ab\x00cd 工\x07会\x1b 开 会，好。")
    assert page.text == "ab cd工会开会，好。"
    check_origin(page)


_ALPHABET = list(
    "市总工会举办记者通讯员摄本报讯李王新和。，、：（）“”！？…——－ ·0123456789abcXYZ０１９ＡＺａｚ％．"
) + [
    " ",
    " ",
    "\u3000",
    "\t",
    "\n",
    "\n",
    "\r",
    "\x00",
    "\x07",
    "\x1b",
    "\u2028",
    "\ufeff",
    "\u200b",
    "\U00020001",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=200).map("".join))
def test_origin_invariants_hold_for_any_text(text: str) -> None:
    page = norm(text)
    check_origin(page)
    assert "\n\n" not in page.text
    assert page.text == page.text.strip(" \n")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_origin_invariants_hold_for_arbitrary_unicode(text: str) -> None:
    check_origin(norm(text))


def test_linear_time_on_a_long_single_line() -> None:
    unit = "本报讯 （记者某某）ＡＢＣ公司 今年 完成 产值 1200 万元。 "

    def timed(n: int) -> float:
        text = unit * n
        t = time.perf_counter()
        page = norm(text)
        elapsed = time.perf_counter() - t
        assert len(page.text) < len(text) and page.origin[-1] == len(text)
        return elapsed

    small, big = timed(3_000), timed(24_000)
    # 8x the input must cost far less than the 64x of a quadratic algorithm
    assert big < max(small, 0.01) * 24


def test_reporter_words_and_parentheses_inside_a_sentence_do_not_break_it() -> None:
    text = lines_of(
        [
            "会后，江城区总工会主席告诉",
            "记者了解到",
            "的情况属实，部分区直机关",
            "（事业单位）",
            "的工会主席参加了会议。",
        ]
    )
    assert (
        norm(text).text
        == "会后，江城区总工会主席告诉记者了解到的情况属实，部分区直机关（事业单位）的工会主席参加了会议。"
    )


def test_a_byline_whose_last_role_word_waits_for_its_name_goes_on_the_next_line() -> None:
    """``本报讯 记者A 通讯员`` / ``B 3月2日，…``: the wrap cut between the role word and its name; the
    line is no byline of its own (``通讯员`` is no name), so the two lines are one paragraph."""
    text = lines_of(
        [
            "南湖社区建起职工驿站",
            "　　本报讯　记者邱晓帆　通讯员",
            "戴振华　3月2日，南湖社区职工驿站",
            "正式启用。",
        ]
    )
    assert norm(text).text.split("\n") == [
        "南湖社区建起职工驿站",
        "本报讯记者邱晓帆通讯员戴振华3月2日，南湖社区职工驿站正式启用。",
    ]
