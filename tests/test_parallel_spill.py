"""--jobs render workers put their parts' bytes in spill files of their own (``rdf.SpillFile``) and the
writer copies them into place (``rdf.Spills``): the same files, and no spill left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import parallel, pipeline, rdf
from kg.model import Options

PAGES = Path(__file__).parent / "pages" / "extract"


def _pages() -> list[str]:
    return sorted(str(p) for p in PAGES.glob("*.txt"))[:8]


def _outputs(out: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(out.iterdir()) if f.is_file() and f.name != "report.json"}


@pytest.fixture(scope="module")
def serial_build(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    pipeline.build(_pages(), Options(outdir=str(out)))
    return _outputs(out)


def _spy_parts(monkeypatch) -> list[rdf.GraphPart]:
    parts: list[rdf.GraphPart] = []
    real = rdf.GraphWriter.add_part

    def spy(self, part):
        parts.append(part)
        return real(self, part)

    monkeypatch.setattr(rdf.GraphWriter, "add_part", spy)
    monkeypatch.setattr(parallel, "BATCH_DOCS", 2)  # several parts from each worker
    return parts


def test_spilled_parts_give_the_files_of_a_serial_build(tmp_path, monkeypatch, serial_build):
    parts = _spy_parts(monkeypatch)
    out = tmp_path / "out"
    pipeline.build(_pages(), Options(outdir=str(out), jobs=2))
    spilled = [p for p in parts if isinstance(p.nq, rdf.Spilled)]
    assert len(spilled) >= 3 and 1 <= len({p.nq.path for p in spilled}) <= 2  # a file per worker
    assert _outputs(out) == serial_build
    assert not [f for f in os.listdir(out) if f.endswith(".tmp")]


def test_without_copy_file_range_the_bytes_are_read_and_written(tmp_path, monkeypatch, serial_build):
    monkeypatch.delattr(os, "copy_file_range", raising=False)
    out = tmp_path / "out"
    pipeline.build(_pages(), Options(outdir=str(out), jobs=2))
    assert _outputs(out) == serial_build


def test_past_its_limit_a_worker_sends_its_bytes_back(tmp_path, monkeypatch, serial_build):
    parts = _spy_parts(monkeypatch)
    monkeypatch.setattr(pipeline, "SPILL_LIMIT", 0)
    out = tmp_path / "out"
    pipeline.build(_pages(), Options(outdir=str(out), jobs=2))
    assert parts and not any(isinstance(p.nq, rdf.Spilled) for p in parts)
    assert _outputs(out) == serial_build


def test_a_spill_is_copied_after_what_the_file_has_and_before_what_comes(tmp_path):
    spill = rdf.SpillFile(tmp_path, limit=1 << 20)
    first, second = spill.put(b"abc"), spill.put(b"defgh")
    assert isinstance(first, rdf.Spilled) and isinstance(second, rdf.Spilled)
    spills = rdf.Spills()
    with open(tmp_path / "out", "wb") as fh:
        fh.write(b"<")
        spills.copy(second, fh)
        fh.write(b"|")
        spills.copy(first, fh)
        fh.write(b">")
    assert (tmp_path / "out").read_bytes() == b"<defgh|abc>"
    assert not Path(spill.path).exists()  # its name goes once it is open; the bytes stay readable
    assert spills.view(second).read() == b"defgh" and len(spills.view(second)) == 5
    spills.close()
    with pytest.raises(OSError):
        spills.read(rdf.Spilled("elsewhere", 0, 1))
