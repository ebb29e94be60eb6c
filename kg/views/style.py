"""Look of the network views, as data: colours, shapes, names of kinds and levels.

Nothing here knows about the graph; :mod:`kg.views.page` reads these tables.
"""
from __future__ import annotations

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

#: Node size (pixels): from MIN_SIZE for the smallest score to MAX_SIZE for the largest.
MIN_SIZE, MAX_SIZE = 8.0, 36.0
#: Colour of nodes and edges outside the highlighted neighbourhood.
DIM_COLOUR = "#e3e3e3"


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` with its noun in the right number: ``counted(1, "link")`` is ``"1 link"``, 2 gives ``"2 links"``."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
