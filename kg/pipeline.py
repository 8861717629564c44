"""The one place that knows the order of the stages.

    files --ingest--> Document --normalize--> Page --segment--> Segmented --extract--> Extraction
          (per document, independent: run serially, in a process pool, or on a Dask cluster)
    all DocResults --link--> Linked --rdf--> rdflib.Dataset --write--> OUTDIR/* --viz--> graph.html

Per-document stages are pure functions of (Document, Options), which is what lets ``--jobs``,
``--scheduler`` and the incremental cache (``--update``) reuse them unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import extract, ingest, link, normalize, rdf, segment, viz, write
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
    dataset: object  # rdflib.Dataset
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
    from kg import parallel

    return parallel.map_documents(process_document, docs, options, on_done=on_done)


def build(
    inputs: Sequence[str | Path],
    options: Options,
    on_progress: Callable[[str, int, int | None], None] | None = None,
) -> BuildResult:
    """Build the graph for ``inputs`` and write every output file into ``options.outdir``."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    corpus = ingest.read_inputs(inputs, options)
    docs = corpus.documents
    timings["ingest"] = time.perf_counter() - t0

    t = time.perf_counter()
    done = 0

    def tick(_doc: Document) -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress("documents", done, len(docs))

    results = run_documents(docs, options, on_done=tick)
    timings["documents"] = time.perf_counter() - t

    t = time.perf_counter()
    linked = link.link(results, options)
    timings["link"] = time.perf_counter() - t

    t = time.perf_counter()
    dataset = rdf.to_dataset(results, linked, options)
    timings["rdf"] = time.perf_counter() - t

    warnings = list(corpus.warnings) + [w for r in results for w in r.warnings]
    result = BuildResult(len(docs), results, linked, dataset, warnings, timings)

    t = time.perf_counter()
    outdir = Path(options.outdir)
    write.write_outputs(outdir, result, options)
    timings["write"] = time.perf_counter() - t

    t = time.perf_counter()
    viz.render(outdir, outdir / "graph.html")
    timings["viz"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    # the report is written last so that it carries every timing
    result.report = write.write_report(outdir, result, options)
    return result
