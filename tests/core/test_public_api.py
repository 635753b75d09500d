"""The public API assembled in connector/__init__.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

import connector

EXPECTED = {
    "ActionResult", "ApiError", "ApiTimeoutError", "AuthError", "Component", "ConnectorError",
    "DefinitionError", "InputError", "MemoryTokenStore", "NetworkError", "Runtime", "SqliteTokenStore",
    "load_component",
}


def test_all_is_sorted_and_complete() -> None:
    assert connector.__all__ == sorted(connector.__all__)
    assert set(connector.__all__) == EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(connector, name) is not None


def test_lazy_names_come_from_their_modules() -> None:
    from connector.auth.store import MemoryTokenStore, SqliteTokenStore
    from connector.runtime.runtime import Runtime

    assert connector.Runtime is Runtime
    assert connector.MemoryTokenStore is MemoryTokenStore
    assert connector.SqliteTokenStore is SqliteTokenStore
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = connector.Nope  # type: ignore[attr-defined]


def test_errors_form_one_hierarchy() -> None:
    for error in (connector.InputError, connector.AuthError, connector.ApiError, connector.DefinitionError):
        assert issubclass(error, connector.ConnectorError)
    assert issubclass(connector.ApiTimeoutError, connector.ApiError)


def test_import_stays_light() -> None:
    code = ("import sys, connector; heavy = [m for m in ('httpx', 'jsonschema', 'aiohttp', 'fastapi') "
            "if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_load_component_returns_the_cached_bundled_component() -> None:
    first = connector.load_component()
    assert first is connector.load_component()
    assert first.key == "zoho" and len(first.actions) == 14
