from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import read_inputs
from kg.link import infer_home_city, link
from kg.model import Options
from kg.pipeline import process_document

PAGES = Path(__file__).parent / "pages" / "extract"


def _results(name: str):
    options = Options()
    return [process_document(d, options) for d in read_inputs([str(PAGES / name)], options).documents]


def test_same_event_in_two_articles_is_one_node() -> None:
    results = _results("two-reports.txt")
    assert len(results[0].extraction.events) >= 2
    linked = link(results, Options())
    assert len(linked.events) == 1
    ev = linked.events[0]
    assert [a for _, a in ev.reports] == [0, 1]
    assert ev.key == "event/开福区总工会/--06-18/劳模座谈会"


def test_home_city_inferred_from_districts() -> None:
    assert infer_home_city(_results("two-reports.txt")) == "长沙市"


def test_linking_is_deterministic() -> None:
    results = _results("union-training.txt") + _results("two-reports.txt")
    a, b = link(results, Options()), link(list(reversed(results)), Options())
    assert [e.key for e in a.entities] == [e.key for e in b.entities]
    assert [e.key for e in a.events] == [e.key for e in b.events]
    assert a.facts == b.facts


def test_linked_mentions_are_compact_but_read_as_before() -> None:
    import pickle

    results = _results("union-training.txt") + _results("two-reports.txt")
    linked = link(results, Options())
    by_key = {e.key: e for e in linked.entities}
    for e in linked.entities:
        ms = list(e.mentions)
        assert ms == sorted(ms, key=lambda m: (m.doc_id, m.start, m.end))
        assert len(e.mentions) == len(ms) and tuple(e.mentions) == e.mentions
        for m in ms:
            assert linked.mention_entity[(m.doc_id, m.start, m.end, m.type)] in by_key
        assert set(e.articles) == {(m.doc_id, m.article) for m in ms}
    extracted = [
        m
        for r in results
        for m in r.extraction.mentions
        if (m.doc_id, m.start, m.end, m.type) in linked.mention_entity
    ]
    assert extracted and all(
        any(m == x for x in by_key[linked.mention_entity[(m.doc_id, m.start, m.end, m.type)]].mentions)
        for m in extracted
        if m.type != "Event"
    )
    again = pickle.loads(pickle.dumps(linked))
    assert again.entities == linked.entities and again.events == linked.events
    assert dict(again.mention_entity.items()) == dict(linked.mention_entity.items())


def test_every_mention_of_a_linked_entity_or_event_is_in_links_table() -> None:
    """rdf trusts link's table to hold every mention its entities and events carry (it looks none up)."""
    from kg import rdf
    from kg.mentionstore import MentionIndex

    results = _results("union-training.txt") + _results("two-reports.txt")
    linked = link(results, Options())
    assert isinstance(linked.mention_entity, MentionIndex)
    carried = [m for e in (*linked.entities, *linked.events) for m in e.mentions]
    assert any(m.type == "Event" for m in carried) and any(m.type == "Person" for m in carried)
    assert all((m.doc_id, m.start, m.end, m.type) in linked.mention_entity for m in carried)
    keys = rdf._Builder((), linked, Options(), articles=set()).mention_key
    assert keys.extra == {}
    # a table of another kind (a plain dict) still gets the missing mentions from the entities
    first = linked.entities[0].mentions[0]
    plain = dict(linked.mention_entity.items())
    del plain[(first.doc_id, first.start, first.end, first.type)]
    other = rdf._Builder((), replace(linked, mention_entity=plain), Options(), articles=set()).mention_key
    assert other.get((first.doc_id, first.start, first.end, first.type)) == linked.entities[0].key


def _components(n: int, joins) -> list[frozenset[int]]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in joins:
        parent[find(b)] = find(a)
    groups: dict[int, set[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), set()).add(i)
    return sorted(frozenset(g) for g in groups.values())


_EVENT_NAMES = ["技能竞赛", "技能竞赛启动仪式", "开幕式", "座谈会", "劳模座谈会", "“送清凉”活动", "", "、"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),  # document
            st.sampled_from([0, 1, None]),  # article
            st.sampled_from(_EVENT_NAMES),
            st.sampled_from(["举办", "召开"]),
            st.sampled_from([None, (5, 1), (5, 2), (None, 3), (2013, 5, 1)]),
        ),
        max_size=14,
    )
)
def test_event_candidates_join_what_the_rules_join_pair_by_pair(specs) -> None:
    from kg.link import _candidates, _norm, _same_event
    from kg.model import DateValue, Event

    def date(d):
        if d is None:
            return None
        return DateValue(*d[-2:]) if len(d) == 2 else DateValue(d[1], d[2], year=d[0])

    evs = [Event(f"d{doc}", art, name, 0, 2, trig, date(d)) for doc, art, name, trig, d in specs]
    n = len(evs)
    isos = [e.date.iso() if e.date else None for e in evs]
    brute = [
        (x, y)
        for x in range(n)
        for y in range(x + 1, n)
        if _same_event(evs[x], evs[y])
        and (
            None not in (isos[x], isos[y])
            or (evs[x].doc_id, evs[x].article) == (evs[y].doc_id, evs[y].article)
        )
    ]
    for name in {_norm(e.name) for e, iso in zip(evs, isos, strict=True) if iso is None} - {""}:
        ks = [k for k in range(n) if _norm(evs[k].name) == name]
        if len({isos[k] for k in ks} - {None}) > 1:  # several dates: the undated ones join each other only
            ks = [k for k in ks if isos[k] is None]
        brute += [(ks[0], k) for k in ks[1:]]
    whole, pairs = _candidates(evs)
    fast = [(ks[0], k) for ks in whole for k in ks[1:]] + [
        p for p in pairs if _same_event(evs[p[0]], evs[p[1]])
    ]
    assert _components(n, fast) == _components(n, brute)


def test_thousands_of_events_of_one_organiser_link_without_comparing_all_pairs() -> None:
    import random

    from kg.link import _candidates
    from kg.model import DateValue, Event

    rnd = random.Random(7)
    names = ["职工技能竞赛", "劳模座谈会", "女职工培训班", "送温暖慰问活动"]
    evs = [
        Event(f"d{i}", 0, rnd.choice(names), 0, 5, "举办", DateValue(rnd.randint(1, 12), rnd.randint(1, 28)))
        for i in range(4000)
    ]
    _whole, pairs = _candidates(evs)
    assert len(pairs) < 40_000  # all pairs: about 8 million


def test_an_undated_report_does_not_make_one_event_of_every_years_meeting() -> None:
    from kg.model import DateValue, DocResult, Event, Extraction, Ref

    org = Ref("Organization", "云岭县总工会")

    def doc(i: int, date: DateValue | None) -> DocResult:
        ev = Event(f"p{i}", 0, "职工运动会", 10, 15, "举办", date, org)
        return DocResult(None, None, Extraction((), (), (ev,)))  # type: ignore[arg-type]

    spring, autumn = DateValue(4, 20, 2015), DateValue(4, 22, 2016)
    linked = link([doc(1, spring), doc(2, autumn), doc(3, None), doc(4, spring)], Options())
    dates = sorted(e.date.iso() if e.date else "-" for e in linked.events)
    assert dates == ["-", "2015-04-20", "2016-04-22"]
    assert [len(e.reports) for e in sorted(linked.events, key=lambda e: e.key)] == [2, 1, 1]
    # one date only: the undated report is that meeting's
    linked = link([doc(1, spring), doc(3, None), doc(4, spring)], Options())
    assert len(linked.events) == 1 and len(linked.events[0].reports) == 3


def _linked_texts(tmp_path: Path, pages: dict[str, str]):
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    options = Options()
    corpus = read_inputs([str(tmp_path / n) for n in pages], options)
    return link([process_document(d, options) for d in corpus.documents], options)


_SHORT_ONLY = "东河区工会召开职代会\n\n本报讯（记者 乔立新）5月6日，包头市东河区工会召开职工代表大会。\n"
_BOTH = (
    "东河区工会第五次代表大会召开\n\n"
    "本报讯（记者 乔立新）6月2日，东河区工会第五次代表大会召开。大会选举产生东河区总工会第五届委员会，"
    "苏日娜当选区总工会主席。\n"
)


def test_a_union_printed_with_and_without_zong_is_one_body_inside_a_document(tmp_path) -> None:
    linked = _linked_texts(tmp_path, {"b.txt": _BOTH})
    keys = {e.key for e in linked.entities if e.type == "Organization"}
    assert "org/东河区总工会" in keys and "org/东河区工会" not in keys


def test_joining_two_forms_never_renames_an_entity_of_another_document(tmp_path) -> None:
    """A page that prints only 东河区工会 keeps that entity when a page printing both forms is added:
    adding documents changes no IRI already in the graph."""
    (tmp_path / "a").mkdir()
    before = _linked_texts(tmp_path / "a", {"a.txt": _SHORT_ONLY})
    assert "org/东河区工会" in {e.key for e in before.entities}
    after = _linked_texts(tmp_path, {"a.txt": _SHORT_ONLY, "b.txt": _BOTH})
    keys = {e.key for e in after.entities}
    assert "org/东河区工会" in keys and "org/东河区总工会" in keys


_RURAL_SHORT = (
    "澧州农商银行捐建书屋\n\n本报讯（记者 谢文涛）4月8日，澧州农商银行武陵支行行长黎少华向社区捐赠图书。\n"
)
_RURAL_BOTH = (
    "金融讲座进社区\n\n本报讯（记者 谢文涛）5月9日，湖南澧州农村商业银行武陵支行举办金融知识讲座，"
    "澧州农商银行武陵支行行长黎少华授课。\n"
)


def test_a_rural_bank_short_form_joins_its_legal_name_only_inside_its_document(tmp_path) -> None:
    """农商银行 is the short form of 农村商业银行: one body inside a document that prints both, while a
    page printing only the short form keeps its own entity (adding documents renames nothing)."""
    from kg.link import _rural_bank_forms

    both = _linked_texts(tmp_path, {"b.txt": _RURAL_BOTH})
    keys = {e.key for e in both.entities if e.type == "Organization"}
    assert "org/湖南澧州农村商业银行武陵支行" in keys and "org/澧州农商银行武陵支行" not in keys
    (tmp_path / "two").mkdir()
    two = _linked_texts(tmp_path / "two", {"a.txt": _RURAL_SHORT, "b.txt": _RURAL_BOTH})
    keys = {e.key for e in two.entities}
    assert "org/澧州农商银行武陵支行" in keys and "org/湖南澧州农村商业银行武陵支行" in keys
    # a short form two legal names could take joins neither; 村镇银行 has no short form
    assert _rural_bank_forms({"澧州农商银行", "湖南澧州农村商业银行", "湖北澧州农村商业银行"}) == {}
    assert _rural_bank_forms({"澧州农信社", "澧州农村信用合作联社"}) == {"澧州农信社": "澧州农村信用合作联社"}
    assert _rural_bank_forms({"澧州村镇银行", "湖南澧州村镇银行股份有限公司"}) == {}


_BRAND_SHORT = "恒远物流集团开展安全月活动\n\n本报讯 6月3日，恒远物流集团在晋城开展安全生产月活动。\n"
_BRAND_BOTH = (
    "中国恒远物流集团晋城分公司揭牌\n\n"
    "本报讯 7月8日，中国恒远物流集团晋城分公司揭牌。恒远物流集团副总经理孔德彰出席揭牌仪式。\n"
)
_BANK_SHORT = (
    "工商银行晋城分行开展金融知识宣传\n\n本报讯 9月2日，工商银行晋城分行在城区开展金融知识宣传活动。\n"
)
_BANK_FULL = "中国工商银行晋城分行进社区\n\n本报讯 9月9日，中国工商银行晋城分行走进社区开展反诈宣传活动。\n"


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [(_BRAND_SHORT, _BRAND_BOTH, "org/恒远物流集团"), (_BANK_SHORT, _BANK_FULL, "org/中国工商银行晋城分行")],
)
def test_a_name_with_and_without_zhongguo_never_renames_an_entity(tmp_path, first, second, kept) -> None:
    """X and 中国X: a document printing both joins them in that document; a big bank's name says alone
    that it is 中国X (工商银行晋城分行), so every document names it so; adding a document never renames an
    entity already in the graph."""
    (tmp_path / "a").mkdir()
    before = {e.key for e in _linked_texts(tmp_path / "a", {"a.txt": first}).entities}
    assert kept in before
    after = {e.key for e in _linked_texts(tmp_path, {"a.txt": first, "b.txt": second}).entities}
    assert before <= after, before - after


def test_event_name_norm_drops_what_the_regex_dropped():
    """``_norm`` (a translation table) drops exactly the characters its former regex matched: every
    whitespace character, the quotes, brackets and separators, nothing else."""
    import re
    import sys

    from kg.link import _norm

    pattern = re.compile(r"[\s“”\"'‘’、，·《》()（）]")
    for c in map(chr, range(sys.maxunicode + 1)):
        assert _norm("工" + c + "会") == pattern.sub("", "工" + c + "会"), hex(ord(c))
    assert _norm(" “安康杯” 知识竞赛（决赛）\u3000") == "安康杯知识竞赛决赛"
