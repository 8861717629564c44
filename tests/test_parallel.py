"""--jobs N: the process pool gives exactly the serial build, in input order, in bounded batches."""

from __future__ import annotations

import gc
import os
import time

import pytest

from kg import parallel, pipeline
from kg.model import Document, Options
from tests.buildcmp import assert_same_build, build, corpus


def test_jobs_2_builds_exactly_what_jobs_1_builds(tmp_path):
    pages = corpus(tmp_path / "pages", 5)
    serial = build([pages], tmp_path / "serial" / "out", jobs=1)
    pooled = build([pages], tmp_path / "pooled" / "out", jobs=2)
    assert serial.documents == pooled.documents == 5
    assert [r.page.doc.id for r in pooled.results] == [r.page.doc.id for r in serial.results]
    assert_same_build(tmp_path / "serial" / "out", tmp_path / "pooled" / "out")


def _docs(n: int) -> list[Document]:
    return [
        Document(id=f"d{i:03d}", text=f"第{i}页。" + "职工参加培训。" * (i % 7 + 1), source="mem")
        for i in range(n)
    ]


def test_pool_yields_results_in_input_order_across_many_batches(monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_DOCS", 2)
    docs = _docs(40)  # several batches of BATCH_DOCS, more than the in-flight window
    got = list(parallel.imap_documents(pipeline.process_document, docs, Options(jobs=2)))
    assert [d.id for d, _ in got] == [d.id for d in docs]
    assert [r.page.doc.id for _, r in got] == [d.id for d in docs]
    serial = parallel.map_documents(pipeline.process_document, docs, Options(jobs=1))
    assert [r.page.text for _, r in got] == [r.page.text for r in serial]


def test_batches_close_on_document_count_and_on_characters():
    docs = _docs(20)
    sizes = [len(b) for b in parallel.batches(docs, max_docs=8, max_chars=10**9)]
    assert sizes == [8, 8, 4]
    big = [Document(id=str(i), text="字" * 100, source="mem") for i in range(5)]
    assert [len(b) for b in parallel.batches(big, max_docs=8, max_chars=250)] == [3, 2]
    assert list(parallel.batches([], 8, 10)) == []


def test_batches_are_lazy_so_a_corpus_streams_through():
    pulled = []

    def source():
        for d in _docs(100):
            pulled.append(d.id)
            yield d

    first = next(parallel.batches(source(), max_docs=4, max_chars=10**9))
    assert len(first) == 4 and len(pulled) == 4


def test_on_done_is_called_once_per_document_in_order():
    docs = _docs(10)
    seen = []
    parallel.map_documents(
        pipeline.process_document, docs, Options(jobs=2), on_done=lambda d: seen.append(d.id)
    )
    assert seen == [d.id for d in docs]


def _boom(doc: Document, options: Options):
    """Module level, so that the pool can pickle it."""
    if doc.id == "d003":
        raise ValueError("bad page d003")
    return pipeline.process_document(doc, options)


def test_a_failing_document_fails_the_pool_build_with_its_own_error():
    with pytest.raises(ValueError, match="bad page d003"):
        parallel.map_documents(_boom, _docs(6), Options(jobs=2))


def _exits_hard() -> None:
    os._exit(3)  # as a process the system killed: no word through the pipe


def _sleeps() -> None:
    time.sleep(60)


def test_a_forked_call_gives_its_value_and_says_when_it_failed():
    """``parallel.Forked``: the value, read back; (False, None) when the call raised or its process
    died without a word (the caller then does the work itself); ``cancel`` stops a process at once."""
    forked = parallel.Forked.start(sorted, {3, 1, 2})
    assert forked is not None and forked.result() == (True, [1, 2, 3])
    assert parallel.Forked.start(int, "not a number").result() == (False, None)
    assert parallel.Forked.start(_exits_hard).result() == (False, None)
    slow = parallel.Forked.start(_sleeps)
    t = time.perf_counter()
    slow.cancel()
    assert time.perf_counter() - t < 10 and not slow.proc.is_alive()


@pytest.mark.parametrize("keep", [False, True])
def test_no_collection_keep_freezes_what_it_made_instead_of_collecting_it(keep):
    """Objects made with the collector paused set off a collection of all of them as soon as it is
    back, unless they are kept (``keep``: frozen, as a build's state is)."""
    if not gc.isenabled():
        pytest.skip("the test process paused the collector itself")
    collections: list[int] = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    frozen = gc.get_freeze_count()
    gc.callbacks.append(seen)
    try:
        with parallel.no_collection(keep=keep):
            made = [[i] for i in range(50_000)]
        more = [[i] for i in range(10)]  # the first allocations after the pause
        gc.callbacks.remove(seen)
        assert gc.isenabled()
        assert (gc.get_freeze_count() >= frozen + len(made)) == keep
        assert bool(collections) != keep
    finally:
        if seen in gc.callbacks:
            gc.callbacks.remove(seen)
        if not frozen:
            gc.unfreeze()
    del made, more
