"""The shipped CRF's Viterbi tagging of many sentences at once with numpy, the tags crfsuite gives.

Why: crfsuite's own Viterbi is fast, but feeding it is not: each character carries 15 feature strings
built in Python, handed one by one to crfsuite and looked up in its string database, and all of that
happens again for every sentence. Here the model file is read once into arrays (a weight row per
attribute, the transition matrix) and each feature template gets a dict from its key (a char, a bigram,
a lexicon class ...) to the attribute's row; a batch of sentences then costs the columns of
``kg.ner.features.columns_of_folded`` made for the whole batch at once (``batch_columns``: a lexicon
lookup per bigram, the longer n-grams only where a word continues), a few numpy gathers for the
emission scores and one Viterbi over the whole batch (sentences sorted by length, each step on the
ones still running). Sentence by sentence this is no faster than crfsuite (a numpy step costs about
what crfsuite spends on a whole character); the win is the batch.

Same tags as crfsuite: the emission scores add the same weights in the same order (template after
template, as crfsuite adds an item's attributes), the Viterbi does crfsuite's additions in its order and
breaks ties the same way (the lowest label index). ``tests/test_ner.py`` compares the two.

The model file is crfsuite's ``crf1d`` format (magic ``lCRF``, type ``FOMC``, version 100): a header of
offsets, a chunk of features (type, source, destination, weight; type 0 attribute -> label, type 1 label
-> label), and the label and attribute names in CQDB databases whose backward arrays give each id's
record (id, size, name + NUL).
"""

from __future__ import annotations

import re
import struct
from bisect import bisect_left
from collections.abc import Callable, Sequence
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING

from kg.ner.features import Lexicon

if TYPE_CHECKING:
    import numpy as np

#: the feature templates in the order ``features_of_folded`` emits them
UNIGRAMS = ("u0", "u-1", "u1", "u-2", "u2")  # the char at offset 0, -1, +1, -2, +2
BIGRAMS = ("b-1", "b0", "b-2", "b1")  # the bigram starting at offset -1, 0, -2, +1
OTHERS = ("s", "c", "ws", "we", "o")


class ModelFormatError(ValueError):
    """The file is not a crfsuite crf1d model this reader understands."""


def read_model(path: Path) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Labels, attribute names, state weights ``W[attr + 1, label]`` (row 0 all zero) and transitions
    ``T[from, to]`` of a crfsuite crf1d model file."""
    import numpy as np

    data = path.read_bytes()
    try:
        magic, _size, kind, version, _nf, nlabels, nattrs, off_feat, off_labels, off_attrs = (
            struct.unpack_from("<4sI4s7I", data, 0)
        )
        if magic != b"lCRF" or kind != b"FOMC" or version != 100:
            raise ModelFormatError(f"not a crfsuite crf1d model: {path}")
        chunk, _csize, nfeat = struct.unpack_from("<4sII", data, off_feat)
        if chunk != b"FEAT":
            raise ModelFormatError(f"no feature chunk in {path}")
        feats = np.frombuffer(
            data,
            dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
            count=nfeat,
            offset=off_feat + 12,
        )
        labels = _cqdb_names(data, off_labels, nlabels)
        attrs = _cqdb_names(data, off_attrs, nattrs)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, ModelFormatError):
            raise
        raise ModelFormatError(f"unreadable crfsuite model: {path}") from exc
    state = feats[feats["type"] == 0]
    trans = feats[feats["type"] == 1]
    if (
        len(state) + len(trans) != nfeat
        or (len(state) and (state["src"].max() >= nattrs or state["dst"].max() >= nlabels))
        or (len(trans) and max(trans["src"].max(), trans["dst"].max()) >= nlabels)
    ):
        raise ModelFormatError(f"features out of range in {path}")
    weights = np.zeros((nattrs + 1, nlabels))
    weights[state["src"].astype(np.intp) + 1, state["dst"]] = state["w"]
    transitions = np.zeros((nlabels, nlabels))
    transitions[trans["src"], trans["dst"]] = trans["w"]
    return labels, attrs, weights, transitions


def _cqdb_names(data: bytes, off: int, count: int) -> list[str]:
    """The names of ids 0..count-1 in the CQDB database at ``off``."""
    chunk, _size, _flag, _order, bwd_size, bwd_off = struct.unpack_from("<4s5I", data, off)
    if chunk != b"CQDB" or bwd_size < count:
        raise ModelFormatError("bad CQDB chunk")
    names = []
    head = struct.Struct("<II")
    for i, at in enumerate(struct.unpack_from(f"<{count}I", data, off + bwd_off)):
        rid, size = head.unpack_from(data, off + at)
        if rid != i or size < 1:
            raise ModelFormatError("bad CQDB record")
        start = off + at + 8
        names.append(data[start : start + size - 1].decode("utf-8"))
    return names


#: bump when the arrays are derived differently (it names a new cache file)
ARRAYS_VERSION = 1


def load_array_tagger(
    path: Path,
    lexicon: Lexicon,
    dirs: Sequence[Path] | None = None,
    lexicon_path: Path | None = None,
) -> ArrayTagger:
    """The ``ArrayTagger`` of the model file at ``path``: its arrays from the cache file keyed by a hash
    of the model's bytes when there is one (a few milliseconds), else derived from the model (about a
    second) and stored for the next process (in ``kg.extract.lazydict``'s cache directories).

    With ``lexicon_path`` (the file ``lexicon`` was read from) the tagger also gets the lexicon's
    ``NgramTable``, cached the same way, and reads no entry of ``lexicon``'s words (a lazy one need not be
    loaded for the texts); without, the caller has loaded the entries of the texts it tags."""
    import hashlib

    from kg.extract import lazydict

    # the model's digest is remembered between processes (``lazydict.file_digests``): reading and
    # hashing its 14 MB was a third of this function's time
    digest = lazydict.file_digests([path], dirs)[0]
    key = hashlib.sha256(digest + f"|arrays {ARRAYS_VERSION}".encode()).hexdigest()
    arrays = _cached_arrays("nercrf", key, lambda: derive_arrays(path), dirs)
    table = None
    if lexicon_path is not None:
        lex_key = hashlib.sha256(lexicon_path.read_bytes() + f"|ngrams {ARRAYS_VERSION}".encode()).hexdigest()
        table = NgramTable(_cached_arrays("nergrams", lex_key, lambda: _derive_ngrams(lexicon_path), dirs))
    return ArrayTagger(arrays, lexicon, table)


def _derive_ngrams(lexicon_path: Path) -> dict[str, np.ndarray]:
    from kg.ner.features import read_lexicon

    return NgramTable.arrays_of(read_lexicon(lexicon_path).words)


def _cached_arrays(
    prefix: str, key: str, derive: Callable[[], dict[str, np.ndarray]], dirs: Sequence[Path] | None
) -> dict[str, np.ndarray]:
    """The arrays ``derive`` makes, from the cache file of ``key`` when there is one, else derived and
    stored there for the next process."""
    import io
    import zipfile

    import numpy as np

    from kg.extract import lazydict

    name = f"{prefix}-{key[:24]}.npz"
    dirs = lazydict.cache_dirs() if dirs is None else list(dirs)
    for d in dirs:
        try:
            with np.load(d / name, allow_pickle=False) as z:
                if str(z["key"]) == key:
                    return {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            continue  # missing, torn or another's: derive again
    arrays = derive()
    arrays["key"] = np.array(key)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    for d in dirs:
        try:
            lazydict._save(d / name, buf.getvalue())
            break
        except OSError:
            continue
    return arrays


def derive_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays ``ArrayTagger`` works with, derived from a crfsuite model file.

    Chars get ids 1.. (0: a char no unigram, bigram or skip attribute has: ``chars`` holds the code
    points, sorted); ``uni_rows[char id, template]`` is the weight row of the five unigram templates;
    bigrams and skip pairs are integer keys ``id1 * (len(chars) + 1) + id2``, sorted (``*_keys``, a
    final -1 matching nothing), with their rows (``*_rows``); the four small templates keep their keys
    as strings (``<t>_keys``, ``<t>_rows``).
    """
    import numpy as np

    labels, attrs, weights, transitions = read_model(path)
    by_template: dict[str, dict[str, int]] = {}
    bias = 0
    for row, name in enumerate(attrs, 1):
        template, eq, key = name.partition("=")
        if eq:
            by_template.setdefault(template, {})[key] = row
        elif name == "b":
            bias = row
    uni = [{k: r for k, r in by_template.get(t, {}).items() if len(k) == 1} for t in UNIGRAMS]
    pairs = [{k: r for k, r in by_template.get(t, {}).items() if len(k) == 2} for t in (*BIGRAMS, "s")]
    chars = sorted({c for table in (*uni, *pairs) for k in table for c in k})
    base = len(chars) + 1
    cid = dict(zip(chars, range(1, base), strict=True))
    uni_rows = np.zeros((base, len(UNIGRAMS)), np.intp)
    for j, table in enumerate(uni):
        if table:
            uni_rows[[cid[k] for k in table], j] = list(table.values())

    def pair_table(tables: list[dict[str, int]]) -> tuple[np.ndarray, np.ndarray]:
        keyed = [{cid[k[0]] * base + cid[k[1]]: r for k, r in t.items()} for t in tables]
        keys = sorted({k for t in keyed for k in t})
        at = {k: i for i, k in enumerate(keys)}
        rows = np.zeros((len(keys) + 1, len(tables)), np.intp)
        for j, t in enumerate(keyed):
            if t:
                rows[[at[k] for k in t], j] = list(t.values())
        return np.array([*keys, -1], np.int64), rows

    out = {
        "labels": np.array(labels),
        "weights": weights,
        "transitions": transitions,
        "bias": np.array(bias),
        "chars": np.array([ord(c) for c in chars], np.int64),
        "uni_rows": uni_rows,
    }
    out["bi_keys"], out["bi_rows"] = pair_table(pairs[:4])
    out["skip_keys"], out["skip_rows"] = pair_table(pairs[4:])
    for t in OTHERS[1:]:
        table = by_template.get(t, {})
        out[f"{t}_keys"] = np.array(sorted(table), dtype=str)
        out[f"{t}_rows"] = np.array([table[k] for k in sorted(table)], np.intp)
    return out


#: the letters of ``kg.ner.features``' character classes (the ``c`` template's keys are three of them)
CLASSES = "HDLSAP^$"
#: the organisation-suffix marks (the ``o`` template's keys are two of them)
MARKS = "-123"


def _small_codes(table: dict[str, int], letters: str, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A template whose keys are ``width`` letters of ``letters`` as arrays: the code of each ASCII
    letter (1.., 0 for any other) and the row of each key's code (``((c1 * m) + c2) * m + ...`` with
    ``m = len(letters) + 1``; row 0, no attribute, for keys the model does not have)."""
    import numpy as np

    m = len(letters) + 1
    codes = np.zeros(128, np.intp)
    codes[[ord(c) for c in letters]] = np.arange(1, m)
    rows = np.zeros(m**width, np.intp)
    for key, row in table.items():
        if len(key) == width and all(c in letters for c in key):
            code = 0
            for c in key:
                code = code * m + int(codes[ord(c)])
            rows[code] = row
    return codes, rows


class ValueCodes(dict):
    """Lexicon value (``"r"``, ``"r+"``, ``"+"``, None ...) -> code ``(class + 1) * 2 + more``: ``class`` the
    index of its class letter in ``letters`` (first seen, first indexed; no class: the code is 0 or 1),
    ``more`` 1 when a longer word continues it (the value ends with ``+``). What ``_longest`` reads of a
    value: its first letter unless that is ``+``, and its last."""

    def __init__(self) -> None:
        super().__init__()
        self.letters: list[str] = []

    def __missing__(self, value: str | None) -> int:
        code = 0
        if value:
            if value[0] != "+":
                if value[0] not in self.letters:
                    self.letters.append(value[0])
                code = (self.letters.index(value[0]) + 1) * 2
            code += value[-1] == "+"
        self[value] = code
        return code


def ends_pattern(lex: Lexicon) -> re.Pattern | None:
    """A pattern matching any last character of an organisation suffix (None when there is none)."""
    ends = sorted(lex.suffix_ends)
    return re.compile("[" + "".join(map(re.escape, ends)) + "]") if ends else None


#: an n-gram's key in an ``NgramTable`` holds a code point every this many bits
_SHIFT = 21


def sorted_search(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``np.searchsorted(keys, query)``, the queries searched in sorted order: numpy narrows each search
    of a sorted query from the previous one, so a batch's thousands of look-ups walk the big tables in
    order (a third less time than the same searches in text order, the argsort included)."""
    import numpy as np

    order = np.argsort(query)
    out = np.empty(len(query), np.intp)
    out[order] = np.searchsorted(keys, query[order])
    return out


class NgramTable:
    """The 2-, 3- and 4-character entries of a whole lexicon as sorted integer keys, each table with a
    final key matching nothing, and their value codes (a ``ValueCodes`` whose letters are ``letters``):
    a batch's look-ups in a few ``searchsorted`` rather than a dict look-up of a fresh string each.

    Keys: a 2-gram ``c1 << 21 | c2``, a 3-gram ``c1 << 42 | c2 << 21 | c3``, a 4-gram the index of its
    first three characters among the 3-gram keys ``<< 21 | c4`` (the lexicon holds every prefix of its
    words). ``dollar`` is the code of the entry ``$`` (what a text's last char looks up as its 4-gram).
    """

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        import numpy as np

        self.keys = [arrays[f"keys{n}"] for n in (2, 3, 4)]
        self.codes = [arrays[f"codes{n}"].astype(np.intp) for n in (2, 3, 4)]
        self.dollar = int(arrays["dollar"])
        self.letters = [str(x) for x in arrays["letters"]]

    @staticmethod
    def arrays_of(words: dict[str, str]) -> dict[str, np.ndarray]:
        """The arrays of the table of the lexicon ``words`` (``kg.ner.features.read_lexicon``)."""
        import numpy as np

        values = ValueCodes()
        out: dict[str, np.ndarray] = {}
        three: list[int] = []
        for n in (2, 3, 4):
            pairs = []
            for w, v in words.items():
                if len(w) != n or not values[v]:
                    continue
                key = 0
                for c in w[:3]:
                    key = key << _SHIFT | ord(c)
                if n == 4:
                    at = bisect_left(three, key)
                    if at == len(three) or three[at] != key:
                        continue  # no entry of its first three chars: never looked up
                    key = at << _SHIFT | ord(w[3])
                pairs.append((key, values[v]))
            pairs.sort()
            keys = [k for k, _c in pairs]
            if n == 3:
                three = keys
            out[f"keys{n}"] = np.array([*keys, 1 << 62], np.int64)
            out[f"codes{n}"] = np.array([c for _k, c in pairs] + [0], np.int64)
        out["dollar"] = np.array(values[words.get("$")])
        out["letters"] = np.array(values.letters, dtype=str)
        return out

    def lookup(self, n: int, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The value codes of the ``n``-gram keys ``query`` (0: no entry) and their indices (for 3-grams:
        what their 4-grams' keys start with)."""
        import numpy as np

        keys = self.keys[n - 2]
        i = sorted_search(keys[:-1], query)
        found = keys[i] == query
        return np.where(found, self.codes[n - 2][i], 0), i


class LexiconView:
    """What ``batch_columns`` reads a lexicon through: its values as codes, the pattern of its suffix
    ends and, optionally, the ``NgramTable`` of the whole lexicon (then its words dict, perhaps a lazy
    one, is not read at all)."""

    def __init__(self, lex: Lexicon, table: NgramTable | None = None) -> None:
        self.lex, self.table = lex, table
        self.values = ValueCodes()
        if table is not None:
            self.values.letters.extend(table.letters)  # the table's codes are this one's
        self.ends = ends_pattern(lex)


def batch_columns(
    folded: Sequence[str], view: LexiconView
) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The columns ``kg.ner.features.columns_of_folded`` gives many non-empty folded texts, as arrays over
    the texts padded and joined (``"^^" + f + "$$"`` one after another, ``cps`` their code points; ``at``
    the positions of their characters): per position ``j`` the value codes (``view.values``) of the
    lexicon entries of the 2-, 3- and 4-grams starting there (``w2``, ``w3``, ``w4``; a 3-gram looked up
    only where its 2-gram continues, a 4-gram where its 3-gram does, as ``columns_of_folded`` does) and the
    organisation-suffix mark (index in ``MARKS``: ``-`` 0, the char 1, the bigram 2, the trigram 3 ending
    at ``j``).

    No word starts in a text's padding and the 4-gram at a text's last char is ``$`` (what the text's
    own lists hold there), so no n-gram sees into a neighbour. With an n-gram table each length is one
    ``searchsorted`` (over the positions where a shorter word continues) and no dict is read; without,
    it is three C-level maps per character (the bigrams, their entries, their codes) over a lexicon
    ``ensure`` has loaded for the texts. The rest is numpy and the
    few positions where a longer word or a suffix may be.
    """
    import numpy as np

    lex, values = view.lex, view.values
    joined = "".join(["^^" + f + "$$" for f in folded])
    size = len(joined)
    cps = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.int64)
    lengths = np.fromiter(map(len, folded), np.intp, len(folded))
    spans = lengths + 4
    starts = np.cumsum(spans) - spans  # where each padded text starts
    lasts = starts + lengths + 1  # each text's last character
    pads = np.concatenate([starts, starts + 1, lasts + 1, lasts + 2])
    at = np.arange(int(lengths.sum())) + 4 * np.repeat(np.arange(len(folded)), lengths) + 2
    table = view.table
    get = lex.words.get
    code = values.__getitem__
    last = np.zeros(size, bool)
    last[lasts] = True
    w2 = np.zeros(size, np.intp)
    if table is not None:
        w2[: size - 1] = table.lookup(2, cps[:-1] << _SHIFT | cps[1:])[0]
    else:
        w2[: size - 1] = np.fromiter(map(code, map(get, map(add, joined, joined[1:]))), np.intp, size - 1)
    w2[pads] = 0
    w3 = np.zeros(size, np.intp)
    w4 = np.zeros(size, np.intp)
    more = np.flatnonzero(w2 & 1)
    if table is not None:
        w3[more], three = table.lookup(3, (cps[more] << _SHIFT | cps[more + 1]) << _SHIFT | cps[more + 2])
        at3 = np.zeros(size, np.intp)
        at3[more] = three
        more = np.flatnonzero((w3 & 1) & ~last)
        w4[more] = table.lookup(4, at3[more] << _SHIFT | cps[more + 3])[0]
        w4[np.flatnonzero((w3 & 1) & last)] = table.dollar
    else:
        w3[more] = np.fromiter(
            map(code, map(get, [joined[j : j + 3] for j in more.tolist()])), np.intp, len(more)
        )
        more = np.flatnonzero(w3 & 1)
        grams = [
            "$" if x else joined[j : j + 4] for j, x in zip(more.tolist(), last[more].tolist(), strict=True)
        ]
        w4[more] = np.fromiter(map(code, map(get, grams)), np.intp, len(more))
    marks = np.zeros(size, np.intp)
    if view.ends is not None:
        sufs = lex.suffixes
        for m in view.ends.finditer(joined, 2):
            j = m.start()
            marks[j] = (
                3
                if joined[j - 2 : j + 1] in sufs
                else 2
                if joined[j - 1 : j + 1] in sufs
                else int(m[0] in sufs)
            )
        marks[pads] = 0
    return joined, cps, at, w2, w3, w4, marks


def longest_keys(w2: np.ndarray, w3: np.ndarray, w4: np.ndarray, at: np.ndarray, width: int):
    """Per position of ``at``, the ``ws`` and ``we`` keys of ``_longest`` as codes ``length_index * width +
    class + 1`` (0 for ``-``): the longest word starting there (``w4``, ``w3``, ``w2`` at it) and ending
    there (``w4`` three before, ``w3`` two before, ``w2`` one before). ``width`` exceeds every class."""
    import numpy as np

    def pick(c2, c3, c4):
        c2, c3, c4 = c2 >> 1, c3 >> 1, c4 >> 1
        return np.where(c4 > 0, 2 * width + c4, np.where(c3 > 0, width + c3, c2))

    return pick(w2[at], w3[at], w4[at]), pick(w2[at - 1], w3[at - 2], w4[at - 3])


def key_names(letters: Sequence[str], width: int) -> list[str]:
    """The ``ws``/``we`` key of each code ``longest_keys`` gives (``-`` for none)."""
    names = ["-"] * (3 * width)
    for k, letter in enumerate(letters, 1):
        for length in range(3):
            names[length * width + k] = f"{length + 2}{letter}"
    return names


def columns_of_batch(
    folded: Sequence[str], lex: Lexicon, table: NgramTable | None = None
) -> tuple[str, str, list[str], list[str], str]:
    """``batch_columns`` as ``columns_of_folded``'s strings, at the positions that hold a text's character:
    the joined text, its classes, the ``ws`` and ``we`` keys (``-`` elsewhere) and the suffix marks."""
    view = LexiconView(lex, table)
    values = view.values
    joined, _cps, at, w2, w3, w4, marks = batch_columns(folded, view)
    width = len(values.letters) + 1
    names = key_names(values.letters, width)
    ws, we = ["-"] * len(joined), ["-"] * len(joined)
    for j, s, e in zip(at.tolist(), *(k.tolist() for k in longest_keys(w2, w3, w4, at, width)), strict=True):
        ws[j], we[j] = names[s], names[e]
    return joined, joined.translate(lex.classes), ws, we, "".join(MARKS[m] for m in marks.tolist())


#: chars below this code point get their ids from a table (``ArrayTagger._bmp_ids``)
_BMP = 0x10000


class ArrayTagger:
    """Viterbi tags of batches of folded sentences, with a crfsuite model held in numpy arrays
    (``derive_arrays``)."""

    def __init__(
        self,
        arrays: dict[str, np.ndarray],
        lexicon: Lexicon,
        table: NgramTable | None = None,
    ) -> None:
        """``table``: the lexicon's ``NgramTable`` (see ``load_array_tagger``)."""
        import numpy as np

        self.labels = [str(x) for x in arrays["labels"]]
        self.lexicon = lexicon
        self._weights = arrays["weights"]
        self._trans = arrays["transitions"]
        self._bias = int(arrays["bias"])
        self._cps = arrays["chars"]
        self._base = len(self._cps) + 1
        # the id of each char of the basic plane, one gather instead of a search (0: no id)
        bmp = self._cps[self._cps < _BMP]
        self._bmp_ids = np.zeros(_BMP, np.int64)
        self._bmp_ids[bmp] = np.searchsorted(self._cps, bmp) + 1
        self._uni_rows = arrays["uni_rows"]
        self._bi_keys, self._bi_rows = arrays["bi_keys"], arrays["bi_rows"]
        self._skip_keys, self._skip_rows = arrays["skip_keys"], arrays["skip_rows"]
        self._others = [
            dict(zip(arrays[f"{t}_keys"].tolist(), arrays[f"{t}_rows"].tolist(), strict=True))
            for t in OTHERS[1:]
        ]
        self._class_codes, self._c_rows = _small_codes(self._others[0], CLASSES, 3)
        _codes, self._o_rows = _small_codes(self._others[3], MARKS, 2)
        self._view = LexiconView(lexicon, table)  # how ``batch_columns`` reads the lexicon
        #: True when the tagger reads no entry of the lexicon's words (it has the n-gram table)
        self.has_table = table is not None
        self._rows_of_keys: tuple[int, np.ndarray, np.ndarray] | None = None  # ``_key_rows``

    def _key_rows(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``ws`` and ``we`` rows of the key codes of ``longest_keys`` (as many as ``width`` allows)."""
        import numpy as np

        if self._rows_of_keys is None or self._rows_of_keys[0] != width:
            names = key_names(self._view.values.letters, width)
            _c, ws_, we_, _o = self._others
            self._rows_of_keys = (
                width,
                np.array([ws_.get(k, 0) for k in names], np.intp),
                np.array([we_.get(k, 0) for k in names], np.intp),
            )
        return self._rows_of_keys[1], self._rows_of_keys[2]

    def _find(self, np, keys, query):
        """Index of each ``query`` value in the sorted ``keys`` (their sentinel's index when absent)."""
        i = sorted_search(keys[:-1], query)
        return np.where(keys[i] == query, i, len(keys) - 1)

    def tag_many(self, folded: Sequence[str]) -> list[list[str]]:
        """crfsuite's Viterbi tags of each folded sentence (an empty one gets no tags)."""
        out: list[list[str]] = [[] for _ in folded]
        todo = [k for k, f in enumerate(folded) if f]
        if todo:
            labels = self.labels
            paths = self.viterbi(self.emissions([folded[k] for k in todo]), [len(folded[k]) for k in todo])
            for k, path in zip(todo, paths, strict=True):
                out[k] = [labels[y] for y in path]
        return out

    def emissions(self, folded: Sequence[str]) -> np.ndarray:
        """State scores ``E[position, label]`` of non-empty folded sentences, one after another: crfsuite's
        sums, in its order."""
        import numpy as np

        lex = self.lexicon
        # every sentence padded (^^ ... $$) one after another; ``at``: where their characters are
        joined, cps, at, w2, w3, w4, marks = batch_columns(folded, self._view)
        total = len(at)
        if not len(cps) or int(cps.max()) < _BMP:
            cid = self._bmp_ids[cps]
        elif len(self._cps):
            i = np.minimum(np.searchsorted(self._cps, cps), len(self._cps) - 1)
            cid = np.where(self._cps[i] == cps, i + 1, 0)
        else:
            cid = np.zeros_like(cps)
        base = self._base
        u = self._uni_rows[cid]
        b = self._bi_rows[self._find(np, self._bi_keys, cid[:-1] * base + cid[1:])]  # from joined[j]
        idx = np.empty((15, total), np.intp)
        idx[0] = self._bias
        idx[1] = u[at, 0]  # u0
        idx[2] = u[at - 1, 1]  # u-1
        idx[3] = u[at + 1, 2]  # u1
        idx[4] = u[at - 2, 3]  # u-2
        idx[5] = u[at + 2, 4]  # u2
        idx[6] = b[at - 1, 0]  # b-1: the chars at -1, 0
        idx[7] = b[at, 1]  # b0
        idx[8] = b[at - 2, 2]  # b-2
        idx[9] = b[at + 1, 3]  # b1
        skip = cid[at - 1] * base + cid[at + 1]
        idx[10] = self._skip_rows[self._find(np, self._skip_keys, skip), 0]
        # the class trigram and the suffix pair as small integers (``_small_codes``)
        cl = self._class_codes[np.frombuffer(joined.translate(lex.classes).encode("ascii"), np.uint8)]
        m = len(CLASSES) + 1
        idx[11] = self._c_rows[(cl[at - 1] * m + cl[at]) * m + cl[at + 1]]
        # the longest words starting and ending at each char (the first char's "ending" 4-gram index is
        # -1: the last position, padding, where no word starts)
        width = len(self._view.values.letters) + 1
        starts, ends = longest_keys(w2, w3, w4, at, width)
        ws_rows, we_rows = self._key_rows(width)
        idx[12] = ws_rows[starts]
        idx[13] = we_rows[ends]
        idx[14] = self._o_rows[(marks[at] + 1) * (len(MARKS) + 1) + marks[at + 1] + 1]
        # summed template after template, the order crfsuite adds an item's attributes in (what
        # ``weights[idx].sum(axis=0)`` gives, without its (15, positions, labels) temporary)
        w = self._weights
        e = w.take(idx[0], axis=0)
        row = np.empty_like(e)
        for k in range(1, len(idx)):
            e += w.take(idx[k], axis=0, out=row)
        return e

    def viterbi(self, e: np.ndarray, lengths: Sequence[int]) -> list[list[int]]:
        """Best label ids of sentences whose emission rows ``e`` follow one another (``lengths``), each
        picked as crfsuite's Viterbi picks it."""
        import numpy as np

        count = len(lengths)
        lens = np.asarray(lengths, np.intp)
        order = np.argsort(-lens, kind="stable")  # longest first: the running ones are a prefix
        lens_sorted = lens[order]
        longest = int(lens_sorted[0])
        first = (np.cumsum(lens) - lens)[order]
        nlab = e.shape[1]
        # running[t]: how many sentences have a position t
        running = (lens_sorted[None, :] > np.arange(longest)[:, None]).sum(axis=1).tolist()
        trans = self._trans[:, None, :]  # trans[i, 0, j] = T[i, j]
        # steps[t, k]: the emission row of position t of the k-th longest sentence (clipped past its end);
        # the way forward turns each running sentence's row into its alpha (the best score of a path
        # ending there in each label): max over i of (alpha[t - 1, k, i] + T[i, j]), plus the emission.
        # The scores put the previous label first, so the max is a reduction over the first axis: numpy
        # does that as an elementwise max of planes, many times faster than over a short last axis
        steps = e[np.minimum(first[None, :] + np.arange(longest)[:, None], len(e) - 1)]
        # the steps' arrays are views of buffers made once, one pair per number of running sentences
        # (a fresh array per step costs more than the sums, a big one an mmap of its own)
        buf = np.empty(nlab * count * nlab)
        top_buf = np.empty(count * nlab)
        views: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for t in range(1, longest):
            m = running[t]
            view = views.get(m)
            if view is None:
                view = views[m] = (
                    buf[: nlab * m * nlab].reshape(nlab, m, nlab),
                    top_buf[: m * nlab].reshape(m, nlab),
                )
            scores, top = view
            np.add(steps[t - 1, :m].T[:, :, None], trans, out=scores)  # [i, k, j] = alpha[k, i] + T[i, j]
            row = steps[t, :m]
            np.add(scores.max(axis=0, out=top), row, out=row)  # the maximum itself: the same float
        # the best previous labels are not kept on the way forward (an argmax over the first axis of each
        # step's scores); the way back works out each sentence's from its alpha: the same sums
        # (alpha + T), so the same first of equal maxima (crfsuite's strict <)
        final = steps[lens_sorted - 1, np.arange(count)].argmax(axis=1)
        into = np.ascontiguousarray(self._trans.T)  # into[j, i] = T[i, j]
        path = np.zeros((longest, count), np.intp)
        cur = np.zeros(count, np.intp)
        done = 0  # sentences whose path has started
        for t in range(longest - 1, -1, -1):
            m = running[t]
            if done:
                cur[:done] = (steps[t, :done] + into[cur[:done]]).argmax(axis=1)
            if m > done:
                cur[done:m] = final[done:m]  # sentences whose last position is t
                done = m
            path[t, :m] = cur[:m]
        rows = path.T.tolist()
        out: list[list[int]] = [[] for _ in range(count)]
        for j, (k, n) in enumerate(zip(order.tolist(), lens_sorted.tolist(), strict=True)):
            out[k] = rows[j][:n]
        return out
