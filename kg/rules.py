"""Ordered tables of small named rules, in the spirit of spaCy's ``EntityRuler``.

A rule is a plain function with a name; a table is a tuple of rules tried in order. With
:func:`first`, the first rule that applies gives the answer (a rule that does not apply
returns :data:`SKIP`, so ``None`` can be an answer: "no organisation"). The name of the
rule that answered is returned with the answer, for tests and error analysis.

>>> SMALL = (Rule("neg", lambda x: "negative" if x < 0 else SKIP), Rule("any", lambda x: "other"))
>>> first(SMALL, -1), first(SMALL, 1)
(('neg', 'negative'), ('any', 'other'))
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


class _Skip:
    def __repr__(self) -> str:
        return "SKIP"


#: What a rule returns when it does not apply.
SKIP: Any = _Skip()


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[..., Any]

    def __call__(self, *args: Any) -> Any:
        return self.apply(*args)


def first(rules: Iterable[Rule], *args: Any) -> tuple[str, Any] | None:
    """``(name, answer)`` of the first rule in ``rules`` that applies to ``args``, else ``None``."""
    for r in rules:
        out = r.apply(*args)
        if out is not SKIP:
            return r.name, out
    return None


def rule(table: list[Rule]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: append the function to ``table`` as a rule named after it."""
    def add(fn: Callable[..., Any]) -> Callable[..., Any]:
        table.append(Rule(fn.__name__.lstrip("_"), fn))
        return fn
    return add
