"""Traditional and pinyin-glossed twins of Simplified reports read like the Simplified report.

Twins of the seeds and of some Simplified dev reports (read from ``../shared`` at test time)
are made with OpenCC (s2t, s2hk, s2tw) and with readings added after characters in the gloss
styles that real pages use (``會(huì)``, ``會（huì）``, ``會(huì )``, ``會[huì]``, ``會【huì】``,
HTML ruby). Each twin must give the Simplified report's facts, and every fact's evidence must
point at the same characters in the twin's own original text.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import lru_cache

import pytest

from kg.extract import extract_all
from kg.ingest import document_from_bytes, read_document

from tests.conftest import SEEDS

pypinyin = pytest.importorskip("pypinyin")
opencc = pytest.importorskip("opencc")

CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=None)
def _cc(config: str):
    return opencc.OpenCC(config)


@lru_cache(maxsize=None)
def reading(ch: str) -> str:
    """Tone-marked pinyin of one character (``""`` when pypinyin has none)."""
    py = pypinyin.pinyin(ch, style=pypinyin.Style.TONE)[0][0]
    return py if py != ch and re.fullmatch(r"[a-zü\u0100-\u01dc]+", py) else ""


def convert(text: str, config: str | None) -> str:
    """OpenCC conversion that keeps every character in place (so offsets can be compared)."""
    if config is None:
        return text
    out = _cc(config).convert(text)
    if len(out) != len(text):
        out = "".join(_cc(config).convert(c) if len(_cc(config).convert(c)) == 1 else c for c in text)
    return out


def glossed(text: str, every: int, left: str, right: str) -> tuple[str, list[int]]:
    """``text`` with a reading after every ``every``-th CJK character; also the new index of
    each old character."""
    out: list[str] = []
    where: list[int] = []
    pos = k = 0
    for ch in text:
        where.append(pos)
        piece = ch
        if CJK.match(ch):
            k += 1
            if k % every == 0 and (py := reading(ch)):
                piece += left + py + right
        out.append(piece)
        pos += len(piece)
    return "".join(out), where


def ruby_page(text: str, every: int) -> str:
    """An HTML page of ``text``, every ``every``-th CJK character in ``<ruby>`` with its reading
    (in turn with and without the ``<rp>`` brackets for browsers without ruby)."""
    paras = []
    for line in text.split("\n"):
        parts, k = [], 0
        for ch in line:
            if CJK.match(ch):
                k += 1
                if k % every == 0 and (py := reading(ch)):
                    rt = f"<rp>(</rp><rt>{py}</rt><rp>)</rp>" if k % (2 * every) else f"<rt>{py}</rt>"
                    parts.append(f"<ruby>{ch}{rt}</ruby>")
                    continue
            parts.append(html.escape(ch))
        paras.append(f"<p>{''.join(parts)}</p>")
    return "<html><head><title></title></head><body>" + "\n".join(paras) + "</body></html>"


#: name -> (OpenCC config, gloss: (every, left, right) or None, as HTML ruby)
TWINS: dict[str, tuple[str | None, tuple[int, str, str] | None, bool]] = {
    "s2t": ("s2t", None, False),
    "s2hk": ("s2hk", None, False),
    "s2tw": ("s2tw", None, False),
    "pinyin": (None, (3, "(", ")"), False),
    "s2t+pinyin": ("s2t", (2, "(", ")"), False),
    "s2hk+fullwidth": ("s2hk", (1, "（", "）"), False),
    "s2t+space": ("s2t", (2, "(", " )"), False),
    "s2tw+square": ("s2tw", (3, "[", "]"), False),
    "s2t+lenticular": ("s2t", (4, "【", "】"), False),
    "s2t+ruby": ("s2t", (3, "", ""), True),
}


def twin(original: str, name: str) -> tuple[bytes, Callable[[int], int] | None]:
    """The twin's bytes and the map from an original index to the twin's (``None`` for HTML)."""
    config, gloss, ruby = TWINS[name]
    text = convert(original, config)
    if ruby:
        return ruby_page(text, gloss[0]).encode("utf-8"), None
    if gloss is None:
        return text.encode("utf-8"), lambda i: i
    text, where = glossed(text, *gloss)
    return text.encode("utf-8"), lambda i: where[i] if i < len(where) else len(text)


def facts_of(doc) -> dict[str, set]:
    f = extract_all(doc)
    return {
        "memberships": {(m.person, m.role, m.org.names) for m in f.memberships},
        "meetings": {(m.key, m.org.names, m.name, m.date, m.main) for m in f.meetings},
        "tasks": {(t.meeting, t.text) for t in f.tasks},
        "participations": {(p.person, p.kind, p.meeting) for p in f.participations},
    }


def spans_of(doc) -> set:
    """Each fact with its evidence span in the original text."""
    return {(type(fact).__name__, getattr(fact, "person", ""), getattr(fact, "text", ""),
             getattr(fact, "name", ""), fact.evidence.start, fact.evidence.end)
            for fact in extract_all(doc)}


def sources(shared) -> list:
    """The seeds, and every 10th Simplified dev report (by its gold's script)."""
    dev = []
    for gold in sorted((shared / "corpus/dev/gold").glob("d*.json")):
        if json.loads(gold.read_text(encoding="utf-8")).get("script", "simplified") == "simplified":
            dev.extend((shared / "corpus/dev/docs").glob(gold.stem + ".*"))
    return sorted(SEEDS.glob("*.txt")) + dev[::10]


@pytest.fixture(scope="module")
def originals(shared):
    out = []
    for path in sources(shared):
        doc = read_document(path)
        if doc.script != "simplified":
            continue  # a seed that is glossed itself
        out.append((doc, facts_of(doc), spans_of(doc)))
    return out


@pytest.mark.parametrize("name", list(TWINS))
def test_twin_gives_the_simplified_facts(originals, name):
    for base, facts, spans in originals:
        data, where = twin(base.original, name)
        doc = document_from_bytes(base.id, data)
        assert doc.script != "simplified", (base.id, name)
        assert facts_of(doc) == facts, (base.id, name)
        if where is None:
            continue
        moved = {(kind, person, text, mname, where(s), where(e - 1) + 1) for kind, person, text, mname, s, e in spans}
        assert spans_of(doc) == moved, (base.id, name)
