"""Everything one sandbox instance remembers, and the control operations on it (reset, seed)."""

from __future__ import annotations

import importlib
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from connector.sandbox.accounts import AccountsStore
from connector.sandbox.config import SandboxConfig
from connector.sandbox.crm_store import CrmStore

BOOKS_CRM_MODULES = ("Accounts", "Contacts", "Vendors", "Products")


@dataclass
class Fault:
    """An injected failure for requests whose "<METHOD> <path>" matches ``route`` (a glob)."""

    route: str
    status: int | None = None
    times: int | None = 1  # None: until reset
    delay_ms: int = 0
    headers: dict[str, str] | None = None
    body: Any = None
    drop: bool = False
    expire_tokens: bool = False


class SandboxState:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.accounts = AccountsStore(config)
        self.crm = CrmStore(config)
        self.books: Any = _make_books_store(config)
        self.requests: Counter[str] = Counter()
        self.request_log: deque[dict[str, Any]] = deque(maxlen=config.request_log_size)
        self.faults: list[Fault] = []
        self.crm_in_flight = 0

    def reset(self) -> None:
        self.accounts.reset()
        self.crm.reset()
        if self.books is not None:
            self.books.reset()
        self.requests.clear()
        self.request_log.clear()
        self.faults.clear()

    def seed(self, crm: Mapping[str, int], books: Mapping[str, int]) -> None:
        """Add generated records. Books first: it refuses unknown modules (ValueError), and
        nothing should have changed when it does."""
        if books and self.books is not None:
            self.books.seed(books)
        self.crm.seed(crm)

    def books_module_names(self) -> frozenset[str]:
        """The Books modules this sandbox can seed ("contacts", "settings/currencies"...)."""
        return frozenset(self.books.counts()) if self.books is not None else frozenset()

    @property
    def token_grants(self) -> dict[str, int]:
        """Tokens issued since the last reset, per grant type ("refresh_token", "authorization_code")."""
        return dict(self.accounts.grants)

    def stats(self) -> dict[str, Any]:
        books = self.books.counts() if self.books is not None else {}
        return {
            "requests": dict(self.requests),
            "token_grants": self.token_grants,
            "records": {"crm": self.crm.counts(), "books": books},
        }

    def crm_lookup(self, module: str, record_id: str) -> Mapping[str, Any] | None:
        """A CRM record for Books' CRM import endpoints."""
        data = self.crm.module(module) if module in BOOKS_CRM_MODULES else None
        return data.records.get(record_id) if data else None

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The first fault matching this request, using up one of its ``times``."""
        target = f"{method} {path}"
        for fault in self.faults:
            if fnmatchcase(target, fault.route):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault
        return None


def _make_books_store(config: SandboxConfig) -> Any:
    """Books is written separately (connector/sandbox/books.py); the sandbox runs without it."""
    try:
        books = importlib.import_module("connector.sandbox.books")
    except ModuleNotFoundError as missing:
        if missing.name != "connector.sandbox.books":
            raise
        return None
    return books.BooksStore(clock=config.clock)
