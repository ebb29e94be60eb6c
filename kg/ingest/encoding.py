"""Bytes -> text: detect UTF-8 (with or without BOM), UTF-16 (with or without BOM),
GB18030/GBK, Big5."""
from __future__ import annotations

import codecs
import re

#: Share of replacement characters under which slightly broken UTF-8 is still read as UTF-8.
MAX_BAD_UTF8 = 0.02

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters frequent in this genre in Simplified and in Traditional script; a wrong
# decoding (Big5 read as GB18030 or vice versa) produces few of them.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    "十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龍這國會們來對時說動為發與經現當從學"
)


def _score(text: str) -> float:
    """How much ``text`` looks like real Chinese: share of common characters among CJK ones."""
    return _common_share(_CJK.findall(text))


def _common_share(cjk: list[str]) -> float:
    """Share of common characters among the CJK characters ``cjk``."""
    if not cjk:
        return 0.0
    return sum(map(_COMMON.__contains__, cjk)) / len(cjk)


#: Shares of NUL bytes, and of control bytes (NUL included), in the first 8 KB above which
#: data is binary. A few stray controls in scraped text (even a NUL) are removed by
#: normalisation; binary formats and random bytes have far more (~10% controls).
MAX_NUL, MAX_CONTROLS = 0.01, 0.05


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: many NUL or other control bytes in the first 8 KB."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return False
    if head.count(0) / len(head) > MAX_NUL:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > MAX_CONTROLS


#: Control bytes that text does not hold (tab, newlines, form feed and escape aside).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


#: Share of common Chinese characters (see :func:`_score`) above which bytes read as
#: UTF-16 without a BOM are taken for it; other encodings read as UTF-16 score ~0.1.
MIN_UTF16_SCORE = 0.4
_UTF16_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ue000-\uf8ff]")


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` is Chinese text in it (no BOM), else None.

    Either byte order is tried strictly; the text must be mostly free of controls and
    private-use characters, and its Chinese characters mostly common ones.
    """
    if len(data) < 16 or len(data) % 2:
        return None
    head = data[:8192]
    best: tuple[float, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            try:  # the head may cut a surrogate pair
                text = head[:-2].decode(enc)
            except UnicodeDecodeError:
                continue
        if _more_junk_than(text, len(text) * 0.01):
            continue
        cjk = _CJK.findall(text)
        if len(cjk) < 8:
            continue
        score = _common_share(cjk)
        if score >= MIN_UTF16_SCORE and (best is None or score > best[0]):
            best = (score, enc)
    return best[1] if best else None


def _more_junk_than(text: str, limit: float) -> bool:
    """Does ``text`` hold more than ``limit`` characters of :data:`_UTF16_JUNK`? (Counted
    until the limit is passed: bytes of another encoding read as UTF-16 pass it early.)"""
    n = 0
    for _ in _UTF16_JUNK.finditer(text):
        n += 1
        if n > limit:
            return True
    return False


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode report bytes; returns ``(text, encoding, warnings)``.

    Raises ``ValueError`` for data that is not text in any supported encoding.
    """
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad:
            warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced")
        return text, "utf-8-sig", warnings
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16", warnings
    if enc := utf16_without_bom(data):
        return data.decode(enc, errors="replace"), enc, warnings
    if looks_binary(data):
        raise ValueError("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    candidates: list[tuple[float, str, str]] = []
    if bad / max(len(loose), 1) <= MAX_BAD_UTF8:
        candidates.append((_score(loose) - 0.001, "utf-8", loose))
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            # tolerate a few broken bytes (truncated pages), like UTF-8 above
            text = data.decode(enc, errors="replace")
            if text.count("\ufffd") / max(len(text), 1) > MAX_BAD_UTF8:
                continue
        candidates.append((_score(text), enc, text))
    if not candidates:
        raise ValueError("undecodable bytes: not UTF-8, GB18030 or Big5")
    score, enc, text = max(candidates, key=lambda c: c[0])
    if score < 0.2 and _CJK.search(text):
        warnings.append(f"encoding guessed as {enc} with low confidence")
    bad = text.count("\ufffd")
    if bad:
        warnings.append(f"{bad} undecodable byte sequence(s) replaced")
    return text, enc, warnings
