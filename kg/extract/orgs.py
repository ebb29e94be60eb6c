"""Organisation names: bare-prefix region resolution, national bodies, canonical forms.

``省总工会`` in a Gansu report is ``甘肃省总工会``; ``全总`` is ``中华全国总工会``;
``市长`` names the city's ``人民政府``; a department (``组织部``) belongs to the party
committee before it in a title chain (``省委常委、组织部部长`` -> ``甘肃省委组织部``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..document import Document, Region
from ..facts import Org
from ..lexicon import alternation, table, words
from ..lexicon import places

PARTY_TITLES = {"书记", "副书记", "常委", "委员", "第一书记", "常务委员", "党委书记", "党委副书记"}
GENERIC_BODIES = ("总工会", "工会", "人大常委会", "人大", "政协", "人民政府", "政府", "纪委", "监委", "党委", "委")
PLACE_END = r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|州|盟|县|区|旗)"
_BARE = re.compile(r"^(?:中共|中国共产党)?(?:我|全|本)?(自治区|自治州|省|市|县|区|旗|州)(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=1)
def national() -> dict[str, str]:
    return {row[0]: row[1] for row in table("national_bodies.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def offices() -> dict[str, str]:
    return {row[0]: row[1] for row in table("offices.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def suffix_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(words('org_suffixes.txt'))})$")


def is_org_like(raw: str) -> bool:
    """Does ``raw`` end like an organisation's name?"""
    return bool(suffix_re().search(raw))


_ORG_START = re.compile(
    r"中共|中国共产党|中华全国|全国|全总|共青团|(?:我|全|本)?(?:省|市|县|区|州|旗)(?=总工会|工会|委|人大|政协|政府|人民政府|纪委|直)"
)


def trim_left(raw: str) -> str:
    """Cut words before where an org name starts: ``他充分肯定省工会`` -> ``省工会``."""
    starts = [m.start() for m in places.pattern().finditer(raw)]
    starts += [m.start() for m in _ORG_START.finditer(raw)]
    return raw[min(starts):] if starts else raw


def region_for(prefix: str, region: Region) -> str | None:
    """The region's full name for a bare prefix (``省`` -> province, ``市`` -> city ...)."""
    if prefix in ("省", "自治区"):
        return region.province
    if prefix in ("市", "州", "自治州"):
        return region.city
    if prefix in ("县", "旗", "区"):
        if prefix == "区" and region.province and region.province.endswith("自治区") and not region.county:
            return region.province
        if not region.county:
            return None
        if region.county.endswith("区") and region.city and region.city != region.county:
            return region.city + region.county  # districts keep their city: 天津市东丽区
        return region.county
    return None


def place_prefix(name: str) -> str:
    """Leading place names of an org name: ``临汾市人大常委会`` -> ``临汾市``."""
    rx = places.pattern()
    pos = 0
    while True:
        m = rx.match(name, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return name[:pos]


def level_of(name: str) -> str:
    if re.match(r"^(?:中华全国|全国|中共中央|中央|国务院|共青团中央|中国工会|中国共产党第)", name):
        return "national"
    prefix = place_prefix(name)
    if not prefix:
        return "enterprise" if re.search(r"公司|集团|企业|厂|矿|银行", name) else ""
    last = places.lookup(prefix[-12:]) or []
    for k in range(len(prefix)):
        cands = places.lookup(prefix[k:])
        if cands:
            last = cands
            break
    return last[0].level if last else ""


def resolve(raw: str, doc: Document, prev: Org | None = None, title: str = "") -> Org | None:
    """Canonical org for the raw org text before a title (``None`` when there is none)."""
    raw = raw.strip("、,，: ")
    if title in offices() and (not raw or raw.endswith("委") or raw in ("省", "市", "县", "区", "旗", "州")):
        return _office(title, raw, doc, prev)
    if not raw:
        if prev is None:
            return None
        if title not in PARTY_TITLES and prev.name.endswith("党委") and len(prev.name) > 4:
            base = prev.name[: -len("党委")]
            return Org(base, (), level_of(base))
        return prev
    if title.startswith(("部长", "副部长", "常务副部长")) and not raw.endswith("部"):
        raw += "部"
    aliases = [raw]
    name = raw
    party = False
    m = re.match(r"^(?:中共|中国共产党)(?=[\u4e00-\u9fff]{2})", name)
    if m:
        name = name[m.end():]
        party = True
    for short, canon in national().items():
        if name.startswith(short) and not name.startswith(canon):
            name = canon + name[len(short):]
            break
    bare = _BARE.match(name)
    if bare:
        full = region_for(bare.group(1), doc.region)
        if full:
            name = full + name[bare.end():]
    elif prev is not None and name.startswith(GENERIC_BODIES) and not place_prefix(name):
        pp = place_prefix(prev.name)
        if pp:
            name = pp + name
    elif prev is not None and re.fullmatch(r"[\u4e00-\u9fff]{2,6}部", name) and prev.name.endswith("委"):
        name = prev.name + name  # 省委常委、组织部部长 -> 省委组织部
    # bare prefixes inside: 派驻省总工会 -> 派驻甘肃省总工会
    full_name = re.sub(
        r"(?<=驻)(省|市)(?=[\u4e00-\u9fff])",
        lambda mm: region_for(mm.group(1), doc.region) or mm.group(1),
        name,
    )
    if full_name != name:
        aliases.insert(0, name)
        name = full_name
    if party:
        aliases.append("中共" + name)
    return Org(name, tuple(dict.fromkeys(a for a in aliases if a != name)), level_of(name))


def _office(title: str, raw: str, doc: Document, prev: Org | None) -> Org | None:
    """``市长`` -> ``<city>人民政府``."""
    level_char = title[-2] if len(title) >= 2 else ""
    body = offices()[title]
    if raw and raw not in ("省", "市", "县", "区", "旗", "州"):
        base = raw[:-1] if raw.endswith("委") else raw
        base = re.sub(r"^(?:中共|中国共产党)", "", base)
        bare = _BARE.match(base + "x")
        if bare and bare.end() == len(base):
            base = region_for(bare.group(1), doc.region) or base
        return Org(base + body, (), level_of(base))
    if prev is not None and prev.name.endswith("委"):
        base = prev.name[:-1]
        if base.endswith("党"):
            base = base[:-1]
        if place_prefix(base) == base and base:
            return Org(base + body, (), level_of(base))
    full = region_for(level_char, doc.region)
    if not full:
        return None
    return Org(full + body, (), level_of(full))
