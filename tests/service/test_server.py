"""The uvicorn wrapper: TCP_NODELAY-friendly sockets and port errors."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time

import httpx

from connector.service.app import create_app
from connector.service.server import ServiceServer
from tests.service.stand_in import NullRuntime, StandInComponent


def test_keep_alive_requests_do_not_wait_for_delayed_acks() -> None:
    with ServiceServer(create_app(component=StandInComponent(), runtime=NullRuntime())) as server:
        assert server.socket.proto == socket.IPPROTO_TCP
        with httpx.Client(base_url=server.url) as client:
            client.get("/healthz")
            durations = []
            for _ in range(21):
                started = time.perf_counter()
                assert client.post("/actions/echo/invoke", json={"inputs": {"a": 1}}).status_code == 200
                durations.append(time.perf_counter() - started)
    # A delayed-ACK stall costs ~40 ms on every keep-alive response; without it a request takes a
    # millisecond or two. The median shrugs off a few slow ones on a busy machine.
    assert statistics.median(durations) < 0.02


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
