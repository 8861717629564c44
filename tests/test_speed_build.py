"""Fast paths of the build keep their results: the manifest's JSON, a unit's cut blocks."""

from __future__ import annotations

import dataclasses
import json

from kg.cache import FORMAT, Entry, Manifest
from kg.model import Warning_


def test_manifest_json_is_the_asdict_form():
    m = Manifest(
        [Entry("d1", "a.jsonl", "k1"), Entry("d2~2", "页面.txt", "k2")], [Warning_("a.jsonl", "坏行", 3)], "v"
    )
    slow = {
        "format": FORMAT,
        "pipeline": "v",
        "documents": [dataclasses.asdict(e) for e in m.documents],
        "warnings": [dataclasses.asdict(w) for w in m.warnings],
    }
    assert m.to_json() == json.dumps(slow, ensure_ascii=False, indent=1) + "\n"
    assert Manifest.from_json(m.to_json()) == m


def test_unit_blocks_cut_as_the_ensuring_cut():
    from kg.extract.text import Unit, tokenizer

    text = "市总工会副主席王小明来到某某机械厂，\n看望一线职工。AB公司2013年10月举办技能大赛"
    unit = Unit("d", 0, None, 0, text)
    unit.tokenize()
    tok, _tags = tokenizer()
    for b, (a, e) in enumerate(unit._blocks):
        got = [w for _s, _e, w, _f in unit.tokens.block(b)]
        assert got == list(tok.cut(text[a:e], HMM=False))
        assert "".join(got) == text[a:e]


def _plain_digest(root):
    """``tree_digest`` without remembered digests: every file hashed."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.endswith((".pyc", ".pyo")):
            continue
        h.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.digest()


def test_tree_digest_remembers_big_files_by_stat(tmp_path, monkeypatch):
    import os

    from kg import cache

    monkeypatch.setattr(cache, "BIG_FILE", 100)
    root, dirs = tmp_path / "pkg", [tmp_path / "nowhere" / "x", tmp_path / "c"]
    (root / "sub" / "__pycache__").mkdir(parents=True)
    (root / "a.py").write_text("x = 1\n")
    (root / "sub" / "model.bin").write_bytes(b"w" * 500)
    (root / "sub" / "__pycache__" / "a.pyc").write_bytes(b"ignored")
    (tmp_path / "nowhere").write_text("a file where a folder would be: not writable as a cache dir")
    assert cache.tree_digest(root, dirs) == _plain_digest(root)  # cold: hashed, remembered
    assert (tmp_path / "c" / cache.DIGESTS).is_file()
    assert cache.tree_digest(root, dirs) == _plain_digest(root)  # warm: read back
    big = root / "sub" / "model.bin"
    st = big.stat()
    big.write_bytes(b"v" * 500)  # other content of the same size, a nanosecond later: another entry
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert cache.tree_digest(root, dirs) == _plain_digest(root)
    (tmp_path / "c" / cache.DIGESTS).write_text("{torn")
    assert cache.tree_digest(root, dirs) == _plain_digest(root)
    (root / "b.py").write_text("y = 2\n")
    assert cache.tree_digest(root, dirs) == _plain_digest(root)


def test_pipeline_version_is_the_plain_hash_of_the_package():
    from pathlib import Path

    import kg
    from kg import cache

    assert cache.tree_digest(Path(kg.__file__).resolve().parent) == _plain_digest(
        Path(kg.__file__).resolve().parent
    )
