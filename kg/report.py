"""The record of one report in a build: where it came from, how it was read, its facts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .document import Document, Region
from .facts import Facts

OK, ERROR, DUPLICATE = "ok", "error", "duplicate"
FACT_KINDS = ("memberships", "meetings", "tasks", "participations")


@dataclass
class Report:
    id: str
    path: str
    status: str = OK  # ok | error | duplicate
    error: str = ""
    duplicate_of: str = ""
    encoding: str = ""
    script: str = ""
    format: str = ""
    title: str = ""
    published: date | None = None
    region: Region = field(default_factory=Region)
    chars: int = 0  # characters of the original text
    text_hash: str = ""  # of the normalised text: equal hashes are duplicates
    warnings: list[str] = field(default_factory=list)
    facts: Facts | None = None

    @classmethod
    def from_document(cls, doc: Document, text_hash: str, facts: Facts | None = None) -> Report:
        return cls(
            id=doc.id, path=doc.path, encoding=doc.encoding, script=doc.script, format=doc.fmt,
            title=doc.title, published=doc.published, region=doc.region, chars=len(doc.original),
            text_hash=text_hash, warnings=list(doc.warnings), facts=facts,
        )

    @property
    def message(self) -> str:
        """One line on what happened to the report (for the CLI and the build report)."""
        if self.status == ERROR:
            return self.error
        if self.status == DUPLICATE:
            return f"duplicate of {self.duplicate_of}"
        return ""

    def counts(self) -> dict[str, int]:
        if self.facts is None or self.status != OK:
            return {kind: 0 for kind in FACT_KINDS}
        return self.facts.counts()

    def to_json(self) -> dict:
        """The report's entry in ``build-report.json``."""
        return {
            "id": self.id,
            "path": self.path,
            "status": self.status,
            "message": self.message,
            "duplicate_of": self.duplicate_of or None,
            "encoding": self.encoding or None,
            "script": self.script or None,
            "format": self.format or None,
            "title": self.title or None,
            "published": self.published.isoformat() if self.published else None,
            "region": str(self.region) or None,
            "chars": self.chars,
            "counts": self.counts(),
            "warnings": self.warnings,
            "error": self.error or None,
        }
