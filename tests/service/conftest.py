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


def stand_in_server(**options: Any) -> Iterator[ServiceServer]:
    """A stand-in service shared by a module's tests (those that change nothing in it)."""
    app = create_app(component=StandInComponent(), runtime=NullRuntime(), **options)
    with ServiceServer(app, graceful_timeout_s=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def service() -> Iterator[ServiceServer]:
    yield from stand_in_server()


@pytest.fixture
def client(service: ServiceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=10) as http:
        yield http


@pytest.fixture
def sandbox_service(sandbox_server: Any, serve: ServeFn) -> ServiceServer:
    """The real component served against a freshly reset sandbox, with its own runtime and token store."""
    from connector import load_component
    from connector.auth.store import MemoryTokenStore
    from connector.runtime.runtime import Runtime

    httpx.post(sandbox_server.url + "/__sandbox__/reset").raise_for_status()
    return serve(component=load_component(), runtime=Runtime(token_store=MemoryTokenStore()),
                 default_connection=sandbox_server.connection)


def wait_for_log(caplog: pytest.LogCaptureFixture, needle: str, timeout_s: float = 5.0) -> str:
    """The first captured message containing ``needle``. The access line is written after the
    response is sent, from the server thread, so the client can be a moment ahead of it."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        for record in list(caplog.records):
            message = record.getMessage()
            if needle in message:
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no log message contains {needle!r}")
        time.sleep(0.01)
