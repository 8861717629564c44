"""A shipped character CRF for Person / Organization / Place mentions in Chinese news text.

``load_model()`` opens the model file packaged beside this module (trained by ``python -m kg.ner.train``
on the public data in ``../shared/ner``); nothing is loaded at import time. ``predict`` returns half-open
``(start, end, type)`` offsets into exactly the text it was given.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path

from kg.ner.features import Lexicon, features_of_folded, fold, read_lexicon

MODEL_FILE = "ner.crfsuite"
LEXICON_FILE = "lexicon.tsv.gz"

#: Sentence ends: the CRF sees one short sentence at a time (newlines are paragraph breaks).
_SENT_END = re.compile(r"[。！？；!?;\n]+")
#: Chunk length for runs without sentence punctuation (keeps sequences short and memory flat).
MAX_CHUNK = 200

#: BIOES tag suffixes used in the model -> project types.
TAG_TYPES = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}

Span = tuple[int, int, str]


def sentence_chunks(text: str, max_len: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """Half-open (start, end) pieces of ``text``: sentences, with long ones cut at ``max_len``.

    A cut prefers the last comma or space inside the window so a name is rarely split in two.
    """
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        pieces.append((start, m.end()))
        start = m.end()
    if start < len(text):
        pieces.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        while e - s > max_len:
            window = text[s : s + max_len]
            cut = max(window.rfind("，"), window.rfind(","), window.rfind("、"), window.rfind(" "))
            cut = s + cut + 1 if cut >= max_len // 2 else s + max_len
            out.append((s, cut))
            s = cut
        if e > s and text[s:e].strip():
            out.append((s, e))
    return out


def tags_to_spans(tags: Sequence[str], offset: int = 0) -> list[Span]:
    """Decode BIOES or BIO tags (``B-PER`` ...) into project-typed spans, leniently.

    E closes a span and S is a one-char span (BIOES tells the model where a name ends, which is what
    exact-span scoring rewards); a stray I or E opens a span, so plain BIO tags decode as before.
    """
    spans: list[Span] = []
    start, cur = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" and not cur:  # most characters: nothing open, nothing opens
            continue
        prefix, _, typ = tag.partition("-")
        if prefix in ("I", "E") and typ == cur:
            if prefix == "E":
                spans.append((offset + start, offset + i + 1, TAG_TYPES[cur]))
                start, cur = -1, ""
            continue
        if cur:
            spans.append((offset + start, offset + i, TAG_TYPES[cur]))
        start, cur = -1, ""
        if typ not in TAG_TYPES:
            continue
        if prefix in ("S", "E"):
            spans.append((offset + i, offset + i + 1, TAG_TYPES[typ]))
        elif prefix in ("B", "I"):
            start, cur = i, typ
    return spans


class NerModel:
    """A loaded CRF tagger plus the lexicon its features were trained with."""

    #: batches of fewer characters are tagged by crfsuite one sentence at a time (no gain in numpy)
    BATCH_MIN_CHARS = 400
    #: the numpy tagger is loaded once crfsuite has tagged this many characters: loading it (numpy's
    #: import, the model's and lexicon's hashes, their arrays: 0.2-0.3 s) costs about what it saves on
    #: 12,000-17,000 characters (crfsuite about 20 us a character, the numpy tagger about 4 in batches
    #: of pd5k's sentences), so a small input never pays for it and a big one pays at most that much
    #: extra. Until then ``tag_sentence`` runs crfsuite; afterwards it only reads ``prefetch``'s tags.
    ARRAYS_AFTER_CHARS = 15_000
    #: the numpy tagger takes a big batch this many characters at a time (its arrays stay a few MB)
    SLICE_CHARS = 16_000

    def __init__(
        self,
        model_path: Path,
        lexicon: Lexicon,
        ensure: Callable[[str], None] | None = None,
        lexicon_path: Path | None = None,
    ) -> None:
        """``ensure(folded_text)`` loads the lexicon entries a text needs when the lexicon fills lazily;
        ``lexicon_path``, the file the lexicon was read from, gives the numpy tagger its n-gram table."""
        import pycrfsuite

        self.model_path = model_path
        self.lexicon = lexicon
        self.lexicon_path = lexicon_path
        self._ensure = ensure
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._array_tagger: object = None  # kg.ner.crf.ArrayTagger, loaded by the first big batch
        self._ready: dict[str, list[str]] = {}  # sentence -> tags, from the last ``prefetch``
        self._chunks: dict[str, list[tuple[int, int]]] = {}  # text -> its sentence_chunks, the same
        self._crfsuite_chars = 0  # characters crfsuite tagged so far (see ARRAYS_AFTER_CHARS)

    def tag_sentence(self, text: str) -> list[str]:
        """BIOES tags for one short sentence."""
        if not text:
            return []
        ready = self._ready.get(text)
        if ready is not None:
            return ready
        folded = fold(text)
        if self._ensure is not None:
            self._ensure(folded + "$$")  # the features look up n-grams running into the end padding
        self._crfsuite_chars += len(text)
        return self._tagger.tag(features_of_folded(folded, self.lexicon))

    def tag_many(self, sentences: Sequence[str]) -> list[list[str]]:
        """``tag_sentence`` of each sentence: a big batch in one go with numpy (``kg.ner.crf``, the same
        tags) once crfsuite has tagged ``ARRAYS_AFTER_CHARS``, else with crfsuite."""
        size = sum(map(len, sentences))
        arrays = None
        if size >= self.BATCH_MIN_CHARS and (
            self._array_tagger is not None or self._crfsuite_chars >= self.ARRAYS_AFTER_CHARS
        ):
            arrays = self._arrays()
        if arrays is None:
            return [self.tag_sentence(s) for s in sentences]
        folded = [fold(s) for s in sentences]
        if self._ensure is not None and not arrays.has_table:
            self._ensure("$$".join(["", *folded, ""]))
        # shortest first: a slice's Viterbi runs as many steps as its longest sentence and pads the
        # others to it, so sentences of like lengths go together (each sentence's tags are its own)
        order = sorted(range(len(folded)), key=lambda k: len(folded[k]))
        out: list[list[str]] = [[] for _ in folded]
        start = taken = 0
        for end, k in enumerate(order, 1):
            taken += len(folded[k])
            if taken >= self.SLICE_CHARS or end == len(order):
                part = order[start:end]
                for j, tags in zip(part, arrays.tag_many([folded[j] for j in part]), strict=True):
                    out[j] = tags
                start, taken = end, 0
        return out

    def _arrays(self):
        """The numpy tagger of this model, or None when numpy or the model's format is not there."""
        if self._array_tagger is None:
            try:
                from kg.ner.crf import load_array_tagger

                self._array_tagger = load_array_tagger(
                    self.model_path, self.lexicon, lexicon_path=self.lexicon_path
                )
            except (ImportError, ValueError, OSError):
                self._array_tagger = False
        return self._array_tagger or None

    def prefetch(self, texts: Iterable[str]) -> None:
        """Tag every sentence of ``texts`` now, in one batch; ``predict`` of a text made of the same
        sentences then only reads the tags (until the next ``prefetch``, which replaces them). Many
        one-sentence documents cost little this way; the results are exactly ``predict``'s."""
        chunks = {t: sentence_chunks(t) for t in texts}
        sentences = sorted({t[s:e] for t, cs in chunks.items() for s, e in cs})
        self._ready, self._chunks = {}, {}
        self._ready = dict(zip(sentences, self.tag_many(sentences), strict=True))
        self._chunks = chunks  # ``predict`` of these texts does not cut them again

    def predict(self, text: str) -> list[Span]:
        """Entity spans in ``text``: half-open offsets, type Person / Organization / Place, sorted."""
        spans: list[Span] = []
        chunks = self._chunks.get(text)
        for s, e in sentence_chunks(text) if chunks is None else chunks:
            spans.extend(tags_to_spans(self.tag_sentence(text[s:e]), s))
        return sorted(spans)

    def predict_many(self, texts: Iterable[str]) -> list[list[Span]]:
        """``predict`` over many texts (their sentences tagged in one batch)."""
        texts = list(texts)
        chunks = [sentence_chunks(t) for t in texts]
        tags = iter(self.tag_many([t[s:e] for t, cs in zip(texts, chunks, strict=True) for s, e in cs]))
        out = []
        for cs in chunks:
            spans: list[Span] = []
            for s, _e in cs:
                spans.extend(tags_to_spans(next(tags), s))
            out.append(sorted(spans))
        return out


def prefetch(texts: Iterable[str]) -> None:
    """``NerModel.prefetch`` on the shipped model (what ``kg.extract`` uses), when it is installed."""
    try:
        load_model().prefetch(texts)
    except Exception:  # no model (the rules run alone), or it failed: each text is tagged when asked
        return


def model_paths() -> tuple[Path, Path]:
    """Filesystem paths of the shipped model and lexicon files."""
    base = resources.files("kg.ner")
    return Path(str(base / MODEL_FILE)), Path(str(base / LEXICON_FILE))


@functools.lru_cache(maxsize=4)
def load_model(model_path: str | None = None, lexicon_path: str | None = None) -> NerModel:
    """Load (once per process) the shipped model, or the given files."""
    default_model, default_lex = model_paths()
    mp = Path(model_path) if model_path else default_model
    lp = Path(lexicon_path) if lexicon_path else default_lex
    if not mp.is_file() or not lp.is_file():
        raise FileNotFoundError(f"NER model files missing: {mp}, {lp} (run python -m kg.ner.train)")
    lex, ensure = _lazy_lexicon(lp)
    return NerModel(mp, lex, ensure, lp)


#: bump when the lexicon tables are built differently (it names a new cache file)
_LEXICON_TABLES_VERSION = 1


def _lazy_lexicon(path: Path) -> tuple[Lexicon, Callable[[str], None]]:
    """The lexicon at ``path`` read through a per-character cache file (see ``kg.extract.lazydict``):
    parsing it costs half a second, while a few thousand sentences use a fraction of its entries."""
    from kg.extract import lazydict

    key = _lexicon_key(path)
    tables = lazydict.load("nerlex", key, lambda: _lexicon_tables(path), shipped=shipped_lexicon_tables())
    return Lexicon(tables.tables[0], frozenset(tables.extra)), tables.ensure


def _lexicon_key(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes() + f"|{_LEXICON_TABLES_VERSION}".encode()).hexdigest()


def _lexicon_tables(path: Path) -> tuple[list[dict], object]:
    lex = read_lexicon(path)
    return [lex.words], sorted(lex.suffixes)


def shipped_lexicon_tables() -> Path:
    """Where the shipped lexicon's tables are (used only while they match the lexicon's bytes)."""
    return Path(str(resources.files("kg") / "resources" / "tables" / "nerlex.bin.gz"))


def ship_lexicon_tables() -> Path:
    """Rebuild the shipped tables of the shipped lexicon (after ``python -m kg.ner.train``)."""
    from kg.extract import lazydict

    lex_path = model_paths()[1]
    out = shipped_lexicon_tables()
    lazydict.ship(out, _lexicon_key(lex_path), *_lexicon_tables(lex_path))
    return out


__all__ = ["NerModel", "load_model", "prefetch", "sentence_chunks", "tags_to_spans"]
