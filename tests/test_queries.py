"""The example queries in ontology/queries: right answers on an invented corpus, pinned answers on the
sample page (tests/expected/queries/NAME.csv, compared as multisets of rows).

After a deliberate change to extraction, regenerate the pinned answers with
``KG_REGEN_EXPECTED=1 .venv/bin/pytest tests/test_queries.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from pathlib import Path

import pytest

from kg import rdf, store
from kg.shacl import ontology_dir
from tests.rdf_corpus import corpus

QUERIES = sorted((ontology_dir() / "queries").glob("*.rq"))
EXPECTED = Path(__file__).parent / "expected" / "queries"


def rows(text: str) -> tuple[list[str], Counter]:
    table = list(csv.reader(io.StringIO(text)))
    return table[0], Counter(tuple(r) for r in table[1:])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("queries")
    rdf.write_graphs(rdf.to_dataset(*corpus()), out)
    return out


def answer(graph: Path, name: str) -> tuple[list[str], Counter]:
    q = (ontology_dir() / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return rows(store.run_query(str(graph), q, "csv"))


def test_there_are_queries_for_each_research_question():
    names = {q.stem for q in QUERIES}
    assert {
        "reporters-and-organisations",
        "events-by-organisation",
        "union-heads",
        "organisations-in-city",
        "people-in-several-articles",
        "organisation-comentions",
    } <= names


def test_queries_declare_their_prefixes():
    """They must run unchanged on any SPARQL endpoint, which knows no predeclared prefixes."""
    for q in QUERIES:
        text = q.read_text(encoding="utf-8")
        used = {p for p in rdf.PREFIXES if f"{p}:" in text.replace("PREFIX ", "")}
        for p in used:
            assert f"PREFIX {p}: <{rdf.PREFIXES[p]}>" in text, f"{q.name} uses {p}: without PREFIX"


def test_reporters_and_organisations(tiny):
    head, got = answer(tiny, "reporters-and-organisations")
    assert head == ["reporter", "organisation", "articles"]
    assert got == Counter({("王晓峰", "青禾区总工会", "1"): 1})


def test_events_by_organisation(tiny):
    _, got = answer(tiny, "events-by-organisation")
    assert got == Counter({("青禾区总工会", "organizer", "职工技能大赛", "--11-03"): 1})


def test_union_heads(tiny):
    assert answer(tiny, "union-heads")[1] == Counter({("青禾区总工会", "陈国栋"): 1})


def test_organisations_in_city_follow_containment(tiny):
    _, got = answer(tiny, "organisations-in-city")
    # located in the district, so also in the city the district belongs to
    assert got == Counter({("河阳市", "青禾区总工会", "青禾区"): 1, ("青禾区", "青禾区总工会", "青禾区"): 1})


def test_people_in_several_articles(tiny):
    _, got = answer(tiny, "people-in-several-articles")
    assert got == Counter({("王晓峰", "2"): 1, ("陈国栋", "2"): 1})


def test_organisation_comentions(tiny):
    head, got = answer(tiny, "organisation-comentions")
    assert head == ["organisation1", "organisation2", "articles"] and got == Counter()


def test_person_mentions_give_original_offsets(tiny):
    _, got = answer(tiny, "person-mentions")
    from tests.rdf_corpus import ORIGINAL

    assert sum(got.values()) == 6
    for person, begin, end, anchor, _headline in got:
        assert ORIGINAL[int(begin) : int(end)] == anchor == person


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_sample_answers_are_pinned(query, sample_build):
    got_text = store.run_query(str(sample_build), query.read_text(encoding="utf-8"), "csv")
    path = EXPECTED / f"{query.stem}.csv"
    if os.environ.get("KG_REGEN_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got_text, encoding="utf-8")
    assert path.is_file(), f"no pinned answer {path.name}: run with KG_REGEN_EXPECTED=1"
    assert rows(got_text) == rows(path.read_text(encoding="utf-8"))
