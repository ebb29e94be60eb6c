"""kg.extract.orgs: one test per rule of RESOLVE and COMPLETE, and the derived properties."""
import pytest

from kg.document import Region
from kg.extract.context import Context
from kg.extract.orgs import COMPLETE, RESOLVE, holder, level_of, office_of, resolve, resolve_by
from kg.facts import Org

GANSU = Context(Region("甘肃省"))
LINFEN = Context(Region("山西省", "临汾市"))
COUNTY = Context(Region("四川省", "达州市", "渠县"))


@pytest.mark.parametrize("raw, ctx, prev, title, rule, name", [
    ("院党委", Context(Region("浙江省"), unit="海宁市人民医院"), None, "书记", "unit_short", "海宁市人民医院党委"),
    ("工会", Context(Region("浙江省"), unit="海宁市人民医院", unit_sure=True), None, "主席", "unit_body", "海宁市人民医院工会"),
    ("经审", Context(Region("甘肃省"), Org("甘肃省总工会")), None, "主任", "committee_of_context_union",
     "甘肃省总工会经费审查委员会"),
    ("工会", Context(Region("甘肃省"), Org("甘肃省总工会")), None, "主席", "context_union", "甘肃省总工会"),
    ("团县委", COUNTY, None, "书记", "youth_league", "共青团渠县委员会"),
    ("自治区", Context(Region("西藏自治区")), None, "副主席", "bare_place_government", "西藏自治区人民政府"),
    ("四川省", GANSU, None, "副省长", "office_of_a_place", "四川省人民政府"),
    ("", LINFEN, Org("临汾市委"), "市长", "office_by_title", "临汾市人民政府"),
    ("", GANSU, Org("某某有限公司党委"), "董事长", "party_committee_to_its_unit", "某某有限公司"),
    ("", GANSU, Org("某某有限公司纪委"), "总经理", "party_body_to_company", "某某有限公司"),
    ("", GANSU, Org("某某职业技术学院纪委"), "副校长", "party_body_to_institution", "某某职业技术学院"),
    ("", Context(GANSU.region, unit="兰州外语外事学院", unit_sure=True), None, "执行校长", "head_of_the_unit",
     "兰州外语外事学院"),
    ("", GANSU, Org("甘肃省总工会"), "副主席", "inherit", "甘肃省总工会"),
    ("省总工会", GANSU, None, "主席", "named", "甘肃省总工会"),
])
def test_each_resolve_rule(raw, ctx, prev, title, rule, name):
    got_rule, org = resolve_by(raw, ctx, prev, title)
    assert (got_rule, org.name) == (rule, name)


def test_every_resolve_rule_has_a_test():
    tested = {"unit_short", "unit_body", "committee_of_context_union", "context_union", "youth_league",
              "bare_place_government", "office_of_a_place", "office_by_title",
              "party_committee_to_its_unit", "party_body_to_company", "party_body_to_institution",
              "head_of_the_unit", "inherit", "named"}
    assert {r.name for r in RESOLVE} == tested
    assert {r.name for r in COMPLETE} == {"bare_prefix", "body_of_unit_party", "place_of_previous",
                                          "unit_of_previous", "sub_unit_of_previous", "company_short"}


def test_a_party_title_stays_in_the_party_committee():
    assert resolve("", GANSU, Org("某某有限公司党委"), "副书记").name == "某某有限公司党委"
    assert resolve("", GANSU, Org("某某职业技术学院纪委"), "副书记").name == "某某职业技术学院纪委"
    assert resolve("", GANSU, Org("某某市纪委"), "副主任").name == "某某市纪委"  # no institution: inherited


def test_no_region_no_org_for_a_bare_place():
    assert resolve("市", GANSU, None, "副主席") is None


@pytest.mark.parametrize("raw, ctx, prev, title, name", [
    ("市总工会", LINFEN, None, "主席", "临汾市总工会"),  # bare_prefix
    ("纪委", GANSU, Org("某某集团有限公司党委"), "书记", "某某集团有限公司纪委"),  # body_of_unit_party
    ("政协", GANSU, Org("甘肃省委"), "主席", "甘肃省政协"),  # place_of_previous
    ("组织部", GANSU, Org("甘肃省委"), "部长", "甘肃省委组织部"),  # sub_unit_of_previous
    ("统战部", GANSU, Org("甘肃省委组织部"), "部长", "甘肃省委统战部"),  # sub_unit_of_previous: a sibling
    ("团委", GANSU, Org("华东政法学院党办"), "书记", "华东政法学院团委"),  # unit_of_previous
    ("公司工会", Context(Region(), company="某某重工集团有限公司"), None, "主席", "某某重工集团有限公司工会"),  # company_short
])
def test_each_completion_rule(raw, ctx, prev, title, name):
    assert resolve(raw, ctx, prev, title).name == name


def test_national_short_forms_and_party_prefix():
    org = resolve("中共省委", GANSU, None, "书记")
    assert org.name == "甘肃省委" and "中共甘肃省委" in org.aliases
    assert resolve("全总", GANSU, None, "副主席").name == "中华全国总工会"


def test_titles_table_says_who_holds_a_title():
    assert holder("副书记") == "party" and holder("常务副总经理") == "company"
    assert holder("市长") == "government" and holder("副主席") == ""
    assert office_of("代省长") == "省长" and office_of("主席") is None


@pytest.mark.parametrize("name, level", [
    ("中华全国总工会", "national"), ("甘肃省总工会", "province"), ("临汾市委", "city"),
    ("渠县总工会", "county"), ("某某集团有限公司工会", "enterprise"), ("某某协会", ""),
])
def test_level_of(name, level):
    assert level_of(name) == level


def test_a_national_parent_before_a_place_stays_in_the_name():
    from kg.extract.orgs import trim_left

    assert trim_left("中国教育工会广元市委员会") == "中国教育工会广元市委员会"
    assert trim_left("他充分肯定省工会") == "省工会"


def test_a_company_short_form_joins_at_the_longest_overlap():
    ctx = Context(Region(), company="中铁六局集团公司")
    assert resolve("集团公司工会", ctx, None, "主席").name == "中铁六局集团公司工会"


def test_an_autonomous_region_body_starts_at_its_prefix():
    from kg.extract.orgs import trim_left

    assert trim_left("他和自治区人大常委会") == "自治区人大常委会"


@pytest.mark.parametrize("raw, full", [("女职委", "女职工委员会"), ("经审委", "经费审查委员会")])
def test_a_union_committees_short_form_after_its_union_is_expanded(raw, full):
    org = resolve(raw, GANSU, Org("甘肃省总工会"), "主任")
    assert org.name == "甘肃省总工会" + full and "甘肃省总工会" + raw in org.aliases


def test_a_bare_union_after_a_title_in_another_unit_is_that_units_union():
    ctx = Context(Region("甘肃省"), Org("甘肃省海员工会"))
    assert resolve("工会", ctx, Org("某某航务管理局"), "主席").name == "某某航务管理局工会"
    # in the report's own unit (or with no unit before) it stays the meeting's union
    assert resolve("工会", Context(Region("甘肃省"), Org("某某有限公司工会")), Org("某某有限公司党委"), "主席").name \
        == "某某有限公司工会"
    assert resolve("工会", ctx, None, "主席").name == "甘肃省海员工会"
