"""The compact mention columns that link hands to rdf and write read like the tuples and dict they replace."""

import pickle

import pytest

from kg.mentionstore import MentionIndexBuilder, MentionStore, Strings
from kg.model import Mention

MENTIONS = [
    Mention("d1", 0, 3, 6, "白鹭镇", "Place", "白鹭镇", kind="town", source="gazetteer"),
    Mention("d1", None, 10, 13, "韩青禾", "Person", "韩青禾", caption=2),
    Mention("d2", 4, 0, 5, "市青禾工会", "Organization", "市青禾工会", kind="union", scope="home"),
    Mention("d2", 4, 7, 7 + 2**33, "长文", "Organization", "长文"),  # offsets beyond 32 bits
]


def test_store_gives_back_equal_mentions() -> None:
    store = MentionStore()
    idx = [store.add(m) for m in MENTIONS]
    assert [store.get(i) for i in idx] == MENTIONS
    assert len(store) == len(MENTIONS)


def test_seq_reads_compares_and_pickles_like_a_tuple() -> None:
    store = MentionStore()
    for m in MENTIONS:
        store.add(m)
    seq = store.seq([2, 0])
    as_tuple = (MENTIONS[2], MENTIONS[0])
    assert seq == as_tuple and as_tuple == seq and seq == list(as_tuple)
    assert seq != (MENTIONS[0], MENTIONS[2])
    assert hash(seq) == hash(as_tuple)
    assert len(seq) == 2 and seq[1] == MENTIONS[0] and seq[-1] == MENTIONS[0] and seq[:1] == (MENTIONS[2],)
    assert list(seq) == list(as_tuple) and seq + () == as_tuple
    assert pickle.loads(pickle.dumps(seq)) == as_tuple
    assert store.seq(()) == () and not store.seq(())


def _index(assignments):
    builder = MentionIndexBuilder(Strings())
    for key, value in assignments:
        builder.set(*key, value)
    return builder.build()


def test_index_is_a_dict_where_the_last_assignment_wins() -> None:
    assignments = [
        (("d2", 5, 9, "Person"), "person/甲"),
        (("d1", 3, 6, "Place"), "place/白鹭镇"),
        (("d1", 3, 6, "Organization"), "org/乙"),
        (("d1", 3, 8, "Place"), "place/丙"),
        (("d2", 5, 9, "Person"), "person/丁"),  # the same mention again: replaces
        (("d1", 0, 2**40, "Event"), "event/x"),
    ]
    expected = dict(assignments)
    index = _index(assignments)
    assert index == expected and expected == index
    assert len(index) == len(expected) == 5
    assert dict(index.items()) == expected and set(index) == set(expected)
    for key, value in expected.items():
        assert key in index and index[key] == value and index.get(key) == value
    for missing in (("d1", 3, 6, "Person"), ("d3", 3, 6, "Place"), ("d1", 4, 6, "Place"), ("d1", 3), "d1", 5):
        assert missing not in index and index.get(missing, "none") == "none"
        with pytest.raises(KeyError):
            index[missing]
    assert ("d1", [3], 6, "Place") not in index  # unhashable part, as a dict would not hold it
    assert pickle.loads(pickle.dumps(index)) == expected
    assert _index([]) == {} and len(_index([])) == 0


def test_slim_result_gives_back_the_extraction_and_links_the_same() -> None:
    from kg.link import link
    from kg.mentionstore import SlimResult
    from kg.model import DateValue, DocResult, Event, Extraction, Options, Ref, Relation

    org = Ref("Organization", "市青禾工会", "home")
    relations = (
        Relation(Ref("Person", "韩青禾"), "jobTitle", None, "d2", 4, 0, 3, value="主席"),
        Relation(Ref("Person", "韩青禾"), "memberOf", org, "d2", None, 0, 9),
    )
    event = Event(
        "d2", 4, "青禾技能大赛", 20, 26, "举办", DateValue(5, 1), org, None, (), (Ref("Person", "韩青禾"),)
    )
    extraction = Extraction(tuple(MENTIONS), relations, (event,))
    slim = SlimResult(extraction, ())
    assert slim.extraction == extraction and slim.extraction == extraction  # read twice
    assert slim.warnings == () and SlimResult(Extraction((), (), ())).extraction == Extraction((), (), ())
    assert pickle.loads(pickle.dumps(slim)).extraction == extraction
    assert slim.mentions == extraction.mentions and slim.relations == extraction.relations
    whole = DocResult(None, None, extraction)  # type: ignore[arg-type]  # link reads only the extraction
    assert link([slim], Options()) == link([whole], Options())


def test_slim_result_reads_names_off_its_columns_as_a_doc_result_does() -> None:
    from kg.mentionstore import SlimResult
    from kg.model import DocResult, Extraction, Ref, Relation

    org = Ref("Organization", "市青禾工会", "home")
    relations = (
        Relation(Ref("Person", "韩青禾"), "jobTitle", None, "d2", 4, 0, 3, value="主席"),
        Relation(Ref("Person", "韩青禾"), "memberOf", org, "d2", None, 0, 9),
    )
    extraction = Extraction(tuple(MENTIONS), relations, ())
    slim = SlimResult(extraction, ())
    whole = DocResult(None, None, extraction)  # type: ignore[arg-type]  # only the extraction is read
    names = [(m.type, m.name, m.scope) for m in MENTIONS]
    assert slim.mention_names() == whole.mention_names() == names
    refs = [("Person", "韩青禾", None), ("Person", "韩青禾", None), ("Organization", "市青禾工会", "home")]
    assert slim.relation_refs() == whole.relation_refs() == refs


def _copy(obj):
    """A copy as a forked process has it: the same state, apart."""
    return pickle.loads(pickle.dumps(obj))


def test_what_a_copy_of_a_store_added_is_added_under_the_same_numbers() -> None:
    store = MentionStore()
    index = MentionIndexBuilder(store.strings)
    for m in MENTIONS[:2]:
        index.set(m.doc_id, m.start, m.end, m.type, "k" + m.text)
        store.add(m)
    copy = _copy((store, index))
    marks = copy[0].mark(), copy[1].mark()
    added = [copy[0].add(m) for m in MENTIONS[2:]]  # a new document, new strings
    for m in MENTIONS[:1] + MENTIONS[2:]:  # an old document and a new one, an old value and new ones
        copy[1].set(m.doc_id, m.start, m.end, "Event", "e" + m.text)
    store.extend(copy[0].since(marks[0]))
    index.extend(copy[1].since(marks[1]))
    assert [store.get(i) for i in added] == MENTIONS[2:]
    assert store.strings.values == copy[0].strings.values
    assert store.strings.ids == copy[0].strings.ids
    assert index.build() == copy[1].build()


def test_a_store_that_changed_since_the_copy_takes_nothing() -> None:
    store = MentionStore()
    index = MentionIndexBuilder(store.strings)
    copy = _copy((store, index))
    marks = copy[0].mark(), copy[1].mark()
    copy[0].add(MENTIONS[0])
    copy[1].set("d1", 0, 3, "Place", "x")
    store.add(MENTIONS[1])  # the numbers of the copy's additions are taken here
    index.set("d1", 0, 3, "Place", "y")
    with pytest.raises(ValueError):
        store.extend(copy[0].since(marks[0]))
    with pytest.raises(ValueError):
        index.extend(copy[1].since(marks[1]))
    assert len(store) == 1
