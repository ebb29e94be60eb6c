"""Memory and time of ``kg query`` on a 1M-row result, and how soon ``| head`` returns.

    python benchmarks/query_stream.py [--rows N] [--code DIR]

Builds the seeds into a temporary folder, then runs a cross product of the graph's
triples (``LIMIT N``) in each output format, writing to /dev/null: wall time and peak
resident memory of the ``kg`` process (``VmHWM``). ``head``: seconds from start until the
process has ended after its reader took 10 lines and closed the pipe. ``--code DIR``
runs the ``kg`` package found in DIR (e.g. an older checkout from ``git archive``) on the
same graph, to compare.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRAPPER = """
import os, sys
from kg.cli import main
try:
    code = main(sys.argv[1:])
finally:
    with open("/proc/self/status") as fh:
        peak = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as fh:
        fh.write(str(peak))
sys.exit(code)
"""


def run(args: list[str], env: dict, peak: Path, stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    start = time.perf_counter()
    # cwd: away from any checkout, so that PYTHONPATH decides which kg runs
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *args], env=env, stdout=stdout,
                          stderr=subprocess.PIPE, check=False, cwd=peak.parent)
    return time.perf_counter() - start, int(peak.read_text()) / 1024, proc.returncode


def head(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=env["PEAK_DIR"])
    for _ in range(10):
        proc.stdout.readline()
    proc.stdout.close()
    proc.wait(timeout=600)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--code", type=Path, default=ROOT, help="folder holding the kg package to run")
    ap.add_argument("--formats", default="csv,json,table,jsonl,tsv")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-stream-") as tmp:
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "-o", str(out)], check=True,
                       stdout=subprocess.DEVNULL, cwd=ROOT)
        env = {**os.environ, "PYTHONPATH": str(opts.code.resolve()), "PEAK_FILE": str(Path(tmp) / "peak"),
               "PEAK_DIR": tmp}
        sparql = f"SELECT ?s ?p ?o ?t WHERE {{ ?s ?p ?o . ?t ?q ?r }} LIMIT {opts.rows}"
        print(f"kg from {opts.code} ({_kg_file(env)}); {opts.rows:,} rows")
        print(f"{'format':8} {'seconds':>8} {'peak MB':>8}  exit")
        for fmt in opts.formats.split(","):
            extra = ["--max-rows", "0"] if fmt == "table" and _has_max_rows(env) else []
            args = ["query", sparql, "--graph", str(out), "--format", fmt, *extra]
            try:
                seconds, mb, code = run(args, env, Path(tmp) / "peak")
            except FileNotFoundError:
                print(f"{fmt:8} (not supported)")
                continue
            print(f"{fmt:8} {seconds:8.1f} {mb:8.0f}  {code}")
        for fmt in ("csv", "table"):
            print(f"| head ({fmt}): {head(['query', sparql, '--graph', str(out), '--format', fmt], env):.2f} s")
        if _has_max_rows(env):
            seconds, mb, code = run(["query", sparql, "--graph", str(out)], env, Path(tmp) / "peak")
            print(f"table with its default row cap: {seconds:.1f} s, {mb:.0f} MB, exit {code}")


def _kg_file(env: dict) -> str:
    return subprocess.run([sys.executable, "-c", "import kg; print(kg.__file__)"], env=env, capture_output=True,
                          text=True, cwd=env["PEAK_DIR"]).stdout.strip()


def _has_max_rows(env: dict) -> bool:
    proc = subprocess.run([sys.executable, "-m", "kg", "query", "--help"], env=env, capture_output=True, text=True,
                          cwd=env["PEAK_DIR"])
    return "--max-rows" in proc.stdout


if __name__ == "__main__":
    main()
