"""Person identity across reports: which name in which report is which person node.

A global pass over all reports' facts, by union-find over keys:

- ``(name, org)`` for every membership: all membership orgs of one name within one report
  belong to the same person, and the same ``(name, org)`` in two reports is the same person;
- a name with no membership in a report (participations only) joins the one cluster of
  that name that has an org whose name starts with a place of the report's region; when
  there is no such cluster or more than one, it gets the key ``(name, region)``.

A cluster's IRI comes from the name and the lexicographically smallest org of the cluster
(or region, for clusters without orgs), so it does not depend on the order of reports.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..document import Region
from ..facts import Facts
from ..lexicon.places import short_name
from .iris import person_iri, regional_person_iri

Key = tuple[str, str, str]  # ("org" | "region", name, org or region)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        root = self.parent.setdefault(key, key)
        while self.parent[root] != root:
            root = self.parent[root]
        while key != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class ReportPeople:
    """What the identity pass needs from one report."""

    doc_id: str
    region: Region
    facts: Facts


def region_places(region: Region) -> tuple[str, ...]:
    """Names (full and short) of the places of a report's region, longest first."""
    names = {n for n in (region.province, region.city, region.county) if n}
    names |= {short_name(n) for n in names}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def resolve_people(reports: Iterable[ReportPeople]) -> dict[tuple[str, str], str]:
    """Map ``(doc_id, person name)`` to a person IRI, for every person named in the facts."""
    reports = list(reports)
    uf = _UnionFind()
    members: dict[tuple[str, str], Key] = {}  # (doc, name) -> one of its (name, org) keys
    for rep in reports:
        orgs: dict[str, set[str]] = defaultdict(set)
        for m in rep.facts.memberships:
            orgs[m.person].add(m.org.name)
        for name, names in orgs.items():
            keys = [("org", name, org) for org in sorted(names)]
            for key in keys:
                uf.find(key)
                uf.union(keys[0], key)
            members[(rep.doc_id, name)] = keys[0]

    clusters: dict[Key, set[str]] = defaultdict(set)  # root -> orgs
    for key in list(uf.parent):
        clusters[uf.find(key)].add(key[2])
    by_name: dict[str, list[Key]] = defaultdict(list)
    for root in sorted(clusters):
        by_name[root[1]].append(root)

    result: dict[tuple[str, str], str] = {}
    iri_of = {root: person_iri(root[1], min(orgs)) for root, orgs in clusters.items()}
    for (doc_id, name), key in members.items():
        result[(doc_id, name)] = iri_of[uf.find(key)]
    for rep in reports:
        places = None
        region = str(rep.region)
        for p in rep.facts.participations:
            if (rep.doc_id, p.person) in result:
                continue
            if places is None:
                places = region_places(rep.region)
            result[(rep.doc_id, p.person)] = _place_without_membership(
                p.person, region, places, by_name, clusters, iri_of
            )
    return result


def _place_without_membership(name, region, places, by_name, clusters, iri_of) -> str:
    candidates = [
        root for root in by_name.get(name, ())
        if any(org.startswith(place) for org in clusters[root] for place in places)
    ]
    if len(candidates) == 1:
        return iri_of[candidates[0]]
    return regional_person_iri(name, region)
