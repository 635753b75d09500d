"""The shipped JSON Schema of definition files (``connector/schemas/definition.schema.json``).

Editors use the whole schema; ``connector validate`` checks each file against the part for its
kind (known from where the file lives), which gives precise messages.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from connector.definitions.problems import format_path
from connector.errors import Problem

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "definition.schema.json"


@cache
def definition_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(kind: str) -> Draft202012Validator:
    schema = definition_schema()
    part = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"}
    return Draft202012Validator(part, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_problems(data: Any, kind: str, file: str) -> list[Problem]:
    """Every place where ``data`` (a parsed file of ``kind``) breaks the schema."""
    errors = sorted(_validator(kind).iter_errors(data), key=lambda error: list(map(str, error.path)))
    return [Problem(file, format_path(error.absolute_path), f"{error.message}; expected {_expected(error)}")
            for error in errors]


def _expected(error: Any) -> str:
    """A short phrase for what the failing part of the schema wanted."""
    validator, value, schema = error.validator, error.validator_value, error.schema
    if validator == "required":
        return "the keys " + ", ".join(value)
    if validator in ("additionalProperties", "unevaluatedProperties"):
        return "only the documented keys (see `connector validate --print-schema`)"
    if validator == "format" and value == "regex":
        return "a valid regular expression"
    if validator == "enum":
        return "one of " + ", ".join(map(str, value))
    if validator == "type":
        return " or ".join(value) if isinstance(value, list) else str(value)
    if isinstance(schema, dict) and "description" in schema:
        return str(schema["description"]).rstrip(".").lower()
    return f"a value that satisfies {validator}: {value!r}"
