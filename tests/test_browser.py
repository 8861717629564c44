"""The network page in a real browser (Debian's Chromium via Playwright): draws, offline, searchable, safe."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg import viz
from tests.test_viz import ARTICLE_2, HOSTILE, write_fixture

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One page load with its console errors, outside requests and dialogs recorded."""

    def __init__(self, browser, path: Path, timeout_ms: int = 30_000):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        # bypass_csp: the page's own CSP would block Playwright's eval; escaping is tested on its own merits
        self.page = browser.new_page(viewport={"width": 1200, "height": 800}, bypass_csp=True)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgStable === true", timeout=timeout_ms)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def check_clean(self) -> None:
        assert self.outside == [], f"requests left the machine: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"a dialog opened (script ran): {self.dialogs}"


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("view")
    write_fixture(folder)
    return viz.render(folder)


def test_whole_view_draws_offline_searches_and_filters(browser, fixture_page):
    visit = Visit(browser, fixture_page)
    page = visit.page
    expected = viz.load_graph(fixture_page.parent).number_of_nodes()
    assert page.locator("#kg-network canvas").count() == 1
    assert page.evaluate("window.kgNodes.length") == expected
    assert page.evaluate("window.kgEdges.length") > 0
    # stable means still: physics is off once the layout has stabilised, nothing moves by itself
    before = page.evaluate("window.kgNetwork.getPositions()")
    page.wait_for_timeout(300)
    assert page.evaluate("window.kgNetwork.getPositions()") == before

    # the search box focuses a node: by alias, then by Enter on a full name
    page.fill("#kg-search", "郑师傅")
    page.press("#kg-search", "Enter")
    selected = page.evaluate("window.kgNetwork.getSelectedNodes().map(id => window.kgNodes.get(id).name)")
    assert selected == ["郑晓岚"]
    options = page.eval_on_selector_all("#kg-names option", "os => os.map(o => o.value)")
    assert HOSTILE in options and "郑师傅" in options

    # a type checkbox hides exactly that type's nodes, and shows them again
    persons = page.evaluate("window.kgNodes.get({filter: n => n.kind === 'person'}).length")
    assert persons > 0
    page.uncheck("#kg-legend input[data-kind=person]")
    hidden = page.evaluate("window.kgNodes.get({filter: n => n.hidden}).map(n => n.kind)")
    assert hidden == ["person"] * persons
    page.check("#kg-legend input[data-kind=person]")
    assert page.evaluate("window.kgNodes.get({filter: n => n.hidden}).length") == 0

    # the hostile name is text: in the tooltip, hovering the node, no <img> and no dialog
    page.fill("#kg-search", HOSTILE)
    page.press("#kg-search", "Enter")
    page.wait_for_timeout(400)  # the focus animation
    hostile_id = page.evaluate("window.kgNetwork.getSelectedNodes()[0]")
    assert page.evaluate(f"window.kgNodes.get({hostile_id}).name") == HOSTILE
    xy = page.evaluate(
        f"""(() => {{ const p = window.kgNetwork.getPositions([{hostile_id}])[{hostile_id}];
        const d = window.kgNetwork.canvasToDOM(p); const r = document.querySelector('#kg-network canvas')
        .getBoundingClientRect(); return [d.x + r.left, d.y + r.top]; }})()"""
    )
    page.mouse.move(xy[0] + 40, xy[1] + 40)
    page.mouse.move(*xy, steps=4)
    page.wait_for_function(
        "t => { const d = document.querySelector('div.vis-tooltip'); return d && d.style.visibility !== 'hidden'"
        " && d.textContent.startsWith(t); }",
        arg=HOSTILE,
        timeout=5000,
    )
    assert page.locator("img").count() == 0
    assert page.evaluate("document.title").startswith("知识图谱")
    visit.check_clean()
    page.close()


def test_article_ego_view_and_dropped_note(browser, fixture_page, tmp_path, monkeypatch):
    ego = viz.render(fixture_page.parent, tmp_path / "ego.html", focus=ARTICLE_2, hops=1)
    visit = Visit(browser, ego)
    assert visit.page.evaluate("window.kgNodes.length") == 5
    assert visit.page.inner_text("#kg-title").endswith(ARTICLE_2)
    assert visit.page.locator("#kg-note").is_hidden()
    visit.check_clean()
    visit.page.close()

    monkeypatch.setattr(viz, "MAX_NODES", 6)
    small = viz.render(fixture_page.parent, tmp_path / "small.html")
    visit = Visit(browser, small)
    assert visit.page.evaluate("window.kgNodes.length") <= 6
    assert "--min-degree 0" in visit.page.inner_text("#kg-note")
    visit.check_clean()
    visit.page.close()


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> Path:
    """A real ``kg build`` of the shipped sample (no INPUT): the page every build writes."""
    out = tmp_path_factory.mktemp("sample")
    kg = shutil.which("kg", path=str(ROOT / ".venv" / "bin")) or "kg"
    subprocess.run([kg, "build", "-o", str(out)], check=True, cwd=ROOT, capture_output=True)
    return out


def test_sample_build_page_and_ego_view(browser, sample_build, tmp_path):
    """The build's graph.html and an ego view of its best-connected entity (picked, not named)."""
    whole = viz.load_graph(sample_build)
    visit = Visit(browser, sample_build / "graph.html")
    assert visit.page.locator("#kg-network canvas").count() == 1
    assert visit.page.evaluate("window.kgNodes.length") == whole.number_of_nodes() > 0
    visit.check_clean()
    if os.environ.get("KG_SCREENSHOT"):  # refresh the README's picture: KG_SCREENSHOT=1 pytest -m browser
        (ROOT / "docs").mkdir(exist_ok=True)
        visit.page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
    visit.page.close()

    hub = max((n for n, k in whole.nodes(data="kind") if k != "article"), key=lambda n: (whole.degree(n), n))
    name = whole.nodes[hub]["label"]
    ego = viz.render(sample_build, tmp_path / "ego.html", focus=name, hops=1)
    expected = viz.select(whole, focus=name, hops=1)[0].number_of_nodes()
    visit = Visit(browser, ego)
    assert visit.page.evaluate("window.kgNodes.length") == expected <= whole.number_of_nodes()
    visit.page.fill("#kg-search", name)
    visit.page.press("#kg-search", "Enter")
    assert visit.page.evaluate(
        "window.kgNetwork.getSelectedNodes().map(id => window.kgNodes.get(id).name)"
    ) == [name]
    visit.check_clean()
    visit.page.close()
