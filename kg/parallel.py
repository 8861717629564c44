"""Map the per-document stages over documents: serially, in a process pool, or on Dask."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.model import DocResult, Document, Options


def map_documents(
    fn: Callable[[Document, Options], DocResult],
    docs: Iterable[Document],
    options: Options,
    on_done: Callable[[Document], None] | None = None,
) -> list[DocResult]:
    out = []
    for doc in docs:
        out.append(fn(doc, options))
        if on_done:
            on_done(doc)
    return out
