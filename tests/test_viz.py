"""The network view: RDF -> networkx projection -> offline, escaped HTML / GraphML / GEXF."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg import store, viz
from kg.errors import GraphError

HOSTILE = "<img src=x onerror=alert(1)>"
QUOTED = "\"蓝湾\" & '码头' 协会"

# invented people, organisations, places and articles (no names from the sample page)
ARTICLE_1 = "云岭市举办第三届职工技能大赛"
BODY_1 = (
    "本报讯 10月8日，云岭市总工会主办的第三届职工技能大赛在白鹭区开幕。\n"
    "市总工会主席周明远出席并致辞。白鹭化工有限公司的郑晓岚获得一等奖。\n"
    f"来自{HOSTILE}的选手也参加了比赛。"
)
ARTICLE_2 = "白鹭化工开展安全培训</script><!--"
BODY_2 = f"白鹭化工组织员工学习安全知识，郑晓岚担任讲师。{QUOTED}派员观摩。"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fixture_turtle() -> str:
    """A small graph in the CONTRACT.md §3 terms, with offsets computed from the bodies."""
    ex = "https://example.org/kg/"
    lines = [
        "@prefix schema: <https://schema.org/> .",
        "@prefix org: <http://www.w3.org/ns/org#> .",
        "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix kg: <https://kg.example.org/ontology#> .",
        f"@prefix ex: <{ex}> .",
        f"ex:a1 a schema:NewsArticle ; schema:headline {_lit(ARTICLE_1)} ; schema:position 1 ;",
        f"  schema:articleBody {_lit(BODY_1)} ; schema:author ex:p-reporter ;",
        "  schema:mentions ex:o-union, ex:p-zhou, ex:o-chem, ex:p-zheng, ex:pl-bailu, ex:p-hostile .",
        f"ex:a2 a schema:NewsArticle ; schema:headline {_lit(ARTICLE_2)} ; schema:position 2 ;",
        f"  schema:articleBody {_lit(BODY_2)} ; schema:mentions ex:o-chem, ex:p-zheng ; nif:beginIndex 1000 .",
        "ex:photo a schema:Photograph ; schema:creator ex:p-reporter ; schema:isPartOf ex:a2 .",
        'ex:p-reporter a schema:Person ; schema:name "韩立秋"@zh .',
        'ex:p-zhou a schema:Person ; schema:name "周明远"@zh ; schema:jobTitle "主席" ;',
        "  org:headOf ex:o-union ; schema:memberOf ex:o-union .",
        'ex:p-zheng a schema:Person ; schema:name "郑晓岚"@zh ; schema:alternateName "郑师傅" ;',
        "  schema:worksFor ex:o-chem .",
        f"ex:p-hostile a schema:Person ; schema:name {_lit(HOSTILE)} .",
        'ex:o-union a schema:Organization, schema:WorkersUnion ; schema:name "云岭市总工会"@zh ;',
        '  schema:alternateName "市总工会" ; schema:location ex:pl-yunling .',
        'ex:o-chem a schema:Organization, schema:Corporation ; schema:name "白鹭化工有限公司"@zh ;',
        '  schema:alternateName "白鹭化工" ; schema:location ex:pl-bailu .',
        f"ex:o-quoted a schema:Organization ; schema:name {_lit(QUOTED)} .",
        'ex:o-gov a schema:Organization, schema:GovernmentOrganization ; schema:name "云岭市人民政府"@zh .',
        'ex:pl-yunling a schema:Place, schema:AdministrativeArea ; schema:name "云岭市"@zh .',
        'ex:pl-bailu a schema:Place, schema:AdministrativeArea ; schema:name "白鹭区"@zh ;',
        "  schema:containedInPlace ex:pl-yunling .",
        'ex:e1 a schema:Event ; schema:name "第三届职工技能大赛"@zh ; schema:startDate "--10-08"^^xsd:gMonthDay ;',
        "  schema:organizer ex:o-union ; schema:location ex:pl-bailu ; schema:attendee ex:p-zheng ;",
        "  kg:coOrganizer ex:o-chem ;",
        "  schema:subjectOf ex:a1 .",
    ]
    mentions = [
        ("a1", BODY_1, "周明远", "p-zhou"),
        ("a1", BODY_1, "郑晓岚", "p-zheng"),
        ("a2", BODY_2, "郑晓岚", "p-zheng"),
        ("a1", BODY_1, HOSTILE, "p-hostile"),
        ("a2", BODY_2, "白鹭化工", "o-chem"),
        ("a1", BODY_1, "白鹭化工有限公司", "o-chem"),
    ]
    for i, (article, body, anchor, entity) in enumerate(mentions):
        start = body.index(anchor)
        lines.append(
            f"ex:m{i} a nif:Phrase ; nif:referenceContext ex:{article} ; nif:anchorOf {_lit(anchor)} ;"
            f" nif:beginIndex {start} ; nif:endIndex {start + len(anchor)} ; schema:about ex:{entity} ."
        )
    # the build's own style: the document is the context, offsets are the document's, isPartOf the article
    start = 1000 + BODY_2.index(QUOTED)
    lines.append(
        f"ex:md a nif:Phrase ; nif:referenceContext ex:doc ; schema:isPartOf ex:a2 ; nif:anchorOf {_lit(QUOTED)} ;"
        f" nif:beginIndex {start} ; nif:endIndex {start + len(QUOTED)} ; schema:about ex:o-quoted ."
    )
    return "\n".join(lines) + "\n"


def write_fixture(folder: Path) -> Path:
    path = folder / "graph.ttl"
    path.write_text(fixture_turtle(), encoding="utf-8")
    return path


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    return write_fixture(tmp_path)


def _node(g, label):
    (hit,) = [d for _, d in g.nodes(data=True) if d["label"] == label]
    return hit


def _edges(g):
    return {(g.nodes[u]["label"], label, g.nodes[v]["label"]) for u, v, label in g.edges(data="label")}


def test_projection_nodes_kinds_and_chinese_edges(graph_file):
    g = viz.load_graph(graph_file)
    kinds = {d["label"]: d["kind"] for _, d in g.nodes(data=True)}
    assert kinds["周明远"] == "person"
    assert kinds["云岭市总工会"] == "union"
    assert kinds["白鹭化工有限公司"] == "company"
    assert kinds["云岭市人民政府"] == "government"
    assert kinds[QUOTED] == "organization"
    assert kinds["白鹭区"] == "place"
    assert kinds["第三届职工技能大赛"] == "event"
    assert kinds[ARTICLE_1] == "article"
    assert "photo" not in " ".join(g.nodes)  # photographs are not nodes
    edges = _edges(g)
    assert ("周明远", "主席", "云岭市总工会") in edges
    assert ("云岭市总工会", "主办", "第三届职工技能大赛") in edges
    assert ("白鹭化工有限公司", "合办", "第三届职工技能大赛") in edges  # kg:coOrganizer (承办, 协办)
    assert ("郑晓岚", "参加", "第三届职工技能大赛") in edges
    assert ("白鹭区", "位于", "云岭市") in edges
    assert ("周明远", "隶属", "云岭市总工会") in edges
    assert (ARTICLE_1, "报道", "第三届职工技能大赛") in edges
    assert (ARTICLE_1, "报道", "周明远") in edges
    assert (ARTICLE_1, "作者", "韩立秋") in edges
    assert (ARTICLE_2, "摄影", "韩立秋") in edges


def test_tooltip_data_provenance(graph_file):
    g = viz.load_graph(graph_file)
    zheng = _node(g, "郑晓岚")
    assert zheng["aliases"] == ["郑师傅"]
    assert zheng["headlines"] == [ARTICLE_1, ARTICLE_2]  # page order (schema:position)
    # the first mention is in the first article; its sentence, not the whole body
    assert zheng["first"] == "白鹭化工有限公司的郑晓岚获得一等奖。"
    assert _node(g, "周明远")["first"] == "市总工会主席周明远出席并致辞。"
    assert _node(g, "云岭市人民政府")["headlines"] == []
    # a mention in document coordinates: the article is found through schema:isPartOf
    quoted = _node(g, QUOTED)
    assert quoted["headlines"] == [ARTICLE_2]
    assert quoted["first"] == BODY_2.split("。")[1] + "。"
    assert (ARTICLE_2, "报道", QUOTED) in _edges(g)


def test_sentence_is_cut_around_long_mentions():
    text = "甲" * 200 + "王某" + "乙" * 200 + "。"
    s = viz._sentence(text, 200, 202, width=10)
    assert s == "…" + "甲" * 10 + "王某" + "乙" * 10 + "…"


def test_focus_ego_network_by_name_alias_and_headline(graph_file):
    g = viz.load_graph(graph_file)
    ego, note = viz.select(g, focus="郑师傅", hops=1)  # an alias
    labels = {d["label"] for _, d in ego.nodes(data=True)}
    assert labels == {"郑晓岚", "白鹭化工有限公司", "第三届职工技能大赛", ARTICLE_1, ARTICLE_2}
    assert note == ""
    two, _ = viz.select(g, focus="郑晓岚", hops=2)
    assert {"云岭市总工会", "白鹭区", "周明远"} <= {d["label"] for _, d in two.nodes(data=True)}
    article, _ = viz.select(g, focus=ARTICLE_2, hops=1)
    assert {d["label"] for _, d in article.nodes(data=True)} == {
        ARTICLE_2,
        "白鹭化工有限公司",
        "郑晓岚",
        QUOTED,
        "韩立秋",
    }


def test_focus_name_is_data_not_query(graph_file):
    with pytest.raises(GraphError, match="no node named") as e:
        viz.render(graph_file, focus='x" } ; DROP ALL ; #')
    assert "\n" not in str(e.value)


def test_types_filter(graph_file):
    g = viz.load_graph(graph_file)
    orgs, _ = viz.select(g, types=["Organization"])
    assert {d["kind"] for _, d in orgs.nodes(data=True)} == {"union", "company", "government", "organization"}
    mixed, _ = viz.select(g, types=["union", "Person"])
    assert {d["kind"] for _, d in mixed.nodes(data=True)} == {"union", "person"}
    with pytest.raises(GraphError, match="unknown node type"):
        viz.select(g, types=["Spaceship"])


def test_min_degree_and_default_drop_with_note(monkeypatch):
    import networkx as nx

    g = nx.MultiDiGraph()
    for i in range(30):
        g.add_node(f"n{i:02}", label=f"n{i}", kind="person", iri=f"n{i}", aliases=[], headlines=[], first="")
    for i in range(1, 10):
        g.add_edge("n00", f"n{i:02}", label="隶属")
    g.add_edge("n01", "n02", label="隶属")
    kept, note = viz.select(g, min_degree=2)
    assert sorted(kept.nodes) == ["n00", "n01", "n02"]
    assert "27" in note
    monkeypatch.setattr(viz, "MAX_NODES", 5)
    dropped, note = viz.select(g)
    assert dropped.number_of_nodes() <= 5
    assert "隐藏" in note and "--min-degree 0" in note
    everything, note = viz.select(g, min_degree=0)
    assert everything.number_of_nodes() == 30 and note == ""


def test_html_is_offline_escaped_and_deterministic(graph_file, tmp_path):
    out = viz.render(graph_file, tmp_path / "a.html")
    again = viz.render(graph_file, tmp_path / "b.html")
    page = out.read_text(encoding="utf-8")
    assert out.read_bytes() == again.read_bytes()
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=", page, re.I)
    assert "vis-network" in page and not re.search(r"url\(\s*['\"]?https?:", page)
    # newspaper text never appears raw: not the tag, not the closing script, not a comment opener
    assert HOSTILE not in page
    assert "<!--" not in page
    assert page.lower().count("</script") == 2  # vis-network's and ours: nothing else closes a script
    data = json.loads(re.search(r"var DATA = (\{.*?\});\n", page).group(1))
    names = {n["name"] for n in data["nodes"]}
    assert HOSTILE in names and QUOTED in names and ARTICLE_2 in names
    assert [n["id"] for n in data["nodes"]] == list(range(len(data["nodes"])))
    assert {e["label"] for e in data["edges"]} >= {"报道", "主办", "主席", "位于", "参加"}


def test_page_comes_from_pyvis_generate_html(graph_file, tmp_path, monkeypatch):
    """The page is pyvis's own rendering of a directed Network through our template, nothing of its default."""
    from pyvis.network import Network

    calls = []
    original = Network.generate_html

    def spy(net, *args, **kwargs):
        html = original(net, *args, **kwargs)
        calls.append((net, html))
        return html

    monkeypatch.setattr(Network, "generate_html", spy)
    out = viz.render(graph_file, tmp_path / "view.html")
    ((net, html),) = calls
    assert out.read_text(encoding="utf-8") == html
    assert net.directed and net.path == "page.html" and Path(net.template_dir) == viz._vis_dir()
    g = viz.load_graph(graph_file)
    assert len(net.nodes) == g.number_of_nodes() and len(net.edges) == g.number_of_edges()
    assert net.options == viz._vis_options(g.number_of_nodes())  # set through set_options, unchanged
    # pyvis's default template would bring these: CDN links, tom-select, bootstrap, its own mynetwork div
    for trace in ("tom-select", "bootstrap", "cdnjs", "jsdelivr", "unpkg", "mynetwork", "<link"):
        assert trace not in html.lower(), trace


def test_page_data_goes_through_the_template_filter():
    """Node text inside <script> is escaped by the template's filter, whatever it holds."""
    import networkx as nx

    g = nx.MultiDiGraph()
    nasty = "</script><script>alert(1)</script>\u2028<!--]]>"
    g.add_node("a", label=nasty, kind="person", iri="a", aliases=["x\u2029y"], headlines=[], first=nasty)
    page = viz.html_page(g, title=nasty, note=nasty)
    assert page.lower().count("</script") == 2 and "<!--" not in page
    ours = page[page.index("var DATA") :]  # in <title> a U+2028 is harmless text; in a script it is not
    assert "\u2028" not in ours and "\u2029" not in ours
    assert "<title>&lt;/script&gt;" in page
    data = json.loads(re.search(r"var DATA = (\{.*?\});\n", page).group(1))
    assert data["nodes"][0]["name"] == data["note"] == data["title"] == nasty
    assert data["nodes"][0]["aliases"] == ["x\u2029y"]


def test_script_json_escapes_line_separators():
    text = viz.script_json({"x": "a\u2028b\u2029</script><!--&"})
    assert "\u2028" not in text and "\u2029" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"x": "a\u2028b\u2029</script><!--&"}
    assert viz.script_safe('{"a": "</b>"}') == '{"a": "\\u003c/b\\u003e"}'


def test_big_views_bound_stabilisation_and_drop_costly_drawing():
    small = viz.page_data(_chain(10), title="t")["options"]
    big = viz.page_data(_chain(viz.MAX_NODES + 1), title="t")["options"]
    assert small["physics"]["stabilization"]["iterations"] <= 1000
    assert big["physics"]["stabilization"]["iterations"] < small["physics"]["stabilization"]["iterations"]
    assert big["edges"]["smooth"] is False and not big["layout"]["improvedLayout"]
    assert big["layout"]["randomSeed"] == small["layout"]["randomSeed"]
    assert viz.network(_chain(viz.MAX_NODES + 1), title="t").options == big  # through set_options


def _chain(n):
    import networkx as nx

    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(i, label=str(i), kind="place", iri=str(i), aliases=[], headlines=[], first="")
        if i:
            g.add_edge(i - 1, i, label="位于")
    return g


def test_outdir_default_paths_and_exports(tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "graph.ttl").write_text(fixture_turtle(), encoding="utf-8")
    assert viz.render(outdir) == outdir / "graph.html"
    graphml = viz.render(outdir, fmt="graphml")
    assert graphml == outdir / "graph.graphml"
    root = ET.parse(graphml).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == viz.load_graph(outdir).number_of_nodes()
    assert HOSTILE in graphml.read_text(encoding="utf-8").replace("&lt;", "<").replace("&gt;", ">")
    gexf = viz.render(outdir, fmt="gexf")
    first = gexf.read_bytes()
    assert viz.render(outdir, fmt="gexf").read_bytes() == first
    assert "lastmodifieddate" not in first.decode()
    ET.fromstring(first)


def test_trig_and_nquads_read_like_turtle(tmp_path):
    import pyoxigraph as ox

    ttl = write_fixture(tmp_path)
    quads = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    trig = tmp_path / "graph.trig"
    graph = ox.NamedNode("https://example.org/kg/graph/a1")
    trig.write_bytes(
        ox.serialize(
            [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads], None, ox.RdfFormat.TRIG
        )
    )
    assert _edges(viz.load_graph(trig)) == _edges(viz.load_graph(ttl))
    assert store.graph_file(tmp_path)[0] == trig  # TriG preferred in an OUTDIR


@pytest.mark.parametrize(
    "content, message",
    [("this is not turtle", "not readable"), (None, "no such file")],
)
def test_unreadable_graph_is_one_line(tmp_path, content, message):
    path = tmp_path / "bad.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GraphError, match=message) as e:
        viz.render(path)
    assert "\n" not in str(e.value) and "bad.ttl" in str(e.value)


def test_empty_folder_and_unknown_format(tmp_path, graph_file):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GraphError, match="no graph.trig"):
        viz.render(empty)
    with pytest.raises(GraphError, match="unknown format"):
        viz.render(graph_file, fmt="pdf")


def _as_lists(g):
    nodes = sorted((n, json.dumps(d, ensure_ascii=False, sort_keys=True)) for n, d in g.nodes(data=True))
    return nodes, sorted(g.edges(keys=True, data="label"))


def _same_as_whole(path: Path, min_degree=None) -> None:
    """The view built from degree counts equals the one cut from the whole projection."""
    whole = viz.load_graph(path)
    expected, expected_note = viz.select(whole, min_degree=min_degree)
    fmt = store.graph_file(path)[1]
    view = viz._view(path, fmt, min_degree)
    assert view is not None
    g, note, articles = view
    assert _as_lists(g) == _as_lists(expected)
    assert list(g.nodes) == sorted(g.nodes)  # sorted, so GraphML and GEXF bytes are stable too
    assert note == expected_note
    assert articles == sum(1 for _, k in whole.nodes(data="kind") if k == "article")


@pytest.mark.parametrize("max_nodes", [3, 5, 8, 1500])
def test_view_from_degree_counts_equals_the_whole_projection_cut(graph_file, monkeypatch, max_nodes):
    monkeypatch.setattr(viz, "MAX_NODES", max_nodes)
    for min_degree in (None, 0, 2, 3):
        _same_as_whole(graph_file, min_degree)


def _nquads(graph_file: Path) -> list[str]:
    import pyoxigraph as ox

    with graph_file.open("rb") as f:
        quads = list(ox.parse(f, ox.RdfFormat.TURTLE))
    return [f"{q.subject} {q.predicate} {q.object} .\n" for q in quads]


def test_phrase_statements_apart_fall_back_to_the_whole_projection(graph_file, tmp_path, monkeypatch):
    lines = _nquads(graph_file)
    anchor = next(i for i, line in enumerate(lines) if line.startswith("<https://example.org/kg/m1>"))
    lines.append(lines.pop(anchor))  # one statement of a phrase far from its others
    path = tmp_path / "apart.nq"
    path.write_text("".join(lines), encoding="utf-8")
    assert viz._view(path, store.graph_file(path)[1], None) is None
    monkeypatch.setattr(viz, "MAX_NODES", 5)
    page = viz.render(path, tmp_path / "apart.html").read_text(encoding="utf-8")
    g, note = viz.select(viz.load_graph(path))
    assert page == viz.html_page(g, title="知识图谱 · 2 篇文章", note=note)


def test_node_statements_apart_and_a_phrase_named_as_object(graph_file, tmp_path, monkeypatch):
    lines = _nquads(graph_file)
    person = next(i for i, line in enumerate(lines) if line.startswith("<https://example.org/kg/p-zheng>"))
    lines.append(lines.pop(person))  # a node's statements may be anywhere
    lines.append("<https://example.org/kg/note> <https://schema.org/about> <https://example.org/kg/m2> .\n")
    path = tmp_path / "shuffled.nq"
    path.write_text("".join(lines), encoding="utf-8")
    for max_nodes in (4, 1500):
        monkeypatch.setattr(viz, "MAX_NODES", max_nodes)
        _same_as_whole(path)
