"""Text rewriting that remembers where every character came from.

Each rewrite step yields new text plus a *local map* (for each new character, the index of
the character it came from in the step's input), or ``None`` when nothing moved. Steps
compose, so after all of normalisation ``offsets[i]`` is the original index of ``text[i]``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

LocalMap = list[int] | None


def compose(outer: LocalMap, inner: LocalMap) -> LocalMap:
    """Map of applying ``inner`` after ``outer`` (``None`` is the identity)."""
    if inner is None:
        return outer
    if outer is None:
        return inner
    return [outer[j] for j in inner]


def rewrite(text: str, pieces: Iterable[tuple[int, int, str]]) -> tuple[str, LocalMap]:
    """Replace non-overlapping, sorted spans ``(start, end, replacement)`` of ``text``.

    A replacement character maps to the matching character of the span when it has one,
    else to the span's last character; an empty replacement is a deletion.
    """
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    changed = False
    for start, end, repl in pieces:
        if start < pos:
            continue
        out.append(text[pos:start])
        idx.extend(range(pos, start))
        if repl != text[start:end]:
            changed = True
        out.append(repl)
        if repl:
            span = max(end - start, 1)
            idx.extend(start + min(k, span - 1) for k in range(len(repl)))
        pos = end
    if not changed:
        return text, None
    out.append(text[pos:])
    idx.extend(range(pos, len(text)))
    return "".join(out), idx


def sub(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], text: str) -> tuple[str, LocalMap]:
    """``re.sub`` that also returns the local map."""
    if isinstance(repl, str):
        func = (lambda m: m.expand(repl)) if "\\" in repl else (lambda m: repl)
    else:
        func = repl
    return rewrite(text, ((m.start(), m.end(), func(m)) for m in pattern.finditer(text)))


def per_char(text: str, convert: Callable[[str], str]) -> tuple[str, LocalMap]:
    """Convert character by character (for conversions that may change length)."""
    out: list[str] = []
    idx: list[int] = []
    changed = False
    for i, ch in enumerate(text):
        new = convert(ch)
        if new != ch:
            changed = True
        out.append(new)
        idx.extend([i] * len(new))
    if not changed:
        return text, None
    return "".join(out), idx


class MappedText:
    """Text under rewriting, with the composed map back to the first version."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.map: LocalMap = None

    def apply(self, result: tuple[str, LocalMap]) -> None:
        new_text, local = result
        if local is None and len(new_text) != len(self.text):
            raise ValueError("a length-changing rewrite must return a map")
        self.map = compose(self.map, local)
        self.text = new_text
