"""Write the build's tabular outputs: mentions.jsonl, entities.csv, report.json (and the graphs via rdf).

Every file is written atomically (a temporary file in the same folder, then ``os.replace``), so a build
killed at any moment leaves the previous output intact. Output is deterministic: the same input gives
byte-identical files, except the ``timings`` and ``cache`` sections of ``report.json``.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg import iri, rdf
from kg.errors import OutputError
from kg.model import Caption, DocResult, Linked, Mention, Options

#: the JSON string encoder of ``json.dumps(..., ensure_ascii=False)`` (C), quotes included
_json_str = json.encoder.encode_basestring

if TYPE_CHECKING:
    from kg.pipeline import BuildResult


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    atomic_fill(path, lambda f: f.write(payload), text=False)


def atomic_fill(path: Path, fill: Callable[[IO], object], *, text: bool = True) -> None:
    """Let ``fill`` write ``path``'s content into a temporary file (text: UTF-8, no newline
    translation), then rename it into place: readers see the old file or the whole new one."""
    prepare_fill(path, fill, text=text)()


def prepare_fill(path: Path, fill: Callable[[IO], object], *, text: bool = True) -> Callable[[], None]:
    """``atomic_fill`` up to the rename: the temporary file is written and on disk; the rename is
    returned (call it to put the file in place, or its ``discard`` to drop it)."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"{path.parent}: cannot write output ({e.strerror or e})") from e
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide outputs from other users of the archive
        f = open(fd, "w", encoding="utf-8", newline="", buffering=1 << 20) if text else open(fd, "wb")  # noqa: SIM115
        with f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        _discard(tmp)
        raise OutputError(f"{path}: cannot write output ({e.strerror or e})") from e
    except BaseException:
        _discard(tmp)
        raise

    def commit() -> None:
        try:
            os.replace(tmp, path)
        except OSError as e:
            _discard(tmp)
            raise OutputError(f"{path}: cannot write output ({e.strerror or e})") from e

    commit.discard = functools.partial(_discard, tmp)  # type: ignore[attr-defined]
    return commit


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def prepare_outdir(outdir: Path) -> None:
    """Create the output folder, or fail with one clear line."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{outdir}: cannot create output folder ({e.strerror or e})") from e
    if not os.access(outdir, os.W_OK):
        raise OutputError(f"{outdir}: output folder is not writable")
    remove_stale_temporaries(outdir)


#: temporary files of our atomic writes (``.graph.ttl.x8k2.tmp``, ``.graph.html.tmp``)
_TEMP_RE = re.compile(r"^\.(?:graph|mentions|entities|report)\.[A-Za-z]+(?:\.[^/]*)?\.tmp$")


def remove_stale_temporaries(outdir: Path) -> list[str]:
    """Delete what a killed build left half-written; the finished files are never touched."""
    removed = []
    for f in sorted(Path(outdir).iterdir()):
        if _TEMP_RE.match(f.name) and f.is_file():
            with contextlib.suppress(OSError):
                f.unlink()
                removed.append(f.name)
    return removed


def _container_iri(m: Mention, options: Options) -> str | None:
    if m.article is not None:
        return rdf.mint(options.base, iri.article_key(m.doc_id, m.article))
    if m.caption is not None:
        return rdf.mint(options.base, iri.caption_key(m.doc_id, m.caption))
    return None


def mention_rows(result: BuildResult, options: Options) -> list[dict]:
    """One row per mention, with offsets into the document's original text."""
    index = result.linked.mention_entity
    return [row for r in result.results for row in document_mention_rows(r, index, options)]


def document_mention_rows(r: DocResult, index: dict, options: Options) -> list[dict]:
    """The rows of one document's mentions (``index``: link's mention -> entity key)."""
    rows = []
    page = r.page
    for m in sorted(r.extraction.mentions, key=lambda m: (m.start, m.end, m.type, m.name)):
        start, end = page.to_original(m.start, m.end)
        key = index.get((m.doc_id, m.start, m.end, m.type))
        rows.append(
            {
                "doc": m.doc_id,
                "article": _container_iri(m, options),
                "start": start,
                "end": end,
                "text": page.doc.text[start:end],
                "type": m.type,
                "entity": rdf.mint(options.base, key) if key else None,
            }
        )
    return rows


#: line breaks that JSON leaves raw but ``str.splitlines`` and many JSONL readers split at
_JSONL_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def mentions_jsonl(rows: list[dict]) -> str:
    """One JSON object a line; a mention's text can never break its line, whatever it holds."""
    return "".join(json.dumps(row, ensure_ascii=False).translate(_JSONL_BREAKS) + "\n" for row in rows)


def document_mentions_jsonl(r: DocResult, index: dict, options: Options) -> tuple[str, int]:
    """``mentions_jsonl(document_mention_rows(...))`` and the number of rows, written without the
    dicts: every line has the same keys, so a format string and the JSON string encoder that
    ``json.dumps`` itself uses give the same bytes at a fraction of the cost (one-sentence
    documents by the thousand make this a per-document fixed cost)."""
    page = r.page
    text = page.doc.text
    base = options.base
    string = _json_str
    containers: dict[tuple, str] = {}
    lines = []
    for m in sorted(r.extraction.mentions, key=lambda m: (m.start, m.end, m.type, m.name)):
        start, end = page.to_original(m.start, m.end)
        key = index.get((m.doc_id, m.start, m.end, m.type))
        where = (m.doc_id, m.article, m.caption)
        container = containers.get(where)
        if container is None:
            iri_ = _container_iri(m, options)
            container = containers[where] = "null" if iri_ is None else string(iri_)
        entity = string(rdf.mint(base, key)) if key else "null"
        lines.append(
            f'{{"doc": {string(m.doc_id)}, "article": {container}, "start": {start}, "end": {end}, '
            f'"text": {string(text[start:end])}, "type": {string(m.type)}, "entity": {entity}}}\n'
        )
    out = "".join(lines)
    if "\x85" in out or "\u2028" in out or "\u2029" in out:
        out = out.translate(_JSONL_BREAKS)
    return out, len(lines)


def entities_csv(result: BuildResult, options: Options) -> str:
    return entities_csv_of(result.linked, options)


def entities_csv_of(linked: Linked, options: Options) -> str:
    """One row per entity and event, sorted by key."""
    buf = io.StringIO()
    _write_entities_csv(buf, linked, options)
    return buf.getvalue()


def _write_entities_csv(out, linked: Linked, options: Options) -> None:
    """entities.csv into the text stream ``out``, a row at a time (the whole text is never in memory)."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["iri", "type", "kind", "name", "aliases", "articles", "mentions"])
    for e in sorted(linked.entities, key=lambda e: e.key):
        w.writerow(
            [
                rdf.mint(options.base, e.key),
                e.type,
                e.kind or "",
                e.name,
                "|".join(e.aliases),
                len(set(e.articles)),
                len(e.mentions),
            ]
        )
    for ev in sorted(linked.events, key=lambda e: e.key):
        w.writerow(
            [
                rdf.mint(options.base, ev.key),
                "Event",
                "",
                ev.name,
                "|".join(ev.aliases),
                len(set(ev.reports)),
                len(ev.mentions),
            ]
        )


def atomic_write_entities_csv(path: Path, linked: Linked, options: Options) -> None:
    """entities.csv written as ``atomic_write`` does, streamed row by row."""
    atomic_fill(path, lambda f: _write_entities_csv(f, linked, options))


def prepare_entities_csv(path: Path, linked: Linked, options: Options) -> Callable[[], None]:
    """``atomic_write_entities_csv`` up to the rename (see ``prepare_fill``)."""
    return prepare_fill(path, lambda f: _write_entities_csv(f, linked, options))


def write_outputs(outdir: Path, result: BuildResult, options: Options) -> None:
    """graph.ttl, graph.trig (and the other serialisations), mentions.jsonl, entities.csv."""
    prepare_outdir(outdir)
    result.report["graph"] = rdf.write_graphs(result.dataset, outdir)
    rows = mention_rows(result, options)
    result.report["mention_rows"] = len(rows)
    atomic_write(outdir / "mentions.jsonl", mentions_jsonl(rows))
    atomic_write(outdir / "entities.csv", entities_csv(result, options))


@dataclass
class DocPart:
    """Everything the outputs hold of a run of consecutive documents, rendered (see ``render_part``)."""

    graph: rdf.GraphPart
    mentions: bytes | rdf.Spilled  # their lines of mentions.jsonl
    rows: int
    stats: DocStats

    def spill(self, spill: rdf.SpillFile) -> DocPart:
        """The part with its bytes in ``spill`` (a render worker's), not in itself (see ``rdf.Spilled``)."""
        g = self.graph
        for name in ("nq", "trig", "jsonld", "corpus_nq", "corpus_trig", "corpus_jsonld", "ttl"):
            setattr(g, name, spill.put(getattr(g, name)))
        self.mentions = spill.put(self.mentions)
        return self


def render_part(ctx: rdf.GraphContext, results: Iterable[DocResult]) -> DocPart:
    """Render documents for every output: graph text, mention rows, report figures. A pure function of
    the documents and the context, so that it can run in a worker process; the writer concatenates."""
    graph = rdf.GraphPart()
    stats = DocStats()
    lines: list[str] = []
    rows = 0
    index, options = ctx.b.linked.mention_entity, ctx.options
    results = list(results)
    rdf.render_documents(ctx, results, graph)
    for r in results:
        stats.add(r)
        text, n = document_mentions_jsonl(r, index, options)
        lines.append(text)
        rows += n
    return DocPart(graph.finish(), "".join(lines).encode("utf-8"), rows, stats)


def render_corpus_part(ctx: rdf.GraphContext, k: int) -> DocPart:
    """The context's corpus part ``k`` as a part of no document (see ``rdf.GraphContext.corpus_part``)."""
    return DocPart(ctx.corpus_part(k), b"", 0, DocStats())


def write_streaming(
    outdir: Path,
    results: Iterable[DocResult],
    linked: Linked,
    articles: set[tuple[str, int]],
    options: Options,
    report: dict,
    parts: Callable[[rdf.GraphContext, Callable[[], list]], Iterable[DocPart | rdf.RenderedSlice]]
    | None = None,
    mapper: rdf.Mapper | None = None,
    side: Iterable[Callable[[], object]] = (),
    nq_sink: Callable[..., object] | None = None,
    nq_done: Callable[[str], object] | None = None,
) -> None:
    """The graph files, mentions.jsonl and entities.csv, one document at a time (see ``rdf.GraphWriter``).

    ``results`` in a deterministic order (the pipeline gives document id order); only the current
    document and what link made are in memory. ``parts``, when given, renders the same documents
    elsewhere (``render_part`` in worker processes) given the context, yielding parts in that order,
    then the slices the writer's ``corpus_slices_ahead`` (its second argument) cuts, rendered; this
    process then only concatenates; ``mapper`` likewise renders the cross-article statements
    (see ``rdf.GraphWriter.close``). Every file is still replaced atomically at the end.

    With ``parts`` this process waits for the workers most of the time: once the first part is in
    (the workers are busy), it writes entities.csv to its temporary file and runs the ``side``
    callables (the caller's work for later), so that they cost no time of their own; ``nq_sink`` is
    given graph.nq's bytes as they are written (the view's scan reads them then: ``viz.LineFeed``), and
    ``nq_done`` the path of its temporary file once it is whole, before the Turtle's tail is written
    (see ``rdf.GraphWriter``).
    """
    prepare_outdir(outdir)
    ctx = rdf.GraphContext(linked, articles, options, folder=outdir)
    path = outdir / "mentions.jsonl"
    graphs = rdf.GraphWriter(outdir, context=ctx, nq_sink=nq_sink, nq_done=nq_done)
    rendered = (
        parts(ctx, graphs.corpus_slices_ahead)
        if parts is not None
        else (render_part(ctx, g) for g in _groups(results))
    )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=outdir)
    except OSError as e:
        graphs.abort()
        raise OutputError(f"{outdir}: cannot write output ({e.strerror or e})") from e
    rows = 0
    stats = report["stats"] = DocStats()
    entities: Callable[[], None] | None = None
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as f:
            for part in rendered:
                if isinstance(part, rdf.RenderedSlice):  # the corpus graph's, rendered ahead
                    graphs.add_rendered_slice(part)
                    continue
                graphs.add_part(part.graph)
                stats.merge(part.stats)
                if isinstance(part.mentions, rdf.Spilled):
                    graphs.spills.copy(part.mentions, f)
                else:
                    f.write(part.mentions)
                rows += part.rows
                if parts is not None and entities is None:  # the workers render the rest meanwhile
                    entities = prepare_entities_csv(outdir / "entities.csv", linked, options)
                    for job in side:
                        job()
            f.flush()
            report["graph"] = graphs.close(mapper, sync=(f.fileno(),))  # fsynced while the graph ends
        os.replace(tmp, path)
    except OSError as e:
        graphs.abort()
        _discard(tmp)
        if entities is not None:
            entities.discard()  # type: ignore[attr-defined]
        raise OutputError(f"{path}: cannot write output ({e.strerror or e})") from e
    except BaseException:
        graphs.abort()
        _discard(tmp)
        if entities is not None:
            entities.discard()  # type: ignore[attr-defined]
        raise
    finally:
        close = getattr(rendered, "close", None)
        if close is not None:  # a pool behind ``parts`` shuts down now, not when collected
            close()
    report["mention_rows"] = rows
    if entities is None:
        atomic_write_entities_csv(outdir / "entities.csv", linked, options)
    else:
        entities()


def _groups(results: Iterable[DocResult], max_docs: int = 64, max_chars: int = 20_000):
    """Consecutive documents rendered as one part: one-sentence documents by the dozen (a part has
    a fixed cost), a long page alone."""
    group: list[DocResult] = []
    chars = 0
    for r in results:
        group.append(r)
        chars += len(r.page.text)
        if len(group) >= max_docs or chars >= max_chars:
            yield group
            group, chars = [], 0
    if group:
        yield group


class DocStats:
    """The report's per-document figures, added up one document at a time (nothing is kept).

    Characters are reconciled read -> articles -> mentions, so that a user can see nothing was lost:
    ``original`` is what was read (after decoding); normalising drops whitespace only, so
    ``original_non_space == non_space`` unless a control character became a space; every non-space
    character is inside an article or a caption, or counted in ``non_space_outside`` (and its document
    listed in ``documents_with_text_outside``, first 50); every mention lies inside one.
    """

    def __init__(self) -> None:
        self.articles = self.captions = 0
        self.by_type: Counter = Counter()
        self.original = self.normalized = self.non_space = self.original_non_space = self.covered = 0
        self.n_mentions = self.mention_chars = self.mentions_outside = 0
        self.outside_docs: list[str] = []

    def add(self, r: DocResult) -> None:
        text = r.page.text
        self.articles += len(r.segmented.articles)
        self.captions += len(r.segmented.captions)
        self.by_type.update(m.type for m in r.extraction.mentions)
        self.original += len(r.page.doc.text)
        self.normalized += len(text)
        self.original_non_space += _non_space(r.page.doc.text)
        page_non_space = _non_space(text)
        self.non_space += page_non_space
        spans = [(a.span.start, a.span.end) for a in r.segmented.articles]
        spans += [caption_extent(text, c) for c in r.segmented.captions]
        mark = _mark(len(text), spans)
        whole = mark.find(0) < 0  # the common case: articles and captions cover the whole page
        page_covered = page_non_space if whole else _covered_non_space(text, mark)
        self.covered += page_covered
        if page_covered < page_non_space:
            self.outside_docs.append(r.page.doc.id)
        to_original = r.page.to_original
        for m in r.extraction.mentions:
            self.n_mentions += 1
            s, e = to_original(m.start, m.end)
            self.mention_chars += e - s
            if not whole and m.end > m.start and b"\x00" in mark[m.start : m.end]:
                self.mentions_outside += 1

    def merge(self, other: DocStats) -> None:
        """Add the figures of other documents (``outside_docs`` is sorted when reported)."""
        self.articles += other.articles
        self.captions += other.captions
        self.by_type.update(other.by_type)
        self.original += other.original
        self.normalized += other.normalized
        self.non_space += other.non_space
        self.original_non_space += other.original_non_space
        self.covered += other.covered
        self.n_mentions += other.n_mentions
        self.mention_chars += other.mention_chars
        self.mentions_outside += other.mentions_outside
        self.outside_docs.extend(other.outside_docs)

    def chars(self) -> dict:
        return {
            "original": self.original,
            "original_non_space": self.original_non_space,
            "normalized": self.normalized,
            "non_space": self.non_space,
            "non_space_in_articles_or_captions": self.covered,
            "non_space_outside": self.non_space - self.covered,
            "documents_with_text_outside": sorted(self.outside_docs)[:50],
            "mentions": self.n_mentions,
            "mention_characters": self.mention_chars,
            "mentions_outside_articles_or_captions": self.mentions_outside,
        }


def _stats(results: Iterable[DocResult]) -> DocStats:
    stats = DocStats()
    for r in results:
        stats.add(r)
    return stats


def _chars(results: list[DocResult]) -> dict:
    """See ``DocStats``."""
    return _stats(results).chars()


def caption_extent(text: str, caption: Caption) -> tuple[int, int]:
    """A caption with its credit: ``Caption.span`` leaves out the credited names and the ``摄`` after them."""
    start = min([caption.span.start] + [c.start for c in caption.credits])
    end = max([caption.span.end] + [c.end for c in caption.credits])
    if caption.credits:
        rest = text[end : end + 8]
        stripped = rest.lstrip(" ")
        for marker in ("摄影", "摄"):
            if stripped.startswith(marker):
                end += len(rest) - len(stripped) + len(marker)
                break
    return start, end


@functools.lru_cache(maxsize=1)
def _space_chars() -> tuple[str, ...]:
    """Every character ``str.isspace`` accepts (about 30)."""
    return tuple(ch for ch in map(chr, range(0x3001)) if ch.isspace())


#: ``str.isspace`` characters (``\s`` on str matches exactly those)
_SPACE = re.compile(r"\s")


def _non_space(text: str) -> int:
    """Characters that are not spaces: a regex on short texts (one-sentence documents by the
    thousand), one ``count`` per space character on long ones (each a fast pass in C)."""
    if len(text) < 4096:
        return len(text) - len(_SPACE.findall(text))
    return len(text) - sum(text.count(ch) for ch in _space_chars())


def _mark(n: int, spans: list[tuple[int, int]]) -> bytearray:
    mark = bytearray(n)
    for s, e in spans:
        mark[s:e] = b"\x01" * (e - s)
    return mark


def _covered_non_space(text: str, mark: bytearray) -> int:
    """Non-space characters at marked positions (a big page is counted in C, not a Python loop)."""
    kept = "".join(ch for ch in _iter_marked(text, mark))
    return _non_space(kept)


def _iter_marked(text: str, mark: bytearray):
    """The runs of ``text`` whose positions are marked."""
    i, n = 0, len(text)
    while i < n:
        start = mark.find(1, i)
        if start < 0:
            return
        end = mark.find(0, start)
        end = n if end < 0 else end
        yield text[start:end]
        i = end


def build_report(result: BuildResult, options: Options) -> dict:
    """The report; the per-document figures come from ``write_streaming`` when it ran (``stats``)."""
    stats = result.report.get("stats")
    if not isinstance(stats, DocStats):
        stats = _stats(result.results)
    ent_types = Counter(e.type for e in result.linked.entities)
    report = {
        "kg_version": _version(),
        "counts": {
            "documents": result.documents,
            "articles": stats.articles,
            "captions": stats.captions,
            "mentions": stats.n_mentions,
            "mentions_by_type": dict(sorted(stats.by_type.items())),
            "entities": len(result.linked.entities),
            "entities_by_type": dict(sorted(ent_types.items())),
            "relations": len(result.linked.facts),
            "events": len(result.linked.events),
            "triples": result.report.get("graph", {}).get("triples"),
        },
        "characters": stats.chars(),
        "home_city": result.linked.home_city,
        "cache": result.report.get("cache", {}),
        "graph": result.report.get("graph", {}),
        "warnings": [
            {"source": w.source, "line": w.line, "offset": w.offset, "message": w.message}
            for w in result.warnings
        ],
        "timings": {k: round(v, 4) for k, v in result.timings.items()},
    }
    return report


def write_report(outdir: Path, result: BuildResult, options: Options) -> dict:
    report = build_report(result, options)
    atomic_write(outdir / "report.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return report


def _version() -> str:
    from kg import __version__

    return __version__
