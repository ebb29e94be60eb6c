"""Person identity across reports: which name in which report is which person.

A *mention* is one name in one report (all of a report's facts about a name are one
person). Mentions of one name are joined by evidence, strongest first; every join is
refused when it would merge a conflict (:func:`conflicts`: two full-time posts in
different provinces, or in different cities, at the same time):

1. strong links (:func:`strong_links`): the same organisation; the same distinctive
   title string (``书记处第一书记``) where the organisations do not place the two apart;
2. same region (:func:`same_province`): both placed by their posts in one province, and
   compatible in time (a union chair who becomes vice-chair of the province's congress);
3. a career step to a national post (:func:`national_step`): a province-level office
   holder and the one national post holder of that name, the provincial post not later;
4. a mention without a placed post (:func:`place_unplaced`): it joins the one placed
   person of its name in its report's province, else the one placed person of its name
   anywhere, else the candidate with which it shares the most colleagues (other people
   named in the same reports); what is left is one person per name and province;
5. a surname-only reference (``王主席``: the name is a bare family name) is the one full
   name in the same report, else in the same province, with that family name and role.

Everything is sorted before it is joined, so the result does not depend on the order of
the reports. A person's IRI comes from its name and the organisation (or province) of its
earliest dated mention (:func:`anchor`), so reports added later in time keep the IRIs.
Namesakes get distinct labels: ``刘伟（北京市总工会）`` (:func:`labels`).

>>> from kg.facts import Facts
>>> resolve_people([]) == {}
True
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..document import Region
from ..facts import Facts
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
#: Heads of a province's bodies: the posts from which national posts are reached.
HEAD_ROLE = re.compile(r"^(?:党组)?(?:书记|副书记|主任|主席|省长|副省长|市长|主席团主席)$")


@dataclass(frozen=True)
class ReportPeople:
    """What the identity pass needs from one report."""

    doc_id: str
    region: Region
    facts: Facts
    published: date | None = None


@dataclass(frozen=True)
class Post:
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
        return not NOT_FULL_TIME.search(self.role)


@dataclass(frozen=True)
class Mention:
    """One name in one report, with what the report says about it."""

    doc_id: str
    name: str
    when: date | None  # the report's meeting date, else its publication date
    province: str | None  # of the report's region
    region: str
    posts: tuple[Post, ...] = ()
    colleagues: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.name)


class People(dict):
    """What is one thing across reports: ``(doc id, name) -> person IRI``, with ``labels``
    (person IRI -> display label), ``successions`` (:func:`kg.rdf.succession.successions`)
    and ``meetings`` (``(doc id, meeting key)`` -> IRI, :func:`kg.rdf.meetings.resolve_meetings`)."""

    def __init__(self, ids: dict[tuple[str, str], str], labels: dict[str, str],
                 successions: dict | None = None, meetings: dict | None = None) -> None:
        super().__init__(ids)
        self.labels = labels
        self.successions = successions or {}
        self.meetings = meetings or {}


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


def mentions_of(rep: ReportPeople) -> list[Mention]:
    """The mentions of one report: every name of its memberships and participations."""
    f = rep.facts
    main = next((m for m in f.meetings if m.main and m.date), None)
    when = main.date if main else rep.published
    posts: dict[str, dict[Post, None]] = defaultdict(dict)
    names: dict[str, None] = {}
    for m in f.memberships:
        province, city, level = (None, None, "") if m.org.level == "national" else org_place(m.org.name, rep.region.province)
        posts[m.person][Post(m.role, m.org.name, m.org.level or level, province, city)] = None
        names[m.person] = None
    for p in f.participations:
        names[p.person] = None
    everyone = frozenset(names)
    return [
        Mention(rep.doc_id, n, when, rep.region.province, str(rep.region),
                tuple(sorted(posts.get(n, ()), key=_post_key)), everyone - {n})
        for n in sorted(names)
    ]


def _post_key(p: Post) -> tuple[str, str]:
    return (p.org, p.role)


# -- clusters ----------------------------------------------------------------------------

@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.mentions[0].name

    def posts(self) -> list[tuple[Post, date | None]]:
        return [(p, m.when) for m in self.mentions for p in m.posts]

    @property
    def provinces(self) -> set[str]:
        return {p.province for m in self.mentions for p in m.posts if p.level != "national" and p.province}

    @property
    def national(self) -> bool:
        return any(p.level == "national" for m in self.mentions for p in m.posts)

    @property
    def placed(self) -> bool:
        return bool(self.provinces) or self.national

    @property
    def orgs(self) -> set[str]:
        return {p.org for m in self.mentions for p in m.posts}

    @property
    def colleagues(self) -> set[str]:
        return {c for m in self.mentions for c in m.colleagues}

    def dates(self) -> list[date]:
        return sorted(m.when for m in self.mentions if m.when)


def same_time(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= SAME_TIME_DAYS


def conflicts(a: Cluster, b: Cluster) -> bool:
    """Two full-time posts at the same time in different provinces (or different cities)."""
    for pa, wa in a.posts():
        if not (pa.full_time and pa.province and pa.level != "national"):
            continue
        for pb, wb in b.posts():
            if not (pb.full_time and pb.province and pb.level != "national") or not same_time(wa, wb):
                continue
            if pa.province != pb.province:
                return True
            if pa.city and pb.city and pa.city != pb.city:
                return True
    return False


class _Clusters:
    """Union-find over mentions whose joins are refused when the clusters conflict."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.parent = {m.key: m.key for m in mentions}
        self.of = {m.key: Cluster([m]) for m in mentions}

    def find(self, key):
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def cluster(self, key) -> Cluster:
        return self.of[self.find(key)]

    def join(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if conflicts(self.of[ra], self.of[rb]):
            return False
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.of[keep].mentions = sorted(self.of[keep].mentions + self.of.pop(drop).mentions, key=_when_key)
        return True

    def roots(self, keys) -> list:
        return sorted({self.find(k) for k in keys})


def _when_key(m: Mention) -> tuple[date, str]:
    return (m.when or date.max, m.doc_id)


# -- the rules, each over the mentions (or current clusters) of one name ------------------

def strong_links(ms: list[Mention]) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs of mentions with the same organisation, or the same distinctive title string
    where their organisations do not place them in different provinces."""
    pairs = []
    for i, a in enumerate(ms):
        for b in ms[i + 1:]:
            if a.doc_id == b.doc_id:
                continue
            if {p.org for p in a.posts} & {p.org for p in b.posts} or _same_title(a, b):
                pairs.append((a.key, b.key))
    return pairs


def _same_title(a: Mention, b: Mention) -> bool:
    for pa in a.posts:
        if len(pa.role) < DISTINCTIVE_TITLE:
            continue
        for pb in b.posts:
            if pb.role == pa.role and not (pa.placed and pb.placed and (pa.province, pa.level == "national")
                                           != (pb.province, pb.level == "national")):
                return True
    return False


def same_province(a: Cluster, b: Cluster) -> bool:
    """Both placed in one province by their posts (time is checked by :func:`conflicts`)."""
    return bool(a.provinces & b.provinces)


def national_step(nat: Cluster, prov: Cluster) -> bool:
    """``prov`` held a province's head office, ``nat`` a national post, not earlier."""
    if prov.national or not prov.provinces or not nat.national:
        return False
    if not any(p.level == "province" and HEAD_ROLE.match(p.role) for m in prov.mentions for p in m.posts):
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
    shared = sorted(((len(c.colleagues & u.colleagues), i) for i, c in enumerate(pool)), reverse=True)
    if shared and shared[0][0] > 0 and (len(shared) == 1 or shared[1][0] < shared[0][0]):
        return pool[shared[0][1]]
    return None


def surname_only(name: str) -> bool:
    """A bare family name standing for a person (``王主席`` gives the name ``王``)."""
    return len(name) == 1


def resolve_people(reports: Iterable[ReportPeople]) -> People:
    """Map ``(doc_id, person name)`` to a person IRI, for every person named in the facts
    (with the labels of the people, the successions among their terms and the meetings
    that several reports name)."""
    reports = list(reports)
    all_mentions = sorted((m for rep in reports for m in mentions_of(rep)), key=lambda m: m.key)
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in all_mentions:
        by_name[m.name].append(m)
    cl = _Clusters(all_mentions)
    for name in sorted(by_name):
        if not surname_only(name):
            _resolve_name(cl, by_name[name])
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    for name in sorted(by_name):
        if surname_only(name):
            for m in by_name[name]:
                target = _surname_target(cl, m, by_name)
                if target is not None:
                    alias[m.key] = target
    roots = sorted({cl.find(m.key) for m in all_mentions})
    iri_of = {r: anchor(cl.of[r]) for r in roots}
    ids = {m.key: iri_of[cl.find(alias.get(m.key, m.key))] for m in all_mentions}
    return People(ids, labels({iri_of[r]: cl.of[r] for r in roots}), successions(reports, ids),
                  resolve_meetings(reports))


def _resolve_name(cl: _Clusters, ms: list[Mention]) -> None:
    keys = [m.key for m in ms]
    for a, b in strong_links(ms):
        cl.join(a, b)

    def current() -> list[tuple[tuple[str, str], Cluster]]:
        return [(r, cl.of[r]) for r in cl.roots(keys)]

    for i, (ra, a) in enumerate(current()):
        for rb, b in current()[i + 1:]:
            if cl.find(ra) != cl.find(rb) and same_province(cl.cluster(ra), cl.cluster(rb)):
                cl.join(ra, rb)
    for rn, n in current():
        if n.national and not n.provinces:
            steps = [r for r, c in current() if r != rn and national_step(cl.cluster(rn), c)]
            if len(steps) == 1:
                cl.join(rn, steps[0])
    placed = [(r, c) for r, c in current() if c.placed]
    for ru, u in current():
        if u.placed:
            continue
        target = place_unplaced(u, [c for _, c in placed])
        if target is not None:
            cl.join(ru, next(r for r, c in placed if c is target))
    leftovers: dict[str | None, tuple[str, str]] = {}
    for ru, u in current():
        if not u.placed:
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
    first = min(c.mentions, key=_when_key)
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
