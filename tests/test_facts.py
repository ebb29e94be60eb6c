"""kg.facts: the conveniences a Python user expects of the record types."""
from __future__ import annotations

import json
from datetime import date

from kg.facts import Evidence, Facts, Meeting, Membership, Org, Participation, Task

EV = Evidence("r1", 0, 3, "吴明明主持会议。")
GANSU = Org("甘肃省总工会", ("省总工会",), "province")


def facts() -> Facts:
    return Facts(
        "r1",
        memberships=[Membership("吴明明", "主席", GANSU, EV)],
        meetings=[Meeting("m1", GANSU, "全委会议", date(2022, 3, 4), True, EV)],
        tasks=[Task("m1", "深化产业工人队伍建设改革", EV)],
        participations=[Participation("吴明明", "presided", "m1", EV)],
    )


def test_len_and_iteration_cover_every_fact():
    f = facts()
    assert len(f) == 4
    assert [type(x).__name__ for x in f] == ["Meeting", "Membership", "Task", "Participation"]


def test_repr_counts_by_kind():
    assert repr(facts()) == "<Facts of 'r1': 1 memberships, 1 meetings, 1 tasks, 1 participations>"


def test_to_dict_is_json_ready():
    data = json.loads(json.dumps(facts().to_dict(), ensure_ascii=False))
    assert data["meetings"][0]["date"] == "2022-03-04"
    assert data["memberships"][0]["org"]["name"] == "甘肃省总工会"
    assert data["participations"][0]["evidence"]["quote"] == "吴明明主持会议。"


def test_to_frame_flattens_org_and_evidence():
    df = facts().to_frame("memberships")
    assert list(df.columns[:3]) == ["person", "role", "org"] and "evidence" not in df.columns
    assert list(df.columns[-4:]) == ["doc_id", "start", "end", "quote"]
    assert df.iloc[0]["org"] == "甘肃省总工会" and df.iloc[0]["start"] == 0


def test_to_frame_of_no_facts_has_the_columns():
    df = Facts("r0").to_frame("tasks")
    assert len(df) == 0 and list(df.columns) == ["meeting", "text", "doc_id", "start", "end", "quote"]
