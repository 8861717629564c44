from pathlib import Path

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
