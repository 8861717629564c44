"""The write pass in parts: rendered anywhere (worker processes, here), concatenated into the same bytes.

Covers ``--jobs 2`` on many one-sentence documents (pass 1 workers cache their own results, pass 2
workers render the outputs), the in-memory budget that spares small corpora reading the cache back,
and the invariance of the files to how documents are cut into parts.
"""

from __future__ import annotations

import json

import pytest

from kg import cache, pipeline, rdf, write
from kg.model import Options
from tests.buildcmp import COMPARED, assert_same_build, build, corpus

#: invented bodies, places and people (no names of the sample page)
_PLACES = ["青禾区", "南川县", "柳塘镇", "石桥市", "云岭县"]
_BODIES = ["总工会", "人民医院", "实验中学", "供电公司", "妇联"]
_PEOPLE = ["林清河", "韩素梅", "高远航", "田晓禾", "钱立群"]
_EVENTS = ["技能培训班", "职工运动会", "安全生产座谈会", "义诊活动"]


def _sentences(path, n: int):
    """``n`` one-sentence JSONL documents, as CLUENER or People's Daily corpora come."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            place, body = _PLACES[i % 5], _BODIES[(i // 5) % 5]
            person, event = _PEOPLE[(i // 3) % 5], _EVENTS[i % 4]
            text = f"{i % 12 + 1}月{i % 27 + 1}日，{place}{body}举办{event}，{person}出席并讲话。"
            f.write(json.dumps({"id": f"s{i:04d}", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def sentences(tmp_path_factory):
    return _sentences(tmp_path_factory.mktemp("sent") / "sentences.jsonl", 150)


def test_jobs_2_on_one_sentence_documents_renders_in_workers_and_equals_jobs_1(sentences, tmp_path):
    serial = build([sentences], tmp_path / "serial" / "out", jobs=1)
    pooled = build([sentences], tmp_path / "pooled" / "out", jobs=2)
    assert serial.documents == pooled.documents == 150
    assert_same_build(tmp_path / "serial" / "out", tmp_path / "pooled" / "out")
    # both passes ran in worker processes; this process did neither pass's per-document work alone
    assert pooled.cpu.get("workers_documents", 0) > 0 and pooled.cpu.get("workers_write", 0) > 0
    assert "workers_write" not in serial.cpu
    report = json.loads((tmp_path / "pooled" / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["timings"]["cpu_workers"] > 0


def test_pool_workers_cache_their_own_results(sentences, tmp_path):
    out = tmp_path / "out"
    first = build([sentences], out, jobs=2)
    store = cache.Cache(out)
    keys = [e.key for e in store.read_manifest().documents]
    assert len(keys) == 150 and all(store.has(k) for k in keys)
    assert first.report["cache"] == {"reused": 0, "computed": 150}
    again = build([sentences], out, jobs=2)
    assert again.report["cache"] == {"reused": 150, "computed": 0}


def test_a_cache_that_cannot_store_still_builds_the_same(sentences, tmp_path, monkeypatch):
    reference = tmp_path / "ref" / "out"
    build([sentences], reference)
    monkeypatch.setattr(cache.Cache, "store", lambda self, key, result: 0)
    monkeypatch.setattr(cache.Cache, "store_many", lambda self, results: [0] * len(results))
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}" / "out"
        build([sentences], out, jobs=jobs)
        assert_same_build(reference, out)


def test_small_corpora_stay_in_memory_and_big_ones_are_read_back(sentences, tmp_path, monkeypatch):
    loads = []
    real_load = cache.Cache.load

    def counting_load(self, key):
        loads.append(key)
        return real_load(self, key)

    monkeypatch.setattr(cache.Cache, "load", counting_load)
    kept = tmp_path / "kept" / "out"
    build([sentences], kept)
    assert loads == []  # within the budget: pass 2 never reads the cache back
    monkeypatch.setattr(pipeline, "MEMORY_BUDGET", 0)
    spilled = tmp_path / "spilled" / "out"
    build([sentences], spilled)
    assert len(loads) == 150  # past it: every result is read back, once
    assert_same_build(kept, spilled)


@pytest.mark.parametrize("sizes", [[1], [7], [1000], [2, 5, 1, 3]])
def test_files_do_not_depend_on_how_documents_are_cut_into_parts(tmp_path, sizes):
    pages = corpus(tmp_path / "pages", 6, seed=31)
    built = build([pages], tmp_path / "built")
    results = sorted(built.results, key=lambda r: r.page.doc.id)
    articles = {(a.doc_id, a.index) for r in results for a in r.segmented.articles}
    options = Options(outdir=str(tmp_path / "parts"))

    def parts(ctx, ahead):
        i, k = 0, 0
        while i < len(results):
            n = sizes[k % len(sizes)]
            yield write.render_part(ctx, results[i : i + n])
            i, k = i + n, k + 1
        # the corpus graph's cross-article slices, rendered ahead of the writer's close
        for stmts in ahead():
            nq, trig, jsonld, size = rdf.render_corpus_slice(stmts, ctx.cg)
            yield rdf.RenderedSlice(nq.encode(), trig.encode(), jsonld.encode(), size)

    report: dict = {}
    out = tmp_path / "parts"
    write.write_streaming(out, [], built.linked, articles, options, report, parts=parts)
    for name in COMPARED:
        assert (out / name).read_bytes() == (tmp_path / "built" / name).read_bytes(), name
    assert report["mention_rows"] == built.report["counts"]["mentions"]
    assert report["stats"].chars() == built.report["characters"]


def test_cross_article_statements_spilled_to_sorted_runs_give_the_same_files(tmp_path, monkeypatch):

    pages = corpus(tmp_path / "pages", 4, seed=41)
    build([pages], tmp_path / "memory")
    spilled = []
    real_spill = rdf._SortedSpill._spill

    def counting_spill(self):
        spilled.append(len(self.buf))
        real_spill(self)

    monkeypatch.setattr(rdf, "SPILL_LIMIT", 40)  # many small runs, a subject's statements across runs
    monkeypatch.setattr(rdf._SortedSpill, "CHUNK", 10)
    monkeypatch.setattr(rdf._SortedSpill, "_spill", counting_spill)
    build([pages], tmp_path / "runs", jobs=2)  # a part per pool batch: runs from several parts
    assert len(spilled) >= 3
    assert_same_build(tmp_path / "memory", tmp_path / "runs")
    assert not [p.name for p in (tmp_path / "runs").iterdir() if p.name.startswith("tmp")]


def test_cross_article_slices_rendered_by_workers_give_the_same_files(tmp_path, monkeypatch):
    from kg import parallel, rdf

    pages = corpus(tmp_path / "pages", 4, seed=43)
    build([pages], tmp_path / "serial")
    real_slices, real_map = rdf._slices, parallel.imap_ordered
    sent: list[int] = []

    def counting_map(fn, items, jobs):
        def counted():
            for item in items:
                sent.append(len(item))
                yield item

        return real_map(fn, counted(), jobs)

    monkeypatch.setattr(rdf, "_slices", lambda stmts, size=25: real_slices(stmts, size))  # many slices
    monkeypatch.setattr(parallel, "imap_ordered", counting_map)
    build([pages], tmp_path / "pooled", jobs=2)
    assert len(sent) >= 4 and sum(sent) > 100  # the corpus graph's slices, then the Turtle's
    assert_same_build(tmp_path / "serial", tmp_path / "pooled")


def test_slices_never_split_a_subject():
    from kg import rdf

    stmts = sorted(f"<s{i // 3}> <p> <o{i}>" for i in range(50))
    for size in (1, 2, 4, 7, 100):
        parts = list(rdf._slices(iter(stmts), size))
        assert [st for part in parts for st in part] == stmts
        for a, b in zip(parts, parts[1:], strict=False):
            assert a[-1].split(" ")[0] != b[0].split(" ")[0]
            assert len(a) >= size


def test_one_sentence_results_share_pack_files_and_a_torn_pack_is_a_miss(sentences, tmp_path):
    out = tmp_path / "out"
    build([sentences], out)
    packs = sorted((out / cache.CACHE_DIR / "results" / cache.PACKS).glob("*.pack"))
    assert 1 <= len(packs) <= 10  # 150 sentences, not 150 files
    assert not list((out / cache.CACHE_DIR / "results").glob("*/*.pkl"))
    reference = tmp_path / "ref" / "out"
    build([sentences], reference)
    packs[0].write_bytes(packs[0].read_bytes()[:-20])  # its index is gone: its results are misses
    again = build([sentences], out)
    assert 0 < again.report["cache"]["computed"] < 150
    assert again.report["cache"]["reused"] + again.report["cache"]["computed"] == 150
    assert_same_build(out, reference)
    assert cache._read_pack_index(str(packs[0]))  # the same results, packed again whole


def test_update_keeps_packs_whose_results_are_used_and_rewrites_mostly_dead_ones(tmp_path):
    first = _sentences(tmp_path / "a.jsonl", 100)
    out = tmp_path / "out"
    build([first], out)
    store = cache.Cache(out)
    before = {e.key for e in store.read_manifest().documents}
    lines = first.read_text(encoding="utf-8").splitlines()  # same file and ids, new texts for 90
    lines = [ln.replace("出席", "主持") if i < 90 else ln for i, ln in enumerate(lines)]
    first.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build([first], out)
    store = cache.Cache(out)
    after = {e.key for e in store.read_manifest().documents}
    assert len(after & before) == 10 and all(store.has(k) for k in after)
    assert not any(store.has(k) for k in before - after)  # dead results pruned (or their packs rewritten)


@pytest.mark.parametrize(
    "key",
    [
        "person/林清河",
        "org/青禾区总工会",
        "doc/s0001",
        "article/d-1/2",
        "doc/a b",
        "doc/../x",
        "x/.",
        "a//b",
        "",
        "photo/x_1~/3",
        "event/２０２０年",
        "doc/é",
        "place/\u9fff\u3400",
        "doc/%41",
        "doc/?#",
    ],
)
def test_rdf_mint_fast_path_mints_what_iri_mint_mints(key):
    from kg import iri, rdf

    base = "https://kg.example.org/"
    assert rdf.mint(base, key) == iri.mint(base, key)


def test_bounded_memos_and_small_corpus_parts_give_the_same_files(tmp_path, monkeypatch):
    """Memos that start again every few entries, the corpus graph's share of the sections in many
    small parts (rendered by workers among the documents, or by the writer): the files do not change."""
    from kg import rdf

    pages = corpus(tmp_path / "pages", 4, seed=43)
    build([pages], tmp_path / "memory")
    monkeypatch.setattr(rdf, "SPILL_LIMIT", 25)
    monkeypatch.setattr(rdf, "MEMO_LIMIT", 3)
    monkeypatch.setattr(rdf.GraphContext, "CHUNK", 7)
    for jobs in (1, 2):
        build([pages], tmp_path / f"small{jobs}", jobs=jobs)
        assert_same_build(tmp_path / "memory", tmp_path / f"small{jobs}")
