"""Token stores: memory and SQLite (mode 0600, WAL, threads, processes), default location."""

from __future__ import annotations

import multiprocessing
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import pytest

from connector.auth.store import (
    MemoryTokenStore,
    SqliteTokenStore,
    StoredToken,
    TokenStore,
    connector_home,
    default_token_store,
    refresh_token_fingerprint,
)


def token(n: int = 1) -> StoredToken:
    return StoredToken(access_token=f"1000.access{n}", expires_at=1_800_000_000.0 + n,
                       api_domain="https://www.zohoapis.eu",
                       refresh_token_fingerprint=refresh_token_fingerprint("1000.refresh"))


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> TokenStore:
    if request.param == "memory":
        return MemoryTokenStore()
    return SqliteTokenStore(tmp_path / "tokens.sqlite3")


def test_put_get_delete(store: TokenStore) -> None:
    assert isinstance(store, TokenStore)
    assert store.get("acme") is None
    store.put("acme", token(1))
    store.put("other", token(2))
    assert store.get("acme") == token(1)
    store.put("acme", token(3))
    assert store.get("acme") == token(3)
    store.delete("acme")
    assert store.get("acme") is None
    assert store.get("other") == token(2)


def test_the_fingerprint_is_not_the_token() -> None:
    fingerprint = refresh_token_fingerprint("1000.refresh")
    assert "1000.refresh" not in fingerprint
    assert fingerprint.startswith("sha256:")
    assert fingerprint != refresh_token_fingerprint("1000.refresh2")
    assert refresh_token_fingerprint(None) == ""


def test_sqlite_persists_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "tokens.sqlite3"
    SqliteTokenStore(path).put("acme", token(7))
    assert SqliteTokenStore(path).get("acme") == token(7)


def test_sqlite_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "home" / "tokens.sqlite3"
    store = SqliteTokenStore(path)
    # Hold a connection open so the -wal and -shm files exist while we look at them.
    with closing(sqlite3.connect(path)) as reader:
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        reader.execute("SELECT count(*) FROM tokens").fetchone()
        store.put("acme", token())
        files = sorted(file.name for file in path.parent.iterdir())
        assert files == ["tokens.sqlite3", "tokens.sqlite3-shm", "tokens.sqlite3-wal"]
        for file in path.parent.iterdir():
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_sqlite_tightens_an_existing_files_mode(tmp_path: Path) -> None:
    path = tmp_path / "tokens.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    SqliteTokenStore(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sqlite_is_safe_across_threads(tmp_path: Path) -> None:
    store = SqliteTokenStore(tmp_path / "tokens.sqlite3")

    def worker(n: int) -> None:
        for i in range(20):
            store.put(f"conn-{n}", token(i))
            assert store.get(f"conn-{n}") is not None

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(store.get(f"conn-{n}") == token(19) for n in range(8))


def _write_from_process(path: str, n: int) -> None:
    store = SqliteTokenStore(path)
    for i in range(10):
        store.put(f"proc-{n}", token(i))


def test_sqlite_is_safe_across_processes(tmp_path: Path) -> None:
    path = str(tmp_path / "tokens.sqlite3")
    SqliteTokenStore(path)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_from_process, args=(path, n)) for n in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    store = SqliteTokenStore(path)
    assert all(store.get(f"proc-{n}") == token(9) for n in range(3))


def test_connector_home_resolution(tmp_path: Path) -> None:
    assert connector_home({"CONNECTOR_HOME": str(tmp_path)}) == tmp_path
    assert connector_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "connector"
    assert connector_home({}) == Path.home() / ".local" / "share" / "connector"


def test_default_store_lives_under_connector_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECTOR_HOME", str(tmp_path / "state"))
    store = default_token_store()
    assert store.path == tmp_path / "state" / "tokens.sqlite3"
    assert store.path.exists()


def test_stored_token_repr_hides_the_access_token() -> None:
    assert "1000.access1" not in repr(token(1))
