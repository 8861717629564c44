"""--update and the per-document cache: an update equals a full rebuild, byte for byte."""

from __future__ import annotations

import csv
import shutil

import pytest

from kg import cache, pipeline
from kg.errors import InputError
from kg.model import Document, Options
from tests.buildcmp import assert_same_build, build, corpus


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Two batches of generated pages: the archive so far and the new issues."""
    root = tmp_path_factory.mktemp("pages")
    old = corpus(root / "old", 3, seed=11)
    new = corpus(root / "new", 2, seed=12)
    for f in new.iterdir():  # distinct ids from the old batch
        f.rename(new / f"n{f.name}")
    return old, new


def _entities(outdir) -> dict[str, str]:
    with (outdir / "entities.csv").open(encoding="utf-8") as f:
        return {row["iri"]: row["name"] for row in csv.DictReader(f)}


def _people(outdir) -> set[str]:
    """IRIs typed schema:Person in the graph (credits make them even without entity linking)."""
    text = (outdir / "graph.nq").read_text(encoding="utf-8")
    return {
        line.split(" ", 1)[0]
        for line in text.splitlines()
        if "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person>" in line
    }


def test_update_equals_a_full_rebuild_and_keeps_every_iri(pages, tmp_path):
    old, new = pages
    inc, full = tmp_path / "inc" / "out", tmp_path / "full" / "out"
    first = build([old], inc)
    before_entities, before_people = _entities(inc), _people(inc)
    assert before_people, "the generated pages have bylines: there must be people"
    updated = build([new], inc, update=True)
    build([old, new], full)
    assert_same_build(inc, full)
    assert updated.documents == first.documents + 2
    assert updated.report["cache"] == {"reused": 3, "computed": 2}
    after = _entities(inc)
    for iri, name in before_entities.items():
        assert after.get(iri) == name
    assert before_people <= _people(inc)


def test_a_rebuild_of_unchanged_inputs_reuses_every_cached_result(pages, tmp_path, monkeypatch):
    old, _new = pages
    out = tmp_path / "out"
    build([old], out)
    reference = tmp_path / "ref" / "out"
    shutil.copytree(out, reference)

    def fail(doc, options):
        raise AssertionError(f"{doc.id} was recomputed")

    monkeypatch.setattr(pipeline, "process_document", fail)
    again = build([old], out)
    assert again.report["cache"] == {"reused": 3, "computed": 0}
    assert_same_build(out, reference)


def test_an_edited_page_given_again_with_update_replaces_its_old_version(pages, tmp_path):
    old, new = pages
    work = tmp_path / "work"
    shutil.copytree(old, work)
    inc, full = tmp_path / "inc" / "out", tmp_path / "full" / "out"
    build([work, new], inc)
    edited = sorted(work.iterdir())[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n本报讯 新增一段文字。\n", encoding="utf-8")
    result = build([edited], inc, update=True)
    assert result.documents == 5 and result.report["cache"] == {"reused": 4, "computed": 1}
    build([work, new], full)
    assert_same_build(inc, full)


def test_a_torn_cache_file_is_a_miss_not_an_error(pages, tmp_path):
    old, _new = pages
    out = tmp_path / "out"
    build([old], out)
    for path in sorted((out / cache.CACHE_DIR / "results").glob("*/*.pkl"))[:1]:
        path.write_bytes(path.read_bytes()[:100])
    reference = tmp_path / "ref" / "out"
    build([old], reference)
    again = build([old], out)
    assert again.report["cache"] == {"reused": 2, "computed": 1}
    assert_same_build(out, reference)


def test_update_without_a_previous_build_says_so(tmp_path, pages):
    with pytest.raises(InputError, match="no previous build"):
        build([pages[1]], tmp_path / "empty", update=True)
    assert not (tmp_path / "empty").exists()  # nothing created for a build that did not start


def test_a_document_id_already_in_the_build_from_another_file_is_renamed(pages, tmp_path):
    old, _new = pages
    other = tmp_path / "other"
    other.mkdir()
    first = sorted(old.iterdir())[0]
    shutil.copy(first, other / first.name)  # same id (file stem), another source
    out = tmp_path / "out"
    build([old], out)
    result = build([other], out, update=True)
    ids = [r.page.doc.id for r in result.results]
    assert ids[-1] == f"{first.stem}~2" and len(set(ids)) == len(ids) == 4
    assert any("duplicate document id" in w.message for w in result.warnings)


def test_cache_key_follows_text_metadata_options_and_code_but_not_how_it_runs(monkeypatch):
    doc = Document(id="a", text="本报讯 某市举办培训班。", source="a.txt")
    key = cache.document_key(doc, Options())
    assert cache.document_key(doc, Options(jobs=4, outdir="x", scheduler="tcp://h:1")) == key
    assert (
        cache.document_key(Document(id="a", text="本报讯 某县举办培训班。", source="a.txt"), Options()) != key
    )
    assert (
        cache.document_key(Document(id="a", text=doc.text, source="a.txt", date="2020-01-02"), Options())
        != key
    )
    assert cache.document_key(doc, Options(home_city="某市")) != key
    assert cache.document_key(doc, Options(), version="another code version") != key


def test_pipeline_version_changes_with_the_stage_version(monkeypatch):
    cache.pipeline_version.cache_clear()
    before = cache.pipeline_version()
    monkeypatch.setattr(cache, "STAGE_VERSION", cache.STAGE_VERSION + 1)
    cache.pipeline_version.cache_clear()
    try:
        assert cache.pipeline_version() != before
    finally:
        cache.pipeline_version.cache_clear()


def test_a_file_fixed_and_given_again_drops_its_old_warning(pages, tmp_path):
    old, _new = pages
    bad = tmp_path / "extra" / "bad.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.4\x00\x01\x02 not a text page")
    inc, full = tmp_path / "inc" / "out", tmp_path / "full" / "out"
    first = build([old, bad], inc)
    assert any(w.source == str(bad) for w in first.warnings)
    bad.write_text("本报讯（记者周明远）某县举办职工运动会。\n", encoding="utf-8")
    updated = build([bad], inc, update=True)
    assert not any(w.source == str(bad) for w in updated.warnings)
    build([old, bad], full)
    assert_same_build(inc, full)
