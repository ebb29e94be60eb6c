"""Error analysis on a corpus: the facts missed and the facts wrong, per relation.

    python benchmarks/errors.py PRED_DIR [memberships|meetings|tasks|participations] [--doc D]
                                [--corpus dev|careers|DIR]

PRED_DIR holds the CSVs of ``benchmarks/score_dev.py [--corpus C] --dump PRED_DIR``. Matching is the
scorer's own (../shared/eval/score.py, imported): ``-`` marks a gold fact not found,
``+`` a predicted fact that matches no gold one.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval/score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pred", type=Path)
    ap.add_argument("relation", nargs="?", default="memberships")
    ap.add_argument("--doc")
    ap.add_argument("--corpus", default="dev", help="dev, careers, or a folder with gold/")
    args = ap.parse_args()
    corpus = SHARED / "corpus" / args.corpus if args.corpus in ("dev", "careers") else Path(args.corpus)
    sc = _scorer()
    rows = sc.read_csv(args.pred / f"{args.relation}.csv")
    meetings = sc.read_csv(args.pred / "meetings.csv")
    for path in sorted((corpus / "gold").glob("*.json")):
        doc = path.stem
        if args.doc and doc != args.doc:
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        pred = rows.get(doc, [])
        out: list[str] = []
        if args.relation == "memberships":
            gm = [(sc.norm(m["person"]), [sc.norm(r) for r in sc.as_list(m["role"])], sc.org_forms(m["org"]))
                  for m in gold.get("memberships", [])]
            pm = sorted({(sc.norm(r["person"]), sc.norm(r["role"]), sc.norm(r["org"])) for r in pred})
            ok = lambda p, g: p[0] == g[0] and sc.role_match(p[1], g[1], True) and sc.org_match(p[2], g[2], True)
            out += [f"- {g[0]} {'/'.join(g[1])} {g[2][0]}" for g in gm if not any(ok(p, g) for p in pm)]
            out += [f"+ {p[0]} {p[1]} {p[2]}" for p in pm if not any(ok(p, g) for g in gm)]
        elif args.relation == "meetings":
            gm = gold.get("meetings", [])
            pm = [(sc.norm(r["org"]), sc.norm(r["name"]), sc.norm(r["date"])[:10]) for r in pred]

            def ok(p, g):
                names = sc.org_forms(g["org"]) + [p[0]]
                pc = sc.meeting_core(p[1], names)
                dates = [d for d in sc.as_list(g.get("date")) if d]
                return (any(sc.name_match(pc, sc.meeting_core(n, names)) for n in sc.as_list(g["name"]))
                        and (not dates or p[2] in dates) and sc.org_match(p[0], sc.org_forms(g["org"]), True))
            out += [f"- {sc.org_forms(g['org'])[0]} {g['name']} {g.get('date')}" for g in gm
                    if g.get("main", True) and not any(ok(p, g) for p in pm)]
            out += [f"+ {p[0]} {p[1]} {p[2]}" for p in pm if not any(ok(p, g) for g in gm)]
        elif args.relation == "tasks":
            gt = [sc.norm(t["text"]) for t in gold.get("tasks", [])]
            pt = sorted({sc.norm(r["task"]) for r in pred})
            out += [f"- {g}" for g in gt if not any(sc.text_match(p, g) for p in pt)]
            out += [f"+ {p}" for p in pt if not any(sc.text_match(p, g) for g in gt)]
        else:
            gp = {(sc.norm(p["person"]), p["kind"]) for p in gold.get("participations", [])}
            pp = {(sc.norm(r["person"]), r["kind"]) for r in pred}
            out += [f"- {a} {b}" for a, b in sorted(gp - pp)] + [f"+ {a} {b}" for a, b in sorted(pp - gp)]
        if out:
            print(f"== {doc} ({gold.get('script', '')}, {len(meetings.get(doc, []))} meetings found)")
            print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
