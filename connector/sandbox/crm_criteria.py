"""Zoho's search criteria: ``((Last_Name:equals:Burns)and(First_Name:starts_with:B))``.

Each condition is ``(field:operator:value)``; conditions combine with ``and``/``or`` inside
parentheses. In values, ``\\(``, ``\\)`` and ``\\,`` stand for the literal characters. Errors are
Zoho's ``INVALID_QUERY`` ("invalid query formed"). Text comparisons ignore case, as Zoho's do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from connector.sandbox.crm_errors import CrmError
from connector.sandbox.crm_modules import ModuleDef

Predicate = Callable[[Mapping[str, Any]], bool]

MAX_LENGTH = 4000
MAX_CONDITIONS = 10
MAX_DEPTH = 12
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "greater_than": lambda a, b: a > b,
    "greater_equal": lambda a, b: a >= b,
    "less_than": lambda a, b: a < b,
    "less_equal": lambda a, b: a <= b,
}
OPERATORS = frozenset({"equals", "not_equal", "starts_with", "in", "between", *COMPARISONS})


def invalid_query(**details: Any) -> CrmError:
    return CrmError(400, "INVALID_QUERY", "invalid query formed", details)


def comparable(value: Any) -> list[str]:
    """The strings a stored value can be matched as (a lookup by its id or its name)."""
    if value is None:
        return [""]
    if isinstance(value, dict):
        return [str(value.get("id", "")).lower(), str(value.get("name", "")).lower()]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, float) and value.is_integer():
        return [str(int(value)), str(value)]
    return [str(value).lower()]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _split_values(raw: str) -> list[str]:
    values, current, escaped = [], "", False
    for char in raw:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == ",":
            values.append(current)
            current = ""
        else:
            current += char
    values.append(current)
    return [v.strip().lower() for v in values]


def _condition(module: ModuleDef, text: str) -> Predicate:
    field, _, rest = text.partition(":")
    operator, _, raw_value = rest.partition(":")
    field, operator = field.strip(), operator.strip().lower()
    if field != "id" and field not in module.by_name:
        raise invalid_query(api_name=field)
    if operator not in OPERATORS or not _:
        raise invalid_query(operator=operator)
    values = _split_values(raw_value)
    if operator == "between" and len(values) != 2:
        raise invalid_query(operator=operator, reason="between takes two values")

    def matches(record: Mapping[str, Any]) -> bool:
        stored = record.get(field)
        candidates = comparable(stored)
        if operator == "equals":
            return values[0] in candidates
        if operator == "not_equal":
            return values[0] not in candidates
        if operator == "starts_with":
            return any(c.startswith(values[0]) for c in candidates)
        if operator == "in":
            return any(c in values for c in candidates)
        number = stored if isinstance(stored, int | float) and not isinstance(stored, bool) else None
        bounds = [_number(v) for v in values]
        if number is not None and None not in bounds:
            low = [float(b) for b in bounds if b is not None]
            if operator == "between":
                return low[0] <= number <= low[1]
            return COMPARISONS[operator](number, low[0])
        text_value = candidates[0]
        if operator == "between":
            return values[0] <= text_value <= values[1]
        return COMPARISONS[operator](text_value, values[0])

    return matches


def _both(left: Predicate, right: Predicate) -> Predicate:
    return lambda record: left(record) and right(record)


def _either(left: Predicate, right: Predicate) -> Predicate:
    return lambda record: left(record) or right(record)


class _Parser:
    def __init__(self, module: ModuleDef, text: str) -> None:
        self.module = module
        self.text = text
        self.pos = 0
        self.conditions = 0
        self.depth = 0

    def expression(self) -> Predicate:
        left = self.group()
        while True:
            rest = self.text[self.pos : self.pos + 3].lower()
            if rest.startswith("and"):
                self.pos += 3
                left = _both(left, self.group())
            elif rest.startswith("or"):
                self.pos += 2
                left = _either(left, self.group())
            else:
                return left

    def group(self) -> Predicate:
        if self.pos >= len(self.text) or self.text[self.pos] != "(":
            raise invalid_query(near=self.text[self.pos : self.pos + 20])
        self.pos += 1
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise invalid_query(reason="too deeply nested")
        nested = self.pos < len(self.text) and self.text[self.pos] == "("
        inner = self.expression() if nested else self.leaf()
        self.depth -= 1
        if self.pos >= len(self.text) or self.text[self.pos] != ")":
            raise invalid_query(near=self.text[self.pos : self.pos + 20])
        self.pos += 1
        return inner

    def leaf(self) -> Predicate:
        start, escaped = self.pos, False
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == ")":
                break
            elif char == "(":
                raise invalid_query(near=self.text[start : self.pos + 1])
            self.pos += 1
        self.conditions += 1
        if self.conditions > MAX_CONDITIONS:
            raise invalid_query(reason=f"at most {MAX_CONDITIONS} conditions")
        return _condition(self.module, self.text[start : self.pos].replace("\\(", "(").replace("\\)", ")"))


def parse_criteria(module: ModuleDef, text: str) -> Predicate:
    criteria = text.strip()
    if not criteria or len(criteria) > MAX_LENGTH:
        raise invalid_query(param_name="criteria")
    parser = _Parser(module, criteria)
    predicate = parser.expression()
    if parser.pos != len(criteria):
        raise invalid_query(near=criteria[parser.pos : parser.pos + 20])
    return predicate
