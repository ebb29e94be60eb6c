"""Person identity across reports: which name in which report is which person.

A *mention* is one name in one report (all of a report's facts about a name are one
person). Mentions of one name are joined by evidence, strongest first; every join is
refused when it would merge a conflict (:func:`conflicts`: two full-time posts in
different provinces, or in different cities, at the same time):

1. strong links (:func:`strong_links`): the same organisation; the same distinctive
   title string (``书记处第一书记``) where the organisations do not place the two apart;
2. same region (:func:`same_province`): both placed by their posts in one province (in two
   cities of it only by posts in the cities' own bodies), and compatible in time (a union chair who becomes vice-chair of the province's congress);
3. a career step to a national post (:func:`national_step`): a province-level office
   holder and the one national post holder of that name, the provincial post not later;
4. a mention without a placed post (:func:`place_unplaced`): it joins the one placed
   person of its name in its report's province, else the one placed person of its name
   anywhere, else the candidate with which it shares the most colleagues (other people
   named in the same reports); what is left is one person per name and province;
5. a surname-only reference (``王主席``: the name is a bare family name) is the one full
   name in the same report, else in the same province, with that family name and role;
6. a name a report gives without any fact (in a list, opening a sentence: the name
   candidates of :mod:`kg.extract.names`) is a mention when it is the name of a person
   with posts elsewhere and rule 4 places it with one of the people the facts know;
   other candidates are dropped.

Everything is sorted before it is joined, so the result does not depend on the order of
the reports. A person's IRI comes from its name and the organisation (or province) of its
earliest dated mention (:func:`anchor`), so reports added later in time keep the IRIs.
Namesakes get distinct labels: ``刘伟（北京市总工会）`` (:func:`labels`).

>>> from kg.facts import Facts
>>> resolve_people([]) == {}
True
"""
from __future__ import annotations

import gc
import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from ..document import Region
from ..facts import Evidence, Facts
from ..extract.orgs import place_prefix
from ..lexicon import org_heads
from ..lexicon.places import lookup, pattern
from .iris import person_iri, regional_person_iri
from .meetings import resolve_meetings
from .succession import successions

#: Posts seen this close in time are held at the same time.
SAME_TIME_DAYS = 183
#: Roles that are not a full-time post (held beside one anywhere): never a conflict.
NOT_FULL_TIME = re.compile(r"兼职|挂职|代表|顾问|名誉|委员$|成员$|理事$")
#: A title string this long names one office precisely (``书记处第一书记``, ``常务副主席``).
DISTINCTIVE_TITLE = 4
#: A name candidate counts only for people with a post in an organisation whose name is at
#: least this long (a canonical name has its place: 甘肃省委; a bare 全国 or 主席团 is no org).
MIN_ORG_NAME = 4
#: Heads of a province's bodies: the posts from which national posts are reached.
HEAD_ROLE = re.compile(r"^(?:党组)?(?:书记|副书记|主任|主席|省长|副省长|市长|主席团主席)$")


@dataclass(frozen=True)
class ReportPeople:
    """What the identity pass needs from one report (``facts``: its :class:`Facts`, or
    their :class:`IdentityFacts`; the result is the same)."""

    doc_id: str
    region: Region
    facts: Facts | IdentityFacts
    published: date | None = None
    #: what changes when anything above changes (a build: the hash of the report's slim
    #: record); "" for none, and then the report's names are never taken from ``previous``
    #: (:func:`resolve_people`)
    token: str = ""


# -- the facts the pass reads, compact ----------------------------------------------------

class IdOrg(NamedTuple):
    """An organisation as the pass reads it: name and level (no aliases)."""

    name: str
    level: str = ""


class IdMembership(NamedTuple):
    """A membership without evidence, how or the precision of its term's dates."""

    person: str
    role: str
    org: IdOrg
    began: date | None = None
    began_cue: str = ""
    ended: date | None = None
    ended_cue: str = ""
    succeeds: str = ""


class IdMeeting(NamedTuple):
    """A meeting without evidence, end date or status."""

    key: str
    org: IdOrg
    name: str
    date: date | None
    main: bool


class IdPerson(NamedTuple):
    """A person who takes part in a meeting (one per name)."""

    person: str


class IdEvidence(NamedTuple):
    """The evidence of a name candidate (:class:`~kg.facts.Evidence` as a tuple: the pass
    makes an Evidence of it for the few it keeps)."""

    doc_id: str
    start: int
    end: int
    quote: str


class IdentityFacts(NamedTuple):
    """What :func:`resolve_people` reads of a report's facts, as tuples of shared strings:
    memberships and meetings without evidence, one participation per person, the name
    candidates with their evidence (the pass hands it on)."""

    doc_id: str
    memberships: tuple[IdMembership, ...] = ()
    meetings: tuple[IdMeeting, ...] = ()
    participations: tuple[IdPerson, ...] = ()
    names: dict[str, IdEvidence] = {}


class Interner:
    """Equal strings, organisations and other values as one object (the pass holds every
    report's facts)."""

    def __init__(self) -> None:
        self.orgs: dict[tuple[str, str], IdOrg] = {}
        self.values: dict = {}

    def shared(self, value):
        """The one object equal to ``value`` (a hashable value that is never changed)."""
        return self.values.setdefault(value, value)

    def org(self, name: str, level: str) -> IdOrg:
        key = (name, level)
        o = self.orgs.get(key)
        if o is None:
            o = self.orgs[key] = IdOrg(sys.intern(name), sys.intern(level))
        return o


_INTERN = sys.intern


def identity_facts(f: Facts, interner: Interner | None = None) -> IdentityFacts:
    """The :class:`IdentityFacts` of ``f``."""
    org = (interner or Interner()).org
    i = _INTERN
    return IdentityFacts(
        f.doc_id,
        tuple(IdMembership(i(m.person), i(m.role), org(m.org.name, m.org.level), m.began, i(m.began_cue), m.ended,
                           i(m.ended_cue), i(m.succeeds)) for m in f.memberships),
        tuple(IdMeeting(i(m.key), org(m.org.name, m.org.level), i(m.name), m.date, m.main) for m in f.meetings),
        tuple(IdPerson(i(p)) for p in dict.fromkeys(p.person for p in f.participations)),
        {i(n): IdEvidence(ev.doc_id, ev.start, ev.end, ev.quote) for n, ev in f.names.items()},
    )


class Post(NamedTuple):
    role: str
    org: str
    level: str  # national | province | city | county | enterprise | ""
    province: str | None
    city: str | None

    @property
    def placed(self) -> bool:
        return self.level == "national" or self.province is not None

    @property
    def full_time(self) -> bool:
        return full_time(self.role)


@lru_cache(maxsize=65536)
def full_time(role: str) -> bool:
    """A full-time post (not :data:`NOT_FULL_TIME`)."""
    return not NOT_FULL_TIME.search(role)


#: One object for each post seen (the same posts come back in many reports).
_post = lru_cache(maxsize=65536)(Post)


class Mention:
    """One name in one report, with what the report says about it (``key``: ``(doc id,
    name)``, one tuple for all the pass's tables)."""

    __slots__ = ("doc_id", "name", "when", "province", "region", "posts", "colleagues", "factual", "key")

    def __init__(self, doc_id: str, name: str, when: date | None, province: str | None, region: str,
                 posts: tuple[Post, ...] = (), colleagues: frozenset[str] = frozenset(), factual: bool = True) -> None:
        self.doc_id = doc_id
        self.name = name
        self.when = when  # the report's meeting date, else its publication date
        self.province = province  # of the report's region
        self.region = region
        self.posts = posts
        #: the other people named in the report (the report's names: its own name may be
        #: one of them, never counted as a colleague; see :func:`shared_colleagues`)
        self.colleagues = colleagues
        self.factual = factual  # False: a name candidate (kg.extract.names), no fact of its own
        self.key: tuple[str, str] = (doc_id, name)

    def __repr__(self) -> str:
        return f"Mention({self.doc_id!r}, {self.name!r}, {len(self.posts)} posts)"


class People(dict):
    """What is one thing across reports: ``(doc id, name) -> person IRI``, with ``labels``
    (person IRI -> display label), ``successions`` (:func:`kg.rdf.succession.successions`),
    ``meetings`` (``(doc id, meeting key)`` -> IRI, :func:`kg.rdf.meetings.resolve_meetings`)
    and ``mentioned`` (doc id -> [(name, Evidence)]: a report names a known person without
    stating a fact about them, :func:`candidate_mentions`)."""

    def __init__(self, ids: dict[tuple[str, str], str], labels: dict[str, str],
                 successions: dict | None = None, meetings: dict | None = None,
                 mentioned: dict | None = None, groups: dict | None = None) -> None:
        super().__init__(ids)
        self.labels = labels
        self.successions = successions or {}
        self.meetings = meetings or {}
        self.mentioned = mentioned or {}
        #: name -> (digest of its mentions, the doc ids of each group of two or more taken
        #: for one person): what a later pass over the same mentions may reuse
        self.groups = groups or {}


# -- places of organisations ----------------------------------------------------------

@lru_cache(maxsize=65536)
def org_place(org: str, region_province: str | None) -> tuple[str | None, str | None, str]:
    """Province, city and level of the place an organisation's name starts with
    (``台州市委`` -> 浙江省, 台州市, city). A short place name shared by several provinces is
    read in the report's province.
    """
    m = pattern().match(org)
    if not m:
        return None, None, ""
    cands = lookup(m.group(0))
    provinces = {p.province for p in cands}
    if len(provinces) > 1:
        cands = [p for p in cands if p.province == region_province]
        provinces = {p.province for p in cands}
    if len(provinces) != 1:
        return None, None, ""
    cities = {p.city for p in cands if p.level != "province"}
    levels = {p.level for p in cands}
    return provinces.pop(), (cities.pop() if len(cities) == 1 else None), (levels.pop() if len(levels) == 1 else "")


def report_day(facts: Facts | None, published: date | None) -> date | None:
    """The day a report speaks of: its main meeting's date, else its publication date."""
    main = next((m for m in facts.meetings if m.main and m.date), None) if facts is not None else None
    return main.date if main else published


def mentions_of(rep: ReportPeople) -> list[Mention]:
    """The mentions of one report: every name of its memberships and participations."""
    f = rep.facts
    when = report_day(f, rep.published)
    posts: dict[str, dict[Post, None]] = defaultdict(dict)
    names: dict[str, None] = {}
    here = rep.region.province
    for m in f.memberships:
        org = m.org
        province, city, level = (None, None, "") if org.level == "national" else org_place(org.name, here)
        posts[m.person][_post(m.role, org.name, org.level or level, province, city)] = None
        names[m.person] = None
    for p in f.participations:
        names[p.person] = None
    everyone = frozenset(names)  # one set for the report's mentions (see Mention.colleagues)
    region = str(rep.region)
    return [
        Mention(rep.doc_id, n, when, here, region, tuple(sorted(posts[n], key=_post_key)) if n in posts else (), everyone)
        for n in sorted(names)
    ]


def candidate_mentions(rep: ReportPeople, known: set[str], named: frozenset[str]) -> list[Mention]:
    """Name candidates of a report (:func:`kg.extract.names.name_candidates`) that are names
    of people with posts in the facts (``known``) and not yet mentions of the report
    (``named``: the names of its facts)."""
    f = rep.facts
    when = report_day(f, rep.published)
    return [Mention(rep.doc_id, n, when, rep.region.province, str(rep.region), (), named, factual=False)
            for n in sorted(f.names) if n in known and n not in named and not surname_only(n)]


def _post_key(p: Post) -> tuple[str, str]:
    return (p.org, p.role)


# -- clusters ----------------------------------------------------------------------------

Place = tuple[str, str | None]  # (province, city or None) of a full-time post


_NONE: frozenset = frozenset()  # (shared: never changed)
_NO_TIMES: dict = {}  # (shared: never changed)


class Cluster:
    """Mentions taken for one person, with what the rules ask of them kept up to date as
    clusters join (so that a join costs the size of the smaller cluster). The pass makes one
    for every mention: each set, dict or list is made when it gets its first item (till then
    a shared empty one), a cluster of one mention shares its mention's colleagues, and a
    settled cluster (:meth:`settle`) keeps only what is read once its name is resolved."""

    __slots__ = ("mentions", "provinces", "cities", "city_bodies", "national", "colleagues", "head", "full_time",
                 "_dates", "_own_colleagues")

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions: list[Mention] = []
        self.provinces: set[str] | frozenset[str] = _NONE
        self.cities: set[Place] | frozenset[Place] = _NONE  # (province, city) of posts placed in a city
        self.city_bodies = False  # holds a post in a city's own party, government, congress or union
        self.national = False
        self.colleagues: set[str] | frozenset[str] = _NONE
        self.head = False  # holds a province-level head office (see HEAD_ROLE)
        self.full_time: dict[Place, list[date]] = _NO_TIMES  # where full-time posts were seen when
        self._dates: list[date] | tuple = ()
        self._own_colleagues = False
        for m in mentions:
            self.add(m)

    def add(self, m: Mention) -> None:
        if not self.mentions:
            self.colleagues = m.colleagues  # shared with the mention
        else:
            if not self._own_colleagues:
                self.colleagues, self._own_colleagues = set(self.colleagues), True
            self.colleagues |= m.colleagues
        self.mentions.append(m)
        if m.when:
            if not self._dates:
                self._dates = []
            self._dates.append(m.when)
        for p in m.posts:
            if p.level == "national":
                self.national = True
                continue
            if p.province:
                if self.provinces is _NONE:
                    self.provinces = set()
                self.provinces.add(p.province)
                if p.city:
                    if self.cities is _NONE:
                        self.cities = set()
                    self.cities.add((p.province, p.city))
                    self.city_bodies = self.city_bodies or regional_body(p.org)
                if p.full_time and m.when:
                    if self.full_time is _NO_TIMES:
                        self.full_time = {}
                    self.full_time.setdefault((p.province, p.city), []).append(m.when)
            if p.level == "province" and HEAD_ROLE.match(p.role):
                self.head = True

    def settle(self) -> None:
        """Let go of what only the joins read (colleagues, cities, times): the cluster's name
        is resolved, only its mentions and provinces are read from now on."""
        self.colleagues, self.cities, self.full_time, self._dates = _NONE, _NONE, _NO_TIMES, ()
        self._own_colleagues = False

    def absorb(self, other: Cluster) -> None:
        for m in other.mentions:
            self.add(m)

    @property
    def name(self) -> str:
        return self.mentions[0].name

    @property
    def placed(self) -> bool:
        return bool(self.provinces) or self.national

    def dates(self) -> list[date]:
        return sorted(self._dates)


def same_time(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= SAME_TIME_DAYS


def _apart(pa: Place, pb: Place) -> bool:
    """Two places no one holds full-time posts in at once: other provinces, or other cities."""
    return pa[0] != pb[0] or bool(pa[1] and pb[1] and pa[1] != pb[1])


def _close(xs: list[date], ys: list[date]) -> bool:
    """Some day of ``xs`` and some day of ``ys`` are at the same time (sorted merge)."""
    xs, ys = sorted(xs), sorted(ys)
    i = j = 0
    while i < len(xs) and j < len(ys):
        if same_time(xs[i], ys[j]):
            return True
        if xs[i] < ys[j]:
            i += 1
        else:
            j += 1
    return False


def conflicts(a: Cluster, b: Cluster) -> bool:
    """Two full-time posts at the same time in different provinces (or different cities)."""
    if not a.full_time or not b.full_time:
        return False
    return any(_apart(pa, pb) and _close(da, db)
               for pa, da in a.full_time.items() for pb, db in b.full_time.items())


class _Lazy(dict):
    """Root key -> cluster, each made when first asked for (of its one mention): ask only
    for roots (a key joined into another cluster is no longer one)."""

    def __init__(self, mentions: dict) -> None:
        super().__init__()
        self.mentions = mentions

    def __missing__(self, key) -> Cluster:
        c = self[key] = Cluster([self.mentions[key]])
        return c


class _Clusters:
    """Union-find over mentions whose joins are refused when the clusters conflict."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.parent = {m.key: m.key for m in mentions}  # (one tuple: Mention.key)
        self.of = _Lazy({m.key: m for m in mentions})

    def find(self, key):
        parent = self.parent
        up = parent[key]
        if up is key:  # a root (its key is its own parent: the same tuple)
            return key
        while up != key:
            parent[key] = parent[up]
            key = parent[key]
            up = parent[key]
        return key

    def cluster(self, key) -> Cluster:
        return self.of[self.find(key)]

    def join(self, a, b) -> bool:
        """Join the clusters of ``a`` and ``b`` unless they conflict; the smaller key stays root."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if conflicts(self.of[ra], self.of[rb]):
            return False
        self._union(ra, rb)
        return True

    def join_all(self, keys) -> None:
        """Join the clusters of ``keys``, known not to conflict (a group an earlier pass made:
        no two of its mentions conflict, :func:`conflicts` being a test of pairs of them)."""
        first, *rest = keys
        for k in rest:
            ra, rb = self.find(first), self.find(k)
            if ra != rb:
                self._union(ra, rb)

    def _union(self, ra, rb) -> None:
        keep, drop = min(ra, rb), max(ra, rb)
        dropped, kept = self.of[drop], self.of[keep]  # (made when first asked for: see _Lazy)
        del self.of[drop]
        small, large = (kept, dropped) if len(kept.mentions) < len(dropped.mentions) else (dropped, kept)
        large.absorb(small)
        self.of[keep] = large
        self.parent[drop] = keep

    def roots(self, keys) -> list:
        return sorted({self.find(k) for k in keys})


def _when_key(m: Mention) -> tuple[date, str]:
    return (m.when or date.max, m.doc_id)


# -- the rules, each over the mentions (or current clusters) of one name ------------------

def strong_links(ms: list[Mention]) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Links between mentions with the same organisation, or the same distinctive title
    string where their organisations do not place them in different provinces: each
    mention to the first one (in key order) that shares it, so links grow with the
    number of mentions, not its square (joining is transitive)."""
    links = []
    first_org: dict[str, tuple[str, str]] = {}
    first_title: dict[tuple[str, object], tuple[str, str]] = {}  # (role, place or None)
    unplaced_titles: list[tuple[str, tuple[str, str]]] = []
    for m in ms:
        for p in m.posts:
            links.append((first_org.setdefault(p.org, m.key), m.key))
            if len(p.role) < DISTINCTIVE_TITLE:
                continue
            if p.placed:
                links.append((first_title.setdefault((p.role, p.province or "national"), m.key), m.key))
            else:
                unplaced_titles.append((p.role, m.key))
    for role, key in unplaced_titles:  # an unplaced org does not place the title apart
        links += [(key, k) for (r, _), k in sorted(first_title.items(), key=_title_order) if r == role]
        links.append((first_title.setdefault((role, None), key), key))
    return [(a, b) for a, b in links if a != b]


def _title_order(item: tuple[tuple[str, object], tuple[str, str]]) -> tuple:
    """Sort key of a ``first_title`` entry: an unplaced title's place (None) before any province."""
    (role, place), key = item
    return (role, place is not None, place or "", key)


def same_province(a: Cluster, b: Cluster) -> bool:
    """Both placed in one province by their posts (time is checked by :func:`conflicts`).
    Placed only in different cities of it, both must hold posts in cities' own bodies (a
    career from one city's federation to another's); a city's party deputy secretary and a
    college principal in another city are namesakes."""
    if not a.provinces & b.provinces:
        return False
    return not (a.cities and b.cities and not a.cities & b.cities) or (a.city_bodies and b.city_bodies)


@lru_cache(maxsize=65536)
def regional_body(org: str) -> bool:
    """``三明市委``, ``厦门市总工会``: a place and a body every region has (``org_heads.tsv``
    tag ``regional``), not a school or company named after its city.

    >>> regional_body("厦门市总工会"), regional_body("福州外语外贸学院")
    (True, False)
    """
    return org[len(place_prefix(org)):] in org_heads("regional")


def national_step(nat: Cluster, prov: Cluster) -> bool:
    """``prov`` held a province's head office, ``nat`` a national post, not earlier."""
    if prov.national or not prov.provinces or not nat.national or not prov.head:
        return False
    pd, nd = prov.dates(), nat.dates()
    return not (pd and nd and pd[0] > nd[-1])


def place_unplaced(u: Cluster, candidates: list[Cluster]) -> Cluster | None:
    """The placed person an unplaced mention is: the one in its province, else the one of
    its name, else the one sharing most colleagues with it."""
    provinces = {m.province for m in u.mentions if m.province}
    local = [c for c in candidates if c.provinces & provinces]
    if len(local) == 1:
        return local[0]
    pool = local or candidates
    if len(pool) == 1:
        return pool[0]
    shared = sorted(((shared_colleagues(c, u), i) for i, c in enumerate(pool)), reverse=True)
    if shared and shared[0][0] > 0 and (len(shared) == 1 or shared[1][0] < shared[0][0]):
        return pool[shared[0][1]]
    return None


def shared_colleagues(a: Cluster, b: Cluster) -> int:
    """How many people other than themselves the two (of one name) are named with."""
    common = a.colleagues & b.colleagues
    return len(common) - (a.name in common)


def surname_only(name: str) -> bool:
    """A bare family name standing for a person (``王主席`` gives the name ``王``)."""
    return len(name) == 1


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a pass makes many small objects and no
    garbage cycles (its full collections over them cost a third of the identity pass), on
    again after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def resolve_people(reports: Iterable[ReportPeople], previous: dict | None = None) -> People:
    """Map ``(doc_id, person name)`` to a person IRI, for every person named in the facts
    (with the labels of the people, the successions among their terms and the meetings
    that several reports name).

    ``previous``: the :attr:`People.groups` of an earlier pass (by the same code): the rules
    of a name run over its mentions only, so a name whose mentions are those it had then
    (the same reports, by their tokens) gets the groups it got then, without the rules.
    """
    with collector_paused():
        return _resolve_people(list(reports), previous or {})


def mentions_digest(ms: list[Mention], tokens: dict[str, str]) -> str | None:
    """What a name's mentions are made of: their reports (by token) and kinds; None when a
    report has no token."""
    parts = []
    for m in ms:
        token = tokens.get(m.doc_id)
        if not token:
            return None
        parts.append(f"{m.doc_id}\t{token}\t{m.factual:d}")
    return hashlib.sha1("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _fits(groups: list[list[str]], ms: list[Mention]) -> bool:
    """Groups of reports of a name's mentions, each report in one (a check of what a file gave)."""
    docs = [d for g in groups for d in g]
    return len(set(docs)) == len(docs) and set(docs) <= {m.doc_id for m in ms}


def _resolve_people(reports: list[ReportPeople], previous: dict) -> People:
    facts = [m for rep in reports for m in mentions_of(rep)]
    named: dict[str, frozenset[str]] = {}  # the names of each report's facts
    for m in facts:
        seen = named.get(m.doc_id)
        if seen is None or (seen is not m.colleagues and m.name not in seen):
            named[m.doc_id] = m.colleagues if seen is None else seen | {m.name}
    known = set()
    for m in facts:
        for p in m.posts:
            if len(p.org) >= MIN_ORG_NAME:
                known.add(m.name)
                break
    extra = [m for rep in reports for m in candidate_mentions(rep, known, named.get(rep.doc_id, frozenset()))]
    all_mentions = sorted(facts + extra, key=lambda m: m.key)
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in all_mentions:
        by_name[m.name].append(m)
    cl = _Clusters(all_mentions)
    tokens = {rep.doc_id: rep.token for rep in reports}
    groups: dict[str, tuple[str, list[list[str]]]] = {}
    for name in sorted(by_name):
        ms = by_name[name]
        if surname_only(name):
            continue
        digest = mentions_digest(ms, tokens) if len(ms) > 1 else None
        before = previous.get(name) if digest else None
        reuse = before is not None and before[0] == digest and _fits(before[1], ms)
        if reuse:
            for group in before[1]:
                cl.join_all([(doc, name) for doc in group])
            groups[name] = before
        else:
            _resolve_name(cl, ms)
        roots = cl.roots(m.key for m in ms)
        for r in roots:
            cl.of[r].settle()
        if digest and not reuse:
            found = [[m.doc_id for m in cl.of[r].mentions] for r in roots if len(cl.of[r].mentions) > 1]
            groups[name] = (digest, [sorted(g) for g in found])
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    for name in sorted(by_name):
        if surname_only(name):
            for m in by_name[name]:
                target = _surname_target(cl, m, by_name)
                if target is not None:
                    alias[m.key] = target
    roots = sorted({cl.find(alias.get(m.key, m.key)) for m in facts})  # people the facts know
    iri_of = {r: anchor(cl.of[r]) for r in roots}
    kept = [m for m in extra if cl.find(m.key) in iri_of]  # candidates that joined one of them
    ids = {m.key: iri_of[cl.find(alias.get(m.key, m.key))] for m in facts + kept}
    mentioned = _names(reports, kept)
    return People(ids, labels({iri_of[r]: cl.of[r] for r in roots}), successions(reports, ids),
                  resolve_meetings(reports), mentioned, groups)


def _names(reports: list[ReportPeople], kept: list[Mention]) -> dict[str, list]:
    """doc id -> [(name, Evidence)] of the kept name candidates, by name."""
    wanted = {m.key for m in kept}
    docs = {doc for doc, _ in wanted}
    out: dict[str, list] = {}
    for r in reports:
        if r.doc_id not in docs:
            continue
        found = [(n, ev if type(ev) is Evidence else Evidence(*ev)) for n, ev in sorted(r.facts.names.items())
                 if (r.doc_id, n) in wanted]
        if found:
            out[r.doc_id] = found
    return out


def _resolve_name(cl: _Clusters, ms: list[Mention]) -> None:
    """Apply the rules, in order, to the mentions of one name."""
    keys = [m.key for m in ms]
    for a, b in strong_links(ms):
        cl.join(a, b)
    # same province: each cluster joins the first one of its province it does not conflict with
    seen: dict[str, list] = defaultdict(list)
    for r in cl.roots(keys):
        for province in sorted(cl.cluster(r).provinces):
            if not any(same_province(cl.cluster(other), cl.cluster(r)) and cl.join(other, r)
                       for other in seen[province]):
                seen[province].append(r)
    roots = cl.roots(keys)
    for rn in roots:
        n = cl.cluster(rn)
        if n.national and not n.provinces:
            steps = [r for r in roots if cl.find(r) != cl.find(rn) and national_step(n, cl.cluster(r))]
            if len(steps) == 1:
                cl.join(rn, steps[0])
    roots = cl.roots(keys)
    placed = [r for r in roots if cl.of[r].placed]
    leftovers: dict[str | None, tuple[str, str]] = {}
    for ru in roots:
        if cl.find(ru) != ru:  # joined in this loop
            continue
        u = cl.of[ru]
        if u.placed:
            continue
        target = place_unplaced(u, [cl.cluster(r) for r in placed])
        if target is not None:
            cl.join(ru, next(r for r in placed if cl.cluster(r) is target))
            continue
        province = u.mentions[0].province
        if province in leftovers:
            cl.join(leftovers[province], ru)
        else:
            leftovers[province] = ru


def _surname_target(cl: _Clusters, m: Mention, by_name: dict[str, list[Mention]]):
    """The full name a surname-only mention stands for, in its report, else its province."""
    roles = {p.role for p in m.posts}

    def fits(other: Mention) -> bool:
        return not roles or bool(roles & {p.role for p in other.posts})

    full = [n for n in by_name if len(n) > 1 and n.startswith(m.name)]
    here = [o for n in full for o in by_name[n] if o.doc_id == m.doc_id and fits(o)]
    if len(here) == 1:
        return here[0].key
    if here:
        return None
    there = {cl.find(o.key) for n in full for o in by_name[n]
             if fits(o) and m.province and m.province in cl.cluster(o.key).provinces}
    return there.pop() if len(there) == 1 else None


# -- IRIs and labels --------------------------------------------------------------------

def anchor(c: Cluster) -> str:
    """The person's IRI: name and organisation of the earliest dated mention with a post
    (its placed organisation first), else name and province of the earliest mention."""
    with_posts = [m for m in c.mentions if m.posts]
    if with_posts:
        first = min(with_posts, key=_when_key)
        placed = sorted(p.org for p in first.posts if p.placed)
        return person_iri(c.name, placed[0] if placed else min(p.org for p in first.posts))
    first = min((m for m in c.mentions if m.factual), key=_when_key, default=c.mentions[0])
    return regional_person_iri(c.name, first.province or first.region)


def label_org(c: Cluster) -> str:
    """What tells a person apart from namesakes: the organisation most reports place them
    in (a union first), else the province of their reports."""
    counts = Counter(p.org for m in c.mentions for p in {q.org: q for q in m.posts}.values())
    if counts:
        return min(counts, key=lambda o: (-counts[o], "工会" not in o, o))
    provinces = sorted({m.province or m.region for m in c.mentions} - {""})
    return provinces[0] if provinces else "?"


def labels(people: dict[str, Cluster]) -> dict[str, str]:
    """Person IRI -> label: the name, with ``（organisation）`` when the name has namesakes."""
    names = Counter(c.name for c in people.values())
    out: dict[str, str] = {}
    taken: Counter[str] = Counter()
    for iri in sorted(people):
        c = people[iri]
        if names[c.name] == 1:
            out[iri] = c.name
            continue
        base = f"{c.name}（{label_org(c)}）"
        taken[base] += 1
        out[iri] = base if taken[base] == 1 else f"{base[:-1]} {taken[base]}）"
    return out
