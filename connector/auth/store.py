"""Where refreshed access tokens live between invocations and processes.

A store maps a connection id to the last access token obtained for it. It never holds the refresh
token itself, only its fingerprint, so that a stored token is used only with the refresh token it
came from: a deployer who swaps the document's refresh token (new consent, other account) must not
keep getting the old account's access token.

``TokenStore`` is a protocol so that a store shared by many worker processes (Redis, a database)
can replace the embedded SQLite one.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class StoredToken:
    """An access token with what is needed to use it; ``expires_at`` is epoch seconds."""

    access_token: str = field(repr=False)
    expires_at: float | None
    api_domain: str | None
    refresh_token_fingerprint: str


def refresh_token_fingerprint(refresh_token: str | None) -> str:
    """A non-reversible name for a refresh token (Zoho tokens carry 256 random bits)."""
    if not refresh_token:
        return ""
    return "sha256:" + hashlib.sha256(refresh_token.encode()).hexdigest()


@runtime_checkable
class TokenStore(Protocol):
    def get(self, connection_id: str) -> StoredToken | None: ...

    def put(self, connection_id: str, token: StoredToken) -> None: ...

    def delete(self, connection_id: str) -> None: ...


class MemoryTokenStore:
    """A per-process store, for tests and one-shot runs."""

    def __init__(self) -> None:
        self._tokens: dict[str, StoredToken] = {}
        self._lock = threading.Lock()

    def get(self, connection_id: str) -> StoredToken | None:
        with self._lock:
            return self._tokens.get(connection_id)

    def put(self, connection_id: str, token: StoredToken) -> None:
        with self._lock:
            self._tokens[connection_id] = token

    def delete(self, connection_id: str) -> None:
        with self._lock:
            self._tokens.pop(connection_id, None)


class SqliteTokenStore:
    """The embedded default: one SQLite file, readable by its owner only (mode 0600).

    Every operation opens its own short-lived connection, which makes the store safe to share
    between threads; WAL mode and a busy timeout make it safe between processes.
    """

    _SCHEMA = """
        CREATE TABLE IF NOT EXISTS tokens (
            connection_id TEXT PRIMARY KEY,
            access_token TEXT NOT NULL,
            expires_at REAL,
            api_domain TEXT,
            refresh_token_fingerprint TEXT NOT NULL
        )
    """

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self._busy_timeout_s = busy_timeout_s
        _create_private_file(self.path)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(self._SCHEMA)

    def get(self, connection_id: str) -> StoredToken | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT access_token, expires_at, api_domain, refresh_token_fingerprint"
                " FROM tokens WHERE connection_id = ?",
                (connection_id,),
            ).fetchone()
        if row is None:
            return None
        return StoredToken(access_token=row[0], expires_at=row[1], api_domain=row[2],
                           refresh_token_fingerprint=row[3])

    def put(self, connection_id: str, token: StoredToken) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO tokens"
                " (connection_id, access_token, expires_at, api_domain, refresh_token_fingerprint)"
                " VALUES (?, ?, ?, ?, ?)",
                (connection_id, token.access_token, token.expires_at, token.api_domain,
                 token.refresh_token_fingerprint),
            )

    def delete(self, connection_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM tokens WHERE connection_id = ?", (connection_id,))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=self._busy_timeout_s)) as db, db:
            # In WAL mode NORMAL cannot corrupt the file; at worst a power cut loses the last token,
            # which is only a cache.
            db.execute("PRAGMA synchronous=NORMAL")
            yield db


def connector_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$CONNECTOR_HOME``, else ``$XDG_DATA_HOME/connector``, else ``~/.local/share/connector``."""
    env = os.environ if environ is None else environ
    if env.get("CONNECTOR_HOME"):
        return Path(env["CONNECTOR_HOME"]).expanduser()
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "connector"


def default_token_store() -> SqliteTokenStore:
    return SqliteTokenStore(connector_home() / "tokens.sqlite3")


def _create_private_file(path: Path) -> None:
    """Create ``path`` (and its directory) for the owner only; tighten an existing file's mode.

    SQLite gives its -wal and -shm files the mode of the database file, so they stay private too.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)
