"""``cache.document_key`` hashes the sorted JSON of the document, the stage options and the version."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from kg import cache
from kg.model import Document, Options


def _reference_key(doc: Document, options: Options, version: str) -> str:
    payload = {
        "doc": {f.name: getattr(doc, f.name) for f in dataclasses.fields(Document)},
        "options": cache.stage_options(options),
        "pipeline": version,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def test_document_key_is_the_hash_of_the_whole_payload():
    docs = [
        Document(id="d1", text="江城市总工会举行座谈会。", source="a.jsonl", line=3),
        Document(
            id="d2", text='引号"与\\斜杠\n换行', source="b.txt", date="2024-05-01", newspaper="江城日报"
        ),
    ]
    for options in (Options(), Options(issue_date="2024-01-02")):
        for doc in docs:
            for version in ("v1", 'with "quotes"'):
                assert cache.document_key(doc, options, version) == _reference_key(doc, options, version)
    assert cache.document_key(docs[0], Options(), "v1") != cache.document_key(docs[0], Options(), "v2")
