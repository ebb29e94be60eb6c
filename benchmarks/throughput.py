#!/usr/bin/env python3
"""Throughput of ``kg build`` (text to RDF on disk), against the jieba-posseg baseline pipeline.

Builds a corpus of many reports: the dev documents copied N times (default 40) into a
temporary folder under distinct names. Each copy gets a short line of its own so that it is
a distinct report (with ``--exact-copies`` the copies are byte-identical and the build
treats them as duplicates). Times ``kg build`` end to end in a fresh process, prints its
characters per second and stage timings, then runs the baseline pipeline
(``../shared/bench/jieba_baseline.py``: jieba posseg + nearest title and org) over the first
reports of the same corpus, in the same run, and prints the ratio. Goal (issue 14): >= 5x
and >= 250,000 chars/s end to end.

    python benchmarks/throughput.py [--copies 40] [--docs DIR] [--jobs N] [--exact-copies]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import time_baseline  # noqa: E402  (one way to run the baseline)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"
SUFFIXES = (".txt", ".html", ".htm")


def make_corpus(docs: Path, copies: int, folder: Path, exact: bool) -> list[str]:
    """Write ``copies`` copies of every report in ``docs`` into ``folder``; return the texts."""
    texts = []
    sources = sorted(p for p in docs.iterdir() if p.suffix.lower() in SUFFIXES)
    if not sources:
        raise SystemExit(f"no reports in {docs}")
    for i in range(1, copies + 1):
        for src in sources:
            data = src.read_bytes()
            if not exact:  # a line of its own, so that the copy is not a duplicate
                stamp = f"\n<p>副本{i}</p>\n" if src.suffix.lower() != ".txt" else f"\n副本{i}\n"
                data = data + stamp.encode("utf-8")
            (folder / f"{src.stem}_{i:03d}{src.suffix}").write_bytes(data)
            texts.append(data.decode("utf-8", "replace"))
    return texts


def time_build(corpus: Path, out: Path, jobs: int | None) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    summary = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["summary"]
    return seconds, summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--exact-copies", action="store_true", help="byte-identical copies (duplicates)")
    ap.add_argument("--jieba-sample", type=int, default=300_000, help="characters run through the baseline")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        corpus = tmp / "reports"
        corpus.mkdir()
        texts = make_corpus(args.docs, args.copies, corpus, args.exact_copies)
        chars = sum(len(t) for t in texts)
        print(f"corpus: {len(texts)} reports, {chars:,} characters ({args.copies} copies of {args.docs})")

        seconds, summary = time_build(corpus, tmp / "out", args.jobs)
        build_rate = summary["chars"] / seconds
        print(f"kg build: {seconds:.2f} s end to end, {build_rate:,.0f} chars/s "
              f"({summary['ok']} ok, {summary['duplicates']} duplicates, {summary['failed']} failed, "
              f"{summary['quads']:,} quads)")
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in summary["timings"].items())
        print(f"  stages: {stages}")

        jb = time_baseline(corpus, args.jieba_sample, tmp / "jieba")
        print(f"jieba-posseg baseline pipeline (../shared/bench/jieba_baseline.py): {jb['chars_per_s']:,.0f} "
              f"chars/s on {jb['chars']:,} characters of the same reports")
        print(f"ratio kg build / baseline: {build_rate / jb['chars_per_s']:.1f}x (goal >= 5x, and >= 250,000 chars/s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
