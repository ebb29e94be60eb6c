"""Typed fact records. Every fact carries its :class:`Evidence`.

Offsets in ``Evidence`` are into the report's *original* text; ``quote`` is the sentence
that states the fact, as it stands in the original.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date

PARTICIPATION_KINDS = ("presided", "attended", "spoke", "reported", "elected", "appointed")


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Org:
    """An organisation: canonical full name first, then accepted alternative names."""

    name: str
    aliases: tuple[str, ...] = ()
    level: str = ""  # national | province | city | county | enterprise | ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *[a for a in self.aliases if a != self.name])


@dataclass(frozen=True)
class Membership:
    person: str
    role: str
    org: Org
    evidence: Evidence
    how: str = "stated"  # stated | elected | appointed
    # The term, where the text says (kg.extract.terms): a date with its precision (day |
    # month | year; a month-precise date is the 1st) and the cue word (当选, 免去, 原 ...).
    began: date | None = None
    began_precision: str = ""
    began_cue: str = ""
    ended: date | None = None
    ended_precision: str = ""
    ended_cue: str = ""
    succeeds: str = ""  # the predecessor's name (接替)


@dataclass(frozen=True)
class Meeting:
    key: str
    org: Org
    name: str
    date: date | None
    main: bool
    evidence: Evidence
    end_date: date | None = None
    status: str = ""  # held | mentioned | planned (kg.extract.meeting_status); "" = from ``main``

    @property
    def state(self) -> str:
        """``status``, or what ``main`` implies when no status was set."""
        return self.status or ("held" if self.main else "mentioned")


@dataclass(frozen=True)
class Task:
    meeting: str  # Meeting.key
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class Participation:
    person: str
    kind: str  # one of PARTICIPATION_KINDS
    meeting: str  # Meeting.key
    evidence: Evidence


@dataclass
class Facts:
    """All facts extracted from one report."""

    doc_id: str
    memberships: list[Membership] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "memberships": len(self.memberships),
            "meetings": len(self.meetings),
            "tasks": len(self.tasks),
            "participations": len(self.participations),
        }

    def __iter__(self) -> Iterator[Membership | Meeting | Task | Participation]:
        """Every fact: meetings, memberships, tasks, then participations."""
        yield from self.meetings
        yield from self.memberships
        yield from self.tasks
        yield from self.participations

    def __len__(self) -> int:
        return sum(self.counts().values())

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
        return f"<Facts of {self.doc_id!r}: {counts}>"

    def to_dict(self) -> dict[str, list[dict]]:
        """The facts as plain data (JSON-ready): one list of records per kind."""
        return {kind: [record_dict(f) for f in getattr(self, kind)] for kind in self.counts()}

    def to_frame(self, kind: str):
        """One kind of fact (``"memberships"``, …) as a pandas DataFrame, one row per fact,
        org and evidence flattened into columns (``org``, ``quote``, ``start``, ``end``)."""
        import pandas as pd

        if kind not in self.counts():
            raise ValueError(f"unknown kind of fact {kind!r}; use one of {', '.join(self.counts())}")
        rows = [_flat(record_dict(f)) for f in getattr(self, kind)]
        columns = [f.name for f in fields(_KINDS[kind]) if f.name not in ("evidence",)]
        columns += ["doc_id", "start", "end", "quote"]
        return pd.DataFrame(rows, columns=columns)


_KINDS = {"memberships": Membership, "meetings": Meeting, "tasks": Task, "participations": Participation}


def record_dict(record) -> dict:
    """A fact record as plain data: dates as ISO text, the org as its names and level."""
    data = asdict(record)
    for key, value in data.items():
        if isinstance(value, date):
            data[key] = value.isoformat()
    return data


def _flat(data: dict) -> dict:
    """Org as its canonical name, evidence as its fields."""
    flat = dict(data)
    if isinstance(flat.get("org"), dict):
        flat["org"] = flat["org"]["name"]
    flat.update(flat.pop("evidence"))
    return flat
