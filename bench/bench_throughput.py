"""kg build throughput against jieba's own ``cut`` and ``posseg`` on the same text (characters/s).

    .venv/bin/python bench/bench_throughput.py [--pages 100]

jieba is the floor a jieba-based pipeline stands on: the bar is kg build >= 0.5 x posseg per core.
Model and dictionary loading are excluded on both sides (both warmed up first); the build runs in this
process with --jobs 1 (one core), so the ratio is per core. The per-document stages and the corpus
stages (link, rdf, write, viz) are shown separately, in CPU seconds. ``--input`` measures a corpus of
one's own instead (issue 4's one-sentence JSONL corpora: the bar there is 50,000 chars/s for the build).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import corpus, table  # noqa: E402


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--input", help="a corpus file or folder instead of generated pages (e.g. a JSONL)")
    a = ap.parse_args(argv)

    import jieba
    import jieba.posseg

    from kg import ingest, parallel, pipeline
    from kg.model import Options

    folder = Path(a.input) if a.input else corpus(a.pages)
    texts = [d.text for d in ingest.read_inputs([folder], Options()).documents]
    chars = sum(len(t) for t in texts)

    tok = jieba.Tokenizer()
    tok.initialize()
    pos = jieba.posseg.POSTokenizer(tok)
    t = time.process_time()
    for text in texts:
        list(tok.cut(text))
    cut_s = time.process_time() - t
    t = time.process_time()
    for text in texts:
        list(pos.cut(text))
    pos_s = time.process_time() - t

    pipeline.process_document(parallel.warmup_document(), Options())  # load models: not measured
    with tempfile.TemporaryDirectory() as out:
        t, w = time.process_time(), time.perf_counter()
        result = pipeline.build([str(folder)], Options(outdir=out, jobs=1))
        build_s, build_wall = time.process_time() - t, time.perf_counter() - w
    tm = result.timings
    rows = [
        ["jieba cut", "cpu", cut_s, chars / cut_s],
        ["jieba posseg", "cpu", pos_s, chars / pos_s],
        ["kg build (whole)", "cpu", build_s, chars / build_s],
        ["kg build (whole)", "wall", build_wall, chars / build_wall],
    ]
    for stage in ("ingest", "documents", "link", "rdf", "write", "viz", "cache"):
        if result.cpu.get(stage):
            rows.append([f"  stage {stage}", "cpu", result.cpu[stage], chars / result.cpu[stage]])
        elif tm.get(stage):
            rows.append([f"  stage {stage}", "wall", tm[stage], chars / tm[stage]])
    what = a.input or f"{a.pages} pages"
    print(
        f"{what}: {len(texts):,} documents, {chars:,} characters, one core (--jobs 1, models loaded first)\n"
    )
    print(table(["", "clock", "seconds", "chars/s"], rows))
    ratios = {
        "build/posseg": (chars / build_s) / (chars / pos_s),
        "build/cut": (chars / build_s) / (chars / cut_s),
        "documents/posseg": (chars / tm["documents"]) / (chars / pos_s),
    }
    print()
    for k, v in ratios.items():
        print(f"ratio {k}: {v:.2f}x")
    print("bar: build/posseg >= 0.50x per core")
    return ratios


if __name__ == "__main__":
    main()
