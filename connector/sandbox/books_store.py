"""The sandbox's Zoho Books data: organizations, their records, comments and CRM links.

Everything is in memory and deterministic: the same seed on every start, ids handed out from
one counter, timestamps from the injected clock (seed records use fixed dates instead).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from connector.sandbox.books_modules import MODULES
from connector.sandbox.books_ratelimit import RateLimiter
from connector.sandbox.books_seed import generate_records, seed_organizations
from connector.sandbox.books_time import format_date, format_timestamp

Record = dict[str, Any]

FIRST_ID = 460000000010000  # Books ids are long digit strings; start in Zoho's usual range
MAX_SEED_PER_CALL = 1_000_000  # keeps a careless control call from exhausting memory


@dataclass
class OrgData:
    """One organization: its profile and everything filed under it."""

    info: Record
    records: dict[str, dict[str, Record]] = field(
        default_factory=lambda: {path: {} for path in MODULES}
    )
    comments: dict[tuple[str, str], list[Record]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # auto-number counters per module
    crm_links: dict[tuple[str, str], str] = field(default_factory=dict)  # (CRM module, id) -> Books id

    @property
    def organization_id(self) -> str:
        return str(self.info["organization_id"])

    def next_number(self, module: str, prefix: str) -> str:
        self.numbers[module] = self.numbers.get(module, 0) + 1
        return f"{prefix}{self.numbers[module]:06d}"


class BooksStore:
    """The sandbox's Books state, shared by every request; ``reset()`` returns it to the seed."""

    def __init__(self, *, clock: Callable[[], float], rate_limit: int = 100,
                 rate_window: float = 60.0) -> None:
        self.clock = clock
        self.rate_limiter = RateLimiter(limit=rate_limit, window=rate_window, clock=clock)
        self.lock = threading.RLock()
        self.orgs: dict[str, OrgData] = {}
        self._next_id = FIRST_ID
        self.reset()

    # -- the interface the sandbox app uses ---------------------------------------------------

    def reset(self) -> None:
        """Back to the seed data; rate-limit windows cleared."""
        with self.lock:
            self._next_id = FIRST_ID
            self.orgs = {}
            seed_organizations(self)
            self.rate_limiter.clear()

    def seed(self, counts: Mapping[str, int]) -> None:
        """Add generated records to the default organization, e.g. ``{"contacts": 300}``.

        Raises ValueError for an unknown module or a count that is not a non-negative integer.
        """
        wanted: dict[str, int] = {}
        for module, count in counts.items():
            if module not in MODULES:
                raise ValueError(f"unknown Books module {module!r}")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"the count for {module!r} must be a non-negative integer")
            wanted[module] = count
        if sum(wanted.values()) > MAX_SEED_PER_CALL:
            raise ValueError(f"at most {MAX_SEED_PER_CALL} records per seed call")
        with self.lock:
            generate_records(self, self.default_org(), wanted)

    def counts(self) -> dict[str, int]:
        """Records per module, summed over every organization."""
        with self.lock:
            return {path: sum(len(org.records[path]) for org in self.orgs.values()) for path in MODULES}

    # -- helpers for the routes ---------------------------------------------------------------

    def new_id(self) -> str:
        with self.lock:
            self._next_id += 1
            return str(self._next_id)

    def now(self) -> str:
        return format_timestamp(self.clock())

    def today(self) -> str:
        return format_date(self.clock())

    def default_org(self) -> OrgData:
        return next(org for org in self.orgs.values() if org.info["is_default_org"])

    def add_org(self, info: Record) -> OrgData:
        org = OrgData(info=info)
        self.orgs[org.organization_id] = org
        return org
