"""Lexicons: data files (titles, org suffixes, meeting words, cue words) and their loaders.

A rule lives next to its data: a new title is a line in ``titles.tsv``, not a code change.
Each word list has one file: ``titles.tsv`` says what each title is and which body it
implies, ``org_heads.tsv`` holds every word an organisation's name ends with.
Files hold entries separated by whitespace (usually one per line); ``#`` starts a comment; TSV files have tab-separated fields.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line)
    return out


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """Entries of a one-column data file, longest first (for longest-match regexes)."""
    entries = {w for line in _lines(name) for w in line.split()}
    return tuple(sorted(entries, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV data file."""
    return tuple(tuple(f.strip() for f in line.split("\t")) for line in _lines(name))


def alternation(entries) -> str:
    """A regex alternation of literal entries, longest first."""
    import re

    return "|".join(re.escape(e) for e in sorted(set(entries), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class TitleInfo:
    """What a base title is (a row of ``titles.tsv``)."""

    holder: str  # party | government | union | company | congress | rank | "" (any body)
    body: str  # the body the title implies alone (市长 -> 人民政府), or ""
    unit: str = ""  # the unit of its org the title is held in (书记处书记 -> 书记处), or ""


@lru_cache(maxsize=1)
def titles() -> dict[str, TitleInfo]:
    """Base titles -> what they are."""
    return {row[0]: TitleInfo(*(list(row[1:4]) + ["", "", ""])[:3]) for row in table("titles.tsv")}


@lru_cache(maxsize=None)
def org_heads(tag: str = "") -> tuple[str, ...]:
    """Head words of organisation names (``org_heads.tsv``), longest first; with ``tag``,
    only those tagged so (``organiser``, ``regional``)."""
    found = {row[0] for row in table("org_heads.tsv") if not tag or tag in (row[1:2] or ("",))[0].split()}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))
