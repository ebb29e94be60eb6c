#!/usr/bin/env python3
"""Throughput of ``kg build`` (text to RDF on disk), against a jieba part-of-speech pass.

Builds a corpus of many reports: the dev documents copied N times (default 40) into a
temporary folder under distinct names. Each copy gets a short line of its own so that it is
a distinct report (with ``--exact-copies`` the copies are byte-identical and the build
treats them as duplicates). Times ``kg build`` end to end in a fresh process, prints its
characters per second and stage timings, then times ``jieba.posseg`` over the same text (a
sample of it, extrapolated) and prints the ratio. Goal: ratio >= 10.

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


def time_jieba(texts: list[str], budget_chars: int) -> tuple[float, int]:
    """Seconds jieba.posseg takes per character, measured on up to ``budget_chars``."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    list(pseg.cut("工会召开全委会议"))  # warm up the tagger
    sample, n = [], 0
    for text in texts:
        if n >= budget_chars:
            break
        sample.append(text)
        n += len(text)
    start = time.perf_counter()
    for text in sample:
        for _ in pseg.cut(text):
            pass
    return (time.perf_counter() - start) / n, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--exact-copies", action="store_true", help="byte-identical copies (duplicates)")
    ap.add_argument("--jieba-sample", type=int, default=300_000, help="characters tagged by jieba")
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

        per_char, sampled = time_jieba(texts, args.jieba_sample)
        jieba_rate = 1 / per_char
        print(f"jieba.posseg: {jieba_rate:,.0f} chars/s (measured on {sampled:,} characters; "
              f"the whole corpus would take {per_char * chars:.1f} s)")
        ratio = build_rate / jieba_rate
        print(f"ratio kg build / jieba.posseg: {ratio:.1f}x (goal >= 10x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
