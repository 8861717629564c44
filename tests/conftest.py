"""Shared fixtures: paths to the sample corpus, the gold file, and one sample build per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "corpus" / "jiaozuo-union-page.txt"
GOLD = SHARED / "gold" / "jiaozuo-union-page.gold.json"
SCORER = SHARED / "tools" / "score_graph.py"


def require(condition: bool, reason: str, env: str) -> None:
    """Skip when an optional tool is missing, but fail in CI where ``env`` says it must be there."""
    if not condition:
        if os.environ.get(env):
            pytest.fail(f"{reason} (required: {env} is set)")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample page built once for the whole test session (read-only for tests)."""
    from kg import pipeline
    from kg.model import Options

    out = tmp_path_factory.mktemp("sample-build")
    pipeline.build([str(SAMPLE)], Options(outdir=str(out)))
    return out


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD.is_file():
        pytest.skip("the gold annotation (../shared/gold) is not beside this checkout")
    return GOLD
