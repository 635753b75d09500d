"""Connector errors -> HTTP statuses and the {"error": {...}} body; no secret in answers or logs."""

from __future__ import annotations

import httpx
import pytest

from connector.service.server import ServiceServer
from tests.service.conftest import ServeFn, wait_for_log
from tests.service.stand_in import SECRET


@pytest.mark.parametrize(("kind", "status", "expected"), [
    ("input", 422, {"kind": "input", "message": "Invalid input recordId: must be a number",
                    "input": "recordId"}),
    ("auth", 401, {"kind": "auth", "message": "The refresh token was refused (Zoho said: invalid_code)"}),
    ("forbidden", 403, {"kind": "auth", "message": "Zoho refused access", "status": 403}),
    ("api", 502, {"kind": "api", "message": "Zoho said INVALID_DATA", "status": 400, "code": "INVALID_DATA",
                  "field": "Email"}),
    ("timeout", 504, {"kind": "api", "message": "Zoho did not answer within 0.1 s"}),
])
def test_connector_errors_map_to_statuses(client: httpx.Client, kind: str, status: int,
                                          expected: dict[str, object]) -> None:
    response = client.post("/actions/fail/invoke", json={"inputs": {"kind": kind}})
    assert response.status_code == status
    assert response.json() == {"error": expected}


def test_unexpected_exception_is_500_without_its_text(client: httpx.Client,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    response = client.post("/actions/fail/invoke", json={"inputs": {"kind": "crash"}},
                           headers={"X-Request-ID": "crash-1"})
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["kind"] == "internal"
    assert "crash-1" in error["message"]
    assert SECRET not in response.text
    logged = wait_for_log(caplog, '"event": "internal_error"')
    assert '"error_type": "RuntimeError"' in logged
    assert "crash-1" in logged
    assert SECRET not in caplog.text


def test_invocation_past_the_service_timeout_is_504(serve: ServeFn) -> None:
    server: ServiceServer = serve(invoke_timeout_s=0.2)
    response = httpx.post(server.url + "/actions/slow/invoke", json={"inputs": {"seconds": 5}})
    assert response.status_code == 504
    assert response.json() == {"error": {"kind": "api", "message": "The action did not finish within 0.2 s"}}
