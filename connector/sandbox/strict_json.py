"""JSON parsing that accepts only what JSON can also send back: no NaN/Infinity, no 1e999."""

from __future__ import annotations

import json
import math
from typing import Any


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)  # Python reads 1e999 as infinity
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def loads(raw: bytes | str) -> Any:
    """Parse JSON; ValueError (or RecursionError for absurd nesting) when it is not valid."""
    return json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
