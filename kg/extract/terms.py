"""Terms of office: where a report says a membership began or ended, and whom it succeeded.

Plain functions over a report's text and its memberships. Each rule is small and named
and looks at the membership's own clause (the text of the sentence between the last
comma-like break before the title chain and the first one after the name):

- begins: :func:`elected_or_appointed` (the extractor found it after ``当选``/``任``),
  :func:`newly_elected` (``新当选的工会主席X``, ``新任``);
- ends: :func:`removed` (``免去X…职务``), :func:`no_longer` (``X不再担任…``),
  :func:`former` (``原…X``, ``前任…X``), :func:`stepped_down` (``X卸任…``, ``离任``);
- succession: :func:`succeeds` (``X接替Y任…``).

A date written in the clause before the cue (``2013年2月，``) dates the beginning or end
with its precision (year, month or day); otherwise an election, appointment or removal is
dated by the report's main meeting, and ``原``/``前任`` leave the end undated (it was
before the report). :func:`with_terms` returns the memberships with these fields set
(the term fields of :class:`~kg.facts.Membership`).

>>> with_terms.__name__
'with_terms'
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date

from ..document import Document
from ..facts import Meeting, Membership

#: Breaks that end a clause (a list comma ``、`` does not: it joins a title chain).
CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?\n]")
#: A date as the genre writes it: 2013年, 2013年2月, 2013年2月5日.
DATE = re.compile(r"((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)?")
#: What may stand just before ``原``/``前任`` when they open a title chain.
CHAIN_OPENER = set("、由和与及的是为同有")
#: Words that start with 原 but are no "former" (原则, 原因, 原来 ...).
NOT_FORMER = set("则因来创标文材有始本油料汁貌址籍型理件告")
_NEWLY = re.compile(r"(新当选|新任)[^、]*$")
_STEPPED_DOWN = re.compile(r"卸任|离任")
_SUCCEEDS = re.compile(r"(?:同志)?接替([\u4e00-\u9fff·]{2,4}?)(?:同志)?(?:的|任|担任|出任|为|成为)")


@dataclass(frozen=True)
class Clause:
    """A membership's place in the normalised text."""

    text: str
    start: int  # clause start
    chain: int  # where the membership's title chain (or its span) starts
    name: int  # where the person's name starts (first occurrence in the span)
    name_end: int
    end: int  # clause end


# -- rules: each returns the cue word it found, or "" ---------------------------------------

def elected_or_appointed(m: Membership, c: Clause) -> str:
    """The extractor found the role after an election or appointment verb."""
    return {"elected": "当选", "appointed": "任"}.get(m.how, "")


def newly_elected(m: Membership, c: Clause) -> str:
    """``新当选的工会主席李士尧``, ``新任主席X``: 新当选/新任 opens the chain (no list comma
    between it and the membership's title)."""
    mm = _NEWLY.search(c.text[c.start:c.chain])
    return mm.group(1) if mm else ""


def removed(m: Membership, c: Clause) -> str:
    """``免去X同志…职务``: 免去 before the name in its clause."""
    return "免去" if "免去" in c.text[c.start:c.name] else ""


def no_longer(m: Membership, c: Clause) -> str:
    """``X不再担任…``: 不再担任 after the name in its clause (or before the role)."""
    return "不再担任" if "不再担任" in c.text[c.start:c.end] else ""


def stepped_down(m: Membership, c: Clause) -> str:
    """``X卸任…``, ``X离任``: the verb after the name, in its clause."""
    mm = _STEPPED_DOWN.search(c.text[c.name_end:c.end])
    return mm.group(0) if mm else ""


_FORMER = re.compile(r"前任|原")


def former(m: Membership, c: Clause, names: frozenset[str] = frozenset()) -> str:
    """``原市人大常委会副主任、市总工会主席王建平``, ``前任理事长林明章``: the title chain
    of the name opens with 原 or 前任 (and holds no other person's name)."""
    head = c.text[c.start:c.name]
    for mm in reversed(list(_FORMER.finditer(head))):
        i, j = c.start + mm.start(), c.start + mm.end()
        if mm.group(0) == "原" and (c.text[j:j + 1] in NOT_FORMER or c.text[i - 1:i] == "前"):
            continue
        if i > c.start and c.text[i - 1] not in CHAIN_OPENER:
            continue
        between = c.text[j:c.name]
        if any(n in between for n in names):
            continue
        return mm.group(0)
    return ""


def succeeds(m: Membership, c: Clause) -> str:
    """``X接替Y任…``: the name of the predecessor, when the role follows it."""
    mm = _SUCCEEDS.match(c.text[c.name_end:c.end])
    return mm.group(1) if mm else ""


BEGIN_RULES = (elected_or_appointed, newly_elected)
END_RULES = (removed, no_longer, stepped_down)


# -- the clause and its dates --------------------------------------------------------------

def to_normalised(doc: Document, i: int) -> int:
    """Normalised offset of original offset ``i`` (the first character at or after it)."""
    if doc.offsets is None:
        return i
    return bisect.bisect_left(doc.offsets, i)


def clause_of(doc: Document, m: Membership) -> Clause | None:
    """The clause of a membership's evidence span, or None when the span is not in the text."""
    text = doc.text
    s, e = to_normalised(doc, m.evidence.start), to_normalised(doc, m.evidence.end)
    if not (0 <= s < e <= len(text)):
        return None
    k = text.find(m.person, s, e + len(m.person))
    name, name_end = (k, k + len(m.person)) if k >= 0 else (e, e)
    sent_s, sent_e = doc.sentence_at(s)
    floor = max(sent_s, s - 200)
    breaks = [b.end() for b in CLAUSE_BREAK.finditer(text, floor, s)]
    start = breaks[-1] if breaks else floor
    after = CLAUSE_BREAK.search(text, max(name_end, e), max(sent_e, e) + 1)
    end = after.start() if after else max(sent_e, e)
    return Clause(text, start, s, name, name_end, end)


def stated_date(text: str, start: int, end: int) -> tuple[date | None, str]:
    """The last date written in ``text[start:end]``, with its precision."""
    found = list(DATE.finditer(text, start, end))
    if not found:
        return None, ""
    y, mo, d = found[-1].groups()
    try:
        if d:
            return date(int(y), int(mo), int(d)), "day"
        if mo:
            return date(int(y), int(mo), 1), "month"
        return date(int(y), 1, 1), "year"
    except ValueError:
        return None, ""


def term_of(doc: Document, m: Membership, meeting_day: date | None, names: frozenset[str]) -> dict:
    """What the text says about one membership's term: the :class:`~kg.facts.Membership`
    term fields to set (``began``, ``began_precision``, ``began_cue``, ``ended`` ...)."""
    c = clause_of(doc, m)
    if c is None:
        return {}
    stated, stated_precision = stated_date(c.text, doc.sentence_at(c.chain)[0], c.name)
    when, precision = (stated, stated_precision) if stated or meeting_day is None else (meeting_day, "day")
    fields: dict = {"succeeds": succeeds(m, c)}
    end_cue = next((cue for rule in END_RULES if (cue := rule(m, c))), "")
    formerly = "" if end_cue else former(m, c, names - {m.person})
    begin_cue = "" if (end_cue or formerly) else next((cue for rule in BEGIN_RULES if (cue := rule(m, c))), "")
    if begin_cue:
        fields.update(began=when, began_precision=precision if when else "", began_cue=begin_cue)
    if end_cue:
        fields.update(ended=when, ended_precision=precision if when else "", ended_cue=end_cue)
    if formerly:  # the end was before the report: dated only by a date the text writes
        fields.update(ended=stated, ended_precision=stated_precision, ended_cue=formerly)
    return {k: v for k, v in fields.items() if v}


def with_terms(doc: Document, memberships: list[Membership], meetings: list[Meeting]) -> list[Membership]:
    """``memberships`` with their term fields set from the text (others unchanged)."""
    main = next((mt for mt in meetings if mt.main), None)
    day = main.date if main else None
    names = frozenset(m.person for m in memberships)
    out = []
    for m in memberships:
        fields = term_of(doc, m, day, names)
        out.append(replace(m, **fields) if fields else m)
    return out
