"""Score the shipped NER model beside jieba's posseg nr/ns/nt tags on the held-out dev slices.

    .venv/bin/python bench/bench_ner.py [--data-dir ../shared/ner] [--limit N] [--skip-jieba]
        [--model candidate.crfsuite --lexicon candidate.tsv.gz]

The dev slices are the ones ``kg.ner.train`` holds out (``kg.ner.data.split``): never trained on.
Speed is CPU time of this process (the machine may be shared), characters per second.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.ner import load_model  # noqa: E402
from kg.ner.data import Sentence, default_data_dir, load_splits, score  # noqa: E402

#: jieba POS tag prefix -> project type.
JIEBA_TYPES = (("nr", "Person"), ("ns", "Place"), ("nt", "Organization"))


@functools.lru_cache(maxsize=1)
def jieba_posseg():
    """A private jieba tokenizer + POS tagger (never the global one)."""
    import jieba
    import jieba.posseg

    tok = jieba.Tokenizer()
    tok.initialize()
    return jieba.posseg.POSTokenizer(tok)


def jieba_predict(text: str) -> list[tuple[int, int, str]]:
    """Entity spans from jieba's posseg tags."""
    spans = []
    pos = 0
    for pair in jieba_posseg().cut(text):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        for prefix, typ in JIEBA_TYPES:
            if flag.startswith(prefix):
                spans.append((start, pos, typ))
                break
    return spans


def run(name: str, predict, dev: list[Sentence]) -> None:
    texts = [s.text for s in dev]
    t = time.process_time()
    preds = [predict(x) for x in texts]
    dt = time.process_time() - t
    n = sum(map(len, texts))
    sc = score([s.spans for s in dev], preds)
    print(sc.table(f"{name}: {len(dev)} sentences, {n:,} chars, {n / max(dt, 1e-9):,.0f} chars/s (CPU)"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0, help="first N dev sentences per slice")
    ap.add_argument("--skip-jieba", action="store_true")
    ap.add_argument("--model", default=None, help="a candidate model file (default: the shipped one)")
    ap.add_argument("--lexicon", default=None, help="the lexicon the candidate was trained with")
    args = ap.parse_args(argv)
    splits = load_splits(args.data_dir or default_data_dir())
    model = load_model(args.model, args.lexicon)
    model.predict("预热")
    if not args.skip_jieba:
        jieba_predict("预热")
    for corpus, (_train, dev) in splits.items():
        dev = dev[: args.limit] if args.limit else dev
        print(f"=== {corpus} (held-out dev slice)")
        run("kg.ner CRF", model.predict, dev)
        if not args.skip_jieba:
            run("jieba posseg nr/ns/nt", jieba_predict, dev)
    return 0


if __name__ == "__main__":
    sys.exit(main())
