"""The township list (kg.townships) and the places it gives before organisations are read."""

from kg import gazetteer, townships
from kg.extract.entities import gazetteer_towns
from kg.extract.text import Unit


def _unit(text: str) -> Unit:
    unit = Unit("t", 1, None, 0, text)
    unit.tokenize()
    return unit


def test_list_holds_townships_under_their_counties() -> None:
    towns = townships.load()
    assert len(towns.counties) > 25_000
    gaz = gazetteer.load()
    (code,) = towns.counties_of("织里镇")
    assert gaz.by_code[code].name == "吴兴区"
    # a name many counties share names none of them alone
    assert len(towns.counties_of("城关镇")) > 10
    # one character before the suffix is a common word, never a listed name
    assert not any(n in towns.counties for n in ("城乡", "家乡", "小镇"))


def test_listed_township_found_before_its_bodies() -> None:
    unit = _unit("会议在织里镇政府召开，东风乡和城关镇的职工参加。乡村振兴是重点，镇江来的客人也到了。")
    names = [p.name for p in gazetteer_towns(unit, [])]
    assert names == ["织里镇", "东风乡", "城关镇"]


def test_township_page_bodies_and_credit(tmp_path) -> None:
    """A town's government named by jieba as one word (镇政府) and a trade federation of the town are
    bodies of the listed town; a 文/图 credit set to the right under the last paragraph credits the
    article and the photo whose caption follows it."""
    from kg import pipeline
    from kg.model import Options

    page = tmp_path / "p.txt"
    page.write_text(
        "南海日报\n2026年11月3日　第4版\n丹灶镇举办职工趣味运动会\n\n"
        "　　11月2日，丹灶镇政府联合丹灶镇总工会在丹灶镇体育公园举办职工趣味运动会。\n"
        "　　当天，丹灶镇五金行业工会联合会召开成立大会，车间主任欧阳志坚当选为联合会主席。\n"
        "　　　　　　　　　　　　　　文/图　本报通讯员　麦嘉欣\n\n图为运动会现场。\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    pipeline.build([str(page)], Options(outdir=str(out)))
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "<https://kg.example.org/org/丹灶镇政府>" in ttl
    assert "org:headOf <https://kg.example.org/org/丹灶镇五金行业工会联合会>" in ttl
    assert "schema:contributor <https://kg.example.org/person/麦嘉欣>" in ttl
    assert "schema:creator <https://kg.example.org/person/麦嘉欣>" in ttl


def test_the_cached_list_is_the_one_read_from_the_data(tmp_path, monkeypatch) -> None:
    """``townships.load`` reads its cache file when one was made for this data and module; one made for
    another key is not used."""
    import marshal

    from kg.extract import lazydict

    monkeypatch.setattr(lazydict, "cache_dirs", lambda: [tmp_path])
    townships.load.cache_clear()
    try:
        read = townships._read(townships.data_path())
        first = townships.load()
        (cached,) = tmp_path.glob("townships-*.marshal")
        townships.load.cache_clear()
        again = townships.load()
        assert again is not first and again == read == first
        key, counties, longest = marshal.loads(cached.read_bytes())
        cached.write_bytes(marshal.dumps(("another key", {"假镇": ("000000000000",)}, longest)))
        townships.load.cache_clear()
        assert townships.load() == read and marshal.loads(cached.read_bytes())[0] == key
    finally:
        townships.load.cache_clear()
