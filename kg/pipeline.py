"""The one place that knows the order of the stages.

    files --ingest--> Document --normalize--> Page --segment--> Segmented --extract--> Extraction
          (per document, independent: run serially, in a process pool, or on a Dask cluster)
    all DocResults --link--> Linked --rdf--> rdflib.Dataset --write--> OUTDIR/* --viz--> graph.html

Per-document stages are pure functions of (Document, Options), which is what lets ``--jobs``,
``--scheduler`` and the incremental cache (``--update``) reuse them unchanged.
"""

from __future__ import annotations

import dataclasses
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import cache, extract, ingest, link, normalize, parallel, segment, viz, write
from kg.errors import InputError, OutputError
from kg.model import DocResult, Document, Linked, Options, Page, Segmented, Warning_

#: Per-document stages, in order. Each takes the previous stage's output (and the options).
DOCUMENT_STAGES: tuple[tuple[str, Callable], ...] = (
    ("normalize", normalize.normalize),
    ("segment", segment.segment),
    ("extract", extract.extract),
)

#: Corpus stages, in order, after every document went through DOCUMENT_STAGES.
CORPUS_STAGES = ("link", "rdf", "write", "viz")


@dataclass
class BuildResult:
    documents: int
    results: list[DocResult]
    linked: Linked
    dataset: object  # None from ``build`` (the graph is streamed to files); ``rdf.to_dataset`` builds one
    warnings: list[Warning_]
    timings: dict[str, float] = field(default_factory=dict)
    report: dict = field(default_factory=dict)


def process_document(doc: Document, options: Options) -> DocResult:
    """Run the per-document stages on one document. Pure: no I/O, no shared state."""
    page = normalize.normalize(doc)
    segmented = segment.segment(page)
    extraction = extract.extract(page, segmented, options)
    return DocResult(page=page, segmented=segmented, extraction=extraction)


def run_documents(
    docs: Iterable[Document], options: Options, on_done: Callable[[Document], None] | None = None
) -> list[DocResult]:
    """Map ``process_document`` over the documents, serially or in parallel (``options.jobs``)."""
    return parallel.map_documents(process_document, docs, options, on_done=on_done)


@dataclass
class _Item:
    """One document on its way through the build: where it came from and its cache key."""

    doc: Document
    key: str
    cached: bool
    result: DocResult | None = None  # already loaded from the cache (``--update``)


@dataclass(frozen=True)
class _Kept:
    """What the build keeps of one document between its two passes: where to reload it from."""

    id: str
    source: str
    key: str
    articles: tuple[int, ...]  # article indices (the graph's article nodes and named graphs)
    result: DocResult | None = None  # the whole result, only when the cache could not store it


def _slim(item: _Item, result: DocResult, store: cache.Cache) -> tuple[_Kept, DocResult]:
    """The document's slim record for link (its extraction and warnings, no text) and how to reload it.

    Link reads only ``extraction`` (and ``warnings`` are reported); the page, its text and the articles
    are read back from the cache for rdf and write.
    """
    doc = result.page.doc
    kept = _Kept(
        item.doc.id,
        item.doc.source,
        item.key,
        tuple(a.index for a in result.segmented.articles),
        None if store.has(item.key) else result,
    )
    page = Page(doc=dataclasses.replace(doc, text=""), text="", origin=array("q"))
    slim = DocResult(page, Segmented((), ()), result.extraction, result.warnings)
    return kept, slim


class CachedResults(Sequence[DocResult]):
    """Full per-document results read back from the build cache one at a time, as they are used."""

    def __init__(self, store: cache.Cache, items: Sequence[_Kept]) -> None:
        self.store, self.items = store, list(items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._load(item) for item in self.items[i]]
        return self._load(self.items[i])

    def __iter__(self) -> Iterator[DocResult]:
        for item in self.items:
            yield self._load(item)

    def _load(self, item: _Kept) -> DocResult:
        if item.result is not None:
            return item.result
        result = self.store.load(item.key)
        if result is None:
            raise OutputError(
                f"{self.store.root}: the cached result of document {item.id!r} vanished during the build"
            )
        return result


def _stream_results(
    items: Iterator[_Item], store: cache.Cache, options: Options
) -> Iterator[tuple[_Item, DocResult]]:
    """Results in input order: cached ones loaded from disk, the others computed on the backend.

    Only the misses go to the backend; ``order`` records every item as the backend pulls documents,
    so a cached result is yielded in its place between computed ones and nothing is read ahead of
    the backend's bounded window.
    """
    order: deque[_Item] = deque()

    def misses() -> Iterator[Document]:
        for item in items:
            order.append(item)
            if not item.cached:
                yield item.doc

    computed = parallel.imap_documents(process_document, misses(), options)
    ready: deque[DocResult] = deque()
    exhausted = False
    while True:
        if not order or (not order[0].cached and not ready):
            if exhausted:
                break
            try:
                ready.append(next(computed)[1])
            except StopIteration:
                exhausted = True
            continue
        item = order.popleft()
        if not item.cached:
            yield item, ready.popleft()
            continue
        result = item.result or store.load(item.key)
        item.result = None
        if result is None:  # vanished or torn since we looked: recompute here
            item = _Item(item.doc, item.key, cached=False)
            result = process_document(item.doc, options)
        yield item, result


def _inputs(
    inputs: Sequence[str | Path],
    options: Options,
    store: cache.Cache,
    prior: cache.Manifest | None,
    corpus: ingest.Corpus,
    plan: dict,
) -> Iterator[_Item]:
    """The build's documents: new inputs first (streamed), then the previous build's (``--update``).

    With ``--update`` a new document with the id and source of a previous one replaces it; one with a
    previous id but another source is renamed ``ID~N`` as ingest does for duplicates.
    """
    version = cache.pipeline_version()
    taken = {e.id for e in prior.documents} if prior else set()
    by_id = {e.id: e for e in prior.documents} if prior else {}
    replaced: set[str] = set()
    sources: set[str] = set()
    plan["sources"] = sources
    new_docs = ingest.iter_documents(inputs, options, corpus) if inputs or not prior else iter(())
    for doc in new_docs:
        sources.add(doc.source)
        old = by_id.get(doc.id)
        if old is not None and old.source == doc.source and doc.id not in replaced:
            replaced.add(doc.id)
        elif doc.id in taken:
            n = 2
            while f"{doc.id}~{n}" in taken:
                n += 1
            new_id = f"{doc.id}~{n}"
            corpus.warnings.append(
                Warning_(doc.source, f"duplicate document id {doc.id!r}; kept as {new_id!r}", doc.line)
            )
            doc = Document(**{**doc.__dict__, "id": new_id})
        taken.add(doc.id)
        key = cache.document_key(doc, options, version)
        yield _Item(doc, key, store.has(key))
    plan["replaced"] = replaced
    for entry in prior.documents if prior else ():
        if entry.id in replaced:
            continue
        old_result = store.load(entry.key)
        if old_result is None:
            raise InputError(
                f"{store.root}: the cached result of document {entry.id!r} is missing; "
                "rebuild without --update"
            )
        doc = old_result.page.doc
        key = cache.document_key(doc, options, version)
        if key == entry.key:
            yield _Item(doc, key, True, old_result)
        else:
            yield _Item(doc, key, store.has(key))


def build(
    inputs: Sequence[str | Path],
    options: Options,
    on_progress: Callable[[str, int, int | None], None] | None = None,
) -> BuildResult:
    """Build the graph for ``inputs`` and write every output file into ``options.outdir``.

    Documents stream through the per-document stages (see ``kg.parallel``); each result is cached under
    ``OUTDIR/.cache`` and reused when the same document meets the same code and options again. With
    ``options.update`` the previous build's documents are kept and ``inputs`` are added to them; the
    output equals a full build of all those documents.
    """
    timings: dict[str, float] = {"ingest": 0.0}
    t0 = time.perf_counter()
    outdir = Path(options.outdir)
    store = cache.Cache(outdir)
    prior = store.read_manifest() if options.update else None
    if options.update and prior is None:
        raise InputError(f"{outdir}: no previous build to update (no {cache.CACHE_DIR}/{cache.MANIFEST})")
    write.prepare_outdir(outdir)
    corpus = ingest.Corpus()
    plan: dict = {}
    items = _timed(_inputs(inputs, options, store, prior, corpus, plan), timings, "ingest")

    # Pass 1: every result goes to the cache; link gets slim records (no text), kept in memory.
    new: list[tuple[_Kept, DocResult]] = []
    reused = 0
    for done, (item, result) in enumerate(_stream_results(items, store, options), start=1):
        if item.cached:
            reused += 1
        else:
            store.store(item.key, result)
        new.append(_slim(item, result, store))
        del item, result
        if on_progress:
            on_progress("documents", done, None)
    timings["documents"] = time.perf_counter() - t0 - timings["ingest"]

    # order: the previous build's documents (replaced in place), then the new ones
    n_new = len(new) - (len(prior.documents) - len(plan["replaced"]) if prior else 0)
    fresh, kept = new[:n_new], new[n_new:]
    ordered: list[tuple[_Kept, DocResult]] = []
    if prior:
        by_id = {item.id: (item, r) for item, r in fresh if item.id in plan["replaced"]}
        by_id.update({item.id: (item, r) for item, r in kept})
        ordered = [by_id[e.id] for e in prior.documents]
        ordered += [(item, r) for item, r in fresh if item.id not in plan["replaced"]]
    else:
        ordered = fresh
    results = [r for _item, r in ordered]
    kept_items = [item for item, _r in ordered]
    del ordered  # the slim records live on in ``results`` only, until link is done
    del new, fresh, kept

    # a file read again replaces what the previous build said about it
    new_sources = {w.source for w in corpus.warnings} | plan["sources"]
    ingest_warnings = [w for w in (prior.warnings if prior else []) if w.source not in new_sources]
    ingest_warnings += corpus.warnings

    t = time.perf_counter()
    linked = link.link(results, options)
    timings["link"] = time.perf_counter() - t

    warnings = ingest_warnings + [w for r in results for w in r.warnings]
    del results  # freed for rdf, write and viz
    result = BuildResult(len(kept_items), CachedResults(store, kept_items), linked, None, warnings, timings)

    # Pass 2: rdf and write stream the full results back from the cache one at a time, in document id
    # order (the same for --update and a full build)
    t = time.perf_counter()
    articles = {(item.id, index) for item in kept_items for index in item.articles}
    by_id = CachedResults(store, sorted(kept_items, key=lambda item: item.id))
    write.write_streaming(outdir, by_id, linked, articles, options, result.report)
    timings["rdf"] = 0.0  # rdf is built inside write, one document at a time
    timings["write"] = time.perf_counter() - t

    t = time.perf_counter()
    viz.render(outdir, outdir / "graph.html")
    timings["viz"] = time.perf_counter() - t

    t = time.perf_counter()
    manifest = cache.Manifest(
        documents=[cache.Entry(i.id, i.source, i.key) for i in kept_items],
        warnings=ingest_warnings,
        pipeline=cache.pipeline_version(),
    )
    try:
        store.write_manifest(manifest)
    except OSError as e:
        store.forget_manifest()  # an old manifest would make the next --update forget these inputs
        raise OutputError(
            f"{outdir}: outputs written, but not the build cache ({e.strerror or e}); "
            "--update will need a full build first"
        ) from e
    store.prune({e.key for e in manifest.documents})
    timings["cache"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    # the report is written last so that it carries every timing
    result.report["cache"] = {"reused": reused, "computed": len(kept_items) - reused}
    result.report = write.write_report(outdir, result, options)
    return result


def _timed(it: Iterator, timings: dict[str, float], name: str) -> Iterator:
    """Pass ``it`` through, adding the time spent inside it to ``timings[name]``."""
    while True:
        t = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            timings[name] += time.perf_counter() - t
            return
        timings[name] += time.perf_counter() - t
        yield item
