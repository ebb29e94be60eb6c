"""Where a regex can match: the characters its matches start with, to try it there only.

``re`` tries a pattern at every position of the text; for a pattern whose matches start
with one of a few characters (an alternation of cue words, of meeting words), a search
for those characters first, then a ``match`` at each, finds the same matches for less.

>>> rx = re.compile(r"(?:作|做)?讲话|主持")
>>> first_chars(rx)
'[主作做讲]'
>>> [m.span() for m in finditer(rx, "甲主持,乙作讲话", 0, 8)]
[(1, 3), (5, 8)]
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from re import _constants as C, _parser as P  # the parser of ``re`` itself (Python >= 3.11)


class _Unknown(Exception):
    """A piece of a pattern whose first characters are not told (any character may start it)."""


def _firsts(items) -> tuple[set[str], bool]:
    """Regex class items that a match of the parsed sequence ``items`` can start with, and
    whether that match may be empty."""
    out: set[str] = set()
    for op, av in items:
        got, empty = _first(op, av)
        out |= got
        if not empty:
            return out, False
    return out, True


def _char(c: int) -> str:
    return re.escape(chr(c))


def _first(op, av) -> tuple[set[str], bool]:
    if op is C.LITERAL:
        return {_char(av)}, False
    if op is C.IN:
        got = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                got.add(_char(iav))
            elif iop is C.RANGE:
                got.add(f"{_char(iav[0])}-{_char(iav[1])}")
            elif iop is C.CATEGORY and iav is C.CATEGORY_DIGIT:
                got.add(r"\d")
            else:
                raise _Unknown  # a negated class, a category of letters or spaces
        return got, False
    if op is C.BRANCH:
        got, empty = set(), False
        for alt in av[1]:
            g, e = _firsts(alt)
            got |= g
            empty = empty or e
        return got, empty
    if op is C.SUBPATTERN:
        _, add_flags, _, sub = av
        if add_flags & (C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_VERBOSE):
            raise _Unknown
        return _firsts(sub)
    if op is C.ATOMIC_GROUP:
        return _firsts(av)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _, sub = av
        got, empty = _firsts(sub)
        return got, empty or lo == 0
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return set(), True  # consumes nothing: what follows starts the match
    raise _Unknown


@lru_cache(maxsize=None)
def first_chars(rx: re.Pattern[str]) -> str | None:
    """A regex character class of every character a match of ``rx`` can start with; ``None``
    when a match may be empty or start with any character (or the flags are not plain)."""
    if rx.flags & ~(re.UNICODE | re.MULTILINE | re.DOTALL):
        return None
    try:
        got, empty = _firsts(P.parse(rx.pattern, rx.flags))
    except (_Unknown, re.error):
        return None
    if empty or not got:
        return None
    return "[" + "".join(sorted(got)) + "]"


@lru_cache(maxsize=None)
def _starts(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    chars = first_chars(rx)
    return re.compile(chars) if chars else None


def finditer(rx: re.Pattern[str], text: str, s: int, e: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(text, s, e)``: the same matches, ``rx`` tried only where one of its
    first characters stands (a pattern :func:`first_chars` cannot tell is run as it is)."""
    starts = _starts(rx)
    if starts is None:
        yield from rx.finditer(text, s, e)
        return
    pos = s
    match = rx.match
    for c in starts.finditer(text, s, e):
        p = c.start()
        if p < pos:
            continue
        m = match(text, p, e)
        if m is not None:
            yield m
            pos = m.end()


def search(rx: re.Pattern[str], text: str, s: int, e: int) -> re.Match[str] | None:
    """``rx.search(text, s, e)``, tried only where one of its first characters stands."""
    return next(finditer(rx, text, s, e), None)
