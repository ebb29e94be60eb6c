"""Participations: who presided, attended, spoke, reported, was elected or appointed.

A cue verb (``主持``, ``出席``, ``讲话``, ``作…报告``, ``宣读``) applies to the people that
:data:`GROUP` finds for it: named before it in the same sentence (back to the previous
cue), listed after an attendance cue (``出席会议的领导有…``), or the people of the cue
before when it follows directly (``出席会议并讲话``). Each person is also read by the
rules of :data:`PERSON`: a known person as the subject of a speech verb (``吴明明强调``)
spoke (unless it is a reporter's words in the paragraph of their report); a person elected
or appointed here was. An attendance cue that names delegates or an attributive
(:data:`NOT_AN_ACT`) is no cue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..facts import Meeting, Participation
from . import scan
from .context import Context
from .people import Mention, title_re
from ..rules import SKIP, Rule, first

CUES = [
    ("presided", r"主持(?:召开)?(?:会议|大会|开幕式|闭幕式|开幕会|闭幕会)?"),
    ("attended", r"(?:应邀)?(?:出席|参加|列席|莅临|亲临|到会祝贺|到会)|(?:在主席台(?:前排)?)?就座"
                 # 市领导甲、乙,…代表等300余人齐聚一堂: the leaders named are among those gathered
                 r"|(?:齐聚|欢聚|相聚|共聚)一堂"),
    ("spoke", r"(?:作|做)?(?:重要|总结|动员|书面)?讲话|致辞|致词|致(?:贺词|贺辞|祝词|欢迎词|开幕词|闭幕词|开幕辞|闭幕辞)"
              r"|(?:作|做)?(?:表态|交流|主旨)?发言|作(?:了)?(?:会议)?总结"
              # 出席会议并提出: …, 对…提出三点要求: a charge set out to the meeting
              r"|提出(?:了)?[:：]|提出(?:了)?[一二三四五六七八九两几]点(?:要求|希望|意见)"
              # 出席会议并对…今后的工作提出了要求
              r"|(?<=[并还也])(?:对|就)[^,。;；]{1,30}?提出(?:了)?(?:具体|明确|殷切)?(?:要求|希望|期望)"
              # 副主席甲、乙分别部署了下一阶段工作
              r"|分别(?:作了?)?部署"),
    # 由甲、乙和丙组成的大会主席团: the members of the presidium the meeting chose
    ("elected", r"组成的[\u4e00-\u9fff]{0,12}?主席团"),
    ("reported", r"(?:作|做)(?:了)?[^,。,]{0,30}?(?:报告|说明)|宣读|(?<!对)传达(?:了)?|通报"
                 # 组织部副部长某某宣布省委决定: announcing a decision is reading it out
                 r"|宣布(?:了)?[^,。;；:：]{0,10}?(?:决定|任免|任命|选举结果|名单)"),
]
CUE_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in CUES))
SPEECH_AFTER_NAME = re.compile(
    r"^(?:同志)?(?:在[^,。]{0,12}(?:讲话|报告|致辞|辞|词|发言)中|在会上|在[^,。]{0,8}时|(?:分别)?代表[^,。;；]{0,30}?[,，]?|最后|还|也|再次|进一步|特别|首先)?"
    r"(?:强调|指出|要求|表示|说|提出|希望|寄语|勉励|充分肯定|肯定了|部署|作(?:了)?部署"
    # 代表市委对大会的召开致以热烈的祝贺 / 向大会召开表示热烈祝贺 / 对…提出了要求
    r"|(?:对|向)[^,。;；]{0,60}?(?:表示|致以)[^,。;；]{0,8}?(?:祝贺|问候|欢迎|感谢)"
    r"|(?:对|就)[^,。;；]{0,30}?提出)"
)
JOINER = re.compile(r"^[^,。;；]{0,12}?(?:并|和|及|后|、)")
LISTED_AFTER = re.compile(r"(?:会议|大会)?的(?:领导|嘉宾|人员)?(?:有|包括)")


#: A report as what someone gave: ``所作的报告``, ``作的工作报告``.
ATTRIBUTIVE = re.compile(r"所作|.作的")


#: What closes a clause inside a sentence.
CLAUSE_MARKS = ",，;；:："
BOUNDARY = re.compile(f"[{CLAUSE_MARKS}]")


def _clause_start(text: str, i: int, floor: int) -> int:
    """Where the clause holding offset ``i`` starts (after the last comma or stop)."""
    return max(floor, *(text.rfind(p, floor, i) + 1 for p in CLAUSE_MARKS))


#: What may close a clause of names before a cue: ``同志``, ``等领导``, an annotation, the
#: title of a name written before it (``张某局长``).
LIST_CLOSE = re.compile(r"(?:同志|先生|女士)?(?:等[\u4e00-\u9fff]{0,12})?(?:\([^()]{0,6}\))?")


def _listed(c: "Cue", m: Mention) -> bool:
    """Is ``m`` in the cue's clause, or in a clause before it that holds names only? (Only
    when the cue's clause names its own subject: ``甲作了工作报告,并…作发言`` is 甲's.)"""
    stop = BOUNDARY.search(c.text, m.end, c.start)
    if stop is None:
        return True
    own = _clause_start(c.text, c.start, c.prev_end)
    if not any(own <= x.start and x.end <= c.start for x in c.people):
        return True
    last = max((x.end for x in c.people if m.end <= x.end <= stop.start()), default=m.end)
    title = title_re().match(c.text, last, stop.start())
    return bool(LIST_CLOSE.fullmatch(c.text, title.end() if title else last, stop.start()))


@dataclass(frozen=True)
class Cue:
    """A cue verb in a sentence, with the people of that sentence and of the cue before."""

    text: str
    kind: str
    start: int
    end: int
    prev_end: int  # end of the cue before (or the sentence start)
    people: list[Mention]  # the sentence's people
    prev_group: list[Mention]  # the people the cue before applied to


#: What follows a cue that names no act of the people before it: delegates to a congress
#: (``当选为出席省第十一次党代会代表``), an attributive (``代表出席大会的全体代表宣读``).
NOT_AN_ACT = re.compile(r"[^,。;；]{0,30}?(?:代表大会|党代会)(?:的)?代表|(?:会议|大会)?的(?!领导|嘉宾|人员|有|还有)")
#: A cue after a name that says it is still to come: ``甲将出席``, ``乙将代表省委作讲话``.
FUTURE = re.compile(r"(?:同志)?(?:也|还|亦)?(?:将|即将|将要)")
_CLAUSE_MARK = re.compile(r"[,，;；。]")

_GROUP: list[Rule] = [
    Rule("still_to_come", lambda c: [] if any(
        c.prev_end <= m.start and m.end <= c.start and FUTURE.match(c.text, m.end)
        and not _CLAUSE_MARK.search(c.text[m.end:c.start]) for m in c.people) else SKIP),
    # 出席会议的领导有A、B: the attendees are listed after the cue, to the sentence end.
    Rule("listed_after", lambda c: [
        m for m in c.people if m.start >= c.end and ((stop := c.text.find("。", c.end)) < 0 or m.end <= stop)
    ] if c.kind == "attended" and LISTED_AFTER.match(c.text[c.end: c.end + 10]) else SKIP),
    # 甲指出,乙代表…作的工作报告很好: a report named as what one gave (作的/所作的) is
    # that person's, the one named in its clause, not the sentence's subject.
    Rule("attributive_report", lambda c: [
        m for m in c.people if _clause_start(c.text, c.start, c.prev_end) <= m.start and m.end <= c.start
    ] if c.kind == "reported" and ATTRIBUTIVE.match(c.text, c.start - 1) else SKIP),
    # A、B出席: the people named between the cue before and this one, in a clause of
    # names before it (甲部署工作,乙出席: 甲's clause says what 甲 did instead).
    Rule("named_before", lambda c: [m for m in c.people if c.prev_end <= m.start and m.end <= c.start
                                    and _listed(c, m)] or SKIP),
    # 出席会议并讲话: a cue joined to the one before applies to the same people.
    Rule("joined_to_previous", lambda c: c.prev_group
         if c.prev_group and JOINER.match(c.text[c.prev_end:c.start] + "、") else SKIP),
]
#: Who a cue applies to: the first rule that applies wins (else nobody).
GROUP: tuple[Rule, ...] = tuple(_GROUP)


def _speaker(text: str, m: Mention, s: int) -> str | object:
    """A person at a clause start, or after their titles, followed by a speech verb
    (``吴明明强调``, ``自治区政协副主席陶源强调``, ``孙兆林代表市委对大会的召开致以祝贺``) spoke."""
    opens = m.start == s or text[m.start - 1] in ",，。 \n" or bool(m.titles) and m.titles[-1].end == m.start
    after = m.end
    title = title_re().match(text, after)
    if title:  # 张某书记代表区委对…表示祝贺, 王某院长肯定了…: the title after the name
        after = title.end()
    if opens and SPEECH_AFTER_NAME.match(text[after: after + 100]):
        return "spoke"
    return SKIP


def _elected_here(text: str, m: Mention, s: int) -> str | object:
    """A person elected (appointed, nominated) in the report was so at its meeting."""
    kind = m.election_kind
    if kind and m.elected:
        return "appointed" if m.nominated else kind
    return SKIP


#: What a person's own words say they did (every rule that applies counts).
PERSON: tuple[Rule, ...] = (Rule("speaker", _speaker), Rule("elected_here", _elected_here))


def cue_groups(text: str, s: int, e: int, people: list[Mention]):
    """``(kind, cue start, cue end, people)`` for each cue of the sentence ``[s, e)``."""
    prev_end = s
    prev_group: list[Mention] = []
    for c in scan.finditer(CUE_RE, text, s, e):  # CUE_RE.finditer(text, s, e), faster
        if c.lastgroup == "attended" and NOT_AN_ACT.match(text, c.end()) and not LISTED_AFTER.match(text, c.end()):
            continue  # no cue: the people before it may still be those of the next one
        cue = Cue(text, c.lastgroup or "", c.start(), c.end(), prev_end, people, prev_group)
        found = first(GROUP, cue)
        group = found[1] if found else []
        yield cue.kind, c.start(), c.end(), group
        if group:
            prev_group = group
        prev_end = c.end()


def _in_own_report(text: str, m: Mention, reports: list[int]) -> bool:
    """Is ``m`` in the paragraph of a report that person gave, after it?"""
    return any(r < m.start and "\n" not in text[r:m.start] for r in reports)


def extract_participations(doc: Document, ctx: Context, people: list[Mention],
                           meetings: list[Meeting]) -> list[Participation]:
    """Participations in the report's main meeting (none without one)."""
    main = next((m for m in meetings if m.main), None)
    if main is None:
        return []
    text = doc.text
    out: dict[tuple[str, str], Participation] = {}

    def add(m: Mention, kind: str, start: int, end: int) -> None:
        key = (m.name, kind)
        if key not in out:
            out[key] = Participation(m.name, kind, main.key, doc.evidence(min(m.start, start), max(m.end, end)))

    spoken: list[tuple[Mention, str]] = []
    reported_at: dict[str, list[int]] = {}  # where each person's report cues are
    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    for m in people:
        by_sentence.setdefault(m.sentence, []).append(m)
    for (s, e), ms in by_sentence.items():
        for kind, cs, ce, group in cue_groups(text, s, e, ms):
            for m in group:
                add(m, kind, cs, ce)
                if kind == "reported":
                    reported_at.setdefault(m.name, []).append(cs)
        for m in ms:
            for r in PERSON:
                kind = r(text, m, s)
                if kind is not SKIP:
                    spoken.append((m, kind))
    for m, kind in spoken:
        # 甲作工作报告。…甲指出: a reporter's words in the paragraph of the report are the
        # report's, no speech of their own
        if not (kind == "spoke" and _in_own_report(text, m, reported_at.get(m.name, []))):
            add(m, kind, m.end, m.end)
    return list(out.values())
