#!/usr/bin/env python3
"""CPU time of the graph-writing stage of a build (:func:`kg.shards.quad_partition`), by part.

    python benchmarks/quad_stage.py INPUT... [--repeat 3] [--profile FILE]

Builds INPUT (report folders; e.g. a synthetic corpus made by ``benchmarks/synth.py``) once
in one process (``jobs=1``), keeping the partition tasks of the quads stage and the fact
shards, then runs those tasks again in this process and prints the CPU seconds (process
time, the least of ``--repeat`` runs: the machine is shared; each run with the TriG
writer's cache of terms empty, as a worker starts) of the whole stage and of its
parts: reading the fact records back (``graph_report``), the triples (``report_triples``) and their N-Quads text,
the TriG blocks (``trig_block``), the summary records (``contributions`` + ``part_rows``).
Then the summary stage over the partitions' records (``SummaryDB.update``: nodes folded,
their N-Quads and TriG written; the TriG read back), in CPU seconds too.
``--profile FILE`` writes a cProfile of one more run of the stage (``python -m pstats FILE``).
"""
from __future__ import annotations

import argparse
import cProfile
import copy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import build as kg_build  # noqa: E402
from kg import shards  # noqa: E402
from kg.rdf.quads import nquads, report_triples  # noqa: E402
from kg.rdf.summary import contributions  # noqa: E402
from kg.rdf.summarydb import part_rows  # noqa: E402


def capture(inputs: list[str], out: Path) -> list[shards.QuadTask]:
    """Build ``inputs`` into ``out`` (one process) and return the quads stage's tasks, their
    fact shards where the build left them (``out/facts``)."""
    tasks: list[shards.QuadTask] = []
    real = kg_build.quad_partition

    def keep(task):
        tasks.append(copy.deepcopy(task))
        return real(task)

    kg_build.quad_partition = keep
    try:
        kg_build.build(inputs, out, jobs=1, progress=False)
    finally:
        kg_build.quad_partition = real
    for t in tasks:
        for job in t.jobs:
            job.shard = out / "facts" / job.shard.name
    return tasks


def cold() -> None:
    """Forget the TriG of the terms seen so far (a worker sees each report's own terms once)."""
    try:
        from kg.rdf import trig
    except ImportError:  # (before kg.rdf.trig)
        return
    trig._CACHE.clear()


def stage(tasks: list[shards.QuadTask], work: Path) -> float:
    """CPU seconds of running every task (outputs in ``work``)."""
    cold()
    t0 = time.process_time()
    for k, t in enumerate(tasks):
        shards.quad_partition(shards.QuadTask(t.jobs, work / f"{k}.nq", work / f"{k}.trig", work / f"{k}.sqlite"))
    return time.process_time() - t0


def summary_stage(tasks: list[shards.QuadTask], work: Path) -> float:
    """CPU seconds of the summary stage over the partitions written in ``work`` by
    :func:`stage`: the nodes folded with their N-Quads and TriG (``SummaryDB.update``)
    and the summary's TriG read back (``SummaryDB.trig``)."""
    from kg.rdf.summarydb import SummaryDB

    path = work / "summary.sqlite"
    db = SummaryDB(path)
    for k in range(len(tasks)):
        db.add(work / f"{k}.sqlite")
    db.set_reports((j.doc_id, j.order) for t in tasks for j in t.jobs)
    cold()
    t0 = time.process_time()
    db.update(0)
    for _ in db.trig():
        pass
    spent = time.process_time() - t0
    db.close()
    path.unlink()
    return spent


def parts(tasks: list[shards.QuadTask]) -> dict[str, float]:
    """CPU seconds of each part of the stage, run part by part over every job."""
    jobs = [j for t in tasks for j in t.jobs]
    out: dict[str, float] = {}
    t0 = time.process_time()
    reports = [shards.graph_report(j) for j in jobs]
    out["graph_report"] = time.process_time() - t0
    t0 = time.process_time()
    graphs = [report_triples(r, j.people) for r, j in zip(reports, jobs)]
    out["report_triples"] = time.process_time() - t0
    t0 = time.process_time()
    for g in graphs:
        "".join(nquads(*g)).encode("utf-8", "replace")
    out["nquads text"] = time.process_time() - t0
    cold()
    t0 = time.process_time()
    for g in graphs:
        shards.trig_block(*g)
    out["trig_block"] = time.process_time() - t0
    t0 = time.process_time()
    for r, j in zip(reports, jobs):
        part_rows(j.doc_id, j.order, contributions(r, j.people))
    out["contributions+part_rows"] = time.process_time() - t0
    out["quads"] = sum(len(g[1]) for g in graphs)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="quad-stage-") as tmp:
        tmp = Path(tmp)
        tasks = capture(args.inputs, tmp / "out")
        work = tmp / "work"
        work.mkdir()
        n = sum(len(t.jobs) for t in tasks)
        best = min(stage(tasks, work) for _ in range(args.repeat))
        split = [parts(tasks) for _ in range(args.repeat)]
        folded = min(summary_stage(tasks, work) for _ in range(args.repeat))
        print(f"reports: {n}, quads: {split[0]['quads']:,}")
        print(f"quad_partition: {best:.3f} s CPU ({1000 * best / n:.3f} ms a report)")
        for name in split[0]:
            if name != "quads":
                v = min(s[name] for s in split)
                print(f"  {name:24s} {v:.3f} s ({1000 * v / n:.3f} ms a report)")
        print(f"summary (SummaryDB.update + trig): {folded:.3f} s CPU ({1000 * folded / n:.3f} ms a report)")
        if args.profile:
            cProfile.runctx("stage(tasks, work)", globals(), {"stage": stage, "tasks": tasks, "work": work},
                            str(args.profile))
            print(f"profile: {args.profile}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
