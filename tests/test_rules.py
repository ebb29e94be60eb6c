"""kg.rules: ordered tables of named rules."""
import doctest

import kg.rules
from kg.rules import SKIP, Rule, first, rule


def test_first_rule_that_applies_wins_and_none_is_an_answer():
    table = (Rule("skip", lambda x: SKIP), Rule("none", lambda x: None), Rule("late", lambda x: 1))
    assert first(table, 0) == ("none", None)
    assert first(table[:1], 0) is None


def test_decorator_appends_in_order():
    table: list[Rule] = []

    @rule(table)
    def _a(x):
        return SKIP

    @rule(table)
    def _b(x):
        return x

    assert [r.name for r in table] == ["a", "b"] and first(table, 2) == ("b", 2)


def test_doc_example():
    assert doctest.testmod(kg.rules).failed == 0
