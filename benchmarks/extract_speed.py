#!/usr/bin/env python3
"""Speed of reading and extraction alone (``kg.ingest.read_document`` + ``kg.extract.extract_all``),
against the jieba-posseg baseline pipeline (``../shared/bench/jieba_baseline.py``), in one run.

    python benchmarks/extract_speed.py [--synth N] [--jobs 2] [--repeat 3] [--source DIR ...]

The corpus is the dev reports (``../shared/corpus/dev/docs``), or with ``--synth N`` N
distinct synthetic reports (``benchmarks/synth.py``). Each measurement runs in a fresh
process that imports ``kg`` from a source tree (this checkout, or each ``--source DIR``:
an older checkout, to compare before/after in the same run; runs of the sources alternate,
and the best of ``--repeat`` is kept, which is fair on a shared machine). It prints

- one process: chars/s by CPU time (the least noisy figure) and by wall-clock time;
- ``--jobs`` worker processes (forked after the lexicons are loaded, as ``kg build`` does):
  chars/s by wall-clock time;
- the baseline pipeline over (the first ``--baseline-chars`` of) the same reports, by its
  own timer, and the ratio of each figure to it.

Goal (issue 14): extraction alone >= 500,000 chars/s on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import time_baseline  # noqa: E402  (one way to run the baseline)

ROOT = Path(__file__).resolve().parents[1]
DEV_DOCS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"


# -- worker (runs in a fresh process, with ``kg`` imported from --source) --------------------

def _extract_one(path: str) -> int:
    from kg.extract import extract_all
    from kg.ingest import read_document

    doc = read_document(path)
    extract_all(doc)
    return len(doc.text)


def _worker(corpus: Path, jobs: int) -> dict:
    import multiprocessing

    paths = sorted(str(p) for p in corpus.iterdir())
    _extract_one(paths[0])  # lexicons and caches loaded before timing (and before forking)
    out = {}
    wall, cpu = time.perf_counter(), time.process_time()
    chars = sum(_extract_one(p) for p in paths)
    out["chars"] = chars
    out["one_wall"] = chars / (time.perf_counter() - wall)
    out["one_cpu"] = chars / (time.process_time() - cpu)
    if jobs > 1:
        ctx = multiprocessing.get_context("fork")
        wall = time.perf_counter()
        with ctx.Pool(jobs) as pool:
            n = sum(pool.imap_unordered(_extract_one, paths, chunksize=max(1, min(32, len(paths) // (jobs * 8)))))
        out["jobs_wall"] = n / (time.perf_counter() - wall)
    return out


# -- driver ----------------------------------------------------------------------------------

def measure(source: Path, corpus: Path, jobs: int) -> dict:
    # kg is imported from ``source`` before this module: its import of scale puts this
    # checkout first on the path (and synth imports kg), which measured this checkout's kg
    # for every source.
    code = ("import sys, json; sys.path.insert(0, sys.argv[1]); import kg; "
            "assert kg.__file__.startswith(sys.argv[1]), kg.__file__; sys.path.insert(0, sys.argv[2]); "
            "import extract_speed as x; from pathlib import Path; "
            "print(json.dumps(x._worker(Path(sys.argv[3]), int(sys.argv[4]))))")
    env = {**os.environ, "PYTHONPATH": ""}
    proc = subprocess.run([sys.executable, "-c", code, str(source), str(ROOT / "benchmarks"), str(corpus), str(jobs)],
                          capture_output=True, text=True, env=env, cwd=source)
    if proc.returncode != 0:
        raise SystemExit(f"worker failed for {source}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synth", type=int, default=0, help="N synthetic reports instead of the dev reports")
    ap.add_argument("--docs", type=Path, default=DEV_DOCS)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--source", type=Path, action="append", help="a source tree to import kg from (repeatable)")
    ap.add_argument("--baseline-chars", type=int, default=300_000)
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    sources = [s.resolve() for s in (args.source or [ROOT])]

    tmp = Path(tempfile.mkdtemp(prefix="kg-extract-speed-"))
    try:
        if args.synth:
            sys.path.insert(0, str(ROOT))
            sys.path.insert(0, str(ROOT / "benchmarks"))
            import synth

            corpus = tmp / "synth"
            for _ in synth.generate(args.synth, corpus):
                pass
            what = f"{args.synth} synthetic reports"
        else:
            corpus = args.docs
            what = str(corpus)
        best: dict[Path, dict] = {s: {} for s in sources}
        for _ in range(args.repeat):
            for s in sources:
                fig = measure(s, corpus, args.jobs)
                for k, v in fig.items():
                    best[s][k] = max(best[s].get(k, 0), v)
        chars = next(iter(best.values()))["chars"]
        print(f"corpus: {what}, {chars:,} characters; best of {args.repeat} runs; {os.cpu_count()} CPUs")
        jb = None
        if not args.skip_baseline:
            jb = time_baseline(corpus, args.baseline_chars, tmp / "baseline")
            print(f"jieba-posseg baseline pipeline: {jb['chars_per_s']:,.0f} chars/s "
                  f"(its own timer, {jb['chars']:,} chars)")
        for s in sources:
            b = best[s]
            ratio = (lambda v: f" ({v / jb['chars_per_s']:.1f}x baseline)") if jb else (lambda v: "")
            print(f"{s}:")
            print(f"  extraction, 1 process:  {b['one_cpu']:,.0f} chars/s (CPU time){ratio(b['one_cpu'])}, "
                  f"{b['one_wall']:,.0f} chars/s (wall)")
            if "jobs_wall" in b:
                print(f"  extraction, {args.jobs} processes: {b['jobs_wall']:,.0f} chars/s (wall){ratio(b['jobs_wall'])}"
                      f"  (goal >= 500,000)")
        if args.json:
            args.json.write_text(json.dumps({"baseline": jb, "sources": {str(s): best[s] for s in sources}}, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
