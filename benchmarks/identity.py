"""Person identity across reports: B-cubed and pairwise P/R/F1 on the dev and careers corpora.

    python benchmarks/identity.py [--corpus dev|careers] [--misses] [--synthetic N] [--built OUT]

Builds each corpus (dev: its reports and the seeds) into a temporary folder, runs the
``people`` query and scores it with ``../shared/eval/score_people.py``. Also prints how
many gold mentions the graph has at all (a mention the extractors never found counts as
a person of its own, whatever the identity pass does) and the score the graph would get
with those mentions perfectly clustered: the part of the gap that is identity's.
``--misses`` lists the gold mentions that are split or merged wrongly. ``--synthetic N``
times the identity pass alone on N made-up reports (every report naming one national
leader and eight of fifty provincial names), to check that it grows linearly. ``--built
OUT`` reads the slim records of a build in OUT (what an incremental build reads of the
reports it does not read again) and prints the seconds and memory (RSS) of reading them
and of the identity pass over them.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.store import GraphStore  # noqa: E402

CORPORA = {
    "dev": ([SHARED / "corpus/dev/docs", SHARED / "seeds"], SHARED / "corpus/dev/people.json"),
    "careers": ([SHARED / "corpus/careers/docs"], SHARED / "corpus/careers/people.json"),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_people", SHARED / "eval/score_people.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def people_rows(inputs, out: Path) -> tuple[list[dict], float]:
    result = build(inputs, out, progress=False)
    with GraphStore.open(out) as store:
        rows = store.select("people").as_dicts()
    return rows, result.timings.get("identity", 0.0)


def run(name: str, misses: bool) -> None:
    inputs, gold_path = CORPORA[name]
    sp = _scorer()
    with tempfile.TemporaryDirectory(prefix="identity-") as tmp:
        t0 = time.perf_counter()
        rows, t_identity = people_rows(inputs, Path(tmp) / "out")
        seconds = time.perf_counter() - t0
    pred = {f"{sp.norm(r['doc'])}/{sp.norm(r['name'])}": r["person"] for r in rows}
    gold = {sp.norm(k.split("/", 1)[0]) + "/" + sp.norm(k.split("/", 1)[1]): v
            for k, v in json.loads(gold_path.read_text(encoding="utf-8"))["people"].items()}
    s = sp.score(gold, pred)
    found = {k: v for k, v in gold.items() if k in pred}
    ceiling = sp.score(gold, found)["bcubed"]
    b, p = s["bcubed"], s["pairwise"]
    print(f"{name}: {s['mentions']} gold mentions of {s['gold_people']} people; "
          f"{len(found)} in the graph; build {seconds:.1f} s (identity {t_identity:.2f} s)")
    print(f"  B-cubed   P {b['p']:.3f}  R {b['r']:.3f}  F1 {b['f1']:.3f}")
    print(f"  pairwise  P {p['p']:.3f}  R {p['r']:.3f}  F1 {p['f1']:.3f}  (tp {p['tp']}, fp {p['fp']}, fn {p['fn']})")
    print(f"  with the found mentions clustered as gold: B-cubed F1 {ceiling['f1']:.3f} "
          f"(the rest is mentions the extractors miss)")
    if misses:
        by_gold, by_pred = defaultdict(set), defaultdict(set)
        for k in found:
            by_gold[gold[k]].add(k)
            by_pred[pred[k]].add(k)
        for person, ms in sorted(by_gold.items()):
            got = {pred[m] for m in ms}
            if len(got) > 1 or any(by_pred[g] - ms for g in got):
                print(f"  {person}: " + "; ".join(f"{pred[m].rsplit('/person/', 1)[-1]} <- {m}" for m in sorted(ms)))
        for k in sorted(set(gold) - set(found)):
            print(f"  not in the graph: {k}")


def synthetic(n: int) -> None:
    import random
    from datetime import date, timedelta

    from kg.document import Region
    from kg.facts import Evidence, Facts, Membership, Org, Participation
    from kg.rdf import ReportPeople, resolve_people

    rng = random.Random(1)
    provinces = ["甘肃省", "福建省", "宁夏回族自治区", "辽宁省", "四川省"]
    names = [a + b for a in "王李张刘陈杨黄赵吴周" for b in "伟明华军平"]
    reports = []
    for i in range(n):
        f, p, ev = Facts(f"d{i}"), rng.choice(provinces), Evidence(f"d{i}", 0, 2, "引文。")
        f.memberships = [Membership(x, "副主席", Org(p + "总工会", (), "province"), ev) for x in rng.sample(names, 8)]
        f.memberships.append(Membership("某甲乙", "主席", Org("中华全国总工会", (), "national"), ev))
        f.participations = [Participation("某丙丁", "attended", "m1", ev)]
        reports.append(ReportPeople(f"d{i}", Region(p), f, date(2010, 1, 1) + timedelta(days=i)))
    t0 = time.perf_counter()
    ids = resolve_people(reports)
    print(f"synthetic: {n} reports, {len(ids)} mentions -> {len(set(ids.values()))} people "
          f"in {time.perf_counter() - t0:.2f} s")


def _rss_mb() -> float:
    """Resident memory of this process now (Linux), in MB."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return float("nan")


def built(out: Path) -> None:
    """The identity pass alone over a build's slim records (what an incremental build reads
    of its unchanged reports): seconds and memory of reading them and of the pass."""
    import resource

    from kg.build import _mark_duplicates
    from kg.incremental import FACTS_DIR, load
    from kg.rdf import ReportPeople, resolve_people
    from kg.rdf.identity import Interner
    from kg.report import OK
    from kg.shards import loads_slim, slim_shard, split_people

    cache = load(out)
    if not cache.entries:
        raise SystemExit(f"{out}: no build index (or one of another format): build it with this kg first")
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    interner, read = Interner(), []
    data: dict[str, bytes] = {}
    for path, entry in sorted(cache.entries.items(), key=lambda pe: (pe[1].shard, pe[1].offset)):
        name = slim_shard(entry.shard)
        if name not in data:
            data.clear()
            data[name] = (out / FACTS_DIR / name).read_bytes()
        start, length = entry.slim
        read.append((path, *loads_slim(data[name][start:start + length], interner)))
    data.clear()
    read = [(r, f) for _, r, f in sorted(read, key=lambda x: x[0])]  # in the build's order (by path)
    records = [r for r, _ in read]
    _mark_duplicates(records)
    t1 = time.perf_counter()
    rss1 = _rss_mb()
    people = resolve_people(ReportPeople(r.id, r.region, f, r.published) for r, f in read if r.status == OK and f)
    t2 = time.perf_counter()
    parts = split_people(people, [r.id for r in records])
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{out}: {len(records):,} reports, {len(people):,} mentions -> {len(set(people.values())):,} people, "
          f"{len(parts):,} parts")
    print(f"  slim records read in {t1 - t0:.2f} s (RSS {rss0:.0f} -> {rss1:.0f} MB)")
    print(f"  identity pass {t2 - t1:.2f} s, split {t3 - t2:.2f} s; peak RSS {peak:.0f} MB "
          f"(+{peak - rss1:.0f} MB over the slim records)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--synthetic", type=int, metavar="N", help="time the identity pass on N made-up reports")
    ap.add_argument("--built", type=Path, metavar="OUT",
                    help="time the identity pass and its memory over the slim records of the build in OUT")
    args = ap.parse_args()
    if args.built:
        built(args.built)
        return 0
    if args.synthetic:
        synthetic(args.synthetic)
        return 0
    for name in args.corpus or ["dev", "careers"]:
        if not CORPORA[name][1].is_file():
            print(f"{name}: no gold at {CORPORA[name][1]}", file=sys.stderr)
            continue
        run(name, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
