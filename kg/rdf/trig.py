"""TriG text of a named graph, written directly from the N-Quads terms of its triples.

The graph writers make each triple of a graph as three N-Quads terms (:mod:`kg.rdf.terms`:
``<iri>``, ``"text"``, ``"lexical"^^<datatype>``); :func:`block` writes the TriG of the graph
from the same terms, byte for byte what Oxigraph's TriG serializer writes for them (with
:data:`~kg.rdf.namespaces.TRIG_PREFIXES`), without parsing the N-Quads text and building
Python objects of every term again:

- triples in the order given; a triple with the subject of the one before continues it
  (``;``), with its subject and predicate too, its object list (``,``);
- an IRI under a prefix is ``prefix:local`` when the local part can be written as a
  Turtle local name (escaped as Oxigraph escapes it), else ``<iri>``; ``rdf:type`` as
  predicate is ``a``;
- a literal is quoted with Turtle's escapes (``\\b \\t \\n \\f \\r \\" \\\\``, other
  controls and U+FFFE, U+FFFF as ``\\uXXXX``); ``xsd:integer``, ``xsd:boolean``,
  ``xsd:decimal`` and ``xsd:double`` literals of Turtle's own syntax are written bare,
  ``xsd:string`` literals without their datatype.

Each distinct term is checked once (an IRI as Oxigraph parses one, a literal against the
N-Quads grammar) and its TriG form kept (:func:`turtle`), so a writer bug still fails here:
the N-Quads shards are bulk-loaded without a second check.

    >>> block("<http://e.org/g>", [("<http://e.org/s>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    ...                              "<https://w3id.org/gonghui-kg/ns#Report>")]).decode()
    '<http://e.org/g> {\\n\\t<http://e.org/s> a kg:Report .\\n}\\n'
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import RDF, TRIG_PREFIXES, XSD

#: Prefixes as Oxigraph tries them: longest namespace first.
_PREFIXES = sorted(((name, ns) for name, ns in TRIG_PREFIXES.items()), key=lambda p: -len(p[1]))
_NAMESPACES = tuple(ns for _, ns in _PREFIXES)
_TYPE = f"<{RDF}type>"

# Turtle's PN_CHARS_BASE, PN_CHARS_U and PN_CHARS (as Oxigraph's lexer has them).
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_PN_CHARS_U = re.compile(f"[{_BASE}_]")
_PN_CHARS = re.compile(f"[{_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040]")
_LOCAL_ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")


def local_name(value: str) -> str | None:
    """``value`` as a Turtle local name (PN_LOCAL, with ``\\`` escapes), or None if it cannot be one."""
    if not value:
        return None
    out = []
    last = len(value) - 1
    for i, c in enumerate(value):
        if (_PN_CHARS_U.match(c) or c == ":" or "0" <= c <= "9") if i == 0 else \
                (_PN_CHARS.match(c) or c == ":" or (c == "." and i < last)):
            out.append(c)
        elif c in _LOCAL_ESCAPABLE:
            out.append("\\" + c)
        else:
            return None
    return "".join(out)


def named_node(value: str) -> str:
    """The TriG of the IRI ``value``: ``prefix:local`` where it can be, else ``<value>``."""
    if not value.startswith(_NAMESPACES):  # (most IRIs: minted ones, in no namespace)
        return f"<{value}>"
    for name, ns in _PREFIXES:
        if value.startswith(ns):
            local = value[len(ns):]
            if not local:
                return f"{name}:"
            escaped = local_name(local)
            if escaped is not None:
                return f"{name}:{escaped}"
    return f"<{value}>"


# -- literals ------------------------------------------------------------------------------------

#: The body of an N-Quads STRING_LITERAL_QUOTE.
_NQ_STRING = re.compile(r'(?:[^"\\\n\r]|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*')
_NQ_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SHORT = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_LANG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
# Turtle escapes of a quoted string, as Oxigraph writes them.
_TTL_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]}
_TTL_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                     ord('"'): '\\"', ord("\\"): "\\\\"})
_TTL_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\ufffe\uffff]')


def _unescape(m: re.Match) -> str:
    code = m.group(1) or m.group(2)
    if code is None:
        return _SHORT[m.group(3)]
    n = int(code, 16)
    if 0xD800 <= n <= 0xDFFF or n > 0x10FFFF:
        raise ValueError(f"the escape \\u{code} is not a character")
    return chr(n)


def _quoted(body: str) -> tuple[str, str]:
    """The value and the Turtle quoted string of an N-Quads string body (ValueError if it is not one)."""
    if _NQ_STRING.fullmatch(body) is None:
        raise ValueError(f"not an N-Quads string: {body!r}")
    value = _NQ_ESCAPE.sub(_unescape, body) if "\\" in body else body
    if _TTL_NEEDS_ESCAPE.search(value):
        return value, f'"{value.translate(_TTL_ESCAPES)}"'
    return value, f'"{value}"'


def _signed(value: str) -> str:
    return value[1:] if value[:1] in ("+", "-") else value


_DECIMAL = re.compile(r"[0-9]*\.[0-9]+")
_DOUBLE = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")
_BARE = {
    f"{XSD}integer": lambda v: v.isascii() and v.isdigit(),
    f"{XSD}boolean": None,  # (the value itself: true / false, unsigned)
    f"{XSD}decimal": lambda v: _DECIMAL.fullmatch(v) is not None,
    f"{XSD}double": lambda v: _DOUBLE.fullmatch(v) is not None,
}


def _literal(term: str) -> str:
    close = term.rfind('"')
    if close <= 0:
        raise ValueError(f"not an N-Quads term: {term!r}")
    value, quoted = _quoted(term[1:close])
    rest = term[close + 1:]
    if not rest:
        return quoted
    if rest[0] == "@" and _LANG.fullmatch(rest[1:]):
        return f"{quoted}@{rest[1:].lower()}"  # (Oxigraph's language tags are lower case)
    if not (rest.startswith("^^<") and rest.endswith(">")):
        raise ValueError(f"not an N-Quads term: {term!r}")
    datatype = _iri(rest[3:-1])
    if datatype == f"{XSD}string":
        return quoted
    if datatype in _BARE:
        bare = _BARE[datatype]
        if (value in ("true", "false")) if bare is None else bare(_signed(value)):
            return value
    return f"{quoted}^^{named_node(datatype)}"


def _iri(value: str) -> str:
    ox.NamedNode(value)  # ValueError if it is not an IRI
    return value


# -- terms and blocks -------------------------------------------------------------------------------

_CACHE: dict[str, str] = {}
#: Terms kept at most (then the cache starts again: a worker writes many graphs).
CACHE_SIZE = 50_000  # (about 8 MiB)


def turtle(term: str) -> str:
    """The TriG of an N-Quads term (``<iri>`` or a literal; ValueError if it is neither)."""
    out = _CACHE.get(term)
    if out is None:
        if term.startswith("<") and term.endswith(">"):
            out = named_node(_iri(term[1:-1]))
        elif term.startswith('"'):
            out = _literal(term)
        else:
            raise ValueError(f"not an N-Quads term: {term!r}")
        if len(_CACHE) >= CACHE_SIZE:
            _CACHE.clear()
        _CACHE[term] = out
    return out


def statements(triples: Iterable[tuple[str, str, str]]) -> str:
    """The TriG of ``triples`` (N-Quads terms) as it stands inside a graph's block: each
    subject's statements from a tab-indented line, ending in `` .`` and a new line ("" for none)."""
    get = _CACHE.get
    out: list[str] = []
    subject = predicate = None
    for s, p, o in triples:
        obj = get(o) or turtle(o)
        if s == subject:
            if p == predicate:
                out.append(f" , {obj}")
                continue
            out.append(f" ;\n\t\t{'a' if p == _TYPE else get(p) or turtle(p)} {obj}")
        else:
            out.append(f"{_NEXT if subject is not None else _FIRST}{get(s) or turtle(s)} "
                       f"{'a' if p == _TYPE else get(p) or turtle(p)} {obj}")
        subject, predicate = s, p
    if subject is None:
        return ""
    out.append(" .\n")
    return "".join(out)


_FIRST, _NEXT = "\t", " .\n\t"


def block(graph: str, triples: Iterable[tuple[str, str, str]]) -> bytes:
    """The TriG block of the named graph ``graph`` (an N-Quads IRI term) holding ``triples``
    (N-Quads terms), without prefix declarations (``b""`` for no triples): the bytes
    Oxigraph's TriG serializer writes for these quads after its prefixes."""
    body = statements(triples)
    return f"{turtle(graph)} {{\n{body}}}\n".encode("utf-8", "replace") if body else b""
