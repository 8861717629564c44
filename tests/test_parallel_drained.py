"""``parallel._ordered`` does the caller's chores (short pieces of work, one ``next`` each) while it
waits for a result that is not in yet: once every batch is submitted (the workers need nothing more
then), or from the start with ``chores_early``; never while a result is ready (it would wait on them)."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from kg import parallel


class _Clock:
    """Two workers' progress: batch k is done once the clock passes ``k * step``; a chore moves the
    clock on by one, and waiting for a batch moves it to that batch's end."""

    def __init__(self, step: int = 1, slow: int | None = None) -> None:
        self.now, self.step, self.slow = 0, step, slow

    def end(self, k: int) -> int:
        """When batch k is done (the slow one: long after the others)."""
        return 1000 if k == self.slow else k * self.step


class _Late(Future):
    def __init__(self, k: int, clock: _Clock, log: list[str]) -> None:
        super().__init__()
        self.k, self.clock, self.log = k, clock, log

    def done(self) -> bool:
        return self.clock.now > self.clock.end(self.k)

    def result(self, timeout=None):
        self.log.append("wait")
        self.clock.now = max(self.clock.now, self.clock.end(self.k) + 1)
        return self.k * 10


def _chores(log: list[str], n: int, clock: _Clock | None = None):
    for i in range(n):
        log.append(f"chore {i}")
        if clock is not None:
            clock.now += 1
        yield


def _run(
    n: int, chores: int, early: bool = False, reserve: int = 0, step: int = 1, slow: int | None = None
) -> tuple[list, list[str]]:
    log: list[str] = []
    clock = _Clock(step, slow)

    def submit(batch):
        log.append(f"submit {batch[0]}")
        return _Late(batch[0], clock, log)

    out = list(
        parallel._ordered(
            submit,
            ([i] for i in range(n)),
            4,
            lambda fut: fut.result(),
            _chores(log, chores, clock),
            early,
            reserve,
        )
    )
    return out, log


@pytest.mark.parametrize("n", [0, 2, 5, 12])
def test_chores_wait_for_the_last_submission(n):
    out, log = _run(n, chores=10)
    assert out == [([i], i * 10) for i in range(n)]
    chores = [i for i, e in enumerate(log) if e.startswith("chore")]
    if n == 0:
        assert chores == []  # nothing to wait for: nothing done meanwhile
        return
    last_submit = max(i for i, e in enumerate(log) if e.startswith("submit"))
    assert chores and min(chores) > last_submit
    # one chore each time a result is not in (a chore moves the clock one batch on)
    assert len(chores) == min(n, 3)


@pytest.mark.parametrize("reserve", [0, 1, 2, 3])
def test_no_chore_is_begun_while_only_the_workers_last_batches_are_left(reserve):
    """A chore begun when only the workers' last batches are not done would hold up their results."""
    out, log = _run(12, chores=10, reserve=reserve)
    assert out == [([i], i * 10) for i in range(12)]
    # 3 batches not done once all are submitted, then 2, then 1: a chore while more than ``reserve``
    assert sum(e.startswith("chore") for e in log) == max(0, 3 - reserve)


def test_batches_done_but_not_taken_leave_no_room_for_a_chore():
    """What counts is the work left to the workers, not the results waiting to be taken: the oldest
    batch is the one not done, the others are (the other worker finished them)."""
    out, log = _run(12, chores=10, reserve=1, step=0, slow=9)
    assert out == [([i], i * 10) for i in range(12)]
    assert not any(e.startswith("chore") for e in log)


def test_chores_never_delay_a_result_that_is_in():
    out, log = _run(6, chores=10, step=0)
    assert out == [([i], i * 10) for i in range(6)]
    assert not any(e.startswith("chore") for e in log)


def test_chores_early_run_while_waiting_from_the_start_and_stop_when_done():
    out, log = _run(8, chores=3, early=True, step=2)
    assert out == [([i], i * 10) for i in range(8)]
    first_wait = log.index("wait")
    assert [e for e in log[:first_wait] if e.startswith("chore")] == ["chore 0"]  # batch 0 ends at 1
    assert log.index("chore 0") < log.index("submit 7")  # before the last submission
    assert log.count("chore 2") == 1 and sum(e.startswith("chore") for e in log) == 3


def test_imap_batches_does_chores_in_this_process():
    log: list[str] = []
    pairs = list(
        parallel.imap_batches(
            sum, [1, 2, 3], 2, lambda _x: parallel.BATCH_CHARS, chores=_chores(log, 50), chores_early=True
        )
    )
    assert pairs == [([1], 1), ([2], 2), ([3], 3)]
    # run here, in order, while it waited for the pool's first result (its workers start then)
    assert log and log == [f"chore {i}" for i in range(len(log))]
