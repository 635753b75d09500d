"""``connector serve`` as a real process: ready line, API key, JSON logs, graceful SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.slow_zoho import ACCESS_TOKEN, SlowZoho

KEY = "cli-test-key"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {**os.environ, "CONNECTOR_HOME": str(tmp_path), "CONNECTOR_API_KEY": KEY}
    process = subprocess.Popen(
        [sys.executable, "-m", "connector", "serve", "--port", "0", "--graceful-timeout", "10"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    ready = process.stdout.readline()
    try:
        url = json.loads(ready)["url"]
        assert url.startswith("http://127.0.0.1:")
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_serves_the_bundled_component_behind_the_api_key(
        served: tuple[subprocess.Popen[str], str]) -> None:
    _, url = served
    assert httpx.get(url + "/healthz").json() == {"status": "ok"}
    assert httpx.get(url + "/actions").status_code == 401
    listed = httpx.get(url + "/actions", headers={"Authorization": f"Bearer {KEY}"}).json()
    keys = {action["key"] for action in listed}
    assert {"crmGetRecord", "crmRunQuery", "booksGetRecords"} <= keys


def test_sigterm_lets_the_in_flight_invocation_finish_then_exits_0(
        served: tuple[subprocess.Popen[str], str]) -> None:
    process, url = served
    answers: list[httpx.Response] = []
    with SlowZoho(delay_s=1.5) as zoho:
        caller = threading.Thread(target=lambda: answers.append(httpx.post(
            url + "/actions/crmGetRecord/invoke", timeout=20, headers={"Authorization": f"Bearer {KEY}"},
            json={"inputs": {"recordType": "Leads", "recordId": "42"}, "connection": zoho.connection()})))
        caller.start()
        assert zoho.received.wait(10), "the invocation never reached Zoho"
        process.send_signal(signal.SIGTERM)
        caller.join(20)
        assert process.wait(20) == 0
    assert answers, "the in-flight invocation got no answer"
    assert answers[0].status_code == 200
    assert answers[0].json() == {"data": {"data": [{"id": "42", "Last_Name": "Slow"}]}}
    assert process.stderr is not None
    log_lines = [json.loads(line) for line in process.stderr.read().splitlines() if line.strip()]
    access = [line for line in log_lines if line.get("event") == "access"]
    assert any(line["path"] == "/actions/crmGetRecord/invoke" and line["status"] == 200 for line in access)
    text = json.dumps(log_lines)
    assert ACCESS_TOKEN not in text
    assert "slow-secret" not in text
    assert KEY not in text
