"""Fixtures for service tests: the real uvicorn server on a loopback port, serving a stand-in component."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from connector.service.app import create_app
from connector.service.server import ServiceServer
from tests.service.stand_in import NullRuntime, StandInComponent

ServeFn = Callable[..., ServiceServer]


@pytest.fixture(autouse=True)
def private_connector_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Token stores the service creates live in a temporary CONNECTOR_HOME, never the user's."""
    monkeypatch.setenv("CONNECTOR_HOME", str(tmp_path_factory.mktemp("connector-home")))


@pytest.fixture
def serve() -> Iterator[ServeFn]:
    """Start a service (stand-in component unless given) with ``create_app`` options; stops at teardown."""
    servers: list[ServiceServer] = []

    def start(**options: Any) -> ServiceServer:
        options.setdefault("component", StandInComponent())
        options.setdefault("runtime", NullRuntime())
        graceful = options.pop("graceful_timeout_s", 5.0)
        server = ServiceServer(create_app(**options), graceful_timeout_s=graceful).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def service(serve: ServeFn) -> ServiceServer:
    return serve()


@pytest.fixture
def client(service: ServiceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=10) as http:
        yield http
