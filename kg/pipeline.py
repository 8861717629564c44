"""The one place that knows the order of the stages.

    files --ingest--> Document --normalize--> Page --segment--> Segmented --extract--> Extraction
          (per document, independent: run serially, in a process pool, or on a Dask cluster)
    all DocResults --link--> Linked --rdf--> rdflib.Dataset --write--> OUTDIR/* --viz--> graph.html

Per-document stages are pure functions of (Document, Options), which is what lets ``--jobs``,
``--scheduler`` and the incremental cache (``--update``) reuse them unchanged.

With ``--jobs N`` both passes of ``build`` run in worker processes: pass 1's workers run the stages,
write each result into the cache themselves and send back only the slim record link needs; pass 2's
workers (forked after link, so they inherit its output) render each document's part of every output
file, and this process only concatenates them in document id order. With ``--scheduler`` pass 1 runs
on the Dask cluster and pass 2 on this machine (in a local pool with ``--jobs N``).
"""

from __future__ import annotations

import functools
import gc
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import cache, extract, ingest, link, normalize, parallel, rdf, segment, write
from kg.errors import InputError, OutputError
from kg.mentionstore import SlimResult
from kg.model import DocResult, Document, Linked, Options, Warning_

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
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage (see ``_Clock``)


def process_document(doc: Document, options: Options) -> DocResult:
    """Run the per-document stages on one document. Pure: no I/O, no shared state."""
    page = normalize.normalize(doc)
    segmented = segment.segment(page)
    extraction = extract.extract(page, segmented, options)
    return DocResult(page=page, segmented=segmented, extraction=extraction)


def process_documents(docs: Sequence[Document], options: Options) -> list[DocResult]:
    """``process_document`` of each document (the same results), with the NER model given all the
    batch's pages at once first (``kg.ner.prefetch``: one numpy Viterbi over all their sentences
    instead of a crfsuite call per sentence, what most of a one-sentence document's time went to)."""
    pages = [normalize.normalize(doc) for doc in docs]
    short = [p.text for p in pages if len(p.text) <= extract.NER_MAX_CHARS]
    if len(short) > 1:
        from kg import ner

        ner.prefetch(short)
    texts = [p.text for p in pages if p.text]
    if len(texts) > 1:  # the tokenizer's tables for the whole batch at once (its units are their texts)
        from kg.extract.text import tokenizer

        tokenizer()[0].prepare(texts)
    results = []
    for page in pages:
        segmented = segment.segment(page)
        extraction = extract.extract(page, segmented, options)
        results.append(DocResult(page=page, segmented=segmented, extraction=extraction))
    return results


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
    size: int = 0  # its cached file's size


@dataclass(frozen=True)
class _Kept:
    """What the build keeps of one document between its two passes: where to reload it from."""

    id: str
    source: str
    key: str
    articles: tuple[int, ...]  # article indices (the graph's article nodes and named graphs)
    result: DocResult | None = None  # the whole result: kept in memory, or the cache could not store it
    chars: int = 0  # the document's length (the write pass batches documents by it)


#: pickled bytes of results pass 1 keeps in memory for pass 2 (past it, pass 2 reloads from the cache)
MEMORY_BUDGET = 16 << 20


class _Budget:
    """How much of ``MEMORY_BUDGET`` is left. Keeping small corpora in memory spares pass 2 reading
    back thousands of tiny cache files; a big corpus still streams through the cache."""

    def __init__(self, total: int) -> None:
        self.left = total

    def take(self, size: int) -> bool:
        if size <= 0 or size > self.left:
            return False
        self.left -= size
        return True


def _slim_result(result: DocResult) -> SlimResult:
    """The document's record for link: its extraction and warnings as int columns, no text.

    Link reads only ``extraction`` (and ``warnings`` are reported); the page, its text and the articles
    are read back from the cache for rdf and write. A third of a slim ``DocResult``'s memory.
    """
    return SlimResult(result.extraction, result.warnings)


def _keep(doc: Document, key: str, result: DocResult, whole: bool) -> tuple[_Kept, DocResult | SlimResult]:
    """The document's kept record and link's record (the whole result when it stays in memory)."""
    kept = _Kept(
        doc.id,
        doc.source,
        key,
        tuple(a.index for a in result.segmented.articles),
        result if whole else None,
        len(doc.text),
    )
    return kept, (result if whole else _slim_result(result))


def _compute_batch(options: Options, outdir: str, batch: list[tuple[Document, str]]) -> list:
    """Pass 1 in a worker: run the stages, cache each result here, send back only the slim records
    (the whole result only when the cache could not take it)."""
    store = cache.Cache(outdir)
    results = process_documents([doc for doc, _key in batch], options)
    sizes = store.store_many([(key, r) for (_doc, key), r in zip(batch, results, strict=True)])
    return [
        _keep(doc, key, r, whole=not size) for (doc, key), r, size in zip(batch, results, sizes, strict=True)
    ]


@dataclass
class _Computed:
    """A result computed in this process and cached (``size`` 0: the cache could not take it)."""

    result: DocResult
    size: int


def _compute_here(items: Iterator[_Item], store: cache.Cache, options: Options) -> Iterator[_Computed]:
    """Pass 1 in this process, a batch at a time so that small results share a pack file."""
    for batch in parallel.batches(items, weight=_item_weight):
        results = process_documents([item.doc for item in batch], options)
        sizes = store.store_many([(item.key, r) for item, r in zip(batch, results, strict=True)])
        yield from (_Computed(r, size) for r, size in zip(results, sizes, strict=True))


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
        return self.load(self.store, item)

    @staticmethod
    def load(store: cache.Cache, item: _Kept) -> DocResult:
        """One result: kept in memory, else read back from the cache."""
        if item.result is not None:
            return item.result
        result = store.load(item.key)
        if result is None:
            raise OutputError(
                f"{store.root}: the cached result of document {item.id!r} vanished during the build"
            )
        return result


def _first_pass(
    items: Iterator[_Item],
    store: cache.Cache,
    options: Options,
    budget: _Budget,
    chores: Iterator | None = None,
) -> Iterator[tuple[_Item, _Kept, DocResult]]:
    """Kept and link records in input order: cached results loaded from disk, the others computed on
    the backend (and cached).

    Only the misses go to the backend; ``order`` records every item as the backend pulls documents,
    so a cached result is yielded in its place between computed ones and nothing is read ahead of
    the backend's bounded window. ``chores``: this process's work for while it waits for the last
    results of a pool of workers (``parallel._ordered``).
    """
    order: deque[_Item] = deque()

    def misses() -> Iterator[_Item]:
        for item in items:
            order.append(item)
            if not item.cached:
                yield item

    computed: Iterator
    if options.scheduler:  # whole results come back from the cluster: cached here
        docs = (item.doc for item in misses())
        computed = (r for _d, r in parallel.imap_documents(process_document, docs, options))
    elif options.jobs > 1:  # workers cache the results and send back slim records
        init, initargs = parallel.warmed_pool_args(process_document, options)
        run = functools.partial(_compute_batch, options, store.outdir)
        pairs = ((item.doc, item.key) for item in misses())
        batched = parallel.imap_batches(run, pairs, options.jobs, _pair_weight, init, initargs, chores=chores)
        computed = (record for _b, records in batched for record in records)
    else:
        computed = _compute_here(misses(), store, options)

    def kept(item: _Item, result: DocResult, size: int) -> tuple[_Item, _Kept, DocResult]:
        return (item, *_keep(item.doc, item.key, result, whole=budget.take(size)))

    ready: deque = deque()
    exhausted = False
    while True:
        if not order or (not order[0].cached and not ready):
            if exhausted:
                break
            try:
                ready.append(next(computed))
            except StopIteration:
                exhausted = True
            continue
        item = order.popleft()
        if not item.cached:
            got = ready.popleft()
            if isinstance(got, DocResult):  # from the cluster
                got = _Computed(got, store.store(item.key, got))
            if isinstance(got, _Computed):
                whole = not got.size or budget.take(got.size)
                yield (item, *_keep(item.doc, item.key, got.result, whole=whole))
            else:
                yield (item, *got)
            continue
        result, size = (item.result, item.size) if item.result else store.load_sized(item.key)
        item.result = None
        if result is None:  # vanished or torn since we looked: recompute here
            item = _Item(item.doc, item.key, cached=False)
            result = process_document(item.doc, options)
            size = store.store(item.key, result)
            yield (item, *_keep(item.doc, item.key, result, whole=not size or budget.take(size)))
            continue
        yield kept(item, result, size)


def _pair_weight(pair: tuple[Document, str]) -> int:
    return len(pair[0].text) + parallel.DOC_WEIGHT


def _item_weight(item: _Item) -> int:
    return len(item.doc.text) + parallel.DOC_WEIGHT


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
        old_result, size = store.load_sized(entry.key)
        if old_result is None:
            raise InputError(
                f"{store.root}: the cached result of document {entry.id!r} is missing; "
                "rebuild without --update"
            )
        doc = old_result.page.doc
        key = cache.document_key(doc, options, version)
        if key == entry.key:
            yield _Item(doc, key, True, old_result, size)
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
    owned = gc.get_freeze_count() == 0  # a caller that froze objects itself unfreezes them too
    gc.freeze()  # what exists now (modules, loaded models) is never garbage; see _GC_FREEZE_EVERY
    try:
        return _build(inputs, options, on_progress)
    finally:
        if owned:
            gc.unfreeze()


#: pass 1 freezes what the build keeps (link's records) every so many documents: full collections
#: would otherwise walk every record again and again (a third of the main process's pass 1); pass 2
#: every so many parts (what the view's scan and the writer keep of them)
_GC_FREEZE_EVERY = 16


def _build(
    inputs: Sequence[str | Path],
    options: Options,
    on_progress: Callable[[str, int, int | None], None] | None,
) -> BuildResult:
    timings: dict[str, float] = {"ingest": 0.0}
    cpu: dict[str, float] = {"ingest": 0.0}
    clock = _Clock(timings, cpu)
    t0 = time.perf_counter()
    outdir = Path(options.outdir)
    store = cache.Cache(outdir)
    prior = store.read_manifest() if options.update else None
    if options.update and prior is None:
        raise InputError(f"{outdir}: no previous build to update (no {cache.CACHE_DIR}/{cache.MANIFEST})")
    write.prepare_outdir(outdir)
    corpus = ingest.Corpus()
    plan: dict = {}
    items = _timed(_inputs(inputs, options, store, prior, corpus, plan), timings, cpu, "ingest")

    # Pass 1: every result goes to the cache; link gets slim records (no text), kept in memory, and
    # small corpora keep their whole results too (``MEMORY_BUDGET``). Without --update the records
    # come in link's order: link takes each as it comes, while the workers compute the next ones
    clock.start()
    new: list[tuple[_Kept, DocResult]] = []
    reused = 0
    budget = _Budget(MEMORY_BUDGET)
    linker = link.Linker(options) if prior is None else None
    chores = _load_viz() if options.jobs > 1 else None  # the view's imports, while workers compute
    passed = _first_pass(items, store, options, budget, chores)
    for done, (item, kept_item, record) in enumerate(passed, 1):
        if item.cached:
            reused += 1
        new.append((kept_item, record))
        if linker is not None:
            linker.add(record)
        del item, kept_item, record
        if done % _GC_FREEZE_EVERY == 0:
            gc.freeze()
        if on_progress:
            on_progress("documents", done, None)
    clock.stop("documents", less="ingest")

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

    clock.start()
    with parallel.no_collection(keep=True):  # link's output lives to the end of the build
        linked = linker.finish() if linker is not None else link.link(results, options)
    del linker
    clock.stop("link")

    warnings = ingest_warnings + [w for r in results for w in r.warnings]
    del results  # freed for rdf, write and viz
    result = BuildResult(len(kept_items), CachedResults(store, kept_items), linked, None, warnings, timings)

    # Pass 2: rdf and write take the full results one at a time (from memory or the cache), in
    # document id order (the same for --update and a full build); with --jobs N workers render them
    clock.start()
    articles = {(item.id, index) for item in kept_items for index in item.articles}
    sorted_items = sorted(kept_items, key=lambda item: item.id)
    parts = mapper = None
    if options.jobs > 1 and len(sorted_items) > 1:
        parts = functools.partial(
            _render_in_pool, items=sorted_items, store=store, jobs=options.jobs, scan=True, chores=chores
        )
    by_id = CachedResults(store, sorted_items)
    del sorted_items
    # the view's scan reads graph.nq as it is written: with --jobs N while this process waits for the
    # workers (importing viz here, not at the top: other importers of the pipeline skip networkx); with
    # workers the view is worked out as soon as graph.nq is whole, by a process forked then (with the
    # view's imports done), while another works out the Turtle's tail and this one ends the files
    # (``LineFeed.view_ahead``)
    from kg import viz

    feed = viz.LineFeed(outdir / "graph.nq")
    if parts is not None:
        mapper = functools.partial(_map_slices, jobs=options.jobs, feed=feed)
    try:
        write.write_streaming(
            outdir,
            by_id,
            linked,
            articles,
            options,
            result.report,
            parts=parts,
            mapper=mapper,
            nq_sink=feed.write,
            nq_done=functools.partial(_view_ahead, feed, chores) if mapper is not None else None,
        )
        _finish_chores(chores)
        feed.close()
        del by_id, parts, mapper
        timings["rdf"] = 0.0  # rdf is built inside write, one document at a time
        clock.stop("write")

        clock.start()
        viz.render(outdir, outdir / "graph.html", jobs=options.jobs, fed=feed)
    finally:
        feed.cancel()  # a view worked out ahead and never asked for (the build failed): stopped
    del feed
    clock.stop("viz")

    clock.start()
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
    clock.stop("cache")
    timings["total"] = time.perf_counter() - t0
    # CPU seconds: this process's (the serial part of a --jobs build) and its workers'
    timings["cpu_main"] = sum(v for k, v in cpu.items() if not k.startswith("workers_"))
    timings["cpu_workers"] = sum(v for k, v in cpu.items() if k.startswith("workers_"))
    result.cpu = cpu
    # the report is written last so that it carries every timing
    result.report["cache"] = {"reused": reused, "computed": len(kept_items) - reused}
    result.report = write.write_report(outdir, result, options)
    return result


def _load_viz() -> Iterator[None]:
    """Import what the viz stage needs and read its files (numpy, networkx, pyvis, Jinja: 0.25 s), a
    piece at a time (``viz.preload_steps``), while this process waits for workers: first for pass 1's
    last results, when a core is free (the workers need nothing more from this process), then for
    pass 2's parts (its workers, forked between, inherit what was imported and never use it).
    numpy first: link's end uses it too."""
    import numpy  # noqa: F401

    yield
    from kg import viz

    yield from viz.preload_steps()


#: what pass 2's workers render from: (the graph context, the kept records in id order, the cache,
#: whether they also scan their graph.nq bytes for the view)
_render_state: tuple | None = None
#: graph.nq bytes a pass-2 worker scans for the view at most: past ``viz.FEED_LIMIT`` in all, the
#: main process gives up the view's feed (each worker stops at that many of its own: bounded waste)
_scanned_bytes = 0
#: a pass-2 worker's spill file (``rdf.SpillFile``): its parts' bytes go there, not through the pipe
_spill: object = None
#: bytes a pass-2 worker spills at most (the disk holds them beside the outputs until the end)
SPILL_LIMIT = 1 << 30
#: parts in flight per pass-2 worker: their bytes are spilled, so a deeper window costs little
#: memory and keeps the workers busy while this process does other work (``_load_viz``, the view)
RENDER_IN_FLIGHT = 8


def _finish_chores(chores: Iterator | None) -> None:
    for _ in chores or ():
        pass


def _view_ahead(feed, chores: Iterator | None, *args, **kwargs) -> None:
    """``feed.view_ahead``, in a process forked with the view's imports done (``_load_viz``)."""
    _finish_chores(chores)
    feed.view_ahead(*args, **kwargs)


def _set_render_state(state: tuple) -> None:
    """Pool initializer of pass 2 (with 'fork' the state is inherited, not pickled)."""
    global _render_state, _scanned_bytes, _spill
    from kg import rdf

    _render_state, _scanned_bytes = state, 0
    _spill = rdf.SpillFile(state[2].outdir, SPILL_LIMIT)


def _render_batch(indices: list) -> write.DocPart | rdf.RenderedSlice:
    """Pass 2 in a worker: read the documents back and render their part of every output; a
    negative index -1-k is the context's corpus part k, a slice of statements a slice of the corpus
    graph's cross-article ones (each a batch of its own)."""
    assert _render_state is not None
    ctx, items, store, scan = _render_state
    if isinstance(indices[0], list):  # rdf._Slice: the corpus graph's, rendered ahead of the tail
        nq, trig, jsonld, size = (
            x.encode("utf-8") if isinstance(x, str) else x
            for x in rdf.render_corpus_slice(indices[0], ctx.cg)
        )
        put = _spill.put  # type: ignore[attr-defined]
        return rdf.RenderedSlice(put(nq), put(trig), put(jsonld), size, _view_scan(nq, scan))
    if indices[0] < 0:
        return write.render_corpus_part(ctx, -1 - indices[0])
    part = write.render_part(ctx, [CachedResults.load(store, items[i]) for i in indices])
    part.graph.nq_scan = _view_scan(part.graph.nq, scan)
    return part.spill(_spill)  # type: ignore[arg-type]


def _view_scan(nq: bytes, scan: bool):
    """The view's scan of these graph.nq bytes, made here (the main process merges it instead of
    reading them), while this worker has scanned less than ``viz.FEED_LIMIT`` in all."""
    global _scanned_bytes
    from kg import viz

    if not scan or _scanned_bytes + len(nq) > viz.FEED_LIMIT:
        return None
    _scanned_bytes += len(nq)
    return viz.scan_part(nq)


def _render_in_pool(
    ctx,
    ahead: Callable[[], list],
    items: list[_Kept],
    store: cache.Cache,
    jobs: int,
    scan: bool = False,
    chores: Iterator | None = None,
) -> Iterator[write.DocPart | rdf.RenderedSlice]:
    """Pass 2's parts rendered by ``jobs`` workers forked now (after link): first the context's
    corpus parts (the sections' corpus graph, what this process would otherwise render before or
    after the workers' work), then the documents' in document id order, then the corpus graph's
    cross-article slices ``ahead()`` cuts from those corpus parts once the documents are handed out
    (the workers render them with the last documents, not after them); ``scan``: each part comes
    with the view's scan of its graph.nq bytes (``viz.scan_part``); ``chores``: this process's work
    for while it waits for a part (``parallel._ordered``)."""
    corpus = range(-1, -1 - ctx.corpus_parts(), -1)

    def slices() -> Iterator:
        yield from ahead()

    batched = parallel.imap_batches(
        _render_batch,
        itertools.chain(corpus, range(len(items)), slices()),
        jobs,
        lambda i: items[i].chars + parallel.DOC_WEIGHT,
        _set_render_state,
        ((ctx, items, store, scan),),
        in_flight=RENDER_IN_FLIGHT,
        chores=chores,
        chores_early=True,
        alone=lambda i: not isinstance(i, int) or i < 0,
    )
    for n, (_indices, part) in enumerate(batched, 1):
        yield part
        if n % _GC_FREEZE_EVERY == 0:
            gc.freeze()


def _map_slices(fn: Callable, tasks: Iterable, jobs: int, feed) -> Iterator:
    """The writer's cross-article slices rendered by ``jobs`` workers forked now, in order, as bytes;
    each corpus slice's N-Quads with the view's scan of them (``viz.scan_part``), as the documents'
    parts, unless the view's feed gave up (``viz.LineFeed``)."""
    return parallel.imap_ordered(functools.partial(_slice_in_worker, fn, scan=not feed.failed), tasks, jobs)


def _slice_in_worker(fn: Callable, task, scan: bool) -> tuple[bool, tuple]:
    """``fn`` of a slice in a worker, its text as UTF-8 bytes (pickled text would be decoded in this
    process only to be encoded again); with ``scan`` a corpus slice's N-Quads are scanned there
    (see ``_map_slices``)."""
    from kg import viz

    turtle, out = fn(task)
    out = tuple(x.encode("utf-8") if isinstance(x, str) else x for x in out)
    return turtle, (*out, viz.scan_part(out[0])) if scan and not turtle else out


class _Clock:
    """Wall time per stage (``timings``) and CPU time (``cpu``): this process's, and its workers' as
    ``workers_STAGE`` (children's CPU is counted once a pool has stopped, at the end of its stage)."""

    def __init__(self, timings: dict[str, float], cpu: dict[str, float]) -> None:
        self.timings, self.cpu = timings, cpu
        self.t = self.c = self.w = 0.0

    def start(self) -> None:
        self.t, self.c, self.w = time.perf_counter(), time.process_time(), _children_cpu()

    def stop(self, name: str, less: str | None = None) -> None:
        self.timings[name] = time.perf_counter() - self.t - (self.timings[less] if less else 0.0)
        self.cpu[name] = time.process_time() - self.c - (self.cpu[less] if less else 0.0)
        workers = _children_cpu() - self.w
        if workers > 0:
            self.cpu[f"workers_{name}"] = workers


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(it: Iterator, timings: dict[str, float], cpu: dict[str, float], name: str) -> Iterator:
    """Pass ``it`` through, adding the time spent inside it to ``timings[name]`` and ``cpu[name]``."""
    while True:
        t, c = time.perf_counter(), time.process_time()
        try:
            item = next(it)
        except StopIteration:
            timings[name] += time.perf_counter() - t
            cpu[name] += time.process_time() - c
            return
        timings[name] += time.perf_counter() - t
        cpu[name] += time.process_time() - c
        yield item
