"""The built graph: the Oxigraph store in ``OUT/store`` (read-only here) and SPARQL over it.

``GraphStore.open(out)`` opens it; ``select(query)`` runs a named query (``kg/queries``), a
``.rq`` file or SPARQL text, with the default graph as the union of all report graphs.
``load_dataset(out)`` gives the same data as an :class:`rdflib.Dataset` for Python users.
Only :mod:`kg.build` writes a store.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from .guard import QueryRefused, check_query
from .outdir import OutputError, pin
from .queries import NamedQuery, named_queries, suggest
from .rdf.namespaces import PREFIXES
from .results import QueryResult, Row, plain

T = TypeVar("T")

STORE_DIR = "store"
TRIG_FILE = "graph.trig"
REPORT_FILE = "build-report.json"


#: A SPARQL update: its first keyword, after comments and PREFIX/BASE declarations.
UPDATE = re.compile(
    r"(?:\s+|#[^\n]*+|PREFIX\s*[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)*+"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


class QueryError(Exception):
    """A query that cannot be run: unknown name, malformed SPARQL, missing parameter, timeout."""


class MissingParameterError(QueryError):
    """A named query run without one of its parameters (``missing``: name -> description)."""

    def __init__(self, query: str, missing: dict[str, str]) -> None:
        need = "; ".join(f"{p}=VALUE ({d})" if d else f"{p}=VALUE" for p, d in missing.items())
        super().__init__(f"query {query!r} needs the parameter{'s' if len(missing) > 1 else ''} {need}")
        self.query, self.missing = query, missing


class GraphNotFoundError(FileNotFoundError):
    """No built graph in the given folder."""


def resolve_query(spec: str) -> NamedQuery:
    """A named query, a ``.rq`` file or SPARQL text, by what ``spec`` looks like."""
    queries = named_queries()
    if spec in queries:
        return queries[spec]
    path = Path(spec)
    if spec.endswith(".rq") and "\n" not in spec:
        if not path.is_file():
            raise QueryError(f"no such query file: {spec}")
        return NamedQuery.parse(path.stem, path.read_text(encoding="utf-8"))
    if any(ch.isspace() for ch in spec.strip()) or "{" in spec:
        return NamedQuery.parse("sparql", spec)
    close = suggest(spec)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    raise QueryError(
        f"unknown query {spec!r}: {hint}not a named query ({', '.join(queries)}), a .rq file or SPARQL text"
    )


def _binding(name: str, value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value: ``<iri>`` is an IRI, anything else a plain literal."""
    if len(value) > 2 and value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise QueryError(f"parameter {name}: {value} is not a valid IRI ({exc}); "
                             "without the angle brackets it is taken as text") from None
    return ox.Literal(value)


class GraphStore:
    """A built graph, opened read-only. Use as a context manager.

    While it is open, the build output it reads is held (:func:`kg.outdir.pin`): a build
    that replaces ``out`` meanwhile does not disturb it (it keeps answering from the
    output it opened); the next :meth:`open` sees the new one.
    """

    def __init__(self, store: ox.Store, out: Path, held: ExitStack | None = None) -> None:
        self._store: ox.Store | None = store
        self._held = held
        self.out = out

    @classmethod
    def open(cls, out: str | Path) -> GraphStore:
        """Open the store of the build in folder ``out`` read-only."""
        out = Path(out)
        held = ExitStack()
        try:
            folder = held.enter_context(pin(out))
        except OutputError as exc:
            raise GraphNotFoundError(f"no graph in {out}: {exc}") from None
        try:
            if folder is None or not (folder / STORE_DIR).is_dir():
                raise GraphNotFoundError(f"no graph in {out}: run `kg build INPUT... -o {out}` first")
            try:
                store = ox.Store.read_only(str(folder / STORE_DIR))
            except (OSError, RuntimeError) as exc:  # RuntimeError: a damaged store ("Corruption: …")
                why = str(exc).replace(str(folder), str(out))
                raise GraphNotFoundError(f"cannot open the graph in {out}: {why}; "
                                         f"rebuild it with `kg build INPUT... -o {out}`") from None
        except BaseException:
            held.close()
            raise
        return cls(store, out, held)

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise ValueError("the graph store is closed")
        return self._store

    def close(self) -> None:
        self._store = None
        if self._held is not None:
            self._held.close()
            self._held = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        """Number of quads (triples in all report graphs)."""
        return len(self.store)

    def select(
        self,
        query: str | NamedQuery,
        params: Mapping[str, str] | None = None,
        timeout: float | None = None,
        allow_service: bool = False,
    ) -> QueryResult:
        """Run a SELECT query (name, ``.rq`` file, SPARQL text) with ``params`` bound.

        Raises :class:`QueryError` for an unknown query, malformed SPARQL, a missing or
        unknown parameter, a query that is not a SELECT, one that calls another endpoint
        (``SERVICE``, unless ``allow_service``) or nests too deep (:mod:`kg.guard`), or one
        that runs past ``timeout`` seconds.
        """
        q = query if isinstance(query, NamedQuery) else resolve_query(query)
        result = self.select_into(lambda columns, rows: QueryResult(columns, list(rows)),
                                  q, params, timeout, allow_service)
        result.notes.extend(self.notes(q, params or {}))
        return result

    def notes(self, query: str | NamedQuery, params: Mapping[str, str]) -> list[str]:
        """A line for each name parameter of ``query`` whose value matches nothing (with the
        closest names) or is ambiguous (with the candidates); see :mod:`kg.names`."""
        from .names import lookup

        q = query if isinstance(query, NamedQuery) else resolve_query(query)
        notes = []
        for param in q.params:
            if param in params and (found := lookup(self.store, param, params[param])) and (note := found.note()):
                notes.append(note)
        return notes

    def select_into(
        self,
        consume: Callable[[list[str], Iterator[Row]], T],
        query: str | NamedQuery,
        params: Mapping[str, str] | None = None,
        timeout: float | None = None,
        allow_service: bool = False,
    ) -> T:
        """Like :meth:`select`, but hand the column names and an iterator of the rows (made
        as the engine finds them) to ``consume``; return what it returns. ``consume`` runs
        in the thread running the query and must not keep the iterator."""
        q = query if isinstance(query, NamedQuery) else resolve_query(query)
        if m := UPDATE.match(q.text):
            raise QueryError(f"{q.name!r} is a SPARQL update ({m.group(1).upper()}): the graph is "
                             "read-only here; only `kg build` writes it")
        try:
            check_query(q.text, allow_service=allow_service)
        except QueryRefused as exc:
            raise QueryError(f"query {q.name!r}: {exc}") from None
        params = dict(params or {})
        missing = {p: d for p, d in q.params.items() if p not in params}
        if missing:
            raise MissingParameterError(q.name, missing)
        if (q.params or named_queries().get(q.name) is q) and (unknown := sorted(set(params) - set(q.params))):
            takes = f"it takes {', '.join(q.params)}" if q.params else "it takes no parameters"
            raise QueryError(f"query {q.name!r} has no parameter {', '.join(unknown)}; {takes}")
        substitutions = {ox.Variable(k): _binding(k, v) for k, v in params.items()}
        return _with_timeout(lambda: self._run(q, substitutions, consume), timeout, q.name)

    def _run(self, q: NamedQuery, substitutions: dict, consume: Callable[[list[str], Iterator[Row]], T]) -> T:
        try:
            solutions = self.store.query(
                q.text, prefixes=PREFIXES, use_default_graph_as_union=True,
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL in {q.name!r}: {_syntax_message(str(exc), q.text)}") from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            if m := re.search(r"variable \?(\w+) in its SELECT projection", str(exc)):
                raise QueryError(f"query {q.name!r} has no variable ?{m.group(1)} in its SELECT clause to "
                                 f"bind the parameter {m.group(1)} to") from None
            raise QueryError(f"query {q.name!r} failed: {exc}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(f"query {q.name!r} is not a SELECT query")
        columns = [v.value for v in solutions.variables]
        rows = _rows(solutions, len(columns), q.name)
        error: BaseException | None = None
        try:
            result = consume(columns, rows)
        except BaseException as exc:  # noqa: BLE001 (re-raised below, without its frames)
            error = exc.with_traceback(None)
            error.__context__ = error.__cause__ = None
        finally:
            # The solutions must be dropped in the thread that made them (pyoxigraph panics
            # otherwise, see _with_timeout): no traceback or generator may keep them alive.
            rows.close()
            del rows, solutions
        if error is not None:
            raise error
        return result

    def count(self, query: str | NamedQuery, **kwargs) -> int:
        """Number of rows of a query, without keeping them."""
        return self.select_into(lambda _, rows: sum(1 for _ in rows), query, **kwargs)

    def stats(self) -> dict[str, int]:
        """Counts of reports, people, orgs, memberships, meetings, tasks, participations, triples."""
        return self.select("stats").as_dicts()[0]


def _rows(solutions, width: int, name: str) -> Iterator[Row]:
    """The solutions as tuples of plain values; engine failures as :class:`QueryError`."""
    it = iter(solutions)
    while True:
        try:
            solution = next(it)
        except StopIteration:
            return
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query {name!r} failed: {exc}") from None
        yield tuple(plain(solution[i]) for i in range(width))


def _syntax_message(message: str, text: str) -> str:
    """The parser's message, short: its first line; an unknown prefix by name."""
    where = re.match(r"error at \d+:\d+", message)
    if "Prefix not found" in message:
        declared = set(re.findall(r"PREFIX\s*([\w.-]*):", text, re.I))
        used = re.findall(r"(?<![\w<\"'?$:/#.-])([A-Za-z][\w.-]*):(?!//)", text)
        unknown = [p for p in dict.fromkeys(used) if p not in PREFIXES and p not in declared]
        if unknown:
            return (f"{where.group(0) + ': ' if where else ''}unknown prefix {', '.join(p + ':' for p in unknown)} "
                    f"(known: {', '.join(p + ':' for p in PREFIXES)})")
    first = message.splitlines()[0] if message else "syntax error"
    return first if len(first) <= 200 else first[:200] + "…"


def _with_timeout(run, timeout: float | None, name: str):
    """``run()``, or :class:`QueryError` when it takes longer than ``timeout`` seconds."""
    if not timeout:
        return run()
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = run()
        except BaseException as exc:  # handed over to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name=f"query-{name}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query {name!r} ran past the timeout of {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["result"]


def load_dataset(out: str | Path):
    """The built graph as an :class:`rdflib.Dataset` (one named graph per report)."""
    from rdflib import Dataset

    path = Path(out) / TRIG_FILE
    if not path.is_file():
        raise GraphNotFoundError(f"no graph in {out}: run `kg build INPUT... -o {out}` first")
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    try:
        ds.parse(path, format="trig")
    except Exception as exc:  # rdflib's BadSyntax and friends: a damaged graph.trig
        why = " ".join(str(exc).strip().splitlines()[:2])[:300] or type(exc).__name__
        raise GraphNotFoundError(f"cannot read {path}: {why}; "
                                 f"rebuild it with `kg build INPUT... -o {out}`") from None
    return ds
