"""Resolving module and column names against the sandbox's field lists.

Zoho matches module and field API names case-insensitively and answers with the canonical spelling. A
dotted column (``Owner.name``) reads inside a lookup value; only its first part is checked against the
module's fields, since the sandbox keeps no metadata for the lookup's target module.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from operator import methodcaller
from typing import Any

from connector.sandbox.coql_ast import ColumnRef
from connector.sandbox.coql_errors import invalid_column, invalid_module

Record = Mapping[str, Any]
Getter = Callable[[Record], Any]

# Every record has an id, whether or not the field list names it.
ID_FIELD = "id"


def _lookup_key(mapping: Mapping[str, Any], key: str) -> str | None:
    """The key of ``mapping`` spelled like ``key`` up to case, or None."""
    if key in mapping:
        return key
    folded = key.casefold()
    return next((name for name in mapping if isinstance(name, str) and name.casefold() == folded), None)


@dataclass(frozen=True)
class Module:
    name: str  # canonical API name
    records: Sequence[Record]
    field_names: Mapping[str, str]  # casefolded API name -> API name


def resolve_module(
    written: str, records: Mapping[str, Sequence[Record]], fields: Mapping[str, Collection[str]]
) -> Module:
    """The module named ``written`` (any case); INVALID_QUERY {"module"} when neither map knows it."""
    fields_key = _lookup_key(fields, written)
    records_key = _lookup_key(records, written)
    name = fields_key or records_key
    if name is None:
        raise invalid_module(written)
    known = fields.get(fields_key, ()) if fields_key is not None else ()
    field_names = {str(field).casefold(): str(field) for field in known}
    field_names.setdefault(ID_FIELD, ID_FIELD)
    rows = records.get(records_key, ()) if records_key is not None else ()
    return Module(name, rows, field_names)


@dataclass(frozen=True)
class Column:
    """A checked column: its API name, the path inside a lookup value, and how to read it from a record."""

    api_name: str
    path: tuple[str, ...]

    @property
    def key(self) -> str:
        """The response key Zoho uses: ``Last_Name``, or ``Owner.name`` for a lookup sub-column."""
        return ".".join((self.api_name, *self.path))

    def getter(self) -> Getter:
        api_name, path = self.api_name, self.path
        if not path:
            # methodcaller runs in C: this getter is called once per record and column.
            return methodcaller("get", api_name)

        def read_path(record: Record) -> Any:
            value = record.get(api_name)
            for part in path:
                if not isinstance(value, Mapping):
                    return None
                key = _lookup_key(value, part)
                value = value.get(key) if key is not None else None
            return value

        return read_path


def resolve_column(module: Module, column: ColumnRef) -> Column:
    """The column ``column`` of ``module``; INVALID_QUERY {"column_name"} for a field it lacks."""
    head, *path = column.parts
    api_name = module.field_names.get(head.casefold())
    if api_name is None:
        raise invalid_column(column.text)
    return Column(api_name, tuple(path))
