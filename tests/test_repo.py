"""Guards on the repository itself: the README stays true, no sample names in rules, architecture habits."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest

from tests.conftest import GOLD, ROOT


def readme_block(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- {name} -->\s*```\n(.*?)\n```\s*<!-- /{name} -->", text, re.S)
    assert m, f"README has no {name} block"
    return m.group(1).strip()


def test_readme_commands_are_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci  # .ci/run reads the test command from the README
    assert readme_block("setup-command").startswith("python3 -m venv .venv")
    assert readme_block("build-command") == ".venv/bin/kg build"
    assert "pytest" in readme_block("test-command")


def test_readme_setup_installs_what_the_build_command_calls():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'kg = "kg.cli:main"' in pyproject
    assert "-e '.[dev]'" in readme_block("setup-command")


def _sample_names() -> list[str]:
    if not GOLD.is_file():
        pytest.skip("gold annotation not beside this checkout")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    names = set()
    for e in gold["entities"]:
        if e["type"] == "Place":  # places may come from the national gazetteer
            continue
        if len(e["name"]) >= 3:
            names.add(e["name"])
    return sorted(names)


def test_no_name_from_the_sample_page_in_code_lexicons_or_ontology():
    names = _sample_names()
    offenders = []
    for folder in ("kg", "ontology", "bench"):
        for path in (ROOT / folder).rglob("*"):
            if (
                not path.is_file()
                or "__pycache__" in path.parts
                or path.suffix in {".crfsuite", ".pkl", ".png"}
            ):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n in text]
    assert offenders == []


def _python_files():
    return sorted((ROOT / "kg").rglob("*.py"))


def test_jieba_global_tokenizer_is_never_used():
    bad = []
    pattern = re.compile(
        r"\bjieba\.(cut|lcut|cut_for_search|add_word|load_userdict|posseg\.cut|posseg\.lcut|initialize|del_word|suggest_freq)\b|pseg\.cut\("
    )
    for path in _python_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert bad == []


def test_modules_do_no_work_at_import_time():
    """Importing every module must not load jieba's dictionary, the NER model or the gazetteer."""
    code = (
        "import importlib, pkgutil, sys, time, kg\n"
        "t=time.perf_counter()\n"
        "for m in pkgutil.walk_packages(kg.__path__, 'kg.'):\n"
        "    if m.name.endswith(('.ner.train', '__main__')): continue\n"
        "    importlib.import_module(m.name)\n"
        "import jieba\n"
        "print(jieba.dt.initialized, round(time.perf_counter()-t, 2))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "False"


def test_stage_order_lives_only_in_pipeline():
    """No module other than pipeline.py calls two stages in sequence."""
    stages = {"normalize", "segment", "extract", "link"}
    for path in _python_files():
        if path.name in {"pipeline.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        called = {
            node.func.value.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in stages
            and node.func.attr == node.func.value.id
        }
        assert len(called) <= 1, f"{path} chains stages {called}"


def test_every_subpackage_ships_in_the_wheel():
    """pyproject lists packages explicitly (the ontology folder maps to kg.ontology): none may be forgotten."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "kg").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert on_disk <= set(config["packages"])
    assert config["package-dir"]["kg.ontology"] == "ontology"
    data = config["package-data"]
    assert any(p.endswith(".crfsuite") for p in data["kg.ner"])
    assert list((ROOT / "kg" / "ner").glob("*.crfsuite")), "the trained NER model must be in the package"
    assert config["package-dir"]["kg.corpus"] == "corpus" and list((ROOT / "corpus").glob("*.txt"))
