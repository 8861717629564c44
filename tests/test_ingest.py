"""Ingest: every encoding of the contract, JSONL metadata, and bad input reported, not fatal."""

from __future__ import annotations

import codecs
import json

import pytest

from kg import ingest
from kg.errors import InputError
from kg.model import Options

TEXT = "洛阳市总工会\n\n本报讯（记者周明远）10月8日，洛阳市总工会举办职工运动会。\n"


@pytest.mark.parametrize(
    "encoding,data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("gbk", TEXT.encode("gbk")),
        ("utf-16", TEXT.encode("utf-16")),  # with BOM
        ("utf-16-le", TEXT.encode("utf-16-le")),  # without BOM
        ("utf-16-be", TEXT.encode("utf-16-be")),
    ],
)
def test_every_contract_encoding_decodes_to_the_same_text(tmp_path, encoding, data):
    f = tmp_path / "page.txt"
    f.write_bytes(data)
    corpus = ingest.read_inputs([f], Options())
    assert [d.text for d in corpus.documents] == [TEXT]
    assert corpus.warnings == []


def test_gbk_page_with_crlf_keeps_line_ends_in_original(tmp_path):
    f = tmp_path / "p.txt"
    f.write_bytes(TEXT.replace("\n", "\r\n").encode("gbk"))
    (doc,) = ingest.read_inputs([f], Options()).documents
    assert doc.text == TEXT.replace("\n", "\r\n")
    assert doc.encoding == "gb18030"


def test_bad_files_are_reported_by_name_and_others_still_read(tmp_path):
    (tmp_path / "a-good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (tmp_path / "d-latin.txt").write_bytes(b"\xff\xfe\xfd" * 3 + b"\x00\x01\x02" * 50)
    corpus = ingest.read_inputs([tmp_path], Options())
    assert [d.id for d in corpus.documents] == ["a-good"]
    messages = {w.source.rsplit("/", 1)[-1]: w.message for w in corpus.warnings}
    assert "empty" in messages["b-empty.txt"]
    assert "binary" in messages["c-binary.txt"]
    assert "d-latin.txt" in messages


def test_jsonl_metadata_and_malformed_lines(tmp_path):
    f = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": "第一篇", "date": "2014-03-02", "newspaper": "某某日报", "page": 3}),
        "{not json",
        json.dumps({"id": "n2"}),
        json.dumps(["a list"]),
        json.dumps({"id": "n3", "text": "第三篇", "date": "March"}),
        "",
        json.dumps({"id": "n1", "text": "重复的编号"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = ingest.read_inputs([f], Options(issue_date="2014-01-01"))
    docs = corpus.documents
    assert [d.id for d in docs] == ["n1", "n3", "n1~2"]
    assert docs[0].date == "2014-03-02" and docs[0].newspaper == "某某日报" and docs[0].page == "3"
    assert docs[0].line == 1 and docs[1].line == 5
    assert docs[1].date == "2014-01-01"  # a bad date falls back to --issue-date, with a warning
    by_line = {w.line: w.message for w in corpus.warnings}
    assert "malformed JSON" in by_line[2]
    assert "text" in by_line[3]
    assert "object" in by_line[4]
    assert "date" in by_line[5]
    assert "duplicate" in by_line[7]


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        ingest.read_inputs([tmp_path / "nope.txt"], Options())


def test_no_input_means_the_bundled_sample():
    corpus = ingest.read_inputs([], Options())
    assert len(corpus.documents) == 1
    assert corpus.documents[0].id == "jiaozuo-union-page"


def test_html_and_turtle_lookalikes_are_read_with_a_warning(tmp_path):
    (tmp_path / "h.txt").write_text("<html><body><p>新闻</p></body></html>", encoding="utf-8")
    (tmp_path / "t.txt").write_text('@prefix s: <https://schema.org/> .\n<a> s:name "x" .', encoding="utf-8")
    corpus = ingest.read_inputs([tmp_path], Options())
    assert len(corpus.documents) == 2
    text = " ".join(w.message for w in corpus.warnings)
    assert "HTML" in text and "Turtle" in text


def test_folders_are_read_in_sorted_order_with_relative_ids(tmp_path):
    for name in ["b/2.txt", "a/1.txt", "c.txt"]:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("内容" + name, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    corpus = ingest.read_inputs([tmp_path], Options())
    assert [d.id for d in corpus.documents] == ["a/1", "b/2", "c"]
