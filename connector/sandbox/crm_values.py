"""Checking and normalising the field values of a CRM write, the way Zoho rejects them:
per field, ``INVALID_DATA`` with ``{api_name, json_path, expected_data_type}``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from connector.sandbox.clock import parse_iso
from connector.sandbox.crm_errors import error_object
from connector.sandbox.crm_modules import TEXT_TYPES, FieldDef

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXPECTED_TYPE = {
    "integer": "integer",
    "double": "double",
    "currency": "double",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
    "lookup": "jsonobject",
    "ownerlookup": "jsonobject",
}

# (module, id) -> {"name", "id"} of an existing record or user, or None.
Resolver = Callable[[str, str], dict[str, Any] | None]


class FieldError(Exception):
    def __init__(self, item: dict[str, Any]) -> None:
        super().__init__(item["code"])
        self.item = item


def invalid_field(field: FieldDef, json_path: str, **extra: Any) -> FieldError:
    details = {
        "api_name": field.api_name,
        "json_path": json_path,
        "expected_data_type": EXPECTED_TYPE.get(field.data_type, "text"),
        **extra,
    }
    return FieldError(error_object("INVALID_DATA", "invalid data", details))


def coerce(field: FieldDef, value: Any, json_path: str, resolve: Resolver) -> Any:
    """The value to store, or FieldError. ``None`` clears a field."""
    if value is None:
        return None
    kind = field.data_type
    if kind in TEXT_TYPES:
        if not isinstance(value, str):
            raise invalid_field(field, json_path)
        if len(value) > field.length:
            raise invalid_field(field, json_path, maximum_length=str(field.length))
        if kind == "email" and value and not EMAIL.match(value):
            raise invalid_field(field, json_path)
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise invalid_field(field, json_path)
        if isinstance(value, str):
            if not re.fullmatch(r"-?\d{1,18}", value):
                raise invalid_field(field, json_path)
            return int(value)
        return value
    if kind in ("double", "currency"):
        if isinstance(value, bool):
            raise invalid_field(field, json_path)
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                raise invalid_field(field, json_path) from None
        raise invalid_field(field, json_path)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise invalid_field(field, json_path)
        return value
    if kind == "date":
        try:
            return (
                date.fromisoformat(value).isoformat()
                if isinstance(value, str) and len(value) == 10
                else _bad()
            )
        except ValueError:
            raise invalid_field(field, json_path) from None
    if kind == "datetime":
        moment = parse_iso(value) if isinstance(value, str) else None
        if moment is None:
            raise invalid_field(field, json_path)
        return moment.replace(microsecond=0).isoformat()
    if kind in ("lookup", "ownerlookup"):
        ref = value.get("id") if isinstance(value, dict) else value
        if isinstance(ref, int) and not isinstance(ref, bool):
            ref = str(ref)
        if not isinstance(ref, str):
            raise invalid_field(field, json_path)
        target = resolve(field.lookup_module or "users", ref)
        if target is None:
            raise invalid_field(field, json_path, id=ref)
        return target
    raise invalid_field(field, json_path)


def _bad() -> str:
    raise ValueError("not a date")
