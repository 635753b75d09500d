"""Sandbox fixtures for the test session: one loopback server, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    """One sandbox served over real loopback for the whole test session."""
    with SandboxServer() as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The session sandbox, back to its seed data (records, counters, faults) for this test."""
    answer = HTTP.post(f"{sandbox_server.url}/__sandbox__/reset", timeout=10)
    answer.raise_for_status()
    return sandbox_server
