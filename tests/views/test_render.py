"""The HTML page: self-contained, offline, report text escaped, the data the script needs."""
import json
import re

import pytest

import kg.views.page as pg
from kg.views.page import PHYSICS_MAX_NODES, html_page, json_for_script, view_data

from .graphs import add_membership, small, synthetic

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_QUOTE = "他说</script><script>alert(2)</script>，又说<!--<script>alert(3)//\u2028\u2029完。"
EVIL_TITLE = "<b onmouseover=alert(4)>标题</b> & </title><script>alert(5)</script>"


def evil_graph():
    G = small()
    add_membership(G, EVIL_NAME, "主席</script>", "<svg onload=alert(6)>总工会", "2022-01-01",
                   quote=EVIL_QUOTE, title=EVIL_TITLE, doc="evil</script>")
    return G


def data_block(html: str):
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def outside_scripts(html: str) -> str:
    """The page without the contents of its <script> elements."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S)


def test_json_for_script_cannot_break_out():
    text = json_for_script({"a": "</script><!--<b>&\u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!--<b>&\u2028\u2029"}


def test_report_text_is_escaped():
    html = html_page(evil_graph(), title=EVIL_TITLE)
    # Exactly the page's own three script elements; the data block closes only where it should.
    rest = outside_scripts(html)
    assert rest.lower().count("<script") == 3 and rest.lower().count("</script") == 3
    for bad in ("<img src=x", "<svg onload", "<b onmouseover", "alert(2)</script>", "<!--<script"):
        assert bad not in html
    assert "onerror" not in rest and "onload=" not in rest
    assert html.count("<title>") == 1 and "&lt;b onmouseover=alert(4)&gt;" in html
    # ... and the data comes back intact, for the page to show as text.
    data = data_block(html)
    assert EVIL_NAME in {n["label"] for n in data["nodes"]}
    quotes = [s[2] for e in data["edges"] for r in e["roles"] for s in r["sources"]]
    assert EVIL_QUOTE in quotes
    assert data["reports"]["evil</script>"][0] == EVIL_TITLE


def test_page_script_never_uses_html_sinks():
    js = pg._asset("page.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js
    assert "title:" not in js  # no vis-network tooltips (they may render HTML)


def test_page_loads_nothing_from_the_network():
    html = html_page(small())
    tags = re.findall(r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*>", outside_scripts(html), re.I)
    assert not [t for t in tags if re.search(r"\b(?:src|href|data)\s*=", t, re.I)], tags
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", outside_scripts(html), re.I)
    assert "@import" not in html and "cdn" not in outside_scripts(html).lower()
    assert "sourceMappingURL" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_vis_network_comes_from_pyvis():
    js = pg.vis_network_js()
    assert "vis-network" in js[:500] and len(js) > 100_000
    assert js in html_page(small())


def test_edges_collapse_roles_and_carry_evidence():
    G = small()
    add_membership(G, "张三", "党组书记", "甲省总工会", "2019-05-01")
    data = view_data(G)
    by_label = {n["label"]: n["id"] for n in data["nodes"]}
    (edge,) = [e for e in data["edges"]
               if {e["from"], e["to"]} == {by_label["张三"], by_label["甲省总工会"]}]
    assert [r["role"] for r in edge["roles"]] == ["主席", "党组书记"] or \
        sorted(r["role"] for r in edge["roles"]) == ["主席", "党组书记"]
    assert "主席" in edge["label"] and "党组书记" in edge["label"]
    assert all(r["sources"] and r["dates"] == "2019-05-01" for r in edge["roles"])
    assert data["counts"] == {"nodes": 8, "edges": 6, "total": 8}


def test_small_views_use_physics_large_ones_positions():
    small_data = view_data(small())
    assert small_data["physics"] and all("x" not in n for n in small_data["nodes"])
    G = synthetic(PHYSICS_MAX_NODES + 50)
    big = view_data(G)
    assert not big["physics"] and not big["edgeLabels"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in big["nodes"])


def test_colours_sizes_and_legend():
    data = view_data(small())
    org = next(n for n in data["nodes"] if n["label"] == "甲省总工会")
    city = next(n for n in data["nodes"] if n["label"] == "乙市总工会")
    person = next(n for n in data["nodes"] if n["label"] == "张三")
    assert org["colour"] != city["colour"] and org["level"] == "province"
    assert org["shape"] != person["shape"]
    assert org["size"] > next(n for n in data["nodes"] if n["label"] == "李四")["size"]
    legend = pg._legend(data)
    assert "province" in legend and "city" in legend and "national" not in legend


def test_betweenness_size():
    assert pg.scores(small(), "betweenness")["o:甲省总工会"] > 0
    with pytest.raises(ValueError):
        pg.scores(small(), "pagerank")


def test_page_is_deterministic():
    G = synthetic(PHYSICS_MAX_NODES + 20)
    assert html_page(G) == html_page(G)


def test_a_persons_timeline_is_in_date_order_with_term_bounds():
    from .graphs import namesakes

    data = view_data(namesakes())
    people = {n["label"]: n for n in data["nodes"] if n["kind"] == "person"}
    assert {n["name"] for n in people.values()} == {"刘伟"}
    beijing = people["刘伟（北京市总工会）"]["timeline"]
    assert [t["post"] for t in beijing] == ["北京市总工会 · 主席", "北京市人大常委会 · 副主任"]
    assert beijing[0]["began"] == "2018-01-03" and beijing[1]["seen"] == "2019-05-06"
    assert people["刘伟（辽宁省总工会）"]["timeline"][0]["ended_by"] == ["原"]


def test_meetings_not_held_are_pale_and_say_so():
    import networkx as nx

    G = nx.MultiGraph()
    G.add_node("m1", kind="meeting", label="第十四次代表大会", date="", org="甲省总工会", status="planned")
    G.add_node("m2", kind="meeting", label="十二届九次全委会议", date="2022-03-04", org="甲省总工会", status="held")
    (planned, held) = sorted((n for n in view_data(G)["nodes"]), key=lambda n: n["label"] != "第十四次代表大会")
    assert planned["status"] == "planned" and planned["colour"] == pg.style.MEETING_NOT_HELD_COLOUR
    assert held["status"] == "held" and held["colour"] != planned["colour"]
