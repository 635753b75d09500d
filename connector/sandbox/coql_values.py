"""How COQL compares values: one normal form serves equality, ordering, IN and ORDER BY.

``normalize`` maps a value to ``(rank, key)``: values compare only within a rank, so numbers compare
numerically (also when stored as strings, as Zoho ids are), ISO dates and datetimes as instants, text
case-insensitively, and mixed kinds never raise TypeError. Blank values (None, "", [], {}) normalise to
None: they satisfy only ``is null``, and ORDER BY puts them first ascending and last descending.
"""

from __future__ import annotations

import functools
import re
import reprlib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

BOOLEAN, NUMBER, INSTANT, TEXT, OTHER = 1, 2, 3, 4, 5
Normal = tuple[int, Any]
# Rank 0 sorts blanks ahead of every real value.
BLANK_SORT_KEY: Normal = (0, 0)

# No leading zeros, so that codes such as "0042" stay text; ASCII digits only.
_NUMERIC = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_DATE_PREFIX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MAX_INT_DIGITS = 300


def _instant(text: str) -> float | None:
    """Seconds since the epoch for an ISO date or datetime; naive values and dates are taken as UTC."""
    if not _DATE_PREFIX.match(text):
        return None
    return _parse_instant(text)


# Parsing is the costly part and dates recur across records and queries; the cache stays small.
@functools.lru_cache(maxsize=1 << 16)
def _parse_instant(text: str) -> float | None:
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.timestamp()
    except (ValueError, OverflowError):
        return None


def parse_number(text: str) -> int | float:
    """A decimal literal; very long digit strings become floats (int() refuses over 4300 digits)."""
    if "." in text or len(text) > _MAX_INT_DIGITS:
        return float(text)
    return int(text)


def normalize(value: Any) -> Normal | None:
    """The comparable form of a scalar value, or None when it is blank.

    Runs once per record and column, so the common JSON types are dispatched on their exact type first.
    """
    kind = type(value)
    if kind is str:
        return _normalize_text(value) if value else None
    if kind is int or kind is float:
        return (NUMBER, value)
    if kind is bool:
        return (BOOLEAN, value)
    if value is None:
        return None
    return _normalize_other(value)


def _normalize_other(value: Any) -> Normal | None:
    if isinstance(value, Mapping):
        value = value.get("id")
        if value is None or isinstance(value, Mapping):
            return None if not value else (OTHER, reprlib.repr(value))
        return normalize(value)
    if isinstance(value, bool):
        return (BOOLEAN, bool(value))
    if isinstance(value, int | float):
        return (NUMBER, value)
    if isinstance(value, str):
        return _normalize_text(str(value)) if value else None
    if isinstance(value, list | tuple) and not value:
        return None
    # reprlib bounds the depth, so deeply nested junk cannot exhaust the stack.
    return (OTHER, reprlib.repr(value))


def _normalize_text(text: str) -> Normal:
    first = text[0]
    if "0" <= first <= "9" or first == "-":
        if text.isdigit() and text.isascii() and (first != "0" or len(text) == 1):
            return (NUMBER, int(text) if len(text) <= _MAX_INT_DIGITS else float(text))
        if _NUMERIC.fullmatch(text):
            return (NUMBER, parse_number(text))
        instant = _instant(text)
        if instant is not None:
            return (INSTANT, instant)
    lowered = text.casefold()
    if lowered == "true" or lowered == "false":
        return (BOOLEAN, lowered == "true")
    return (TEXT, lowered)


def as_text(value: Any) -> str:
    """The text a LIKE pattern is matched against; a lookup matches by its id."""
    if isinstance(value, Mapping):
        value = value.get("id")
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


class LikePattern:
    """A LIKE pattern: ``%`` matches any run of characters, ``_`` exactly one; case is ignored.

    The pattern is split at ``%`` into fixed-length segments matched left to right, each at its leftmost
    place: linear in the text, where one regex of ``.*`` runs could backtrack for ages on long values.
    """

    def __init__(self, pattern: str) -> None:
        self.segments = [self._compile(segment) for segment in pattern.split("%")]
        self.lengths = [len(segment) for segment in pattern.split("%")]

    @staticmethod
    def _compile(segment: str) -> re.Pattern[str]:
        body = "".join("." if char == "_" else re.escape(char) for char in segment)
        return re.compile(body, re.IGNORECASE | re.DOTALL)

    def matches(self, text: str) -> bool:
        if len(self.segments) == 1:
            return self.segments[0].fullmatch(text) is not None
        first, *middle, last = self.segments
        if first.match(text) is None:
            return False
        position = self.lengths[0]
        for segment in middle:
            found = segment.search(text, position)
            if found is None:
                return False
            position = found.end()
        tail_start = len(text) - self.lengths[-1]
        return tail_start >= position and last.fullmatch(text, tail_start) is not None
