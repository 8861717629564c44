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


def test_a_county_the_data_predates_as_district_is_named_as_printed() -> None:
    """X区 for a county X县 (or county-level X市) of the data: the same division, named X区, in the
    same prefecture; a real district keeps its row, 景县 gives no 景区, and 区 never reads as 县."""
    from kg.gazetteer import load

    gaz = load()
    county = gaz.lookup("蒲城县")
    renamed = gaz.lookup("蒲城区")
    assert renamed is not None and renamed.name == "蒲城区" and renamed.code == county.code
    assert [d.name for d in gaz.chain(renamed)][1:] == [d.name for d in gaz.chain(county)][1:]
    assert gaz.lookup("高陵区").name == "高陵区"  # a real district
    assert gaz.lookup("景区") is None
    assert gaz.lookup("高陵县") is None


def test_divisions_of_the_newer_data_and_the_older_names_are_both_held() -> None:
    """2025 data (a district renamed in 2018, a county become a city in 2019) beside the 2018 names an
    archive prints; a name two prefectures share keeps both, whichever file lacks one of them."""
    gaz = gazetteer.load()
    assert gaz.lookup("云冈区") is not None and gaz.city_of(gaz.lookup("云冈区")).name == "大同市"
    assert gaz.lookup("射洪市") is not None and gaz.lookup("射洪县") is not None
    assert gaz.city_of(gaz.lookup("射洪市")).name == "遂宁市"
    assert len(gaz.by_name["江北区"]) == 2
    chongqing = gaz.lookup("重庆市")
    assert gaz.lookup_in("江北区", chongqing).code.startswith("50")
    # a municipality's prefecture row is no second 重庆市 or 北京市
    assert gaz.by_name["重庆市"] == (chongqing.code,) and len(gaz.by_name["北京市"]) == 1
