"""The shipped CRF's Viterbi tagging of many sentences at once with numpy, the tags crfsuite gives.

Why: crfsuite's own Viterbi is fast, but feeding it is not: each character carries 15 feature strings
built in Python, handed one by one to crfsuite and looked up in its string database, and all of that
happens again for every sentence. Here the model file is read once into arrays (a weight row per
attribute, the transition matrix) and each feature template gets a dict from its key (a char, a bigram,
a lexicon class ...) to the attribute's row; a batch of sentences then costs the per-sentence columns
of ``kg.ner.features.columns_of_folded``, one C-level dict lookup per key, a few numpy gathers for the
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

import struct
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from kg.ner.features import Lexicon, columns_of_batch

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


def load_array_tagger(path: Path, lexicon: Lexicon, dirs: Sequence[Path] | None = None) -> ArrayTagger:
    """The ``ArrayTagger`` of the model file at ``path``: its arrays from the cache file keyed by a hash
    of the model's bytes when there is one (a few milliseconds), else derived from the model (about a
    second) and stored for the next process (in ``kg.extract.lazydict``'s cache directories)."""
    import hashlib
    import io
    import zipfile

    import numpy as np

    from kg.extract import lazydict

    data = path.read_bytes()
    key = hashlib.sha256(data + f"|arrays {ARRAYS_VERSION}".encode()).hexdigest()
    name = f"nercrf-{key[:24]}.npz"
    dirs = lazydict.cache_dirs() if dirs is None else list(dirs)
    for d in dirs:
        try:
            with np.load(d / name, allow_pickle=False) as z:
                if str(z["key"]) == key:
                    return ArrayTagger({k: z[k] for k in z.files}, lexicon)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            continue  # missing, torn or another's: derive again
    arrays = derive_arrays(path)
    arrays["key"] = np.array(key)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    for d in dirs:
        try:
            lazydict._save(d / name, buf.getvalue())
            break
        except OSError:
            continue
    return ArrayTagger(arrays, lexicon)


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


#: chars below this code point get their ids from a table (``ArrayTagger._bmp_ids``)
_BMP = 0x10000


class ArrayTagger:
    """Viterbi tags of batches of folded sentences, with a crfsuite model held in numpy arrays
    (``derive_arrays``)."""

    def __init__(self, arrays: dict[str, np.ndarray], lexicon: Lexicon) -> None:
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
        self._mark_codes, self._o_rows = _small_codes(self._others[3], MARKS, 2)

    def _find(self, np, keys, query):
        """Index of each ``query`` value in the sorted ``keys`` (their sentinel's index when absent)."""
        i = np.searchsorted(keys[:-1], query)
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
        count = len(folded)
        lengths = np.fromiter(map(len, folded), np.intp, count)
        total = int(lengths.sum())
        # every sentence padded (^^ ... $$) one after another, the columns of each position
        padded, classes, starts, ends, marks = columns_of_batch(folded, lex)
        cps = np.frombuffer(padded.encode("utf-32-le"), np.uint32).astype(np.int64)
        if not len(cps) or int(cps.max()) < _BMP:
            cid = self._bmp_ids[cps]
        elif len(self._cps):
            i = np.minimum(np.searchsorted(self._cps, cps), len(self._cps) - 1)
            cid = np.where(self._cps[i] == cps, i + 1, 0)
        else:
            cid = np.zeros_like(cps)
        # where each position's own char sits in ``padded`` (each sentence adds 4 pads, 2 before it)
        at = np.arange(total) + 4 * np.repeat(np.arange(count), lengths) + 2
        base = self._base
        u = self._uni_rows[cid]
        b = self._bi_rows[self._find(np, self._bi_keys, cid[:-1] * base + cid[1:])]  # from padded[j]
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
        cl = self._class_codes[np.frombuffer(classes.encode("ascii"), np.uint8)]
        m = len(CLASSES) + 1
        idx[11] = self._c_rows[(cl[at - 1] * m + cl[at]) * m + cl[at + 1]]
        _c, ws_, we_, _o = self._others
        for k, (table, keys) in enumerate(((ws_, starts), (we_, ends)), 12):
            idx[k] = np.fromiter(map(table.get, keys, repeat(0)), np.intp, len(keys))[at]
        mk = self._mark_codes[np.frombuffer(marks.encode("ascii"), np.uint8)]
        idx[14] = self._o_rows[mk[at] * (len(MARKS) + 1) + mk[at + 1]]
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
        running = (lens_sorted[None, :] > np.arange(longest)[:, None]).sum(axis=1)
        into = np.ascontiguousarray(self._trans.T)  # into[j, i] = T[i, j]: the scores into label j
        # steps[t, k]: the emission row of position t of the k-th longest sentence (clipped past its end)
        steps = e[np.minimum(first[None, :] + np.arange(longest)[:, None], len(e) - 1)]
        alpha = steps[0].copy()
        back = np.zeros((longest, count, nlab), np.intp)
        for t in range(1, longest):
            m = int(running[t])
            scores = alpha[:m, None, :] + into  # scores[k, j, i] = alpha[k, i] + T[i, j]
            best = scores.argmax(axis=2)  # the first of equal maxima, as crfsuite's strict <
            back[t, :m] = best
            alpha[:m] = np.take_along_axis(scores, best[:, :, None], 2)[:, :, 0] + steps[t, :m]
        final = alpha.argmax(axis=1)
        path = np.zeros((longest, count), np.intp)
        cur = np.zeros(count, np.intp)
        done = 0  # sentences whose path has started
        for t in range(longest - 1, -1, -1):
            m = int(running[t])
            if done:
                cur[:done] = back[t + 1, np.arange(done), cur[:done]]
            cur[done:m] = final[done:m]  # sentences whose last position is t
            done = m
            path[t, :m] = cur[:m]
        rows = path.T.tolist()
        out: list[list[int]] = [[] for _ in range(count)]
        for j, (k, n) in enumerate(zip(order.tolist(), lens_sorted.tolist(), strict=True)):
            out[k] = rows[j][:n]
        return out
