"""People in a report: personal names, the title chains in front of them, and elections.

The genre writes people as ``<org><title>、<org><title><name>、<name>``:
``省委常委、省委宣传部部长王嘉毅``, ``党组成员、副主席吴俏燕、张弘强``. This module finds
each name (a family name plus one or two characters, or a minority name with ``·``, that
ends where a verb, ``同志``, a list comma or punctuation begins), parses the chain of
titles before it, and resolves each title's organisation (a title without its own
organisation inherits the one before it). Elections (``当选为``, ``选举…为``) and
appointments (``任…``) are parsed the same way after their verb.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Document
from ..facts import Org
from .. import lexicon
from ..lexicon import alternation, words
from . import orgs
from .scan import finditer as scan_finditer
from .context import Context
from .orgs import PLACEHOLDER
from ..rules import Rule

CJK = "\u4e00-\u9fff"
NEVER_IN_NAME = set("的了是与及等届次议省县委部席暨、,。；;:：()“”\"'《》")
#: Words that look like names after a title or group word but are not.
NOT_NAMES = {"班子", "成员", "全体", "同志", "职工", "干部", "代表", "委员", "会议", "大会", "单位", "部门", "机关", "人员",
             "在家", "出席", "等人", "名单", "候选人", "一职", "职务", "人选", "机构"}
#: Words never inside a name (有关负责同志, 各位负责同志, 老同志, 中央领导同志) and the honorific X老.
NOT_IN_NAME = re.compile(r"负责|同志|领导|^.老$")
#: Characters that rarely end a name but often follow one (许勤将为大会作报告).
FUNCTION_CHARS = set("将在是也还就到被等对向从并所")
_SHORT_CJK = re.compile(r"[\u4e00-\u9fff]{2,4}")
_MINORITY_PART = re.compile(f"[{CJK}]{{1,6}}·[{CJK}]{{1,8}}")


@dataclass
class Title:
    role: str
    org: Org | None
    start: int
    end: int


@dataclass
class Mention:
    """One occurrence of a person in the normalised text."""

    name: str
    start: int
    end: int
    sentence: tuple[int, int]
    titles: list[Title] = field(default_factory=list)
    how: str = "title"  # title | group | comrade | elected | appointed | known
    elected: list[Title] = field(default_factory=list)  # roles won by election/appointment here
    nominated: bool = False
    election_kind: str | None = None  # elected | appointed, when ``elected`` is set


@lru_cache(maxsize=1)
def _surnames() -> tuple[set[str], set[str]]:
    ws = words("surnames.txt")
    return {w for w in ws if len(w) == 1}, {w for w in ws if len(w) == 2}


@lru_cache(maxsize=1)
def title_re() -> re.Pattern[str]:
    """``(?:党组)?(?:PREFIX)?(?:BASE)``, written out as the alternation the regex engine
    tries in that order (``党组…|PREFIX1 BASE|PREFIX2 BASE|…|BASE``): the same matches, but
    each branch starts with a literal, so the engine skips the positions no title can start at."""
    bases = alternation(lexicon.titles())
    prefixes = alternation(words("title_prefixes.txt"))
    branches = [f"党组(?:{prefixes})?(?:{bases})"]
    branches += [f"{p}(?:{bases})" for p in prefixes.split("|") if p]
    return re.compile("|".join([*branches, bases]))


@lru_cache(maxsize=1)
def follower_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(words('name_followers.txt'))})|[^{CJK}·]|$")


@lru_cache(maxsize=1)
def group_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(words('group_words.txt'))})")


#: Qualifiers before a title that are no org: ``上届``, ``新一届``, ``第八届``, ``前任``.
QUALIFIER = re.compile(r"上届|新一届|本届|下届|第[一二三四五六七八九十百\d]+届|前任|现任|原任|时任|新任|历任|首任")
#: A person introduced as newly elected: ``新当选的工会主席钱大年``.
NEWLY_ELECTED = re.compile(r"新当选(?:的|为)?")
ELECT_AFTER = re.compile(r"(?:同志)?(?:当选为|当选|被选举为|被选为|被推选为|任命为|兼任|担任|出任|任)")
ELECT_BEFORE = re.compile(r"(?:选举产生了|选举产生|选举|推选|增、替补|增补|替补|补选|任命|提名|推举)(?:了)?")
HARD_STOP = re.compile(r"[,，。；;:：!！?？()（）“”\"《》\n>|»]")
JUNK = re.compile(
    r"^.*(?:会议由|首先由|由|在|是|请|邀请|被|受|向|对|会见|陪同|听取|其中|会上|随后|最后|首先|同时|以及|及|和(?!国)|与|并|有(?!限)|为|的|了|日|时|后|称|说|讲|均|已|将|等|选举|当选|推选|增补|选出)"
)


def _is_title_at(text: str, m: re.Match[str]) -> bool:
    after = text[m.end(): m.end() + 1]
    role = m.group(0)
    if after == "会" or (after in "团台" and role.endswith("主席")) or (after == "处" and role.endswith("书记")):
        return False
    if role == "书记" and text[m.start() - 1: m.start()] == "总":
        return False
    return True


#: After a title, a name with an unlisted family name is accepted before these only.
STRONG_FOLLOWER = re.compile(r"同志|主持|出席|讲话|致辞|当选|宣读|应邀|参加|列席|莅临|[、,，。;；]")
FOUR_CHAR_FOLLOWER = re.compile(r"同志|主持|出席|当选|宣读|应邀|参加|列席|莅临|致辞|、")


def name_at(text: str, i: int, limit: int, after_title: bool = False) -> int | None:
    """End of a personal name starting at ``i``, or ``None``.

    A name starts with a family name; right after a title (``after_title``), any two or
    three characters before a strong boundary (``同志``, ``主持``, a list comma) also count.
    """
    end = _name_end(text, i, limit, after_title)
    if end is None or NOT_IN_NAME.search(text[i:end]):
        return None
    return end


#: A minority name with ``·`` (``尔肯江·吐拉洪``).
MINORITY_NAME = re.compile(f"[{CJK}]{{1,6}}·[{CJK}]{{1,8}}(?:·[{CJK}]{{1,8}})?")


def _name_end(text: str, i: int, limit: int, after_title: bool) -> int | None:
    singles, doubles = _surnames()
    if i >= limit:
        return None
    m = MINORITY_NAME.match(text, i, limit)
    if m:
        for end in range(i + m.group(0).rfind("·") + 3, m.end() + 1):
            if follower_re().match(text, end):
                return end
        return None
    lengths: tuple[int, ...] = ()
    if text[i: i + 2] in doubles:
        lengths = (4, 3)
    elif text[i] in singles:
        lengths = (3, 2)
    elif after_title and "\u4e00" <= text[i] <= "\u9fff":
        end = _strong_name_end(text, i, limit, (3, 2, 4))
        return end if end is not None and (end - i < 4 or FOUR_CHAR_FOLLOWER.match(text, end)) else None
    if lengths == (3, 2) and text[i + 2: i + 3] in FUNCTION_CHARS:
        lengths = (2, 3)
    for n in lengths:
        cand = text[i: i + n]
        if len(cand) < n or i + n > limit or any(c in NEVER_IN_NAME or not ("\u4e00" <= c <= "\u9fff") for c in cand):
            continue
        if follower_re().match(text, i + n) and not _title_across(text, i, i + n) \
                and not title_re().search(cand, 1):  # 任组长 is no name
            return i + n
    # a four-character name without a listed family name after a title (洛桑久美, 萨仁图雅),
    # before the strongest boundaries only (not 讲话 or a comma: 发表重要讲话, 寄予厚望,)
    end = _strong_name_end(text, i, limit, (4,)) if after_title else None
    return end if end is not None and FOUR_CHAR_FOLLOWER.match(text, end) else None


def _title_across(text: str, start: int, end: int) -> bool:
    """Does a title begin inside ``[start, end)`` and run past ``end`` (``党办主|任``)?"""
    return any((t := title_re().match(text, k)) is not None and t.end() > end for k in range(start + 1, end))


def _strong_name_end(text: str, i: int, limit: int, lengths: tuple[int, ...]) -> int | None:
    """End of a name of one of ``lengths`` characters at ``i`` that a strong boundary follows
    (never a word that follows names itself: ``主持``, ``指出``)."""
    if follower_re().match(text, i) and text[i] not in "、,，。；;:：":
        return None
    for n in lengths:
        cand = text[i: i + n]
        if i + n <= limit and len(cand) == n and all("\u4e00" <= c <= "\u9fff" and c not in NEVER_IN_NAME for c in cand) \
                and STRONG_FOLLOWER.match(text, i + n) and not title_re().match(cand):
            return i + n
    return None


def names_after(text: str, i: int, limit: int, after_title: bool = True) -> tuple[list[tuple[str, int, int]], int]:
    """A list of names ``A、B、C`` starting at ``i`` (after an optional space); and where it ends."""
    j = i
    if j < limit and text[j] == " ":
        j += 1
    out: list[tuple[str, int, int]] = []
    while True:
        end = name_at(text, j, limit, after_title)
        if end is not None and text[j:end] in NOT_NAMES:
            end = None
        if end is None:
            break
        out.append((text[j:end], j, end))
        j = end
        if text.startswith("同志", j):
            j += 2
        if j < limit and text[j] in "、 " and name_at(text, j + 1, limit) is not None and not title_re().match(text, j + 1):
            j += 1
            continue
        break
    return out, j


def _chain_titles(doc: Document, ctx: Context, seg_start: int, end: int,
                  carry: Org | None) -> tuple[list[Title], Org | None]:
    """Parse ``<org><title>、<org><title>`` in ``[seg_start, end)``; returns titles and head org."""
    text = doc.text
    titles: list[Title] = []
    pos = seg_start
    prev = carry
    head: Org | None = None
    former = False  # 原市人大常委会副主任、市总工会主席: every title of the chain is a former one
    for m in title_re().finditer(text, seg_start, end):
        if not _is_title_at(text, m):
            continue
        raw = text[pos: m.start()].strip("、 ")
        if "、" in raw:
            raw = raw.rsplit("、", 1)[1]
        if not titles and raw.startswith("原") and len(raw) > 2:
            former, raw = True, raw[1:]
        if QUALIFIER.fullmatch(raw):
            raw = ""  # 上届理事长, 第八届理事长: a qualifier, not an org
        elif (q := QUALIFIER.match(raw)) and orgs.is_org_like(raw[q.end():]):
            raw = raw[q.end():]  # 第一届机关工会委员会主席: the qualifier is no part of the org
        trimmed = orgs.trim_left(raw)
        if trimmed != raw or orgs.starts_like_org(raw):
            raw = trimmed
        else:
            jm = JUNK.match(raw)
            if jm:
                raw = raw[jm.end():]
        if raw and not orgs.is_org_like(raw) and not _SHORT_CJK.fullmatch(raw):
            raw = ""
        if raw and PLACEHOLDER.search(raw):
            return [], None
        org = orgs.resolve(raw, ctx, prev, m.group(0))
        role = "原" + m.group(0) if former and not m.group(0).startswith("原") else m.group(0)
        titles.append(Title(role, org, m.start(), m.end()))
        if head is None:
            head = org
        prev = org
        pos = m.end()
    return titles, head


#: Words that make a clause more than a chain of titles (a verb, a particle, a count).
NOT_A_CHAIN = re.compile(r"[的了是在由为将等和与及并向对从把被]|选|举|产生|出席|参加|主持|讲话|表示|担任|同志|领导")


def _chain_before_comma(doc: Document, ctx: Context, left: int, floor: int) -> list[Title]:
    """Titles of a clause made only of a title chain, right before the comma that opens
    the chain in front of a name: ``省人大常委会副主任、党组成员,省总工会主席王某`` gives
    王某 the offices of both clauses (the genre lists a leader's offices in other bodies
    first, a comma apart, then the office at the meeting's org)."""
    text = doc.text
    comma = left - 1
    if comma <= floor or text[comma] not in ",，":
        return []
    start = _left_boundary(text, comma, floor)
    seg = text[start:comma]
    if not 3 <= len(seg) <= 40 or NOT_A_CHAIN.search(seg):
        return []
    if not (orgs.starts_like_org(seg) or title_re().match(seg)):
        return []
    titles, _ = _chain_titles(doc, ctx, start, comma, None)
    if not titles or titles[-1].end != comma:
        return []
    return titles


def _left_boundary(text: str, start: int, floor: int) -> int:
    k = start
    while k > floor and not HARD_STOP.match(text[k - 1]):
        k -= 1
    return k


def parse_sentence(doc: Document, ctx: Context, s: int, e: int) -> list[Mention]:
    """All person mentions in the sentence ``[s, e)``."""
    text = doc.text
    out: list[Mention] = []
    carry: Org | None = None
    floor = s
    titles_here = [m for m in title_re().finditer(text, s, e) if _is_title_at(text, m)]
    for m in titles_here:
        if m.start() < floor:
            continue
        names, after = names_after(text, m.end(), e)
        if not names:
            continue
        left = _left_boundary(text, m.start(), floor)
        titles, head = _chain_titles(doc, ctx, left, m.end(), carry)
        if titles and titles[-1].end != m.end():
            titles = [t for t in titles if t.end <= m.end()]
        if titles:
            titles = _chain_before_comma(doc, ctx, left, floor) + titles
        newly = NEWLY_ELECTED.search(text, max(floor, left - 6), left + 6)
        for name, ns, ne in names:
            if not PLACEHOLDER.search(name):
                mention = Mention(name, ns, ne, (s, e), list(titles), "title")
                if newly and titles:  # 新当选的工会主席钱大年: elected here
                    mention.elected, mention.election_kind = list(titles), "elected"
                out.append(mention)
        if head is not None:
            carry = head
        floor = after
    for m in group_re().finditer(text, s, e):
        names, _ = names_after(text, m.end(), e, after_title=False)
        for name, ns, ne in names:
            if not any(x.start == ns for x in out) and not PLACEHOLDER.search(name):
                out.append(Mention(name, ns, ne, (s, e), [], "group"))
    # 甲、乙、丙等党和国家领导人出席: a name list closed by 等 and a group word
    for m in [*LIST_BEFORE_DENG.finditer(text, s, e), *_lists_before_verb(text, s, e)]:
        for name, ns, ne in _names_ending_at(text, m.start(), s):
            if not any(x.start <= ns < x.end for x in out) and not PLACEHOLDER.search(name):
                out.append(Mention(name, ns, ne, (s, e), [], "group"))
    for m in BY_NAMES.finditer(text, s, e):
        k = m.start(1)
        for part in m.group(1).split("、"):
            if name_at(text, k, k + len(part) + 1) == k + len(part) or len(part) == 4 and part[:1] in _surnames()[0]:
                if not any(x.start <= k < x.end for x in out) and not PLACEHOLDER.search(part):
                    out.append(Mention(part, k, k + len(part), (s, e), [], "group"))
            k += len(part) + 1
    _presidium_members(text, s, e, out)
    _names_before_titles(doc, s, e, titles_here, out)
    for m in REPORT_BY.finditer(text, s, e):
        ns, ne = m.span(1)
        if (text[ns] in _surnames()[0] or text[ns: ns + 2] in _surnames()[1]) and name_at(text, ns, e) == ne \
                and not any(x.start <= ns < x.end for x in out):
            out.append(Mention(m.group(1), ns, ne, (s, e), [], "group"))
    for m in _COMRADE.finditer(text[s:e]):
        pos = s + m.start()
        for n in (3, 2, 4):
            ns = pos - n
            if ns >= s and name_at(text, ns, pos + 2) == pos and not any(x.start <= ns < x.end for x in out):
                if n == 2 and _orphaned(text, ns - 1, s):
                    ns -= 1  # ,念国忠同志: one character alone after a boundary is the name's first
                out.append(Mention(text[ns:pos], ns, pos, (s, e), [], "comrade"))
                break
    _elections(doc, ctx, s, e, out)
    out.sort(key=lambda x: x.start)
    return out


_COMRADE = re.compile("同志")
_LIST_PART = re.compile(r"[^、和及]+")


#: Where a clause starts: a character alone between one of these and a name is part of it.
CLAUSE_START = ",，。;；:：、\n"


def _orphaned(text: str, i: int, floor: int) -> bool:
    """Would the character at ``i`` stand alone between a clause start and a name?"""
    return i >= floor and "\u4e00" <= text[i] <= "\u9fff" and text[i] not in NEVER_IN_NAME \
        and text[i] not in FUNCTION_CHARS and (i == floor or text[i - 1] in CLAUSE_START)


#: 产生了由甲院长、乙主席、丙和丁组成的大会主席团: the members of a presidium.
PRESIDIUM = re.compile(r"由([\u4e00-\u9fff、·]{2,80}?)(?:等[\d一二三四五六七八九十百]+(?:人|名|位)(?:同志)?)?组成的[\u4e00-\u9fff]{0,12}?主席团")


def _presidium_members(text: str, s: int, e: int, out: list[Mention]) -> None:
    """The members listed in ``由…组成的主席团`` (each a name, its title after it or not)."""
    singles, doubles = _surnames()
    for m in PRESIDIUM.finditer(text, s, e):
        for part in _LIST_PART.finditer(m.group(1)):
            name = part.group(0)
            title = next((t for t in title_re().finditer(name) if t.end() == len(name) and t.start() >= 2), None)
            if title is not None:
                name = name[: title.start()]  # 甲院长: the name before its title
            ns = m.start(1) + part.start()
            if not 2 <= len(name) <= 4 or not (name[0] in singles or name[:2] in doubles) \
                    or any(c in NEVER_IN_NAME for c in name) or title_re().search(name) or PLACEHOLDER.search(name):
                continue
            if not any(x.start <= ns < x.end for x in out):
                out.append(Mention(name, ns, ns + len(name), (s, e), [], "group"))


def _names_before_titles(doc: Document, s: int, e: int, titles: list[re.Match[str]], out: list[Mention]) -> None:
    """A name before its title and a participation verb, at a clause start, after 由 or
    after its org (``大会开幕式由苏志武校长主持``, ``领学了陈平主席所作的工作报告``,
    ``某局张某局长,县政府李某副县长应邀出席``: a list of them before the verb): a person,
    whose title names no org here. ``titles``: the titles of the sentence ``[s, e)``
    (the matches of :func:`title_re` there that :func:`_is_title_at` accepts)."""
    text = doc.text
    singles, doubles = _surnames()
    for m in titles:
        if not NAME_THEN_TITLE.match(text, m.end()) and not (
                # 某局张某局长,县政府李某副县长应邀出席: a list of such names before the verb
                text[m.end(): m.end() + 1] in ",，、" and NAME_TITLE_LIST_VERB.match(text, m.end(), e)):
            continue
        for n in (3, 2):
            ns = m.start() - n
            if ns < s or not (text[ns] in singles or text[ns: ns + 2] in doubles):
                continue
            cand = text[ns: m.start()]
            if any(c in NEVER_IN_NAME or not "\u4e00" <= c <= "\u9fff" for c in cand) or title_re().search(cand) \
                    or orgs.is_org_like(cand) or orgs.starts_like_org(cand):  # 全总主席, 公司经理: no names
                continue
            # after its org too: 省海员工会某某主席宣读…
            if ns > s and text[ns - 1] not in ",，。;；:：、 由了和及与\n" \
                    and not orgs.suffix_re().search(text, max(s, ns - 16), ns):
                continue
            if not any(x.start < m.start() and ns < x.end for x in out):
                out.append(Mention(cand, ns, m.start(), (s, e), [], "group"))
            break


LIST_BEFORE_DENG = re.compile(
    r"等(?=[\u4e00-\u9fff]{0,8}?(?:领导人|领导同志|领导|负责同志|嘉宾)[\u4e00-\u9fff]{0,6}?(?:出席|参加|到会|莅临|为))"
)
#: …,于立新、吴艳刚、么永波出席,张韶春主持: a clause made of names and a participation verb.
LIST_BEFORE_VERB = re.compile(
    r"(?=等?(?:出席|主持|讲话|致辞|致贺词|参加)了?(?:会议|大会|开幕式|大会开幕式|活动)?(?:并|[,，。;；])"
    # …,王向东所作的经费审查工作报告; 黄华海宣读《倡议书》; 甲、乙分别主持
    r"|(?:所作|作了|作的)[^,，。;；]{0,30}?报告|宣读|通报|分别主持|分别讲话"
    r"|致(?:祝词|贺词|贺辞|开幕词|闭幕词|开幕辞|闭幕辞|欢迎词)"
    # 甲代表党中央致祝词, 乙代表上届委员会作工作报告: on behalf of a body, then the act
    r"|代表[^,，。;；]{1,20}?(?:致(?:辞|词|祝词|贺词|贺辞)|讲话|发言|作[^,，。;；]{0,20}?报告))"
)
#: The participation verb that closes a list of names before their titles.
NAME_TITLE_LIST_VERB = re.compile(r"[^。;；]{0,60}?(?:应邀)?(?:出席|参加|列席|莅临)(?:了)?(?:会议|大会|活动)")
#: 大会由甲、乙分别主持: the names between 由 and the verb.
BY_NAMES = re.compile(r"由([\u4e00-\u9fff、·]{2,30}?)(?:同志)?(?:分别|共同)?主持")
#: Every character a match of :data:`LIST_BEFORE_VERB` can start with (the first characters
#: of its alternatives): the regex is tried there only (see :func:`_lists_before_verb`).
LIST_BEFORE_VERB_FIRST = re.compile("[等出主讲致参所作宣通分代]")


def _lists_before_verb(text: str, s: int, e: int):
    """``LIST_BEFORE_VERB.finditer(text, s, e)``: the same (empty) matches, the lookahead
    tried only where :data:`LIST_BEFORE_VERB_FIRST` says one can start."""
    for c in LIST_BEFORE_VERB_FIRST.finditer(text, s, e):
        m = LIST_BEFORE_VERB.match(text, c.start(), e)
        if m is not None:
            yield m


#: 审议通过了甲代表上届委员会作的工作报告和乙所作的经费审查工作报告: who gave a report.
REPORT_BY = re.compile(r"(?<=[了和及、,，])([\u4e00-\u9fff]{2,3}?)(?:同志)?(?:所作|代表[^,，。;；]{1,20}?作的)")
#: 苏志武校长主持, 陈平主席所作的工作报告: a name before its title, before a participation verb.
NAME_THEN_TITLE = re.compile(r"(?:主持|所作|作了|作的|作|讲话|发表|致辞|致|祝贺|宣读|代表|指出|强调|表示|要求|部署|在|应邀|出席|参加|列席|莅临)")


def _names_ending_at(text: str, pos: int, floor: int) -> list[tuple[str, int, int]]:
    """The list ``A、B、C`` ending at ``pos`` that starts its clause (after punctuation,
    a space or the sentence start); ``[]`` unless most members are names by their family
    name and every member has the shape of one (a rare family name inside a list of
    names is still a name)."""
    start = pos
    stop = max(floor, pos - 120)  # a list of names is short; never scan a long line
    while start > stop and text[start - 1] not in ",，。;；:：!！?？\n “”()（）":
        start -= 1
    if start == pos or (start == stop and stop > floor):
        return []
    members, k = [], start
    for part in text[start:pos].split("、"):
        members.append((part, k, k + len(part)))
        k += len(part) + 1
    valid = 0
    for part, ns, ne in members:
        minority = _MINORITY_PART.fullmatch(part)  # 尔肯江·吐拉洪
        if minority:
            valid += 1
            continue
        if not 2 <= len(part) <= 4 or part in NOT_NAMES or any(
                not "\u4e00" <= c <= "\u9fff" or c in NEVER_IN_NAME for c in part) or title_re().search(part):
            return []
        valid += name_at(text, ns, ne + 1) == ne
    return members if valid * 2 > len(members) and valid >= 1 else []


def _role_chain_after(doc: Document, ctx: Context, i: int, e: int, carry: Org | None) -> tuple[list[Title], bool]:
    """Titles (with orgs) right after an election verb: ``福建省总工会主席``."""
    titles, nominated, _ = _role_chain_span(doc, ctx, i, e, carry)
    return titles, nominated


def _role_chain_span(doc: Document, ctx: Context, i: int, e: int,
                     carry: Org | None) -> tuple[list[Title], bool, int]:
    """:func:`_role_chain_after`, with where the chain stops."""
    text = doc.text
    stop = i
    while stop < e and not HARD_STOP.match(text[stop]) and not text.startswith("候选人", stop):
        stop += 1
    nominated = text.startswith("候选人", stop) or "候选人" in text[i:stop]
    titles, _ = _chain_titles(doc, ctx, i, stop, carry)
    return titles, nominated, stop


#: The end of a list of names that counts its members: ``等15位同志``, ``等十二人``.
LIST_COUNT = re.compile(r"等(?:[\d一二三四五六七八九十百两]+(?:位|名|人)(?:同志|人士|代表)?|同志)?")
LIST_COUNT_BEFORE = re.compile(r"等[\d一二三四五六七八九十百两]+(?:位|名|人)(?:同志|人士|代表)?$")


def _names_before(doc: Document, first: Mention, s: int, out: list[Mention]) -> list[Mention]:
    """Names listed before ``first`` (``马军生、尤文涛、吴会军当选为副主席``)."""
    text = doc.text
    found: list[Mention] = []
    pos = first.start
    while pos - 1 > s and text[pos - 1] == "、":
        hit = None
        for n in (3, 2, 4):
            ns = pos - 1 - n
            if ns >= s and name_at(text, ns, pos - 1 + 1) == pos - 1:
                hit = ns
                break
        if hit is None:
            break
        existing = next((x for x in out if x.start == hit), None)
        if existing is None:
            existing = Mention(text[hit: pos - 1], hit, pos - 1, (s, first.sentence[1]), [], "elected")
            out.append(existing)
        found.append(existing)
        pos = hit
    return found


@dataclass
class ElectionScan:
    """One sentence being read for elections: the people found so far, and the org a role
    won without its own org refers to (the report's main org, else the sentence's first)."""

    doc: Document
    ctx: Context
    s: int
    e: int
    out: list[Mention]
    carry: Org | None


def _elections(doc: Document, ctx: Context, s: int, e: int, out: list[Mention]) -> None:
    """Apply every rule of :data:`ELECTIONS` to the sentence ``[s, e)``, in order."""
    carry = ctx.org or next((t.org for m in out for t in m.titles if t.org), None)
    scan = ElectionScan(doc, ctx, s, e, out, carry)
    for r in ELECTIONS:
        r(scan)


def _name_then_verb(scan: ElectionScan) -> None:
    """``NAME(同志)当选为 ORG TITLE``, ``NAME 任 ORG TITLE`` (names listed before go with it)."""
    doc, s, e, out = scan.doc, scan.s, scan.e, scan.out
    text = doc.text
    by_end = {m.end: m for m in out}
    for m in scan_finditer(ELECT_AFTER, text, s, e):  # ELECT_AFTER.finditer(text, s, e), faster
        if m.group(0) == "任" and QUALIFIER.fullmatch(text[m.start() - 1: m.end()]):
            continue  # 由前任理事长某某: 前任 is a qualifier, not 由前 appointed
        target = by_end.get(m.start()) or by_end.get(m.start() - 2 if text.startswith("同志", m.start() - 2) else -1)
        if target is None:
            for n in (3, 2, 4):
                ns = m.start() - n
                if ns >= s and name_at(text, ns, e) == m.start() and (ns == s or not ("\u4e00" <= text[ns - 1] <= "\u9fff") or text[ns - 1] in "由及和与"):
                    target = Mention(text[ns: m.start()], ns, m.start(), (s, e), [], "elected")
                    out.append(target)
                    break
        listed: list[Mention] = []
        if target is None:
            # 甲、乙、丙等15位同志当选为副主席: a counted list of names before the verb
            counted = LIST_COUNT_BEFORE.search(text, max(s, m.start() - 12), m.start())
            if counted:
                for name, ns, ne in _names_ending_at(text, counted.start(), s):
                    known = next((x for x in out if x.start == ns), None)
                    if known is None:
                        known = Mention(name, ns, ne, (s, e), [], "elected")
                        out.append(known)
                    listed.append(known)
            if not listed:
                continue
            target = listed.pop()
        verb = m.group(0)
        titles, nominated = _role_chain_after(doc, scan.ctx, m.end(), e, scan.carry)
        if not titles:
            continue
        if titles[-1].org is not None:
            scan.carry = titles[-1].org
        kind = "elected" if ("选" in verb or "当" in verb) else "appointed"
        for person in [target, *(listed or _names_before(doc, target, s, out))]:
            person.how = kind if person.how != "title" else person.how
            person.elected.extend(titles)
            person.nominated = person.nominated or nominated
            person.election_kind = kind


def _verb_then_names(scan: ElectionScan) -> None:
    """``选举 NAME、NAME 为 ORG TITLE``, ``任命 NAME 为…`` (``提名`` is a nomination); the
    clauses after it may name more (``…为主席,乙为常务副主席,丙、丁为副主席``), each title
    without its own org held in the org of the title before."""
    doc, s, e, out = scan.doc, scan.s, scan.e, scan.out
    text = doc.text
    for m in ELECT_BEFORE.finditer(text, s, e):
        kind = "appointed" if m.group(0).startswith(("任命", "提名")) else "elected"
        nominating = m.group(0).startswith("提名")
        pos = m.end()
        carry = scan.carry
        while True:
            names, after = names_after(text, pos, e, after_title=False)
            if not names:
                # 选举省总工会党组成员方月兴为…: the elected person's present titles first
                t = title_re().search(text, pos, min(e, pos + 24))
                if t and not HARD_STOP.search(text, pos, t.start()):
                    names, after = names_after(text, t.end(), e, after_title=True)
            count = LIST_COUNT.match(text, after) if names else None
            if count and count.end() > after:
                after = count.end()
                delegates = DELEGATES.match(text, after)
                if delegates and not text.startswith("为", after):
                    # 选举产生了甲等14名出席…代表大会的代表: delegates to that congress
                    org = orgs.resolve(delegates.group(1), scan.ctx, None, "代表")
                    _elect(out, names, [Title("代表", org, delegates.start(1), delegates.end())], s, e, kind, False)
                    break
            if not names or not text.startswith("为", after):
                break
            titles, nominated, stop = _role_chain_span(doc, scan.ctx, after + 1, e, carry)
            _elect(out, names, titles, s, e, kind, nominated or nominating)
            if titles and titles[-1].org is not None:
                carry = titles[-1].org
            if not titles or stop >= e or text[stop] not in ",，;；":
                break
            pos = stop + 1  # the next clause may name more: 乙为常务副主席


def _elect(out: list[Mention], names: list[tuple[str, int, int]], titles: list[Title], s: int, e: int,
           kind: str, nominated: bool) -> None:
    """Record that the people ``names`` won ``titles`` (by ``kind``) in the sentence."""
    for name, ns, ne in names:
        target = next((x for x in out if x.start == ns), None)
        if target is None:
            target = Mention(name, ns, ne, (s, e), [], kind)
            out.append(target)
        target.elected.extend(titles)
        target.nominated = target.nominated or nominated
        target.election_kind = kind


#: Delegates elected to a congress: ``…等14名出席铁路工会第十三次全国代表大会的代表``.
DELEGATES = re.compile(r"(?:出席|参加)([^,，。;；]{4,40}?代表大会)的代表")

#: The forms of an election or appointment, applied in order to each sentence.
ELECTIONS: tuple[Rule, ...] = (
    Rule("name_then_verb", _name_then_verb),
    Rule("verb_then_names", _verb_then_names),
)


def _may_name_people(text: str, s: int, e: int) -> bool:
    """Is the sentence worth parsing (a title, 同志, a group word, an election, a name list)?"""
    return bool(title_re().search(text, s, e) or "同志" in text[s:e] or group_re().search(text, s, e)
                or ELECT_BEFORE.search(text, s, e) or LIST_BEFORE_DENG.search(text, s, e)
                or next(_lists_before_verb(text, s, e), None) is not None or "由" in text[s:e])


def find_people(doc: Document, ctx: Context) -> list[Mention]:
    """Every person mention of the report, in text order: names with their titles and the
    roles they won, then the other occurrences of the names found (``known``)."""
    text = doc.text
    found: list[Mention] = []
    for s, e in doc.sentences:
        if _may_name_people(text, s, e):
            found.extend(parse_sentence(doc, ctx, s, e))
    known = {m.name for m in found if len(m.name) >= 2}
    if known:
        # characters already in a mention (a set, not a scan of all mentions per
        # occurrence: that is quadratic on a long report full of names)
        taken = {i for m in found for i in range(m.start, m.end)}
        for start, end in occurrences(text, known):
            if any(i in taken for i in range(start, end)):
                continue
            # a name found before is also named before its title (沈某院长指出)
            title = title_re().match(text, end)
            if not follower_re().match(text, end) and not (title and _is_title_at(text, title)):
                continue
            found.append(Mention(text[start:end], start, end, doc.sentence_at(start), [], "known"))
    found.sort(key=lambda x: x.start)
    found += _careers(doc, ctx, found)
    found.sort(key=lambda x: x.start)
    return found


def occurrences(text: str, words) -> list[tuple[int, int]]:
    """Spans of the (non-empty) ``words`` in ``text`` as ``re.finditer`` of their alternation,
    longest first, finds them: left to right, the longest word at each position, none
    overlapping; found with ``str.find`` (no regex compiled for each report's names).

    >>> occurrences("王平、王平安和平安", {"王平", "王平安", "平安"})
    [(0, 2), (3, 6), (7, 9)]
    """
    hits = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            hits.append((i, -len(w)))
            i = text.find(w, i + 1)
    out = []
    pos = 0
    for start, neg in sorted(hits):  # by position, then longest first
        if start >= pos:
            out.append((start, start - neg))
            pos = start - neg
    return out


#: A career list: ``先后担任A、B、C等职``, ``历任…``, ``转任…``.
CAREER = re.compile(r"(?:先后|曾经|曾|历|又)(?:担任|任)|历任|转任|兼任")
#: How far back the subject of a career list may be named (a profile's few sentences).
CAREER_REACH = 300


def _careers(doc: Document, ctx: Context, found: list[Mention]) -> list[Mention]:
    """The offices of a career list, held by its subject: the person named last before it
    (``莫负春的仕途始于高校,先后担任…``, ``其先后担任…``, ``并于…期间兼任…``)."""
    text = doc.text
    out: list[Mention] = []
    for m in CAREER.finditer(text):
        before = [x for x in found if m.start() - CAREER_REACH <= x.start and x.end <= m.start()]
        if not before or any(x.end == m.start() or x.end + 2 == m.start() and text.startswith("同志", x.end)
                             for x in found):
            continue  # no subject, or one named right before the verb (read as an appointment)
        subject = before[-1]
        sentence = doc.sentence_at(m.start())
        titles, _, _ = _role_chain_span(doc, ctx, m.end(), sentence[1], None)
        if titles:
            out.append(Mention(subject.name, m.start(), m.start(), sentence, titles, "career"))
    return out
