"""Issue 4's measure, end to end: ``kg build corpus.jsonl`` on held-out sentences, scored from mentions.jsonl.

    .venv/bin/python bench/bench_ner_build.py [--limit N] [--corpus peoples_daily cluener resume]

Each dev sentence (the slices ``kg.ner.train`` never trains on) becomes one JSONL document; the whole
pipeline runs (normalise, segment, rules + NER, link, RDF, every output file); the Person/Organization/
Place rows of mentions.jsonl are scored by exact span, nested mentions inside a longer one dropped, against
the gold spans. Beside it, the model alone on the same sentences, so that the rules' effect shows.
Throughput is characters of input per second of CPU time for the whole build (model loading included and
excluded), on one core (--jobs 1).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--limit", type=int, default=1000, help="sentences per corpus (0: the whole dev slice)")
    ap.add_argument("--corpus", nargs="*", default=["peoples_daily", "cluener"])
    args = ap.parse_args()
    t = time.process_time()
    model = load_model()
    load_cpu = time.process_time() - t
    splits = load_splits(args.data_dir)
    print(f"model load: {load_cpu:.2f} s CPU")
    for name in args.corpus:
        dev = splits[name][1]
        if args.limit:
            dev = dev[: args.limit]
        with tempfile.TemporaryDirectory() as tmp:
            built, cpu, chars = build_and_score(dev, Path(tmp))
        alone = score([s.spans for s in dev], model.predict_many([s.text for s in dev]))
        print(built.table(f"\n{name}: kg build -> mentions.jsonl ({len(dev)} sentences, {chars} chars)"))
        print(alone.table(f"{name}: the NER model alone, same sentences"))
        print(f"  whole build: {chars / cpu:,.0f} chars/s CPU ({cpu:.1f} s)")


if __name__ == "__main__":
    main()
