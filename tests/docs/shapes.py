"""The shape of a JSON value: its keys, recursively, and the JSON type of every leaf."""

from __future__ import annotations

from typing import Any


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"  # JSON does not tell 0 from 0.0
    if isinstance(value, str):
        return "string"
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def shape(value: Any) -> Any:
    """Objects keep their keys (values replaced by shapes), arrays their items' shapes, leaves
    become their JSON type name: two values with equal shapes differ only in leaf values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return json_type(value)
