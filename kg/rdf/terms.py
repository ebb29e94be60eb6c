"""RDF terms as N-Quads text: IRIs, plain and typed literals, correctly escaped."""
from __future__ import annotations

import re
from datetime import date

from .namespaces import XSD

# N-Quads string escapes: quote, backslash, and every C0 control (\n \r are mandatory).
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f]')
_INTEGER = f"^^<{XSD}integer>"
_DATE = f"^^<{XSD}date>"
_BOOLEAN = f"^^<{XSD}boolean>"


def iri(value: str) -> str:
    """``<value>``; ``value`` must already be a valid IRI (see :mod:`kg.rdf.iris`)."""
    return f"<{value}>"


def literal(text: str) -> str:
    """A plain (xsd:string) literal."""
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"'


def integer(value: int) -> str:
    return f'"{int(value)}"{_INTEGER}'


def date_literal(value: date) -> str:
    return f'"{value.isoformat()}"{_DATE}'


def typed(lexical: str, datatype: str) -> str:
    """A literal of ``datatype`` (an XSD local name: ``gYear``, ``gYearMonth`` ...)."""
    return f'"{lexical}"^^<{XSD}{datatype}>'


def boolean(value: bool) -> str:
    return f'"{"true" if value else "false"}"{_BOOLEAN}'
