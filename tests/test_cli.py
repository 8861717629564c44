"""The command line end to end: outputs, offsets, determinism, scoring and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import SAMPLE, SCORER

OUTPUTS = ["graph.ttl", "graph.trig", "graph.html", "mentions.jsonl", "entities.csv", "report.json"]
COMMANDS = ["build", "query", "validate", "viz", "load", "serve", "eval"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_build_writes_every_contract_file(sample_build):
    for name in OUTPUTS:
        assert (sample_build / name).is_file(), name
        assert (sample_build / name).stat().st_size > 0, name


def test_every_mention_points_into_the_original_text(sample_build):
    original = SAMPLE.read_text(encoding="utf-8")
    rows = [
        json.loads(line)
        for line in (sample_build / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(rows) >= 100
    for row in rows:
        assert set(row) == {"doc", "article", "start", "end", "text", "type", "entity"}
        assert original[row["start"] : row["end"]] == row["text"], row
        assert row["type"] in {"Person", "Organization", "Place", "Event", "Date"}
    assert {r["type"] for r in rows} >= {"Person", "Organization", "Place", "Date"}


def test_two_builds_are_byte_identical(tmp_path):
    outs = []
    for name in ("one", "two"):
        result = run("build", str(SAMPLE), "-o", str(tmp_path / name), "-q")
        assert result.exit_code == 0, result.output
        outs.append(tmp_path / name)
    for name in OUTPUTS + ["graph.nq", "graph.jsonld"]:
        if name == "report.json":
            a, b = (json.loads((o / name).read_text(encoding="utf-8")) for o in outs)
            for run_only in ("timings", "cache"):  # how this run went, not what it built
                a.pop(run_only), b.pop(run_only)
            assert a == b
        else:
            assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_sample_page_articles_and_bylines(sample_build, gold_path):
    from kg import evaluate

    report = evaluate.evaluate(sample_build, gold_path)
    assert report["articles"]["found"] == 11
    assert report["articles"]["article_nodes"] == 9
    assert report["articles"]["photo_nodes"] == 2
    assert report["bylines"]["ok"] == report["bylines"]["total"] == 20, report["bylines"]["missed"]


def test_kg_eval_agrees_with_the_reference_scorer(sample_build, gold_path):
    if not SCORER.is_file():
        pytest.skip("reference scorer not beside this checkout")
    ours = run("eval", str(sample_build), "--gold", str(gold_path))
    assert ours.exit_code == 0
    ref = subprocess.run(
        [sys.executable, str(SCORER), str(sample_build / "graph.ttl"), str(gold_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert ours.output.strip().splitlines()[-1] == ref.stdout.strip().splitlines()[-1]


def test_bad_inputs_are_one_line_errors_and_good_ones_still_build(tmp_path):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(
        "郑州市总工会举办培训班\n\n本报讯（记者王立新）3月5日，郑州市总工会举办了职工培训班。\n",
        encoding="utf-8",
    )
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": "x", "text": "好"}\n{broken\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert any("empty.txt" in w for w in warnings)
    assert any("bad.jsonl:2" in w for w in warnings)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["documents"] == 2
    assert {(w["source"].rsplit("/", 1)[-1], w["line"]) for w in report["warnings"]} >= {
        ("bad.jsonl", 2),
        ("empty.txt", None),
    }


@pytest.mark.parametrize(
    "args,needle",
    [
        (["build", "/no/such/page.txt"], "/no/such/page.txt"),
        (["build", "--issue-date", "13/10/2013"], "YYYY-MM-DD"),
        (["build", "--base", "https://x.org/no-slash"], "--base"),
    ],
)
def test_usage_errors_name_the_problem_without_traceback(args, needle, tmp_path):
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert needle in result.output
    assert "Traceback" not in result.output


def test_all_inputs_unreadable_fails(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1
    assert "no document could be read" in result.output


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(blocker), "-q"])
    assert result.exit_code == 1
    assert "not a folder" in result.output
    assert "Traceback" not in result.output


def test_eval_rejects_a_file_that_is_not_gold(tmp_path, sample_build):
    bad = tmp_path / "gold.json"
    bad.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(sample_build), "--gold", str(bad)])
    assert result.exit_code == 1
    assert "not a gold annotation" in result.output


def test_console_script_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=True)
    assert "build" in out.stdout
