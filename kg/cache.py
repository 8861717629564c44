"""The incremental cache: per-document results kept under ``OUTDIR/.cache`` between builds.

Why: the per-document stages are the expensive part of a build and each is a pure function of
(document, options, code). A result is stored under a key that hashes exactly those three, so a result
is reused only when recomputing it would give the same thing; any change to the code of the ``kg``
package, to jieba's version or to an option that reaches the stages gives a new key.

Layout::

    OUTDIR/.cache/manifest.json          the documents of the last build, in order, with their keys
    OUTDIR/.cache/results/ab/abcdef….pkl one pickled DocResult (it holds its Document)

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
    import importlib.metadata

    import kg

    h = hashlib.sha256()
    try:
        jieba_version = importlib.metadata.version("jieba")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        jieba_version = "none"
    h.update(f"{kg.__version__}|{STAGE_VERSION}|{sys.version_info[:3]}|{jieba_version}".encode())
    root = Path(kg.__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.endswith((".pyc", ".pyo")):
            continue
        h.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


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
    payload = {
        "doc": {f.name: getattr(doc, f.name) for f in _document_fields()},  # flat: asdict's deep copy
        "options": _stage_options(options),
        "pipeline": version or pipeline_version(),
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


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
            "documents": [dataclasses.asdict(e) for e in self.documents],
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
        self._dirs: set[str] = set()  # result folders known to exist

    def path(self, key: str) -> Path:
        return Path(self._file(key))

    def _file(self, key: str) -> str:
        return f"{self._results}/{key[:2]}/{key}.pkl"

    def has(self, key: str) -> bool:
        return os.path.isfile(self._file(key))

    def load(self, key: str) -> DocResult | None:
        """The cached result, or None when it is missing or unreadable (a miss, never an error)."""
        return self.load_sized(key)[0]

    def load_sized(self, key: str) -> tuple[DocResult | None, int]:
        """``load``, with the size of the cached file (what the pipeline's memory budget counts)."""
        try:
            with open(self._file(key), "rb") as f:
                blob = f.read()
            result = pickle.loads(blob)
        except Exception:  # a torn or foreign file is a cache miss
            return None, 0
        return (result, len(blob)) if isinstance(result, DocResult) else (None, 0)

    def store(self, key: str, result: DocResult) -> int:
        """Write one result atomically; return its size, 0 when the cache cannot be written (that
        only costs speed). The temporary file is named after this process: no two writers share it."""
        folder = f"{self._results}/{key[:2]}"
        path = f"{folder}/{key}.pkl"
        tmp = f"{folder}/.{key}.{os.getpid()}.tmp"
        try:
            blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            if folder not in self._dirs:
                os.makedirs(folder, exist_ok=True)
                self._dirs.add(folder)
            with open(tmp, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return 0
        return len(blob)

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
        """Delete cached results no document of the build uses any more; return how many."""
        removed = 0
        results = self.root / "results"
        if not results.is_dir():
            return 0
        for path in sorted(results.glob("*/*.pkl")):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed


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
