"""Readers for the public NER training files, the held-out split, and the exact-span scorer.

Everything here is deterministic: the dev slice of each file is the last 10% of a shuffle seeded with
``SEED``, so ``kg.ner.train`` and ``bench/bench_ner.py`` always score the same sentences, and those
sentences are never used for training.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Project entity types, in the order used in reports.
TYPES: tuple[str, ...] = ("Person", "Organization", "Place")

#: Training-file type names -> project types (anything else is O).
TYPE_MAP: dict[str, str] = {
    "PER": "Person",
    "NAME": "Person",
    "name": "Person",
    "ORG": "Organization",
    "organization": "Organization",
    "company": "Organization",
    "government": "Organization",
    "LOC": "Place",
    "GPE": "Place",
    "address": "Place",
}

SEED = 20240611
DEV_FRACTION = 0.10

#: The three corpora, by short name -> file name under the data directory.
FILES: dict[str, str] = {
    "peoples_daily": "peoples-daily.train.bio",
    "cluener": "cluener2020.train.jsonl",
    "resume": "resume.train.bmes",
}

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Sentence:
    """One gold sentence: text plus half-open (start, end, type) spans in project types."""

    text: str
    spans: tuple[Span, ...]


def default_data_dir() -> Path:
    """``../shared/ner`` relative to the repository root (the layout of the shared workspace)."""
    return Path(__file__).resolve().parents[3] / "shared" / "ner"


def _tagged_lines(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Yield sentences of ``(char, tag)`` from a one-char-per-line file, blank line between sentences."""
    sent: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if sent:
                    yield sent
                sent = []
                continue
            parts = line.split()
            if len(parts) == 1:  # a space character whose own line is "  O"
                ch, tag = " ", parts[0]
            else:
                ch, tag = parts[0], parts[-1]
            sent.append((ch, tag))
    if sent:
        yield sent


def _spans_from_tags(tags: Sequence[str]) -> list[Span]:
    """Decode BIO or BMES tags into (start, end, raw_type) spans, leniently (a stray I opens a span)."""
    spans: list[Span] = []
    start, cur = -1, ""

    def close(i: int) -> None:
        nonlocal start, cur
        if cur:
            spans.append((start, i, cur))
        start, cur = -1, ""

    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if prefix == "B" or (prefix in ("I", "M") and typ != cur):
            close(i)
            start, cur = i, typ
        elif prefix == "S":
            close(i)
            spans.append((i, i + 1, typ))
        elif prefix == "E":
            if typ != cur:
                close(i)
                start, cur = i, typ
            close(i + 1)
        elif prefix not in ("I", "M"):
            close(i)
    close(len(tags))
    return spans


def _map_spans(spans: Iterable[tuple[int, int, str]]) -> tuple[Span, ...]:
    mapped = [(s, e, TYPE_MAP[t]) for s, e, t in spans if t in TYPE_MAP]
    return tuple(drop_nested(mapped))


def drop_nested(spans: Iterable[Span]) -> list[Span]:
    """Keep the outermost spans: a mention inside a longer mention is not counted (the bar's rule)."""
    out: list[Span] = []
    for s, e, t in sorted(set(spans), key=lambda x: (x[0], -x[1], x[2])):
        if out and s < out[-1][1]:  # overlaps (or is inside) the kept span that starts earlier
            continue
        out.append((s, e, t))
    return out


def read_tagged(path: Path) -> list[Sentence]:
    """Read a BIO/BMES file into Sentences (project types only)."""
    out = []
    for sent in _tagged_lines(path):
        text = "".join(c for c, _ in sent)
        out.append(Sentence(text, _map_spans(_spans_from_tags([t for _, t in sent]))))
    return out


def read_cluener(path: Path) -> list[Sentence]:
    """Read CLUENER JSONL (end offsets inclusive) into Sentences (project types only)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            raw = []
            for typ, mentions in (obj.get("label") or {}).items():
                for positions in mentions.values():
                    for s, e in positions:
                        raw.append((s, e + 1, typ))
            out.append(Sentence(obj["text"], _map_spans(raw)))
    return out


def read_corpus(name: str, data_dir: Path | None = None) -> list[Sentence]:
    """Read one of ``FILES`` by short name."""
    path = (data_dir or default_data_dir()) / FILES[name]
    return read_cluener(path) if path.suffix == ".jsonl" else read_tagged(path)


def split(sentences: Sequence[Sentence], seed: int = SEED) -> tuple[list[Sentence], list[Sentence]]:
    """Deterministic (train, dev) split: dev is the last ``DEV_FRACTION`` of a seeded shuffle."""
    idx = list(range(len(sentences)))
    random.Random(seed).shuffle(idx)
    n_dev = int(len(idx) * DEV_FRACTION)
    cut = len(idx) - n_dev
    return [sentences[i] for i in idx[:cut]], [sentences[i] for i in idx[cut:]]


def load_splits(data_dir: Path | None = None) -> dict[str, tuple[list[Sentence], list[Sentence]]]:
    """All three corpora, each split into (train, dev)."""
    return {name: split(read_corpus(name, data_dir)) for name in FILES}


@dataclass
class Score:
    """Exact-span counts per type, with P/R/F helpers."""

    tp: dict[str, int]
    fp: dict[str, int]
    fn: dict[str, int]

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def by_type(self, typ: str) -> tuple[float, float, float]:
        return self.prf(self.tp[typ], self.fp[typ], self.fn[typ])

    def micro(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def table(self, title: str) -> str:
        lines = [f"{title}", f"  {'type':<13}{'P':>7}{'R':>7}{'F':>7}{'gold':>7}"]
        for typ in TYPES:
            p, r, f = self.by_type(typ)
            lines.append(f"  {typ:<13}{p:7.3f}{r:7.3f}{f:7.3f}{self.tp[typ] + self.fn[typ]:7d}")
        p, r, f = self.micro()
        lines.append(
            f"  {'ALL':<13}{p:7.3f}{r:7.3f}{f:7.3f}{sum(self.tp.values()) + sum(self.fn.values()):7d}"
        )
        return "\n".join(lines)


def score(gold: Sequence[Iterable[Span]], pred: Sequence[Iterable[Span]]) -> Score:
    """Exact-span scoring over PER/ORG/LOC; nested spans on either side are dropped first."""
    tp = dict.fromkeys(TYPES, 0)
    fp = dict.fromkeys(TYPES, 0)
    fn = dict.fromkeys(TYPES, 0)
    for g, p in zip(gold, pred, strict=True):
        gs = {x for x in drop_nested(g) if x[2] in tp}
        ps = {x for x in drop_nested(p) if x[2] in tp}
        for x in gs & ps:
            tp[x[2]] += 1
        for x in ps - gs:
            fp[x[2]] += 1
        for x in gs - ps:
            fn[x[2]] += 1
    return Score(tp, fp, fn)


def evaluate(
    predict_many: Callable[[list[str]], list[list[Span]]],
    splits: dict[str, tuple[list[Sentence], list[Sentence]]],
) -> dict[str, Score]:
    """Score a predictor on the dev slice of each corpus (the same slices everywhere)."""
    out: dict[str, Score] = {}
    for name, (_train, dev) in splits.items():
        out[name] = score([s.spans for s in dev], predict_many([s.text for s in dev]))
    return out
