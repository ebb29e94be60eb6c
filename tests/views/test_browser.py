"""The pages in headless Chromium: they draw, show the people, stay offline, run no injected script."""
import json

import pytest

from kg.store import GraphStore
from kg.views import render
from kg.views.chromium import LABEL_OVERLAPS, labels_at_zoom_levels
from kg.views.page import PHYSICS_MAX_NODES, write_page

from .graphs import synthetic
from .test_render import EVIL_NAME, EVIL_QUOTE, EVIL_TITLE, evil_graph

DRAWN = "document.body.dataset.drawn === 'true'"
#: Pixels of the network's canvas that are not background (the network really drew).
INKED = """(() => {
  const c = document.querySelector('#kg-network canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
})()"""


@pytest.fixture
def open_view(browser):
    """``open_view(path)``: a new tab showing the page at ``path``, once it has drawn."""
    pages = []

    def open_(path, width=1400, height=900):
        page = browser.new_page(width, height)
        pages.append(page)
        page.goto(path)
        page.wait_for(DRAWN, timeout=60)
        return page

    yield open_
    for page in pages:
        page.close()


def test_seeds_view_draws_the_leaders(open_view, seeds_out, artifacts):
    page = open_view(seeds_out / "leadership.html")
    with GraphStore.open(seeds_out) as store:
        people = {r["person"] for r in store.select("memberships").as_dicts()}
    assert people
    shown = set(page.evaluate("window.kgView.nodes.get().map(n => n.label)"))
    assert people <= shown
    drawn = page.evaluate("Object.keys(window.kgView.network.getPositions()).length")
    assert drawn == page.evaluate("window.kgView.data.nodes.length") >= len(people)
    assert page.evaluate(INKED) > 2000
    shot = page.screenshot(artifacts / "seeds-leadership.png")
    assert shot.stat().st_size > 20_000, shot
    # Offline: the page's own file is the only request; nothing failed or was refused.
    assert page.requests() == [(seeds_out / "leadership.html").resolve().as_uri()]
    assert page.errors() == [] and page.dialogs() == []


NODE_AT = """(label => {
  const v = window.kgView, id = v.data.nodes.find(n => n.label === label).id;
  const c = v.network.canvasToDOM(v.network.getPositions([id])[id]);
  const r = document.getElementById('kg-network').getBoundingClientRect();
  return [r.left + c.x, r.top + c.y];
})"""


def test_click_highlights_the_neighbourhood_and_lists_the_evidence(open_view, seeds_out, artifacts):
    page = open_view(seeds_out / "leadership.html")
    with GraphStore.open(seeds_out) as store:
        career = store.select("person-career", params={"person": "吴明明"}).as_dicts()
    assert career
    page.click(*page.evaluate(NODE_AT + "('吴明明')"))
    page.wait_for("!!document.querySelector('#kg-panel h2')")
    assert page.evaluate("document.querySelector('#kg-panel h2').textContent") == "吴明明"
    panel = page.evaluate("document.getElementById('kg-panel').textContent")
    for row in career:
        assert row["org"] in panel and row["role"] in panel
    # every role has its evidence: a quote, or a reference to the same sentence quoted above
    assert page.evaluate("document.querySelectorAll('#kg-panel blockquote, #kg-panel .kg-same').length") >= len(career)
    assert "吴明明" in page.evaluate("[...document.querySelectorAll('#kg-panel blockquote')].map(q => q.textContent).join()")
    # the neighbourhood stays in colour, the rest is dimmed
    colours = page.evaluate("Object.fromEntries(window.kgView.nodes.get().map(n => [n.label, n.color.background]))")
    dim = page.evaluate("window.kgView.data.dim")
    near = {"吴明明"} | {row["org"] for row in career}
    assert all(colours[label] != dim for label in near)
    assert all(colour == dim for label, colour in colours.items() if label not in near)
    page.screenshot(artifacts / "seeds-click.png")


def test_search_box(open_view, seeds_out):
    page = open_view(seeds_out / "leadership.html")
    page.evaluate("document.getElementById('kg-search').value = '甘肃省总工会'")
    page.evaluate("document.getElementById('kg-search-form').requestSubmit()")
    page.wait_for("!!document.querySelector('#kg-panel h2')")
    assert page.evaluate("document.querySelector('#kg-panel h2').textContent") == "甘肃省总工会"
    assert page.evaluate("window.kgView.network.getSelectedNodes().length") == 1
    assert page.evaluate("document.querySelectorAll('#kg-names option').length") >= 10
    assert page.evaluate("window.kgView.search('无此人').length") == 0
    assert page.evaluate("document.getElementById('kg-search-status').textContent") == "not found"


def test_injected_markup_stays_text(open_view, tmp_path, artifacts):
    path = write_page(evil_graph(), tmp_path / "evil.html", title=EVIL_TITLE)
    page = open_view(path)
    page.evaluate(f"window.kgView.search({json.dumps(EVIL_NAME)})")
    page.evaluate("new Promise(r => setTimeout(r, 300))")
    assert page.dialogs() == []
    assert page.evaluate("document.querySelectorAll('img, svg, b, iframe').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    panel = page.evaluate("document.getElementById('kg-panel').textContent")
    assert EVIL_NAME in panel and EVIL_QUOTE.replace("\u2028", "").replace("\u2029", "")[:20] in panel
    assert EVIL_TITLE in panel
    assert page.evaluate("document.title") == EVIL_TITLE
    assert page.errors() == []
    page.screenshot(artifacts / "escaped.png")


def test_large_view_draws_with_positions_and_no_physics(open_view, tmp_path, artifacts):
    G = synthetic(PHYSICS_MAX_NODES * 3)
    path = write_page(G, tmp_path / "large.html")
    page = open_view(path)
    assert page.evaluate("window.kgView.data.physics") is False
    assert page.evaluate("Object.keys(window.kgView.network.getPositions()).length") == len(G)
    assert page.evaluate(INKED) > 2000
    assert page.evaluate("window.kgView.drawnAt") < 10_000
    assert page.errors() == []
    page.screenshot(artifacts / "large.png")


def test_org_view_with_meetings(open_view, seeds_out, tmp_path):
    path = tmp_path / "gansu.html"
    result = render(seeds_out, path, org="甘肃省总工会", include=["meetings"], depth=1)
    page = open_view(path)
    shown = set(page.evaluate("window.kgView.nodes.get().map(n => n.label)"))
    with GraphStore.open(seeds_out) as store:
        leaders = {r["person"] for r in store.select("org-leaders", params={"org": "甘肃省总工会"}).as_dicts()}
    assert leaders <= shown and len(shown) == result.nodes
    assert page.evaluate("window.kgView.data.focus.length") == 1
    assert "甘肃省总工会" in page.evaluate("document.getElementById('kg-panel').textContent")


def test_empty_view_says_so(open_view, seeds_out, tmp_path):
    path = tmp_path / "empty.html"
    assert render(seeds_out, path, until="1990").nodes == 0
    page = open_view(path)
    assert "Nothing in the graph matches" in page.evaluate("document.getElementById('kg-panel').textContent")
    assert page.errors() == []


def test_search_lists_every_namesake_and_the_panel_shows_a_timeline(open_view, tmp_path):
    from .graphs import namesakes

    path = write_page(namesakes(), tmp_path / "namesakes.html")
    page = open_view(path)
    assert page.evaluate("window.kgView.search('刘伟').length") == 2
    panel = page.evaluate("document.getElementById('kg-panel').textContent")
    assert "2 found" in panel and "刘伟（北京市总工会）" in panel and "刘伟（辽宁省总工会）" in panel
    page.evaluate("document.querySelector('#kg-panel ul.kg-matches a').click()")
    page.wait_for("!!document.querySelector('#kg-panel ol.kg-timeline')")
    items = page.evaluate("[...document.querySelectorAll('#kg-panel ol.kg-timeline li')].map(li => li.textContent)")
    assert len(items) == 2 and "北京市总工会 · 主席" in items[0] and items[0].startswith("2018-01-03")
    assert page.errors() == []


def test_panel_groups_evidence_by_sentence_and_counts_in_words(open_view, tmp_path):
    """One sentence stating three roles is quoted once; an untitled report shows its id once;
    "1 source", "1 link" (not "source(s)", "1 links")."""
    import networkx as nx

    from .graphs import add_membership

    G = nx.MultiGraph()
    quote = "甲省总工会召开全委会，选举张三为主席、党组书记、执委。" * 3
    for role in ("主席", "党组书记", "执委"):
        add_membership(G, "张三", role, "甲省总工会", "2020-01-02", quote=quote, doc="d034", title="")
    add_membership(G, "李四", "主席", "乙市总工会", "2021-01-02", doc="d035", title="")
    page = open_view(write_page(G, tmp_path / "grouped.html"))
    page.evaluate("window.kgView.select(window.kgView.data.nodes.find(n => n.label === '张三').id, false)")
    quotes = page.evaluate("[...document.querySelectorAll('#kg-panel blockquote')].map(q => q.textContent)")
    assert quotes == [quote]
    panel = page.evaluate("document.getElementById('kg-panel').textContent")
    assert panel.count("same sentence as quoted above") == 2
    assert "d034 / d034" not in panel and "d034d034" not in panel and panel.count("d034") == 3
    assert "1 source" in panel and "source(s)" not in panel and "1 link" in panel and "1 links" not in panel
    page.evaluate("window.kgView.select(window.kgView.data.nodes.find(n => n.label === '李四').id, false)")
    panel = page.evaluate("document.getElementById('kg-panel').textContent")
    assert "1 link" in panel and "1 links" not in panel and "1 source" in panel
    assert page.errors() == []


def test_labels_never_overlap_at_any_zoom_on_the_seeds(open_view, seeds_out):
    page = open_view(seeds_out / "leadership.html")
    found = labels_at_zoom_levels(page, (1, 2, 4, 8))
    assert all(overlaps == 0 for _, _, overlaps in found), found
    assert found[0][1] >= 3, found  # the fitted view shows labels
    page.evaluate("window.kgView.search('甘肃省总工会')")  # search zooms onto the node
    page.evaluate("new Promise(r => setTimeout(r, 800))")
    assert page.evaluate(LABEL_OVERLAPS)[1] == 0
    assert page.errors() == []


def test_labels_never_overlap_on_a_large_view_and_show_more_when_zoomed_in(open_view, tmp_path):
    path = write_page(synthetic(400), tmp_path / "large-labels.html")
    page = open_view(path)
    found = labels_at_zoom_levels(page, (1, 3, 9))
    assert all(overlaps == 0 for _, _, overlaps in found), found
    assert found[0][1] >= 10, found  # an overview shows the largest nodes' labels
    assert page.errors() == []


def test_edge_labels_only_when_zoomed_in(open_view, tmp_path):
    from .graphs import small

    page = open_view(write_page(small(), tmp_path / "small-labels.html"))
    page.evaluate("window.kgView.network.moveTo({scale: 0.5})")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("window.kgView.placement.edges.size") == 0
    page.evaluate("window.kgView.network.moveTo({scale: 3})")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("window.kgView.placement.edges.size") >= 1
    assert page.evaluate(LABEL_OVERLAPS)[1] == 0
