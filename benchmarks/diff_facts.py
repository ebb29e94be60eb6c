#!/usr/bin/env python3
"""Check that a change (a speed change, say) changes no fact: build the dev corpus and the
seeds, dump what the graph says, and diff it against a saved run.

    python benchmarks/diff_facts.py --save [FILE]   # before the change
    python benchmarks/diff_facts.py [FILE]          # after it: differences, exit status 1 if any

What is dumped, each sorted: the rows of the contract queries (memberships, meetings, tasks,
participations), of ``reports``, of the parameterised people/org queries for every
organisation and person name, the counts of ``stats`` (without the number of triples, which
a change of representation may change) and every fact's evidence (report, start, end,
quote), of every named query without parameters (careers, co-attendance ...) and of
post-holders for every post (organisation name or alias, role). FILE defaults to /tmp/<user>-kg-facts.json.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.queries import named_queries  # noqa: E402
from kg.store import GraphStore  # noqa: E402

INPUTS = [ROOT.parent / "shared" / "corpus" / "dev" / "docs", ROOT / "seeds"]
CONTRACT = ("memberships", "meetings", "tasks", "participations", "reports", "people")
EVIDENCE = """
SELECT DISTINCT ?doc ?fact ?start ?end ?quote WHERE { GRAPH ?g {
  ?fact prov:wasDerivedFrom ?r ; kg:evidence ?e . ?r kg:docId ?doc .
  ?e kg:quote ?quote ; kg:start ?start ; kg:end ?end } }"""
POSTS = """SELECT DISTINCT ?o ?r WHERE {
  ?post a org:Post ; org:postIn/(skos:prefLabel|skos:altLabel) ?o ; org:role/skos:prefLabel ?r }"""
NAMES = {
    "org": "SELECT DISTINCT ?v WHERE { ?o a org:Organization ; skos:prefLabel|skos:altLabel ?v }",
    "person": "SELECT DISTINCT ?v WHERE { ?p a foaf:Person ; foaf:name ?v }",
}


#: Columns that list a set (GROUP_CONCAT DISTINCT: in an order SPARQL leaves open), by
#: their separator: compared with their items sorted.
SETS = {"sources": " ", "cues": " ", "orgs": "; ", "regions": "; ", "members": "; ",
        "meeting_names": "; ", "succeeded": "; "}


def rows(result) -> list[list]:
    """The rows of a result, sorted; a column listing a set (:data:`SETS`) with its items sorted."""
    at = [(i, SETS[c]) for i, c in enumerate(result.columns) if c in SETS]
    out = []
    for row in result.rows:
        row = list(row)
        for i, sep in at:
            if row[i] is not None:
                items = str(row[i]).split() if sep == " " else str(row[i]).split(sep)
                row[i] = sep.join(sorted(items))
        out.append(row)
    return sorted(out, key=lambda r: json.dumps(r, ensure_ascii=False, default=str))


def dump(out: Path) -> dict[str, list]:
    facts: dict[str, list] = {}
    with GraphStore.open(out) as store:
        for name in CONTRACT:
            facts[name] = rows(store.select(name))
        stats = store.select("stats").as_dicts()[0]
        stats.pop("triples", None)
        facts["stats"] = sorted(stats.items())
        facts["evidence"] = rows(store.select(EVIDENCE))
        values = {p: sorted(r[0] for r in store.select(q).rows) for p, q in NAMES.items()}
        for name, q in named_queries().items():
            if len(q.params) == 1 and (p := next(iter(q.params))) in values:
                facts[name] = [[v, rows(store.select(q, {p: v}))] for v in values[p]]
            elif not q.params and name not in facts:
                facts[name] = rows(store.select(q))
        posts = sorted(tuple(r) for r in store.select(POSTS).rows)
        for name, q in named_queries().items():
            if sorted(q.params) == ["org", "role"]:
                facts[name] = [[o, r, rows(store.select(q, {"org": o, "role": r}))] for o, r in posts]
    return json.loads(json.dumps(facts, ensure_ascii=False, default=str))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", type=Path, default=Path(f"/tmp/{getpass.getuser()}-kg-facts.json"))
    ap.add_argument("--save", action="store_true", help="save this run as the reference")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-diff-") as tmp:
        build(INPUTS, Path(tmp) / "out", progress=False)
        facts = dump(Path(tmp) / "out")
    if args.save:
        args.file.write_text(json.dumps(facts, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"saved {sum(map(len, facts.values())):,} rows to {args.file}")
        return 0
    saved = json.loads(args.file.read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(set(saved) | set(facts)):
        old, new = saved.get(key, []), facts.get(key, [])
        if old == new:
            continue
        differ += 1
        old_set, new_set = {json.dumps(r, ensure_ascii=False) for r in old}, {json.dumps(r, ensure_ascii=False) for r in new}
        gone, added = sorted(old_set - new_set), sorted(new_set - old_set)
        print(f"{key}: {len(old)} -> {len(new)} rows; {len(gone)} gone, {len(added)} new")
        for r in gone[:5]:
            print(f"  - {r}")
        for r in added[:5]:
            print(f"  + {r}")
    print("no fact changed" if not differ else f"{differ} result(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
