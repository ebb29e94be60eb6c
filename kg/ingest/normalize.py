"""Normalisation: controls, NFKC, pinyin glosses, spaces, repeated lines and sentences,
Traditional -> Simplified (OpenCC), line edges — each step keeping the map back to the
original characters. Idempotent: normalising normalised text changes nothing
(tests/test_properties.py)."""
from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache

from ..lexicon import words
from .textmap import MappedText, per_char, rewrite, sub

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
#: Brackets that hold a reading after a character: ``會(huì)``, ``會[huì]``, ``會【huì】``,
#: ``會〔huì〕`` (full-width ``（）`` are ``()`` once NFKC has run).
_OPEN, _CLOSE = re.escape("([【〔"), re.escape(")]】〕")
#: ``會(huì)``, ``工(gōng)``, ``中国(zhōng guó)``: a gloss has at least one tone mark.
GLOSS = re.compile(
    rf"(?<=[{_CJK}?\ufffd])[{_OPEN}](?=[^{_CLOSE}]*[{_TONE}])[a-zA-Z{_TONE}' ]{{1,40}}[{_CLOSE}]"
)
#: Neutral-tone glosses (``的(de)``): removed only in a report that has tone-marked ones.
PLAIN_GLOSS = re.compile(rf"(?<=[{_CJK}])[{_OPEN}] ?[a-z]{{1,6}} ?[{_CLOSE}]")
#: A gloss whose opening bracket a broken conversion took with the character before it
#: (``日?qǐng)``, ``李?lèi)``: the ``?`` stands for both): removed, like the others, in a
#: glossed report only.
BROKEN_GLOSS = re.compile(rf"(?<=[?\ufffd])(?=[a-z{_TONE}]*[{_TONE}])[a-z{_TONE}]{{1,8}}[{_CLOSE}]")
CONTROLS = re.compile(r"\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]")
SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
LINE_EDGE = re.compile(r"^[ \t]+|[ \t]+$", re.M)
_CJK_RUN = re.compile(rf"[{_CJK}]+")
SENTENCE_ENDS = "。！？!?"
#: A sentence, or the unterminated rest of a line: the ``$`` alternative lets every match
#: succeed where it starts (``[^。]+[。]`` alone backtracks quadratically on a long line
#: without a full stop).
SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}]+(?:[{SENTENCE_ENDS}]|$)")


#: Traditional 著 is Simplified 着 (着力, 着重, 随着, 接着) except in the 著 (zhù) words
#: (著名, 著作, 显著, 卓著, 土著, 名著); OpenCC t2s keeps it 著 throughout, and 着力 tasks
#: of a Big5 report were lost. Applied after t2s, to Traditional reports only.
ZHE = re.compile(r"(?<![显卓昭土名论编原巨专合遗所新拙译])著(?![名作称书述录者])")


#: Traditional 乾 is Simplified 干 only in the words of 干 "dry" (乾淨, 乾燥, 餅乾, 曬乾…);
#: as qián (乾坤, and in given names: 李丙乾) Simplified keeps it, but OpenCC's t2s turns it
#: into 干 wherever its phrase table has no entry. Applied to the converted text: a 干 that
#: was 乾 in the original and stands in no 干 word is 乾 again.
QIAN_WORD = re.compile(r"[饼烘晒晾风吹擦榨阴蒸焙]干|干(?=[净燥旱杯脆涸枯瘪货粮果洗电冰妈爹菜烧呕咳笑瞪巴爽裂渴硬透])")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    # hk2s: Hong Kong variant forms first (衞 -> 衛, 敍 -> 敘), then t2s's phrases and
    # characters; for mainland and Taiwan Traditional it converts exactly as t2s does.
    # Not tw2s (its 著 -> 着 also rewrites 土著, 卓著) nor tw2sp (Taiwan vocabulary
    # rewrites words of mainland Traditional: 建立 -> 创建).
    return opencc.OpenCC("hk2s")


def to_simplified(text: str) -> tuple[str, list[int] | None]:
    """OpenCC Traditional -> Simplified; falls back to per-character where lengths change."""
    cc = _t2s()
    out = cc.convert(text)
    if len(out) == len(text):
        return out, None
    return per_char(text, cc.convert)


@lru_cache(maxsize=1)
def _may_change() -> re.Pattern[str]:
    """A character that OpenCC's hk2s may change (``t2s_changes.txt``, made from its
    dictionaries by :mod:`kg.ingest.t2s_changes`), or one left to OpenCC to tell (a
    surrogate, any character outside the Basic Multilingual Plane)."""
    bmp = "".join(re.escape(c) for w in words("t2s_changes.txt") for c in w if c < "\U00010000")
    return re.compile(rf"[{bmp}\ud800-\udfff\U00010000-\U0010ffff]")


def _cjk_count(text: str) -> int:
    return sum(map(len, _CJK_RUN.findall(text)))


def _traditional(changed: int, cjk: int) -> bool:
    """Does a conversion that changes ``changed`` characters of a text with ``cjk`` CJK
    characters make it a Traditional report (two at least, and over 2% of them)?"""
    return changed >= 2 and changed / max(1, cjk) > 0.02


def traditional_conversion(text: str) -> tuple[str, list[int] | None] | None:
    """:func:`to_simplified` of ``text`` when the conversion makes it a Traditional report
    (:func:`_traditional`), else ``None``. OpenCC changes no character but those of
    :func:`_may_change`: it runs only when there are enough of them."""
    bound = len(_may_change().findall(text))
    if bound < 2:
        return None
    cjk = _cjk_count(text)
    if not _traditional(bound, cjk):
        return None
    converted, cmap = to_simplified(text)
    if cmap is not None:
        changed = len(converted)
    else:
        changed = 0 if converted == text else sum(map(operator.ne, text, converted))
    return (converted, cmap) if _traditional(changed, cjk) else None


def keep_qian(text: str, original: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
    """``干`` back to ``乾`` where the original has ``乾`` outside a 干 word (see :data:`QIAN_WORD`)."""
    dry = {i for m in QIAN_WORD.finditer(text) for i in range(m.start(), m.end())}
    out = list(text)
    i = text.find("干")
    while i >= 0:
        if i not in dry and original[offsets[i] if offsets is not None else i] == "乾":
            out[i] = "乾"
        i = text.find("干", i + 1)
    return "".join(out), None


def nfkc(text: str) -> tuple[str, list[int] | None]:
    if unicodedata.is_normalized("NFKC", text):
        return text, None
    return per_char(text, lambda c: unicodedata.normalize("NFKC", c))


def _may_gloss(text: str) -> bool:
    """Can :data:`GLOSS` match in ``text`` (is one of its opening brackets there)?"""
    return "(" in text or "[" in text or "【" in text or "〔" in text


def _has_gloss(text: str) -> bool:
    return _may_gloss(text) and GLOSS.search(text) is not None


#: What :data:`SPACE_RUN` rewrites: a run that is not one plain space.
_SPACES_TO_REWRITE = re.compile(r"[\t\u3000\xa0]| {2}")


def _has_line_edge(text: str) -> bool:
    """Does :data:`LINE_EDGE` match in ``text`` (a space or tab at a line's start or end)?"""
    return bool(text) and (text[0] in " \t" or text[-1] in " \t" or " \n" in text or "\t\n" in text
                           or "\n " in text or "\n\t" in text)


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
        whole_line = (start, min(end + 1, len(text)), "")
        if key in lines_seen or key in sents_seen:
            deletions.append(whole_line)
            continue
        # sentence level: a paragraph that repeats sentences of an earlier one
        cuts: list[tuple[int, int]] = []
        new: list[str] = []
        for m in SENTENCE.finditer(line):
            sent = m.group(0).strip()
            if len(sent) < min_len or sent[-1] not in SENTENCE_ENDS:
                continue  # short, or the unterminated rest of the line
            if sent in sents_seen or sent in new:
                cuts.append((m.start(), m.end()))
            else:
                new.append(sent)
        rest = key
        if cuts:
            # What is left of the line may repeat an earlier line in turn: then it goes as a
            # whole (else normalising the result again would remove it).
            kept = [line[b:a] for (_, b), (a, _) in zip([(0, 0), *cuts], [*cuts, (len(line), 0)])]
            rest = "".join(kept).strip()
            if len(rest) >= min_len and (rest in lines_seen or rest in sents_seen):
                deletions.append(whole_line)
                continue
            deletions.extend((start + a, start + b, "") for a, b in cuts)
        lines_seen.update((key, rest))
        sents_seen.update(new)
    return sorted(deletions)


def _drop_repeats(mt: MappedText) -> None:
    """Delete repeated lines and sentences; a gloss that the deletion brought next to a
    ``?`` (``…?重复的句子。(huì)``) goes too, and what that deletion repeats in turn."""
    while True:
        mt.apply(rewrite(mt.text, dedupe_spans(mt.text)))
        if not _has_gloss(mt.text):
            return
        _remove_all(mt, GLOSS)


def _remove_all(mt: MappedText, pattern: re.Pattern[str]) -> None:
    """Delete the matches of ``pattern``, again while deleting made new ones (a gloss
    right after another, ``会(huì)(huì)``, follows a CJK character only once the first is gone)."""
    while pattern.search(mt.text):
        mt.apply(sub(pattern, "", mt.text))


def normalize(original: str) -> tuple[str, list[int] | None, str]:
    """Normalise report text; returns ``(text, offsets, script)``.

    ``offsets[i]`` is the index in ``original`` of ``text[i]`` (``None``: identical).
    ``script`` is ``simplified``, ``traditional`` or ``pinyin-annotated``.
    """
    mt = MappedText(original)
    mt.apply(sub(CONTROLS, _controls, mt.text))
    # NFKC first: it makes brackets, letters and spaces that the later steps look for
    # (``會（ｈｕì）`` is a gloss only once NFKC made it ``會(huì)``), so a second pass
    # finds nothing left to do.
    mt.apply(nfkc(mt.text))
    glosses = len(GLOSS.findall(mt.text)) if _may_gloss(mt.text) else 0
    script = "simplified"
    if glosses:
        _remove_all(mt, GLOSS)
        if glosses >= 3:
            _remove_all(mt, PLAIN_GLOSS)
            _remove_all(mt, BROKEN_GLOSS)
        script = "pinyin-annotated"
    if _SPACES_TO_REWRITE.search(mt.text):  # else every run is one plain space already
        mt.apply(sub(SPACE_RUN, " ", mt.text))
    # Repeats go before the script is judged on what is left (a second pass judges the same
    # text), and again after conversion (a Traditional copy of a Simplified paragraph).
    _drop_repeats(mt)
    # Convert only a Traditional report: in a Simplified one, t2s would still rewrite
    # characters that Simplified keeps in names (乾 -> 干, 於 -> 于).
    conversion = traditional_conversion(mt.text)
    if conversion is not None:
        mt.apply(conversion)
        mt.apply(sub(ZHE, "着", mt.text))
        mt.apply(keep_qian(mt.text, original, mt.map))
        _drop_repeats(mt)
        if script == "simplified":
            script = "traditional"
    if _has_line_edge(mt.text):  # last: removing a repeat may leave a line's edge
        mt.apply(sub(LINE_EDGE, "", mt.text))
    return mt.text, mt.map, script
