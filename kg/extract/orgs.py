"""Organisation names: bare-prefix region resolution, national bodies, canonical forms.

``省总工会`` in a Gansu report is ``甘肃省总工会``; ``全总`` is ``中华全国总工会``;
``市长`` names the city's ``人民政府``; a department (``组织部``) belongs to the party
committee before it in a title chain (``省委常委、组织部部长`` -> ``甘肃省委组织部``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document, Region
from ..facts import Org
from ..lexicon import alternation, org_heads, places, table, titles
from .context import INSTITUTION_END, Context
from ..rules import SKIP, Rule, first, rule

#: Template placeholders (``X市``, ``**市``, ``XX``, ``某某``): a text with them names no real org or person.
PLACEHOLDER = re.compile(r"[X×xＸ*＊]|^[○〇某]+$|某某")
PLACE_END = r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|州|盟|县|区|旗)"
_BARE = re.compile(r"^(?:中共|中国共产党)?(?:我|全|本)?(自治区|自治州|省|市|县|区|旗|州)(?=[\u4e00-\u9fff])")
_YOUTH = re.compile(r"团(省|市|县|区|州|旗)委")
_BARE_PLACE = re.compile(r"(?:我|全|本)?(省|市|县|区|旗|州|自治区|自治州)")
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)(?=[\u4e00-\u9fff]{2})")
_STATIONED_BARE = re.compile(r"(?<=驻)(省|市)(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=1)
def national() -> dict[str, str]:
    return {row[0]: row[1] for row in table("national_bodies.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def suffix_re() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(org_heads())})$")


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def is_org_like(raw: str) -> bool:
    """Does ``raw`` end like an organisation's name?"""
    return bool(suffix_re().search(raw))


_ORG_START = re.compile(
    r"中共|中国共产党|中华全国|中国工会|全国|全总|共青团|团(?=(?:省|市|县|区|州|旗)委)"
    f"|(?:我|全|本)?(?:自治区|自治州|省|市|县|区|州|旗)(?={alternation(org_heads('regional'))}|直)"
)


#: A national body whose local branches are named after it: ``中国教育工会广元市委员会``,
#: ``国家金融监督管理总局四川监管局``.
NATIONAL_PARENT = re.compile(r"(?:中国|中华全国|全国|国家)[\u4e00-\u9fff]{1,12}?(?:工会|总局|部|委员会|协会|联合会)$")


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def trim_left(raw: str) -> str:
    """Cut words before where an org name starts: ``他充分肯定省工会`` -> ``省工会``; a
    national parent named right before a place stays (``中国教育工会广元市委员会``)."""
    starts = places.starts(raw)
    starts += [m.start() for m in _ORG_START.finditer(raw)]
    if not starts:
        return raw
    start = min(starts)
    parent = NATIONAL_PARENT.search(raw, 0, start)
    if parent and parent.end() == start and places.match_end(raw, start) >= 0:
        return raw[parent.start():]
    return raw[start:]


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def starts_like_org(raw: str) -> bool:
    return places.match_end(raw) >= 0 or bool(_ORG_START.match(raw))


def region_for(prefix: str, region: Region) -> str | None:
    """The region's full name for a bare prefix (``省`` -> province, ``市`` -> city ...)."""
    if prefix in ("省", "自治区"):
        return region.province
    if prefix in ("市", "州", "自治州"):
        if prefix == "市" and region.county and region.county.endswith("市"):
            return region.county  # a county-level city's report: 市委 is its own
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


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def place_prefix(name: str) -> str:
    """Leading place names of an org name: ``临汾市人大常委会`` -> ``临汾市``."""
    pos = 0
    while (end := places.match_end(name, pos)) > pos:
        pos = end
    return name[:pos]


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def level_of(name: str) -> str:
    if re.match(r"^(?:中华全国|全国|中共中央|中央|国务院|共青团中央|中国工会|中国共产党第)", name):
        return "national"
    prefix = place_prefix(name)
    if not prefix:
        return "enterprise" if re.search(r"公司|集团|企业|厂|矿|银行", name) else ""
    for k in range(len(prefix)):  # the last (most specific) place of the prefix
        cands = places.lookup(prefix[k:])
        if cands:
            return cands[0].level
    return ""


TITLE_QUALIFIER = re.compile(r"^(?:常务副|常务|代理|代|副|原)")
#: A session of a body, or a union's executive committee: the union itself for its offices.
SESSION_BODY = re.compile(
    r"(?:第?[一二三四五六七八九十百零〇\d]+届)(?:委员会|常委会|经费审查委员会|经审会)?$"
    r"|(?<=工会)(?:第?[一二三四五六七八九十百零〇\d]+届)?(?:执行委员会|执委会)$"
)
SUB_UNIT = re.compile(
    r"^[\u4e00-\u9fff]{0,12}(?:部|经审会|经费审查委员会|经审委员会|经审委|经审|女职工委员会|女工委|女职委|书记处|办公室|办公厅|主席团|机关党委|纪检组|政法委|政法委员会|教工委|教育工委|教育工作委员会|执委会|执行委员会)$"
)
EXPAND = {"经审会": "经费审查委员会", "经审委员会": "经费审查委员会", "经审": "经费审查委员会",
          "女工委": "女职工委员会", "女职委": "女职工委员会", "经审委": "经费审查委员会", "政法委": "政法委员会",
          "教工委": "教育工作委员会", "教育工委": "教育工作委员会"}
#: Bodies that a bare word (``工会``, ``当选工会主席``) names: the org holding the report's meeting.
GENERIC_UNION = ("工会", "总工会", "联合工会", "工会委员会")
#: An office's staff union named bare: the union of the meeting's office, when that is one.
STAFF_UNION = ("机关工会", "机关工会委员会")


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def base_title(title: str) -> str:
    """A title without its qualifiers: ``常务副主席`` -> ``主席``; ``党组书记`` stays."""
    base = TITLE_QUALIFIER.sub("", title)
    return base if base in titles() else title


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def holder(title: str) -> str:
    """Who holds ``title`` (``titles.tsv``): party, government, union, company, congress or ""."""
    info = titles().get(base_title(title))
    return info.holder if info else ""


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def office_of(title: str) -> str | None:
    """Base office of a title (``代省长`` -> ``省长``), if it is one named by title alone."""
    base = TITLE_QUALIFIER.sub("", title)
    info = titles().get(base)
    return base if info and info.body else None


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def with_city(name: str) -> str:
    """A district's body keeps its city: ``东丽区总工会`` -> ``天津市东丽区总工会``."""
    prefix = place_prefix(name)
    if not prefix.endswith("区"):
        return name
    for k in range(len(prefix)):
        cands = [p for p in places.lookup(prefix[k:]) if p.level == "county"]
        if cands:
            cities = {p.city for p in cands}
            if len(cities) == 1 and k == 0:
                city = cities.pop()
                if city and not name.startswith(city):
                    return city + name
            break
    return name


def canonical(name: str, aliases: list[str]) -> tuple[str, list[str]]:
    """Canonical form of a resolved name: ``X政府`` -> ``X人民政府``; session bodies -> the
    body; the forms it replaced are appended to ``aliases``."""
    name, replaced = _canonical(name)
    aliases.extend(replaced)
    return name, aliases


@lru_cache(maxsize=1 << 16)  # a pure function of a short string: read once
def _canonical(name: str) -> tuple[str, tuple[str, ...]]:
    """:func:`canonical` of ``name``, with the forms it replaced, in order."""
    aliases: list[str] = []
    full = with_city(name)
    if full != name:
        aliases.append(name)
        name = full
    full = places.zone_full_name(name)  # 苏州高新区总工会 -> 苏州高新技术产业开发区总工会
    if full != name:
        aliases.append(name)
        name = full
    m = SESSION_BODY.search(name)
    if m and m.start() > 2:
        aliases.append(name)
        name = name[: m.start()]
    if name.endswith("政府") and not name.endswith("人民政府") and place_prefix(name[:-2]) == name[:-2]:
        aliases.append(name)
        name = name[:-2] + "人民政府"
    for short, full in EXPAND.items():
        if name.endswith(short):
            aliases.append(name)
            name = name[: -len(short)] + full
    return name, tuple(aliases)


@dataclass(frozen=True)
class OrgQuery:
    """The org text before a title (``raw``), the title, and the org of the title before."""

    raw: str
    ctx: Context
    prev: Org | None = None
    title: str = ""


def resolve(raw: str, ctx: Context, prev: Org | None = None, title: str = "") -> Org | None:
    """Canonical org for the raw org text before a title (``None`` when there is none); a
    title held in a unit of its org (``书记处书记``, ``titles.tsv``) names that unit."""
    info = titles().get(base_title(title))
    if prev is not None and not raw.strip("、,，: "):
        # 书记处书记、党组成员: the next title is held in the org, not in the first one's unit
        for unit in title_units():
            if prev.name.endswith(unit) and len(prev.name) > len(unit) and not (info and info.unit == unit):
                prev = Org(prev.name[: -len(unit)], (), prev.level)
                break
    org = resolve_by(raw, ctx, prev, title)[1]
    if org is None or not info or not info.unit or org.name.endswith(info.unit):
        return org
    return Org(org.name + info.unit, tuple(a + info.unit for a in org.names), org.level)


@lru_cache(maxsize=1)
def title_units() -> tuple[str, ...]:
    """The units titles are held in (``书记处``, ``主席团``), from ``titles.tsv``."""
    return tuple(sorted({i.unit for i in titles().values() if i.unit}, key=len, reverse=True))


def resolve_by(raw: str, ctx: Context, prev: Org | None = None, title: str = "") -> tuple[str, Org | None]:
    """:func:`resolve`, with the name of the rule (of :data:`RESOLVE`) that answered."""
    found = first(RESOLVE, OrgQuery(raw.strip("、,，: "), ctx, prev, title))
    assert found is not None  # the last rule always answers
    return found


_RESOLVE: list[Rule] = []


#: A body named by its unit's short form: ``我院``, ``院党委``, ``校工会``, ``公司纪委``.
UNIT_SHORT = re.compile(r"(?:我|本)?(?:院|校|医院|学校|公司|集团|厂)(党委|纪委|工会|团委|党总支|工会委员会|女职工委员会)?")
#: Bodies every institution has, named bare in a report about one.
UNIT_BODIES = ("党委", "纪委", "工会", "团委", "党总支", "工会委员会")


@rule(_RESOLVE)
def _unit_short(q: OrgQuery):
    """``院党委`` in a hospital's report -> ``<hospital>党委``; ``我校`` -> the school."""
    m = UNIT_SHORT.fullmatch(q.raw)
    unit = q.ctx.unit
    if not m or not unit or (m.group(0).startswith(("公司", "集团")) and not q.ctx.unit_sure):
        return SKIP
    name = unit + (m.group(1) or "")
    return Org(name, (q.raw,), level_of(name))


@rule(_RESOLVE)
def _unit_body(q: OrgQuery):
    """A bare ``党委``/``工会`` in a report about one institution is the institution's (a
    bare ``工会`` also when the report names its institution once and its meeting is not
    a union's)."""
    org = q.ctx.org
    union_meeting = org is not None and org.name.endswith("工会")
    if q.raw not in UNIT_BODIES or not q.ctx.unit:
        return SKIP
    if not q.ctx.unit_sure and not (q.raw in ("工会", "工会委员会") and not union_meeting):
        return SKIP
    name = q.ctx.unit + q.raw
    return Org(name, (q.raw,), level_of(name))


#: A committee of a union: its funds review and women workers' committees.
UNION_SUB_BODY = re.compile(r"(?:工会)?(经审会|经费审查委员会|经审委员会|经审委|经审|女职工委员会|女工委员会|女工委|女职委|女工)")
#: Short forms of a union's committees: the canonical ones, and those read only as a bare body.
EXPAND_UNION = {**EXPAND, "女工委员会": "女职工委员会", "女工": "女职工委员会"}


@rule(_RESOLVE)
def _committee_of_context_union(q: OrgQuery):
    """A union committee named bare (``经审主任``, ``女工委主任``) is the committee of the
    union holding the report's meeting, unless the title before names another union."""
    m = UNION_SUB_BODY.fullmatch(q.raw)
    org = q.ctx.org
    if m and (org is None or not org.name.endswith("工会")) and q.ctx.unit:
        org = Org(q.ctx.unit + "工会", (), level_of(q.ctx.unit))  # the union of the report's unit
    if not m or org is None or not org.name.endswith("工会") or (q.prev is not None and q.prev.name.endswith("工会")):
        return SKIP
    body = EXPAND_UNION.get(m.group(1), m.group(1))
    return Org(org.name + body, (org.name + m.group(1),), org.level)


@rule(_RESOLVE)
def _context_union(q: OrgQuery):
    """A bare ``工会`` (``机关工会`` when the meeting is an office's staff union's) is the
    union holding the report's meeting, unless the title before
    is held in another unit (``某局党组副书记、工会主席`` at a meeting of another union: the
    bureau's union)."""
    org = q.ctx.org
    staff = q.raw in STAFF_UNION and org is not None and org.name.endswith(STAFF_UNION[0])
    if (q.raw not in GENERIC_UNION and not staff) or org is None or not org.name.endswith("工会"):
        return SKIP
    unit = UNIT_OF.match(q.prev.name) if q.prev is not None and not q.prev.name.endswith("工会") else None
    return SKIP if unit and not org.name.startswith(unit.group(0)) else org


@rule(_RESOLVE)
def _youth_league(q: OrgQuery):
    """``团县委`` -> ``共青团<county>委员会``."""
    youth = _YOUTH.fullmatch(q.raw)
    full = region_for(youth.group(1), q.ctx.region) if youth else None
    return Org(f"共青团{full}委员会", (full + q.raw,), level_of(full)) if full else SKIP


@rule(_RESOLVE)
def _bare_place_government(q: OrgQuery):
    """A bare place word before a title that is no office (``自治区副主席``) names its government."""
    bare = _BARE_PLACE.fullmatch(q.raw)
    if not bare or office_of(q.title):
        return SKIP
    full = region_for(bare.group(1), q.ctx.region)
    return Org(full + "人民政府", (), level_of(full)) if full else None


@rule(_RESOLVE)
def _office_of_a_place(q: OrgQuery):
    """An office after a place's name: ``四川省副省长`` -> ``四川省人民政府``, ``福建省长``."""
    office = office_of(q.title)
    if not office or not q.raw or place_prefix(q.raw) != q.raw:
        return SKIP
    found = places.lookup(q.raw)
    full = found[0].name if found and found[0].short == q.raw else q.raw  # 福建 -> 福建省
    body = titles()[office].body
    return Org(full + body, (q.raw + body,), level_of(full))


@rule(_RESOLVE)
def _office_by_title(q: OrgQuery):
    """``市长`` -> ``<city>人民政府``; ``县委副书记、县长`` -> the county's government."""
    office = office_of(q.title)
    if office and (not q.raw or q.raw.endswith("委") or q.raw in ("省", "市", "县", "区", "旗", "州", "自治区")):
        return _office(office, q.raw, q.ctx, q.prev)
    return SKIP


@rule(_RESOLVE)
def _party_committee_to_its_unit(q: OrgQuery):
    """A title not held in a party committee, after one, is held in its unit:
    ``公司党委书记、董事长`` -> the company."""
    prev = q.prev
    if q.raw or prev is None or holder(q.title) == "party" or not prev.name.endswith("党委") or len(prev.name) <= 2:
        return SKIP
    base = prev.name[: -len("党委")]
    return Org(base, (), level_of(base))


@rule(_RESOLVE)
def _party_body_to_company(q: OrgQuery):
    """A corporate title after a company's party body: ``纪委书记、董事`` -> the company."""
    prev = q.prev
    if q.raw or prev is None or holder(q.title) != "company" or not prev.name.endswith(("纪委", "党总支", "党支部")):
        return SKIP
    base = re.sub(r"(?:纪委|党总支|党支部)$", "", prev.name)
    return Org(base, (), level_of(base)) if base else SKIP


@rule(_RESOLVE)
def _party_body_to_institution(q: OrgQuery):
    """A title not held in a party body, after the discipline committee or party branch of
    an institution (school, hospital; a company's own titles are :func:`_party_body_to_company`'s),
    is held in the institution: ``学院纪委书记、副校长`` -> the college."""
    prev = q.prev
    if q.raw or prev is None or holder(q.title) == "party" or not prev.name.endswith(("纪委", "党总支")):
        return SKIP
    base = re.sub(r"(?:纪委|党总支)$", "", prev.name)
    return Org(base, (), level_of(base)) if INSTITUTION_END.search(base) else SKIP


#: The head of a school or hospital (with its qualifiers: 副校长, 常务副院长).
INSTITUTION_HEADS = ("校长", "院长", "执行校长", "执行院长")


@rule(_RESOLVE)
def _head_of_the_unit(q: OrgQuery):
    """A school's or hospital's head named by the title alone, in a report about that
    institution, heads it: ``执行校长某某作说明`` in a college's own report -> the college."""
    unit = q.ctx.unit
    if q.raw or q.prev is not None or not q.ctx.unit_sure or not unit or base_title(q.title) not in INSTITUTION_HEADS:
        return SKIP
    return Org(unit, (), level_of(unit))


@rule(_RESOLVE)
def _inherit(q: OrgQuery):
    """A title without its own org inherits the org of the title before it."""
    return q.prev if not q.raw else SKIP


@rule(_RESOLVE)
def _named(q: OrgQuery):
    """An org named before its title, completed to its canonical full name."""
    return named_org(q)


#: How the org of a title is found: the first rule that applies wins.
RESOLVE: tuple[Rule, ...] = tuple(_RESOLVE)


def named_org(q: OrgQuery) -> Org:
    """The canonical org for a named ``raw``: party prefix and national short forms read,
    the name completed (:data:`COMPLETE`), bare prefixes inside filled in, canonical form."""
    raw, ctx = q.raw, q.ctx
    if q.title.startswith(("部长", "副部长", "常务副部长")) and not raw.endswith("部"):
        raw += "部"
    aliases = [raw]
    name = raw
    party = False
    m = _PARTY_PREFIX.match(name)
    if m:
        name = name[m.end():]
        party = True
    for short, canon in national().items():
        if name.startswith(short) and not name.startswith(canon):
            name = canon + name[len(short):]
            break
    done = first(COMPLETE, name, q)
    if done is not None:
        name = done[1]
    # bare prefixes inside: 派驻省总工会 -> 派驻甘肃省总工会
    full_name = _STATIONED_BARE.sub(
        lambda mm: region_for(mm.group(1), ctx.region) or mm.group(1),
        name,
    )
    if full_name != name:
        aliases.insert(0, name)
        name = full_name
    name, aliases = canonical(name, aliases)
    if party:
        aliases.append("中共" + name)
    return Org(name, tuple(dict.fromkeys(a for a in aliases if a != name)), level_of(name))


_COMPLETE: list[Rule] = []


@rule(_COMPLETE)
def _bare_prefix(name: str, q: OrgQuery):
    """``省总工会`` -> ``甘肃省总工会`` (unchanged when the report has no such region)."""
    bare = _BARE.match(name)
    if not bare:
        return SKIP
    full = region_for(bare.group(1), q.ctx.region)
    return full + name[bare.end():] if full else name


@rule(_COMPLETE)
def _body_of_unit_party(name: str, q: OrgQuery):
    """``公司党委副书记、纪委书记`` -> ``公司纪委`` (a unit's party committee, not a place's)."""
    prev = q.prev
    if (prev is not None and name.startswith(("纪委", "工会")) and prev.name.endswith("党委")
            and len(prev.name) > 4 and not place_prefix(name) and place_prefix(prev.name) != prev.name[:-2]):
        return prev.name[:-2] + name
    return SKIP


@rule(_COMPLETE)
def _place_of_previous(name: str, q: OrgQuery):
    """A regional body without a place takes the place of the org before it:
    ``甘肃省委常委、政协主席`` -> ``甘肃省政协``."""
    prev = q.prev
    if prev is None or not name.startswith(org_heads("regional")) or place_prefix(name):
        return SKIP
    pp = place_prefix(prev.name)
    return pp + name if pp else SKIP


#: The unit part of an org's name: ``华东政法学院党办`` -> ``华东政法学院``.
UNIT_OF = re.compile(r"^.+?(?:大学|学院|医院|保健院|学校|中学|小学|有限公司|集团公司|公司|集团|局)")
#: Bodies and offices every unit has, named bare after its other bodies: ``团委``, ``党办``.
UNIT_PART = re.compile(r"^(?:党委|纪委|团委|工会|党办|院办|校办|办公室|[\u4e00-\u9fff]{1,4}部|[\u4e00-\u9fff]{1,4}处)$")


@rule(_COMPLETE)
def _unit_of_previous(name: str, q: OrgQuery):
    """A body of a unit after another of its bodies: ``华东政法学院党办秘书、团委书记`` ->
    ``华东政法学院团委``."""
    prev = q.prev
    if prev is None or not UNIT_PART.match(name) or place_prefix(name):
        return SKIP
    m = UNIT_OF.match(prev.name)
    return m.group(0) + name if m and m.group(0) != prev.name + name else SKIP


@rule(_COMPLETE)
def _sub_unit_of_previous(name: str, q: OrgQuery):
    """A sub-unit belongs to the org before it: ``省委常委、组织部部长`` -> ``省委组织部``; a
    department after another of the same committee is its sibling (``省委组织部部长、统战部部长``
    -> ``省委统战部``)."""
    prev = q.prev
    if prev is None or not SUB_UNIT.match(name) or place_prefix(name):
        return SKIP
    if prev.name.endswith(("委", "工会")):
        return prev.name + name
    sibling = SIBLING_DEPARTMENT.match(prev.name)
    if sibling and name.endswith("部") and name != prev.name[sibling.end(1):]:
        return sibling.group(1) + name
    return SKIP


#: A committee's department: ``甘肃省委组织部`` (the committee, then its department).
SIBLING_DEPARTMENT = re.compile(r"^(.+?[省市县区州旗]委)[\u4e00-\u9fff]{1,4}部$")


@rule(_COMPLETE)
def _company_short(name: str, q: OrgQuery):
    """``公司党委`` in a report about one company -> ``<company>党委``."""
    company = q.ctx.company
    if not company or not name.startswith(("公司", "集团")):
        return SKIP
    for k in (4, 3, 2):  # 集团公司工会 of 中铁六局集团公司: join at the longest overlap
        if company.endswith(name[:k]):
            return company + name[k:]
    if name.startswith("集团") and "集团" in company:
        return company + name[2:]
    return SKIP


#: How a named org is completed (the first rule that applies wins; none may).
COMPLETE: tuple[Rule, ...] = tuple(_COMPLETE)


def _office(title: str, raw: str, ctx: Context, prev: Org | None) -> Org | None:
    """``市长`` -> ``<city>人民政府``."""
    level_char = title[-2] if len(title) >= 2 else ""
    body = titles()[title].body
    if raw and raw not in ("省", "市", "县", "区", "旗", "州"):
        base = raw[:-1] if raw.endswith("委") else raw
        base = re.sub(r"^(?:中共|中国共产党)", "", base)
        bare = _BARE.match(base + "x")
        if bare and bare.end() == len(base):
            base = region_for(bare.group(1), ctx.region) or base
        return Org(base + body, (), level_of(base))
    if prev is not None and prev.name.endswith("委"):
        base = prev.name[:-1]
        if base.endswith("党"):
            base = base[:-1]
        if place_prefix(base) == base and base:
            return Org(base + body, (), level_of(base))
    full = region_for(level_char, ctx.region)
    if not full:
        return None
    return Org(full + body, (), level_of(full))


#: Bodies of a congress named by a bare word: ``大会主席团常务主席``, ``代表团团长``.
_CONGRESS = (r"[\u4e00-\u9fff]{2,16}?(?:第[一二三四五六七八九十百]+次(?:全国|全省|全市)?|[一二三四五六七八九十]+大)"
             r"(?:会员|职工)?代表大会")
CONGRESS = re.compile(_CONGRESS)
DELEGATION = re.compile(_CONGRESS + r"[\u4e00-\u9fff]{2,8}?代表团")


def congress_body(doc: Document, org: Org, pos: int) -> Org | None:
    """The full name of a congress body named bare before ``pos`` (``大会主席团`` ->
    ``中国工会第十六次全国代表大会主席团``), from the last full mention of the congress
    (or of its delegation) in the report; ``None`` when the report names none."""
    body = org.name
    if body in ("大会", "大会主席团", "主席团"):
        rx, tail = CONGRESS, ("主席团" if body.endswith("主席团") else "")
    elif body == "代表团":
        rx, tail = DELEGATION, ""
    elif body.endswith("党支部") and doc.text.endswith("临时" + body, 0, pos):
        rx, tail = DELEGATION, "临时党支部"
    else:
        return None
    full = _full_mention(rx, doc.text, pos)
    return Org(full + tail, (body,), level_of(full + tail)) if full else None


def _full_mention(rx: re.Pattern[str], text: str, pos: int) -> str | None:
    """The last org-like match of ``rx`` before ``pos`` (else the first after it)."""
    found = None
    for m in rx.finditer(text):
        if m.start() > pos and found:
            break
        name = trim_left(m.group(0))
        if starts_like_org(name):
            found = name
    return found
