"""Time and identifiers: Zoho's formats, derived deterministically."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

# Seed records are stamped relative to this instant, never the wall clock, so every start is identical.
SEED_EPOCH = datetime(2024, 1, 1, 9, 0, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    """CRM timestamp: ISO 8601 with a colon in the offset, no microseconds."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def iso_from_epoch(seconds: float) -> str:
    return iso(datetime.fromtimestamp(seconds, UTC))


def seed_time(minutes: int) -> str:
    return iso(SEED_EPOCH + timedelta(minutes=minutes))


def parse_iso(text: str) -> datetime | None:
    """Parse an ISO 8601 timestamp (``Z`` or offset); naive values count as UTC. None when invalid."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def hex_token(*parts: object, length: int = 32) -> str:
    """A stable hex string for the given parts (tokens and codes repeat across starts)."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:length]
