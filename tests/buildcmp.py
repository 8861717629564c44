"""Helpers shared by the parallel, incremental and distributed tests: small corpora and build comparison."""

from __future__ import annotations

import json
from pathlib import Path

from bench.gen_corpus import write_corpus
from kg import pipeline
from kg.model import Options

#: every file a build writes that must be byte-identical between equivalent builds
COMPARED = ["graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "mentions.jsonl", "entities.csv"]


def corpus(folder: Path, n: int, seed: int = 1) -> Path:
    """``n`` generated pages (invented people and organisations, gazetteer places) in ``folder``."""
    return write_corpus(n, folder, seed=seed)


def build(inputs: list[Path], outdir: Path, **options) -> pipeline.BuildResult:
    return pipeline.build([str(p) for p in inputs], Options(outdir=str(outdir), **options))


def outputs(outdir: Path) -> dict[str, bytes | dict]:
    """The build's files, ``report.json`` without timings and cache counts (the parts allowed to differ)."""
    out: dict[str, bytes | dict] = {name: (outdir / name).read_bytes() for name in COMPARED}
    report = json.loads((outdir / "report.json").read_text(encoding="utf-8"))
    report.pop("timings"), report.pop("cache")
    out["report.json"] = report
    return out


def assert_same_build(a: Path, b: Path) -> None:
    oa, ob = outputs(a), outputs(b)
    for name in oa:
        assert oa[name] == ob[name], f"{name} differs between {a} and {b}"
    # graph.html carries the output folder's name in its title: compare it with that name masked
    ha = (a / "graph.html").read_text(encoding="utf-8").replace(a.name, "OUT")
    hb = (b / "graph.html").read_text(encoding="utf-8").replace(b.name, "OUT")
    assert ha == hb, "graph.html differs"
