"""Extraction and linking on our own small pages (invented people, other cities), plus unit checks."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from kg.extract.dates import find_dates
from kg.extract.people import name_at
from kg.ingest import read_inputs
from kg.link import link
from kg.model import DateValue, Options
from kg.pipeline import process_document

PAGES = Path(__file__).parent / "pages" / "extract"
ROOT = Path(__file__).resolve().parent.parent


REGEN = os.environ.get("KG_REGEN_GOLDEN") == "1"
#: our own pages: laid-out .txt pages and .jsonl records (wire items with their issue date)
_PAGE_NAMES = sorted(p.name for p in [*PAGES.glob("*.txt"), *PAGES.glob("*.jsonl")])


def _write(tmp_path: Path, text: str, name: str = "p.txt") -> Path:
    """A test page of one's own, written into ``tmp_path``."""
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


def _run(path: Path, options: Options | None = None):
    options = options or Options()
    corpus = read_inputs([str(path)], options)
    results = [process_document(d, options) for d in corpus.documents]
    return results, link(results, options)


@pytest.mark.parametrize("page", _PAGE_NAMES)
def test_golden_page(page: str) -> None:
    results, linked = _run(PAGES / page)
    expected = (PAGES / page).with_suffix(".expected.json")
    got = _summary(linked)
    if REGEN:  # KG_REGEN_GOLDEN=1: rewrite, then review the diff by hand before committing
        expected.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    want = json.loads(expected.read_text(encoding="utf-8"))
    assert linked.home_city == want["home_city"]
    # exact entity set: a missing entity and a spurious or split one both fail
    assert sorted(e.key for e in linked.entities) == want["entities"]
    got_aliases = {e.key: list(e.aliases) for e in linked.entities if e.aliases}
    assert got_aliases == want["aliases"]
    facts = sorted(
        [f.subject, f.predicate, f.object or f.value] for f in linked.facts if f.predicate != "jobTitle"
    )
    assert facts == want["facts"]
    events = [
        dict(
            name=e.name,
            date=e.date.iso() if e.date else None,
            organizer=e.organizer,
            location=e.location,
            performers=list(e.performers),
            attendees=list(e.attendees),
            attendee_count=e.attendee_count,
            reports=len(e.reports),
        )
        for e in linked.events
    ]
    assert events == want["events"]
    assert got == want


def _summary(linked) -> dict:
    """What a golden page pins: home city, entities, aliases, facts (no job titles) and events."""
    return {
        "home_city": linked.home_city,
        "entities": sorted(e.key for e in linked.entities),
        "aliases": {e.key: list(e.aliases) for e in linked.entities if e.aliases},
        "facts": sorted(
            [f.subject, f.predicate, f.object or f.value] for f in linked.facts if f.predicate != "jobTitle"
        ),
        "events": [
            {
                "name": e.name,
                "date": e.date.iso() if e.date else None,
                "organizer": e.organizer,
                "location": e.location,
                "performers": list(e.performers),
                "attendees": list(e.attendees),
                "attendee_count": e.attendee_count,
                "reports": len(e.reports),
            }
            for e in linked.events
        ],
    }


@pytest.mark.parametrize("page", _PAGE_NAMES)
def test_spans_and_credits(page: str) -> None:
    results, linked = _run(PAGES / page)
    for r in results:
        for m in r.extraction.mentions:
            assert r.page.text[m.start : m.end] == m.text
        for ev in r.extraction.events:
            assert r.page.text[ev.start : ev.end] == ev.name
        credits = [c for a in r.segmented.articles for c in a.credits]
        credits += [c for cap in r.segmented.captions for c in cap.credits]
        assert credits
        for c in credits:
            assert linked.mention_entity[(r.page.doc.id, c.start, c.end, "Person")] == f"person/{c.name}"


def test_anaphora_and_ellipsis() -> None:
    results, linked = _run(PAGES / "county-meeting.txt")
    names = {(m.text, m.name) for m in results[0].extraction.mentions if m.type == "Organization"}
    assert ("县政府", "宜阳县政府") in names
    assert ("该县总工会", "宜阳县总工会") in names


def test_home_city_option_overrides_inference() -> None:
    _, linked = _run(PAGES / "union-training.txt", Options(home_city="郑州"))
    assert linked.home_city == "郑州市"
    assert "org/郑州市机械工程学会" in {e.key for e in linked.entities}


def test_issue_date_gives_the_year() -> None:
    _, linked = _run(PAGES / "hospital-clinic.txt", Options(issue_date="2021-09-10"))
    assert linked.events[0].date == DateValue(9, 9, 2021)


def test_dates() -> None:
    found = find_dates("10月11日上午，会后 2009年被评为", None)
    assert [(s, e) for s, e, _ in found] == [(0, 8), (12, 17)]
    assert found[0][2] == DateValue(10, 11, None)
    assert found[1][2].year == 2009
    assert find_dates("9月25日", 2013)[0][2].iso() == "2013-09-25"


def test_bare_days_take_the_month_of_the_reference_date() -> None:
    ref = DateValue(6, 17, 2021)
    found = find_dates("省协会16日在会上说，3日游、第5日、2月8日与9日", None, ref)
    assert [(s, e) for s, e, _ in found] == [(3, 6), (19, 23), (24, 26)]
    assert found[0][2] == DateValue(6, 16, 2021)
    assert found[2][2] == DateValue(6, 9, 2021)
    # a day well after the reference day is last month's (an issue of 1月3日 reporting 28日)
    assert find_dates("28日", None, DateValue(1, 3, 2022))[0][2] == DateValue(12, 28, 2021)
    assert find_dates("16日", None) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("主席王立平说", "王立平"),
        ("部长吴刚讲解了", "吴刚"),
        ("欧阳春晓表示", "欧阳春晓"),
        ("全部进行了调整", None),
        # a name character that could end a name, then a verb that follows names: three characters
        ("韩永先带领团队", "韩永先"),
        ("韩永先说", "韩永先"),
        # the character after a two-character name opens an idiom or a longer word
        ("柯然榜上有名", "柯然"),
        ("柯然脱颖而出", "柯然"),
        ("柯然表示", "柯然"),
        # a third character that would make a word with the verb after it (本部署)
        ("仇立本部署了任务", "仇立本"),
        ("仇立部署了任务", "仇立"),
    ],
)
def test_person_names(text: str, name: str | None) -> None:
    i = 2 if text.startswith(("主席", "部长")) else 0
    assert name_at(text, i) == name


def test_no_sample_names_in_rules() -> None:
    """Generic rules only: no person, organisation or event name of the sample page in our code."""
    gold = ROOT.parent / "shared" / "gold" / "jiaozuo-union-page.gold.json"
    if not gold.exists():
        pytest.skip("sample gold not available")
    data = json.loads(gold.read_text(encoding="utf-8"))
    # generic bodies and words the rules may well know (national bodies, 县政府, event head nouns)
    generic = {"中华全国总工会", "全国总工会", "红十字会", "县政府", "县委", "市总工会", "省总工会"}
    names = {n for e in data["entities"] if e["type"] != "Place" for n in [e["name"], *e["aliases"]]}
    names |= {n for ev in data["events"] for n in ev["names"] if len(n) >= 5}
    names -= generic
    files = [
        *sorted((ROOT / "kg" / "extract").glob("*.py")),
        ROOT / "kg" / "link.py",
        ROOT / "kg" / "gazetteer.py",
    ]
    files += sorted((ROOT / "kg" / "resources" / "lexicons").glob("*"))
    for f in files:
        text = f.read_text(encoding="utf-8")
        hits = [n for n in names if len(n) >= 3 and re.search(re.escape(n), text)]
        assert not hits, f"{f.name}: {hits}"


class _FakeNer:
    """Stands in for the CRF: fixed spans for one sentence, so the merge rules are tested alone."""

    def __init__(self, spans):
        self.spans = spans

    def predict(self, text):
        return [(s, e, t) for s, e, t in self.spans if e <= len(text)]


def test_ner_fills_gaps_on_short_documents(tmp_path, monkeypatch) -> None:
    import kg.extract as ex

    # a headline over two sentences: an article, where the rules win over the model
    text = "双方谈合作\n欧阳明远昨天在澜沧江畔会见了蓝鲸科技和株洲市总工会的客人。双方谈了合作。"

    def span(word, t):
        s = text.index(word)
        return (s, s + len(word), t)

    fake = _FakeNer(
        [
            span("欧阳明远", "Person"),
            span("澜沧江畔", "Place"),
            span("蓝鲸科技", "Organization"),
            span("株洲市总工", "Organization"),  # crosses the rules' 株洲市总工会: rules win
        ]
    )
    monkeypatch.setattr(ex, "_ner_model", lambda: fake)
    page = tmp_path / "one.jsonl"
    page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    results, linked = _run(page)
    got = {(m.text, m.type, m.source) for m in results[0].extraction.mentions}
    assert ("澜沧江畔", "Place", "ner") in got
    assert ("株洲市总工会", "Organization", "suffix") in got
    assert not any(t == "株洲市总工" for t, _, _ in got)
    # a model's place the gazetteer does not know is a mention, not a graph node
    keys = {e.key for e in linked.entities}
    assert ("蓝鲸科技", "Organization", "ner") in got
    assert "place/澜沧江畔" not in keys
    assert "org/蓝鲸科技" not in keys
    assert "org/株洲市总工会" in keys


def test_lone_sentence_takes_the_models_reading(tmp_path, monkeypatch) -> None:
    """One sentence alone: model spans are mentions even where the rules disagree or fail a name
    filter; rule spans the model does not support are no mentions (their facts stay)."""
    import kg.extract as ex

    text = "据悉，司马相宜与约翰在株洲市总工会大楼前会见了欧文，政府也派了人"

    def span(word, t):
        s = text.index(word)
        return (s, s + len(word), t)

    fake = _FakeNer(
        [
            span("约翰", "Person"),  # no name rule confirms it: a mention without a node
            span("株洲市总工会大楼", "Place"),  # around the rules' 株洲市总工会: the model's reading
            span("欧文", "Person"),
        ]
    )
    monkeypatch.setattr(ex, "_ner_model", lambda: fake)
    page = tmp_path / "one.jsonl"
    page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    results, linked = _run(page)
    got = {(m.text, m.type) for m in results[0].extraction.mentions if m.type != "Date"}
    assert ("约翰", "Person") in got
    assert ("株洲市总工会大楼", "Place") in got
    assert ("欧文", "Person") in got
    assert ("株洲市总工会", "Organization") not in got
    assert ("政府", "Organization") not in got  # a rule span the model does not support
    keys = {e.key for e in linked.entities}
    assert not any("约翰" in k for k in keys)
    # a snippet of two short sentences on one line reads the same way
    page.write_text(
        json.dumps({"id": "s1", "text": text + "。双方谈了合作。"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    results, _ = _run(page)
    got = {(m.text, m.type) for m in results[0].extraction.mentions}
    assert ("株洲市总工会", "Organization") not in got
    # the same text under a headline, or as a long paragraph: an article, the rules' body stays
    for article in (
        "会见客人\n" + text + "。双方谈了合作。",
        text + "。" + "双方谈了合作，也谈了明年的安排。" * 6,
    ):
        page.write_text(
            json.dumps({"id": "s1", "text": article}, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        results, _ = _run(page)
        got = {(m.text, m.type) for m in results[0].extraction.mentions}
        assert ("株洲市总工会", "Organization") in got


def test_lone_sentence_keeps_model_persons_inside_overruled_rule_spans(tmp_path, monkeypatch) -> None:
    """A rule span the model contradicts (X所在银行 read as a bank) hides none of the model's persons."""
    import kg.extract as ex

    text = "他从郑一平所在银行借了三十万元"
    s = text.index("郑一平")
    monkeypatch.setattr(ex, "_ner_model", lambda: _FakeNer([(s, s + 3, "Person")]))
    page = tmp_path / "one.jsonl"
    page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    results, _ = _run(page)
    got = {(m.text, m.type) for m in results[0].extraction.mentions}
    assert ("郑一平", "Person") in got
    assert not any(t == "Organization" for _, t in got)


def test_lone_sentence_the_model_finds_no_name_in_keeps_no_rule_span(tmp_path, monkeypatch) -> None:
    """A model that reads a lone sentence and finds no name there mutes the suffix grammar's common
    nouns (保险公司); with no model installed the rules' reading stays."""
    import kg.extract as ex

    text = "他们周末去保险公司办好了手续"
    page = tmp_path / "one.jsonl"
    page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(ex, "_ner_model", lambda: _FakeNer([]))
    results, _ = _run(page)
    assert not [m for m in results[0].extraction.mentions if m.type == "Organization"]
    monkeypatch.setattr(ex, "_ner_model", lambda: None)
    results, _ = _run(page)
    assert [m.text for m in results[0].extraction.mentions if m.type == "Organization"] == ["保险公司"]


def test_model_spans_lose_the_marks_at_their_edges(tmp_path, monkeypatch) -> None:
    """An unpaired bracket or quote, or a dangling joiner, at a model span's edge belongs to the text
    around the name: the mention starts and ends inside it (a paired one stays)."""
    import kg.extract as ex

    text = "据“海澜文旅局”透露，陈格·和（蓝湾书社）的人去了青石镇柳巷12号）一带"

    def span(word, t):
        s = text.index(word)
        return (s, s + len(word), t)

    fake = _FakeNer(
        [
            span("“海澜文旅局", "Organization"),
            span("陈格·", "Person"),
            span("（蓝湾书社）", "Organization"),
            span("柳巷12号）", "Place"),
        ]
    )
    monkeypatch.setattr(ex, "_ner_model", lambda: fake)
    page = tmp_path / "one.jsonl"
    page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    results, _ = _run(page)
    got = {m.text for m in results[0].extraction.mentions if m.type != "Date"}
    assert {"海澜文旅局", "陈格", "（蓝湾书社）", "柳巷12号"} <= got
    for m in results[0].extraction.mentions:
        assert text[m.start : m.end] == m.text


def test_lone_sentence_rule_org_that_extends_the_models_name(tmp_path, monkeypatch) -> None:
    """The model stops at a parent body or a brand (蓝湾银行 of 蓝湾银行信贷管理部, 青禾 of 青禾集团):
    the suffix grammar's whole name is the mention; a common word after the name (败局) is none."""
    import kg.extract as ex

    page = tmp_path / "one.jsonl"
    cases = [
        ("蓝湾银行零售信贷管理部副总经理说", "蓝湾银行", "蓝湾银行零售信贷管理部"),
        ("他说青禾集团高层开了会", "青禾", "青禾集团"),
        ("此时海鸥队败局已定", "海鸥队", "海鸥队"),
    ]
    for text, model_name, want in cases:
        s = text.index(model_name)
        monkeypatch.setattr(
            ex, "_ner_model", lambda s=s, n=model_name: _FakeNer([(s, s + len(n), "Organization")])
        )
        page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
        results, _ = _run(page)
        orgs = [m.text for m in results[0].extraction.mentions if m.type == "Organization"]
        assert want in orgs, (text, orgs)
        assert not any(o != want and want in o for o in orgs), (text, orgs)


def test_lone_sentence_model_names_a_body_by_its_suffix(tmp_path, monkeypatch) -> None:
    """A suffix alone (人大常委会) is no body of the rules'; in a lone sentence the model's reading of
    it as one is the mention (no graph node); with no model there is none."""
    import kg.extract as ex

    text = "他多次到人大常委会反映情况"
    s = text.index("人大常委会")
    page = tmp_path / "one.jsonl"
    page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(ex, "_ner_model", lambda: _FakeNer([(s, s + 5, "Organization")]))
    results, linked = _run(page)
    got = [(m.text, m.source) for m in results[0].extraction.mentions if m.type == "Organization"]
    assert got == [("人大常委会", "ner")]
    assert not any(e.type == "Organization" for e in linked.entities)
    monkeypatch.setattr(ex, "_ner_model", lambda: None)
    results, _ = _run(page)
    assert not [m for m in results[0].extraction.mentions if m.type == "Organization"]


def test_lone_sentence_keeps_full_division_names_the_model_left(tmp_path, monkeypatch) -> None:
    """Where the model tags nothing, a division printed by its full name (株洲市) is still a place; a
    short form (株洲) or one inside an organisation's name (株洲市总工会) is not."""
    import kg.extract as ex

    monkeypatch.setattr(ex, "_ner_model", lambda: _FakeNer([]))
    page = tmp_path / "one.jsonl"
    for text, want in [
        ("我们上周去了株洲市参观", ["株洲市"]),
        ("我们上周去了株洲参观", []),
        ("我们上周去了株洲市总工会参观", []),
    ]:
        page.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
        results, _ = _run(page)
        got = [m.text for m in results[0].extraction.mentions if m.type in ("Place", "Organization")]
        assert got == want, (text, got)


def test_ner_is_not_run_on_long_pages(monkeypatch) -> None:
    import kg.extract as ex

    calls = []
    monkeypatch.setattr(ex, "_ner_model", lambda: calls.append(1) or _FakeNer([]))
    _run(next((ROOT / "corpus").glob("*.txt")))
    assert not calls


def _facts(linked) -> set[tuple[str, str, str | None]]:
    return {(f.subject, f.predicate, f.object or f.value) for f in linked.facts}


def test_gai_ju_names_a_bureau_or_nothing() -> None:
    """该局 is the nearest 局 before it, never a 县委 of the same kind; with no 局 it resolves to nothing."""
    _, linked = _run(PAGES / "bureau-anaphor.txt")
    facts = _facts(linked)
    assert ("person/姚振东", "headOf", "org/苍溪县人力资源和社会保障局") in facts
    assert not any(s == "person/伍丰年" and p in ("headOf", "memberOf") for s, p, _ in facts)
    assert ("person/车立言", "memberOf", "org/屏山县委") in facts  # 该委: the 县委


def test_participants_by_what_they_do() -> None:
    _, linked = _run(PAGES / "signing-ceremony.txt")
    (ev,) = linked.events
    # 出席仪式并讲话, 在仪式上介绍, 带队: performers; 也参加了仪式: an attendee
    assert set(ev.performers) == {"person/章立群", "person/冯建平", "person/施乐天"}
    assert "person/韦思远" in ev.attendees


def test_a_plain_jieshao_is_a_source_not_a_performer() -> None:
    _, linked = _run(PAGES / "bureau-anaphor.txt")
    assert all("person/姚振东" not in e.performers for e in linked.events)
    _, linked = _run(PAGES / "sanitation-visit.txt")
    assert all("person/卢小溪" not in e.performers for e in linked.events)


def test_headline_event_takes_the_date_of_the_body() -> None:
    """Headline 兴化市总工会慰问环卫工人; body ５月１日，兴化市总工会主席…带领…来到…: one dated event."""
    _, linked = _run(PAGES / "sanitation-visit.txt")
    (ev,) = linked.events
    assert ev.name == "慰问环卫工人" and ev.date == DateValue(5, 1, None)
    assert ev.organizer == "org/兴化市总工会" and ev.performers == ("person/蒋文博",)


def test_role_words_of_other_bodies_and_enumerated_honours() -> None:
    """董事长/校长/站长/队长/所长/馆长 head the body named before them; 甲、乙等N人被评为 gives each the honour."""
    _, linked = _run(PAGES / "awards-and-roles.txt")
    facts = _facts(linked)
    for person, org in [
        ("付国栋", "江西赣丰建材有限公司"),
        ("晏清华", "丰城市第二中学"),
        ("邹明亮", "丰城市农技推广站"),
        ("喻长风", "丰城市消防救援大队"),
        ("卜小虎", "资兴市公安局城东派出所"),
        ("罗一鸣", "崇州市文化馆"),
    ]:
        assert (f"person/{person}", "headOf", f"org/{org}") in facts
    for person in ("付国栋", "晏清华", "邹明亮", "喻长风"):
        assert (f"person/{person}", "award", "劳动模范") in facts
    signing = next(e for e in linked.events if e.name.endswith("签约仪式"))
    assert set(signing.performers) == {"person/汪子墨", "person/葛思源"}


def test_leading_a_visit_and_attending_and_the_union_of_the_hospital() -> None:
    """该院院长X带队 and 工会主席Y带领…来到 lead (performers), Z参加活动 attends, 医院工会 is the hospital's."""
    _, linked = _run(PAGES / "rural-clinic.txt")
    (ev,) = linked.events
    assert set(ev.performers) == {"person/彭致远", "person/钟玉兰"}
    assert "person/胡晓光" in ev.attendees
    facts = _facts(linked)
    assert ("person/钟玉兰", "headOf", "org/汨罗市人民医院工会") in facts
    assert ("org/汨罗市人民医院工会", "parentOrganization", "org/汨罗市人民医院") in facts


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("8月1日，长兴县总工会慰问高温下坚守岗位的交警。", []),  # 的: a description, not the act's name
        ("开展救助是长兴县总工会帮扶送温暖工程的重要组成部分。", []),
        ("长兴县总工会发放慰问品。", []),
        ("8月1日，长兴县总工会慰问一线交警。", ["慰问一线交警"]),
    ],
)
def test_a_visit_is_an_event_only_as_verb_and_short_object(tmp_path, sentence, names) -> None:
    page = tmp_path / "one.txt"
    page.write_text(sentence + "\n", encoding="utf-8")
    _, linked = _run(page)
    assert [e.name for e in linked.events if e.name.startswith(("慰问", "帮扶"))] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a short form after a place is the full name; a bare one is the full-named body named before
        ("衡阳市人社局召开会议。", ["衡阳市人力资源和社会保障局"]),
        ("衡阳市人力资源和社会保障局局长说，人社局将加强培训。", ["衡阳市人力资源和社会保障局"] * 2),
        # a bare short form with no full name before it stays as printed
        ("人社局将加强培训。", ["人社局"]),
    ],
)
def test_short_forms_of_government_bodies(text: str, names: list[str]) -> None:
    from kg.extract.entities import find_orgs, find_places
    from kg.extract.text import Unit

    unit = Unit("d", 0, None, 0, text)
    unit.tokenize()
    assert [o.name for o in find_orgs(unit, find_places(unit))] == names


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        ("来自双溪镇、石塘乡和白关街道的代表", ["双溪镇", "石塘乡", "白关街道"]),
        ("茶陵县城关镇的居民", ["城关镇"]),
        # common words and counts are no townships
        ("回到家乡，城乡居民走进特色小镇，全县18个乡镇和城市街道", []),
    ],
)
def test_townships_by_their_suffix(text: str, towns: list[str]) -> None:
    from kg.extract.entities import find_places, find_towns
    from kg.extract.text import Unit

    unit = Unit("d", 0, None, 0, text)
    unit.tokenize()
    assert [t.name for t in find_towns(unit, find_places(unit), [])] == towns


def test_passive_event_and_its_opening_in_a_caption() -> None:
    """由A主办、B协办的第N届X节在Y开幕: one event for headline, body and the caption's 开幕式."""
    results, linked = _run(PAGES / "festival-opening.txt")
    ev = next(e for e in linked.events if e.name.endswith("读书节"))
    assert ev.organizer == "org/涪城区总工会"  # the district form of 绵阳市涪城区总工会
    texts = sorted((m.text, m.caption) for m in ev.mentions)
    assert ("开幕式", 0) in texts and len(texts) == 3
    # a co-organiser (协办) is not the organiser; an attending company is no actor of the next sentence
    assert all(e.organizer != "org/涪城区文化广电旅游局" for e in linked.events)
    assert all(e.organizer != "org/长虹电子公司" for e in linked.events)


def test_prefecture_and_district_body_is_the_district_body() -> None:
    """X市Y区总工会, Y区总工会 and 区总工会 are one node named by the district form (Y in X by the gazetteer)."""
    _, linked = _run(PAGES / "district-union.txt")
    orgs = {e.key: e for e in linked.entities if e.type == "Organization"}
    assert set(orgs["org/吴兴区总工会"].aliases) == {"湖州市吴兴区总工会", "区总工会"}
    assert "org/湖州市吴兴区总工会" not in orgs and "org/湖州市长兴县总工会" not in orgs
    assert "org/湖州市总工会" in orgs  # the prefecture's own body stays
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("org/长兴县总工会", "location", "place/长兴县") in facts


def test_sub_units_and_their_heads() -> None:
    """X局Y所Z班班长A: the 所 under the 局, the 班 under the 所; A heads the 班 and is a member of the 所;
    该所所长B heads the 所; 上班, 所以, 会议室 and 培训班 are no sub-units."""
    _, linked = _run(PAGES / "grid-team.txt")
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    unit, team = "org/泸州供电局输电管理所", "org/泸州供电局输电管理所带电作业班"
    assert (unit, "parentOrganization", "org/泸州供电局") in facts
    assert (team, "parentOrganization", unit) in facts
    assert ("person/罗志强", "headOf", team) in facts and ("person/罗志强", "memberOf", unit) in facts
    assert ("person/冯建明", "headOf", unit) in facts
    orgs = sorted(e.key for e in linked.entities if e.type == "Organization")
    assert orgs == ["org/泸州供电局", unit, team]


def test_party_post_before_union_post_and_declared_opening() -> None:
    """区委常委、区总工会主席X宣布运动会开幕: X heads the district's union, is a member of its 区委 and
    performs the event (the declaration is no event of its own)."""
    _, linked = _run(PAGES / "games-declared-open.txt")
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("person/黄立新", "headOf", "org/鹿城区总工会") in facts
    assert ("person/黄立新", "memberOf", "org/鹿城区委") in facts
    (ev,) = linked.events
    assert ev.performers == ("person/黄立新",) and ev.attendee_count == 1200
    assert ev.location == "org/鹿城区体育馆"


def test_one_meeting_in_headline_body_and_side_note() -> None:
    """Headline and body name one 推进会 in two wordings (same organiser, date, head noun): one event, the
    body's fuller name canonical; a 侧记's subtitle and its 在<date>召开的X上 are mentions of it."""
    _, linked = _run(PAGES / "meeting-side-note.txt")
    (ev,) = linked.events
    assert ev.name == "全市厂务公开民主管理工作推进会" and ev.aliases == ("职工代表大会工作推进会",)
    assert sorted(m.article for m in ev.mentions) == [0, 0, 1, 1]
    assert ev.organizer == "org/德阳市总工会" and len(ev.reports) == 2


def test_gathering_heads() -> None:
    from kg.extract.lexicons import gathering_head

    assert gathering_head("全市工作推进会") == gathering_head("职工代表大会工作推进会") == "推进会"
    assert gathering_head("送清凉活动") is None  # a deed, too wide to join two events by


def test_hotels_and_halls_after_zai_are_venues() -> None:
    """在X饭店/X会议中心/X人民会堂/X广场 + trigger: the venue is a body and the event's location, not the
    city its name starts with."""
    _, linked = _run(PAGES / "venues.txt")
    locs = {e.name: e.location for e in linked.events}
    assert locs["职工技能竞赛表彰会"] == "org/柳州饭店"
    assert locs["全市工会干部培训班"] == "org/龙城国际会议中心"
    assert locs["职工书画展"] == "org/柳北区人民会堂"
    assert locs["普法宣传活动"] == "org/五星广场"


def test_collective_union_nouns_are_no_names() -> None:
    """市直产业工会, 各县区总工会, 80余名企业工会, 行业工会, 各基层工会: kinds of body, not bodies; a body
    whose own name starts with such a word (产业园区管委会) stays."""
    _, linked = _run(PAGES / "collective-unions.txt")
    orgs = sorted(e.key for e in linked.entities if e.type == "Organization")
    assert orgs == ["org/九江市产业园区管委会", "org/九江市总工会"]


def test_relative_days_read_against_the_reference_date() -> None:
    ref = DateValue(3, 1, 2024)
    found = find_dates("昨天上午，前天，今天，昨日", None, ref)
    assert [(s, e) for s, e, _ in found] == [(0, 4), (5, 7), (8, 10), (11, 13)]
    assert [v for _, _, v in found] == [
        DateValue(2, 29, 2024),
        DateValue(2, 28, 2024),
        DateValue(3, 1, 2024),
        DateValue(2, 29, 2024),
    ]
    assert find_dates("昨天", None, DateValue(1, 1, None))[0][2] == DateValue(12, 31, None)
    assert find_dates("昨天", None) == [] and find_dates("昨天", None, DateValue(3, None, 2024)) == []


def test_yesterday_is_the_day_before_the_dateline_not_the_issue(tmp_path) -> None:
    page = _write(
        tmp_path,
        "海宁市举办职工运动会\n\n本报海宁4月9日讯　记者　容若水　实习生　贝小满　昨天，"
        "海宁市总工会在市体育中心举办职工运动会，300余名职工参加。\n",
    )
    results, linked = _run(page, Options(issue_date="2024-04-11"))
    (art,) = results[0].segmented.articles
    assert [(c.name, c.role) for c in art.credits] == [("容若水", "author"), ("贝小满", "contributor")]
    (ev,) = linked.events
    assert ev.date == DateValue(4, 8, 2024)
    _, linked = _run(page)  # no issue date: the dateline's month and day still hold
    assert linked.events[0].date == DateValue(4, 8, None)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a long modifier with a verb between the place and 工会联合会 / 工会: the name starts at the place
        ("嘉兴市新就业形态劳动者工会联合会成立。", ["嘉兴市新就业形态劳动者工会联合会"]),
        ("近日，南湖区快递行业工会联合会成立。", ["南湖区快递行业工会联合会"]),
        ("近日，南湖区快递行业工会走访网点。", ["南湖区快递行业工会"]),
        # a bare 联合会 after it is that federation
        (
            "嘉兴市新就业形态劳动者工会联合会成立，骑手代表伍思远当选联合会主席。",
            ["嘉兴市新就业形态劳动者工会联合会"] * 2,
        ),
        ("骑手代表伍思远当选联合会主席。", []),
        # no place before it: the modifier back to a governing verb or a kind of body (全市)
        ("推动成立新就业形态劳动者工会联合会。", ["新就业形态劳动者工会联合会"]),
        ("全市新就业形态劳动者工会联合会成立。", ["新就业形态劳动者工会联合会"]),
        (
            "嘉兴市新就业形态劳动者工会联合会成立。新就业形态劳动者工会联合会将开展培训。",
            ["嘉兴市新就业形态劳动者工会联合会"] * 2,
        ),
        # a verb that governs the union is no part of its name
        ("南湖区组织快递行业工会干部走访网点。", []),
    ],
)
def test_unions_with_a_long_modifier(text: str, names: list[str]) -> None:
    from kg.extract.entities import find_orgs, find_places
    from kg.extract.text import Unit

    unit = Unit("d", 0, None, 0, text)
    unit.tokenize()
    assert [o.name for o in find_orgs(unit, find_places(unit))] == names


def test_a_verb_and_union_work_is_no_organisation(tmp_path, monkeypatch) -> None:
    """从事工会工作: a model span starting inside the verb (事工会) is dropped; a real one stays."""
    import kg.extract as ex

    text = "他从事工会工作十余年，曾在星河纺织厂工作。"
    a, b = text.index("事工会"), text.index("星河纺织厂")
    spans = [(a, a + 3, "Organization"), (b, b + 5, "Organization")]
    monkeypatch.setattr(ex, "_ner_model", lambda: _FakeNer(spans))
    page = _write(tmp_path, text + "\n")
    _, linked = _run(page)
    orgs = sorted(e.key for e in linked.entities if e.type == "Organization")
    assert orgs == ["org/星河纺织厂"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("乐清电气工会开展技能比武\n乐清市电气行业工会近日开展技能比武。", ["乐清市电气行业工会"] * 2),
        ("乐清市电气行业工会近日开展技能比武。乐清电气工会负责人说。", ["乐清市电气行业工会"] * 2),
        # a headline the suffix grammar cannot read (快递 is a verb): found by the body's name
        ("乐清快递工会走访一线快递员\n乐清市快递行业工会近日走访快递网点。", ["乐清市快递行业工会"] * 2),
        # another place, or another rest, is another body
        (
            "永嘉电气工会开展技能比武\n乐清市电气行业工会近日开展技能比武。",
            ["永嘉电气工会", "乐清市电气行业工会"],
        ),
        (
            "乐清五金工会开展技能比武\n乐清市电气行业工会近日开展技能比武。",
            ["乐清五金工会", "乐清市电气行业工会"],
        ),
    ],
)
def test_a_headline_short_form_is_the_body_named_in_full(text: str, names: list[str]) -> None:
    from kg.extract.entities import find_orgs, find_places
    from kg.extract.text import Unit

    unit = Unit("d", 0, None, 0, text, (text.index("\n") + 1,) if "\n" in text else ())
    unit.tokenize()
    assert [o.name for o in find_orgs(unit, find_places(unit, frozenset({"乐清", "永嘉"})))] == names


def test_a_models_headline_short_form_is_the_body_named_in_full(tmp_path) -> None:
    """The model finds the headline's 平阳快递工会 (快递 is a verb to the rules): the body's full name."""
    page = _write(
        tmp_path,
        "平阳快递工会走访一线快递员\n\n平阳县快递行业工会近日组织工会干部走访快递网点，"
        "为一线快递员送去防寒用品。\n",
    )
    _, linked = _run(page)
    orgs = {e.key: list(e.aliases) for e in linked.entities if e.type == "Organization"}
    assert orgs == {"org/平阳县快递行业工会": ["平阳快递工会"]}


@pytest.mark.parametrize(
    ("tail", "head_node"),
    [("该行将继续支持小微企业。", False), ("中国建设银行近年来一直支持小微企业。", True)],
)
def test_a_head_bank_named_only_inside_its_branch_is_no_node(tmp_path, tail: str, head_node: bool) -> None:
    page = _write(
        tmp_path,
        "建行丽水分行支持小微企业\n\n本报讯（记者 阮清和）3月6日，中国建设银行丽水分行与莲都区总工会签订"
        f"合作协议。{tail}\n",
    )
    _, linked = _run(page)
    keys = {e.key for e in linked.entities}
    assert "org/中国建设银行丽水分行" in keys
    assert ("org/中国建设银行" in keys) == head_node
    parent = ["org/中国建设银行丽水分行", "parentOrganization", "org/中国建设银行"]
    assert (parent in [[f.subject, f.predicate, f.object] for f in linked.facts]) == head_node


def test_a_page_header_carries_no_entities(tmp_path) -> None:
    page = _write(
        tmp_path,
        "2024年5月8日　星期三\n\n第６版　工会·职工　编辑　戚晓岚\n\n平阳县总工会举办职工运动会\n\n"
        "本报讯（记者 阮清和）5月6日，平阳县总工会举办职工运动会，300余名职工参加。\n",
    )
    results, linked = _run(page)
    assert sorted(e.key for e in linked.entities if e.type != "Place") == [
        "org/平阳县总工会",
        "person/阮清和",
    ]
    header_end = results[0].page.text.index("平阳县总工会举办")
    assert not [m for m in results[0].extraction.mentions if m.start < header_end]


def _unit_facts(text: str) -> list[tuple[str, str, str]]:
    from kg.extract.entities import find_orgs, find_places
    from kg.extract.people import find_people
    from kg.extract.text import Unit

    unit = Unit("d", 0, None, 0, text)
    unit.tokenize()
    orgs = find_orgs(unit, find_places(unit))
    people = find_people(unit, orgs, [])
    return sorted((f.subject, f.predicate, f.org.name) for f in people.facts if f.org is not None)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "江西省总工会劳动和经济工作部副部长伍思远到场观摩。",
            [
                ("伍思远", "memberOf", "江西省总工会"),
                ("伍思远", "memberOf", "江西省总工会劳动和经济工作部"),
            ],
        ),
        (
            "江西省总工会权益保障部部长伍思远到场观摩。",
            [("伍思远", "headOf", "江西省总工会权益保障部"), ("伍思远", "memberOf", "江西省总工会")],
        ),
        # the department after a post of the body and a 、
        ("江西省总工会副主席、劳动和经济工作部部长伍思远出席。", [("伍思远", "memberOf", "江西省总工会")]),
        ("江西省总工会党组成员、权益保障部部长伍思远出席。", [("伍思远", "memberOf", "江西省总工会")]),
        # 干部 is no department
        ("江西省总工会组织女职工干部伍思远等人参加。", []),
    ],
)
def test_a_member_of_a_department_is_a_member_of_its_body(text: str, facts) -> None:
    assert _unit_facts(text) == facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "抚州市快递行业工会联合会成立，骑手代表章立行当选联合会首任主席。",
            [("章立行", "headOf", "抚州市快递行业工会联合会")],
        ),
        (
            "抚州市快递行业工会联合会成立，快递员吕舟当选为联合会主席。",
            [("吕舟", "headOf", "抚州市快递行业工会联合会")],
        ),
        (
            "抚州市快递行业工会联合会成立，快递员吕舟被推选为联合会主席。",
            [("吕舟", "headOf", "抚州市快递行业工会联合会")],
        ),
        # a deputy is a member; no body after 当选, no fact
        (
            "抚州市快递行业工会联合会成立，快递员吕舟当选联合会副主席。",
            [("吕舟", "memberOf", "抚州市快递行业工会联合会")],
        ),
        ("抚州市快递行业工会联合会成立，快递员吕舟当选为优秀会员。", []),
    ],
)
def test_elected_chair_heads_the_body(text: str, facts) -> None:
    assert _unit_facts(text) == facts


def test_who_unveils_or_is_elected_takes_part_in_the_event(tmp_path) -> None:
    page = _write(
        tmp_path,
        "抚州市快递行业工会联合会成立\n\n本报讯（记者 伍清扬）5月6日，抚州市快递行业工会联合会成立大会"
        "在抚州市职工服务中心召开。快递员吕舟当选联合会首任主席。抚州市总工会副主席邬海波为联合会揭牌。\n",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert sorted(ev.performers) == ["person/吕舟", "person/邬海波"]


def test_yesterday_without_a_dated_dateline_is_the_day_before_the_issue(tmp_path) -> None:
    page = _write(
        tmp_path,
        "海宁市举办职工运动会\n\n本报讯（记者 容若水）昨天，海宁市总工会在市体育中心举办职工运动会，"
        "300余名职工参加。\n",
    )
    _, linked = _run(page, Options(issue_date="2024-04-11"))
    assert linked.events[0].date == DateValue(4, 10, 2024)
    _, linked = _run(page)  # no reference date at all: no date
    assert linked.events[0].date is None


@pytest.mark.parametrize(
    ("short", "full", "same"),
    [
        ("渭钢集团", "渭南钢铁集团有限公司", True),
        ("渭钢集团工会", "渭南钢铁集团有限公司工会", True),
        ("渭钢公司", "渭南钢铁有限公司", True),
        # another body: another first character, another head noun, a sub-unit after the legal form
        ("华钢集团", "渭南钢铁集团有限公司", False),
        ("渭钢集团", "渭南钢铁集团有限公司第二分公司", False),
        ("渭钢集团工会", "渭南钢铁集团有限公司", False),
        ("渭化集团", "渭南钢铁集团有限公司", False),
        ("渭南钢铁集团有限公司", "渭南钢铁集团有限公司", False),
    ],
)
def test_a_company_abbreviation_and_its_full_name(short: str, full: str, same: bool) -> None:
    from kg.extract.entities import abbreviates

    assert abbreviates(short, full) is same


def test_abbreviated_group_and_bare_group_are_the_full_company_and_its_union(tmp_path) -> None:
    page = _write(
        tmp_path,
        "渭钢集团工会开展安全生产竞赛\n\n"
        "本报讯（记者 宁远舟）3月2日，渭南钢铁集团有限公司工会召开安全生产竞赛推进会，集团所属8家单位的"
        "职工代表参加会议。集团工会主席仇立本讲话。\n",
    )
    results, linked = _run(page)
    orgs = sorted(e.key for e in linked.entities if e.type == "Organization")
    assert orgs == ["org/渭南钢铁集团有限公司", "org/渭南钢铁集团有限公司工会"]
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("person/仇立本", "headOf", "org/渭南钢铁集团有限公司工会") in facts
    names = {(m.text, m.name) for m in results[0].extraction.mentions if m.type == "Organization"}
    assert ("集团", "渭南钢铁集团有限公司") in names
    assert ("渭钢集团工会", "渭南钢铁集团有限公司工会") in names


@pytest.mark.parametrize(
    ("sentence", "performer"),
    [
        ("3月2日，常德市总工会召开安全生产竞赛动员会。市总工会主席仇立本部署了竞赛任务。", "person/仇立本"),
        ("3月2日，常德市总工会召开安全生产竞赛动员会。市总工会主席仇立本作动员讲话。", "person/仇立本"),
        ("3月2日，常德市总工会召开安全生产竞赛动员会，市总工会副主席仇立本主持会议。", "person/仇立本"),
    ],
)
def test_who_deploys_or_mobilises_at_a_meeting_takes_part(tmp_path, sentence: str, performer: str) -> None:
    page = _write(tmp_path, f"本报讯（记者 宁远舟）{sentence}\n")
    _, linked = _run(page)
    (ev,) = linked.events
    assert ev.name == "安全生产竞赛动员会"
    assert performer in ev.performers


def test_the_body_an_organiser_joins_with_takes_part(tmp_path) -> None:
    """A联合B，为…开展义诊: A organises, B takes part (not the organiser, not dropped)."""
    page = _write(
        tmp_path,
        "本报讯（记者 宁远舟）3月2日，常德市总工会联合常德市第二人民医院，为120名快递员开展免费义诊。\n",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert ev.organizer == "org/常德市总工会"
    assert ev.attendees == ("org/常德市第二人民医院",) or list(ev.attendees) == ["org/常德市第二人民医院"]


@pytest.mark.parametrize("ner", [True, False])
def test_bank_short_forms_are_the_bank_named_in_full(monkeypatch, ner: bool) -> None:
    """建行 (headline) and 建行X分行 beside 中国建设银行X分行: the head bank and the one branch, whether
    the model reads the short forms (a short page) or the rules alone (a long page)."""
    import kg.extract as ex

    if not ner:
        monkeypatch.setattr(ex, "NER_MAX_CHARS", 0)
    results, linked = _run(PAGES / "partner-clinic.txt")
    keys = {e.key for e in linked.entities}
    assert "org/中国建设银行昭通分行" in keys and "org/中国建设银行" in keys
    assert not any("建行" in k for k in keys)
    names = {(m.text, m.name) for m in results[0].extraction.mentions if m.type == "Organization"}
    assert ("建行昭通分行", "中国建设银行昭通分行") in names and ("建行", "中国建设银行") in names


@pytest.mark.parametrize(
    ("lead", "organizer"),
    [
        ("在常德市总工会指导下，", "org/常德市总工会"),
        ("由常德市总工会主办的", "org/常德市总工会"),
        ("", "org/常德市快递行业工会联合会"),
    ],
)
def test_a_founding_meeting_is_convened_by_its_guide_or_the_new_body(tmp_path, lead, organizer) -> None:
    page = _write(
        tmp_path,
        f"本报讯（记者 宁远舟）3月2日，{lead}常德市快递行业工会联合会成立大会在常德市职工服务中心召开。\n",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert ev.name == "常德市快递行业工会联合会成立大会"
    assert ev.organizer == organizer


def test_a_photo_supplied_by_the_union_names_it_and_credits_no_one() -> None:
    results, linked = _run(PAGES / "steel-group-union.txt")
    r = results[0]
    (cap,) = r.segmented.captions
    assert cap.span.text.startswith("图为竞赛动员会现场") and cap.credits == () and cap.article == 0
    in_caption = {(m.text, m.name) for m in r.extraction.mentions if m.caption == cap.index}
    assert ("曲钢集团工会", "曲靖钢铁集团有限公司工会") in in_caption
    assert not [m for m in r.extraction.mentions if m.type == "Person" and m.caption is not None]
    # the section label 要闻 carries no mention and is no part of the headline
    label = r.page.text.index("要闻")
    assert not [m for m in r.extraction.mentions if m.start <= label < m.end]


@pytest.mark.parametrize(
    ("lead", "agency", "place"),
    [
        ("新华社开罗3月2日电", "新华社", "开罗"),  # a city abroad: no gazetteer entry
        ("据中新社温哥华5月9日电", "中新社", "温哥华"),
        ("新华社兰州4月7日电", "新华社", "兰州市"),  # the gazetteer names the place in full
        ("本报兰州4月7日讯", None, "兰州市"),  # 本报 is no body
    ],
)
def test_a_wire_dateline_names_its_agency_and_place(tmp_path, lead, agency, place) -> None:
    page = _write(tmp_path, f"{lead}（记者 戚云峰）当地工会组织4日举办职工运动会，300多名职工参加。\n")
    results, linked = _run(page)
    mentions = results[0].extraction.mentions
    text = results[0].page.text
    assert all(text[m.start : m.end] == m.text for m in mentions)
    orgs = {m.name for m in mentions if m.type == "Organization" and m.source == "dateline"}
    places = {m.name for m in mentions if m.type == "Place" and m.source == "dateline"}
    assert orgs == ({agency} if agency else set())
    assert places == {place}


def test_a_suffix_alone_names_no_body(tmp_path) -> None:
    """各级政府 / 向公司申请: a kind of body, not one; a named body still is one."""
    page = _write(
        tmp_path,
        '{"id": "a", "text": "各级政府加大了投入，职工可以向公司申请补助。"}\n'
        '{"id": "b", "text": "岚皋县政府和岚皋县总工会开展慰问活动。"}\n',
        "p.jsonl",
    )
    results, linked = _run(page)
    orgs = {m.text for r in results for m in r.extraction.mentions if m.type == "Organization"}
    assert "政府" not in orgs and "公司" not in orgs
    assert "岚皋县总工会" in orgs


def test_a_caption_speaker_performs_in_the_articles_event(tmp_path) -> None:
    page = _write(
        tmp_path,
        "技能报告会走进园区\n\n本报讯（记者 卢文杰）5月12日，滨江区总工会在滨江区职工服务中心举办技能报告会，"
        "200余名职工参加。\n\n图为车间主任邹国强在报告会上发言。　记者　邹晴　摄\n",
    )
    results, linked = _run(page)
    events = [e for e in linked.events]
    assert len(events) == 1
    assert "person/邹国强" in {p for p in events[0].performers}


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # the head of a street office whose name jieba cuts into single characters (尚 an adverb)
        ("。马尚街道办事处主任祁向东陪同走访。", [("祁向东", "headOf", "马尚街道办事处")]),
        ("城西街道办事处主任祁向东陪同调研。", [("祁向东", "headOf", "城西街道办事处")]),
        # a manager right after the company heads it; a project manager is a member
        ("邢台恒远建材有限公司经理郝春林出席。", [("郝春林", "headOf", "邢台恒远建材有限公司")]),
        ("邢台恒远建材有限公司项目经理郝春林出席。", [("郝春林", "memberOf", "邢台恒远建材有限公司")]),
        ("邢台恒远建材有限公司副经理郝春林出席。", [("郝春林", "memberOf", "邢台恒远建材有限公司")]),
        # an office the rules do not read between the body and the post: a member of the body
        ("邀请邢台市总工会经审办主任苗佳怡授课。", [("苗佳怡", "memberOf", "邢台市总工会")]),
        # a law firm's lawyer is a member of the firm
        (
            "邀请河北正衡律师事务所律师晏子墨讲解劳动合同法。",
            [("晏子墨", "memberOf", "河北正衡律师事务所")],
        ),
        # a bare 工会 after a post in the company (a list of posts): the company's union
        (
            "3月2日，邢台恒远建材有限公司工会举办技能比武。公司党委副书记、工会主席郝春林宣布比武开始。",
            [("郝春林", "headOf", "邢台恒远建材有限公司工会")],
        ),
        (
            "3月2日，邢台恒远建材有限公司举办技能比武。公司党委副书记、工会主席郝春林宣布比武开始。",
            [("郝春林", "headOf", "邢台恒远建材有限公司工会")],
        ),
        # a company post before the union's: a member of the company too; the bare 公司 is the
        # company the article is about (named twice), not a contestant's named once after it
        (
            "5月6日，国网柳江供电公司举办抢修竞赛，该公司12支队伍参赛。国网鹿寨县供电公司选手覃小勇获第一名。"
            "公司副总经理、工会主席樊建伟颁奖。",
            [
                ("樊建伟", "headOf", "国网柳江供电公司工会"),
                ("樊建伟", "memberOf", "国网柳江供电公司"),
                ("覃小勇", "memberOf", "国网鹿寨县供电公司"),
            ],
        ),
        # A在X公司工作/上班: staff of X; an adjective in the brand (精密) stays inside the name
        (
            "11月3日，来自贵州的装配工杨秀梅在惠州德赛精密电器有限公司工作了3年。",
            [("杨秀梅", "memberOf", "惠州德赛精密电器有限公司")],
        ),
        (
            "11月3日，焊工陈立国一直在江门市恒达精密机械有限公司上班。",
            [("陈立国", "memberOf", "江门市恒达精密机械有限公司")],
        ),
    ],
)
def test_heads_and_members_named_after_their_body(text: str, facts) -> None:
    assert _unit_facts(text) == facts


def test_generic_body_readings_on_a_page_of_our_own(tmp_path) -> None:
    """陪同慰问 takes part; 区委党校 names no 区委; 第三届委员会 is no body; A联合B举办 is two bodies; a
    union's province comes from its company's name and is not the union's location."""
    page = _write(
        tmp_path,
        "陇南工人报　２０２６年１０月\n２２日　星期四　第３版\n\n"
        "武都区总工会慰问环卫工人\n\n"
        "　　本报讯　１０月２\n０日，武都区总工会副主席冉秋菊带队，走访慰问了城关街道的４０余名环卫工人，"
        "为他们送去棉衣等慰问品。城关街道办事处主任宁海涛陪同慰问。（记者　钟雨桐）\n\n"
        "成县举办工会干部培训班\n\n"
        "　　本报讯　１０月１９日，成县总工会联合县司法局在县委党校举办工会干部培训班，"
        "８０名基层工会干部参加培训。甘肃陇源矿业有限公司工会主席严立夫介绍经验。"
        "大会选举产生了成县总工会第三届委员会。（通讯员　牟小琴）\n",
    )
    results, linked = _run(page)
    keys = sorted(e.key for e in linked.entities)
    assert "org/武都区总工会" in keys and "org/成县总工会" in keys and "org/成县司法局" in keys
    assert not [k for k in keys if k.endswith(("县委", "委员会")) or "联合" in k], keys
    visit = next(ev for ev in linked.events if "慰问" in ev.name)
    assert "person/宁海涛" in (*visit.performers, *visit.attendees)
    assert visit.date is not None and (visit.date.month, visit.date.day) == (10, 20)
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("person/宁海涛", "headOf", "org/城关街道办事处") in facts
    assert not [f for f in facts if f[0] == "org/甘肃陇源矿业有限公司工会" and f[1] == "location"]


@pytest.mark.parametrize(
    "masthead", ["星期三　2026年4月22日", "天水日报　2026年4月22日", "2026.4.22　星期三"]
)
def test_a_masthead_date_is_no_events_date(tmp_path, masthead: str) -> None:
    page = _write(
        tmp_path,
        masthead + "\n\n秦州区召开职工代表大会\n\n本报记者　牛雅琴\n\n"
        "　　日前，秦州区总工会召开第二届职工代表大会，１２０名代表参加会议。区总工会主席何永强作工作报告。\n",
    )
    _, linked = _run(page)
    assert linked.events and all(ev.date is None for ev in linked.events)


def test_a_long_training_phrase_keeps_its_last_words_as_the_event(tmp_path) -> None:
    page = _write(
        tmp_path,
        "本报讯（通讯员 雷小娟）6月5日，秦安县总工会在秦安县职业中专开展农民工电子商务技能培训，"
        "60名农民工参加培训。\n",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert ev.name == "电子商务技能培训"
    assert ev.organizer == "org/秦安县总工会"


def test_a_municipality_is_the_home_of_its_districts_pages(tmp_path: Path) -> None:
    """天津市's districts have no prefecture above them: a page naming them is a 天津市 page, and its
    市总工会 is 天津市总工会 (河东区 is also a district of 临沂市: a shared name casts no vote)."""
    page = _write(
        tmp_path,
        "南开区举办职工羽毛球赛\n\n本报讯　5月6日，南开区总工会举办职工羽毛球赛，120名职工参赛。"
        "市总工会副主席霍青山出席开幕式。\n\n"
        "河西区总工会慰问环卫工人\n\n本报讯　5月7日，河西区总工会、河东区总工会走访慰问环卫工人。\n",
    )
    _results, linked = _run(page)
    assert linked.home_city == "天津市"
    keys = {e.key for e in linked.entities}
    assert "org/天津市总工会" in keys and "place/天津市" in keys
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("place/南开区", "containedInPlace", "place/天津市") in facts
    assert ("place/河东区", "containedInPlace", "place/天津市") in facts


def test_a_district_name_two_cities_share_lies_in_the_home_city(tmp_path: Path) -> None:
    """和平区 is a district of 沈阳市 and of 天津市: on a page of 沈阳市's districts it is 沈阳市's."""
    page = _write(
        tmp_path,
        "和平区总工会开展送清凉活动\n\n本报讯　7月2日，和平区总工会为一线户外劳动者送去防暑用品。"
        "皇姑区总工会、沈河区总工会同日开展送清凉活动。\n",
    )
    _results, linked = _run(page)
    assert linked.home_city == "沈阳市"
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("place/和平区", "containedInPlace", "place/沈阳市") in facts
    assert "place/天津市" not in {e.key for e in linked.entities}


def test_a_division_whose_name_opens_with_a_count_word_names_its_union(tmp_path: Path) -> None:
    """万全区总工会 (jieba reads 万 + 全区): 万 is a count word where a body name stops, but here it
    opens a division's full name, and the union is that division's."""
    page = _write(
        tmp_path,
        "万全区总工会举办职工篮球赛\n\n本报讯　8月3日，万全区总工会举办职工篮球赛，16支球队参赛。"
        "万全区总工会副主席龚如海到场观赛。\n",
    )
    _results, linked = _run(page)
    keys = {e.key for e in linked.entities}
    assert "org/万全区总工会" in keys and "org/全区总工会" not in keys
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("org/万全区总工会", "location", "place/万全区") in facts
    assert ("person/龚如海", "memberOf", "org/万全区总工会") in facts


@pytest.mark.parametrize("trade", ["育婴员", "养老护理员", "网格员"])
def test_a_frontline_trade_after_its_employer_makes_a_member(tmp_path: Path, trade: str) -> None:
    """X院育婴员Y, X中心养老护理员Y: care and community trades are worker roles like 保洁员; the
    person after one belongs to the body named right before it."""
    page = _write(
        tmp_path,
        "临夏市举办家政技能比武\n\n本报讯　9月5日，临夏市总工会举办家政技能比武。"
        f"临夏市妇幼保健院{trade}马雪莲获得一等奖。\n",
    )
    _results, linked = _run(page)
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("person/马雪莲", "memberOf", "org/临夏市妇幼保健院") in facts


@pytest.mark.parametrize("district", ["", "鼓楼区"])
def test_a_bare_office_after_a_street_committee_post_is_that_streets_office(
    tmp_path: Path, district: str
) -> None:
    """X街道党工委副书记、办事处主任Y: the bare 办事处 is X街道's office, and its 主任 Y heads it."""
    page = _write(
        tmp_path,
        "鼓楼区举办社区工会主席培训班\n\n本报讯　3月12日，鼓楼区总工会举办社区工会主席培训班。"
        f"{district}安泰街道党工委副书记、办事处主任柯雨桐出席开班仪式。\n",
    )
    _results, linked = _run(page)
    office = f"org/{district}安泰街道办事处"
    assert office in {e.key for e in linked.entities}
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("person/柯雨桐", "headOf", office) in facts


@pytest.mark.parametrize("district", ["", "仓山区"])
def test_the_street_an_office_is_named_after_is_a_place(tmp_path: Path, district: str) -> None:
    """金山街道办事处副主任Y: the only mention of 金山街道 is inside its office's name; it is a place
    all the same (after the district printed before it too)."""
    page = _write(
        tmp_path,
        "仓山区总工会慰问困难职工\n\n本报讯　1月20日，仓山区总工会副主席薛明远、"
        f"{district}金山街道办事处副主任郑小禾走访慰问了困难职工。\n",
    )
    _results, linked = _run(page)
    keys = {e.key for e in linked.entities}
    assert "place/金山街道" in keys and f"org/{district}金山街道办事处" in keys


def test_a_street_union_lies_in_its_street(tmp_path: Path) -> None:
    """临江街道工会 / 城门镇总工会: a union named after a street or township is located there, whether
    the text names the street elsewhere or only in the union's name."""
    page = _write(
        tmp_path,
        "仓山区基层工会开展送清凉\n\n本报讯　7月8日，临江街道工会为辖区环卫工人送去绿豆汤。"
        "城门镇总工会同日走访了3家建筑工地，临江街道的20名快递员也领到了防暑用品。\n",
    )
    _results, linked = _run(page)
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert ("org/临江街道工会", "location", "place/临江街道") in facts
    assert ("org/城门镇总工会", "location", "place/城门镇") in facts


def test_winners_listed_with_their_employers_all_perform_in_the_contest(tmp_path: Path) -> None:
    """甲公司电工A、乙医院护士B、丙分获…一等奖: every listed winner is a performer of the contest, not
    only the one named right before the win."""
    page = _write(
        tmp_path,
        "临夏州职工技能大赛落幕\n\n本报讯　10月9日，临夏州总工会举办的全州职工技能大赛落幕。"
        "临夏宏达建材有限公司电工马国庆、临夏市人民医院护士韩雪梅、杨小川分获3个项目一等奖。\n",
    )
    _results, linked = _run(page)
    (ev,) = [e for e in linked.events if e.name.endswith("大赛")]
    assert {"person/马国庆", "person/韩雪梅", "person/杨小川"} <= set(ev.performers)


def test_an_official_who_comes_to_watch_takes_part(tmp_path: Path) -> None:
    """区应急管理局局长Y到场观赛: being there to watch the contest is taking part in it."""
    page = _write(
        tmp_path,
        "七里河区举办安全知识竞赛\n\n本报讯　6月12日，七里河区总工会举办安全生产知识竞赛，"
        "10支代表队参赛。区应急管理局局长祁文忠到场观赛。\n",
    )
    _results, linked = _run(page)
    (ev,) = linked.events
    assert "person/祁文忠" in set(ev.attendees) | set(ev.performers)


def test_a_deputy_district_head_keeps_the_post_before_the_comma() -> None:
    """区委常委、常务副区长X: a deputy (not 区长), a member of the 区委 named before the comma; the 区委
    is where X holds a post, no body attending the event X speaks at."""
    _, linked = _run(PAGES / "deputy-district-head.txt")
    facts = _facts(linked)
    assert ("person/蒲志强", "memberOf", "org/雁江区委") in facts
    assert ("person/蒲志强", "jobTitle", "常务副区长") in facts
    assert ("person/蒲志强", "jobTitle", "区长") not in facts
    assert not any(s == "person/蒲志强" and p == "headOf" for s, p, _ in facts)
    (ev,) = linked.events
    assert "person/蒲志强" in ev.performers and "org/雁江区委" not in ev.attendees


def test_money_handed_out_is_no_event(tmp_path) -> None:
    """发放救助金, 慰问金、补助金, 奖金: sums of money (金) handed out, not events."""
    page = _write(
        tmp_path,
        "德阳市总工会为困难职工送温暖\n\n"
        "本报讯（记者 严冬梅）1月10日，德阳市总工会向120名困难职工发放救助金36万元。"
        "市总工会副主席蒋立新说，今年还将发放慰问金、补助金和助学金。获奖职工每人领取奖金2000元。\n",
    )
    _, linked = _run(page)
    assert not [ev.name for ev in linked.events if ev.name.endswith("金")]
    # one named handout to a counted group is the day's act
    page = _write(
        tmp_path,
        "本报讯 近日，广汉市总工会为50名环卫工人发放了一次性困难补助金。\n",
        "q.txt",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert (ev.name, ev.organizer, ev.attendee_count) == ("一次性困难补助金", "org/广汉市总工会", 50)


def test_event_names_hold_quotation_marks_in_pairs() -> None:
    """开展“安康杯竞赛”: the event noun ends inside the quotes; the name (and so every alias) starts after
    the mark it would leave unpaired. 新都区总工会: the 新 of a place's name is no generic 新."""
    _, linked = _run(PAGES / "quoted-headline.txt")
    names = [n for ev in linked.events for n in (ev.name, *ev.aliases)]
    assert "安康杯竞赛" in names and "职工学法讲座" in names, names
    for n in names:
        for a, b in ("“”", "《》"):
            assert n.count(a) == n.count(b), n
    keys = {e.key for e in linked.entities}
    assert "org/新都区总工会" in keys and "org/都区总工会" not in keys
    # the headline's 安康杯竞赛 and the body's 安康杯安全生产知识竞赛 (竞赛 / 知识竞赛): one contest
    assert len([ev for ev in linked.events if ev.organizer == "org/金牛区总工会"]) == 1


def test_co_organisers_of_a_host_clause(tmp_path) -> None:
    """由A主办，B承办，C协办的X (and 本届比赛由A主办，B承办，C协办。 after the report): A organises, B and C
    co-organise (kg:coOrganizer); a body that only guides (指导) does not."""
    import rdflib

    from kg import pipeline, shacl

    _, linked = _run(PAGES / "co-organisers.txt")
    co = {ev.name: (ev.organizer, set(ev.co_organizers)) for ev in linked.events}
    assert co["2026年绵竹市职工焊工技能大赛"] == (
        "org/绵竹市总工会",
        {"org/绵竹市人力资源和社会保障局", "org/四川剑南机械有限公司"},
    )
    assert co["什邡市第五届职工篮球赛"] == (
        "org/什邡市总工会",
        {"org/什邡市文化广播电视和旅游局", "org/四川蓥峰化工有限公司"},
    )
    pipeline.build([str(PAGES / "co-organisers.txt")], Options(outdir=str(tmp_path)))
    g = rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")
    co_organizer = rdflib.URIRef("https://kg.example.org/ontology#coOrganizer")
    assert len(set(g.subject_objects(co_organizer))) == 4
    data = shacl.load_union(str(tmp_path / "graph.ttl"))
    assert shacl.check(data)[0]
    ev = next(iter(g.subjects(co_organizer, None)))
    data.add((ev, co_organizer, rdflib.URIRef("https://kg.example.org/person/严冬梅")))
    assert not shacl.check(data)[0]  # the shape: a co-organiser is an organisation


def test_a_workplace_union_is_located_through_its_workplace() -> None:
    """长沙市第四医院工会: the city in its name is the hospital's; the union has no location of its own
    (its parent organisation has), while a bureau's union and a district's own union keep theirs."""
    _, linked = _run(PAGES / "hospital-union.txt")
    facts = _facts(linked)
    assert ("org/长沙市第四医院工会", "parentOrganization", "org/长沙市第四医院") in facts
    assert ("org/长沙市第四医院", "location", "place/长沙市") in facts
    assert not [f for f in facts if f[0] == "org/长沙市第四医院工会" and f[1] == "location"]
    assert ("org/岳麓区卫生健康局工会", "location", "place/岳麓区") in facts  # a bureau's: the district's
    _, linked = _run(PAGES / "district-union.txt")
    assert any(p == "location" and s.endswith("总工会") for s, p, _ in _facts(linked))


def test_who_sets_out_the_work_takes_part(tmp_path) -> None:
    """县总工会主席X作工作部署: X speaks at the meeting (a performer), like 作交流发言."""
    page = _write(
        tmp_path,
        "罗江区总工会召开工会工作推进会\n\n本报讯 3月9日，罗江区总工会召开2026年工会工作推进会，"
        "全区40家企业工会主席参加会议。区总工会主席钟玉林作工作部署，德阳三星电缆有限公司工会主席"
        "庞建业作交流发言。\n",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert {"person/钟玉林", "person/庞建业"} <= set(ev.performers)


def test_joint_hosts_before_a_modified_quoted_name() -> None:
    """由A、区B联合主办，C承办的2026年船山区“安康杯”X: the host clause ends at the 的 before the year and
    place that open the name (A organises, B and C co-organise); C, an unknown brand cut into single
    characters after its province (四川/岷/齐/锂能), is named in full."""
    _, linked = _run(PAGES / "joint-hosts.txt")
    (ev,) = linked.events
    assert ev.organizer == "org/船山区总工会"
    assert set(ev.co_organizers) == {"org/船山区应急管理局", "org/四川岷齐锂能有限公司"}
    assert "org/锂能有限公司" not in {e.key for e in linked.entities}
    assert ev.location == "org/船山区文化馆"  # 在区文化馆: the district's own venue, named by the bare 区


def test_a_handout_ceremony_keeps_its_verb(tmp_path) -> None:
    """参加了发放仪式: the event is the 发放仪式, not a bare 仪式 (发放 is no trigger of its own noun)."""
    page = _write(
        tmp_path,
        "本报讯 近日，安岳县总工会为86名环卫工人发放防暑用品，县人社局有关负责人参加了发放仪式。\n",
    )
    _, linked = _run(page)
    names = [ev.name for ev in linked.events]
    assert "发放仪式" in names and "仪式" not in names, names


def test_bureaus_listed_after_a_placed_one_share_its_place(tmp_path) -> None:
    """该市人社局、民政局 and X市教育局、财政局: each listed bureau is the city's, located in it."""
    page = _write(
        tmp_path,
        "本报讯 近日，广汉市总工会联合广汉市教育局、财政局开展金秋助学活动。"
        "该市人社局、民政局有关负责人参加了发放仪式。\n",
    )
    _, linked = _run(page)
    keys = {e.key for e in linked.entities}
    for bureau in ("教育局", "财政局", "人力资源和社会保障局", "民政局"):
        assert f"org/广汉市{bureau}" in keys, keys
    assert not keys & {"org/民政局", "org/财政局"}
    assert ("org/广汉市民政局", "location", "place/广汉市") in _facts(linked)


def test_a_committee_department_after_its_post(tmp_path) -> None:
    """县委常委、组织部部长X出席会议并讲话: 组织部 is the 县委's department (X heads it, a member of the
    县委); 组织 in 组织部 starts no event; the 县委 does not attend through its own official; a model
    worker who 为师生讲述 a story performs at the activity."""
    page = _write(
        tmp_path,
        "乐至县表彰一批“最美职工”\n\n本报讯（通讯员 闵晓东）5月15日，乐至县总工会召开“最美职工”表彰大会，"
        "对20名“最美职工”进行表彰。县委常委、组织部部长芮志平出席会议并讲话。\n\n"
        "安岳县开展劳模进校园活动\n\n本报讯 5月18日，安岳县总工会在安岳中学开展“劳模进校园”活动。"
        "全国劳动模范邝永福为300余名师生讲述奋斗故事。\n",
    )
    _, linked = _run(page)
    facts = _facts(linked)
    assert ("org/乐至县委组织部", "parentOrganization", "org/乐至县委") in facts
    assert ("person/芮志平", "headOf", "org/乐至县委组织部") in facts
    assert ("person/芮志平", "memberOf", "org/乐至县委") in facts
    assert "org/组织部" not in {e.key for e in linked.entities}
    assert not [ev.name for ev in linked.events if "部长" in ev.name]
    award = next(ev for ev in linked.events if ev.name.endswith("表彰大会"))
    assert "person/芮志平" in award.performers and "org/乐至县委" not in award.attendees
    visit = next(ev for ev in linked.events if ev.name.endswith("活动"))
    assert "person/邝永福" in visit.performers


def test_a_union_bringing_relief_in_summer_is_an_event(tmp_path) -> None:
    """东兴区总工会送清凉进工地 (送清凉, 送温暖: a union's visit with gifts): an event it organises."""
    page = _write(
        tmp_path,
        "东兴区总工会送清凉进工地\n\n本报讯（记者 敖春燕）8月10日，东兴区总工会主席冷建国带领工会干部"
        "走进施工现场，为200余名一线建筑工人送去防暑降温用品。\n",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert (ev.name, ev.organizer) == ("送清凉进工地", "org/东兴区总工会")
    assert "person/冷建国" in ev.performers


def test_plans_are_no_events_and_the_federation_needs_a_word_start(tmp_path) -> None:
    """下一步将开展X / 计划举办X: a plan, no event held; 全总 names the federation only at a word's start
    (not inside 安全总监), and still does where it opens a clause."""
    body = (
        "汉滨区开展安全培训\n\n本报讯 6月3日，汉滨区总工会举办安全生产培训班，80余名职工参加。"
        "恒达建材有限公司安全总监柯文斌表示，公司计划举办应急演练，下一步将开展安全知识竞赛。"
    )
    _, linked = _run(_write(tmp_path, body + "\n", "a.txt"))
    names = [ev.name for ev in linked.events]
    assert any(n.endswith("培训班") for n in names)
    assert not [n for n in names if n.endswith(("演练", "竞赛"))]
    assert "org/全国总工会" not in {e.key for e in linked.entities}
    assert ("person/柯文斌", "memberOf", "org/恒达建材有限公司") in _facts(linked)
    _, linked = _run(_write(tmp_path, body + "全总有关负责人肯定了这一做法。\n", "b.txt"))
    assert "org/全国总工会" in {e.key for e in linked.entities}


def test_only_a_modal_with_adverbs_before_the_trigger_is_a_plan(tmp_path) -> None:
    """将 of a disposal (将X送到/发放), 计划 inside a body's name (计划生育协会) and 将 inside a street's
    name (将军路) are no plan: those clauses still report an event held; 将于…举办 and 还将继续开展 are plans."""
    body = (
        "丰都县多家单位开展活动\n\n本报讯 7月9日，丰都县计划生育协会举办家庭健康知识讲座，60余名群众参加。"
        "同日，县总工会在将军路广场举办职工象棋比赛。县文联将于下月举办摄影比赛，还将继续开展送文化下乡活动。\n"
    )
    _, linked = _run(_write(tmp_path, body, "a.txt"))
    names = [ev.name for ev in linked.events]
    assert any(n.endswith("讲座") for n in names), names
    assert any(n.endswith("象棋比赛") for n in names), names
    assert not [n for n in names if n.endswith(("摄影比赛", "下乡活动"))], names


@pytest.mark.parametrize(
    ("body", "bare", "role", "name"),
    [
        ("梧州市第二人民医院", "医院", "院长", "岑德厚"),
        ("苍梧县第一中学", "学校", "校长", "欧阳春"),
        ("广西岭南茶业有限公司", "公司", "经理", "植国威"),
    ],
)
def test_a_bare_body_noun_before_a_head_role_is_the_body_named_before(
    tmp_path: Path, body: str, bare: str, role: str, name: str
) -> None:
    """区总工会主席A、医院院长B: the bare 医院 (学校, 公司) opening a list item is the body the article
    named before it, and B heads it; with no such body named before, B heads nothing."""
    text = (
        f"万秀区总工会与{body}签订合作协议\n\n本报讯　4月2日，万秀区总工会与{body}举行合作协议签约仪式。"
        f"区总工会主席梁文斌、{bare}{role}{name}分别代表双方签约。\n"
    )
    _results, linked = _run(_write(tmp_path, text))
    facts = {(f.subject, f.predicate, f.object) for f in linked.facts}
    assert (f"person/{name}", "headOf", f"org/{body}") in facts
    assert ("person/梁文斌", "headOf", "org/万秀区总工会") in facts
    [event] = linked.events
    assert {f"person/{name}", "person/梁文斌"} <= set(event.performers)
    # the same sentence where no such body was named before: no antecedent rather than a wrong one
    other = tmp_path / "other"
    other.mkdir()
    text = f"万秀区总工会举行签约仪式\n\n本报讯　4月2日，万秀区总工会举行签约仪式。区总工会主席梁文斌、{bare}{role}{name}出席。\n"
    _results, linked = _run(_write(other, text))
    assert not [f for f in linked.facts if f.subject == f"person/{name}" and f.predicate == "headOf"]


@pytest.mark.parametrize("venue", ["鸳江路人才市场", "西江人力资源市场", "区人才市场", "市会展中心"])
def test_a_job_market_or_exhibition_centre_is_the_events_venue(tmp_path: Path, venue: str) -> None:
    """在X人才市场 (人力资源市场, 会展中心, 区人才市场) 举办招聘会: the venue is the event's location."""
    page = _write(
        tmp_path,
        f"长洲区举办招聘会\n\n本报讯　4月9日，长洲区人力资源和社会保障局在{venue}举办春风行动招聘会，"
        "吸引1500余名求职者进场。\n",
    )
    _results, linked = _run(page)
    [event] = linked.events
    assert event.location is not None
    loc = event.location.removeprefix("org/")
    assert loc.endswith(venue.removeprefix("区").removeprefix("市"))


@pytest.mark.parametrize("verb", ["到现场察看招聘情况", "到现场指导", "现场查看招聘情况", "来到现场督导"])
def test_a_leader_who_comes_to_look_takes_part(tmp_path: Path, verb: str) -> None:
    """副区长A到现场察看…: a leader who comes to the event to look at it takes part in it (as 到场观赛)."""
    page = _write(
        tmp_path,
        "长洲区举办招聘会\n\n本报讯　4月9日，长洲区人力资源和社会保障局在鸳江路人才市场举办春风行动招聘会，"
        f"吸引1500余名求职者进场。长洲区副区长邝永年{verb}。\n",
    )
    _results, linked = _run(page)
    [event] = linked.events
    assert "person/邝永年" in set(event.attendees) | set(event.performers)


def test_whole_prefecture_is_no_county_but_the_county_in_full_is(tmp_path) -> None:
    """全州 reads "the whole prefecture" (全州职工), not Guangxi's 全州县, unless the page names 全州县."""
    page = tmp_path / "p.txt"
    page.write_text(
        "标题\n\n　　10月3日，恩施土家族苗族自治州总工会举办全州职工篮球赛，全州8个县市派队参赛。\n",
        encoding="utf-8",
    )
    _, linked = _run(page)
    assert "place/全州县" not in {e.key for e in linked.entities}
    page.write_text(
        "标题\n\n　　10月3日，全州县总工会举办职工篮球赛。全州各乡镇派队参赛。\n", encoding="utf-8"
    )
    results, linked = _run(page)
    assert [m.text for m in results[0].extraction.mentions if m.type == "Place" and m.name == "全州县"] == [
        "全州县",
        "全州",
    ]


def test_street_named_after_a_city_with_a_direction(tmp_path) -> None:
    """济南西路街道 (a street of another city named after 济南): the street, not the city."""
    page = tmp_path / "p.txt"
    page.write_text("标题\n\n　　10月3日，市北区总工会在济南西路街道开展义诊活动。\n", encoding="utf-8")
    _, linked = _run(page)
    keys = {e.key for e in linked.entities}
    assert "place/济南西路街道" in keys and "place/济南市" not in keys


def test_the_masthead_date_dates_bare_and_relative_days(tmp_path) -> None:
    """No --issue-date: the date printed above the first article is what 昨日, 本月28日 and a bare 27日
    are read against (without its year, as month-days are); a range's end day (14日至15日) is none."""
    page = _write(
        tmp_path,
        "江门日报\n2026年11月30日　星期一　第4版\n\n"
        "新会区开设职工夜校\n\n　　本月28日晚，新会区总工会职工夜校在新会区职工服务中心开班。\n"
        "　　昨日，新会区总工会召开座谈会。\n\n"
        "台山市举办技能竞赛\n\n　　27日，台山市总工会举办焊工技能竞赛。\n"
        "　　11月14日至15日，台山市总工会举办工会干部培训班。\n",
    )
    results, linked = _run(page)
    dates = sorted(
        (e.name, e.date.month, e.date.day, e.date.year)
        for r in results
        for e in r.extraction.events
        if e.date
    )
    assert ("新会区总工会职工夜校", 11, 28, None) in dates
    assert ("座谈会", 11, 29, None) in dates
    assert ("焊工技能竞赛", 11, 27, None) in dates
    assert ("工会干部培训班", 11, 14, None) in dates


def test_a_handout_after_what_it_holds_is_the_article_event(tmp_path) -> None:
    """为N名X送上装有…的“Y”: the quoted thing names the handout; the body opening the sentence holds it,
    where 在 says, for the people counted; a sum of money in quotes is none."""
    page = _write(
        tmp_path,
        "株洲日报\n2026年1月8日　星期四　第2版\n\n荷塘区总工会为快递员\n送上“爱心包”\n\n"
        "　　近日，荷塘区总工会联合荷塘区邮政管理局，在月塘街道为80名快递员送上装有护膝、围巾、暖宝宝的“爱心包”。\n"
        "　　据了解，区总工会还将为困难快递员送去“500元”。\n",
    )
    results, linked = _run(page)
    evs = [e for r in results for e in r.extraction.events]
    assert [(e.name.strip("“”"), e.organizer.name, e.location.name, e.attendee_count) for e in evs] == [
        ("爱心包", "荷塘区总工会", "月塘街道", 80)
    ]


def test_a_township_before_a_county_named_body_is_where_the_body_is() -> None:
    """埠河镇公安县X有限公司的A: a name runs from the larger division down, so the body (the model's span
    too) is named from the county on and the township is a place of its own; A, named right after the
    body (的), is its staff, as is B in B是X公司的钳工; 比赛在X举行: the contest's venue in a sentence of
    its own; A作工会工作报告 (a name jieba cut into characters): 作 is the report's verb, no 菊作工会."""
    _, linked = _run(PAGES / "township-before-county-body.txt")
    keys = {e.key for e in linked.entities}
    assert {"org/公安县丰禾农机制造有限公司", "place/埠河镇"} <= keys
    assert not any(k.startswith("org/埠河镇") or k.endswith("作工会") for k in keys)
    facts = _facts(linked)
    assert ("person/曾庆国", "memberOf", "org/公安县丰禾农机制造有限公司") in facts
    assert ("person/向德明", "memberOf", "org/公安县江汉渔具有限公司") in facts
    assert ("person/陈秋菊", "headOf", "org/衡东县吴集镇湘衡陶瓷有限公司工会") in facts
    contest = next(ev for ev in linked.events if ev.name.endswith("竞赛"))
    assert contest.location == "org/公安县职工文化活动中心"


def test_a_send_campaign_headline_names_the_handout_below_it() -> None:
    """X总工会为环卫工人送清凉 over 走进Y公司，为150余名环卫工人送去凉茶…: the handout is the headline's
    送清凉, held at Y for 150 (full-width digits), by X; a later plan (将继续开展“送清凉”活动) is no event."""
    _, linked = _run(PAGES / "send-campaign-handout.txt")
    (ev,) = linked.events
    assert (ev.name, ev.organizer, ev.location, ev.attendee_count) == (
        "送清凉",
        "org/阆中市总工会",
        "org/阆中市保宁环境服务有限公司",
        150,
    )


def test_a_named_send_campaign_takes_the_handouts_venue_and_count(tmp_path) -> None:
    """X开展“送温暖”活动 (headline) and 走进Y公司，为80名困难职工送去米面油: the campaign is the handout,
    so it is held at Y for 80 (the thing handed out makes no event of its own)."""
    page = _write(
        tmp_path,
        "乐陵市总工会开展“送温暖”活动\n\n"
        "　　本报讯（通讯员　杨立新）1月8日，乐陵市总工会走进乐陵市杨安镇调味品有限公司，"
        "为８０名困难职工送去米面油等慰问品。\n",
    )
    _, linked = _run(page)
    (ev,) = linked.events
    assert (ev.organizer, ev.location, ev.attendee_count, ev.date.iso()) == (
        "org/乐陵市总工会",
        "org/乐陵市杨安镇调味品有限公司",
        80,
        "--01-08",
    )


def test_dotted_and_unsurnamed_names_and_a_photo_news_item() -> None:
    """X公司的A·B获得…: a name whose parts a · joins is a person's with no post before it, but not a
    page's column (城市·民生) nor a title in quotes (“匠心·筑梦”); 古丽扎尔 (主播, a new post) and
    其其格乌兰 (到会…) are names of words with no family name; 春耕一线见闻 over a credited caption alone
    is a photo news item of its own, not the last line of the article above."""
    results, linked = _run(PAGES / "dotted-names-and-photo-news.txt")
    people = {e.key for e in linked.entities if e.type == "Person"}
    assert {"person/吐尔逊·阿不力孜", "person/其其格乌兰", "person/古丽扎尔"} <= people
    assert not any("民生" in k or "筑梦" in k for k in people)
    facts = _facts(linked)
    assert ("person/吐尔逊·阿不力孜", "memberOf", "org/库车市天山建材有限公司") in facts
    assert ("person/古丽扎尔", "memberOf", "org/库车市丝路电子商务有限公司") in facts
    seg = results[0].segmented
    first, photo_news = seg.articles
    assert photo_news.headline.text == "春耕一线见闻" and "见闻" not in first.body.text
    (cap,) = seg.captions
    assert cap.article == photo_news.index and [(c.name, c.role) for c in cap.credits] == [
        ("周海燕", "photographer")
    ]


def test_a_visit_at_home_a_bare_head_before_a_post_and_a_speaker_who_draws_on_his_life() -> None:
    """走访慰问了Y镇12户困难职工家庭 (under a headline visit): where and for how many; 在困难职工A家中: A
    takes part; 服务站律师A: the station the article named, A its lawyer; 在X产业园举办: a park is a
    venue; A结合自身经历，讲述了…: A speaks at the talk."""
    _, linked = _run(PAGES / "visit-homes-and-bare-heads.txt")
    visit = next(ev for ev in linked.events if ev.name.startswith("走访慰问"))
    assert (visit.location, visit.attendee_count, visit.attendees) == ("place/安阳镇", 12, ("person/蒙文光",))
    facts = _facts(linked)
    assert ("person/邵建平", "memberOf", "org/鸡冠区总工会职工法律服务站") in facts
    talk = next(ev for ev in linked.events if ev.name == "劳模宣讲会")
    assert (talk.location, talk.performers) == ("org/鸡冠区电子商务产业园", ("person/田志远",))


def test_a_prize_list_with_employers_and_a_writer_credited_with_her_body() -> None:
    """一等奖：A（X公司）；B（Y医院）: winners named after their prize, each of the body in brackets; a
    bureau with a long body (X县文化广电新闻出版旅游局), a centre named for what it does (就业创业服务中心),
    a training base of a town (X镇职工技能实训基地, where the contest took place); 厨师长A现场示范…: a
    chef who demonstrates performs; （作者单位：X总工会 A）: A wrote the article; 开展“春风行动”: an event."""
    results, linked = _run(PAGES / "prize-list-and-unit-credit.txt")
    facts = _facts(linked)
    assert ("person/汪春燕", "memberOf", "org/黟县徽韵民宿管理有限公司") in facts
    assert ("person/胡德胜", "memberOf", "org/黟县人民医院") in facts
    assert ("person/程建国", "memberOf", "org/黄山徽府餐饮有限公司") in facts
    keys = {e.key for e in linked.entities}
    assert {"org/黟县文化广电新闻出版旅游局", "org/屯溪区就业创业服务中心"} <= keys
    contest = next(ev for ev in linked.events if ev.name.endswith("比赛"))
    assert contest.location == "org/宏村镇职工技能实训基地"
    assert {"person/汪春燕", "person/胡德胜", "person/程建国"} <= set(contest.performers)
    first = results[0].segmented.articles[0]
    assert [(c.name, c.role) for c in first.credits] == [("舒晓兰", "author")]
    assert "作者单位" not in first.body.text
    assert any(ev.name == "春风行动" and ev.attendee_count == 500 for ev in linked.events)


def test_a_founding_a_wrapped_headline_and_a_body_named_by_its_end() -> None:
    """X景区导游 / 技能比武开赛: one headline; 萧 is a family name; 在Y镇Z景区举办: a scenic area is a venue;
    X绣坊的A获得一等奖，Y县的B获得二等奖: A is the workshop's, both won; X村工会联合会成立，…A当选工会联合会
    主席。B出席成立大会: A heads the new body, whose founding B attends; “村级工会”, 村党支部书记: kinds of
    bodies, no names; 仲裁院院长A: the court the article named."""
    results, linked = _run(PAGES / "founding-and-wrapped-headline.txt")
    first = results[0].segmented.articles[0]
    assert first.headline.text.replace("\n", "") == "武冈市云山景区导游技能比武开赛" and first.kicker is None
    keys = {e.key for e in linked.entities}
    assert "person/萧立群" in keys and not any(k.endswith(("村级工会", "村党支部")) for k in keys)
    facts = _facts(linked)
    assert ("person/夏春兰", "memberOf", "org/武冈市苗岭绣坊") in facts
    assert ("person/向正国", "headOf", "org/宣汉县南坝镇龙潭村工会联合会") in facts
    assert ("person/陈志刚", "headOf", "org/宣汉县劳动人事争议仲裁院") in facts
    contest = next(ev for ev in linked.events if ev.name.endswith("比武"))
    assert contest.location == "org/邓元泰镇云山景区"
    assert set(contest.performers) == {"person/夏春兰", "person/蒋小芳"}
    founding = next(ev for ev in linked.events if ev.name == "成立大会")
    assert (founding.organizer, founding.attendees) == (
        "org/宣汉县南坝镇龙潭村工会联合会",
        ("person/唐明辉",),
    )


def test_a_congress_and_a_commentary_on_it_are_one_event() -> None:
    """X第五次代表大会在Y开幕 (news) and X第五次代表大会的胜利召开 (a commentary): one event reported by both
    articles; 新一届县总工会: the county's union (a term of office is no name)."""
    _, linked = _run(PAGES / "congress-and-commentary.txt")
    (ev,) = linked.events
    assert (ev.name, len({a for _d, a in ev.reports})) == ("苍溪县总工会第五次代表大会", 2)
    assert not any("一届" in e.key for e in linked.entities)


def test_a_wrapped_byline_and_a_lawyer_who_answers_at_a_legal_aid_day() -> None:
    """``记者A 通讯员`` / ``B 4月8日，…``: the contributor's name on the next line is still the
    byline's; 律师C现场解答 takes part in the event (a performer), as a member of the law firm."""
    results, linked = _run(PAGES / "legal-aid-site.txt")
    (art,) = results[0].segmented.articles
    assert [(c.name, c.role) for c in art.credits] == [("邱晓帆", "author"), ("戴振华", "contributor")]
    (ev,) = linked.events
    assert ev.organizer == "org/顺庆区总工会" and ev.performers == ("person/古文斌",)
    assert ("person/古文斌", "memberOf", "org/四川衡平律师事务所") in _facts(linked)


def test_a_congress_elects_listed_vice_chairs_and_bodies_speak_or_send_people() -> None:
    """A、B当选为副主席: both hold the post; 经费审查委员会 alone is no body (a union's own committee);
    X、Y等基层工会作了交流发言: the bodies take a part in the congress, not in an event named after it;
    X、Y相关负责人一同参加: the bodies listed before the people they send attend, a union too. What a
    speaker says will be done (A表示，…将…，深入开展X) and a caption's bare handout are no events."""
    results, linked = _run(PAGES / "congress-and-heat-relief.txt")
    facts = _facts(linked)
    for name in ("孟秋云", "戴嘉树"):
        assert (f"person/{name}", "memberOf", "org/铜官区总工会") in facts
    assert ("person/方立诚", "headOf", "org/铜官区总工会") in facts
    names = {e.name for e in linked.entities}
    assert "经费审查委员会" not in names
    relief, congress = sorted(linked.events, key=lambda e: e.name)
    assert congress.name == "铜官区总工会第五次代表大会" and relief.name == "送清凉活动"
    assert {"org/铜官区幸福街道总工会", "org/铜官区物流行业工会"} <= set(congress.performers)
    assert set(relief.attendees) == {"org/义安区总工会", "org/铜陵市住房和城乡建设局"}


def test_a_union_s_funds_audit_committee_is_its_department() -> None:
    """X总工会经费审查委员会: a department of the union (as its women workers' committee is)."""
    page = PAGES / "congress-and-heat-relief.txt"
    text = "据悉，铜官区总工会经费审查委员会审查了上一年度经费收支情况。\n"
    from kg.model import Document

    options = Options()
    result = process_document(Document(id="audit", text=text, source=str(page)), options)
    linked = link([result], options)
    assert ("org/铜官区总工会经费审查委员会", "parentOrganization", "org/铜官区总工会") in _facts(linked)


def test_an_invited_teacher_s_college_and_a_class_that_is_no_body() -> None:
    """特邀X学院Y专业教师A授课: 特邀 opens no body's name, and A teaches at X (a programme between);
    X区女职工…培训班 is a class the union holds (an event), never a body, whoever reads it; a paper's
    name alone on the page's first line is its masthead, not the first headline's start."""
    results, linked = _run(PAGES / "invited-teacher-class.txt")
    names = {e.name for e in linked.entities}
    assert "汉中市职业技术学院" in names and not any("特邀" in n for n in names)
    assert not any(n.endswith("培训班") for n in names)
    assert ("person/柏雨涵", "memberOf", "org/汉中市职业技术学院") in _facts(linked)
    assert sorted(e.name for e in linked.events) == ["南郑区女职工茶艺技能培训班", "城固县家政服务技能培训班"]
    assert [a.headline.text for a in results[0].segmented.articles] == [
        "城固县家政服务技能培训班开班",
        "南郑区女职工茶艺技能培训班开班",
    ]


def test_a_masthead_dated_far_right_and_a_visit_by_a_leader_s_party() -> None:
    """渭南工人报 … 2026年1月20日: the masthead's date set far right is still the masthead (never joined
    to the editor's note below it); X总工会党组成员、副主席A一行先后来到Y，走访慰问Z: a visit the body
    makes, named by the headline's words for it (新春走访), A leading it and B accompanying it."""
    results, linked = _run(PAGES / "masthead-far-right-and-a-party-visit.txt")
    page = results[0].page.text
    assert page.splitlines()[0].endswith("2026年1月20日")  # a line of its own
    (ev,) = linked.events
    assert (ev.name, ev.organizer, ev.date.iso()) == ("新春走访", "org/渭南市总工会", "--01-18")
    assert ev.performers == ("person/祁鸿远",) and ev.attendees == ("person/单若岚",)
    (art,) = [a for a in results[0].segmented.articles if a.headline is not None]
    assert art.headline.text == "新春走访送温暖" and [(c.name, c.role) for c in art.credits] == [
        ("韦书瑶", "author")
    ]


def test_what_a_speaker_says_was_done_is_an_event_and_what_will_be_done_is_none() -> None:
    """A指出，今年以来主要开展了X活动: 主要 is no modal (the campaign was held); A表示，将开展Y: a plan."""
    from kg.model import Document

    text = (
        "本报讯 3月2日，鹤壁市总工会召开工作会议。\n"
        "会上，邵明川指出，今年以来主要开展了“技能比武月”活动。\n"
        "邵明川表示，下半年要继续开展“送法进企业”活动。\n"
    )
    options = Options()
    result = process_document(Document(id="said", text=text, source="said.txt"), options)
    names = {e.name for e in link([result], options).events}
    assert "“技能比武月”活动" in names and not any("送法进企业" in n for n in names)


def test_teams_placing_together_and_a_show_opening_in_a_venue() -> None:
    """X代表队获得冠军，Y代表队、Z代表队分获亚军和季军: the bodies of all three teams took part;
    X总工会举办的“W”职工摄影作品展在V开展: the show is an event held by X at V, and 出席开展仪式 is
    its opening (no event of its own)."""
    _results, linked = _run(PAGES / "teams-placing-and-a-show-opening.txt")
    contest = next(e for e in linked.events if e.name == "峨眉山市第二届职工乒乓球赛")
    assert set(contest.attendees) == {
        "org/峨眉山市供电公司",
        "org/峨眉山市第一中学",
        "org/峨眉山市税务局",
    }
    show = next(e for e in linked.events if e.name.endswith("摄影作品展"))
    assert (show.name, show.organizer, show.location) == (
        "“镜头里的劳动者”职工摄影作品展",
        "org/犍为县总工会",
        "org/犍为县图书馆",
    )
    assert show.attendees == ("person/邬振林",)
    assert not any(e.name == "仪式" for e in linked.events)
