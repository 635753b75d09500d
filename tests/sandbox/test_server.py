"""Serving: the loopback server, its connection document, and the ``connector sandbox`` command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx
import pytest

from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP, zoho_client

LEAD_ID = "5725767000101000001"


def test_server_serves_over_loopback_with_a_working_connection() -> None:
    with SandboxServer() as server:
        assert server.url.startswith("http://127.0.0.1:") and server.port > 0
        connection = server.connection
        assert connection["key"] == "zohoOAuth" and connection["id"] == "sandbox"
        assert connection["token"]["api_domain"] == server.url
        assert connection["fields"]["tokenUrl"] == f"{server.url}/oauth/v2/token"
        with zoho_client(server) as client:
            answer = client.get(f"/crm/v8/Leads/{LEAD_ID}")
        assert answer.status_code == 200
        assert answer.json()["data"][0]["id"] == LEAD_ID
    with pytest.raises(httpx.ConnectError):
        HTTP.get(f"{server.url}/__sandbox__/stats", timeout=2)


def test_two_servers_are_independent() -> None:
    with SandboxServer() as first, SandboxServer() as second:
        assert first.port != second.port
        HTTP.post(f"{first.url}/__sandbox__/seed", json={"crm": {"Leads": 3}}).raise_for_status()
        assert first.state.crm.counts()["Leads"] == second.state.crm.counts()["Leads"] + 3


def test_session_fixture_is_reset_before_each_test(sandbox: SandboxServer) -> None:
    sandbox.state.faults.clear()
    assert sandbox.state.stats()["requests"] == {}
    assert sandbox.state.crm.counts()["Leads"] == sandbox.state.config.seed_crm["Leads"]


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_cli_prints_the_ready_line_and_stops_cleanly(stop_signal: signal.Signals) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "connector", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        url = ready["url"]
        assert ready["connection"]["token"]["api_domain"] == url
        token = ready["connection"]["token"]["access_token"]
        answer = HTTP.get(
            f"{url}/crm/v8/Leads/{LEAD_ID}", headers={"Authorization": f"Zoho-oauthtoken {token}"}
        )
        assert answer.status_code == 200
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_reports_a_busy_port() -> None:
    with SandboxServer() as server:
        result = subprocess.run(
            [sys.executable, "-m", "connector", "sandbox", "--port", str(server.port)],
            capture_output=True,
            text=True,
            timeout=20,
        )
    assert result.returncode == 1
    assert "cannot listen" in result.stderr
