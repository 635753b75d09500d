"""Books' date and timestamp formats (research/zoho-api.md section 6.2).

Dates are ``yyyy-mm-dd``; timestamps are ISO 8601 with no colon in the offset, for example
``2026-01-02T10:00:00+0000``. The sandbox keeps every timestamp in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def format_timestamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def format_date(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d")


def parse_timestamp(text: str) -> float | None:
    """Seconds since the epoch, or None when ``text`` is not a Books timestamp.

    Accepts the offset with or without a colon, and a space where a query string's unencoded
    ``+`` became one.
    """
    candidate = text.strip().replace(" ", "+")
    if len(candidate) > 40:
        return None
    try:
        return datetime.strptime(candidate, TIMESTAMP_FORMAT).timestamp()
    except ValueError:
        return None


def is_date(text: str) -> bool:
    if len(text) != 10:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
