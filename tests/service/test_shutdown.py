"""Graceful shutdown: a stop request lets in-flight invocations finish and closes the owned runtime."""

from __future__ import annotations

import threading
import time

import httpx

from connector.service.app import create_app
from connector.service.server import ServiceServer
from tests.service.stand_in import StandInComponent


def test_in_flight_invocation_completes_after_stop_is_requested() -> None:
    component = StandInComponent()
    server = ServiceServer(create_app(component=component, runtime=None), graceful_timeout_s=10).start()
    answers: list[httpx.Response] = []
    caller = threading.Thread(target=lambda: answers.append(
        httpx.post(server.url + "/actions/slow/invoke", json={"inputs": {"seconds": 1.0}}, timeout=10)))
    caller.start()
    deadline = time.monotonic() + 5
    while component.in_flight == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert component.in_flight == 1
    server.request_stop()
    caller.join(10)
    server.stop()
    assert answers and answers[0].status_code == 200
    assert answers[0].json()["data"]["action"] == "slow"
    assert component.completed == 1
    # Stopped for good: new connections are refused.
    try:
        httpx.get(server.url + "/healthz", timeout=1)
    except httpx.TransportError:
        pass
    else:
        raise AssertionError("the stopped service still answered")
