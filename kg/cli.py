"""The ``kg`` command line: argument parsing and printing only.

    kg build INPUT... -o OUT [--strict] [--jobs N] [--dask [SCHEDULER_ADDRESS]]
    kg query NAME|FILE.rq|'SPARQL' --graph OUT [--format table|csv|tsv|json|jsonl] [--param k=v ...]
             [--timeout S] [--max-rows N] [--raw] [--allow-service]
    kg queries
    kg validate --graph OUT
    kg stats --graph OUT
    kg viz --graph OUT -o FILE [--org NAME | --person NAME [--depth N]] [--since DATE] [--until DATE]
           [--min-degree K] [--include meetings,co-attendance]   (network views: see kg.views)
    kg serve --graph OUT [--port 7878] [--host 127.0.0.1] [--timeout S] [--allow-service]

Exit status: 0 success; 1 failure (no report read, --strict failures, bad query, graph not
conforming, no graph, another build running); 2 bad usage; 130 interrupted (SIGINT), 143
terminated (SIGTERM): a build stopped either way leaves the previous output as it was.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .results import FORMATS, TABLE_MAX_ROWS, printable
from .signals import Terminated, sigterm_raises

DEFAULT_GRAPH = "out"
#: Memory (resident, MB) at which ``kg query`` stops a query (``--max-memory``).
DEFAULT_MAX_MEMORY_MB = 2048
MAX_LISTED = 20
#: A Dask scheduler address: ``tcp://host:8786``, ``host:8786``, ``tls://…``, ``inproc://…``.
SCHEDULER = re.compile(r"(?:[a-z]+://\S+|[\w.-]+:\d+)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        with sigterm_raises():
            return args.run(args)
    except BrokenPipeError:  # e.g. `kg query ... | head`: the reader has stopped, so do we
        _silence_stdout()
        return 0
    except Terminated:
        print("kg: terminated (SIGTERM); nothing was changed", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    """No more output (and no error when Python flushes stdout on exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is no file (tests)
        pass


#: Examples shown at the end of each command's --help.
EXAMPLES = {
    "kg": """examples:
  kg build seeds -o out
  kg query org-leaders --graph out --param org=甘肃省总工会
  kg COMMAND --help          (each command's options and examples)""",
    "build": """examples:
  kg build seeds -o out                  a folder of reports (searched recursively)
  kg build a.txt b.html more/ -o out     files and folders together
  kg build seeds -o out --strict         write nothing if any report fails""",
    "query": """examples:
  kg query memberships --graph out --format csv > memberships.csv
  kg query org-leaders --graph out --param org=甘肃省总工会
  kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --graph out
  kg queries                             (the named queries and their parameters)""",
    "queries": "example:\n  kg queries",
    "validate": "example:\n  kg validate --graph out",
    "stats": "example:\n  kg stats --graph out",
    "viz": """examples:
  kg viz --graph out -o gansu.html --org 甘肃省总工会
  kg viz --graph out -o wu.html --person 吴明明 --depth 2
  kg viz --graph out -o v.html --include meetings,co-attendance --size betweenness""",
}
def _command(sub, name: str, help: str, **kwargs) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help, description=kwargs.pop("description", help[:1].upper() + help[1:] + "."),
                          epilog=EXAMPLES[name], formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(prog="kg", description="Knowledge graph of Chinese trade-union meetings.",
                                epilog=EXAMPLES["kg"], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"kg (gonghui-kg) {__version__}")
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    b = _command(sub, "build", "build the graph from report files and folders")
    b.add_argument("inputs", nargs="*", metavar="INPUT",  # at least one (cmd_build: `--dask INPUT` may take it)
                   help="report files (.txt, .html, .htm) or folders (searched recursively)")
    b.add_argument("-o", "--out", required=True, metavar="OUT",
                   help="output folder, replaced when the build is complete: it must be missing, empty or "
                        "an earlier kg build output holding nothing else (a symbolic link is built through)")
    b.add_argument("--strict", action="store_true", help="fail (and write nothing) if any report fails")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: CPUs; with --dask and no address: the LocalCluster's workers)")
    b.add_argument("--dask", nargs="?", const=True, default=None, metavar="SCHEDULER_ADDRESS",
                   help="read, extract and write the graphs on Dask (pip install 'gonghui-kg[dask]'): a "
                        "LocalCluster when no address is given, else the cluster of that scheduler "
                        "(tcp://HOST:PORT; its workers must see the inputs and OUT's folder under the same paths)")
    b.set_defaults(run=cmd_build)

    q = _command(sub, "query", "run a named query, a .rq file or SPARQL text")
    q.add_argument("query", metavar="NAME|FILE.rq|SPARQL",
                   help="a named query (see `kg queries`), a file of SPARQL ending in .rq, or SPARQL text")
    _graph_option(q)
    q.add_argument("--format", "-f", choices=FORMATS, default="table",
                   help="table (aligned, at most --max-rows rows), csv, tsv, json or jsonl (JSON lines); "
                        "all but table are written as the rows come (default: %(default)s)")
    q.add_argument("--param", "-p", action="append", default=[], metavar="K=V",
                   help="bind query parameter $K to the literal V (<V> for an IRI)")
    q.add_argument("--timeout", type=_seconds, default=None, metavar="S", help="give up after S seconds")
    q.add_argument("--max-rows", type=_rows, default=None, metavar="N",
                   help=f"stop after N rows (default: {TABLE_MAX_ROWS:,} for table, no limit otherwise; 0: no limit)")
    q.add_argument("--max-memory", type=_rows, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                   help=f"stop the query when kg uses more than MB megabytes (default: {DEFAULT_MAX_MEMORY_MB:,}; "
                        "0: no limit); the engine holds rows it must sort, group or deduplicate")
    q.add_argument("--raw", action="store_true",
                   help="csv/tsv: cells exactly as stored (by default a cell starting with = + - @ gets a "
                        "leading ' and control characters are shown as escapes)")
    q.add_argument("--allow-service", action="store_true",
                   help="let the query call other SPARQL endpoints (SERVICE): it then reaches the network")
    q.set_defaults(run=cmd_query)

    ls = _command(sub, "queries", "list the named queries")
    ls.set_defaults(run=cmd_queries)

    v = _command(sub, "validate", "check the graph against the SHACL shapes")
    _graph_option(v)
    v.set_defaults(run=cmd_validate)

    s = _command(sub, "stats", "counts of reports, people, orgs, facts and triples")
    _graph_option(s)
    s.set_defaults(run=cmd_stats)

    z = _command(sub, "viz", "interactive network view of the graph (one offline HTML file)",
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
    z.add_argument("--min-shared", type=int, default=2, metavar="N",
                   help="co-attendance links only between people at N or more of the same meetings "
                        "(default: %(default)s; one shared meeting links everyone at it)")
    z.add_argument("--size", choices=("degree", "betweenness"), default="degree",
                   help="node size by number of links or betweenness centrality (default: %(default)s)")
    z.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="at most N nodes (whole components, largest first)")
    z.add_argument("--physics", choices=("auto", "on", "off"), default="auto",
                   help="in-browser physics layout (auto: on up to 300 nodes, else a layout computed here; "
                        "default: %(default)s)")
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


def _rows(value: str) -> int:
    """A number of rows, 0 or more (for ``--max-rows``)."""
    try:
        rows = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of rows: {value!r}") from None
    if rows < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {value}")
    return rows


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
    dask = args.dask
    if isinstance(dask, str) and not SCHEDULER.fullmatch(dask):
        if not Path(dask).exists():
            return _fail(f"--dask {dask}: not a scheduler address (tcp://HOST:PORT or HOST:PORT) nor an input", 2)
        args.inputs.insert(0, dask)  # `kg build --dask INPUT...`: an input, not an address
        dask = True
    if not args.inputs:
        return _fail("build needs at least one INPUT (report files or folders)", 2)
    try:
        result = build(args.inputs, args.out, strict=args.strict, jobs=args.jobs, dask=dask)
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
    print(f"reports: {result.read} read ({s['ok']} ok, {s['duplicates']} duplicates), {s['failed']} failed"
          + (f"; {s['skipped']} input path(s) skipped" if s["skipped"] else ""))
    print(f"facts:   {f['memberships']:,} memberships, {f['meetings']:,} meetings, {f['tasks']:,} tasks, "
          f"{f['participations']:,} participations; {s['people']:,} people")
    print(f"triples: {s['quads']:,} in {s['ok'] + s['duplicates']} named graphs (one per report)")
    inc = s.get("incremental") or {}
    if inc.get("unchanged") or inc.get("removed") or inc.get("extractor_changed"):
        print(f"since the last build: {inc['new']:,} new, {inc['changed']:,} changed, "
              f"{inc['unchanged']:,} unchanged (facts reused), {inc['removed']:,} removed"
              + ("; the extractor changed: every report re-extracted" if inc["extractor_changed"] else "")
              + f"; {s['graphs_written']:,} of {s['ok'] + s['duplicates']:,} graphs written")
    print(f"time:    {s['seconds']:.2f} s, {s['chars']:,} characters, {s['chars_per_s']:,} chars/s")
    for name, path in result.paths.items():
        print(f"{name + ':':8} {path}")
    for warning in result.warnings:
        print(f"warning: {warning}")
    _print_problems(result)


def _print_problems(result) -> None:
    _print_listing("failed", [(r.path, r.error) for r in result.failed])
    _print_listing("skipped", result.skipped)

    def copy_of(r) -> str:
        original = result.original(r)
        return f"{r.message} ({original.path})" if original else r.message

    _print_listing("duplicates", [(r.path, copy_of(r)) for r in result.with_status("duplicate")])
    renamed = [(r.path, w) for r in result.reports for w in r.warnings if "is already taken by" in w]
    _print_listing("ids", renamed)


def _print_listing(label: str, items: list[tuple[str, str]]) -> None:
    """``label (n):`` then one line per ``(path, why)``, at most MAX_LISTED of them."""
    if not items:
        return
    print(f"{label} ({len(items)}):")
    for path, why in items[:MAX_LISTED]:
        print(f"  {printable(path)}: {printable(why)}")  # a file name may hold escapes
    if len(items) > MAX_LISTED:
        print(f"  … and {len(items) - MAX_LISTED} more (see build-report.json)")


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
    from .store import GraphNotFoundError, GraphStore, MissingParameterError, QueryError

    try:
        params = _params(args.param)
    except ValueError as exc:
        return _fail(str(exc), 2)
    from .results import write_rows

    max_rows = args.max_rows if args.max_rows is not None else (TABLE_MAX_ROWS if args.format == "table" else 0)

    def write(columns, rows):
        return write_rows(args.format, columns, rows, sys.stdout, raw=args.raw, max_rows=max_rows or None)

    if args.max_memory:
        _watch_memory(args.max_memory)

    try:
        with GraphStore.open(args.graph) as store:
            written = store.select_into(write, args.query, params=params, timeout=args.timeout,
                                        allow_service=args.allow_service)
            sys.stdout.flush()
            notes = store.notes(args.query, params)
    except MissingParameterError as exc:
        need = " ".join(f"--param {p}=VALUE" for p in exc.missing)
        return _fail(f"{exc} (give {need})")
    except (QueryError, GraphNotFoundError) as exc:
        sys.stdout.flush()
        return _fail(str(exc))
    for note in notes:
        print(f"kg: note: {printable(note)}", file=sys.stderr)
    if written.capped:
        others = "" if args.format != "table" else " or --format csv|tsv|jsonl to stream them"
        print(f"kg: stopped after {written.rows:,} rows (--max-rows {max_rows}); there are more: "
              f"use --max-rows N (0: no limit){others}", file=sys.stderr)
    return 0


def _watch_memory(limit_mb: int, every: float = 0.1) -> None:
    """Stop the process (exit 1, one line) when its resident memory passes ``limit_mb``
    (Linux: read from /proc; elsewhere nothing is watched)."""
    import threading
    import time

    statm = Path("/proc/self/statm")
    if not statm.is_file():
        return
    page = os.sysconf("SC_PAGE_SIZE")

    def watch() -> None:
        while True:
            try:
                rss_mb = int(statm.read_text().split()[1]) * page / 2**20
            except (OSError, ValueError, IndexError):
                return
            if rss_mb > limit_mb:
                try:
                    sys.stdout.flush()
                except (OSError, ValueError):
                    pass
                os.write(2, f"kg: query stopped: it took more than {limit_mb:,} MB of memory "
                            "(--max-memory MB to allow more, 0: no limit)\n".encode())
                os._exit(1)
            time.sleep(every)

    threading.Thread(target=watch, name="memory-watch", daemon=True).start()


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
    from .outdir import MARKER
    from .store import REPORT_FILE, STORE_DIR, TRIG_FILE

    out, folder = Path(output).resolve(), Path(graph).resolve()
    return out in (folder / TRIG_FILE, folder / REPORT_FILE, folder / MARKER) or (folder / STORE_DIR) in (out, *out.parents)


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
            min_shared=args.min_shared,
        )
    except NoMatchError as exc:
        return _fail(str(exc))
    except ViewError as exc:  # bad option values
        return _fail(str(exc), 2)
    except (QueryError, GraphNotFoundError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc}")
    from .views.style import counted

    shown = f"{counted(result.nodes, 'node')}, {counted(result.edges, 'link')}"
    if result.total > result.nodes:
        shown += f" (of {result.total:,} nodes)"
    layout = "physics in the browser" if result.physics else "layout computed here"
    print(f"view:    {result.path} — {shown}; {layout}")
    for notice in result.notices:
        print(f"         {notice}")
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
