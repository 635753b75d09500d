"""The sandbox's COQL engine: ``run_query`` answers a SELECT over in-memory records the way Zoho CRM v8
answers POST /crm/v8/coql, or raises :class:`CoqlError` carrying Zoho's error code and details.

Pure and HTTP-free: the sandbox's route turns ``([], info)`` into a 204 and a CoqlError into its body.
Stages: parse (coql_parser) -> check names and limits (here, coql_columns) -> filter (coql_filter) ->
sort (default by id ascending, as Zoho does) -> page -> project the selected columns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from connector.sandbox.coql_ast import Membership, Query, criteria
from connector.sandbox.coql_columns import (
    ID_FIELD,
    Column,
    Getter,
    Module,
    Record,
    resolve_column,
    resolve_module,
)
from connector.sandbox.coql_errors import (
    CoqlError,
    duplicate_alias,
    duplicate_column,
    invalid_limit,
    invalid_offset,
    limit_exceeded,
    zero_limit,
)
from connector.sandbox.coql_filter import compile_condition
from connector.sandbox.coql_parser import parse
from connector.sandbox.coql_sort import order_records

__all__ = ["CoqlError", "run_query"]

DEFAULT_LIMIT = 200
MAX_LIMIT = 2000
MAX_REACH = 100_000  # offset + limit: how deep LIMIT/OFFSET paging may go
MAX_COLUMNS = 50
MAX_CRITERIA = 25
MAX_IN_VALUES = 50
MAX_ORDER_BY = 10

_DIGITS = re.compile(r"[0-9]+")
# Far above every limit; spares int() from converting absurdly long digit strings.
_HUGE = 10**18


def run_query(
    query: str,
    records: Mapping[str, Sequence[Mapping[str, Any]]],
    fields: Mapping[str, Collection[str]],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run a COQL SELECT; returns (rows, {"count", "more_records"}) or raises CoqlError.

    ``records`` maps module API names to records (dicts with "id"; lookups are dicts with "id" and
    "name"), ``fields`` maps module API names to their field API names. Each row holds the selected
    columns (keyed by API name, ``Owner.name`` style for lookup sub-columns, or by alias) plus "id".
    """
    parsed = parse(query)
    module = resolve_module(parsed.module, records, fields)
    limit, offset = _paging(parsed)
    _check_sizes(parsed)
    outputs = _outputs(parsed, module)
    ordering = _ordering(parsed, module, outputs)
    matched = list(module.records)
    if parsed.where is not None:
        matched = list(filter(compile_condition(parsed.where, module), matched))
    matched = order_records(matched, ordering)

    page = matched[offset : offset + limit]
    rows = [_project(record, outputs) for record in page]
    return rows, {"count": len(rows), "more_records": len(matched) > offset + limit}


@dataclass(frozen=True)
class _Output:
    key: str
    column: Column
    get: Getter


def _paging(query: Query) -> tuple[int, int]:
    limit = DEFAULT_LIMIT
    if query.limit is not None:
        if not _DIGITS.fullmatch(query.limit):
            raise invalid_limit(query.limit)
        limit = _integer(query.limit)
        if limit == 0:
            raise zero_limit()
    offset = 0
    if query.offset is not None:
        if not _DIGITS.fullmatch(query.offset):
            raise invalid_offset(query.offset)
        offset = _integer(query.offset)
    if limit > MAX_LIMIT:
        raise limit_exceeded(f"the limit given exceeds the maximum of {MAX_LIMIT} records per query")
    if offset + limit > MAX_REACH:
        raise limit_exceeded(
            f"offset and limit reach past record {MAX_REACH}; page by criteria (for example id > last id)"
        )
    return limit, offset


def _integer(digits: str) -> int:
    return int(digits) if len(digits) <= 18 else _HUGE


def _check_sizes(query: Query) -> None:
    if len(query.columns) > MAX_COLUMNS:
        raise limit_exceeded(f"more than {MAX_COLUMNS} columns given in select")
    leaves = criteria(query.where)
    if len(leaves) > MAX_CRITERIA:
        raise limit_exceeded(f"more than {MAX_CRITERIA} criteria given in where")
    if any(isinstance(leaf, Membership) and len(leaf.values) > MAX_IN_VALUES for leaf in leaves):
        raise limit_exceeded(f"more than {MAX_IN_VALUES} values given for in / not in")
    if len(query.order_by) > MAX_ORDER_BY:
        raise limit_exceeded(f"more than {MAX_ORDER_BY} columns given in order by")


def _outputs(query: Query, module: Module) -> list[_Output]:
    outputs: list[_Output] = []
    seen: dict[str, _Output] = {}
    for item in query.columns:
        column = resolve_column(module, item.column)
        output = _Output(item.alias or column.key, column, column.getter())
        if item.alias is not None and item.alias.casefold() == ID_FIELD and column.key != ID_FIELD:
            # Every row carries the record id under "id"; an alias may not take that key.
            raise duplicate_alias(item.alias, [column.key, ID_FIELD])
        earlier = seen.get(output.key.casefold())
        if earlier is not None:
            if item.alias is not None:
                raise duplicate_alias(item.alias, [earlier.column.key, column.key])
            raise duplicate_column(column.key)
        seen[output.key.casefold()] = output
        outputs.append(output)
    return outputs


def _ordering(query: Query, module: Module, outputs: list[_Output]) -> list[tuple[Getter, bool]]:
    """Getters for ORDER BY, ending with ascending id (Zoho's default order) to break ties.

    A one-part name may refer to a select alias. Keys after an id key can never decide anything, since
    ids are unique, so they are dropped rather than computed for every record.
    """
    aliases = {output.key.casefold(): output.column for output in outputs}
    columns = [
        (aliases.get(item.column.text.casefold()) if len(item.column.parts) == 1 else None)
        or resolve_column(module, item.column)
        for item in query.order_by
    ]  # every column is checked, even those after an id key
    ordering: list[tuple[Getter, bool]] = []
    for column, item in zip(columns, query.order_by, strict=True):
        if column.key == ID_FIELD:
            return [*ordering, (_read_id, item.descending)]
        ordering.append((column.getter(), item.descending))
    return [*ordering, (_read_id, False)]


def _read_id(record: Record) -> Any:
    return record.get(ID_FIELD)


def _project(record: Record, outputs: list[_Output]) -> dict[str, Any]:
    row = {output.key: _response_value(output.get(record)) for output in outputs}
    row[ID_FIELD] = record.get(ID_FIELD)
    return row


def _response_value(value: Any) -> Any:
    """A lookup selected whole comes back as {"id": ...}, as in Zoho; containers are copied, not shared."""
    if isinstance(value, Mapping):
        return {"id": value.get("id")}
    if isinstance(value, list):
        return list(value)
    return value
