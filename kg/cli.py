"""The ``kg`` command line: argument parsing and printing only.

    kg build INPUT... -o OUT [--strict] [--jobs N]
    kg query NAME|FILE.rq|'SPARQL' --graph OUT [--format table|csv|json] [--param k=v ...] [--timeout S]
    kg queries
    kg validate --graph OUT
    kg stats --graph OUT
    kg viz --graph OUT -o FILE [--org NAME | --person NAME [--depth N]] [--since DATE] [--until DATE]
           [--min-degree K] [--include meetings,co-attendance]   (network views: see kg.views)
    kg serve --graph OUT [--port 7878] [--host 127.0.0.1] [--timeout S] [--allow-service]

Exit status: 0 success; 1 failure (no report read, --strict failures, bad query, graph not
conforming, no graph); 2 bad usage.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .results import FORMATS, printable

DEFAULT_GRAPH = "out"
MAX_LISTED = 20


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:  # e.g. `kg query ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Knowledge graph of Chinese trade-union meetings.")
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    b = sub.add_parser("build", help="build the graph from report files and folders")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="report files (.txt, .html) or folders")
    b.add_argument("-o", "--out", required=True, metavar="OUT", help="output folder (replaced when done)")
    b.add_argument("--strict", action="store_true", help="fail (and write nothing) if any report fails")
    b.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: CPUs)")
    b.set_defaults(run=cmd_build)

    q = sub.add_parser("query", help="run a named query, a .rq file or SPARQL text")
    q.add_argument("query", metavar="NAME|FILE.rq|SPARQL")
    _graph_option(q)
    q.add_argument("--format", "-f", choices=FORMATS, default="table")
    q.add_argument("--param", "-p", action="append", default=[], metavar="K=V",
                   help="bind query parameter $K to the literal V (<V> for an IRI)")
    q.add_argument("--timeout", type=_seconds, default=None, metavar="S", help="give up after S seconds")
    q.set_defaults(run=cmd_query)

    ls = sub.add_parser("queries", help="list the named queries")
    ls.set_defaults(run=cmd_queries)

    v = sub.add_parser("validate", help="check the graph against the SHACL shapes")
    _graph_option(v)
    v.set_defaults(run=cmd_validate)

    s = sub.add_parser("stats", help="counts of reports, people, orgs, facts and triples")
    _graph_option(s)
    s.set_defaults(run=cmd_stats)

    z = sub.add_parser("viz", help="interactive network view of the graph (one offline HTML file)",
                       description="Write an interactive view of who leads what: people and organisations "
                                   "(and meetings), every link with the reports and sentences stating it.")
    _graph_option(z)
    z.add_argument("-o", "--output", required=True, metavar="FILE", help="HTML file to write")
    z.add_argument("--org", metavar="NAME", help="an organisation (name or alias) and its leaders")
    z.add_argument("--person", metavar="NAME", help="a person's network (ego network)")
    z.add_argument("--depth", type=int, default=None, metavar="N",
                   help="links from --org/--person to include (default: 1 for --org, 2 for --person)")
    z.add_argument("--since", metavar="DATE", help="only evidence dated on or after DATE (YYYY[-MM[-DD]])")
    z.add_argument("--until", metavar="DATE", help="only evidence dated on or before DATE (YYYY[-MM[-DD]])")
    z.add_argument("--min-degree", type=int, default=0, metavar="K", help="drop nodes with fewer than K links")
    z.add_argument("--include", action="append", default=[], metavar="WHAT",
                   help="also show meetings and/or co-attendance (repeat, or comma-separate)")
    z.add_argument("--size", choices=("degree", "betweenness"), default="degree",
                   help="node size by number of links (default) or betweenness centrality")
    z.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="at most N nodes (whole components, largest first)")
    z.add_argument("--physics", choices=("auto", "on", "off"), default="auto",
                   help="in-browser physics layout (auto: on up to 300 nodes, else a layout computed here)")
    z.add_argument("--title", default=None, help="page title")
    z.set_defaults(run=cmd_viz)
    _serve_parser(sub)
    return p


def _seconds(value: str) -> float:
    """A positive number of seconds (for ``--timeout``)."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {value}")
    return seconds


def _graph_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--graph", "-g", default=DEFAULT_GRAPH, metavar="OUT",
                   help=f"folder of a built graph (default: {DEFAULT_GRAPH})")


def _fail(message: str, code: int = 1) -> int:
    print(f"kg: {message}", file=sys.stderr)
    return code


# -- build -----------------------------------------------------------------------------------

def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, build

    if args.jobs is not None and args.jobs < 1:
        return _fail("--jobs must be at least 1", 2)
    try:
        result = build(args.inputs, args.out, strict=args.strict, jobs=args.jobs)
    except BuildError as exc:
        if exc.result is not None:
            _print_problems(exc.result)
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc}")
    _print_summary(result)
    return 0


def _print_summary(result) -> None:
    s = result.summary()
    f = s["facts"]
    print(f"reports: {result.read} read ({s['ok']} ok, {s['duplicates']} duplicates), {s['failed']} failed")
    print(f"facts:   {f['memberships']:,} memberships, {f['meetings']:,} meetings, {f['tasks']:,} tasks, "
          f"{f['participations']:,} participations; {s['people']:,} people")
    print(f"triples: {s['quads']:,} in {s['ok'] + s['duplicates']} named graphs (one per report)")
    print(f"time:    {s['seconds']:.2f} s, {s['chars']:,} characters, {s['chars_per_s']:,} chars/s")
    for name, path in result.paths.items():
        print(f"{name + ':':8} {path}")
    for warning in result.warnings:
        print(f"warning: {warning}")
    _print_problems(result)


def _print_problems(result) -> None:
    _print_listing("failed", result.failed, lambda r: r.error)
    _print_listing("duplicates", result.with_status("duplicate"), lambda r: r.message)


def _print_listing(label: str, reports, reason) -> None:
    """``label (n):`` then one line per report, at most MAX_LISTED of them."""
    if not reports:
        return
    print(f"{label} ({len(reports)}):")
    for r in reports[:MAX_LISTED]:
        print(f"  {printable(r.path)}: {printable(reason(r))}")  # a file name may hold escapes
    if len(reports) > MAX_LISTED:
        print(f"  … and {len(reports) - MAX_LISTED} more (see build-report.json)")


# -- queries ---------------------------------------------------------------------------------

def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--param wants KEY=VALUE, got {pair!r}")
        params[key.strip().lstrip("$?")] = value
    return params


def cmd_query(args: argparse.Namespace) -> int:
    from .store import GraphNotFoundError, GraphStore, QueryError

    try:
        params = _params(args.param)
    except ValueError as exc:
        return _fail(str(exc), 2)
    try:
        with GraphStore.open(args.graph) as store:
            result = store.select(args.query, params=params, timeout=args.timeout)
    except (QueryError, GraphNotFoundError) as exc:
        return _fail(str(exc))
    result.write(args.format, sys.stdout)
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    from .queries import named_queries

    queries = named_queries()
    width = max(len(name) for name in queries)
    for name, q in queries.items():
        params = " ".join(f"--param {p}=…" for p in q.params)
        print(f"{name:{width}}  {q.description}" + (f"  [{params}]" if params else ""))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .store import GraphNotFoundError, GraphStore, QueryError

    try:
        with GraphStore.open(args.graph) as store:
            stats = store.stats()
    except (QueryError, GraphNotFoundError) as exc:
        return _fail(str(exc))
    width = max(len(k) for k in stats)
    for key, value in stats.items():
        print(f"{key:{width}}  {value:>10,}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .store import GraphNotFoundError
    from .validate import validate

    try:
        result = validate(args.graph)
    except GraphNotFoundError as exc:
        return _fail(str(exc))
    print(result.report())
    return 0 if result.conforms else 1


def _is_graph_file(output: str, graph: str) -> bool:
    """Is ``output`` one of the files of the built graph in ``graph`` (trig, report, store)?"""
    from .store import REPORT_FILE, STORE_DIR, TRIG_FILE

    out, folder = Path(output).resolve(), Path(graph).resolve()
    return out in (folder / TRIG_FILE, folder / REPORT_FILE) or (folder / STORE_DIR) in (out, *out.parents)


def cmd_viz(args: argparse.Namespace) -> int:
    from .store import GraphNotFoundError, QueryError
    from .views import NoMatchError, ViewError, render

    include = [w.strip() for item in args.include for w in item.split(",") if w.strip()]
    physics = {"auto": None, "on": True, "off": False}[args.physics]
    if args.max_nodes is not None and args.max_nodes < 1:
        return _fail("--max-nodes must be at least 1", 2)
    if _is_graph_file(args.output, args.graph):
        return _fail(f"refusing to write {args.output}: it is part of the graph in {args.graph} "
                     "(only `kg build` writes there)", 2)
    try:
        result = render(
            args.graph, args.output, org=args.org, person=args.person, depth=args.depth,
            since=args.since, until=args.until, min_degree=args.min_degree, include=include,
            size=args.size, max_nodes=args.max_nodes, title=args.title, physics=physics,
        )
    except NoMatchError as exc:
        return _fail(str(exc))
    except ViewError as exc:  # bad option values
        return _fail(str(exc), 2)
    except (QueryError, GraphNotFoundError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc}")
    shown = f"{result.nodes:,} nodes, {result.edges:,} links"
    if result.total > result.nodes:
        shown += f" (of {result.total:,} nodes)"
    layout = "physics in the browser" if result.physics else "layout computed here"
    print(f"view:    {result.path} — {shown}; {layout}")
    return 0


# -- serve -----------------------------------------------------------------------------------

def _serve_parser(sub) -> None:
    w = sub.add_parser("serve", help="the graph as a local web service: SPARQL endpoint and pages",
                       description="Serve the graph over HTTP: a SPARQL 1.1 endpoint (/sparql, with a "
                                   "YASGUI query page), the named queries (/queries) and pages for "
                                   "people, organisations, meetings and reports with their evidence.")
    _graph_option(w)
    w.add_argument("--port", type=int, default=7878, metavar="N", help="TCP port (default 7878; 0: any free port)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    w.add_argument("--timeout", type=_seconds, default=30.0, metavar="S", help="time limit of a query (default 30 s)")
    w.add_argument("--max-rows", type=int, default=None, metavar="N",
                   help="result rows at most per query (default 100000); more are cut, with a header saying so")
    w.add_argument("--allow-service", action="store_true",
                   help="let queries call other SPARQL endpoints (SERVICE); refused by default")
    w.add_argument("--cache-mb", type=int, default=64, metavar="MB",
                   help="memory for cached answers (the graph is read-only; default 64, 0: no cache)")
    w.add_argument("--access-log", action="store_true", help="print a line per request")
    w.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from .serve import LOCAL_HOSTS, MAX_ROWS, serve
    except ImportError as exc:
        return _fail(f"kg serve needs Starlette and uvicorn ({exc}); install them with "
                     "`.venv/bin/pip install -e .` (or `pip install starlette uvicorn`)")
    from .store import GraphNotFoundError

    if not 0 <= args.port <= 65535:
        return _fail("--port must be 0 to 65535", 2)
    if args.max_rows is not None and args.max_rows < 1:
        return _fail("--max-rows must be at least 1", 2)
    if args.cache_mb < 0:
        return _fail("--cache-mb must be 0 or more", 2)
    if args.host not in LOCAL_HOSTS:
        print(f"kg: warning: listening on {args.host}: other machines can reach this server "
              "(it has no authentication); use --host 127.0.0.1 to keep it to this machine", file=sys.stderr)
    try:
        serve(args.graph, host=args.host, port=args.port, timeout=args.timeout, allow_service=args.allow_service,
              max_rows=args.max_rows or MAX_ROWS, cache_bytes=args.cache_mb * 2**20, access_log=args.access_log)
    except GraphNotFoundError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    print("stopped", flush=True)
    sys.stderr.flush()
    # A query abandoned at its time limit cannot be cancelled inside the engine; its worker
    # thread must not hold up the exit of a server that was asked to stop.
    import os
    import threading

    if any(t.is_alive() and not t.daemon and t is not threading.main_thread() for t in threading.enumerate()):
        os._exit(0)
    return 0
