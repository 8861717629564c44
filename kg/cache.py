"""The incremental cache: per-document results kept under ``OUTDIR/.cache`` between builds.

Why: the per-document stages are the expensive part of a build and each is a pure function of
(document, options, code). A result is stored under a key that hashes exactly those three, so a result
is reused only when recomputing it would give the same thing; any change to the code of the ``kg``
package, to jieba's version or to an option that reaches the stages gives a new key.

Layout::

    OUTDIR/.cache/manifest.json          the documents of the last build, in order, with their keys
    OUTDIR/.cache/results/ab/abcdef….pkl one pickled DocResult (it holds its Document)
    OUTDIR/.cache/results/packs/….pack   small results together (one-sentence documents): the
                                         pickles one after another, their index, its length

``kg build --update`` reads the manifest to know the previous documents; their results come back from
the cache, and the document itself (inside the cached result) is re-processed when its key changed.
Result files are written atomically (temporary file + rename) without fsync: a torn cache file is a
cache miss, never a wrong result. The manifest is written last, with fsync, after the outputs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.model import DocResult, Document, Options, Warning_

CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
#: folder of pack files under ``results``: many small results in one file (see ``Cache.store_many``)
PACKS = "packs"
#: a pickled result bigger than this gets a file of its own
PACK_MAX_RESULT = 16 << 10
FORMAT = 1
#: bump when the meaning of a cached result changes in a way the source hash cannot see
STAGE_VERSION = 1
#: options that never reach the per-document stages (they only say how or where to run)
_RUN_ONLY_OPTIONS = frozenset({"outdir", "jobs", "update", "scheduler", "progress"})


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of everything a per-document result depends on besides its input.

    The ``kg`` package's files (code, lexicons, models), its ``__version__``, ``STAGE_VERSION``,
    Python's and jieba's versions.
    """
    import kg
    from kg.extract.lazydict import file_digests

    h = hashlib.sha256()
    h.update(f"{kg.__version__}|{STAGE_VERSION}|{sys.version_info[:3]}|{_jieba_version()}".encode())
    root = Path(kg.__file__).resolve().parent
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.endswith((".pyc", ".pyo")):
            continue
        files.append((rel, path))
    # the model and the shipped tables' digests are remembered between processes (by path, size,
    # mtime and inode): hashing them was most of this function's time
    for (rel, _path), digest in zip(files, file_digests([p for _r, p in files]), strict=True):
        h.update(rel.encode() + b"\0" + digest)
    return h.hexdigest()


def _jieba_version() -> str:
    """The installed jieba's version: read from its ``.dist-info`` folder beside the package when there
    is one (``importlib.metadata``'s import costs 15-25 ms of a start), else from ``importlib.metadata``."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover
        return "none"
    found = list(Path(spec.origin).parent.parent.glob("jieba-*.dist-info/METADATA"))
    if len(found) == 1:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            for line in found[0].read_text(encoding="utf-8").splitlines():
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip()
                if not line:
                    break
    import importlib.metadata

    try:
        return importlib.metadata.version("jieba")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "none"


def stage_options(options: Options) -> dict:
    """The options that can change a per-document result (everything but how and where to run)."""
    return {
        f.name: getattr(options, f.name)
        for f in dataclasses.fields(options)
        if f.name not in _RUN_ONLY_OPTIONS
    }


@lru_cache(maxsize=8)
def _stage_options(options: Options) -> dict:
    return stage_options(options)


def document_key(doc: Document, options: Options, version: str | None = None) -> str:
    """The cache key of ``doc``'s result: its text and metadata, the stage options, the code version."""
    # the JSON of {"doc": ..., "options": ..., "pipeline": ...} with sorted keys, the part after the
    # document's made once per options and version (it is the same for every document of a build)
    fields = {f.name: getattr(doc, f.name) for f in _document_fields()}  # flat: asdict's deep copy
    blob = '{"doc": ' + json.dumps(fields, ensure_ascii=False, sort_keys=True)
    blob += _key_tail(options, version or pipeline_version())
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@lru_cache(maxsize=8)
def _key_tail(options: Options, version: str) -> str:
    """What follows the document in ``document_key``'s JSON."""
    rest = json.dumps(
        {"options": _stage_options(options), "pipeline": version}, ensure_ascii=False, sort_keys=True
    )
    return ", " + rest[1:]


@lru_cache(maxsize=1)
def _document_fields() -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(Document)


@dataclass
class Entry:
    """One document of a build, as the manifest records it."""

    id: str
    source: str
    key: str


@dataclass
class Manifest:
    """What the last build was made of: its documents in order and the ingest warnings."""

    documents: list[Entry] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    pipeline: str = ""

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "pipeline": self.pipeline,
            # the fields by hand: dataclasses.asdict deep-copies each of thousands of entries
            "documents": [{"id": e.id, "source": e.source, "key": e.key} for e in self.documents],
            "warnings": [dataclasses.asdict(w) for w in self.warnings],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"manifest format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            documents=[Entry(**e) for e in data["documents"]],
            warnings=[Warning_(**w) for w in data["warnings"]],
            pipeline=data.get("pipeline", ""),
        )


class Cache:
    """Per-document results and the manifest of one output folder.

    Result files are named with ``os.path`` strings, not ``pathlib``: a corpus of one-sentence documents
    stores and loads tens of thousands of them, and path objects cost more than the tiny reads.
    """

    def __init__(self, outdir: str | Path) -> None:
        self.outdir = str(outdir)
        self.root = Path(outdir) / CACHE_DIR
        self._results = os.path.join(self.outdir, CACHE_DIR, "results")
        self._packs = os.path.join(self._results, PACKS)
        self._dirs: set[str] = set()  # result folders known to exist
        self._packed: dict[str, tuple[str, int, int]] | None = None  # key -> (pack, offset, length)
        self._scanned = 0.0  # when the packs were last read (a miss reads them again once)

    def path(self, key: str) -> Path:
        return Path(self._file(key))

    def _file(self, key: str) -> str:
        return f"{self._results}/{key[:2]}/{key}.pkl"

    def _index(self, refresh: bool = False) -> dict[str, tuple[str, int, int]]:
        """Where each packed result is: every pack's index, read once (again when ``refresh``:
        packs another process wrote since, such as the workers of pass 1)."""
        if self._packed is None or refresh:
            self._packed = {}
            with contextlib.suppress(OSError):
                for name in sorted(os.listdir(self._packs)):
                    if name.endswith(".pack"):
                        path = os.path.join(self._packs, name)
                        for key, (offset, length) in _read_pack_index(path).items():
                            self._packed[key] = (path, offset, length)
        return self._packed

    def has(self, key: str) -> bool:
        return key in self._index() or os.path.isfile(self._file(key))

    def load(self, key: str) -> DocResult | None:
        """The cached result, or None when it is missing or unreadable (a miss, never an error)."""
        return self.load_sized(key)[0]

    def load_sized(self, key: str) -> tuple[DocResult | None, int]:
        """``load``, with the size of the cached result (what the pipeline's memory budget counts)."""
        where = self._index().get(key)
        if where is None and not os.path.isfile(self._file(key)):
            where = self._index(refresh=True).get(key)
        try:
            if where is not None:
                path, offset, length = where
                with open(path, "rb") as f:
                    f.seek(offset)
                    blob = f.read(length)
            else:
                with open(self._file(key), "rb") as f:
                    blob = f.read()
            result = pickle.loads(blob)
        except Exception:  # a torn or foreign file is a cache miss
            return None, 0
        return (result, len(blob)) if isinstance(result, DocResult) else (None, 0)

    def store(self, key: str, result: DocResult) -> int:
        """Write one result atomically; return its size, 0 when the cache cannot be written (that
        only costs speed). The temporary file is named after this process: no two writers share it."""
        try:
            blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return 0
        return len(blob) if self._store_blob(key, blob) else 0

    def _store_blob(self, key: str, blob: bytes) -> bool:
        folder = f"{self._results}/{key[:2]}"
        path = f"{folder}/{key}.pkl"
        tmp = f"{folder}/.{key}.{os.getpid()}.tmp"
        try:
            if folder not in self._dirs:
                os.makedirs(folder, exist_ok=True)
                self._dirs.add(folder)
            with open(tmp, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return False
        return True

    def store_many(self, results: list[tuple[str, DocResult]]) -> list[int]:
        """Write several results: small ones together in one pack file (a corpus of one-sentence
        documents would otherwise create a file per sentence, which costs more than the sentence),
        big ones each in a file of its own. Sizes as ``store`` returns them, in order."""
        sizes = [0] * len(results)
        small: list[tuple[int, str, bytes]] = []
        for i, (key, result) in enumerate(results):
            try:
                blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                continue
            if len(blob) > PACK_MAX_RESULT or len(results) == 1:
                sizes[i] = len(blob) if self._store_blob(key, blob) else 0
            else:
                small.append((i, key, blob))
        if small and self._store_pack([(key, blob) for _i, key, blob in small]):
            for i, _key, blob in small:
                sizes[i] = len(blob)
        return sizes

    def _store_pack(self, entries: list[tuple[str, bytes]]) -> bool:
        """One pack: the results one after another, then their index and its length (8 bytes)."""
        index: dict[str, tuple[int, int]] = {}
        offset = 0
        for key, blob in entries:
            index[key] = (offset, len(blob))
            offset += len(blob)
        tail = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
        name = hashlib.sha256("".join(sorted(index)).encode()).hexdigest()[:32]
        path = os.path.join(self._packs, f"{name}.pack")
        tmp = os.path.join(self._packs, f".{name}.{os.getpid()}.tmp")
        try:
            if self._packs not in self._dirs:
                os.makedirs(self._packs, exist_ok=True)
                self._dirs.add(self._packs)
            with open(tmp, "wb") as f:
                for _key, blob in entries:
                    f.write(blob)
                f.write(tail)
                f.write(len(tail).to_bytes(8, "little"))
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return False
        if self._packed is not None:
            for key, (off, length) in index.items():
                self._packed[key] = (path, off, length)
        return True

    def read_manifest(self) -> Manifest | None:
        try:
            return Manifest.from_json((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write_manifest(self, manifest: Manifest) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _replace(self.root / MANIFEST, manifest.to_json().encode("utf-8"), sync=True)

    def forget_manifest(self) -> None:
        with contextlib.suppress(OSError):
            (self.root / MANIFEST).unlink()

    def prune(self, keep: set[str]) -> int:
        """Delete cached results no document of the build uses any more; return how many.

        A pack none of whose results is used goes; one with fewer than half in use is written
        again with those only."""
        removed = 0
        results = self.root / "results"
        if not results.is_dir():
            return 0
        for path in sorted(results.glob("*/*.pkl")):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        try:
            names = sorted(os.listdir(self._packs))
        except OSError:
            names = []
        for name in names:
            path = os.path.join(self._packs, name)
            if not name.endswith(".pack"):
                if name.endswith(".tmp"):  # left by a killed build
                    with contextlib.suppress(OSError):
                        os.unlink(path)
                continue
            index = _read_pack_index(path)
            live = [k for k in index if k in keep]
            if len(live) * 2 >= len(index) and index:
                continue
            if live:
                entries = []
                with contextlib.suppress(OSError), open(path, "rb") as f:
                    for key in live:
                        offset, length = index[key]
                        f.seek(offset)
                        entries.append((key, f.read(length)))
                if len(entries) < len(live) or not self._store_pack(entries):
                    continue  # keep the old pack rather than lose results (another name: a subset)
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += len(index) - len(live)
        self._packed = None
        return removed


def _read_pack_index(path: str) -> dict[str, tuple[int, int]]:
    """A pack's index, or nothing when the pack is torn or foreign (its results are then misses)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            if size < 8:
                return {}
            f.seek(size - 8)
            n = int.from_bytes(f.read(8), "little")
            if n <= 0 or n > size - 8:
                return {}
            f.seek(size - 8 - n)
            index = pickle.loads(f.read(n))
    except Exception:
        return {}
    if not isinstance(index, dict):
        return {}
    end = size - 8 - n
    return {
        k: v
        for k, v in index.items()
        if isinstance(k, str) and isinstance(v, tuple) and len(v) == 2 and v[0] >= 0 and v[0] + v[1] <= end
    }


def _replace(path: Path, payload: bytes, sync: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
