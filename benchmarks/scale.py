#!/usr/bin/env python3
"""How ``kg build`` and the named queries scale: N distinct, realistic reports.

    nice python benchmarks/scale.py --reports 10000 [--jobs 2] [--skip-dask] [--skip-incremental]
                                    [--skip-queries] [--skip-jieba] [--store-load] [--keep DIR]

Makes N distinct reports (``benchmarks/synth.py``: the dev reports recombined with other
people, places, meeting numbers and dates, so that new people and organisations appear
and leaders repeat across reports), plus 1% more, then prints

- the full build: seconds, chars/s, reports/s, quads, quads per report, peak memory (the
  build's whole process tree, sampled), store size, stage timings, CPU time (the whole process
  tree's, against the cores' wall-clock time: how close the build is to CPU-bound) and the
  reading + extraction stage's chars/s;
- with ``--store-load``: Oxigraph's bulk load of the output's ``graph.trig`` alone, in CPU
  seconds per quad, and the fastest the build could be on these cores given that load (and
  given the reading + extraction as measured) if everything else took no time;
- the same build under ``kg build --dask`` (a LocalCluster), when the CLI has ``--dask``,
  and whether its ``graph.trig`` is byte for byte the local build's;
- the incremental build adding the 1% (``kg build`` over the existing output), and how many
  graphs it wrote;
- every named query with typical parameters (the most named organisations and people,
  and some drawn at random): p50/p95 latency;
- the jieba-posseg baseline pipeline (``../shared/bench/jieba_baseline.py``) over (the first
  reports of) the same corpus, and the ratio of the build to it.

Goals (issue 14): p50 < 100 ms for parameterised people/org queries at 10 M quads;
incremental +1% <= 10% of the full build; end to end >= 5x jieba.posseg.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

#: Organisation and person names for the parameterised queries, most named first (read from
#: the summary graph: one node per membership, with the number of reports stating it).
PICK_ORGS = """
SELECT ?name (SUM(?n) AS ?reports) WHERE { GRAPH <https://w3id.org/gonghui-kg/id/summary> {
  ?m org:organization ?o ; kg:reportCount ?n . ?o skos:prefLabel ?name } }
GROUP BY ?name ORDER BY DESC(?reports) ?name"""
PICK_PEOPLE = """
SELECT ?name (SUM(?n) AS ?reports) WHERE { GRAPH <https://w3id.org/gonghui-kg/id/summary> {
  ?m org:member ?p ; kg:reportCount ?n . ?p foaf:name ?name } }
GROUP BY ?name ORDER BY DESC(?reports) ?name"""
PICK_POSTS = """
SELECT ?org ?role (COUNT(?m) AS ?holders) WHERE { GRAPH <https://w3id.org/gonghui-kg/id/summary> {
  ?m org:organization ?o ; org:role ?r ; org:member ?p . ?o skos:prefLabel ?org . ?r skos:prefLabel ?role } }
GROUP BY ?org ?role ORDER BY DESC(?holders) ?org ?role"""
#: Quads of the summary graph (the rest are the report graphs').
SUMMARY_QUADS = """
SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/gonghui-kg/id/summary> { ?s ?p ?o } }"""


def tree_memory(pid: int) -> tuple[int, int, int]:
    """Memory (bytes) of a process and all its descendants: (sum of RSS, sum of PSS, RSS of
    the process itself). Forked workers share their parent's pages: the sum of RSS counts
    those once per process, PSS (proportional set size) shares each page among the
    processes that map it, so the PSS sum is the memory the build occupies."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
        own = proc.memory_info().rss
    except psutil.Error:
        return 0, 0, 0
    rss = pss = 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss, own


def run_build(args: list[str], label: str) -> dict:
    """Run ``kg build ARGS`` in a fresh process; seconds, peak memory (:func:`tree_memory`:
    ``peak_rss`` the sum of RSS, ``peak_pss`` the sum of PSS, ``peak_main`` the RSS of the
    build's own process), its summary."""
    cmd = [sys.executable, "-m", "kg", "build", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for k, v in enumerate(tree_memory(proc.pid)):
                peak[k] = max(peak[k], v)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(before)  # (its workers too: waited for)
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{label}: kg build failed ({proc.returncode}):\n{out[-3000:]}\n{err[-3000:]}")
    outdir = Path(args[args.index("-o") + 1])
    summary = json.loads((outdir / "build-report.json").read_text(encoding="utf-8"))["summary"]
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss": peak[0], "peak_pss": peak[1], "peak_main": peak[2],
            "summary": summary}


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def time_store_load(trig: Path, work: Path) -> dict:
    """CPU seconds (user + system, all its threads) of Oxigraph's bulk loader alone, loading
    ``trig`` (a build's ``graph.trig``) into a new store in a fresh process, and the quads."""
    store = work / "load-store"
    shutil.rmtree(store, ignore_errors=True)
    code = ("import sys, pyoxigraph as ox; s = ox.Store(sys.argv[2]); "
            "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TRIG, lenient=True); s.flush(); print(len(s))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(trig), str(store)], capture_output=True, text=True,
                          check=True)
    seconds = time.perf_counter() - start
    cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(before)
    shutil.rmtree(store, ignore_errors=True)
    return {"seconds": seconds, "cpu_seconds": cpu, "quads": int(proc.stdout.split()[-1])}


BASELINE = ROOT.parent / "shared" / "bench" / "jieba_baseline.py"


def time_baseline(corpus: Path, budget_chars: int, work: Path) -> dict:
    """chars/s of the jieba-posseg baseline pipeline on the first reports of ``corpus``
    (up to ``budget_chars``), as the script itself reports it (its own timer)."""
    import re

    sample = work / "sample"
    shutil.rmtree(work, ignore_errors=True)
    sample.mkdir(parents=True)
    n = 0
    for path in sorted(corpus.iterdir()):
        if n >= budget_chars:
            break
        shutil.copy(path, sample / (path.stem + ".txt"))  # the baseline reads *.txt
        n += len(path.read_text(encoding="utf-8", errors="replace"))
    proc = subprocess.run([sys.executable, str(BASELINE), str(sample), "-o", str(work / "out")],
                          capture_output=True, text=True, check=True)
    m = re.search(r"(\d+) chars, ([\d.]+) s, (\d+) chars/s", proc.stderr)
    return {"chars": int(m.group(1)), "seconds": float(m.group(2)), "chars_per_s": float(m.group(3))}


def memory(run: dict) -> str:
    """The peak memory figures of :func:`run_build`, in words."""
    return (f"peak memory {run['peak_pss'] / 2**20:,.0f} MiB (PSS of the process tree; sum of RSS "
            f"{run['peak_rss'] / 2**20:,.0f} MiB, main process RSS {run['peak_main'] / 2**20:,.0f} MiB)")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def has_option(option: str) -> bool:
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "--help"], capture_output=True, text=True)
    return option in proc.stdout


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def _pick(out: Path, samples: int, seed: int) -> dict[str, list]:
    """Parameter values: the three most named organisations, people and posts (org, role),
    then random ones."""
    from kg.store import GraphStore

    rng = random.Random(seed)
    with GraphStore.open(out) as store:
        t0 = time.perf_counter()
        orgs = [r[0] for r in store.select(PICK_ORGS).rows]
        people = [r[0] for r in store.select(PICK_PEOPLE).rows]
        posts = [(r[0], r[1]) for r in store.select(PICK_POSTS).rows]
    print(f"  (picking parameters took {time.perf_counter() - t0:.1f} s: "
          f"{len(orgs):,} organisations, {len(people):,} person names with memberships, {len(posts):,} posts)")

    def values(pool: list) -> list:
        top, rest = pool[:3], pool[3:]
        return top + rng.sample(rest, min(len(rest), max(0, samples - len(top))))

    return {"org": values(orgs), "person": values(people), ("org", "role"): values(posts)}


def _run_query(out: str, name: str, param_sets: list[dict], samples: int, budget: float, conn) -> None:
    """In a child process: run query ``name`` up to ``samples`` times; send the timings."""
    from kg.store import GraphStore

    times, sizes = [], []
    with GraphStore.open(out) as store:
        spent = time.perf_counter()
        for i in range(max(samples, len(param_sets))):
            t = time.perf_counter()
            res = store.select(name, param_sets[i % len(param_sets)])
            times.append(time.perf_counter() - t)
            sizes.append(len(res.rows))
            conn.send((times, sizes, False))
            if time.perf_counter() - spent > budget:
                break
    conn.send((times, sizes, True))
    conn.close()


def time_queries(out: Path, budget: float, samples: int, seed: int = 14) -> list[dict]:
    """p50/p95 of every named query, each in a child process killed past ``budget`` seconds."""
    import multiprocessing as mp

    from kg.queries import named_queries

    pools = _pick(out, samples, seed)
    ctx = mp.get_context("fork")
    rows = []
    for name, q in named_queries().items():
        key = tuple(sorted(q.params))
        if len(key) > 1 and key in pools:  # several parameters: values drawn together
            param_sets = [dict(zip(key, values)) for values in pools[key]]
        elif all(p in pools for p in key):
            param_sets = [{p: v} for p in key for v in pools[p]] or [{}]
        else:
            rows.append({"query": name, "skipped": f"no typical values for {', '.join(q.params)}"})
            continue
        here, there = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_run_query, args=(str(out), name, param_sets, samples, budget, there))
        proc.start()
        there.close()
        times, sizes, done, deadline = [], [], False, time.perf_counter() + budget
        while not done and time.perf_counter() < deadline:
            if here.poll(0.05):
                try:
                    times, sizes, done = here.recv()
                except EOFError:
                    break
        timed_out = not done
        if timed_out:
            proc.kill()
        proc.join()
        if not times:
            rows.append({"query": name, "skipped": f"no run finished within {budget:g} s"})
            continue
        rows.append({"query": name, "params": sorted(q.params), "runs": len(times),
                     "p50_ms": 1000 * statistics.median(times), "p95_ms": 1000 * percentile(times, 0.95),
                     "rows": round(statistics.mean(sizes)), "timed_out": timed_out})
    return rows


def print_queries(rows: list[dict], budget: float) -> None:
    for r in rows:
        if "skipped" in r:
            print(f"  {r['query']:<16} skipped: {r['skipped']}")
        else:
            par = f"({', '.join(r['params'])})" if r["params"] else ""
            cut = f"; cut at the {budget:g} s budget" if r["timed_out"] else ""
            print(f"  {r['query']:<16}{par:<10} p50 {r['p50_ms']:>10,.1f} ms  p95 {r['p95_ms']:>10,.1f} ms"
                  f"  ({r['runs']} runs, ~{r['rows']:,} rows{cut})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (corpus and outputs)")
    ap.add_argument("--skip-incremental", action="store_true")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--skip-jieba", action="store_true")
    ap.add_argument("--query-budget", type=float, default=60.0, help="seconds per query (all its runs)")
    ap.add_argument("--query-samples", type=int, default=10, help="runs (parameter values) per query")
    ap.add_argument("--jieba-sample", type=int, default=300_000, help="characters for the jieba baseline")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--store-load", action="store_true",
                    help="also time Oxigraph's bulk load of the output alone (the floor of a build's time)")
    ap.add_argument("--queries-only", action="store_true",
                    help="only time the queries, on the output kept in --keep DIR by an earlier run")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"reports": args.reports}
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    if args.queries_only:
        if not args.keep:
            raise SystemExit("--queries-only needs --keep DIR (the folder of an earlier run)")
        print_queries(time_queries(work / "out", args.query_budget, args.query_samples), args.query_budget)
        return 0
    try:
        base, extra, out = work / "base", work / "extra", work / "out"
        for d in (base, extra, out, work / "out-dask"):
            shutil.rmtree(d, ignore_errors=True)
        t = time.perf_counter()
        gen = synth.Generator(synth.load_sources())
        texts = [text for _, text in synth.generate(args.reports, base, generator=gen)]
        n_extra = max(1, args.reports // 100)
        extra_texts = [text for _, text in synth.generate(n_extra, extra, start=args.reports, generator=gen)]
        chars = sum(map(len, texts))
        print(f"corpus: {args.reports:,} distinct reports, {chars:,} characters "
              f"(+{n_extra:,} for the incremental build); made in {time.perf_counter() - t:.1f} s")

        full = run_build([str(base), "-o", str(out), *jobs], "full build")
        s = full["summary"]
        store_size = folder_size(out / "store")
        figures["full"] = {**full, "store_bytes": store_size}
        print(f"full build: {full['seconds']:.1f} s, {s['chars'] / full['seconds']:,.0f} chars/s, "
              f"{s['reports'] / full['seconds']:,.1f} reports/s; {s['ok']:,} ok, {s['duplicates']} duplicates, "
              f"{s['failed']} failed; {s['quads']:,} quads ({s['quads'] / max(1, s['ok']):.0f} per report), "
              f"{s['people']:,} people; {memory(full)}; "
              f"store {store_size / 2**20:,.0f} MiB")
        print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in s["timings"].items()))
        cores = args.jobs or os.cpu_count() or 1
        extract = s["timings"].get("read+extract")
        print(f"  CPU time {full['cpu_seconds']:.1f} s (the process tree, user + system) = "
              f"{100 * full['cpu_seconds'] / (cores * full['seconds']):.0f}% of {cores} cores for the build's "
              f"{full['seconds']:.1f} s" + (f"; reading + extraction {s['chars'] / extract:,.0f} chars/s on {cores} "
                                            f"worker processes (goal >= 500,000 on 2 cores)" if extract else ""))
        from kg.store import GraphStore

        with GraphStore.open(out) as store:
            summary_quads = int(store.select(SUMMARY_QUADS).rows[0][0])
            facts = sum(int(v) for k, v in store.stats().items() if k in ("memberships", "meetings", "tasks",
                                                                            "participations"))
        per_report = (s["quads"] - summary_quads) / max(1, s["ok"])
        figures["full"].update(summary_quads=summary_quads, report_quads_per_report=per_report)
        print(f"  quads per report: {per_report:.0f} in the report graphs (+{summary_quads / max(1, s['ok']):.0f} "
              f"in the summary graph: {summary_quads:,}); {facts:,} distinct facts")

        if args.store_load:
            ld = time_store_load(out / "graph.trig", work)
            figures["store_load"] = ld
            per_char = ld["cpu_seconds"] / s["chars"]
            print(f"  the store's bulk load alone (graph.trig into a new store, one process): {ld['seconds']:.1f} s, "
                  f"{ld['cpu_seconds']:.1f} s CPU = {1e6 * ld['cpu_seconds'] / ld['quads']:.1f} us a quad "
                  f"({100 * ld['cpu_seconds'] / full['cpu_seconds']:.0f}% of the build's CPU time); "
                  f"the build can be no faster than {cores / per_char:,.0f} chars/s on {cores} cores by that alone"
                  + (f", {cores / (per_char + cores * extract / s['chars']):,.0f} with reading + extraction "
                     f"as measured" if extract else ""))

        if not args.skip_jieba:
            jb = time_baseline(base, args.jieba_sample, work / "jieba")
            build_rate = s["chars"] / full["seconds"]
            figures["jieba"] = {**jb, "ratio": build_rate / jb["chars_per_s"]}
            print(f"jieba-posseg baseline pipeline (../shared/bench/jieba_baseline.py): {jb['chars_per_s']:,.0f} "
                  f"chars/s on {jb['chars']:,} chars of the same reports; kg build / baseline = "
                  f"{build_rate / jb['chars_per_s']:.2f}x")
        if not args.skip_dask:
            if has_option("--dask"):
                dk = run_build([str(base), "-o", str(work / "out-dask"), "--dask", *jobs], "dask build")
                figures["dask"] = dk
                same = (work / "out-dask" / "graph.trig").read_bytes() == (out / "graph.trig").read_bytes()
                figures["dask"]["same_graph"] = same
                print(f"dask build (LocalCluster): {dk['seconds']:.1f} s, "
                      f"{dk['summary']['chars'] / dk['seconds']:,.0f} chars/s, {memory(dk)}, "
                      f"{dk['summary']['quads']:,} quads; graph.trig "
                      + ("identical to the local build's" if same else "DIFFERS from the local build's"))
                shutil.rmtree(work / "out-dask", ignore_errors=True)
            else:
                print("dask build: skipped (kg build has no --dask yet)")

        if not args.skip_incremental:
            inc = run_build([str(base), str(extra), "-o", str(out), *jobs], "incremental build")
            figures["incremental"] = inc
            kind = inc["summary"].get("incremental")
            note = (f"new {kind.get('new')}, changed {kind.get('changed')}, unchanged {kind.get('unchanged')}, "
                    f"removed {kind.get('removed')}; {inc['summary'].get('graphs_written', '?'):,} graphs written") \
                if isinstance(kind, dict) else \
                "(no incremental builds yet: a full rebuild)"
            print(f"incremental build +{n_extra:,} reports (1%): {inc['seconds']:.1f} s "
                  f"= {100 * inc['seconds'] / full['seconds']:.0f}% of the full build; {note}; {memory(inc)}")
            print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in inc["summary"]["timings"].items()))

        if not args.skip_queries:
            print(f"named queries at {s['quads']:,} quads:")
            rows = time_queries(out, args.query_budget, args.query_samples)
            figures["queries"] = rows
            print_queries(rows, args.query_budget)

        del extra_texts
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
