"""Tasks: the work a meeting (its decisions, report or speeches) set, as clauses.

Scope: a sentence with a cue (``会议强调``, ``<speaker>要求``, ``一要…``), and the sentences
after it in the same paragraph; each clause there that starts (after its subject and
``要``) like a piece of work is a task. Loyalty slogans are not tasks.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from ..document import Document
from ..facts import Meeting, Task
from ..lexicon import alternation, words
from .context import Context
from .people import Mention
from ..rules import Rule

#: A year, a span since, congratulations and thanks: a statement, not work.
_NOT_WORK = re.compile(r"\d{4}年|以来|表示祝贺|感谢|致以|问候")

MIN_LEN, MAX_LEN = 5, 60
#: Who sets tasks besides the people named in the report: the meeting, its documents,
#: and a speaker referred to by pronoun (``他强调``).
SPEAKERS = ("会议", "大会", "全会", "报告", "《报告》", "讲话", "决议", "开幕会", "闭幕会", "开幕式", "闭幕式", "他", "她")
#: Enumerators opening an item of a list of tasks: 一是…, 二要…, 第三, 首先.
ENUMERATOR = re.compile(
    r"^(?:同时|此外|首先|其次|最后|第[一二三四五六七八九十]|[一二三四五六七八九十]是|[一二三四五六七八九十]要"
    r"|一方面|另一方面|(?:\d{1,2}|[一二三四五六七八九十]{1,2})[、.．]|[(（][一二三四五六七八九十\d]{1,2}[)）])[,、]?"
)
SUBJECT = re.compile(
    r"(?:(?:今后|未来|近)?[\d一二三四五六七八九十]{1,2}年)?"
    r"(?:(?:全省|全市|全县|全区|全国|全旗|全州|各级|广大|全体|我省|我市|我县|我区|省总工会|市总工会|县总工会|区总工会|公司|新一届)?"
    r"[\u4e00-\u9fff]{0,12}?(?:工会组织|工会干部|工会|职工|领导班子|委员会|班子|代表|干部|同志们?|党组织|企业))?"
    r"(?:一定要|要|必须|应当|应|需要|须|将)"
)
#: A collective subject that a cue verb's object may open with, without 要
#: (``希望各级工会认真履行…``); stripped only when a task verb follows.
COLLECTIVE = re.compile(
    r"^(?:各级|全体|广大|全省|全市|全县|全区|全国)[\u4e00-\u9fff]{0,10}?"
    r"(?:工会组织|工会干部|工会工作者|工会|职工群众|职工|干部职工|党员干部)"
)
LEAD = re.compile(r"^(?:要|并|还要|更要|既要|又要|同时要|进一步要|必须|而且|以及|和|与)")
BOUNDARY = re.compile(r"[,，;；。！!？?]")
NOT_TASK = re.compile(r"^(?:会议|大会|他|她|我们|这|该|此|其|目前|近年来|过去|今年以来|一年来|五年来)")
#: Framing clauses: principles and settings around the work, not work items — told apart
#: from work by what follows the first word: ``坚持以…思想为指导``, ``在省委的坚强领导下``,
#: ``以…为主线`` frame; ``坚持把服务职工作为工作生命线``, ``在维权服务中推动…`` are work.
FRAMING = re.compile(
    r"^(?:坚持|始终)?以习近平"
    r"|^(?:坚持|始终)?以.{1,30}?为(?:主线|主题|动力|指导|统领|引领|核心|根本|遵循|方向)"
    r"|^在[^,，]{0,30}?(?:领导|指引|指导|引领|关心|支持)下$"
    r"|^(?:让|使)"
    # a plan or authority followed by nothing: ``按照中央和省委的部署``
    r"|^(?:按照|根据|遵照|依照)[^,，]*(?:部署|要求|任务|精神|安排|目标|规定)$"
)
#: Political stance rather than work: strengthening awareness, loyalty or resolve
#: (``提高政治站位``, ``增强“四个意识”``, ``坚定理想信念``, ``坚持党的领导``).
STANCE = re.compile(
    r"^(?:进一步|不断|始终|自觉|更加|切实|牢牢)?(?:坚定|增强|提高|树立|牢记|坚持|筑牢|强化|把握|保持|树牢|践行|牢固树立)"
    r"[^,，]{0,6}?(?:政治站位|政治方向|政治忠诚|政治定力|政治本色|政治担当|政治自律|政治能力|政治标准|四个意识|四个自信|两个维护|两个确立"
    r"|高度一致|党的领导|党的全面领导|理想信念|初心使命|使命任务|思想基础|大局观|大局意识|责任感|使命感|紧迫感|政治责任)"
)
#: An adverbial in 地 before the verb (``持之以恒地抓好…``).
ADVERBIAL = re.compile(r"^[\u4e00-\u9fff]{2,5}地(?=[\u4e00-\u9fff]{2})")
#: Statements, not work: a copula (``援疆是…决策``), a completed action (``推动了…``), a
#: manner alone (``以更加昂扬的精神状态``).
STATEMENT = re.compile(
    r"是(?!否)|(?<!为)了(?!解)|^以[^,，]*(?:状态|精神|干劲|拼劲|使命感|责任感|姿态|作风)$"
)
#: Studying the spirit of a higher authority is the doctrinal preamble of a speech, not a
#: work item — except studying this meeting's own spirit (``深入学习贯彻会议精神``).
STUDY = re.compile(
    r"^(?:认真|深入|全面|进一步|切实)?(?:学习|贯彻|宣传|落实|领会|领悟)[^,，]*"
    r"(?:精神|论述|思想|部署|指示|讲话|意义)(?:结合起来)?$"
)
#: Outcomes hoped for (``谱写…新篇章``, ``迈上新台阶``) rather than work to be done — but
#: ``开创…新局面`` is the standing charge a meeting gives, kept as work. Also the setting
#: of the work (``…的关键时期``) and loyalty endings (``…胜利召开``, ``团结在…周围``).
OUTCOME = re.compile(
    r"(?:新篇章|新台阶|新水平|新突破|新辉煌|新成绩|新征程|具有[^,，]*意义"
    r"|时期|之年|胜利召开|周围)$"
)


# The regexes of NOT_WORK's rules (compiled once, not looked up in ``re``'s cache per clause).
_LOYALTY = re.compile(r"(?:听党话|跟党走|感党恩)$")
_PATH = re.compile(r"^[^,，]{0,8}走[^,，]{0,24}道路$")
_ONE_MIND = re.compile(r"保持高度一致$|置于党的(?:全面|绝对)?领导之下$|^[^,，]{0,6}党对[^,，]{0,10}的(?:全面|绝对)?领导$")
_MISSION = re.compile(r"(?:牢记|不负|不辱)[^,，、]{0,4}(?:使命|嘱托|宗旨|重托)(?:、|$)")
_MANNER = re.compile(r"以[^,，]*(?:紧迫感|态度|热情|决心)$")
_STRIVING = re.compile(
    r"在[^,，]{2,40}?(?:中|上|第一线|最前沿|主战场|一线)(?:勇攀高峰|无私奉献|积极奉献|奋勇攀登|拼搏进取|勇立潮头"
    r"|奋发作为|赢得更大荣光)$")
_THE_MEETING_DESCRIBED = re.compile(r"(?:召开|举行)的[^,，]{0,8}(?:会|会议|大会)$")

#: Loyalty and stance rather than work, each told by what the clause ends or opens with
#: (any rule that applies rejects the clause).
NOT_WORK: tuple[Rule, ...] = (
    # 团结引领广大职工听党话、跟党走: leading people to the loyalty slogan is the slogan
    Rule("loyalty", lambda c: bool(_LOYALTY.search(c))),
    # 坚定不移走中国特色社会主义工会发展道路: the path, not a step on it
    Rule("path", lambda c: bool(_PATH.search(c))),
    # 始终…同党中央保持高度一致, 坚持党对工会工作的全面领导, 把工会置于党的领导之下
    Rule("one_mind", lambda c: bool(_ONE_MIND.search(c))),
    # 牢记使命、不负重托, 牢记嘱托、感恩奋进: the mission, not the work
    Rule("mission", lambda c: bool(_MISSION.match(c))),
    # 以时不我待的紧迫感, 以高度负责的态度: a manner alone
    Rule("manner", lambda c: bool(_MANNER.match(c))),
    # 在经济建设主战场上拼搏进取, 在创新创业最前沿勇攀高峰: striving hoped for, not work
    Rule("striving", lambda c: bool(_STRIVING.match(c))),
    # 对于进一步推进…(具有重要意义): a topic, what the statement is about
    Rule("topic", lambda c: c.startswith("对于")),
    # …关键时期召开的一次重要会议: the meeting described, not a charge it set
    Rule("the_meeting_described", lambda c: bool(_THE_MEETING_DESCRIBED.search(c))),
)


@lru_cache(maxsize=1)
def cues() -> str:
    """Alternation of the task cue verbs (``task_cues.txt``), longest first."""
    return alternation(words("task_cues.txt"))


@lru_cache(maxsize=1)
def verb_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(words('task_verbs.txt'))})")


@lru_cache(maxsize=1)
def verbs() -> str:
    """Alternation of the task verbs (``task_verbs.txt``) of two characters or more."""
    return alternation(w for w in words("task_verbs.txt") if len(w) >= 2)


@lru_cache(maxsize=1)
def long_verb_re() -> re.Pattern[str]:
    return re.compile(f"(?:{verbs()})")


@lru_cache(maxsize=1)
def slogan_re() -> re.Pattern[str]:
    return re.compile(alternation(words("slogans.txt")))


def _clean(clause: str) -> str:
    clause = clause.strip(" 、:：“”\"")
    m = ENUMERATOR.match(clause)
    if m and m.end() < len(clause):
        clause = clause[m.end():]
    m = COLLECTIVE.match(clause)
    if m and verb_re().match(clause, m.end()):
        clause = clause[m.end():]
    for _ in range(2):
        m = SUBJECT.match(clause)
        if m and m.end() < len(clause):
            clause = clause[m.end():]
        m = LEAD.match(clause)
        if m and m.end() < len(clause):
            clause = clause[m.end():]
    if not _starts_with_work(clause):
        # any other subject before 要 (各级党委政府要…), or a body before its verb
        # (新一届委员会传承…): stripped only when work follows
        for rx in (ANY_SUBJECT, BODY_SUBJECT):
            m = rx.match(clause)
            if m and m.end() < len(clause) and _starts_with_work(clause[m.end():].lstrip("要")):
                clause = clause[m.end():].lstrip("要")
                break
    return clause.strip(" 、:：")


def _starts_with_work(clause: str) -> bool:
    return bool(verb_re().match(ADVERBIAL.sub("", clause, count=1)))


#: A short subject before 要/必须 (not 重要, 主要, 需要, 只要, 要求, 要点).
ANY_SUBJECT = re.compile(r"^[^,，;；]{1,24}?(?<![重主需只想纲首即])(?:一定要|要|必须|应当|今后将|将)(?![求点素闻来近于])")
#: A body or group as the subject right before its verb: ``新一届委员会``, ``全区工人阶级始终``.
BODY_SUBJECT = re.compile(
    r"^[\u4e00-\u9fff()“”]{0,24}?(?:工会组织|工会干部|工会工作者|工会|职工群众|职工|干部职工|党员干部|委员会|班子"
    r"|代表们|代表|党委|政府|部门|单位|工人阶级|劳模|女职工|干部)(?:们)?"
)


def is_task(clause: str, verb: bool = True) -> bool:
    """Is ``clause`` a piece of work (opening with a work verb, unless ``verb`` is false)?"""
    if not (MIN_LEN <= len(clause) <= MAX_LEN) or NOT_TASK.match(clause) or FRAMING.match(clause):
        return False
    if (STUDY.match(clause) and "会议" not in clause) or OUTCOME.search(clause) or STANCE.match(clause):
        return False
    if slogan_re().search(clause) and len(slogan_re().sub("", clause)) < 6:
        return False
    if _NOT_WORK.search(clause) or STATEMENT.search(clause):
        return False
    if any(r(clause) for r in NOT_WORK):
        return False
    return not verb or bool(verb_re().match(ADVERBIAL.sub("", clause, count=1)))


def _clauses(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    pos = s
    for m in BOUNDARY.finditer(text, s, e):
        yield pos, m.start()
        pos = m.end()
    if pos < e:
        yield pos, e


#: Where a speaker's words start after the speaker: ``在会上``, ``在总结讲话中``, ``代表…``.
SPEECH_SETTING = r"(?:在[^,，。]{0,12}?(?:讲话|报告|会上|致辞|发言|开幕词|闭幕词|开幕辞|闭幕辞)中?|讲话时|最后|首先)?"
#: A sentence that opens with the work itself: an enumerator, or a subject and ``要``/``将``.
OPENS_WITH_WORK = re.compile(
    r"(?:[一二三四五六七八九十]是|[一二三四五六七八九十]要|要|必须"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,2})[、.．]|[(（][一二三四五六七八九十\d]{1,2}[)）]|第[一二三四五六七八九十]+[,，、]"
    r"|(?:当前|今后|下一步|新的一年|今年)?[,，]?(?:全省|全市|全县|全区|全州|全旗|各级|广大|我们|我省|我市|我县|我区)"
    r"[^,，。;；]{0,16}?(?:要|将)(?![求点素闻来近于在])"
    r"|(?:据悉[,，])?(?:下一步|今后|下阶段|接下来|新的一年|今后\d年|今后[一二三四五]年)[,，][^,，。;；]{0,16}?(?:要|将)(?![求点素闻来近于在])"
    r")"
)
#: A list item (``1、``, ``(一)``, ``第一,``) keeps the scope of the list it belongs to.
LIST_ITEM = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})[、.．]|[(（][一二三四五六七八九十\d]{1,2}[)）]|第[一二三四五六七八九十]+[,，、]|[一二三四五六七八九十]是")


@lru_cache(maxsize=1)
def clause_cue_re() -> re.Pattern[str]:
    """A cue opening a clause of a sentence whose subject is a speaker or the meeting
    (``大会分析了…,强调…``, ``张某代表…表示祝贺,希望…``), or opening a sentence."""
    return re.compile(f"(?<![^,，。！？!?\n])(?:并|还|同时|殷切)?(?:{cues()})")


#: What follows a clause-opening cue that sets work: punctuation, or (its subject may come
#: first: ``希望新一届委员会传承…``) a 要 or a work verb within the clause.
CUE_FOLLOW = re.compile(r"[,，:：]")
_CLAUSE_STOP = re.compile(r"[,，。;；]|$")


def _clause_cue(text: str, s: int, e: int) -> re.Match[str] | None:
    """The first clause-opening cue in ``[s, e)`` that work follows."""
    for m in clause_cue_re().finditer(text, s, e):
        if CUE_FOLLOW.match(text, m.end()):
            return m
        start = m.end()
        stop = _CLAUSE_STOP.search(text, start).start()
        for k in range(start, min(stop, start + 25)):  # 要 or a work verb opening within 24 characters
            if text[k] == "要" or long_verb_re().match(text, k, stop):
                return m
    return None


@lru_cache(maxsize=1)
def speaker_cue_parts() -> tuple[re.Pattern[str], ...]:
    """The four alternatives of a speaker cue, tried in this order at each position; the
    first and third follow a speaker (:class:`SpeakerCue`)."""
    return (
        re.compile(f"{SPEECH_SETTING}(?:还|再次|进一步|特别|同时|殷切|就[^,。]{{0,20}})?(?:{cues()})"),
        re.compile(r"(?:明确提出|提出了?[^,。]{0,8}要求,要求|主要任务是)"),
        # 康华平在讲话中表示,金融系统工会要…: a speaker's statement that sets work
        re.compile(f"{SPEECH_SETTING}(?:还|也)?(?:表示|说)[,，:：“]*(?=[^。;；]{{0,30}}?(?:要|将))"),
        # 就…提出四点要求: / 对代表们提出三点希望:
        re.compile(r"(?:提出|寄予)了?[^,，。]{0,24}?(?:要求|希望|期望|意见|建议)[:：]"),
    )


#: The characters the second and the fourth alternative of a speaker cue start with.
_FIXED_FIRST, _REQUEST_FIRST = "明提主", "提寄"
#: Where one of :data:`SPEAKERS` or of those characters starts: a one-character match each
#: (the rest of a word in a lookahead), so that overlapping words are all found.
_STATIC_STARTS = re.compile("|".join(
    [re.escape(w[0]) + (f"(?={re.escape(w[1:])})" if len(w) > 1 else "") for w in SPEAKERS]
    + [f"[{_FIXED_FIRST + _REQUEST_FIRST}]"]))


class SpeakerCue:
    """A speaker (a person of the report, or :data:`SPEAKERS`) and a cue: what the regex
    ``(?:SPEAKERS)A|B|(?:SPEAKERS)C|D`` of :func:`speaker_cue_parts` finds with ``search``
    (leftmost position; there, the alternatives and the speakers in regex order, longest
    first), without compiling a regex of each report's names.

    >>> SpeakerCue({"王平"}).search("会上,王平强调,要抓好安全。", 0, 13)
    (3, 7)
    """

    def __init__(self, names) -> None:
        self.speakers = sorted(set(names) | set(SPEAKERS), key=lambda w: (-len(w), w))
        self.by_first: dict[str, list[str]] = {}
        for name in self.speakers:
            if name:
                self.by_first.setdefault(name[0], []).append(name)
        self.empty = "" in self.speakers  # an empty speaker: every position may start a cue
        # what else a cue may start with: a speaker of the report
        self.starters = [w for w in self.speakers if w and w not in SPEAKERS]

    def _starts(self, text: str, s: int, e: int) -> list[int]:
        """Positions in ``[s, e)`` where a cue may start (where one of :attr:`starters` is)."""
        if self.empty:
            return list(range(s, e))
        found = {m.start() for m in _STATIC_STARTS.finditer(text, s, e)}
        for w in self.starters:
            i = text.find(w, s, e)
            while i >= 0:
                found.add(i)
                i = text.find(w, i + 1, e)
        return sorted(found)

    def positions(self, text: str) -> list[int]:
        """Where in the whole ``text`` a cue may start: :meth:`_starts` found once for all the
        sentences :meth:`search` is given."""
        return self._starts(text, 0, len(text))

    def search(self, text: str, s: int, e: int, positions: list[int] | None = None) -> tuple[int, int] | None:
        """``(start, end)`` of the first cue in ``text[s:e]``, or ``None``; tried where
        :meth:`_starts` says, or at the ``positions`` (:meth:`positions` of ``text``) in
        ``[s, e)``: the same finds (a word there that runs past ``e`` starts no cue, as
        each alternative is matched up to ``e`` only)."""
        after_speaker, fixed, statement, request = speaker_cue_parts()
        by_first = self.by_first
        if positions is None:
            starts = self._starts(text, s, e)
        else:
            starts = positions[bisect_left(positions, s): bisect_left(positions, e)]
        for p in starts:
            ch = text[p]
            names = by_first.get(ch, ())
            if self.empty:
                names = [*names, ""]
            for name in names:  # A after a speaker
                if text.startswith(name, p, e) and (m := after_speaker.match(text, p + len(name), e)):
                    return p, m.end()
            if ch in _FIXED_FIRST and (m := fixed.match(text, p, e)):  # B
                return p, m.end()
            for name in names:  # C after a speaker
                if text.startswith(name, p, e) and (m := statement.match(text, p + len(name), e)):
                    return p, m.end()
            if ch in _REQUEST_FIRST and (m := request.match(text, p, e)):  # D
                return p, m.end()
        return None


def _scopes(doc: Document, people: list[Mention]) -> Iterator[tuple[int, int, int]]:
    """``(start, end, content_start)`` of sentences that set tasks."""
    text = doc.text
    speaker_cue = SpeakerCue(m.name for m in people)
    positions = speaker_cue.positions(text)
    in_scope_para = -1
    para_start = 0
    for s, e in doc.sentences:
        p = text.rfind("\n", 0, s) + 1
        if p != para_start:
            # a list item in the next paragraph keeps the list's scope
            keep = in_scope_para >= 0 and LIST_ITEM.match(text, s)
            para_start = p
            in_scope_para = p if keep else -1
        cue = speaker_cue.search(text, s, e, positions)
        c = _clause_cue(text, s, cue[0] if cue else e)
        if c or cue:
            in_scope_para = p
            content = c.end() if c else cue[1]
            while content < e and text[content] in ",，:：":
                content += 1
            yield s, e, content
        elif in_scope_para == p or OPENS_WITH_WORK.match(text, s):
            yield s, e, s


#: The title of a work report given at the meeting: ``作题为《A B》的工作报告``.
REPORT_TITLE = re.compile(
    r"题为[“\"]?《([^》\n]{6,80})》[”\"]?的(?:工作)?报告|报告以《([^》\n]{6,80})》为题"
)


_TITLE_PART = re.compile(r"[^\s—]+")


def _report_mission(text: str) -> Iterator[tuple[int, int]]:
    """The mission a work report's title sets: its last part (``…团结动员…为…而奋斗``).

    Such titles pair a motto with the call to action; the call comes last.
    """
    for m in REPORT_TITLE.finditer(text):
        g = 1 if m.group(1) else 2
        parts = list(_TITLE_PART.finditer(m.group(g)))
        if len(parts) > 1:
            last = parts[-1]
            yield m.start(g) + last.start(), m.start(g) + last.end()


def extract_tasks(doc: Document, ctx: Context, people: list[Mention], meetings: list[Meeting]) -> list[Task]:
    """Tasks set by the report's main meeting (none without one)."""
    main = next((m for m in meetings if m.main), None)
    if main is None:
        return []
    text = doc.text
    out: list[Task] = []
    seen: set[str] = set()
    spans = [span for s, e, content in _scopes(doc, people) for span in _clauses(text, content, e)]
    spans += list(_report_mission(text))
    for cs, ce in spans:
        raw = text[cs:ce]
        clause = _clean(raw)
        for item, verb in _items(clause) if len(clause) > MAX_LEN else [(clause, True)]:
            if not is_task(item, verb) or item in seen:
                continue
            seen.add(item)
            off = cs + raw.find(item) if item in raw else cs
            out.append(Task(main.key, item, doc.evidence(off, off + len(item))))
    return out


def _items(clause: str) -> list[tuple[str, bool]]:
    """The items of a clause too long to be one task, split at its list commas, each with
    whether it must open with a verb: ``着力抓好甲、乙、丙等重点工作`` -> ``着力抓好甲``,
    ``乙``, ``丙`` (items after the first are the objects of its verb)."""
    parts = [p for p in _LIST_COMMA.split(clause) if p]
    if len(parts) < 2 or not is_task(parts[0]):
        return [(clause, True)]
    parts[-1] = _ETC_END.sub("", parts[-1])
    return [(parts[0], True)] + [(p, False) for p in parts[1:]]


_LIST_COMMA = re.compile(r"、(?![^“”]*”)")
_ETC_END = re.compile(r"等[\u4e00-\u9fff]{0,8}$")
