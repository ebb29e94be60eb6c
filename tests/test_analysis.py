"""kg.analysis (frames, graphs, measures, plots) and the notebook that uses it."""
from __future__ import annotations

import doctest
import io
import json
import time
import warnings
from pathlib import Path

import matplotlib
import networkx as nx
import pandas as pd
import pytest

import kg.analysis as ka
from kg.store import GraphStore, QueryError

from .conftest import ROOT
from .fixtures import built  # noqa: F401 (fixture)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)

NOTEBOOK = ROOT / "notebooks" / "leadership_analysis.ipynb"
PERSON = "https://w3id.org/gonghui-kg/id/person/"
ORG = "https://w3id.org/gonghui-kg/id/org/"


@pytest.fixture(scope="module")
def out(built):  # noqa: F811 (fixture)
    return built[1]


@pytest.fixture(scope="module")
def data(out):
    return ka.load(out)


def ids(G: nx.Graph, *labels: str) -> list:
    """The node keys of nodes labelled ``labels`` (one each)."""
    found = []
    for label in labels:
        keys = [n for n, d in G.nodes(data=True) if d.get("label") == label]
        assert len(keys) == 1, (label, keys)
        found.append(keys[0])
    return found


# ---------------------------------------------------------------------------- frames


def test_frame_runs_named_queries_with_parameters(out):
    df = ka.frame("memberships", out)
    assert list(df.columns) == ["doc", "person", "role", "org"]
    assert len(df) == 5
    leaders = ka.frame("org-leaders", out, org="省总工会")  # an alias
    assert set(zip(leaders["person"], leaders["role"])) == {("吴明明", "主席"), ("张弘强", "副主席")}
    assert leaders.set_index("person").loc["吴明明", "reports"] == 2


def test_frame_keeps_columns_when_empty_and_reports_errors(out):
    df = ka.frame("org-leaders", out, org="没有这个组织")
    assert df.empty and "person" in df.columns
    with pytest.raises(QueryError):
        ka.frame("org-leaders", out)  # missing parameter
    with pytest.raises(QueryError):
        ka.frame("no-such-query", out)


def test_frame_accepts_sparql_and_an_open_store(out):
    with GraphStore.open(out) as store:
        df = ka.frame("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }", store)
    assert df["n"].tolist() == [3]


def test_memberships_add_iris_dates_and_evidence(data, out):
    m = data.memberships
    assert {"doc", "published", "person_id", "person", "role", "org_id", "org", "level", "how",
            "evidence"} <= set(m.columns)
    named = ka.frame("memberships", out)
    assert sorted(map(tuple, m[["doc", "person", "role", "org"]].values.tolist())) == \
        sorted(map(tuple, named.values.tolist()))
    assert m["person_id"].str.startswith(PERSON).all()
    assert m["org_id"].str.startswith(ORG).all()
    assert m["evidence"].str.len().gt(0).all()
    assert pd.api.types.is_datetime64_any_dtype(m["published"])
    assert m.loc[m["person"] == "吴明明", "person_id"].nunique() == 1  # one person across reports


def test_meetings_tasks_participations(data):
    mt = data.meetings.set_index("meeting")
    gansu = mt.loc["十二届九次全委(扩大)会议"]
    assert gansu["org"] == "甘肃省总工会"
    assert gansu["date"] == pd.Timestamp("2022-03-04")
    assert (gansu["reports"], gansu["tasks"], gansu["participants"]) == (2, 2, 2)
    assert gansu["sources"] == "r1 r2"
    assert pd.isna(mt.loc["干部大会", "date"])
    assert set(data.tasks["task"]) == {"深化产业工人队伍建设改革", "扎实推进工会改革创新"}
    p = data.participations
    assert set(p.loc[p["person"] == "吴明明", "kind"]) == {"attended", "spoke"}
    assert data.stats["people"] == 3
    assert list(data.reports["doc"]) == ["r1", "r2", "r3"]


# ---------------------------------------------------------------------------- graphs


def test_bipartite_person_org_graph(data):
    B = ka.bipartite(data.memberships)
    assert nx.is_bipartite(B)
    kinds = nx.get_node_attributes(B, "kind")
    assert sorted(B.nodes[n]["label"] for n in B if kinds[n] == "person") == ["吴明明", "周联清", "张弘强"]
    assert sorted(B.nodes[n]["label"] for n in B if kinds[n] == "org") == ["甘肃省委", "甘肃省总工会", "福建省总工会"]
    assert {B.nodes[n]["bipartite"] for n in B if kinds[n] == "person"} == {0}
    assert {B.nodes[n]["bipartite"] for n in B if kinds[n] == "org"} == {1}
    wu, gansu = ids(B, "吴明明", "甘肃省总工会")
    edge = B.edges[wu, gansu]
    assert edge["roles"] == ["主席"] and edge["docs"] == ["r1", "r2"] and edge["how"] == ["stated"]
    assert edge["evidence"] and all("吴明明" in q for q in edge["evidence"])
    assert edge["first_seen"] is None  # the sample reports carry no date
    assert B.nodes[gansu]["level"] == "province"


def test_namesakes_stay_apart_and_dates_span_reports():
    m = pd.DataFrame({
        "doc": ["a", "b", "c"], "published": pd.to_datetime(["2020-01-02", "2021-05-06", "2021-01-01"]),
        "person_id": ["p/甲/王伟", "p/甲/王伟", "p/乙/王伟"], "person": ["王伟"] * 3,
        "role": ["主席", "主席", "副主席"], "org_id": ["o/甲", "o/甲", "o/乙"], "org": ["甲工会", "甲工会", "乙工会"],
    })
    B = ka.bipartite(m)
    people = [n for n, d in B.nodes(data=True) if d["kind"] == "person"]
    assert sorted(people) == ["p/乙/王伟", "p/甲/王伟"]
    assert {B.nodes[n]["label"] for n in people} == {"王伟"}
    assert B.edges["p/甲/王伟", "o/甲"]["first_seen"] == "2020-01-02"
    assert B.edges["p/甲/王伟", "o/甲"]["last_seen"] == "2021-05-06"
    assert ka.org_interlocks(B).number_of_edges() == 0  # namesakes do not interlock


def test_projections(data):
    B = ka.bipartite(data.memberships)
    people = ka.person_projection(B)
    wu, zhang, zhou = ids(people, "吴明明", "张弘强", "周联清")
    assert people.edges[wu, zhang]["shared"] == ["甘肃省总工会"]
    assert people.edges[wu, zhang]["weight"] == 1
    assert people.degree(zhou) == 0  # kept, though alone
    interlocks = ka.org_interlocks(B)
    party, gansu, fujian = ids(interlocks, "甘肃省委", "甘肃省总工会", "福建省总工会")
    assert interlocks.edges[party, gansu]["shared"] == ["吴明明"]
    assert interlocks.edges[party, gansu]["shared_ids"] == [wu]
    assert interlocks.degree(fujian) == 0
    table = ka.edges_frame(interlocks)
    assert table.values.tolist() == [["甘肃省委", "甘肃省总工会", 1, "吴明明"]]


def test_attendance_and_co_attendance(data):
    A = ka.attendance(data.participations)
    assert nx.is_bipartite(A)
    wu, = ids(A, "吴明明")
    meeting, = ids(A, "十二届九次全委(扩大)会议")
    assert A.nodes[meeting]["kind"] == "meeting" and A.nodes[meeting]["date"] == "2022-03-04"
    assert A.edges[wu, meeting]["kinds"] == ["attended", "spoke"]
    assert A.edges[wu, meeting]["docs"] == ["r1", "r2"]
    met = ka.person_projection(A)
    wu, zhang = ids(met, "吴明明", "张弘强")
    assert met.edges[wu, zhang]["shared"] == ["十二届九次全委(扩大)会议"]


def test_empty_frames_give_empty_graphs():
    assert len(ka.bipartite(pd.DataFrame(columns=["person_id", "org_id"]))) == 0
    assert len(ka.attendance(pd.DataFrame(columns=["person_id", "meeting_id"]))) == 0
    assert ka.centrality(nx.Graph()).empty
    assert ka.communities(nx.Graph()).empty


# ---------------------------------------------------------------------------- measures


def test_centrality_table():
    G = nx.star_graph(4)  # hub 0
    nx.set_node_attributes(G, {n: f"n{n}" for n in G}, "label")
    df = ka.centrality(G)
    assert list(df.columns) == ["label", "kind", "degree", "betweenness", "eigenvector"]
    assert df.index[0] == 0 and df.iloc[0]["degree"] == 1.0 and df.iloc[0]["betweenness"] == 1.0
    assert df["eigenvector"].iloc[0] > df["eigenvector"].iloc[1]
    by_strength = ka.centrality(nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1})]), "strength")
    assert by_strength["strength"].to_dict() == {"b": 4.0, "a": 3.0, "c": 1.0}
    with pytest.raises(ValueError, match="unknown measure"):
        ka.centrality(G, "pagerankish")


def test_centrality_breaks_ties_by_the_next_measure():
    # a triangle (betweenness 0, degree 2) and a path a-m-b (a, b: betweenness 0, degree 1)
    G = nx.Graph([("t1", "t2"), ("t2", "t3"), ("t3", "t1"), ("a", "m"), ("m", "b")])
    df = ka.centrality(G, ["betweenness", "degree"])
    assert list(df.index) == ["m", "t1", "t2", "t3", "a", "b"]


def test_eigenvector_is_computed_per_component():
    G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    G.add_node("z")
    eig = ka.centrality(G, "eigenvector")["eigenvector"]
    assert not eig.isna().any()
    assert eig["b"] == eig["x"] == 1.0 and eig["a"] < 1.0 and eig["z"] == 0.0


def test_interlocks_leave_out_an_org_and_its_own_bodies():
    B = nx.Graph()
    B.add_nodes_from(["p1", "p2"], kind="person")
    for o, label in (("o1", "甲集团有限公司"), ("o2", "甲集团有限公司党委"), ("o3", "甲省总工会")):
        B.add_node(o, kind="org", label=label)
    B.add_edges_from([("p1", "o1"), ("p1", "o2"), ("p2", "o1"), ("p2", "o3")])
    P = ka.org_interlocks(B)
    assert set(map(frozenset, P.edges())) == {frozenset(("o1", "o3"))} and P.graph["sub_body_pairs"] == 1
    assert ka.org_interlocks(B, sub_bodies=True).number_of_edges() == 2


def test_communities_find_two_blocs():
    G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
    G.add_edge(0, 4)
    for method in ("greedy", "louvain", "components"):
        df = ka.communities(G, method=method)
        groups = df.groupby("community")["id"].apply(set).tolist()
        if method == "components":
            assert groups == [set(range(7))]
        else:
            assert groups == [{0, 1, 2, 3}, {4, 5, 6}]
            assert df.set_index("id")["size"].to_dict()[5] == 3
    with pytest.raises(ValueError, match="unknown method"):
        ka.communities(G, method="astrology")


# ---------------------------------------------------------------------------- timelines, text


def test_leadership_timeline(data):
    t = ka.leadership_timeline(data.memberships, org="甘肃省总工会")
    assert t[["person", "role", "reports", "sources"]].values.tolist() == [
        ["吴明明", "主席", 2, "r1 r2"], ["张弘强", "副主席", 1, "r1"]]
    by_iri = ka.leadership_timeline(data.memberships, org=ORG + "甘肃省总工会")
    assert by_iri["person"].tolist() == t["person"].tolist()
    assert set(ka.leadership_timeline(data.memberships)["org"]) == {"甘肃省委", "甘肃省总工会", "福建省总工会"}
    assert ka.leadership_timeline(data.memberships, org="无此组织").empty


def test_meeting_timeline_falls_back_to_report_date():
    meetings = pd.DataFrame({
        "meeting": ["甲会", "乙会", "丙会"], "org": ["甲", "乙", "丙"],
        "date": pd.to_datetime(["2022-03-04", None, None]),
        "first_reported": pd.to_datetime(["2022-03-09", "2021-01-01", None]),
    })
    t = ka.meeting_timeline(meetings)
    assert t[["meeting", "dated"]].values.tolist() == [["乙会", False], ["甲会", True]]
    assert t["when"].tolist() == [pd.Timestamp("2021-01-01"), pd.Timestamp("2022-03-04")]


def test_task_keywords():
    texts = ["深化产业工人队伍建设改革", "推进产业工人队伍建设", "加强劳模工匠人才培养", "深化工会改革创新"]
    kw = ka.task_keywords(texts, topk=5)
    assert list(kw.columns) == ["keyword", "weight", "tasks"]
    assert 0 < len(kw) <= 5
    assert kw["weight"].is_monotonic_decreasing
    counts = dict(zip(kw["keyword"], kw["tasks"]))
    assert counts.get("产业工人", 2) == 2
    assert not set(kw["keyword"]) & ka.STOPWORDS
    assert all(len(k) > 1 for k in kw["keyword"])
    assert ka.task_keywords([]).empty
    frame = pd.DataFrame({"meeting_id": ["m", "m", "n"], "task": ["深化产业工人队伍建设改革"] * 3})
    assert ka.task_keywords(frame).set_index("keyword")["tasks"].max() == 2  # once per meeting


def test_docstring_examples_run():
    attempted = failed = 0
    for module in (ka, ka.frames, ka.graphs, ka.text, ka.plots):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        attempted, failed = attempted + result.attempted, failed + result.failed
    assert attempted >= 8
    assert failed == 0


# ---------------------------------------------------------------------------- fonts, plots


def _glyph_warnings(draw) -> list[str]:
    """Messages of 'Glyph ... missing from font' warnings raised while drawing and saving."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = draw()
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


def _chinese_figure():
    fig, ax = plt.subplots()
    ax.bar(["甘肃省总工会", "江苏省总工会"], [3, -1])
    ax.set_title("会议时间线:领导任职")
    return fig


def test_without_a_cjk_font_glyphs_go_missing():
    """The check below can fail: matplotlib's default font has no Chinese."""
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        assert _glyph_warnings(_chinese_figure)


def test_cjk_font_draws_chinese():
    with matplotlib.rc_context():
        family = ka.use_cjk_font()
        assert family in ka.CJK_FAMILIES
        assert matplotlib.rcParams["font.sans-serif"][0] == family
        assert _glyph_warnings(_chinese_figure) == []
        assert ka.use_cjk_font() == family  # idempotent


def test_the_cjk_font_ships_with_the_analysis_extra():
    files = ka.cjk_font_files()
    assert files and files[0].suffix in {".ttc", ".otf", ".ttf"}
    from matplotlib import font_manager

    with matplotlib.rc_context():
        family = ka.use_cjk_font()
        assert Path(font_manager.findfont(family, fallback_to_default=False)) == files[0]


def test_use_cjk_font_says_what_to_install(monkeypatch):
    monkeypatch.setattr(ka, "cjk_font_files", list)
    with matplotlib.rc_context(), pytest.raises(RuntimeError, match="apt-get install fonts-noto-cjk"):
        ka.use_cjk_font("No Such Font Family")


def test_plots_render_chinese_labels(data):
    timeline = ka.leadership_timeline(data.memberships).assign(
        first_seen=pd.Timestamp("2022-03-04"), last_seen=pd.Timestamp("2022-05-01"))
    meetings = data.meetings.assign(first_reported=pd.Timestamp("2022-03-09"))
    keywords = ka.task_keywords(data.tasks)

    def draw():
        fig, axes = plt.subplots(3, 1)
        assert ka.plot_meeting_timeline(meetings, ax=axes[0]) is axes[0]
        assert ka.plot_leadership_timeline(timeline, ax=axes[1]) is axes[1]
        assert ka.plot_keywords(keywords, ax=axes[2]) is axes[2]
        return fig

    with matplotlib.rc_context():
        ka.use_cjk_font()
        assert _glyph_warnings(draw) == []
        ax = ka.plot_meeting_timeline(meetings)
        assert {t.get_text() for t in ax.get_yticklabels()} == {"甘肃省总工会", "福建省总工会"}
        assert {t.get_text() for t in ax.texts} == {"十二届九次全委(扩大)会议", "干部大会"}
        plt.close("all")


def test_pyvis_html_is_self_contained(data):
    from kg.views import style

    page = ka.pyvis_html(ka.bipartite(data.memberships))
    assert all(name in page for name in ("吴明明", "甘肃省总工会"))
    assert "vis.Network" in page and 'id="kg-data"' in page  # drawn by kg.views
    assert "https://cdn" not in page and "src=\"http" not in page
    assert style.KINDS["person"]["colour"] in page and "#e4572e" not in page  # one palette
    projected = ka.pyvis_html(ka.org_interlocks(ka.bipartite(data.memberships)))
    assert "共同 ×1" in projected


# ---------------------------------------------------------------------------- the notebook


def test_notebook_is_saved_without_outputs():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code"
    for cell in code:
        assert cell.outputs == [], f"outputs committed in cell: {cell.source[:60]!r}"
        assert cell.execution_count is None, f"execution count committed: {cell.source[:60]!r}"
    assert nb.metadata.kernelspec.name == "python3"
    assert any("parameters" in c.metadata.get("tags", []) for c in code)


def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    """The notebook in a fresh kernel on the seeds, started in notebooks/ as Jupyter would."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("KG_NOTEBOOK_INPUT", "seeds")
    monkeypatch.setenv("KG_NOTEBOOK_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, startup_timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    seconds = time.perf_counter() - start
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    stderr = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "Glyph" not in stderr, stderr
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3  # the plots
    assert any("iframe" in o.get("data", {}).get("text/html", "") for o in outputs)  # the network
    assert (tmp_path / "out" / "store").is_dir() and (tmp_path / "out" / "network.html").is_file()
    assert seconds < 120, f"the notebook took {seconds:.0f} s"
