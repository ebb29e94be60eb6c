"""What a user's SPARQL may do here: read the graph, never reach the network, never nest
deep enough to crash the engine.

The query text is tokenised by the SPARQL 1.1 lexical rules (strings, IRIs, comments,
prefixed names and variables are tokens of their own), so a ``SERVICE`` keyword is found
wherever the grammar has one and nowhere else (not in ``"SERVICE"``, ``<…/SERVICE>``,
``ex:SERVICE`` or ``?service``). Nesting of ``{ ( [`` is bounded before the engine sees the
query: the engine recurses over the parse tree and a query thousands of levels deep
overflows its stack (a segfault, not an error).

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.guard.QueryRefused: SERVICE (a query to another endpoint: <http://127.0.0.1:1/x>) is refused: queries here never reach the network
"""
from __future__ import annotations

import re
from collections.abc import Iterator

#: Deepest nesting of braces, parentheses and brackets accepted (real queries stay < 20).
MAX_DEPTH = 64

#: One SPARQL token, by the grammar's terminals; order matters (longest forms first).
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<name>(?:[^\W\d][\w.\-\u00b7]*)?:(?:[\w:%\\.\-\u00b7]|\\.)*|[^\W\d][\w\-\u00b7]*)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>.)
    """,
    re.X | re.S,
)


class QueryRefused(ValueError):
    """A query that is not run here; the message says why in one line."""


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` for every token of ``text`` but spaces and comments."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, m.group(0)


def check_query(text: str, allow_service: bool = False, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`QueryRefused` if ``text`` calls another endpoint (``SERVICE``, unless
    ``allow_service``) or nests deeper than ``max_depth``."""
    depth = 0
    pending_service = False
    for kind, tok in tokens(text):
        if pending_service:
            if kind == "name" and tok.upper() == "SILENT":
                continue
            target = tok if kind in ("iri", "var", "name") else "…"
            raise QueryRefused(f"SERVICE (a query to another endpoint: {target}) is refused: "
                               "queries here never reach the network")
        if kind == "open":
            depth += 1
            if depth > max_depth:
                raise QueryRefused(f"the query nests deeper than {max_depth} levels of {{ ( [ "
                                   "and is refused")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "name" and not allow_service and tok.upper() == "SERVICE":
            pending_service = True
    if pending_service:
        raise QueryRefused("SERVICE (a query to another endpoint) is refused: queries here "
                           "never reach the network")


def first_keyword(text: str) -> str:
    """The query's form: the first keyword after ``PREFIX``/``BASE`` declarations, upper-cased
    (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``INSERT``, ``DELETE``, ``LOAD`` …)."""
    skip = 0
    for kind, tok in tokens(text):
        if skip:
            skip -= 1
            continue
        if kind == "name" and tok.upper() == "PREFIX":
            skip = 2  # the prefix name and its IRI
            continue
        if kind == "name" and tok.upper() == "BASE":
            skip = 1
            continue
        return tok.upper() if kind == "name" else ""
    return ""
