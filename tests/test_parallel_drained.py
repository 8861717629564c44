"""``parallel._ordered`` does the caller's chores (short pieces of work, one ``next`` each) while it
waits for a result that is not in yet: once every batch is submitted (the workers need nothing more
then), or from the start with ``chores_early``; never while a result is ready (it would wait on them)."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from kg import parallel


class _Late(Future):
    """A future that is done only after ``polls`` looks at it (a worker still computing)."""

    def __init__(self, value, polls: int, log: list[str]) -> None:
        super().__init__()
        self.value, self.polls, self.log = value, polls, log

    def done(self) -> bool:
        if self.polls <= 0:
            return True
        self.polls -= 1
        return False

    def result(self, timeout=None):
        self.log.append("wait")
        return self.value


def _chores(log: list[str], n: int):
    for i in range(n):
        log.append(f"chore {i}")
        yield


def _run(n: int, polls: int, chores: int, early: bool = False, reserve: int = 0) -> tuple[list, list[str]]:
    log: list[str] = []

    def submit(batch):
        log.append(f"submit {batch[0]}")
        return _Late(batch[0] * 10, polls, log)

    out = list(
        parallel._ordered(
            submit,
            ([i] for i in range(n)),
            4,
            lambda fut: fut.result(),
            _chores(log, chores),
            early,
            reserve,
        )
    )
    return out, log


@pytest.mark.parametrize("n", [0, 2, 5, 12])
def test_chores_wait_for_the_last_submission(n):
    out, log = _run(n, polls=1, chores=10)
    assert out == [([i], i * 10) for i in range(n)]
    chores = [i for i, e in enumerate(log) if e.startswith("chore")]
    if n == 0:
        assert chores == []  # nothing to wait for: nothing done meanwhile
        return
    last_submit = max(i for i, e in enumerate(log) if e.startswith("submit"))
    assert chores and min(chores) > last_submit
    # one chore a look at a result that is not in: one for each of the last (up to 3) results
    assert len(chores) == min(n, 3)


@pytest.mark.parametrize("reserve", [0, 1, 2, 3])
def test_no_chore_is_begun_while_only_the_workers_last_batches_are_left(reserve):
    """A chore begun when only the workers' last batches are pending would hold up their results."""
    out, log = _run(12, polls=1, chores=10, reserve=reserve)
    assert out == [([i], i * 10) for i in range(12)]
    # 3 pending once all are submitted: a chore before each of the ones with more than ``reserve`` after
    assert sum(e.startswith("chore") for e in log) == max(0, 3 - reserve)


def test_chores_never_delay_a_result_that_is_in():
    out, log = _run(6, polls=0, chores=10)
    assert out == [([i], i * 10) for i in range(6)]
    assert not any(e.startswith("chore") for e in log)


def test_chores_early_run_while_waiting_from_the_start_and_stop_when_done():
    out, log = _run(8, polls=2, chores=3, early=True)
    assert out == [([i], i * 10) for i in range(8)]
    first_wait = log.index("wait")
    assert [e for e in log[:first_wait] if e.startswith("chore")] == ["chore 0", "chore 1"]
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
