from datetime import date
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.rdf import iris
from kg.rdf.namespaces import ID


def parses_as_iri(value: str) -> bool:
    """Does a strict N-Triples parser accept ``value`` as an IRI?"""
    try:
        list(ox.parse(f"<{value}> <http://e/p> \"o\" .\n", ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        return False
    return True


def test_org_iri_is_readable():
    assert iris.org_iri("甘肃省总工会") == "https://w3id.org/gonghui-kg/id/org/甘肃省总工会"


@pytest.mark.parametrize("char", list(" /#?%<>\"{}|\\^`\n\t\x00\ue000"))
def test_illegal_characters_are_percent_encoded(char):
    seg = iris.segment(f"a{char}b")
    assert seg.startswith("a%") and seg.endswith("b")
    assert unquote(seg) == f"a{char}b"
    assert parses_as_iri(iris.org_iri(f"a{char}b"))


def test_readable_characters_are_kept():
    assert iris.segment("阿不都·热合曼(中国)") == "阿不都·热合曼(中国)"


def test_empty_and_dot_segments():
    assert iris.segment("") == "_"
    assert iris.segment(".") == "%2E"
    assert iris.segment("..") == "%2E%2E"


@given(st.text())
def test_segment_is_one_valid_reversible_segment(text):
    seg = iris.segment(text)
    assert "/" not in seg and "#" not in seg and "?" not in seg
    assert parses_as_iri(ID + "org/" + seg)
    if text not in ("", ".", "..") and not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert unquote(seg) == text


def test_person_iris_keep_namesakes_apart():
    a = iris.person_iri("王伟", "甘肃省总工会")
    b = iris.person_iri("王伟", "福建省总工会")
    c = iris.regional_person_iri("王伟", "甘肃省")
    assert len({a, b, c}) == 3
    assert a == ID + "person/甘肃省总工会/王伟"
    assert c == ID + "person/region/甘肃省/王伟"


def test_meeting_iri_from_org_name_and_date():
    assert iris.meeting_iri("甘肃省总工会", "干部大会", date(2022, 3, 4)) == \
        ID + "meeting/甘肃省总工会/2022-03-04/干部大会"
    assert iris.meeting_iri("甘肃省总工会", "干部大会", None) == ID + "meeting/甘肃省总工会/undated/干部大会"


def test_membership_iri_from_person_role_org():
    person = iris.person_iri("吴明明", "甘肃省总工会")
    m = iris.membership_iri(person, "主席", iris.org_iri("甘肃省总工会"))
    assert m == ID + "membership/甘肃省总工会/吴明明/主席/甘肃省总工会"
    assert m != iris.membership_iri(person, "副主席", iris.org_iri("甘肃省总工会"))
    assert parses_as_iri(iris.membership_iri(person, "a/b c", iris.org_iri("x#y")))


def test_hashed_iris_are_deterministic_and_distinct():
    m = iris.meeting_iri("甘肃省总工会", "干部大会", None)
    p = iris.person_iri("吴明明", "甘肃省总工会")
    assert iris.participation_iri(p, "spoke", m) == iris.participation_iri(p, "spoke", m)
    assert iris.participation_iri(p, "spoke", m) != iris.participation_iri(p, "presided", m)
    assert iris.task_iri(m, "任务一") != iris.task_iri(m, "任务二")
    assert iris.short_hash("ab", "c") != iris.short_hash("a", "bc")


def test_report_graph_and_evidence_iris():
    assert iris.report_iri("d001") == ID + "report/d001"
    assert iris.graph_iri("d001") == ID + "graph/d001"
    assert iris.evidence_iri("d001", 3, 9) == ID + "evidence/d001/3-9"
