"""Look of the network views, as data: colours, shapes, names of kinds and levels.

Nothing here knows about the graph; :mod:`kg.views.page` reads these tables.
"""
from __future__ import annotations

import re

#: Organisation levels, highest first (``kg:level`` values), with their legend names.
LEVELS: dict[str, str] = {
    "national": "全国 national",
    "province": "省 province",
    "city": "市 city",
    "county": "县/区 county",
    "enterprise": "企业 enterprise",
    "": "其他 other",
}

#: Fill colour of an organisation by level.
LEVEL_COLOURS: dict[str, str] = {
    "national": "#d62728",
    "province": "#ff7f0e",
    "city": "#e6b800",
    "county": "#2ca02c",
    "enterprise": "#17becf",
    "": "#8c8c8c",
}

#: Node kinds: legend name, colour (organisations are coloured by level), vis-network shape.
KINDS: dict[str, dict[str, str]] = {
    "person": {"name": "人物 person", "colour": "#4e79a7", "shape": "dot"},
    "org": {"name": "组织 organisation", "colour": "#8c8c8c", "shape": "square"},
    "meeting": {"name": "会议 meeting", "colour": "#9467bd", "shape": "triangle"},
}

#: Meeting status (``kg:status``) names; meetings not (yet) held are drawn in a pale colour.
MEETING_STATUSES: dict[str, str] = {"held": "已召开 held", "planned": "筹备中 planned", "mentioned": "提及 mentioned"}
MEETING_NOT_HELD_COLOUR = "#d9cce6"

#: Edge kinds: legend name, colour, dashed or not.
EDGE_KINDS: dict[str, dict] = {
    "membership": {"name": "职务 role", "colour": "#7f9fbf", "dashes": False},
    "participation": {"name": "参会 took part", "colour": "#b59ad1", "dashes": False},
    "organizer": {"name": "主办 organised", "colour": "#c7a0a0", "dashes": True},
    "co-attendance": {"name": "同会 co-attended", "colour": "#b0b0b0", "dashes": True},
}

#: Participation kinds (``kg:kind``) as edge labels.
PARTICIPATION_LABELS: dict[str, str] = {
    "presided": "主持",
    "attended": "出席",
    "spoke": "讲话",
    "reported": "作报告",
    "elected": "当选",
    "appointed": "任命",
}

#: Fallback for an organisation without ``kg:level`` (see :func:`level_from_name`).
NATIONAL_PREFIX = re.compile(r"^(?:中华全国|全国|中共中央|中央|国务院|中国)")
ENTERPRISE_WORDS = re.compile(r"公司|集团|企业|厂|矿|银行")
#: Where the place part of a name ends: the first of these words.
ORG_WORDS = re.compile(r"总工会|工会|委员会|人大|人民|政协|党|委|政府|机关")
#: Place suffixes and the level of a place ending so; the last one before ORG_WORDS counts.
PLACE_SUFFIXES: dict[str, str] = {
    "自治区": "province", "省": "province", "自治州": "city", "地区": "city", "市": "city",
    "州": "city", "盟": "city", "自治县": "county", "县": "county", "旗": "county", "区": "county",
}
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")  # province-level cities
_PLACE_SUFFIX = re.compile("|".join(sorted(PLACE_SUFFIXES, key=len, reverse=True)))

#: Node size (pixels): from MIN_SIZE for the smallest score to MAX_SIZE for the largest.
MIN_SIZE, MAX_SIZE = 8.0, 36.0
#: Colour of nodes and edges outside the highlighted neighbourhood.
DIM_COLOUR = "#e3e3e3"


def level_from_name(name: str) -> str:
    """Guess an organisation's level from its name (for a graph without ``kg:level``):
    enterprise and national by their words, else by the last place suffix (省, 市, 县 …) of
    the place part of the name (before 总工会, 委 …)."""
    if ENTERPRISE_WORDS.search(name):
        return "enterprise"
    if NATIONAL_PREFIX.match(name):
        return "national"
    words = ORG_WORDS.search(name)
    place = name[: words.start()] if words else name
    suffixes = [m.group() for m in _PLACE_SUFFIX.finditer(place)]
    if not suffixes:
        return ""
    if place.startswith(MUNICIPALITIES) and len(suffixes) == 1:
        return "province"
    return PLACE_SUFFIXES[suffixes[-1]]
