"""Time and identifiers: Zoho's formats, derived deterministically."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Seed records are stamped relative to this instant, never the wall clock, so every start is identical.
SEED_EPOCH = datetime(2024, 1, 1, 9, 0, 0, tzinfo=UTC)
SEED_EPOCH_SECONDS = int(SEED_EPOCH.timestamp())


def iso(moment: datetime) -> str:
    """CRM timestamp: ISO 8601 with a colon in the offset, no microseconds."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def iso_from_epoch(seconds: float) -> str:
    return iso(datetime.fromtimestamp(seconds, UTC))


def seed_time(minutes: int) -> str:
    # strftime on a struct_time is several times faster than datetime arithmetic, which matters
    # when seeding 100,000 records.
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(SEED_EPOCH_SECONDS + 60 * minutes))


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


def parse_http_or_iso(text: str) -> datetime | None:
    """A timestamp in ISO 8601 (what Zoho documents for If-Modified-Since) or an HTTP date."""
    moment = parse_iso(text)
    if moment is not None:
        return moment
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
