#!/usr/bin/env python3
"""Seconds and memory of each stage of one ``kg build``, in this process.

    nice python benchmarks/build_stages.py INPUT[,INPUT...] OUT [--fresh] [--jobs 2]

Runs :func:`kg.build.build` (``--fresh``: ``OUT`` removed first, a full build; else an
incremental build over ``OUT``) and prints, for each stage the build times (read+extract,
identity, quads, summary, trig, load, view), its seconds and the peaks sampled every 0.3 s
while it ran: the build process's RSS, and the PSS and RSS of the process tree (workers
included). Where the summary graph's memory used to grow with the corpus (the lines of the
whole summary in the main process), see ``kg/rdf/summarydb.py``.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil  # noqa: E402

from kg import build as kg_build  # noqa: E402

MIB = 2 ** 20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", help="report folders or files, comma-separated")
    ap.add_argument("out", type=Path)
    ap.add_argument("--fresh", action="store_true", help="remove OUT first (a full build)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if args.fresh:
        shutil.rmtree(args.out, ignore_errors=True)
    me = psutil.Process()
    stage = ["start"]
    peaks: dict[str, list[int]] = {}

    def sample_once() -> None:
        try:
            main_rss = me.memory_info().rss
            pss, rss = me.memory_full_info().pss, main_rss
            for child in me.children(recursive=True):
                try:
                    pss += child.memory_full_info().pss
                    rss += child.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            return
        peak = peaks.setdefault(stage[0], [0, 0, 0])
        for k, v in enumerate((main_rss, pss, rss)):
            peak[k] = max(peak[k], v)

    def sample() -> None:
        while True:
            sample_once()
            time.sleep(0.3)

    threading.Thread(target=sample, daemon=True).start()
    lap = kg_build._Clock.lap

    def timed(self, name: str) -> None:
        lap(self, name)
        sample_once()  # (a stage shorter than the sampling interval: its end)
        main_rss, pss, rss = peaks.get(stage[0], [0, 0, 0])
        print(f"{name:>13}: {self.laps[name]:6.1f} s  main RSS peak {main_rss / MIB:6.0f} MiB  "
              f"tree PSS {pss / MIB:6.0f} MiB  tree RSS {rss / MIB:6.0f} MiB", flush=True)
        stage[0] = name

    kg_build._Clock.lap = timed
    start = time.perf_counter()
    result = kg_build.build(args.inputs.split(","), args.out, jobs=args.jobs, progress=False)
    print(f"total {time.perf_counter() - start:.1f} s, {result.quads:,} quads, "
          f"{result.graphs_written:,} graphs written, incremental: {result.incremental}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
