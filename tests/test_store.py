import csv
import io
import json

import pytest

import kg
from kg.store import GraphNotFoundError, GraphStore, QueryError, load_dataset

from .fixtures import built  # noqa: F401 (fixture)


@pytest.fixture
def store(built):
    with GraphStore.open(built[1]) as s:
        yield s


def test_memberships_one_row_per_fact_per_report(store):
    result = store.select("memberships")
    assert result.columns == ["doc", "person", "role", "org"]
    assert result.rows == [
        ("r1", "吴明明", "主席", "甘肃省总工会"),
        ("r1", "吴明明", "常委", "甘肃省委"),
        ("r1", "张弘强", "副主席", "甘肃省总工会"),
        ("r2", "吴明明", "主席", "甘肃省总工会"),
        ("r3", "周联清", "主席", "福建省总工会"),
    ]


def test_meetings(store):
    result = store.select("meetings")
    assert result.columns == ["doc", "meeting", "org", "name", "date"]
    rows = {(d, o, n, day) for d, _, o, n, day in result.rows}
    assert rows == {
        ("r1", "甘肃省总工会", "十二届九次全委(扩大)会议", "2022-03-04"),
        ("r2", "甘肃省总工会", "十二届九次全委(扩大)会议", "2022-03-04"),
        ("r3", "福建省总工会", "干部大会", ""),
    }
    meetings = {m for _, m, *_ in result.rows}
    assert len(meetings) == 2  # the same meeting in r1 and r2 is one node


def test_tasks_and_participations(store):
    tasks = store.select("tasks")
    assert tasks.columns == ["doc", "meeting", "task"]
    assert {(d, t) for d, _, t in tasks.rows} == {("r1", "深化产业工人队伍建设改革"), ("r2", "扎实推进工会改革创新")}
    parts = store.select("participations")
    assert parts.columns == ["doc", "person", "kind", "meeting"]
    assert {(d, p, k) for d, p, k, _ in parts.rows} == {
        ("r1", "吴明明", "attended"), ("r1", "吴明明", "spoke"), ("r1", "张弘强", "presided"),
        ("r2", "吴明明", "spoke"), ("r3", "周联清", "elected"),
    }


def test_org_leaders_with_parameter(store):
    rows = store.select("org-leaders", params={"org": "甘肃省总工会"}).as_dicts()
    by_person = {(r["person"], r["role"]): r for r in rows}
    assert set(by_person) == {("吴明明", "主席"), ("张弘强", "副主席")}
    assert by_person[("吴明明", "主席")]["reports"] == 2
    assert sorted(by_person[("吴明明", "主席")]["sources"].split()) == ["r1", "r2"]
    alias = store.select("org-leaders", params={"org": "省总"}).as_dicts()  # an alias works too
    assert {r["organisation"] for r in alias} == {"甘肃省总工会"}


def test_parameter_values_are_literals_not_sparql(store):
    rows = store.select("org-leaders", params={"org": '甘肃省总工会" } UNION { ?p ?q ?r'}).rows
    assert rows == []


def test_person_career_org_meetings_co_attendance(store):
    career = store.select("person-career", params={"person": "吴明明"}).as_dicts()
    assert {(r["org"], r["role"]) for r in career} == {("甘肃省总工会", "主席"), ("甘肃省委", "常委")}
    meetings = store.select("org-meetings", params={"org": "甘肃省总工会"}).as_dicts()
    assert [(m["date"], m["name"], m["tasks"], m["participants"]) for m in meetings] == [
        ("2022-03-04", "十二届九次全委(扩大)会议", 2, 2)]
    pairs = store.select("co-attendance").as_dicts()
    assert [(p["person1"], p["person2"], p["meetings"]) for p in pairs] == [("吴明明", "张弘强", 1)]


def test_missing_and_unknown_parameters(store):
    with pytest.raises(QueryError, match="needs the parameter org=VALUE"):
        store.select("org-leaders")
    with pytest.raises(QueryError, match="no parameter"):
        store.select("org-leaders", params={"org": "x", "year": "2020"})


def test_malformed_sparql_raises_query_error(store):
    with pytest.raises(QueryError, match="malformed SPARQL.*error at"):
        store.select("SELECT ?x WHERE { ?x ?y }")


def test_unknown_query_and_missing_file(store, tmp_path):
    with pytest.raises(QueryError, match="unknown query"):
        store.select("no-such-query")
    with pytest.raises(QueryError, match="no such query file"):
        store.select(str(tmp_path / "missing.rq"))


def test_query_from_file(store, tmp_path):
    path = tmp_path / "people.rq"
    path.write_text("# People\nSELECT DISTINCT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name\n",
                    encoding="utf-8")
    assert store.select(str(path)).rows == [("吴明明",), ("周联清",), ("张弘强",)]


def test_not_a_select(store):
    with pytest.raises(QueryError, match="not a SELECT"):
        store.select("ASK { ?s ?p ?o }")


def test_store_is_read_only(store):
    with pytest.raises((OSError, RuntimeError), match="(?i)read.only|transaction"):
        store.store.update("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }")
    with pytest.raises(QueryError):
        store.select("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }")


def test_timeout(store):
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
            "FILTER(REGEX(CONCAT(STR(?c), STR(?f)), \"x{50}\")) }")  # ~0.1 s here
    with pytest.raises(QueryError, match="timeout"):
        store.select(slow, timeout=0.002)
    assert store.select(slow, timeout=60).rows == [(0,)]


def test_stats(store):
    stats = store.stats()
    assert stats["reports"] == 3
    assert stats["people"] == 3
    assert stats["memberships"] == 4
    assert stats["meetings"] == 2
    assert stats["tasks"] == 2
    assert stats["participations"] == 4  # 吴明明 spoke at m1 is one node, stated in r1 and r2
    assert stats["triples"] == len(store) > 0


def test_writers(store):
    result = store.select("memberships")
    buf = io.StringIO()
    result.write_csv(buf)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "doc,person,role,org"
    assert list(csv.reader(lines))[1] == ["r1", "吴明明", "主席", "甘肃省总工会"]
    data = json.loads(result.to_string("json"))
    assert data[0] == {"doc": "r1", "person": "吴明明", "role": "主席", "org": "甘肃省总工会"}
    table = result.to_string("table").splitlines()
    assert table[0].split() == ["doc", "person", "role", "org"]
    assert table[-1] == "(5 rows)"


def test_package_helpers(built):
    rows = kg.query("memberships", built[1])
    assert rows[0] == {"doc": "r1", "person": "吴明明", "role": "主席", "org": "甘肃省总工会"}
    ds = load_dataset(built[1])
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphs == {f"https://w3id.org/gonghui-kg/id/graph/{d}" for d in ("r1", "r2", "r3")} | {
        "https://w3id.org/gonghui-kg/id/summary"}


def test_missing_graph(tmp_path):
    with pytest.raises(GraphNotFoundError, match="kg build"):
        GraphStore.open(tmp_path / "nowhere")
    with pytest.raises(GraphNotFoundError):
        load_dataset(tmp_path)
