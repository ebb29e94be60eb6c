"""Meetings: ``<org>召开<届次 name>``, ``<org><name>开幕``; the report's own vs mentioned ones."""
from __future__ import annotations

import re
from functools import lru_cache

from ..document import Document
from ..facts import Meeting, Org
from ..lexicon import alternation, words
from . import orgs
from .dates import find_date
from .orgs import PLACEHOLDER

NUM = r"[一二三四五六七八九十百零〇两\d]+"
SESSION = rf"(?:第?{NUM}届(?:委员会)?(?:第?{NUM}次)?|第?{NUM}次)"
EVENT_VERB = re.compile(r"召开|举行|举办|开幕|闭幕|胜利召开|隆重召开|隆重开幕|隆重举行|在[\u4e00-\u9fff]{2,6}召开")
MENTIONED_BEFORE = re.compile(r"(?:传达|学习|贯彻|落实|宣传|围绕|根据|按照|迎接|对照|出席|参加|筹备|以来|自)[\u4e00-\u9fff、“”]{0,8}$")
MENTIONED_AFTER = re.compile(r"^(?:的)?(?:精神|以来|决议|部署|要求|代表|期间|上的|报告|提出|确定|作出|召开以来)")
ORG_HEAD = re.compile(
    r"(?:中共|中国共产党)?(?:[\u4e00-\u9fff]{0,20}?)(?:中华全国总工会|全国总工会|全总|总工会|工会委员会|工会|委员会|党委|党组|政府|公司|集团|联合会|协会)$"
)
NAME_STOP = re.compile(r"主持|出席|参加|召开|举行|在|作了|向|对|要|这次|本次|此次|重视|汇报|列席|进行|关于|通过|审议|听取|学习|领会|贯彻|精神|的|人")
PARTY_CONGRESS = re.compile(rf"^(?:党的)?(?:{NUM})大$")


@lru_cache(maxsize=1)
def meeting_word_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(words('meeting_words.txt'))})")


SESSION_TAIL = re.compile(rf"(?:{SESSION})[\u4e00-\u9fff()]{{0,10}}$")
NAME_ANCHOR = re.compile(
    r"(?:中华全国总工会|全国总工会|全总|总工会|工会委员会|工会|委员会|党委|党组|政府|公司|集团|联合会|协会|召开了|召开|举行了|举行|举办了|举办|[,，。、;；:：\s“”《》]|^)"
)


def candidates(text: str, s: int, e: int):
    """``(start, end)`` of meeting names in the sentence ``[s, e)``."""
    for m in meeting_word_re().finditer(text, s, e):
        ws, we = m.start(), m.end()
        if text.startswith("(扩大)会议", we):
            we += len("(扩大)会议")
        if re.match(r"中心|室|厅|馆|楼|场", text[we: we + 2]):
            continue
        if text.startswith("暨", we):  # 八届三次全委(扩大)会暨女职工三届二次委员会议
            nxt = meeting_word_re().search(text, we + 1, min(e, we + 24))
            if nxt and not re.search(r"[,，。;；]", text[we:nxt.start()]):
                we = nxt.end()
        left = text[max(s, ws - 30): ws]
        sm = SESSION_TAIL.search(left)
        if m.group(0) in ("常委会", "执委会") and (not sm or "次" not in sm.group(0)):
            continue  # 十二届常委会 is a body, 十七届五次执委会 a meeting
        if sm:
            if not NAME_STOP.search(sm.group(0)):
                yield ws - len(left) + sm.start(), we
            continue
        last = None
        for am in NAME_ANCHOR.finditer(left):
            if am.end() > 0:
                last = am
        start = ws - len(left) + (last.end() if last else 0)
        # a quoted qualifier belongs to the name: “五一”表彰大会
        q = re.search(r"“[^“”,，。]{1,12}”$", text[max(s, start - 14): start])
        if q:
            start -= len(q.group(0))
        if ws - start <= 16 and not NAME_STOP.search(text, start, ws):
            yield start, we


def _org_before(doc: Document, start: int, floor: int) -> tuple[str, int]:
    """Raw org text directly before ``start`` (possibly across ``召开``/``举行``)."""
    text = doc.text
    seg = text[max(floor, start - 40): start]
    if re.search(r"(?:召开|举行|举办)了?$", seg):
        seg = re.sub(r"(?:胜利|隆重)?(?:召开|举行|举办)了?$", "", seg)
        for _ in range(2):
            seg = re.sub(r"(?:于|在)[^,。于在]{0,14}$", "", seg)
    m = ORG_HEAD.search(seg)
    if not m:
        return "", start
    raw = m.group(0)
    # cut at the last clause boundary or verb inside the match
    raw = re.split(r"[,，。、;；:：\s]|日|由|在|和|与|及|的|了|是|对|为|好|围绕|召开|举行|出席|参加|传达|学习|贯彻|代表", raw)[-1]
    at = seg.rfind(raw)
    if PLACEHOLDER.search(raw) or PLACEHOLDER.search(seg[max(0, at - 2): at]):
        return "", start  # XX省总工会: ORG_HEAD starts after the placeholder
    raw = orgs.trim_left(raw)
    return raw, start - len(seg) + seg.rfind(raw) if raw else start


def _in_book_title(text: str, i: int, floor: int) -> bool:
    """Is offset ``i`` inside a 《…》 title of a document?"""
    left = text[floor:i]
    return left.rfind("《") > left.rfind("》")


def canonical_meeting_org(raw: str, doc: Document) -> Org | None:
    org = orgs.resolve(raw, doc, None, "")
    if org is None:
        return None
    # 临汾市工会 is the city's federation of trade unions: 临汾市总工会
    m = re.match(r"^(.*?(?:省|市|县|区|旗|州|自治区))工会$", org.name)
    if m and orgs.place_prefix(m.group(1)) == m.group(1):
        return orgs.Org(m.group(1) + "总工会", tuple(dict.fromkeys((org.name, *org.aliases))), org.level)
    return org


def extract_meetings(doc: Document) -> list[Meeting]:
    """Meetings held, and meetings only mentioned, in the report."""
    text = doc.text
    found: dict[tuple[str, str], Meeting] = {}
    order: list[tuple[str, str]] = []
    sentence: dict[tuple[str, str], tuple[int, int]] = {}  # where each meeting was (last) taken from
    title_end = len(doc.title) if doc.title and text.startswith(doc.title) else 0
    for s, e in doc.sentences:
        for ns, ne in candidates(text, s, e):
            name = text[ns:ne]
            raw, org_start = _org_before(doc, ns, s)
            core = name if re.match(r"“[^”]+”", name) else re.sub(r"^[“”]+", "", name)
            if PLACEHOLDER.search(core) or not re.match(r"[\u4e00-\u9fff\d“]", core) or _in_book_title(text, ns, s):
                continue
            if not raw or len(core) < 3 or core in ("会议", "大会", "全会"):
                continue
            if re.fullmatch(r"(?:会议|大会|工作会议|全会)", core):
                continue
            if raw in ("工会", "总工会") or raw.startswith(("各", "全体")):
                continue
            org = canonical_meeting_org(raw, doc)
            if org is None:
                continue
            before = text[max(s, org_start - 12): org_start]
            after = text[ne: ne + 6]
            # the event verb may follow a place phrase: …代表大会在北京会议中心隆重开幕
            clause_end = re.search(r"[,，;；。]|$", text[ne: min(e, ne + 24)]).start()
            near = text[max(s, org_start - 12): min(e, ne + max(8, clause_end))]
            mentioned = bool(MENTIONED_BEFORE.search(before) or MENTIONED_AFTER.match(after) or PARTY_CONGRESS.match(core))
            main = not mentioned and (bool(EVENT_VERB.search(near)) or s < title_end)
            d, _ = find_date(text[s:e], doc.published) if main else (None, -1)
            nums = tuple(re.findall(NUM, core))
            key = (org.name, nums if nums else re.sub(r"会议$|会$", "", core.lstrip("第")))
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
            first = meetings[0]
            d, _ = find_date(text[s:e], doc.published)
            meetings[0] = Meeting("", first.org, first.name, d, True, first.evidence)
    if not any(m.main for m in meetings) and (fallback := _from_title(doc)) is not None:
        meetings.insert(0, fallback)
    meetings = [_with_lead_date(doc, m) if m.main and m.date is None else m for m in meetings]
    meetings.sort(key=lambda m: not m.main)
    return [Meeting(f"m{i}", m.org, m.name, m.date, m.main, m.evidence) for i, m in enumerate(meetings, 1)]


TITLE_MEETING = re.compile(r"(?:全省|全市|全县|全区|全旗|全州)?(?P<name>[\u4e00-\u9fff“”\d()]{2,30}?(?:表彰大会|代表大会|座谈会|推进会|大会|会议))")


def _from_title(doc: Document) -> Meeting | None:
    """A headline that names a meeting (``全市劳动模范和先进工作者表彰大会隆重举行``) when no
    sentence names its organiser: the organiser is the org most named in the report."""
    from .people import mentions

    if not doc.title:
        return None
    m = TITLE_MEETING.search(doc.title)
    if not m or PLACEHOLDER.search(m.group("name")):
        return None
    counts: dict[str, tuple[int, Org]] = {}
    for p in mentions(doc):
        for t in p.titles:
            if t.org is not None and t.org.level != "national":
                n, _ = counts.get(t.org.name, (0, t.org))
                counts[t.org.name] = (n + 1, t.org)
    if not counts:
        return None
    org = max(counts.values(), key=lambda c: c[0])[1]
    start = doc.text.find(doc.title)
    ev = doc.evidence(start + m.start("name"), start + m.end("name")) if start >= 0 else doc.evidence(0, len(doc.title))
    return Meeting("", org, m.group("name"), None, True, ev)


def _with_lead_date(doc: Document, m: Meeting) -> Meeting:
    """A main meeting without a date in its own sentence takes the lead paragraph's date."""
    text = doc.text
    start = len(doc.title) if doc.title and text.startswith(doc.title) else 0
    lead = text[start: start + 300]
    d, _ = find_date(lead, doc.published)
    if d is None:
        return m
    return Meeting(m.key, m.org, m.name, d, m.main, m.evidence)
