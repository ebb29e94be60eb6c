"""Person identity across reports: B-cubed and pairwise P/R/F1 on the dev and careers corpora.

    python benchmarks/identity.py [--corpus dev|careers] [--misses]

Builds each corpus (dev: its reports and the seeds) into a temporary folder, runs the
``people`` query and scores it with ``../shared/eval/score_people.py``. Also prints how
many gold mentions the graph has at all (a mention the extractors never found counts as
a person of its own, whatever the identity pass does) and the score the graph would get
with those mentions perfectly clustered: the part of the gap that is identity's.
``--misses`` lists the gold mentions that are split or merged wrongly.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    for name in args.corpus or ["dev", "careers"]:
        if not CORPORA[name][1].is_file():
            print(f"{name}: no gold at {CORPORA[name][1]}", file=sys.stderr)
            continue
        run(name, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
