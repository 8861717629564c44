"""``parallel._ordered`` calls the caller's ``drained`` work once every batch is submitted, before it
waits for the last results: the caller works while the workers compute them."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from kg import parallel


@pytest.mark.parametrize("n", [0, 2, 5, 12])
def test_drained_runs_once_after_the_last_submission_and_before_the_last_waits(n):
    log: list[str] = []

    def submit(batch):
        log.append(f"submit {batch[0]}")
        fut: Future = Future()
        fut.set_result(batch[0] * 10)
        return fut

    def result(fut):
        log.append("wait")
        return fut.result()

    out = list(parallel._ordered(submit, ([i] for i in range(n)), 4, result, lambda: log.append("drained")))
    assert out == [([i], i * 10) for i in range(n)]
    assert log.count("drained") == 1
    at = log.index("drained")
    assert [e for e in log[:at] if e.startswith("submit")] == [f"submit {i}" for i in range(n)]
    assert log[at + 1 :] == ["wait"] * min(n, 3)  # the last results are taken after it


def test_imap_batches_runs_drained_in_this_process():
    calls: list[int] = []
    pairs = list(
        parallel.imap_batches(
            sum, [1, 2, 3], 2, lambda _x: parallel.BATCH_CHARS, drained=lambda: calls.append(1)
        )
    )
    assert pairs == [([1], 1), ([2], 2), ([3], 3)] and calls == [1]
