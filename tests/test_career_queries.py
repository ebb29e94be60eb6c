"""The career queries (person-timeline, post-holders, concurrent-posts, served-together,
namesakes, person-career, org-meetings' status) on a small hand-made graph: facts with
terms written here, built by the real build with the extractor replaced."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date

import pytest

from kg.document import Document
from kg.facts import Facts, Meeting, Membership, Org
from kg.store import GraphStore

FUJIAN = Org("福建省总工会", ("省总工会",), "province")
GOV = Org("福建省人民政府", (), "province")
CONGRESS = Org("福建省人大常委会", (), "province")
NINGXIA = Org("宁夏回族自治区总工会", (), "province")
GANSU = Org("甘肃省总工会", (), "province")


@dataclass
class Report:
    text: str
    memberships: list[tuple] = field(default_factory=list)  # (name, role, org, **term fields)
    meetings: list[tuple] = field(default_factory=list)  # (name, org, day, main, status)


REPORTS = {
    "c1": Report("福建省总工会召开十三届五次全委会议。省总工会主席张广敏讲话，副省长黄琪玉出席。",
                 [("张广敏", "主席", FUJIAN, {}), ("黄琪玉", "副省长", GOV, {})],
                 [("十三届五次全委会议", FUJIAN, date(2015, 3, 1), True, "held")]),
    "c2": Report("福建省总工会召开十三届十二次全委(扩大)会议，免去张广敏省总工会主席职务，黄琪玉当选主席。"
                 "省人大常委会副主任黄琪玉，省总工会副主席王五出席。会议要求筹备召开好第十四次代表大会。",
                 [("张广敏", "主席", FUJIAN, dict(ended=date(2018, 1, 20), ended_precision="day", ended_cue="免去")),
                  ("黄琪玉", "主席", FUJIAN, dict(began=date(2018, 1, 20), began_precision="day", began_cue="当选")),
                  ("黄琪玉", "副主任", CONGRESS, {}), ("王五", "副主席", FUJIAN, {})],
                 [("十三届十二次全委(扩大)会议", FUJIAN, date(2018, 1, 20), True, "held"),
                  ("第十四次代表大会", FUJIAN, None, False, "planned")]),
    "c3": Report("宁夏回族自治区总工会副主席刘伟出席会议。",
                 [("刘伟", "副主席", NINGXIA, {})], [("座谈会", NINGXIA, date(2019, 5, 1), True, "held")]),
    "c4": Report("甘肃省总工会主席刘伟出席会议。",
                 [("刘伟", "主席", GANSU, {})], [("座谈会", GANSU, date(2019, 6, 1), True, "held")]),
    "c5": Report("会议传达了省总工会十三届十二次全委会议精神。", [],
                 [("十三届十二次全委会议", FUJIAN, None, False, "mentioned")]),
}


def fake_extract(doc: Document) -> Facts:
    r = REPORTS[doc.id]
    ev = doc.evidence(0, 4)
    f = Facts(doc.id)
    f.memberships = [Membership(n, role, o, ev, "elected" if kw.get("began_cue") else "stated", **kw)
                     for n, role, o, kw in r.memberships]
    f.meetings = [Meeting(f"m{i}", o, n, d, main, ev, status=st) for i, (n, o, d, main, st) in enumerate(r.meetings, 1)]
    return f


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    import kg.build

    root = tmp_path_factory.mktemp("careers")
    (root / "in").mkdir()
    for doc_id, r in REPORTS.items():
        (root / "in" / f"{doc_id}.txt").write_text(r.text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys.modules["kg.build"], "extract_all", fake_extract)
        kg.build.build([root / "in"], root / "out")
    with GraphStore.open(root / "out") as s:
        yield s


def rows(store, name, **params):
    return store.select(name, params=params).as_dicts()


def test_person_timeline_is_in_date_order_with_term_bounds(store):
    got = rows(store, "person-timeline", person="黄琪玉")
    assert [r["post"] for r in got] == ["福建省人民政府 · 副省长", "福建省人大常委会 · 副主任", "福建省总工会 · 主席"]
    chair = got[-1]
    assert chair["began"] == "2018-01-20" and chair["cues"] == "当选"
    assert got[0]["first_seen"] == "2015-03-01"


def test_person_timeline_by_iri(store):
    (first, *_) = rows(store, "person-timeline", person="黄琪玉")
    iri = "https://w3id.org/gonghui-kg/id/person/" + first["id"]
    assert [r["post"] for r in rows(store, "person-timeline", person=f"<{iri}>")] == \
        [r["post"] for r in rows(store, "person-timeline", person="黄琪玉")]


def test_post_holders_give_the_succession(store):
    got = rows(store, "post-holders", org="省总工会", role="主席")
    assert [(r["holder"], r["ended"], r["succeeded"]) for r in got] == \
        [("张广敏", "2018-01-20", None), ("黄琪玉", "", "张广敏")]


def test_concurrent_posts(store):
    got = {(r["person"], r["post1"], r["post2"]) for r in rows(store, "concurrent-posts")}
    assert ("黄琪玉", "福建省人大常委会 · 副主任", "福建省总工会 · 主席") in got
    assert not any(r[0] == "张广敏" for r in got)  # his one post


def test_served_together_leaves_out_ended_terms(store):
    got = {(r["organisation"], r["year"]): r["members"] for r in rows(store, "served-together")}
    assert got == {("福建省总工会", 2018): "王五 副主席; 黄琪玉 主席"}


def test_namesakes_are_labelled_apart(store):
    got = rows(store, "namesakes")
    assert sorted(r["label"] for r in got) == ["刘伟（宁夏回族自治区总工会）", "刘伟（甘肃省总工会）"]
    career = rows(store, "person-career", person="刘伟")
    assert len({r["id"] for r in career}) == 2 and all(len(r["id"]) < 40 for r in career)


def test_org_meetings_status_and_one_node_for_a_meeting_in_two_reports(store):
    got = {r["name"]: r for r in rows(store, "org-meetings", org="福建省总工会")}
    assert got["第十四次代表大会"]["status"] == "planned"
    merged = [r for r in got.values() if r["sources"] == "c2 c5" or r["sources"] == "c5 c2"]
    assert len(merged) == 1 and merged[0]["status"] == "held" and merged[0]["date"] == "2018-01-20"


def test_view_graph_labels_namesakes_apart_and_keeps_meeting_status(store):
    from kg.views.network import find_nodes, read_graph
    from kg.views.page import view_data

    G = read_graph(store, include=["meetings"])
    liu = find_nodes(G, "刘伟", "person")
    assert sorted(G.nodes[n]["label"] for n in liu) == ["刘伟（宁夏回族自治区总工会）", "刘伟（甘肃省总工会）"]
    status = {d["label"]: d["status"] for _, d in G.nodes(data=True) if d["kind"] == "meeting"}
    assert status["第十四次代表大会"] == "planned" and status["十三届五次全委会议"] == "held"
    (huang,) = [n for n in view_data(G)["nodes"] if n["label"] == "黄琪玉"]
    assert [t["post"] for t in huang["timeline"]][-1] == "福建省总工会 · 主席"
    assert huang["timeline"][-1]["began"] == "2018-01-20"


def test_analysis_terms_succession_and_concurrent_posts(store):
    import pandas as pd

    import kg.analysis as ka

    t = ka.terms(store)
    chair = ka.succession(t, "福建省总工会", "主席")
    assert chair["person"].tolist() == ["张广敏", "黄琪玉"]
    assert chair["start"].tolist()[1] == pd.Timestamp("2018-01-20") and chair["began"].tolist() == ["", "2018-01-20"]
    assert chair["end"].tolist()[0] == pd.Timestamp("2018-01-20") and chair["ended_by"].tolist()[0] == "免去"
    both = ka.concurrent_posts(t)
    assert both[["person", "post1", "post2"]].values.tolist() == [["黄琪玉", "福建省人大常委会 · 副主任", "福建省总工会 · 主席"]]
    assert set(t.loc[t["name"] == "刘伟", "person"]) == {"刘伟（宁夏回族自治区总工会）", "刘伟（甘肃省总工会）"}


def test_analysis_meetings_are_one_row_each_with_status_and_undated_ones_counted(store):
    import kg.analysis as ka

    m = ka.meetings(store)
    assert m["meeting_id"].is_unique
    assert dict(zip(m["meeting"], m["status"]))["第十四次代表大会"] == "planned"
    assert ka.meeting_dates(m) == {"meetings": len(m), "held": 4, "undated": 0, "no_date": 0}
    assert "第十四次代表大会" not in set(ka.meeting_timeline(m)["meeting"])


def test_plot_terms_draws_a_bar_per_term(store):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import kg.analysis as ka

    t = ka.terms(store)
    ax = ka.plot_terms(t)
    assert len(ax.patches) == t["start"].notna().sum() > 3
    assert all(p.get_width() > 0 for p in ax.patches)  # bars, also for terms seen on one day
    plt.close("all")
