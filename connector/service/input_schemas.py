"""JSON Schemas of each action's invocation body, derived from its input definitions.

They document, per action, what ``inputs`` may hold, so integration builders and code generators
see the same inputs as ``connector describe``. Each schema admits every value the input cleaner
(:mod:`connector.inputs.cleaning`) accepts, and may admit a few it later refuses (an integer
written as text beyond ``max``, an undefined ``{"$configVar": ...}``): a value the schema refuses
is always answered with 422, never run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from connector.definitions.models import DEFAULT_CLEAN

# Text forms the cleaners accept (ECMA-262 regexes, as JSON Schema uses; no inline flags).
INTEGER_TEXT = r"^\s*[+-]?\d+\s*$"
BOOLEAN_TEXT = r"^\s*([Tt]([Rr][Uu][Ee])?|[Yy]([Ee][Ss])?|[Ff]([Aa][Ll][Ss][Ee])?|[Nn][Oo]?)\s*$"
NUMBER_TEXT = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"
CONFIG_VAR_NOTE = 'Any input may instead be {"$configVar": NAME}, resolved from configVars.'


def whole_value_pattern(pattern: str) -> str:
    """A definition pattern (Python, matched against the whole value) as a JSON Schema pattern
    (ECMA-262, searched): anchored, and Python's end-of-text ``\\Z`` spelled ``$``."""
    return "^(?:" + re.sub(r"(?<!\\)\\Z", "$", pattern) + ")$"


def _limits(spec: Mapping[str, Any]) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    if spec.get("min") is not None:
        limits["minimum"] = spec["min"]
    if spec.get("max") is not None:
        limits["maximum"] = spec["max"]
    return limits


def scalar_schema(spec: Mapping[str, Any]) -> dict[str, Any]:
    """One value (or one item of a collection) of input ``spec``, as its cleaner accepts it."""
    cleaner = spec.get("clean") or DEFAULT_CLEAN.get(spec["type"], "string")
    if spec.get("model"):
        return {"enum": [choice["value"] for choice in spec["model"]]}
    if cleaner == "integer":
        return {"anyOf": [{"type": "integer", **_limits(spec)}, {"type": "string", "pattern": INTEGER_TEXT}]}
    if cleaner == "number":
        return {"anyOf": [{"type": "number", **_limits(spec)}, {"type": "string", "pattern": NUMBER_TEXT}]}
    if cleaner == "boolean":
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": BOOLEAN_TEXT}]}
    if cleaner in ("json", "data"):
        return {}
    # Text; numbers and booleans are taken as their text.
    schema: dict[str, Any] = {"type": ["string", "number", "boolean"]}
    if spec.get("pattern"):
        schema["pattern"] = whole_value_pattern(spec["pattern"])
    return schema


def _collection_schema(spec: Mapping[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    if spec.get("collection") == "valuelist":
        return {"anyOf": [{"type": "array", "items": item or {"not": {"type": ["object", "array", "null"]}}},
                          {"type": "string", "description": 'Comma-separated values ("a,b") or a JSON list'}]}
    # Key Value List values are passed through untouched unless the definition names a cleaner.
    value = item if spec.get("clean") else {}
    key: dict[str, Any] = {"minLength": 1}
    if spec.get("keyPattern"):
        key["pattern"] = whole_value_pattern(spec["keyPattern"])
    pair = {"type": "object", "required": ["key"], "additionalProperties": False,
            "properties": {"key": {"type": ["string", "integer"], **key}, "value": value}}
    return {"anyOf": [{"type": "object", "propertyNames": key, "additionalProperties": value},
                      {"type": "array", "items": pair},
                      {"type": "string", "description": "JSON text of either form"}]}


def input_schema(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The schema of input ``spec`` (an entry of ``describe``'s ``inputs``), with its documentation."""
    item = scalar_schema(spec)
    value = _collection_schema(spec, item) if spec.get("collection") else item
    if not _is_required(spec):
        if value:
            # Omitted, null and "" all mean "not given" (the default applies).
            branches = value["anyOf"] if set(value) == {"anyOf"} else [value]
            value = {"anyOf": [*branches, {"type": "null"}, {"const": ""}]}
    elif not value:
        value = {"not": {"enum": [None, ""]}}  # any value, but null and "" count as missing
    schema: dict[str, Any] = {"title": spec["label"]}
    if spec.get("comments"):
        schema["description"] = spec["comments"]
    if spec.get("default") is not None:
        schema["default"] = spec["default"]
    if spec.get("example") is not None:
        schema["examples"] = [spec["example"]]
    return {**schema, **value}


def _is_required(spec: Mapping[str, Any]) -> bool:
    return bool(spec.get("required")) and spec.get("default") is None and spec["type"] != "connection"


def invoke_request_schema(description: Mapping[str, Any]) -> dict[str, Any]:
    """The body of ``POST /actions/{key}/invoke`` for the action ``description`` (``describe`` JSON)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for spec in [*description.get("inputs", ()), *description.get("options", ())]:
        if spec["type"] == "connection":
            properties[spec["key"]] = {
                "title": spec["label"], "type": "object",
                "description": "A connection document; the same as the top-level connection."}
            continue
        properties[spec["key"]] = input_schema(spec)
        if _is_required(spec):
            required.append(spec["key"])
    inputs: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False,
                              "description": CONFIG_VAR_NOTE}
    if required:
        inputs["required"] = required
    return {
        "title": f"{description['key']} invocation",
        "type": "object",
        "properties": {
            "inputs": inputs,
            "connection": {"anyOf": [{"type": "object"}, {"type": "null"}],
                           "description": "A connection document (CONTRACT section 3); the service's "
                                          "default connection when omitted."},
            "configVars": {"anyOf": [{"type": "object"}, {"type": "null"}],
                           "description": "Config variables by name."},
        },
        "required": ["inputs"] if required else [],
    }
