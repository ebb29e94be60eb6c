"""Hand-made facts and reports for the tests (the real extractors are not used here)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.document import Document, Region
from kg.facts import Evidence, Facts, Meeting, Membership, Org, Participation, Task
from kg.report import Report


def ev(doc_id: str, start: int = 0, end: int = 2, quote: str = "引文。") -> Evidence:
    return Evidence(doc_id, start, end, quote)


def org(name: str, *aliases: str, level: str = "") -> Org:
    return Org(name, tuple(aliases), level)


def report(doc_id: str, facts: Facts | None = None, region: Region = Region("甘肃省"), **kw) -> Report:
    """A read report with ``facts`` (empty by default)."""
    kw.setdefault("path", f"reports/{doc_id}.txt")
    kw.setdefault("encoding", "utf-8")
    kw.setdefault("script", "simplified")
    kw.setdefault("format", "text")
    kw.setdefault("chars", 100)
    return Report(doc_id, region=region, facts=facts if facts is not None else Facts(doc_id), **kw)


@dataclass
class Script:
    """What the fake extractor finds in one report; evidence spans are found in the text."""

    memberships: list[tuple[str, str, Org]] = field(default_factory=list)  # person, role, org
    meetings: list[tuple[str, Org, str, date | None, bool]] = field(default_factory=list)  # key, org, name, date, main
    tasks: list[tuple[str, str]] = field(default_factory=list)  # meeting key, text
    participations: list[tuple[str, str, str]] = field(default_factory=list)  # person, kind, meeting key


def _span(doc: Document, needle: str) -> Evidence:
    i = doc.text.find(needle)
    if i < 0:
        i, needle = 0, doc.text[:1]
    return doc.evidence(i, i + len(needle))


class FakeExtractor:
    """Stands in for ``kg.extract.extract_all``: facts from a script per report id."""

    def __init__(self, scripts: dict[str, Script], fail: set[str] = frozenset()) -> None:
        self.scripts = scripts
        self.fail = set(fail)

    def __call__(self, doc: Document) -> Facts:
        if doc.id in self.fail:
            raise RuntimeError("extractor exploded")
        s = self.scripts.get(doc.id, Script())
        facts = Facts(doc.id)
        facts.memberships = [Membership(p, r, o, _span(doc, p)) for p, r, o in s.memberships]
        facts.meetings = [Meeting(k, o, n, d, main, _span(doc, n)) for k, o, n, d, main in s.meetings]
        facts.tasks = [Task(k, t, _span(doc, t)) for k, t in s.tasks]
        facts.participations = [Participation(p, kind, k, _span(doc, p)) for p, kind, k in s.participations]
        return facts


GANSU = org("甘肃省总工会", "省总工会", "省总", level="province")
GANSU_PARTY = org("甘肃省委", "省委", level="province")

#: Two small reports about the same meeting, and one about another province.
TEXTS = {
    "r1": "甘肃省总工会召开十二届九次全委(扩大)会议\n"
          "本报讯 3月4日，甘肃省总工会十二届九次全委(扩大)会议在兰州召开。"
          "省委常委、省总工会主席吴明明出席会议并讲话。省总工会副主席张弘强主持会议。"
          "会议要求，深化产业工人队伍建设改革。\n",
    "r2": "省总工会全委会议闭幕\n"
          "甘肃省总工会十二届九次全委(扩大)会议3月4日在兰州闭幕。省总工会主席吴明明作总结讲话。"
          "会议强调，扎实推进工会改革创新。\n",
    "r3": "福建省总工会召开干部大会\n"
          "福建省总工会干部大会在福州召开。周联清当选为福建省总工会主席。\n",
}

SCRIPTS = {
    "r1": Script(
        memberships=[("吴明明", "常委", GANSU_PARTY), ("吴明明", "主席", GANSU), ("张弘强", "副主席", GANSU)],
        meetings=[("m1", GANSU, "十二届九次全委(扩大)会议", date(2022, 3, 4), True)],
        tasks=[("m1", "深化产业工人队伍建设改革")],
        participations=[("吴明明", "attended", "m1"), ("吴明明", "spoke", "m1"), ("张弘强", "presided", "m1")],
    ),
    "r2": Script(
        memberships=[("吴明明", "主席", GANSU)],
        meetings=[("m1", GANSU, "十二届九次全委(扩大)会议", date(2022, 3, 4), True)],
        tasks=[("m1", "扎实推进工会改革创新")],
        participations=[("吴明明", "spoke", "m1")],
    ),
    "r3": Script(
        memberships=[("周联清", "主席", org("福建省总工会", level="province"))],
        meetings=[("m1", org("福建省总工会", level="province"), "干部大会", None, True)],
        participations=[("周联清", "elected", "m1")],
    ),
}


def write_reports(folder, texts: dict[str, str] = TEXTS) -> None:
    """Write the reports as UTF-8 ``.txt`` files named by their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
