"""Compiling a WHERE tree into one predicate over records, so each record is tested without re-parsing.

Literals are normalised once here; per record only the field value is normalised. A multi-value field
(a list, such as a multi-select picklist) matches a positive criterion when any element does, and a
negated one (!=, not in, not like, not between) when no element does. As in SQL, a blank value satisfies
no comparison, negated or not: only ``is null``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connector.sandbox.coql_ast import Comparison, Condition, Literal, Logical, Membership, NullCheck, Range
from connector.sandbox.coql_columns import Getter, Module, Record, resolve_column
from connector.sandbox.coql_values import as_text, is_blank, like_pattern, lookup_id, normalize

Predicate = Callable[[Record], bool]
ElementTest = Callable[[Any], bool]

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
        return _criterion(get, lambda element: normalize(element) in keys, condition.negated)
    if isinstance(condition, Range):
        return _criterion(get, _between(condition.low, condition.high), condition.negated)
    return _comparison(get, condition)


def _all_of(parts: list[Predicate]) -> Predicate:
    def every(record: Record) -> bool:
        return all(part(record) for part in parts)

    return every


def _any_of(parts: list[Predicate]) -> Predicate:
    def some(record: Record) -> bool:
        return any(part(record) for part in parts)

    return some


def _null_check(get: Getter, negated: bool) -> Predicate:
    if negated:
        return lambda record: not is_blank(lookup_id(get(record)))
    return lambda record: is_blank(lookup_id(get(record)))


def _criterion(get: Getter, test: ElementTest, negated: bool) -> Predicate:
    """Apply an element test to a field value, element by element for multi-value fields."""

    def matches(record: Record) -> bool:
        value = get(record)
        if is_blank(lookup_id(value)):
            return False
        if isinstance(value, list | tuple):
            hit = any(test(element) for element in value if not is_blank(lookup_id(element)))
        else:
            hit = test(value)
        return hit != negated

    return matches


def _comparison(get: Getter, condition: Comparison) -> Predicate:
    operator, literal = condition.operator, condition.value
    if operator in ("like", "not like"):
        return _criterion(get, _like(literal), negated=operator == "not like")
    expected = normalize(literal)
    if expected is None and operator in ("=", "!="):
        # "= null" reads as "is null", the only meaning a comparison with null can have here.
        return _null_check(get, negated=operator == "!=")
    if operator in ("=", "!="):
        return _criterion(get, lambda element: normalize(element) == expected, negated=operator == "!=")
    return _criterion(get, _ordered(operator, literal), negated=False)


def _never(_: Any) -> bool:
    return False


def _like(literal: Literal) -> ElementTest:
    if literal is None:
        return _never
    pattern = like_pattern(as_text(literal))
    return lambda element: pattern.fullmatch(as_text(element)) is not None


def _ordered(operator: str, literal: Literal) -> ElementTest:
    expected = normalize(literal)
    if expected is None:
        return _never
    rank, bound = expected
    compare = _ORDERING[operator]

    def test(element: Any) -> bool:
        actual = normalize(element)
        return actual is not None and actual[0] == rank and compare(actual[1], bound)

    return test


def _between(low: Literal, high: Literal) -> ElementTest:
    low_key, high_key = normalize(low), normalize(high)
    if low_key is None or high_key is None or low_key[0] != high_key[0]:
        return _never
    rank, low_bound, high_bound = low_key[0], low_key[1], high_key[1]

    def test(element: Any) -> bool:
        actual = normalize(element)
        return actual is not None and actual[0] == rank and low_bound <= actual[1] <= high_bound

    return test
