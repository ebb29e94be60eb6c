"""Load on ``kg serve``: N concurrent clients for a bounded time against a loopback server.

    python benchmarks/serve_load.py [--graph OUT] [--clients 8] [--seconds 5] [--no-cache]

Starts ``kg serve --graph OUT --port 0`` (without ``--graph``: builds the dev corpus,
``../shared/corpus/dev/docs``, and the seeds into a temporary folder first), then for each
named query (``/queries/NAME?format=csv``, parameters from :data:`PARAMS`), a SPARQL
request through ``/sparql`` and some pages, runs ``--clients`` threads, each with its own
keep-alive connection, sending requests one after another for ``--seconds``. Prints per
target: the first (cold, uncached) request's latency, requests/s, p50 and p99 latency and
errors (any answer but 200, or a failed connection). The server stops at the end.

Goal: 0 errors, p50 < 20 ms on the dev build. The graph is read-only, so the server caches
answers; ``--no-cache`` (``kg serve --cache-mb 0``) measures every request running its query.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEV_DOCS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"
#: Parameter values of the named queries that take some (they exist in the dev corpus and the seeds).
PARAMS = {"org": "甘肃省总工会", "person": "吴明明"}
SPARQL = ("SELECT ?person ?role ?org WHERE { ?m a org:Membership ; org:member/foaf:name ?person ; "
          "org:role/skos:prefLabel ?role ; org:organization/skos:prefLabel ?org } LIMIT 200")


def targets(graph: Path) -> list[tuple[str, str]]:
    """``(label, path)`` of what is measured."""
    sys.path.insert(0, str(ROOT))
    from kg.queries import named_queries
    from kg.rdf import iris
    from kg.serve.pages import page_path
    from kg.store import GraphStore

    out = []
    for name, q in named_queries().items():
        params = {p: PARAMS[p] for p in q.params}
        out.append((name, f"/queries/{name}?" + urlencode({**params, "format": "csv"})))
    out.append(("sparql: GET ?query=", "/sparql?" + urlencode({"query": SPARQL, "format": "json"})))
    with GraphStore.open(graph) as store:
        person = store.select("person-career", params={"person": PARAMS["person"]}).as_dicts()
    if person:
        out.append(("page: person", page_path(person[0]["id"])))
    out.append(("page: org", page_path(iris.org_iri(PARAMS["org"]))))
    out.append(("page: search", "/search?q=" + quote(PARAMS["org"][:2])))
    return out


def start_server(graph: Path, cache: bool) -> tuple[subprocess.Popen, str]:
    args = [sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0"]
    if not cache:
        args += ["--cache-mb", "0"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = proc.stdout.readline()
    m = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"kg serve did not start: {line!r}")
    return proc, m.group(1)


def client(base: str, path: str, until: float, latencies: list[float], errors: list[str]) -> None:
    """Requests one after another on one keep-alive connection until ``until``."""
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
            else:
                latencies.append(time.perf_counter() - t0)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    conn.close()


def measure(base: str, path: str, clients: int, seconds: float) -> dict:
    t0 = time.perf_counter()
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
    conn.request("GET", path)
    first = conn.getresponse()
    first.read()
    conn.close()
    cold_ms = (time.perf_counter() - t0) * 1000
    latencies: list[float] = []
    errors: list[str] = [] if first.status == 200 else [f"HTTP {first.status} (first request)"]
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=client, args=(base, path, until, latencies, errors)) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ms = sorted(x * 1000 for x in latencies)
    return {
        "cold_ms": cold_ms,
        "requests": len(ms),
        "rps": len(ms) / elapsed if elapsed else 0.0,
        "p50": statistics.median(ms) if ms else float("nan"),
        "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else float("nan"),
        "errors": errors,
    }


def build_dev(folder: Path) -> Path:
    if not DEV_DOCS.is_dir():
        raise SystemExit(f"no dev corpus at {DEV_DOCS}: give --graph OUT")
    out = folder / "out"
    print(f"building {DEV_DOCS} + seeds into {out} …", flush=True)
    subprocess.run([sys.executable, "-m", "kg", "build", str(DEV_DOCS), str(ROOT / "seeds"), "-o", str(out)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, help="a built graph (default: build the dev corpus + seeds)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--seconds", type=float, default=5.0, help="seconds of load per target (default 5)")
    ap.add_argument("--no-cache", action="store_true", help="serve with --cache-mb 0: every request runs its query")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="serve-load-") as tmp:
        graph = args.graph or build_dev(Path(tmp))
        proc, base = start_server(graph, cache=not args.no_cache)
        try:
            print(f"server {base} · graph {graph} · {args.clients} clients × {args.seconds:g} s per target · "
                  f"cache {'off' if args.no_cache else 'on'}")
            print(f"{'target':24} {'cold ms':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
            total_errors = 0
            worst_p50 = 0.0
            for label, path in targets(graph):
                r = measure(base, path, args.clients, args.seconds)
                total_errors += len(r["errors"])
                worst_p50 = max(worst_p50, r["p50"])
                print(f"{label:24} {r['cold_ms']:8.1f} {r['requests']:9,} {r['rps']:8.1f} {r['p50']:8.2f} "
                      f"{r['p99']:8.2f} {len(r['errors']):7}", flush=True)
                for e in sorted(set(r["errors"]))[:3]:
                    print(f"    {e}")
            print(f"errors: {total_errors}; worst p50: {worst_p50:.2f} ms (goal: 0 errors, p50 < 20 ms)")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
    return 0 if total_errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
