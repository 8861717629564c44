"""With ``--jobs N`` link's end works the events out in a process forked for them while it makes the
entities (``link._events_apart``): the same ``Linked`` as one process makes, and the same when the
fork is missing or fails (the events are then worked out after the entities, here)."""

from __future__ import annotations

import pytest

from kg import link, parallel
from kg.model import Options
from tests.test_link_stream import _results

PAGES = (
    "co-organisers.txt",
    "county-meeting.txt",
    "two-reports.txt",
    "union-training.txt",
    "courier-union.txt",
)


@pytest.fixture(scope="module")
def results():
    return _results(*PAGES)


def _linked(results, jobs: int):
    return link.link(results, Options(jobs=jobs))


def _plain(linked):
    """Everything a ``Linked`` says, as plain values (mentions made again from the store)."""
    return (
        [(e, tuple(e.mentions)) for e in linked.entities],
        [(e, tuple(e.mentions)) for e in linked.events],
        linked.facts,
        linked.home_city,
        dict(linked.mention_entity.items()),
    )


def _counted(monkeypatch) -> list[int]:
    """Calls of ``_link_events`` in this process (a forked process's are not seen here)."""
    calls: list[int] = []
    real = link._link_events

    def counted(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(link, "_link_events", counted)
    return calls


def test_events_worked_out_apart_link_as_in_one_process(results, monkeypatch):
    one = _linked(results, 1)
    assert one.events and any(len(e.mentions) > 1 for e in one.events)  # events joined across articles
    probe = parallel.Forked.start(int)
    if probe is None:
        pytest.skip("no 'fork' here")
    assert probe.result() == (True, 0)
    calls = _counted(monkeypatch)
    apart = _linked(results, 2)
    assert calls == []  # worked out in the forked process
    assert _plain(apart) == _plain(one)


@pytest.mark.parametrize("how", ["no fork", "the process fails"])
def test_events_are_worked_out_here_when_the_forked_process_is_missing_or_fails(results, monkeypatch, how):
    one = _linked(results, 1)
    if how == "no fork":
        monkeypatch.setattr(parallel.Forked, "start", classmethod(lambda cls, fn, *args: None))
    else:

        def fails(*_args):
            raise RuntimeError("a forked process that fails")

        monkeypatch.setattr(link, "_events_apart", fails)
    calls = _counted(monkeypatch)
    assert _plain(_linked(results, 2)) == _plain(one)
    assert calls == [1]


def test_the_forked_process_is_stopped_when_link_s_end_fails_beside_it(results, monkeypatch):
    probe = parallel.Forked.start(int)
    if probe is None:
        pytest.skip("no 'fork' here")
    probe.result()
    stopped: list[object] = []
    real_cancel = parallel.Forked.cancel

    def cancel(self):
        stopped.append(self.proc)
        real_cancel(self)

    def fails(_store):
        raise MemoryError("the entities' end fails")

    monkeypatch.setattr(parallel.Forked, "cancel", cancel)
    monkeypatch.setattr(link, "_mention_ranks", fails)
    with pytest.raises(MemoryError):
        _linked(results, 2)
    (proc,) = stopped
    assert not proc.is_alive()
