"""Lexicons: data files (titles, org suffixes, meeting words, cue words) and their loaders.

A rule lives next to its data: a new title is a line in ``titles.txt``, not a code change.
Files hold entries separated by whitespace (usually one per line); ``#`` starts a comment; TSV files have tab-separated fields.
"""
from __future__ import annotations

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
