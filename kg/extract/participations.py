"""Participations: who presided, attended, spoke, reported, was elected or appointed.

A cue verb (``主持``, ``出席``, ``讲话``, ``作…报告``, ``宣读``) applies to the people named
before it in the same sentence, back to the previous cue; a cue right after another
(``出席会议并讲话``) applies to the same people. A known person as the subject of a
speech verb (``吴明明强调``) spoke.
"""
from __future__ import annotations

import re

from ..document import Document
from ..facts import Meeting, Participation
from .people import Mention, mentions

CUES = [
    ("presided", r"主持(?:召开)?(?:会议|大会|开幕式|闭幕式|开幕会|闭幕会)?"),
    ("attended", r"(?:应邀)?(?:出席|参加|列席|莅临|到会祝贺|到会)"),
    ("spoke", r"(?:作|做)?(?:重要|总结|动员|书面)?讲话|致辞|致词|致贺词|致开幕词|致闭幕词|(?:作|做)?(?:表态|交流)?发言"),
    ("reported", r"(?:作|做)(?:了)?[^,。,]{0,30}?报告|宣读|传达(?:了)?"),
]
CUE_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in CUES))
SPEECH_AFTER_NAME = re.compile(r"^(?:在[^,。]{0,12}(?:讲话|报告|致辞|发言)中|代表[^,。]{0,20}?|最后|还|再次|进一步|特别)?(?:强调|指出|要求|表示|说|提出|希望|寄语|勉励)")
JOINER = re.compile(r"^[^,。;；]{0,12}?(?:并|和|及|后|、)")


def extract_participations(doc: Document, meetings: list[Meeting]) -> list[Participation]:
    main = next((m for m in meetings if m.main), None)
    if main is None:
        return []
    text = doc.text
    people = mentions(doc)
    out: dict[tuple[str, str], Participation] = {}

    def add(m: Mention, kind: str, start: int, end: int) -> None:
        key = (m.name, kind)
        if key not in out:
            out[key] = Participation(m.name, kind, main.key, doc.evidence(min(m.start, start), max(m.end, end)))

    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    for m in people:
        by_sentence.setdefault(m.sentence, []).append(m)
    for (s, e), ms in by_sentence.items():
        prev_end = s
        prev_group: list[Mention] = []
        for c in CUE_RE.finditer(text, s, e):
            kind = c.lastgroup or ""
            group = [m for m in ms if prev_end <= m.start and m.end <= c.start()]
            if not group and prev_group and JOINER.match(text[prev_end:c.start()] + "、"):
                group = prev_group
            if kind == "attended" and re.match(r"(?:会议|大会)?的(?:领导|嘉宾|人员)?(?:有|包括)", text[c.end(): c.end() + 10]):
                stop = text.find("。", c.end())
                group = [m for m in ms if m.start >= c.end() and (stop < 0 or m.end <= stop)]
            for m in group:
                add(m, kind, c.start(), c.end())
            if group:
                prev_group = group
            prev_end = c.end()
        for m in ms:
            if SPEECH_AFTER_NAME.match(text[m.end: m.end + 30]) and (m.start == s or text[m.start - 1] in ",，。 \n"):
                add(m, "spoke", m.end, m.end)
            kind = m.election_kind
            if kind and m.elected:
                add(m, "appointed" if m.nominated else kind, m.end, m.end)
    return list(out.values())
