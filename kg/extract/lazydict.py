"""Big word tables (jieba's prefix dictionary and POS tags, the NER lexicon) loaded a bigram at a time.

Why: building those dicts costs about a second per process (jieba unmarshals ~500k entries, its POS
table and the NER lexicon parse text), which dominates ``kg build`` on a few thousand sentences. Every
lookup the extractors and jieba make is of a substring of a text they hold, so a table only needs the
entries that start with a character (one-character entries) or a bigram of the texts seen so far. The
tables are frozen once into a binary cache file (entries grouped by first character and first bigram, one
marshal blob per group, indexes in the header and the character blocks), keyed by a hash of their sources; ``CharTables.ensure(text)`` loads the groups of its new characters
and bigrams (a thousand sentences need a seventh of jieba's dictionary, not nearly all of it).

Cache files live in ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg`` (``~/.cache/kg``), else the temp
directory; when none can be written the tables are built in memory as before (same content).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import mmap
import operator
import os
import struct
import sys
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

MAGIC = b"KGCHART4"
_HEAD = struct.Struct("<8sQ")
#: (table index, word, value, only if the word is absent)
Change = tuple[int, str, object, bool]


class CharTables:
    """Dicts filled on demand (``ensure``) with the entries that can occur in given texts, or complete.

    Entries load by their first two characters: an entry of one character with that character, a longer
    one with its first bigram. Every lookup the callers make is of a substring of an ensured text, and
    such a substring starts with a character and (if longer) a bigram of that text.
    """

    def __init__(self, tables: list[dict], extra: object, index: dict | None = None, blob=None) -> None:
        self.tables = tables
        self.extra = extra
        self._index = index  # char -> (offset, length) of its block in ``blob``; None: complete
        self._blob = blob
        self._subs: dict[str, tuple] = {}  # char -> (second chars, bounds of their bigram blocks)
        self._bigrams: set[str] = set()
        # ``ensure_many``'s record of the bigrams it has seen (numpy's, sorted: 8 bytes a bigram)
        self._bigram_codes = None
        self._covered: frozenset[str] = frozenset()  # the texts of the last ``ensure_many``
        self._overlay: dict[str, list[Change]] = {}  # group -> changes applied when it loads
        # threads of one process (a dask worker) share the tables: a text is marked loaded only by the
        # thread that loads it, and others wait for it rather than look up half-loaded groups
        self._lock = threading.Lock()

    def set_overlay(self, changes: Iterable[Change]) -> None:
        """Changes made over the stored entries, each applied (in order) right after the entries of its
        group load, so a lookup sees exactly what applying them to the complete tables would give.

        A change is ``(table, word, value, only_if_absent)``. Call before the first ``ensure``.
        """
        by_group: dict[str, list[Change]] = {}
        for ch in changes:
            by_group.setdefault(ch[1][:2], []).append(ch)
        if self._index is None:
            for group in by_group.values():
                self._apply(group)
        else:
            self._overlay = by_group

    def _apply(self, changes: list[Change]) -> None:
        tables = self.tables
        for k, word, value, only_if_absent in changes:
            if not only_if_absent or word not in tables[k]:
                tables[k][word] = value

    def _load(self, start: int, end: int):
        parts = marshal.loads(self._blob[start:end])
        for table, part in zip(self.tables, parts, strict=False):
            if part:
                table.update(part)
        return parts

    def ensure(self, text: str) -> None:
        """Load the entries any substring of ``text`` can look up (a no-op when complete)."""
        if self._index is None or text in self._covered:
            return
        with self._lock:
            self._ensure(text)

    def ensure_many(self, texts: Sequence[str]) -> None:
        """``ensure`` of every text at once; until the next call, ``ensure`` of one of these texts again
        costs a set look-up (a batch of documents, whose units are mostly their whole texts).

        Where numpy is already imported (the NER tagger of a big input brought it), the new bigrams are
        found among the batch's distinct bigram codes rather than by making a string of every bigram.
        """
        if self._index is None:
            return
        joined = "\n".join(texts)  # the bigrams across the joins hold "\n": in no table, loading nothing
        with self._lock:
            np = sys.modules.get("numpy")
            if np is None or len(joined) < 2:
                self._ensure(joined)
            else:
                self._ensure_chars(joined)
                codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
                # the distinct bigram codes, sorted: ``np.sort`` and a mask (numpy 2's ``np.unique`` hashes
                # first and costs ten times as much on a batch's few thousand codes)
                batch = np.sort(codes[:-1] << 21 | codes[1:])
                batch = batch[np.concatenate(([True], batch[1:] != batch[:-1]))]
                seen = self._bigram_codes if self._bigram_codes is not None else np.zeros(0, np.int64)
                at = np.searchsorted(seen, batch)
                old = at < len(seen)
                old[old] = seen[at[old]] == batch[old]
                fresh = batch[~old]
                self._bigram_codes = np.insert(seen, at[~old], fresh)  # still sorted
                grams = {chr(k >> 21) + chr(k & 0x1FFFFF) for k in fresh.tolist()}.difference(self._bigrams)
                self._ensure_bigrams(grams)
            self._covered = frozenset(texts)

    def _ensure(self, text: str) -> None:
        self._ensure_chars(text)
        if len(text) < 2:
            return
        # only the new bigrams are kept (most of a text's are usually seen already); a text's bigrams
        # are made a set first, so each distinct one is looked up in ``seen`` once
        self._ensure_bigrams(set(map(operator.add, text, text[1:])).difference(self._bigrams))

    def _ensure_chars(self, text: str) -> None:
        """Load the blocks of the characters of ``text`` not loaded yet."""
        index, subs, overlay = self._index, self._subs, self._overlay
        for c in set(text).difference(subs):
            at = index.get(c)
            if at is None:
                subs[c] = ("", ())
            else:
                parts = self._load(at[0], at[0] + at[1])
                subs[c] = (parts[-2], array("I", parts[-1]))  # second characters, their blocks' bounds
            if c in overlay:
                self._apply(overlay[c])

    def _ensure_bigrams(self, grams: set[str]) -> None:
        """Load the groups of the bigrams ``grams``, none of them seen before (their chars' blocks are)."""
        if not grams:
            return
        subs, overlay = self._subs, self._overlay
        self._bigrams.update(grams)
        for g in grams:
            seconds, bounds = subs[g[0]]
            k = seconds.find(g[1])
            if k >= 0:
                self._load(bounds[k], bounds[k + 1])
            if g in overlay:
                self._apply(overlay[g])


def cache_dirs() -> list[Path]:
    """Where cache files may live, most preferred first."""
    dirs = []
    env = os.environ.get("KG_CACHE_DIR")
    if env:
        dirs.append(Path(env))
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        dirs.append(Path(xdg) / "kg")
    else:
        with contextlib.suppress(RuntimeError, KeyError):  # no home directory to be found
            dirs.append(Path.home() / ".cache" / "kg")
    dirs.append(Path(tempfile.gettempdir()) / f"kg-cache-{os.getuid() if hasattr(os, 'getuid') else 0}")
    return dirs


#: files at least this big have their digests remembered between processes (``file_digests``)
DIGEST_MIN_SIZE = 1 << 16
_DIGESTS_FILE = "file-digests-v1.json"
#: digests the file keeps (the newest; each checkout or install has its own)
_DIGESTS_KEPT = 256


def file_digests(paths: Sequence[Path], dirs: Sequence[Path] | None = None) -> list[bytes]:
    """The sha256 digest of each file's bytes.

    Those of big files (``DIGEST_MIN_SIZE``: the NER model, the shipped tables) are kept in a small
    JSON file in the cache directory, keyed by the file's absolute path, size, mtime and inode (as
    jieba keys its own cache): a process then reads and hashes none of them again (about 40 ms each
    for ``kg.cache.pipeline_version`` and the NER tagger's arrays). Small files are hashed every time.
    """
    dirs = cache_dirs() if dirs is None else list(dirs)
    known: dict = {}
    for d in dirs:
        try:
            with open(d / _DIGESTS_FILE, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            known = data
            break
    out: list[bytes] = []
    fresh: dict[str, str] = {}
    for path in paths:
        st = os.stat(path)
        if st.st_size < DIGEST_MIN_SIZE:
            out.append(hashlib.sha256(Path(path).read_bytes()).digest())
            continue
        key = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}"
        digest = None
        with contextlib.suppress(TypeError, ValueError):
            digest = bytes.fromhex(known.get(key))
        if digest is None or len(digest) != 32:
            digest = hashlib.sha256(Path(path).read_bytes()).digest()
            fresh[key] = digest.hex()
        out.append(digest)
    if fresh:
        kept = {k: v for k, v in known.items() if k not in fresh}
        kept.update(fresh)
        data = json.dumps(dict(list(kept.items())[-_DIGESTS_KEPT:]), indent=0).encode("utf-8")
        for d in dirs:
            try:
                _save(d / _DIGESTS_FILE, data)
                break
            except OSError:
                continue
    return out


def write(path: Path, key: str, tables: Sequence[dict], extra: object) -> None:
    """Write ``tables`` grouped by first character and bigram to ``path`` atomically (temporary file +
    rename): per character a block (its one-character entries, an index of its bigram blocks) followed
    by those bigram blocks (the first build on a machine pays this, about a second)."""
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small dicts: collections would add a fifth
    try:
        body, index = _pack(tables)
    finally:
        if enabled:
            gc.enable()
    if len(body) >= 2**32:
        raise OSError("table cache too large")
    head = marshal.dumps((key, len(tables), extra, index))
    _save(path, _HEAD.pack(MAGIC, len(head)) + head + bytes(body))


def _pack(tables: Sequence[dict]) -> tuple[bytearray, dict[str, tuple[int, int]]]:
    """The body of a cache file and its index of character blocks."""
    groups: dict[str, dict[str, list[dict]]] = {}  # char -> second char ("" for the char itself)
    for k, table in enumerate(tables):
        for word, value in table.items():
            g = groups.setdefault(word[:1], {}).get(word[1:2])
            if g is None:
                g = groups[word[:1]][word[1:2]] = [{} for _ in tables]
            g[k][word] = value
    body = bytearray()
    index: dict[str, tuple[int, int]] = {}
    for c in sorted(groups):
        seconds = "".join(sorted(x for x in groups[c] if x))
        bounds = array("I", [len(body)])
        for second in seconds:
            body += marshal.dumps(tuple(_shared(groups[c][second])))
            bounds.append(len(body))
        own = groups[c].get("") or [{} for _ in tables]
        data = marshal.dumps((*own, seconds, bounds.tobytes()))
        index[c] = (len(body), len(data))
        body += data
    return body, index


def _shared(tables: list[dict]) -> list[dict]:
    """The tables with equal keys and values made one object: marshal then writes a reference for each
    repeat, and loading creates each word and each tag once (a third less work than separate copies)."""
    canon: dict = {}
    one = canon.setdefault
    return [{one(k, k): one(v, v) for k, v in t.items()} for t in tables]


def read(path: Path, key: str) -> CharTables | None:
    """Open a cache file written by ``write`` for ``key``; None when it is missing, torn or another's."""
    try:
        with path.open("rb") as fh:
            blob = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    return _open(memoryview(blob), key)


def _open(data: memoryview, key: str) -> CharTables | None:
    """The tables of the cache file held in ``data``, if it is one for ``key``."""
    try:
        magic, n = _HEAD.unpack(data[: _HEAD.size])
        if magic != MAGIC:
            return None
        file_key, ntables, extra, index = marshal.loads(data[_HEAD.size : _HEAD.size + n])
    except (ValueError, EOFError, TypeError, struct.error):
        return None
    if file_key != key:
        return None
    return CharTables([{} for _ in range(ntables)], extra, index, data[_HEAD.size + n :])


def _rekeyed(data: bytes, key: str) -> bytes:
    """A cache file's bytes under another key (the body does not depend on it)."""
    magic, n = _HEAD.unpack(data[: _HEAD.size])
    _old, ntables, extra, index = marshal.loads(data[_HEAD.size : _HEAD.size + n])
    head = marshal.dumps((key, ntables, extra, index))
    return _HEAD.pack(magic, len(head)) + head + data[_HEAD.size + n :]


def marshalled(prefix: str, files: Sequence[Path], make: Callable[[], tuple]) -> tuple:
    """``make()``'s plain data (marshal's), from a cache file made for these files' contents when there
    is one, else made and cached. The file holds ``(key, *data)``; one of another key is made anew."""
    key = hashlib.sha256(b"".join(file_digests(files))).hexdigest()
    name = f"{prefix}-{key[:24]}.marshal"
    dirs = cache_dirs()
    for d in dirs:
        try:
            got = marshal.loads((d / name).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            continue
        if isinstance(got, tuple) and got and got[0] == key:
            return got[1:]
    data = make()
    blob = marshal.dumps((key, *data))
    for d in dirs:
        try:
            _save(d / name, blob)
            break
        except OSError:
            continue
    return data


def _save(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def ship(path: Path, key: str, tables: Sequence[dict], extra: object) -> None:
    """Write a cache file gzip-compressed for shipping in the package (``load(shipped=...)``)."""
    import gzip

    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "t.bin"
        write(plain, key, tables, extra)
        _save(path, gzip.compress(plain.read_bytes(), compresslevel=9, mtime=0))


def load(
    name: str,
    key: str,
    make: Callable[[], tuple[list[dict], object]],
    dirs: Sequence[Path] | None = None,
    shipped: Path | None = None,
    shipped_key: Callable[[], str] | None = None,
) -> CharTables:
    """The tables ``make`` builds, from the cache file of ``key`` when there is one; else from the
    ``shipped`` copy when its key is ``shipped_key()`` (stored as the cache file of ``key``); else built
    once by ``make`` (tables keyed by word, extra) and stored for the next process."""
    fname = f"{name}-{key[:24]}.bin"
    dirs = cache_dirs() if dirs is None else list(dirs)
    for d in dirs:
        found = read(d / fname, key)
        if found is not None:
            return found
    data = _from_shipped(shipped, shipped_key() if shipped_key else key) if shipped is not None else None
    if data is not None:
        data = _rekeyed(data, key)
        for d in dirs:
            with contextlib.suppress(OSError):
                _save(d / fname, data)
                found = read(d / fname, key)
                if found is not None:
                    return found
        found = _open(memoryview(data), key)
        if found is not None:
            return found
    tables, extra = make()
    for d in dirs:
        try:
            write(d / fname, key, tables, extra)
            break
        except OSError:
            continue
    return CharTables(tables, extra)


def _from_shipped(path: Path, key: str) -> bytes | None:
    """The bytes of a shipped cache file, if it is there and made for ``key``."""
    import gzip

    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, ValueError):
        return None
    return data if _open(memoryview(data), key) is not None else None
