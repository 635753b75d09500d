"""Compiling a WHERE tree into one predicate over records, so each record is tested without re-parsing.

Literals are normalised once here; per record only the field value is normalised. A multi-value field
(a list, such as a multi-select picklist) matches a positive criterion when any element does, and a
negated one (!=, not in, not like, not between) when no element does. As in SQL, a blank value satisfies
no comparison, negated or not: only ``is null``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from connector.sandbox.coql_ast import Comparison, Condition, Literal, Logical, Membership, NullCheck, Range
from connector.sandbox.coql_columns import Getter, Module, Record, resolve_column
from connector.sandbox.coql_values import LikePattern, Normal, as_text, normalize

Predicate = Callable[[Record], bool]
KeyTest = Callable[[Normal], bool]
ValueTest = Callable[[Any], bool]

_ORDERING: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda left, right: left < right,
    "<=": lambda left, right: left <= right,
    ">": lambda left, right: left > right,
    ">=": lambda left, right: left >= right,
}


def compile_condition(condition: Condition, module: Module) -> Predicate:
    if isinstance(condition, Logical):
        parts = [compile_condition(operand, module) for operand in condition.operands]
        return _all_of(parts) if condition.operator == "and" else _any_of(parts)
    get = resolve_column(module, condition.column).getter()
    if isinstance(condition, NullCheck):
        return _null_check(get, condition.negated)
    if isinstance(condition, Membership):
        keys = {key for key in map(normalize, condition.values) if key is not None}
        return _on_keys(get, keys.__contains__, condition.negated)
    if isinstance(condition, Range):
        return _on_keys(get, _between(condition.low, condition.high), condition.negated)
    return _comparison(get, condition)


def _all_of(parts: list[Predicate]) -> Predicate:
    # Chained two-way closures short-circuit without a generator per record.
    return functools.reduce(lambda left, right: lambda record: left(record) and right(record), parts)


def _any_of(parts: list[Predicate]) -> Predicate:
    return functools.reduce(lambda left, right: lambda record: left(record) or right(record), parts)


def _present_keys(value: Any) -> list[Normal]:
    """The normal forms of a field's non-blank values: one for a scalar, one per element of a list."""
    if isinstance(value, list | tuple):
        return [key for key in map(normalize, value) if key is not None]
    key = normalize(value)
    return [] if key is None else [key]


def _null_check(get: Getter, negated: bool) -> Predicate:
    def check(record: Record) -> bool:
        value = get(record)
        if isinstance(value, list | tuple):
            return bool(_present_keys(value)) == negated
        return (normalize(value) is not None) == negated

    return check


def _on_keys(get: Getter, test: KeyTest, negated: bool) -> Predicate:
    """Apply a test to a field's normal forms; the scalar case avoids building a list per record."""

    def matches(record: Record) -> bool:
        value = get(record)
        if isinstance(value, list | tuple):
            keys = _present_keys(value)
            return bool(keys) and any(map(test, keys)) != negated
        key = normalize(value)
        return key is not None and test(key) != negated

    return matches


def _on_values(get: Getter, test: ValueTest, negated: bool) -> Predicate:
    """Like _on_keys, for tests that need the value itself (LIKE matches the stored text)."""

    def matches(record: Record) -> bool:
        value = get(record)
        elements = value if isinstance(value, list | tuple) else (value,)
        present = [element for element in elements if normalize(element) is not None]
        return bool(present) and any(map(test, present)) != negated

    return matches


def _comparison(get: Getter, condition: Comparison) -> Predicate:
    operator, literal = condition.operator, condition.value
    if operator in ("like", "not like"):
        return _on_values(get, _like(literal), negated=operator == "not like")
    expected = normalize(literal)
    if expected is None:
        # "= null" reads as "is null"; an ordering against null matches nothing.
        if operator in ("=", "!="):
            return _null_check(get, negated=operator == "!=")
        return _never
    if operator in ("=", "!="):
        return _on_keys(get, expected.__eq__, negated=operator == "!=")
    rank, bound = expected
    compare = _ORDERING[operator]
    return _on_keys(get, lambda key: key[0] == rank and compare(key[1], bound), negated=False)


def _never(_: Any) -> bool:
    return False


def _like(literal: Literal) -> ValueTest:
    if literal is None:
        return _never
    pattern = LikePattern(as_text(literal))
    return lambda element: pattern.matches(as_text(element))


def _between(low: Literal, high: Literal) -> KeyTest:
    low_key, high_key = normalize(low), normalize(high)
    if low_key is None or high_key is None or low_key[0] != high_key[0]:
        return _never
    rank, low_bound, high_bound = low_key[0], low_key[1], high_key[1]
    return lambda key: key[0] == rank and low_bound <= key[1] <= high_bound
