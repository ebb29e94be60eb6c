"""kg.extract.scan: the first characters of a pattern, and finditer tried only there."""
import re

import pytest

from kg.extract import scan
from kg.extract.participations import CUE_RE
from kg.extract.people import ELECT_AFTER

TEXT = ("会议由副主席甲主持,乙、丙出席并讲话。丁作了工作报告,并对今后工作提出了要求;戊宣读决定。"
        "己当选为主席,庚任副主席。在主席台就座的有辛。大会对下一步工作进行了部署,代表们齐聚一堂。")


def test_first_chars_of_an_alternation_with_optional_prefixes():
    assert scan.first_chars(re.compile(r"(?:作|做)?(?:重要)?讲话|主持")) == "[主作做讲重]"


def test_a_lookaround_consumes_nothing():
    assert scan.first_chars(re.compile(r"(?<=[并还])(?:对|就)提出")) == "[对就]"
    assert scan.first_chars(re.compile(r"(?=甲)甲乙|\d[a-z]")) == "[\\d甲]"


@pytest.mark.parametrize("pattern", [r"x?", r"[^,]+", r".讲话", r"\w+", r"(?i)ab"])
def test_patterns_it_cannot_tell(pattern):
    assert scan.first_chars(re.compile(pattern)) is None


@pytest.mark.parametrize("rx", [CUE_RE, ELECT_AFTER, re.compile(r"(?<=[并还也])(?:对|就)[^,。]{1,30}?提出"),
                                re.compile(r"[^,]+"), re.compile(r"(?:出席|参加)(?:会议)?$")])
def test_finditer_finds_what_re_finds(rx):
    for s, e in [(0, len(TEXT)), (3, 40), (10, 11), (20, len(TEXT) - 5)]:
        assert [(m.span(), m.lastgroup) for m in scan.finditer(rx, TEXT, s, e)] == \
               [(m.span(), m.lastgroup) for m in rx.finditer(TEXT, s, e)]
