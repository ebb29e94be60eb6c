"""The Document: a report's text, normalised, with a map back to the original characters.

Like a spaCy ``Doc``, the document owns the text; every fact points into it by offsets.
``text`` is the normalised text the extractors read (Simplified, NFKC, glosses removed,
repeated paragraphs dropped); ``original`` is the text as read from the file (for HTML:
the page's visible text). ``to_original(i)`` maps a normalised offset to an original one.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .facts import Evidence


@dataclass(frozen=True)
class Region:
    """Administrative region of a report: names as canonical full names, or ``None``."""

    province: str | None = None
    city: str | None = None
    county: str | None = None

    def __str__(self) -> str:
        parts = [self.province or ""]
        if self.city and self.city != self.province:
            parts.append(self.city)
        if self.county:
            parts.append(self.county)
        return "".join(parts)


SENTENCE_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’\"」』)]?|\n|$)")
#: Longer "sentences" (a page without full stops) are cut, at a comma where there is one:
#: the extractors work sentence by sentence and some of their steps grow with the square
#: of a sentence's length. (Real sentences of the genre stay under 400 characters.)
MAX_SENTENCE = 1000
SOFT_BREAKS = frozenset("，,、：: \u3000\t")


@dataclass
class Document:
    id: str
    original: str
    text: str
    offsets: list[int] | None = None  # offsets[i] = original index of text[i]; None = identity
    path: str = ""
    encoding: str = "utf-8"
    fmt: str = "text"  # "text" or "html"
    script: str = "simplified"  # simplified | traditional | pinyin-annotated
    title: str = ""
    published: date | None = None
    region: Region = field(default_factory=Region)
    site: str = ""  # dateline city or publisher
    warnings: list[str] = field(default_factory=list)

    # -- offsets ---------------------------------------------------------------
    def to_original(self, i: int) -> int:
        """Original offset of normalised offset ``i`` (``i == len(text)`` maps to the end)."""
        if self.offsets is None:
            return i
        if i >= len(self.offsets):
            return len(self.original)
        return self.offsets[i]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` span of the normalised span ``[start, end)``."""
        if end <= start:
            s = self.to_original(start)
            return s, s
        return self.to_original(start), self.to_original(end - 1) + 1

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a normalised span: original offsets and the quoted sentence."""
        s_start, s_end = self.sentence_at(start)
        q_stop = max(s_end, end)
        if self.offsets is None:  # identical texts: the spans as they are (original_span)
            o_start, o_end = start, max(start, end)
            q_start, q_end = s_start, max(s_start, q_stop)
        else:
            o_start, o_end = self.original_span(start, end)
            q_start, q_end = self.original_span(s_start, q_stop)
        quote = self.original[q_start:q_end].strip()
        return Evidence(self.id, o_start, o_end, quote)

    # -- sentences ---------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans ``(start, end)`` in the normalised text (ends at 。！？； or newline)."""
        spans = []
        for m in SENTENCE_END.finditer(self.text):
            s, e = m.start(), m.end()
            if e == s:
                continue
            while s < e and self.text[s].isspace():
                s += 1
            t = e
            while t > s and self.text[t - 1].isspace():
                t -= 1
            while t - s > MAX_SENTENCE:
                cut = next((k + 1 for k in range(s + MAX_SENTENCE - 1, s + MAX_SENTENCE // 2, -1)
                            if self.text[k] in SOFT_BREAKS), s + MAX_SENTENCE)
                end = cut
                while end > s and self.text[end - 1].isspace():
                    end -= 1
                spans.append((s, end))
                s = cut
                while s < t and self.text[s].isspace():
                    s += 1
            if t > s:
                spans.append((s, t))
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, i: int) -> tuple[int, int]:
        """The sentence span containing normalised offset ``i``."""
        spans = self.sentences
        k = bisect.bisect_right(self._sentence_starts, i) - 1
        if k >= 0 and spans[k][0] <= i < spans[k][1]:
            return spans[k]
        return (i, i)
