"""Name candidates (kg.extract.names): strings that could be a name where a name may stand
without a title; one test per rule."""
from kg.extract.names import name_candidates
from tests.conftest import make_doc


def names(text):
    return set(name_candidates(make_doc(text)))


def test_names_in_a_list_are_candidates():
    got = names("李玉赋、张少琴、江广平等15位同志当选为全总副主席。")
    assert {"李玉赋", "张少琴", "江广平"} <= got


def test_a_name_opening_a_sentence_before_a_follower_or_title():
    assert "孙春兰" in names("会议开始。孙春兰强调，要做好工作。")
    assert "陈求发" in names("陈求发省长作的经济形势报告。")


def test_no_candidate_inside_a_word_or_without_a_break_after():
    got = names("各级工会组织积极参与。")
    assert not got
    assert not names("我们要王全体职工。")  # 王 after 要: not at a break
    got = names("会上，王全体职工起立。")  # at a break, but 王全/王全体 are followed by neither
    assert "王全" not in got and "王全体" not in got


def test_evidence_points_at_the_first_occurrence():
    doc = make_doc("会上，江广平讲话。随后，江广平颁奖。")
    ev = name_candidates(doc)["江广平"]
    assert doc.original[ev.start:ev.end] == "江广平" and ev.start == 3
