"""Map the per-document stages over documents: serially, in a process pool, or on a Dask cluster.

Every backend yields results in input order, so ``--jobs N`` and ``--scheduler`` give output identical to
a serial build. Work goes out in small batches (a few documents, bounded by characters) with a bounded
number of batches in flight, so neither the documents nor their results pile up in memory faster than
the caller consumes them, and a huge corpus streams through.

Workers are warmed up once (an initializer runs the pipeline on a tiny invented page), which loads the
lru_cache'd tokenizers and models in each worker process instead of on its first real document. With
'fork' and more workers than cores the parent warms up before the pool starts, so the workers inherit the
loaded models instead of loading them side by side on shared cores; with a core each, each worker loads
its own while the parent reads the inputs (``warmed_pool_args``).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from kg.model import DocResult, Document, Options

Fn = Callable[[Document, Options], DocResult]
T = TypeVar("T")
R = TypeVar("R")

#: a batch closes at this many documents or characters, whichever comes first (many one-sentence
#: documents share a batch; pages of a few thousand characters go two or three at a time)
BATCH_DOCS = 64
BATCH_CHARS = 6_000
#: what a document weighs in a batch besides its characters (its fixed cost, in characters)
DOC_WEIGHT = 32
#: batches in flight per worker: enough to keep workers busy, few enough to bound memory
IN_FLIGHT_PER_WORKER = 3
#: how long to wait for a Dask scheduler before giving up
DASK_CONNECT_TIMEOUT = "20s"

#: an invented page (no real names): exercises tokenizer, NER model and gazetteer loading
WARMUP_TEXT = (
    "本报讯（记者周明远 通讯员孙晓梅）10月12日，南阳市总工会在市职工服务中心举办技能培训班，"
    "来自全市各县区的80余名职工参加。\n职工在培训现场交流经验。吴海涛 摄\n"
)


def warmup_document() -> Document:
    return Document(id="warmup", text=WARMUP_TEXT, source="<warmup>")


def _warm(fn: Fn, options: Options) -> None:
    """Pool initializer: load each worker's cached tokenizers and models once, before real work.

    A failure here is ignored: the same error surfaces, with its document, on the real work, instead
    of as a broken pool.
    """
    with contextlib.suppress(Exception):
        fn(warmup_document(), options)


def _run_batch(fn: Fn, docs: list[Document], options: Options) -> list[DocResult]:
    return [fn(d, options) for d in docs]


def batches(
    docs: Iterable[T],
    max_docs: int | None = None,
    max_chars: int | None = None,
    weight: Callable[[T], int] | None = None,
    alone: Callable[[T], bool] | None = None,
) -> Iterator[list[T]]:
    """Group items into small lists, lazily, closing a batch at ``max_docs`` or ``max_chars``
    (default ``BATCH_DOCS`` and ``BATCH_CHARS``).

    ``weight`` gives an item's characters (default: a document's text length); an item for which
    ``alone`` is true makes a batch of its own.
    """
    max_docs = BATCH_DOCS if max_docs is None else max_docs
    max_chars = BATCH_CHARS if max_chars is None else max_chars
    weigh = weight or (lambda d: len(d.text))
    batch: list[T] = []
    chars = 0
    for d in docs:
        if alone is not None and alone(d):
            if batch:
                yield batch
            yield [d]
            batch, chars = [], 0
            continue
        batch.append(d)
        chars += weigh(d)
        if len(batch) >= max_docs or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _ordered(
    submit: Callable[[list], Future],
    batched: Iterable[list],
    limit: int,
    result,
    chores: Iterator | None = None,
    chores_early: bool = False,
    reserve: int = 0,
):
    """Submit batches with at most ``limit`` in flight; yield (batch, result) in input order.

    ``chores``: the caller's short pieces of work (an iterator: each ``next`` does one), done while the
    next result is not in yet: once every batch is submitted (the workers need nothing more from this
    process then, and a core may be free while they compute the last results) while more than
    ``reserve`` batches are not done (a chore begun as the last results come in would hold them up:
    the rest wait for the caller's next wait), and with ``chores_early`` from the start (when the
    caller waits for its workers anyway)."""
    pending: deque = deque()

    def take(with_chores: bool):
        b, fut = pending.popleft()
        if chores is not None and with_chores:
            while not fut.done() and next(chores, _DONE) is not _DONE:
                pass
        return b, result(fut)

    for batch in batched:
        pending.append((batch, submit(batch)))
        while len(pending) >= limit:
            yield take(chores_early)
    while pending:
        yield take(chores_early or sum(not f.done() for _b, f in pending) > reserve)


#: what ``next`` gives for an exhausted iterator of chores
_DONE = object()


def _flat(pairs: Iterator[tuple[list, list]]) -> Iterator[tuple]:
    for b, out in pairs:
        yield from zip(b, out, strict=True)


def _serial(fn: Fn, docs: Iterable[Document], options: Options) -> Iterator[tuple[Document, DocResult]]:
    for d in docs:
        yield d, fn(d, options)


def _fork_context():
    """'fork' where there is one (workers inherit this process's memory as it is), else the default."""
    fork = "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"
    return multiprocessing.get_context("fork" if fork else None), fork


def imap_batches(
    fn: Callable[[list[T]], R],
    items: Iterable[T],
    jobs: int,
    weight: Callable[[T], int],
    initializer: Callable | None = None,
    initargs: tuple = (),
    in_flight: int = IN_FLIGHT_PER_WORKER,
    chores: Iterator | None = None,
    chores_early: bool = False,
    alone: Callable[[T], bool] | None = None,
) -> Iterator[tuple[list[T], R]]:
    """``fn`` over lazy batches of ``items`` in a pool of ``jobs`` processes; (batch, result) in order.

    The pool starts here and stops when the iterator is exhausted or closed. With 'fork' the workers
    see the caller's memory as it is now (``initargs`` are inherited, not pickled), which is how the
    write pass hands them link's output; elsewhere ``initargs`` are pickled once per worker.
    ``in_flight`` batches per worker at most; ``chores``: the caller's work for while it waits for
    the workers (see ``_ordered``); ``alone``: items that go in a batch of their own.
    """
    ctx, fork = _fork_context()
    # a collection in a worker would write to every inherited object: copies of their pages (a caller
    # that froze objects itself, as ``pipeline.build`` does, also unfreezes them)
    unfreeze = fork and gc.get_freeze_count() == 0
    if fork:
        gc.freeze()
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=initializer, initargs=initargs
    ) as pool:
        try:
            yield from _ordered(
                lambda b: pool.submit(fn, b),
                batches(items, weight=weight, alone=alone),
                jobs * in_flight,
                lambda fut: fut.result(),
                chores,
                chores_early,
                reserve=jobs,  # each worker's last batch: no chore begun while only those are left
            )
        except BrokenProcessPool as e:
            from kg.errors import KgError

            raise KgError(f"a --jobs worker process died ({e}); out of memory? try fewer --jobs") from None
        finally:
            if unfreeze:
                gc.unfreeze()


def _each(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    return [fn(x) for x in batch]


def imap_ordered(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``map(fn, items)`` in a pool of ``jobs`` processes forked now, one item a task, in order.

    For a few large pieces of work (``fn`` and each item are pickled; the results come back pickled).
    """
    task = functools.partial(_each, fn)
    for _batch, out in imap_batches(task, items, jobs, lambda _item: BATCH_CHARS):
        yield from out


def warmed_pool_args(fn: Fn, options: Options) -> tuple[Callable, tuple]:
    """The initializer that warms a worker up. With more workers than cores, this process warms up
    first when workers fork from it (they inherit the loaded models instead of each loading them on
    a shared core); otherwise each worker loads its own on a core of its own while this process reads
    the inputs and hands out the first documents (the models are then never loaded here at all)."""
    if _fork_context()[1] and options.jobs > (os.cpu_count() or 1):
        _warm(fn, options)
    return _warm, (fn, options)


def _weight(d: Document) -> int:
    return len(d.text) + DOC_WEIGHT


def _pool(fn: Fn, docs: Iterable[Document], options: Options) -> Iterator[tuple[Document, DocResult]]:
    """A process pool; 'fork' on Linux (workers inherit the imported modules and loaded models)."""
    init, initargs = warmed_pool_args(fn, options)
    run = functools.partial(_run_batch, fn, options=options)
    yield from _flat(imap_batches(run, docs, options.jobs, _weight, init, initargs))


def _dask(fn: Fn, docs: Iterable[Document], options: Options) -> Iterator[tuple[Document, DocResult]]:
    """Batches mapped over a dask.distributed cluster; results gathered on the client in order."""
    try:
        from distributed import Client
    except ImportError as e:  # pragma: no cover - an optional dependency
        from kg.errors import KgError

        raise KgError("--scheduler needs dask.distributed: pip install 'dask[distributed]'") from e
    from kg.errors import KgError

    try:
        client = Client(options.scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except OSError as e:
        raise KgError(f"--scheduler {options.scheduler}: cannot connect ({e})") from e
    try:
        workers = max(1, sum(client.nthreads().values()))
        _same_code_on_workers(client)
        client.run(_warm, fn, options)
        yield from _flat(
            _ordered(
                lambda b: client.submit(_run_batch, fn, b, options, pure=False),
                batches(docs, weight=_weight),
                workers * IN_FLIGHT_PER_WORKER,
                lambda fut: fut.result(),
            )
        )
    finally:
        client.close()


def _code_version() -> str:
    from kg import cache

    return cache.pipeline_version()


def _same_code_on_workers(client) -> None:
    """Refuse a cluster whose workers run another version of kg: results would silently differ."""
    from kg.errors import KgError

    here = _code_version()
    versions = client.run(_code_version)
    other = sorted(w for w, v in versions.items() if v != here)
    if other:
        raise KgError(
            f"--scheduler {client.scheduler.address}: workers {', '.join(other)} run another version of "
            "kg (install this checkout on every worker: pip install -e .)"
        )


def imap_documents(
    fn: Fn, docs: Iterable[Document], options: Options
) -> Iterator[tuple[Document, DocResult]]:
    """Yield ``(doc, fn(doc, options))`` in input order, on the backend ``options`` asks for."""
    if options.scheduler:
        return _dask(fn, docs, options)
    if options.jobs > 1:
        return _pool(fn, docs, options)
    return _serial(fn, docs, options)


def map_documents(
    fn: Fn,
    docs: Iterable[Document],
    options: Options,
    on_done: Callable[[Document], None] | None = None,
) -> list[DocResult]:
    """``imap_documents`` as a list, calling ``on_done`` after each document (in input order)."""
    out = []
    for doc, result in imap_documents(fn, docs, options):
        out.append(result)
        if on_done:
            on_done(doc)
    return out


@contextlib.contextmanager
def no_collection(keep: bool = False) -> Iterator[None]:
    """The cyclic garbage collector paused: for work that makes many objects and no cycles in a
    process holding a build's heap, where a full collection would walk all of it (and, in a forked
    process, copy every page it touches). ``keep``: what was made is kept (a build's state), and is
    frozen at the end (``gc.freeze``), out of the collection that the allocations counted meanwhile
    would set off at once (it would walk every object made, to find nothing)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if keep:
                gc.freeze()
            gc.enable()


class Forked:
    """``fn(*args)`` run in a process forked now, its return value read back (pickled, through a
    pipe): for a last piece of a build's work that needs this process's memory as it is and would
    otherwise leave a core idle (the Turtle's tail, the view). ``start`` gives None where there is no
    'fork'; ``result`` gives ``(True, value)``, or ``(False, None)`` when the process failed or
    ``fn`` raised: the caller then does the work itself (and meets the same error where it can
    report it)."""

    def __init__(self, proc, conn) -> None:
        self.proc, self.conn = proc, conn

    @classmethod
    def start(cls, fn: Callable[..., R], *args) -> Forked | None:
        ctx, fork = _fork_context()
        if not fork:
            return None
        try:
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_forked, args=(send, fn, args), daemon=True)
            proc.start()
        except OSError:
            return None
        send.close()
        return cls(proc, recv)

    def result(self) -> tuple[bool, object]:
        try:
            got = self.conn.recv()
        except (EOFError, OSError):
            got = None
        finally:
            self.conn.close()
            self.proc.join()
        if not isinstance(got, tuple) or self.proc.exitcode != 0:
            return False, None
        return True, got[0]

    def cancel(self) -> None:
        """Stop the process (the caller gave up on its work)."""
        with contextlib.suppress(OSError, ValueError):
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _forked(conn, fn: Callable, args: tuple) -> None:
    """In the forked process: ``(fn(*args),)`` to ``conn``, or None when it raised."""
    gc.disable()  # short-lived and without cycles: a collection would only copy the inherited pages
    try:
        out = (fn(*args),)
    except Exception:
        out = None
    conn.send(out)
