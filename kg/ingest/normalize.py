"""Normalisation: controls, pinyin glosses, Traditional -> Simplified (OpenCC), NFKC,
repeated paragraphs — each step keeping the map back to the original characters."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .textmap import MappedText, per_char, rewrite, sub

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
#: ``會(huì)``, ``工(gōng)``, full-width brackets too: a gloss has at least one tone mark.
GLOSS = re.compile(
    rf"(?<=[{_CJK}?\ufffd])[(（](?=[^)）]*[{_TONE}])[a-zA-Z{_TONE}' ]{{1,40}}[)）]"
)
#: Neutral-tone glosses (``的(de)``): removed only in a report that has tone-marked ones.
PLAIN_GLOSS = re.compile(rf"(?<=[{_CJK}])[(（][a-z]{{1,6}}[)）]")
CONTROLS = re.compile(r"\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]")
SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
LINE_EDGE = re.compile(r"^[ \t]+|[ \t]+$", re.M)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, list[int] | None]:
    """OpenCC Traditional -> Simplified; falls back to per-character where lengths change."""
    cc = _t2s()
    out = cc.convert(text)
    if len(out) == len(text):
        return out, None
    return per_char(text, cc.convert)


def nfkc(text: str) -> tuple[str, list[int] | None]:
    if unicodedata.is_normalized("NFKC", text):
        return text, None
    return per_char(text, lambda c: unicodedata.normalize("NFKC", c))


def _controls(m: re.Match[str]) -> str:
    return "\n" if m.group(0).startswith("\r") else ""


def dedupe_spans(text: str, min_len: int = 12) -> list[tuple[int, int, str]]:
    """Deletions for lines and sentences that repeat an earlier one (pages repeat their lead)."""
    lines_seen: set[str] = set()
    sents_seen: set[str] = set()
    deletions: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        key = line.strip()
        if len(key) < min_len:
            continue
        if key in lines_seen or key in sents_seen:
            deletions.append((start, min(end + 1, len(text)), ""))
            continue
        lines_seen.add(key)
        # sentence level: a paragraph that repeats sentences of an earlier one
        for m in re.finditer(r"[^。！？!?]+[。！？!?]", line):
            sent = m.group(0).strip()
            if len(sent) < min_len:
                continue
            if sent in sents_seen:
                deletions.append((start + m.start(), start + m.end(), ""))
            else:
                sents_seen.add(sent)
    return sorted(deletions)


def normalize(original: str) -> tuple[str, list[int] | None, str]:
    """Normalise report text; returns ``(text, offsets, script)``.

    ``offsets[i]`` is the index in ``original`` of ``text[i]`` (``None``: identical).
    ``script`` is ``simplified``, ``traditional`` or ``pinyin-annotated``.
    """
    mt = MappedText(original)
    mt.apply(sub(CONTROLS, _controls, mt.text))
    glosses = len(GLOSS.findall(mt.text))
    script = "simplified"
    if glosses:
        mt.apply(sub(GLOSS, "", mt.text))
        if glosses >= 3:
            mt.apply(sub(PLAIN_GLOSS, "", mt.text))
        script = "pinyin-annotated"
    # Convert only a Traditional report: in a Simplified one, t2s would still rewrite
    # characters that Simplified keeps in names (乾 -> 干, 於 -> 于).
    converted, cmap = to_simplified(mt.text)
    changed = sum(1 for a, b in zip(mt.text, converted) if a != b) if cmap is None else len(converted)
    cjk = max(1, len(re.findall(rf"[{_CJK}]", mt.text)))
    if changed >= 2 and changed / cjk > 0.02:
        mt.apply((converted, cmap))
        if script == "simplified":
            script = "traditional"
    mt.apply(nfkc(mt.text))
    mt.apply(sub(SPACE_RUN, " ", mt.text))
    mt.apply(sub(LINE_EDGE, "", mt.text))
    mt.apply(rewrite(mt.text, dedupe_spans(mt.text)))
    return mt.text, mt.map, script
