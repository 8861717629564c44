"""--scheduler: per-document stages on a Dask cluster (a LocalCluster here), the rest on the client."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from tests.buildcmp import assert_same_build, build, corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each: what a small real cluster looks like to the client."""
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as c:
        yield c


def test_a_dask_build_equals_the_serial_build_and_uses_every_worker(cluster, tmp_path):
    from distributed import Client

    pages = corpus(tmp_path / "pages", 6, seed=21)  # 6 pages: more batches than workers
    serial = build([pages], tmp_path / "serial" / "out")
    dask = build([pages], tmp_path / "dask" / "out", scheduler=cluster.scheduler_address)
    assert dask.documents == serial.documents == 6
    assert_same_build(tmp_path / "serial" / "out", tmp_path / "dask" / "out")
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(executed) == 2 and all(n > 0 for n in executed.values())


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch):
    from kg import parallel

    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT", "1s")
    pages = corpus(tmp_path / "pages", 1, seed=23)
    with pytest.raises(KgError, match="cannot connect"):
        build([pages], tmp_path / "out", scheduler="tcp://127.0.0.1:9")


def test_workers_running_another_kg_version_are_refused(cluster, tmp_path, monkeypatch):
    from kg import cache

    monkeypatch.setattr(cache, "pipeline_version", lambda: "a different checkout")
    pages = corpus(tmp_path / "pages", 1, seed=24)
    with pytest.raises(KgError, match="another version of kg"):
        build([pages], tmp_path / "out", scheduler=cluster.scheduler_address)
