"""The uvicorn wrapper: TCP_NODELAY-friendly sockets and port errors."""

from __future__ import annotations

import gc
import socket
import subprocess
import sys

import httpx

from connector.sandbox.server import SandboxServer
from connector.service.app import create_app
from connector.service.server import ServiceServer
from tests.service.stand_in import NullRuntime, StandInComponent


def accepted_connections(listener: socket.socket) -> list[socket.socket]:
    """The open server-side sockets accepted on ``listener``'s port (the server runs in this process,
    so they are among the live objects)."""
    port = listener.getsockname()[1]
    found = []
    for candidate in gc.get_objects():
        if not isinstance(candidate, socket.socket) or candidate is listener or candidate.fileno() == -1:
            continue
        try:
            address = candidate.getsockname()
        except OSError:
            continue
        if isinstance(address, tuple) and address[1] == port and candidate.proto == socket.IPPROTO_TCP:
            found.append(candidate)
    return found


def assert_keep_alive_connections_set_nodelay(url: str, listener: socket.socket) -> None:
    # Without TCP_NODELAY every keep-alive response stalls ~40 ms on a delayed ACK. asyncio sets it on
    # accepted connections only when the listening socket was created with proto IPPROTO_TCP.
    assert listener.proto == socket.IPPROTO_TCP
    with httpx.Client(base_url=url) as client:
        client.get("/healthz")  # any answer will do: the connection is what is inspected
        accepted = accepted_connections(listener)
        assert accepted, "no accepted connection found server-side"
        assert all(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for sock in accepted)


def test_service_connections_do_not_wait_for_delayed_acks() -> None:
    with ServiceServer(create_app(component=StandInComponent(), runtime=NullRuntime())) as server:
        assert_keep_alive_connections_set_nodelay(server.url, server.socket)
        with httpx.Client(base_url=server.url) as client:
            for _ in range(3):  # keep-alive requests still answer correctly
                assert client.post("/actions/echo/invoke", json={"inputs": {"a": 1}}).status_code == 200


def test_sandbox_connections_do_not_wait_for_delayed_acks() -> None:
    with SandboxServer() as sandbox:
        assert_keep_alive_connections_set_nodelay(sandbox.url, sandbox.listening_socket)


def test_serve_reports_a_busy_port_as_a_usage_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "connector", "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert result.stdout == ""


def test_serve_reports_an_invalid_setting_as_a_usage_error() -> None:
    import os

    env = {**os.environ, "CONNECTOR_MAX_BODY_BYTES": "lots"}
    result = subprocess.run([sys.executable, "-m", "connector", "serve", "--port", "0"],
                            capture_output=True, text=True, timeout=30, env=env)
    assert result.returncode == 2
    assert "CONNECTOR_MAX_BODY_BYTES must be a whole number of bytes" in result.stderr
