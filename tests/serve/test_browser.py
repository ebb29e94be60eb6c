"""The server's pages in headless Chromium: search → person → fact → highlighted span; the
YASGUI query page runs a query offline; markup from reports shows as text."""
import pytest

from kg.ingest import read_document
from kg.store import GraphStore

from .conftest import EVIL_NAME, EVIL_ROLE, Server

CENTER = """(sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2]; })"""


@pytest.fixture
def tab(browser):
    pages = []

    def open_(url, width=1300, height=900):
        page = browser.new_page(width, height)
        pages.append(page)
        page.goto(url)
        return page

    yield open_
    for page in pages:
        page.close()


def click_and_wait(page, selector: str, timeout: float = 30) -> None:
    """A real mouse click on ``selector`` (scrolled into view first); wait for the next page."""
    before = len(page.events("Page.loadEventFired"))
    page.evaluate(f"document.querySelector({selector!r}).scrollIntoView({{block: 'center'}})")
    page.click(*page.evaluate(f"{CENTER}({selector!r})"))
    page._wait(lambda: len(page.events("Page.loadEventFired")) > before, timeout, f"the page after clicking {selector}")


def test_search_person_fact_report(tab, server, seeds_graph, artifacts):
    page = tab(server.url)
    page.evaluate("document.getElementById('kg-q').value = '吴明明'")
    click_and_wait(page, ".kg-big-search button")
    assert page.evaluate("location.pathname") == "/search"
    click_and_wait(page, "a.kg-node.kg-person")
    assert page.evaluate("location.pathname").startswith("/person/")
    assert page.evaluate("document.querySelector('h1').textContent") == "吴明明"
    page.wait_for("document.body.dataset.drawn === 'true'", timeout=60)  # the neighbourhood network
    assert page.evaluate("window.kgNetwork.data.nodes.length") > 2
    page.screenshot(artifacts / "serve-person.png")
    href = page.evaluate("document.querySelector('a.kg-ev').getAttribute('href')")
    click_and_wait(page, "a.kg-ev")
    assert page.evaluate("location.pathname + location.hash") == href
    doc = href.split("/report/", 1)[1].split("#", 1)[0]
    start, end = (int(x) for x in href.split("#ev-", 1)[1].split("-"))
    with GraphStore.open(seeds_graph) as store:
        file = store.select(f"SELECT ?f WHERE {{ ?r kg:docId '{doc}' ; kg:file ?f }}").rows[0][0]
    original = read_document(file).original
    page.wait_for(f"document.body.dataset.current === '{start}-{end}'")
    marked = page.evaluate("[...document.querySelectorAll('#kg-text mark.kg-current')].map(m => m.textContent).join('')")
    assert marked == original[start:end] and "吴明明" in marked
    # the span was scrolled into view, and it is drawn highlighted
    top = page.evaluate("document.querySelector('mark.kg-current').getBoundingClientRect().top")
    assert 0 <= top <= page.evaluate("window.innerHeight")
    colour = page.evaluate("getComputedStyle(document.querySelector('mark.kg-current')).backgroundColor")
    assert colour != page.evaluate("getComputedStyle(document.querySelector('#kg-text mark:not(.kg-current)')).backgroundColor")
    # a fact in the report's own list jumps to its span
    page.evaluate("document.querySelectorAll('.kg-jump')[0].click()")
    first = page.evaluate("document.querySelectorAll('.kg-jump')[0].getAttribute('href').slice(4)")
    page.wait_for(f"document.body.dataset.current === '{first}'")
    page.screenshot(artifacts / "serve-report.png")
    assert all(url.startswith(server.url) for url in page.requests())
    assert page.errors() == [] and page.dialogs() == []


def test_the_query_page_runs_a_query_offline(tab, server, seeds_graph, artifacts):
    with GraphStore.open(seeds_graph) as store:
        expected = len(store.select("memberships"))
    page = tab(server.url + "sparql")
    page.wait_for("!!window.kgQuery && !!document.querySelector('.yasqe .CodeMirror')", timeout=60)
    # no completer that calls a vocabulary service (LOV: "property", "class"; prefix.cc off)
    completers = page.evaluate("window.kgQuery.yasgui.getTab().getYasqe().config.autocompleters")
    assert set(completers) <= {"variables", "prefixes"}
    assert page.evaluate("window.kgQuery.yasgui.getTab().getYasqe().config.prefixCcApi") is None
    page.evaluate("document.querySelector('.kg-example[data-name=\"memberships\"]').click()")
    assert "org:Membership" in page.evaluate("window.kgQuery.yasgui.getTab().getYasqe().getValue()")
    page.evaluate("window.kgQuery.yasgui.getTab().getYasqe().query()")
    rows = page.wait_for("(() => { const y = window.kgQuery.yasgui.getTab().getYasr();"
                         " return y && y.results && y.results.getBindings ? y.results.getBindings().length : 0; })()",
                         timeout=60)
    assert rows == expected
    page.wait_for("document.querySelectorAll('.yasr tbody tr').length > 0", timeout=30)
    page.screenshot(artifacts / "serve-yasgui.png")
    requests = page.requests()
    assert any(url.startswith(server.url + "sparql") for url in requests[1:])
    assert all(url.startswith(server.url) or url.startswith("data:") for url in requests), requests
    assert page.errors() == [] and page.dialogs() == []


def test_markup_in_a_report_shows_as_text(tab, evil_graph, artifacts):
    srv = Server(evil_graph)
    try:
        page = tab(srv.url + "report/evil")
        text = page.evaluate("document.getElementById('kg-text').textContent")
        assert "<img src=x onerror=alert(1)>" in text and "</script><script>alert(2)</script>" in text
        assert page.evaluate("document.querySelectorAll('main img, main svg, main b, main script').length") == 0
        facts = page.evaluate("document.querySelector('.kg-report-facts').textContent")
        assert EVIL_NAME in facts and EVIL_ROLE in facts
        click_and_wait(page, "a.kg-node.kg-person")
        assert page.evaluate("document.querySelector('h1').textContent") == EVIL_NAME
        page.screenshot(artifacts / "serve-evil.png")
        assert page.dialogs() == [] and page.errors() == []
    finally:
        assert srv.stop() == 0
