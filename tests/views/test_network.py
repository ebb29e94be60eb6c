"""The graph core of the views: SPARQL -> networkx, and the filters."""
import networkx as nx
import pytest

from kg.store import GraphStore
from kg.views import network as nw
from kg.views.network import NoMatchError, ViewError, read_graph, select
from kg.extract.orgs import level_of

from ..fixtures import built  # noqa: F401 (fixture)
from .graphs import small


def labels(G, kind=None):
    return {d["label"] for _, d in G.nodes(data=True) if kind is None or d["kind"] == kind}


def query(out, name, **params):
    with GraphStore.open(out) as store:
        return store.select(name, params=params).as_dicts()


# -- reading the built graph -------------------------------------------------------------------

def test_every_membership_is_an_edge_with_evidence(seeds_out):
    G = read_graph(seeds_out)
    rows = query(seeds_out, "memberships")
    assert rows
    edges = {(G.nodes[u]["label"], d["role"], G.nodes[v]["label"])
             for u, v, d in G.edges(data=True)}
    edges |= {(b, r, a) for a, r, b in edges}  # undirected
    for row in rows:
        assert (row["person"], row["role"], row["org"]) in edges
    reports = {r["doc"]: r for r in query(seeds_out, "reports")}
    for u, v, d in G.edges(data=True):
        assert d["kind"] == "membership"
        assert {G.nodes[u]["kind"], G.nodes[v]["kind"]} == {"person", "org"}
        assert d["sources"], (u, v, d)
        for s in d["sources"]:
            assert s.doc in reports and s.quote
            assert s.title == reports[s.doc]["title"] and s.published == reports[s.doc]["published"]
    assert labels(G, "person") == {r["person"] for r in rows}
    assert labels(G, "org") == {r["org"] for r in rows}


def test_org_levels_come_from_the_graph(seeds_out):
    G = read_graph(seeds_out)
    level = {d["label"]: d.get("level") for _, d in G.nodes(data=True) if d["kind"] == "org"}
    graph_levels = {r["n"]: r["l"] for r in query(
        seeds_out, "SELECT DISTINCT ?n ?l WHERE { ?o kg:level ?l ; skos:prefLabel ?n }")}
    assert graph_levels
    for name, lv in graph_levels.items():
        if name in level:
            assert level[name] == lv


def test_aliases_are_read_and_found(built):
    G = read_graph(built[1])
    gansu = nw.find_nodes(G, "省总工会", "org")
    assert [G.nodes[n]["label"] for n in gansu] == ["甘肃省总工会"]
    assert "省总" in G.nodes[gansu[0]]["aliases"]


def test_meetings_and_co_attendance_are_optional(seeds_out):
    plain = read_graph(seeds_out)
    assert "meeting" not in {d["kind"] for _, d in plain.nodes(data=True)}
    G = read_graph(seeds_out, include=["meetings", "co-attendance"], min_shared=1)
    kinds = {d["kind"] for _, _, d in G.edges(data=True)}
    assert {"membership", "participation", "organizer", "co-attendance"} <= kinds
    assert {d["kind"] for _, d in G.nodes(data=True)} == {"person", "org", "meeting"}
    meetings = {r["name"] for r in query(seeds_out, "meetings")}
    assert meetings <= labels(G, "meeting")
    pairs = {frozenset((r["person1"], r["person2"])) for r in query(seeds_out, "co-attendance")}
    got = {frozenset((G.nodes[u]["label"], G.nodes[v]["label"]))
           for u, v, d in G.edges(data=True) if d["kind"] == "co-attendance"}
    assert pairs and got >= pairs  # the query keeps strong ties only (see co-attendance.rq)
    assert G.graph["co-attendance"]["kept"] == len(got)
    default = read_graph(seeds_out, include=["co-attendance"])  # at least 2 shared meetings
    shared = {frozenset((r["person1"], r["person2"])) for r in query(seeds_out, "co-attendance")
              if r["meetings"] >= 2}
    assert {frozenset((default.nodes[u]["label"], default.nodes[v]["label"]))
            for u, v, d in default.edges(data=True) if d["kind"] == "co-attendance"} == shared
    assert default.graph["co-attendance"]["left_out"] == len(got) - default.graph["co-attendance"]["kept"]
    with pytest.raises(ViewError, match="unknown --include"):
        read_graph(seeds_out, include=["tasks"])


# -- filters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, bound", [
    ("2022", "2022"), ("2022-3", "2022-03"), ("2022/03/04", "2022-03-04"), (" 2022.12 ", "2022-12"),
])
def test_date_bounds(text, bound):
    assert nw.date_bound(text) == bound


@pytest.mark.parametrize("text", ["22", "2022-13", "2022-02-30", "yesterday", ""])
def test_bad_date_bounds(text):
    with pytest.raises(ViewError):
        nw.date_bound(text)


def test_in_period():
    assert nw.in_period("2022-03-04", "2022", "2022")
    assert nw.in_period("2022-03-04", "2022-03-04", None)
    assert not nw.in_period("2022-03-04", "2022-03-05", None)
    assert nw.in_period("2022-12-31", None, "2022")
    assert not nw.in_period("2023-01-01", None, "2022-12")
    assert nw.in_period("", None, None) and not nw.in_period("", "2000", None)


def test_since_until_keep_the_evidence_of_the_period():
    G = small()
    H = select(G, since="2020", until="2021")
    assert labels(H) == {"张三", "甲省人大常委会", "孙七", "乙市总工会"}
    H = select(G, since="2022-01-09")
    assert labels(H) == {"王五", "甲省总工会"}
    assert len(select(G, until="2018")) == 0
    assert len(G) == 8 and len(select(G)) == 8  # undated evidence stays only without bounds


def test_org_focus_is_the_org_and_its_leaders():
    H = select(small(), org="甲省总工会")
    assert labels(H) == {"甲省总工会", "张三", "李四", "王五"}
    assert H.graph["focus"] == ["o:甲省总工会"] and H.graph["total"] == 8
    assert labels(select(small(), org="甲总")) == labels(H)  # by alias
    assert "甲省人大常委会" in labels(select(small(), org="甲省总工会", depth=2))


def test_person_focus_with_depth():
    G = small()
    assert labels(select(G, person="张三", depth=0)) == {"张三"}
    assert labels(select(G, person="张三", depth=1)) == {"张三", "甲省总工会", "甲省人大常委会"}
    assert labels(select(G, person="张三")) == labels(G) - {"孙七", "乙市总工会"}  # default depth 2
    with pytest.raises(NoMatchError, match="no person named"):
        select(G, person="无名氏")
    with pytest.raises(NoMatchError, match="no organisation named"):
        select(G, org="无名组织")
    with pytest.raises(ViewError):
        select(G, person="张三", depth=-1)


def test_min_degree_keeps_the_focus():
    G = small()
    H = select(G, min_degree=2)
    assert labels(H) == {"张三", "甲省总工会", "甲省人大常委会"}
    assert all(nw.degree(G, n) >= 2 for n in H)
    H = select(G, org="乙市总工会", min_degree=5)
    assert labels(H) == {"乙市总工会"}


def test_max_nodes_keeps_whole_components_largest_first():
    G = small()
    H = select(G, max_nodes=6)
    assert labels(H) == labels(G) - {"孙七", "乙市总工会"}
    H = select(G, max_nodes=3)  # the largest component alone is too big: its best-connected nodes
    assert len(H) == 3 and "甲省总工会" in labels(H) and "张三" in labels(H)


def test_filters_do_not_change_the_graph():
    G = small()
    before = (sorted(G.nodes), sorted(G.edges(keys=True)))
    select(G, since="2021", org="甲省总工会", min_degree=2, max_nodes=2)
    assert (sorted(G.nodes), sorted(G.edges(keys=True))) == before


@pytest.mark.parametrize("name, level", [
    ("中华全国总工会", "national"), ("贵州省总工会", "province"), ("新疆维吾尔自治区总工会", "province"),
    ("北京市总工会", "province"), ("杭州市总工会", "city"), ("延边朝鲜族自治州总工会", "city"),
    ("甘肃省陇南市武都区总工会", "county"), ("临汾市委", "city"), ("中国石油天然气集团有限公司工会", "enterprise"),
    ("某某协会", ""),
])
def test_level_of_an_org_without_kg_level(name, level):
    assert level_of(name) == level


def test_find_nodes_by_name_gives_every_namesake():
    from kg.views.network import find_nodes

    from .graphs import namesakes

    G = namesakes()
    assert find_nodes(G, "刘伟", "person") == ["p:刘伟（北京市总工会）", "p:刘伟（辽宁省总工会）"]
    assert find_nodes(G, "刘伟（辽宁省总工会）", "person") == ["p:刘伟（辽宁省总工会）"]


def test_co_attendance_keeps_pairs_sharing_enough_meetings():
    from kg.views.network import co_attendance

    def row(person, meeting):
        return {"p": f"p:{person}", "label": person, "person": person, "mt": f"m:{meeting}", "meeting": meeting,
                "doc": "d1", "start": 0, "title": "", "quote": f"{person}出席{meeting}。", "published": "2020-01-01"}

    rows = [row(p, "一会") for p in "甲乙丙丁"] + [row(p, "二会") for p in "甲乙"] + [row("丙", "三会")]
    G = nx.MultiGraph()
    assert co_attendance(G, rows) == {"min_shared": 2, "kept": 1, "left_out": 5, "pairs": 6}
    [(u, v, d)] = G.edges(data=True)
    assert {u, v} == {"p:甲", "p:乙"} and d["weight"] == 2 and d["meetings"] == ["一会", "二会"]
    assert d["role"] == "同会 ×2"
    G = nx.MultiGraph()
    assert co_attendance(G, rows, 1)["kept"] == 6 and G.number_of_edges() == 6
    with pytest.raises(ViewError, match="min-shared"):
        read_graph(None, ["co-attendance"], min_shared=0)
