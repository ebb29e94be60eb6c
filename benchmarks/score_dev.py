"""Score the extractors on a corpus directly (no RDF), for fast iteration.

    python benchmarks/score_dev.py [--corpus dev|careers|DIR] [--per-doc] [--dump DIR]

Writes the four CSVs the named queries would give, then runs ../shared/eval/score.py
against the corpus's gold/. The dev corpus (the default) is scored with the seeds; any
other corpus (``careers``: ../shared/corpus/careers, or a folder with docs/ and gold/)
alone.
"""
from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from kg.extract import extract_all  # noqa: E402
from kg.ingest import discover, read_document  # noqa: E402


def corpus_dir(name: str) -> Path:
    """``dev``/``careers`` name a corpus under ../shared/corpus; anything else is a folder."""
    return SHARED / "corpus" / name if name in ("dev", "careers") else Path(name)


def write_csvs(files, out: Path) -> None:
    rows = {k: [] for k in ("memberships", "meetings", "tasks", "participations")}
    for f in files:
        doc = read_document(f)
        facts = extract_all(doc)
        for m in facts.memberships:
            rows["memberships"].append((doc.id, m.person, m.role, m.org.name))
        for m in facts.meetings:
            rows["meetings"].append((doc.id, m.key, m.org.name, m.name, m.date.isoformat() if m.date else ""))
        for t in facts.tasks:
            rows["tasks"].append((doc.id, t.meeting, t.text))
        for p in facts.participations:
            rows["participations"].append((doc.id, p.person, p.kind, p.meeting))
    heads = {"memberships": "doc,person,role,org", "meetings": "doc,meeting,org,name,date",
             "tasks": "doc,meeting,task", "participations": "doc,person,kind,meeting"}
    for k, head in heads.items():
        with (out / f"{k}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(head.split(","))
            w.writerows(rows[k])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-doc", action="store_true")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--corpus", default="dev", help="dev (with the seeds), careers, or a folder with docs/ and gold/")
    args = ap.parse_args()
    corpus = corpus_dir(args.corpus)
    files = discover([corpus / "docs", ROOT / "seeds"] if args.corpus == "dev" else [corpus / "docs"])
    out = args.dump or Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    write_csvs(files, out)
    cmd = [sys.executable, str(SHARED / "eval/score.py"), "--gold", str(corpus / "gold"), "--pred", str(out)]
    if args.per_doc:
        cmd.append("--per-doc")
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
