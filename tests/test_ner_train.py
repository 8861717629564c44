"""Training the NER model: BIOES gold tags decode back to the gold spans, and the CLI trains end to end.

All sentences here are invented; the tiny corpora are written in the three public formats.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ner import NerModel, tags_to_spans
from kg.ner.data import Sentence
from kg.ner.features import read_lexicon
from kg.ner.train import bioes_tags, main

SENTENCES = [
    Sentence("记者牛大田报道", ((2, 5, "Person"),)),
    Sentence("蓝湖县农机站站长鲍一说", ((0, 3, "Place"), (3, 6, "Organization"), (8, 10, "Person"))),
    Sentence("毛在宁", ((0, 1, "Person"), (2, 3, "Place"))),
    Sentence("没有名字的句子", ()),
]


@pytest.mark.parametrize("sent", SENTENCES, ids=lambda s: s.text)
def test_bioes_tags_round_trip(sent):
    tags = bioes_tags(sent)
    assert len(tags) == len(sent.text)
    assert tags_to_spans(tags) == sorted(sent.spans)


def test_bioes_tag_shapes():
    assert bioes_tags(SENTENCES[1])[:10] == [
        "B-LOC", "I-LOC", "E-LOC", "B-ORG", "I-ORG", "E-ORG", "O", "O", "B-PER", "E-PER",
    ]  # fmt: skip
    assert bioes_tags(SENTENCES[2]) == ["S-PER", "O", "S-LOC"]


def test_bioes_decoding_is_lenient():
    # an E without its B, an I running into another type, S inside an open span
    assert tags_to_spans(["E-PER", "B-ORG", "I-LOC", "E-LOC", "B-PER", "S-LOC", "I-ORG"], 3) == [
        (3, 4, "Person"),
        (4, 5, "Organization"),
        (5, 7, "Place"),
        (7, 8, "Person"),
        (8, 9, "Place"),
        (9, 10, "Organization"),
    ]
    assert tags_to_spans(["B-PER", "I-PER", "E-PER", "E-PER"]) == [(0, 3, "Person"), (3, 4, "Person")]


def _write_corpora(data: Path) -> None:
    """The three public formats, 20 invented sentences each (2 of them land in each dev slice)."""
    people = ["牛大田", "鲍一", "车小林", "元翠翠", "谷满仓"]
    places = ["蓝湖县", "青石镇", "白沙市", "石门乡"]
    cl, pd, rs = [], [], []
    for i in range(20):
        per, loc = people[i % len(people)], places[i % len(places)]
        text = f"{loc}的{per}说"
        cl.append(
            {
                "text": text,
                "label": {
                    "address": {loc: [[0, len(loc) - 1]]},
                    "name": {per: [[len(loc) + 1, len(loc) + len(per)]]},
                },
            }
        )
        bio = ["B-LOC"] + ["I-LOC"] * (len(loc) - 1) + ["O"] + ["B-PER"] + ["I-PER"] * (len(per) - 1) + ["O"]
        pd.append("".join(f"{c} {t}\n" for c, t in zip(text, bio, strict=True)))
        bmes = [t.replace("I-PER", "M-NAME").replace("B-PER", "B-NAME") for t in bio]
        rs.append("".join(f"{c} {t}\n" for c, t in zip(text, bmes, strict=True)))
    (data / "cluener2020.train.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in cl), encoding="utf-8"
    )
    (data / "peoples-daily.train.bio").write_text("\n".join(pd), encoding="utf-8")
    (data / "resume.train.bmes").write_text("\n".join(rs), encoding="utf-8")


def test_train_cli_end_to_end(tmp_path, capsys):
    data, out = tmp_path / "data", tmp_path / "model"
    data.mkdir()
    _write_corpora(data)
    args = ["--data-dir", str(data), "--out", str(out), "--max-iterations", "30", "--minfreq", "1"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "dev cluener" in printed and "model+lexicon" in printed
    model = NerModel(out / "ner.crfsuite", read_lexicon(out / "lexicon.tsv.gz"))
    labels = set(model._tagger.labels())
    assert {"B-PER", "E-PER", "B-LOC", "I-LOC", "E-LOC"} <= labels
    text = "青石镇的车小林说"
    assert model.predict(text) == [(0, 3, "Place"), (4, 7, "Person")]
