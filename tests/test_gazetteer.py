from kg import gazetteer


def test_lookup_and_chain() -> None:
    gaz = gazetteer.load()
    div = gaz.lookup("涧西区")
    assert div is not None and div.level == "county"
    assert [d.name for d in gaz.chain(div)] == ["涧西区", "洛阳市", "河南省"]
    assert gaz.city_of(div).name == "洛阳市"
    assert gaz.province_of(div).name == "河南省"


def test_short_forms_only_when_unambiguous() -> None:
    gaz = gazetteer.load()
    assert gaz.lookup("洛阳").name == "洛阳市"
    assert gazetteer.short_form("宁波市") == "宁波"
    assert gazetteer.short_form("县") is None
    # 朝阳区 exists in several cities: its short form names nothing
    assert gaz.lookup("朝阳") is None or gaz.lookup("朝阳").name != "朝阳区"


def test_municipality_districts_skip_placeholder_rows() -> None:
    gaz = gazetteer.load()
    div = gaz.lookup("东城区")
    assert [d.name for d in gaz.chain(div)][-1] == "北京市"
    assert all(d.name != "市辖区" for d in gaz.chain(div))


def test_a_short_form_shared_with_its_own_county_names_the_larger_division() -> None:
    gaz = gazetteer.load()
    # 株洲市 holds a 株洲县, 吉林省 a 吉林市: the bare short form is the larger one
    assert gaz.lookup("株洲").name == "株洲市"
    assert gaz.lookup("吉林").name == "吉林省"
    # 朝阳: a city in one province, districts in others (no one holds the rest): nothing
    assert gaz.lookup("朝阳") is None
