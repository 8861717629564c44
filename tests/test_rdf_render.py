"""The graph renderers give the bytes the straightforward statement-by-statement writers gave.

The renderers group statements by subject once and share the Turtle of a subject between TriG and the
union Turtle; these tests hold them to simple reference writers (one statement at a time, as kg wrote
before) on random statements with every awkward term: escapes, control characters, raw line breaks in
a malformed literal, long literals that skip the memos, our namespaces and others.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections import defaultdict

import pytest

from kg import rdf, write
from kg.model import Page
from tests.rdf_corpus import corpus

BASE = "https://kg.example.org/"


def _ref_term(token: str) -> str:
    """The Turtle form of one N-Triples term, as the old writer made it."""
    if token.startswith("<"):
        return "a" if token == rdf.A else (rdf._compact(token[1:-1]) or token)
    return re.sub(r"\^\^<http://www\.w3\.org/2001/XMLSchema#([A-Za-z]+)>$", r"^^xsd:\1", token)


def _ref_turtle(stmts: list[str], indent: str = "") -> str:
    """The old Turtle writer: one statement at a time; long objects kept as they are."""
    out: list[str] = []
    prev_s = prev_p = None
    for st in stmts:
        s, p, o = st.split(" ", 2)
        ot = _ref_term(o) if len(o) < 200 else (o if o[-1] == '"' else _ref_term(o))
        if s == prev_s:
            if p == prev_p:
                out.append(f" ,\n{indent}\t\t{ot}")
            else:
                out.append(f" ;\n{indent}\t{_ref_term(p)} {ot}")
        else:
            if prev_s is not None:
                out.append(" .\n")
            out.append(f"{indent}{s}\n{indent}\t{_ref_term(p)} {ot}")
        prev_s, prev_p = s, p
    if prev_s is not None:
        out.append(" .\n")
    return "".join(out)


def _ref_jsonld(stmts: list[str]) -> list[str]:
    """The old JSON-LD writer: one node per subject, every value in an array."""
    nodes: list[str] = []
    by_subject: dict[str, dict[str, list[str]]] = {}
    for st in stmts:
        s, p, o = st.split(" ", 2)
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    for s, preds in by_subject.items():
        props = []
        for p, objs in preds.items():
            if p == rdf.A:
                vals = [f'"{rdf._compact(o[1:-1]) or o[1:-1]}"' for o in objs]
                props.append('"@type":[' + ",".join(vals) + "]")
            else:
                key = f'"{rdf._compact(p[1:-1]) or p[1:-1]}"'
                props.append(key + ":[" + ",".join(rdf._json_value(o) for o in objs) + "]")
        nodes.append('{"@id":"' + s[1:-1] + '",' + ",".join(props) + "}")
    return nodes


def _random_statements(rng: random.Random, n: int) -> list[str]:
    subjects = [f"<{BASE}doc/d{i}>" for i in range(5)] + [
        f"<{BASE}doc/d1#char={i},{i + 2}>" for i in range(5)
    ]
    subjects += [f"<{BASE}person/人{i}>" for i in range(5)]
    predicates = [
        rdf.A,
        f"<{rdf.SCHEMA}name>",
        f"<{rdf.NIF}beginIndex>",
        f"<{rdf.KG}kind>",
        "<http://x.org/p>",
    ]
    literals = [
        rdf.lit("张三"),
        rdf.lit('he said "hi"\\ and\nmore\r'),
        rdf.lit("ctrl\x01\x1f and \u2028 \x85"),
        rdf.lit("长" * 250),  # long: past the memos
        rdf.typed(12, "nonNegativeInteger"),
        rdf.typed("2021-11-05", "date"),
        rdf.typed("2021\n11", "string"),  # a malformed literal with a raw line break
        '"' + "x" * 230 + '"^^<http://www.w3.org/2001/XMLSchema#string>',
    ]
    objects = literals + subjects + [f"<{rdf.SCHEMA}Person>", f"<{rdf.NIF}Phrase>", f"<{rdf.SCHEMA}a-b>"]
    stmts = set()
    for _ in range(n):
        p = rng.choice(predicates)
        o = (
            rng.choice(subjects[:3] + [f"<{rdf.SCHEMA}Person>", f"<{rdf.NIF}Phrase>"])
            if p == rdf.A
            else rng.choice(objects)
        )
        stmts.add(f"{rng.choice(subjects)} {p} {o}")
    return sorted(stmts)


@pytest.mark.parametrize("seed", range(8))
def test_turtle_and_jsonld_match_the_statement_by_statement_writers(seed):
    rng = random.Random(seed)
    stmts = _random_statements(rng, rng.choice([1, 5, 40, 200]))
    terms, j_terms = rdf._Terms(), rdf._JsonTerms()
    grouped = rdf._group(sorted(tuple(st.split(" ", 2)) for st in stmts))  # a document's path
    for _ in range(2):  # memos empty, then full
        assert rdf._turtle_block(stmts, terms) == _ref_turtle(stmts)
        assert rdf._turtle_block(stmts, terms, indent="\t") == _ref_turtle(stmts, indent="\t")
        assert rdf._jsonld_nodes(stmts, j_terms) == _ref_jsonld(stmts)
        assert rdf._turtle_text(grouped, terms, len(stmts)) == _ref_turtle(stmts)
        assert rdf._turtle_text(grouped, terms, len(stmts), indent="\t") == _ref_turtle(stmts, indent="\t")
        assert rdf._json_subjects(grouped, j_terms) == _ref_jsonld(stmts)
    nq, trig, jsonld, n = rdf.render_corpus_slice(stmts, BASE + "graph/corpus")
    assert trig == _ref_turtle(stmts, indent="\t") and jsonld == ",\n".join(_ref_jsonld(stmts))
    assert n == len(stmts) == nq.count(f" <{BASE}graph/corpus> .\n")


def test_a_raw_line_break_in_a_term_is_not_indented_as_a_line():
    st = f"<{BASE}doc/d1> <{rdf.SCHEMA}datePublished> " + rdf.typed("2021\n11", "string")
    want = f'\t<{BASE}doc/d1>\n\t\tschema:datePublished "2021\n11"^^xsd:string .\n'
    assert rdf._turtle_block([st], rdf._Terms(), indent="\t") == want
    grouped = rdf._group([tuple(st.split(" ", 2))])
    assert rdf._turtle_text(grouped, rdf._Terms(), 1, indent="\t") == want


@pytest.mark.parametrize(
    "text",
    ["", "张三", 'a "quoted" name', "back\\slash", "line\nbreak\r\n", '\\"\n\r混合\\n', "\u2028\x85\x00"],
)
def test_lit_escapes_as_translate_does(text):
    assert rdf.lit(text) == '"' + text.translate(rdf._ESC) + '"'


def test_compact_takes_the_longest_namespace_and_plain_local_names_only():
    assert rdf._compact(rdf.SCHEMA + "Person") == "schema:Person"
    assert rdf._compact(rdf.NIF + "beginIndex") == "nif:beginIndex"
    assert rdf._compact(rdf.SCHEMA + "a-b") is None
    assert rdf._compact(rdf.SCHEMA) is None
    assert rdf._compact(BASE + "person/张三") is None


def test_union_turtle_merges_a_subject_stated_in_two_graphs():
    """A node of the document stated in two graphs (no section does that today) is merged, not
    written twice; one statement in both graphs counts once."""
    d = f"<{BASE}doc/d1>"
    g = rdf._Statements(BASE + "graph/corpus", defaultdict(int))
    g.add(BASE + "graph/corpus", d, rdf.A, f"<{rdf.KG}Document>")
    g.add(BASE + "graph/corpus", d, f"<{rdf.SCHEMA}name>", rdf.lit("甲"))
    g.add(BASE + "graph/a1", d, f"<{rdf.SCHEMA}name>", rdf.lit("甲"))
    g.add(BASE + "graph/a1", d, f"<{rdf.SCHEMA}about>", f"<{BASE}person/乙>")
    terms = rdf._Terms()
    union = []
    for gr in sorted(g.graphs):
        stmts = sorted(g.graphs[gr])
        union += [(d, "".join(rdf._turtle_subjects(rdf._group(stmts), terms)))]
    text, n = rdf._union_turtle(union, 4, g, {d}, d[:-1] + "#", terms)
    distinct = sorted({f"{s} {p} {o}" for stmts in g.graphs.values() for s, p, o in stmts})
    assert n == len(distinct) == 3
    assert text == _ref_turtle(distinct)


def test_tuple_statements_sort_as_their_strings():
    """The renderers sort (s, p, o) tuples; the files were sorted by the ``s p o`` strings."""
    rng = random.Random(3)
    stmts = _random_statements(rng, 300)
    as_tuples = sorted(tuple(st.split(" ", 2)) for st in stmts)
    assert [" ".join(t) for t in as_tuples] == stmts


def _hostile(results):
    """The corpus's document with awkward characters in place of some (same length: offsets hold)."""
    r = results[0]
    swap = str.maketrans({"青": "\u2028", "禾": '"', "区": "\\", "陈": "\x01", "国": "\x85", "职": "\t"})
    doc = dataclasses.replace(r.page.doc, text=r.page.doc.text.translate(swap))
    page = Page(doc=doc, text=r.page.text.translate(swap), origin=r.page.origin)
    return dataclasses.replace(r, page=page)


@pytest.mark.parametrize("hostile", [False, True])
def test_mention_lines_are_what_json_dumps_writes(hostile):
    results, linked, options = corpus()
    r = _hostile(results) if hostile else results[0]
    index = linked.mention_entity
    rows = write.document_mention_rows(r, index, options)
    text, n = write.document_mentions_jsonl(r, index, options)
    assert n == len(rows) > 5
    assert text == write.mentions_jsonl(rows)
    assert any(row["article"] is None for row in rows) or any(row["entity"] is None for row in rows)
    if hostile:
        assert "\\u2028" in text and "\\u0085" in text and '\\"' in text and "\\u0001" in text
        assert len(text.splitlines()) == n
