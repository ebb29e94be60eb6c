"""Query results as plain values, and writers for table, CSV and JSON."""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import IO, Any

FORMATS = ("table", "csv", "json")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}

Value = str | int | None


def plain(term: Any) -> Value:
    """A pyoxigraph term as a plain value: IRIs and literals as strings, integers as int."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "Literal":
        if term.datatype.value in _INTEGERS:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        return term.value
    if kind == "BlankNode":
        return f"_:{term.value}"
    return term.value


@dataclass
class QueryResult:
    """Rows of a SELECT query: ``columns`` (variable names) and ``rows`` (tuples of values)."""

    columns: list[str]
    rows: list[tuple[Value, ...]]
    #: What the user should know about the answer (a name that matches nothing, an ambiguous one).
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def as_dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def write(self, fmt: str, out: IO[str]) -> None:
        """Write the rows to ``out`` as ``table``, ``csv`` or ``json``."""
        if fmt == "csv":
            self.write_csv(out)
        elif fmt == "json":
            self.write_json(out)
        elif fmt == "table":
            self.write_table(out)
        else:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")

    def write_csv(self, out: IO[str]) -> None:
        """CSV with a header row; unbound values are empty."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)

    def write_json(self, out: IO[str]) -> None:
        """A JSON list of objects, one per row (characters a terminal would act on as
        ``\\uXXXX`` escapes: the same JSON data, safe to print)."""
        text = json.dumps(self.as_dicts(), ensure_ascii=False, indent=1)
        out.write(_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n")

    def write_table(self, out: IO[str], max_width: int = 48) -> None:
        """An aligned text table (CJK characters count two columns), long cells cut short."""
        cells = [[_cut("" if v is None else str(v), max_width) for v in row] for row in self.rows]
        widths = [_width(c) for c in self.columns]  # variable names: printable by SPARQL's grammar
        for row in cells:
            widths = [max(w, _width(c)) for w, c in zip(widths, row)]
        line = "  ".join
        out.write(line(_pad(c, w) for c, w in zip(self.columns, widths)).rstrip() + "\n")
        out.write(line("-" * w for w in widths) + "\n")
        for row in cells:
            out.write(line(_pad(c, w) for c, w in zip(row, widths)).rstrip() + "\n")
        out.write(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})\n")

    def to_string(self, fmt: str = "table") -> str:
        buf = io.StringIO()
        self.write(fmt, buf)
        return buf.getvalue()


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _width(text: str) -> int:
    return sum(_char_width(ch) for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


#: Characters a terminal acts on (escape sequences, bidi overrides) rather than shows.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: line breaks and tabs become spaces, other
    control characters (``\\x1b[2J`` in a report's sentence) visible escapes."""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _cut(text: str, width: int) -> str:
    text = printable(text)
    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        used += _char_width(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"
