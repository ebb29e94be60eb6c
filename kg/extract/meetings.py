"""Meetings: ``<org>召开<届次 name>``, ``<org><name>开幕``; the report's own vs mentioned ones."""
from __future__ import annotations

import re
from functools import cached_property, lru_cache

from dataclasses import dataclass

from ..document import Document
from ..facts import Meeting, Org
from ..lexicon import alternation, org_heads, words
from . import orgs
from .context import Context
from .dates import find_date
from .orgs import PLACEHOLDER
from .people import Mention
from ..rules import Rule

# Regexes of the rules below, compiled once (not looked up in ``re``'s cache at each call).
_PLACE_WORD = re.compile(r"中心|室|厅|馆|楼|场")
_CLAUSE_MARK = re.compile(r"[,，。;；]")
_QUOTED_QUALIFIER = re.compile(r"“[^“”,，。]{1,12}”$")
_CONVENES_ADVERB = re.compile(r"(?:胜利|隆重|成功|正式)?(?:召开|举行|举办)了?$")
_AT_PLACE = re.compile(r"(?:于|在)[^,。于在]{0,14}$")
_ORG_CUT = re.compile(r"[,，。、;；:：\s]|日|由|在|和|与|及|的|了|是|对|为|好|围绕|召开|举行|出席|参加|传达|学习|贯彻|代表"
                      r"|按照|根据|引领|领会|所作|同志|提交")
_OWNER_CUT = re.compile(r"[,，。、;；:：\s]|日|在|由|和|与|及|的")
_REGIONAL_UNION = re.compile(r"^(.*?(?:省|市|县|区|旗|州|自治区))工会$")
_QUOTED = re.compile(r"“[^”]+”")
_LEADING_QUOTES = re.compile(r"^[“”]+")
_CLAUSE_END = re.compile(r"[,，;；。]|$")
_NAME_START = re.compile(r"[\u4e00-\u9fff\d“]")
_BARE_WORD = re.compile(r"(?:会议|大会|工作会议|全会)")
_MEETING_END = re.compile(r"会议$|会$")
_HOSTS_CUT = re.compile(r"[、和及与“]")

NUM = r"[一二三四五六七八九十百零〇两\d]+"
_NUM = re.compile(NUM)
SESSION = rf"(?:第?{NUM}届(?:委员会)?(?:第?{NUM}次)?|第?{NUM}次)"
EVENT_VERB = re.compile(r"召开|举行|举办|开幕|闭幕|胜利召开|隆重召开|隆重开幕|隆重举行|在[\u4e00-\u9fff]{2,6}召开")
MENTIONED_BEFORE = re.compile(r"(?:传达|学习|贯彻|落实|宣传|围绕|根据|按照|迎接|对照|出席|参加|筹备|提交|以来|自)[\u4e00-\u9fff、“”]{0,8}$")
MENTIONED_AFTER = re.compile(r"^(?:的)?(?:精神|以来|决议|部署|要求|代表|期间|上的|报告|提出|确定|作出|召开以来)")
#: The organiser's name right before a meeting's name ends with an organiser head word.
ORG_HEAD = re.compile(
    rf"(?:中共|中国共产党)?(?:[\u4e00-\u9fff]{{0,20}}?)(?:{alternation(org_heads('organiser'))})$"
)
NAME_STOP = re.compile(r"主持|出席|参加|召开|举行|在|作了|向|对|要|这次|本次|此次|重视|汇报|列席|进行|关于|通过|审议|听取|学习|领会|贯彻|精神|的|人")
#: An event verb right after a name (the name is its subject): ``…座谈会在广州召开``.
HELD_AFTER = re.compile(r"(?:在[^,，。;；]{1,20}?)?(?:隆重|胜利|顺利)?(?:召开|举行|开幕)")
#: A union as the venue of a meeting named without its organiser: ``…在市总工会隆重举行``.
VENUE = re.compile(r"在((?:[\u4e00-\u9fff]{1,16}?)?(?:总工会|工会))(?:隆重|胜利|顺利)?(?:召开|举行|开幕)")
#: The hosts named after a meeting without its organiser: ``…庆祝活动在某校举行。本次活动由
#: 甲局、乙工会共同主办`` (the first host named is its organiser).
HOSTED_BY = re.compile(r"由([\u4e00-\u9fff“”、]{2,60}?)(?:共同|联合)?主办")
#: How far after the name the hosting clause may come (the next sentence of the lead).
HOSTED_REACH = 60
#: What such a name never holds: participation and event verbs, demonstratives.
SUBJECT_NAME_STOP = re.compile(r"主持|出席|参加|召开|举行|在|作了|向|对|这次|本次|此次|列席|进行|通过|审议|听取")
PARTY_CONGRESS = re.compile(rf"^(?:党的)?(?:{NUM})大$")


@lru_cache(maxsize=1)
def meeting_word_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(words('meeting_words.txt'))})")


SESSION_TAIL = re.compile(rf"(?:{SESSION})[\u4e00-\u9fff()]{{0,10}}$")
NAME_ANCHOR = re.compile(
    f"(?:{alternation(org_heads('organiser'))}|召开了|召开|举行了|举行|举办了|举办"
    r"|[,，。、;；:：\s“”《》]|^)"
)


#: An event verb that may open a meeting's name: ``…召开全省工会劳模工作推进会``.
VERB_BEFORE_NAME = re.compile(r"(?:召开|举行|举办)了?")
#: What a name opened by an event verb never spans: a clause boundary, another event verb.
NOT_IN_VERB_NAME = re.compile(r"[,，。;；:：!！?？\n]|召开|举行|举办")
MAX_VERB_NAME = 50


def candidates(text: str, s: int, e: int):
    """Alternative ``(start, end)`` spans of each meeting name in the sentence ``[s, e)``,
    best first: the name opened by an event verb before it, then the name after its
    session number or after the last anchor (an org head word, a verb, punctuation)."""
    covered = s
    for m in meeting_word_re().finditer(text, s, e):
        ws, we = m.start(), m.end()
        if ws < covered:
            continue  # inside a name joined by 暨
        if text.startswith("(扩大)会议", we):
            we += len("(扩大)会议")
        if _PLACE_WORD.match(text[we: we + 2]):
            continue
        if text.startswith("暨", we):  # 八届三次全委(扩大)会暨女职工三届二次委员会议
            nxt = meeting_word_re().search(text, we + 1, min(e, we + 24))
            if nxt and not _CLAUSE_MARK.search(text[we:nxt.start()]):
                we = covered = nxt.end()
        left = text[max(s, ws - 30): ws]
        sm = SESSION_TAIL.search(left)
        if m.group(0) in ("常委会", "执委会") and (not sm or "次" not in sm.group(0)):
            continue  # 十二届常委会 is a body, 十七届五次执委会 a meeting
        spans = []
        verb = _verb_opening(text, s, ws)
        if verb is not None:
            spans.append((verb, we))
        if sm:
            if not NAME_STOP.search(sm.group(0)):
                spans.append((ws - len(left) + sm.start(), we))
        else:
            last = None
            for am in NAME_ANCHOR.finditer(left):
                if am.end() > 0:
                    last = am
            start = ws - len(left) + (last.end() if last else 0)
            # a quoted qualifier belongs to the name: “五一”表彰大会
            q = _QUOTED_QUALIFIER.search(text[max(s, start - 14): start])
            if q:
                start -= len(q.group(0))
            if ws - start <= 16 and not NAME_STOP.search(text, start, ws):
                spans.append((start, we))
            elif HELD_AFTER.match(text, we) and ws - start <= 30 and not SUBJECT_NAME_STOP.search(text, start, ws):
                # a themed name as the subject of its event verb: …学习贯彻党的二十大精神座谈会召开
                spans.append((start, we))
        spans = list(dict.fromkeys(spans))
        if spans:
            yield spans


def _verb_opening(text: str, s: int, ws: int) -> int | None:
    """Where a name opened by an event verb starts (just after the verb), if one does."""
    floor = max(s, ws - MAX_VERB_NAME)
    found = None
    for v in VERB_BEFORE_NAME.finditer(text, floor, ws):
        found = v
    if found is None or found.end() == ws or NOT_IN_VERB_NAME.search(text, found.end(), ws):
        return None
    return found.end()


#: A time between an organiser and its event verb: ``县总工会今天在这里召开``.
TIME_ADVERB = re.compile(
    r"(?:今天|今日|昨天|昨日|前天|近日|日前|近期|日前|上午|下午|晚上|今年|(?:\d{1,2}月)?\d{1,2}日|[(（][^()（）]{1,8}[)）])+$"
)


#: A unit naming itself as organiser: ``我院召开…``, ``本公司举行…``.
UNIT_SELF = re.compile(r"(?:我|本)(?:院|校|公司|集团|厂)$")


def _org_before(doc: Document, start: int, floor: int) -> tuple[str, int]:
    """Raw org text directly before ``start`` (possibly across ``召开``/``举行``)."""
    text = doc.text
    seg = text[max(floor, start - 40): start]
    if CONVENES.search(seg):
        seg = _CONVENES_ADVERB.sub("", seg)
        for _ in range(3):
            seg = _AT_PLACE.sub("", seg)
            seg = TIME_ADVERB.sub("", seg)
    m = ORG_HEAD.search(seg) or UNIT_SELF.search(seg)
    if not m:
        return "", start
    raw = m.group(0)
    # cut at the last clause boundary or verb inside the match
    raw = _ORG_CUT.split(raw)[-1]
    at = seg.rfind(raw)
    if PLACEHOLDER.search(raw) or PLACEHOLDER.search(seg[max(0, at - 2): at]):
        return "", start  # XX省总工会: ORG_HEAD starts after the placeholder
    raw = orgs.trim_left(raw)
    at = start - len(seg) + seg.rfind(raw) if raw else start
    if raw and (owned := _owner_of_body(doc, raw, at, floor)):
        return owned
    return raw, at


#: The body of an office's own staff (``机关工会``, ``机关党委``), named bare after the office
#: that convenes its meeting.
OWN_BODY = re.compile(r"机关(?:工会|党委)(?:委员会)?")
CONVENES = re.compile(r"(?:召开|举行|举办)了?$")


def _owner_of_body(doc: Document, raw: str, at: int, floor: int) -> tuple[str, int] | None:
    """``某局召开机关工会会员大会``: the office's staff union, ``某局机关工会``; ``None`` when
    ``raw`` is not a staff body right after the verb of a named owner."""
    if not OWN_BODY.fullmatch(raw) or not CONVENES.search(doc.text, floor, at):
        return None
    seg = TIME_ADVERB.sub("", CONVENES.sub("", doc.text[floor:at]))
    owner = orgs.trim_left(_OWNER_CUT.split(seg)[-1])
    if not orgs.is_org_like(owner) or owner.endswith(("工会", "党委")):
        return None
    return owner + raw, floor + seg.rfind(owner)


def _in_book_title(text: str, i: int, floor: int) -> bool:
    """Is offset ``i`` inside a 《…》 title of a document?"""
    left = text[floor:i]
    return left.rfind("《") > left.rfind("》")


def canonical_meeting_org(raw: str, ctx: Context) -> Org | None:
    org = orgs.resolve(raw, ctx, None, "")
    if org is None or (UNIT_SELF.fullmatch(raw) and org.name == raw):
        return None  # 我院 in a report that names no institution
    # 临汾市工会 is the city's federation of trade unions: 临汾市总工会
    m = _REGIONAL_UNION.match(org.name)
    if m and orgs.place_prefix(m.group(1)) == m.group(1):
        return orgs.Org(m.group(1) + "总工会", tuple(dict.fromkeys((org.name, *org.aliases))), org.level)
    return org


@dataclass(frozen=True)
class Candidate:
    """A meeting name found in a sentence, with the raw text of its organiser before it."""

    text: str  # the report's normalised text
    s: int  # the sentence [s, e)
    e: int
    ns: int  # the name [ns, ne)
    ne: int
    raw: str  # the organiser as written before the name ("" = none)
    org_start: int

    @cached_property  # read by several rules: computed once (the instance's fields never change)
    def core(self) -> str:
        """The name without stray quotes in front (a quoted qualifier stays: “五一”表彰大会)."""
        name = self.text[self.ns:self.ne]
        return name if _QUOTED.match(name) else _LEADING_QUOTES.sub("", name)

    @property
    def before(self) -> str:
        """The words before the organiser."""
        return self.text[max(self.s, self.org_start - 12): self.org_start]

    @property
    def near(self) -> str:
        """The clause around organiser and name (an event verb may follow a place phrase:
        ``…代表大会在北京会议中心隆重开幕``)."""
        t, ne = self.text, self.ne
        clause_end = _CLAUSE_END.search(t[ne: min(self.e, ne + 24)]).start()
        return t[max(self.s, self.org_start - 12): min(self.e, ne + max(8, clause_end))]


#: A name with an event or participation verb inside is a clause, not a name
#: (``有关直属单位负责同志参加会议``, ``副主席刘科莅临会议``).
VERB_IN_NAME = re.compile(r"召开|举行|举办|莅临|主持|提交|(?:参加|出席|列席)(?:了)?(?:会议|大会)$")

#: Why a candidate names no meeting (any rule that applies rejects it).
NOT_A_MEETING: tuple[Rule, ...] = (
    Rule("placeholder", lambda c: bool(PLACEHOLDER.search(c.core))),
    Rule("not_a_name", lambda c: not _NAME_START.match(c.core)),
    Rule("in_book_title", lambda c: _in_book_title(c.text, c.ns, c.s)),
    Rule("no_organiser", lambda c: not c.raw),
    Rule("bare_word", lambda c: len(c.core) < 3 or bool(_BARE_WORD.fullmatch(c.core))),
    Rule("generic_or_plural_organiser", lambda c: c.raw in ("工会", "总工会") or c.raw.startswith(("各", "全体"))),
    Rule("verb_in_name", lambda c: bool(VERB_IN_NAME.search(c.core))),
)

#: Cues that a meeting is only mentioned (``传达…会议精神``, ``党的二十大``), not held.
MENTIONED: tuple[Rule, ...] = (
    Rule("cue_before", lambda c: bool(MENTIONED_BEFORE.search(c.before))),
    Rule("cue_after", lambda c: bool(MENTIONED_AFTER.match(c.text[c.ne: c.ne + 6]))),
    Rule("party_congress", lambda c: bool(PARTY_CONGRESS.match(c.core))),
)

#: Cues that a meeting not mentioned is held in the report: an event verb, the headline.
HELD: tuple[Rule, ...] = (
    Rule("event_verb", lambda c, title_end: bool(EVENT_VERB.search(c.near))),
    Rule("in_headline", lambda c, title_end: c.s < title_end),
)


def rejected_by(c: Candidate) -> str | None:
    """The name of the first rule of :data:`NOT_A_MEETING` that rejects ``c``."""
    return next((r.name for r in NOT_A_MEETING if r(c)), None)


def main_meeting(meetings: list[Meeting]) -> Meeting | None:
    """The first meeting the report is about."""
    return next((m for m in meetings if m.main), None)


def extract_meetings(doc: Document, ctx: Context) -> list[Meeting]:
    """Meetings held, and meetings only mentioned, in the sentences of the report."""
    text = doc.text
    found: dict[tuple[str, str], Meeting] = {}
    order: list[tuple[str, str]] = []
    sentence: dict[tuple[str, str], tuple[int, int]] = {}  # where each meeting was (last) taken from
    title_end = len(doc.title) if doc.title and text.startswith(doc.title) else 0
    for s, e in doc.sentences:
        for spans in candidates(text, s, e):
            found_c = _first_with_org(doc, ctx, s, e, spans)
            if found_c is None:
                continue
            c, org = found_c
            ne, org_start = c.ne, c.org_start
            core = c.core
            main = not any(r(c) for r in MENTIONED) and any(r(c, title_end) for r in HELD)
            d, _ = find_date(text[s:e], ctx.dates_at(s)) if main else (None, -1)
            nums = tuple(_NUM.findall(core))
            key = (org.name, nums if nums else _MEETING_END.sub("", core.lstrip("第")))
            ev = doc.evidence(org_start, ne)
            if key in found:
                old = found[key]
                if (main and not old.main) or (old.date is None and d is not None and main):
                    found[key] = Meeting(old.key, org, core, d or old.date, main or old.main, ev if main else old.evidence)
                    sentence[key] = (s, e) if main else sentence[key]
                continue
            found[key] = Meeting("", org, core, d, main, ev)
            sentence[key] = (s, e)
            order.append(key)
    meetings = [found[k] for k in order]
    # without an explicit event verb, the first meeting in the title or lead is the report's own
    if meetings and not any(m.main for m in meetings):
        s, e = sentence[order[0]]
        if s < 400:
            first_ = meetings[0]
            d, _ = find_date(text[s:e], ctx.dates_at(s))
            meetings[0] = Meeting("", first_.org, first_.name, d, True, first_.evidence)
    meetings = [_with_lead_date(doc, ctx, m) if m.main and m.date is None else m for m in meetings]
    return numbered(meetings)


def _first_with_org(doc: Document, ctx: Context, s: int, e: int,
                    spans: list[tuple[int, int]]) -> tuple[Candidate, Org] | None:
    """The first of the alternative spans of a name that no rule rejects and whose
    organiser resolves, with that organiser."""
    for ns, ne in spans:
        raw, org_start = _org_before(doc, ns, s)
        if not raw and (venue := VENUE.match(doc.text, ne, e)):
            raw, org_start = venue.group(1), ns  # …座谈会在晋城市总工会召开: the host union
        if not raw and (host := _hosted_by(doc.text, ne)):
            raw, org_start = host, ns
        c = Candidate(doc.text, s, e, ns, ne, raw, org_start)
        if rejected_by(c):
            continue
        org = canonical_meeting_org(raw, ctx)
        if org is not None:
            return c, org
    return None


def _hosted_by(text: str, ne: int) -> str:
    """The first host of a ``由…(共同)主办`` clause soon after a meeting's name that may hold
    a meeting (a union, a committee: not a bureau), else ``""``."""
    m = HOSTED_BY.search(text, ne, ne + HOSTED_REACH)
    hosts = _HOSTS_CUT.split(m.group(1)) if m else []
    return next((orgs.trim_left(h) for h in hosts if ORG_HEAD.search(h)), "")


def numbered(meetings: list[Meeting]) -> list[Meeting]:
    """Main meetings first, keyed ``m1``, ``m2``… in that order."""
    meetings = sorted(meetings, key=lambda m: not m.main)
    return [Meeting(f"m{i}", m.org, m.name, m.date, m.main, m.evidence) for i, m in enumerate(meetings, 1)]


TITLE_MEETING = re.compile(r"(?:全省|全市|全县|全区|全旗|全州)?(?P<name>[\u4e00-\u9fff“”\d()]{2,30}?(?:表彰大会|代表大会|座谈会|推进会|大会|会议))")


def most_named_org(people: list[Mention]) -> Org | None:
    """The org most named in the titles of the report's people (national bodies aside)."""
    counts: dict[str, tuple[int, Org]] = {}
    for p in people:
        for t in p.titles:
            if t.org is not None and t.org.level != "national":
                n, _ = counts.get(t.org.name, (0, t.org))
                counts[t.org.name] = (n + 1, t.org)
    return max(counts.values(), key=lambda c: c[0])[1] if counts else None


def _in_headline(doc: Document) -> tuple[str, int, int] | None:
    """A headline that names a meeting: ``全市劳动模范和先进工作者表彰大会隆重举行``."""
    m = TITLE_MEETING.search(doc.title) if doc.title else None
    if not m or PLACEHOLDER.search(m.group("name")):
        return None
    cut = max((v.end() for v in VERB_BEFORE_NAME.finditer(m.group("name"))), default=0)  # …市召开|工会第九次代表大会
    name = m.group("name")[cut:]
    if len(name) < 3 or VERB_IN_NAME.search(name):
        return None
    start = doc.text.find(doc.title)
    if start < 0:
        return name, 0, len(doc.title)
    return name, start + m.start("name") + cut, start + m.end("name")


#: Lead sentences read for a meeting held without a named organiser.
LEAD_CHARS = 400


def _in_lead(doc: Document) -> tuple[str, int, int] | None:
    """A meeting the lead says is held, without naming who holds it:
    ``…座谈会在市总工会召开``, ``我校六届三次教代会隆重召开``."""
    text = doc.text
    title_end = len(doc.title) if doc.title and text.startswith(doc.title) else 0
    for s, e in doc.sentences:
        if s >= LEAD_CHARS:
            break
        for spans in candidates(text, s, e):
            for ns, ne in spans:
                c = Candidate(text, s, e, ns, ne, "-", ns)
                if rejected_by(c) or any(r(c) for r in MENTIONED) or not any(r(c, title_end) for r in HELD):
                    continue
                return c.core, ns, ne
    return None


#: Where the report names a meeting it is about without its organiser (first wins).
UNATTRIBUTED: tuple[Rule, ...] = (Rule("headline", _in_headline), Rule("lead", _in_lead))


#: A leader's visit in the lead (``某某一行来某市调研``, ``…主席一行深入…开展调研``) …
VISIT = re.compile(r"一行[^。;；]{0,40}?(?:调研|考察|视察|慰问|走访|检查|看望)")
#: … and the forum held on it, named bare (``参加座谈会``, ``座谈会上,…``).
FORUM = re.compile(r"座谈会")


def visit_forum(doc: Document, people: list[Mention]) -> Meeting | None:
    """The forum of a union leader's visit: held by the visitor's union (the first union in
    the titles of the person right before ``一行``), ``None`` when the lead tells of no visit
    or the report names no forum."""
    text = doc.text
    v = VISIT.search(text, 0, LEAD_CHARS)
    f = FORUM.search(text, v.end()) if v else None
    if f is None:
        return None
    visitor = next((p.name for p in people if 0 <= v.start() - p.end <= 4), None)  # 某某(主席)一行
    union = next((t.org for p in people if p.name == visitor for t in p.titles
                  if t.org is not None and t.org.name.endswith("工会")), None)
    if union is None:
        return None
    s, e = next(((s, e) for s, e in doc.sentences if s <= f.start() < e), (f.start(), f.end()))
    return Meeting("", union, f.group(0), None, True, doc.evidence(s, e))


def unattributed_meeting(doc: Document, ctx: Context, people: list[Mention]) -> Meeting | None:
    """The report's own meeting when no sentence names its organiser: the forum of a
    leader's visit (:func:`visit_forum`), else a meeting named in the headline or lead
    (:data:`UNATTRIBUTED`), whose organiser is the org most named in the report's titles."""
    visit = visit_forum(doc, people)
    if visit is not None:
        return _with_lead_date(doc, ctx, visit)
    found = next((f for r in UNATTRIBUTED if (f := r(doc)) is not None), None)
    org = most_named_org(people) if found else None
    if org is None:
        return None
    name, start, end = found
    return _with_lead_date(doc, ctx, Meeting("", org, name, None, True, doc.evidence(start, end)))


def _with_lead_date(doc: Document, ctx: Context, m: Meeting) -> Meeting:
    """A main meeting without a date in its own sentence takes the lead paragraph's date."""
    text = doc.text
    start = len(doc.title) if doc.title and text.startswith(doc.title) else 0
    lead = text[start: start + 300]
    d, _ = find_date(lead, ctx.dates)
    if d is None:
        return m
    return Meeting(m.key, m.org, m.name, d, m.main, m.evidence)
