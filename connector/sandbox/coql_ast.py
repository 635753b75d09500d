"""The syntax tree of a COQL SELECT, as the parser produces it (names not yet checked against a module)."""

from __future__ import annotations

from dataclasses import dataclass

# A literal in a WHERE clause: quoted strings and bare words are str, numbers int/float, true/false bool.
Literal = str | int | float | bool | None


@dataclass(frozen=True)
class ColumnRef:
    """A column as written: ``Last_Name`` is ("Last_Name",), ``Account_Name.Owner.name`` has three parts."""

    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True)
class SelectItem:
    column: ColumnRef
    alias: str | None = None


@dataclass(frozen=True)
class Comparison:
    """``column <op> value`` where op is one of = != < <= > >= like, and ``not like``."""

    column: ColumnRef
    operator: str
    value: Literal


@dataclass(frozen=True)
class Membership:
    """``column [not] in (v1, v2, ...)``."""

    column: ColumnRef
    values: tuple[Literal, ...]
    negated: bool


@dataclass(frozen=True)
class Range:
    """``column [not] between low and high``, both ends included."""

    column: ColumnRef
    low: Literal
    high: Literal
    negated: bool


@dataclass(frozen=True)
class NullCheck:
    """``column is [not] null``."""

    column: ColumnRef
    negated: bool


@dataclass(frozen=True)
class Logical:
    """``a and b and ...`` or ``a or b or ...``."""

    operator: str  # "and" | "or"
    operands: tuple[Condition, ...]


Criterion = Comparison | Membership | Range | NullCheck
Condition = Criterion | Logical


@dataclass(frozen=True)
class OrderItem:
    column: ColumnRef
    descending: bool


@dataclass(frozen=True)
class Query:
    columns: tuple[SelectItem, ...]
    module: str
    where: Condition | None
    order_by: tuple[OrderItem, ...]
    # LIMIT and OFFSET stay as written until the planner checks them, so errors can quote them.
    limit: str | None
    offset: str | None


def criteria(condition: Condition | None) -> list[Criterion]:
    """Every leaf criterion of a WHERE tree (Zoho counts these against its limit of 25)."""
    if condition is None:
        return []
    if isinstance(condition, Logical):
        return [leaf for operand in condition.operands for leaf in criteria(operand)]
    return [condition]
