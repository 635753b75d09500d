"""Helpers that turn validation failures into :class:`connector.errors.Problem` records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from connector.errors import Problem


def format_path(parts: Iterable[Any]) -> str:
    """``("inputs", 3, "default")`` -> ``inputs[3].default``: where a problem is inside its file."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def model_problems(error: ValidationError, file: str) -> list[Problem]:
    """One Problem per pydantic error, worded like the JSON Schema check."""
    problems = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        kind = item["type"]
        if kind == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}; expected only the documented keys"
            loc = loc[:-1]
        elif kind == "missing":
            message = f"required key {loc[-1]!r} is missing"
            loc = loc[:-1]
        else:
            message = f"{item['msg']} (got {_short(item.get('input'))})"
        problems.append(Problem(file, format_path(loc), message))
    return problems
