"""Query results as plain values, and writers for table, CSV, TSV, JSON and JSON lines.

The writers take the column names and an iterator of rows, so that a result is written
while the engine produces it (:meth:`kg.store.GraphStore.select_into`): memory stays flat
for any number of rows in ``csv``, ``tsv``, ``json`` and ``jsonl``, and a reader that stops
(``| head``) stops the query. ``table`` must see every row to align the columns: it shows
at most ``max_rows`` (:data:`TABLE_MAX_ROWS` by default in ``kg query``).

Output meant for people is made harmless: in ``csv`` and ``tsv`` a text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading ``'``, and characters a terminal acts on (escape sequences,
bidi overrides) are written as visible escapes; ``raw=True`` (``kg query --raw``) writes
cells exactly as stored. ``table`` and ``json`` always escape such characters.
"""
from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
#: Rows ``kg query --format table`` shows unless told otherwise (``--max-rows``).
TABLE_MAX_ROWS = 10_000
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}

Value = str | int | None
Row = tuple[Value, ...]


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
class Written:
    """What a writer wrote: ``rows`` rows, and whether more were left out (``capped``)."""

    rows: int
    capped: bool = False


def write_rows(fmt: str, columns: list[str], rows: Iterable[Row], out: IO[str], raw: bool = False,
               max_rows: int | None = None) -> Written:
    """Write ``rows`` to ``out`` in format ``fmt`` (one of :data:`FORMATS`), at most
    ``max_rows`` of them (None: all); the rows are read one by one, as they come."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    capped = _Capped(rows, max_rows)
    writer(columns, capped, out, raw)
    return Written(capped.count, capped.more)


class _Capped:
    """The rows, stopping after ``limit``; ``more`` tells whether there was another."""

    def __init__(self, rows: Iterable[Row], limit: int | None) -> None:
        self._rows, self.limit = iter(rows), limit
        self.count, self.more = 0, False

    def __iter__(self) -> Iterator[Row]:
        for row in self._rows:
            if self.limit is not None and self.count >= self.limit:
                self.more = True
                return
            self.count += 1
            yield row


# -- cells -----------------------------------------------------------------------------------

#: Characters a terminal acts on (escape sequences, bidi overrides) rather than shows.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def safe_cell(value: Value, raw: bool = False) -> str:
    """A CSV/TSV cell: formulas neutralised (``'`` first), terminal controls made visible,
    unless ``raw``. Numbers are numbers."""
    if value is None:
        return ""
    if isinstance(value, int) or raw:
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return _visible(text)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: line breaks and tabs become spaces, other
    control characters (``\\x1b[2J`` in a report's sentence) visible escapes."""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _visible(text)


# -- writers ---------------------------------------------------------------------------------

_CSV_QUOTE = re.compile('[",\r\n]')


def _csv_field(text: str) -> str:
    """RFC 4180 quoting: a field with a comma, quote or line break (also a lone CR, which
    :mod:`csv` leaves bare with ``\\n`` line ends) is quoted."""
    return '"' + text.replace('"', '""') + '"' if _CSV_QUOTE.search(text) else text


def _write_csv(columns: list[str], rows: Iterable[Row], out: IO[str], raw: bool) -> None:
    """CSV with a header row, ``\\n`` line ends; unbound values are empty."""
    out.write(",".join(map(_csv_field, columns)) + "\n")
    for row in rows:
        out.write(",".join(_csv_field(safe_cell(v, raw)) for v in row) + "\n")


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _tsv_cell(value: Value, raw: bool) -> str:
    """A TSV cell: tab, line ends and backslash escaped (``\\t``, ``\\n``, ``\\r``, ``\\\\``)."""
    text = safe_cell(value, raw)
    return re.sub(r"[\\\t\n\r]", lambda m: _TSV_ESCAPES[m.group(0)], text)


def _write_tsv(columns: list[str], rows: Iterable[Row], out: IO[str], raw: bool) -> None:
    """Tab-separated values with a header row, one line per row."""
    out.write("\t".join(columns) + "\n")
    for row in rows:
        out.write("\t".join(_tsv_cell(v, raw) for v in row) + "\n")


def _json_text(obj: Any) -> str:
    """JSON with characters a terminal would act on as ``\\uXXXX`` (the same JSON data)."""
    text = json.dumps(obj, ensure_ascii=False, indent=1)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _write_json(columns: list[str], rows: Iterable[Row], out: IO[str], raw: bool) -> None:
    """A JSON list of objects, one per row, written as the rows come."""
    first = True
    for row in rows:
        item = _json_text(dict(zip(columns, row))).replace("\n", "\n ")
        out.write(("[\n " if first else ",\n ") + item)
        first = False
    out.write("[]\n" if first else "\n]\n")


def _write_jsonl(columns: list[str], rows: Iterable[Row], out: IO[str], raw: bool) -> None:
    """JSON lines: one object per row and line."""
    for row in rows:
        text = json.dumps(dict(zip(columns, row)), ensure_ascii=False)
        out.write(_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n")


def _write_table(columns: list[str], rows: Iterable[Row], out: IO[str], raw: bool, max_width: int = 48) -> None:
    """An aligned text table (CJK characters count two columns), long cells cut short."""
    cells = [[_cut("" if v is None else str(v), max_width) for v in row] for row in rows]
    widths = [_width(c) for c in columns]  # variable names: printable by SPARQL's grammar
    for row in cells:
        widths = [max(w, _width(c)) for w, c in zip(widths, row)]
    line = "  ".join
    out.write(line(_pad(c, w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write(line("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(_pad(c, w) for c, w in zip(row, widths)).rstrip() + "\n")
    more = getattr(rows, "more", False)
    shown = f"{len(cells):,} row{'s' if len(cells) != 1 else ''}"
    out.write(f"(first {shown} only: more not shown)\n" if more else f"({shown})\n")


_WRITERS = {"csv": _write_csv, "tsv": _write_tsv, "json": _write_json, "jsonl": _write_jsonl,
            "table": _write_table}


@dataclass
class QueryResult:
    """Rows of a SELECT query: ``columns`` (variable names) and ``rows`` (tuples of values)."""

    columns: list[str]
    rows: list[Row]
    #: What the user should know about the answer (a name that matches nothing, an ambiguous one).
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def as_dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def write(self, fmt: str, out: IO[str], raw: bool = False) -> None:
        """Write the rows to ``out`` in one of :data:`FORMATS`."""
        write_rows(fmt, self.columns, self.rows, out, raw=raw)

    def write_csv(self, out: IO[str], raw: bool = False) -> None:
        write_rows("csv", self.columns, self.rows, out, raw=raw)

    def write_json(self, out: IO[str]) -> None:
        write_rows("json", self.columns, self.rows, out)

    def write_table(self, out: IO[str]) -> None:
        write_rows("table", self.columns, self.rows, out)

    def to_string(self, fmt: str = "table", raw: bool = False) -> str:
        buf = io.StringIO()
        self.write(fmt, buf, raw=raw)
        return buf.getvalue()


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _width(text: str) -> int:
    return sum(_char_width(ch) for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


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
