"""CONNECTOR_API_KEY: bearer auth on every route but /healthz."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from connector.service.server import ServiceServer
from tests.service.conftest import stand_in_server, wait_for_log

KEY = "k3y-for-tests"
GUARDED = [("GET", "/actions"), ("GET", "/actions/echo"), ("POST", "/actions/echo/invoke"),
           ("GET", "/openapi.json"), ("GET", "/nowhere")]


@pytest.fixture(scope="module")
def guarded() -> Iterator[ServiceServer]:
    yield from stand_in_server(api_key=KEY)


@pytest.mark.parametrize(("method", "path"), GUARDED)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {KEY}", "Bearer", f"Bearer {KEY}x"])
def test_missing_or_wrong_key_is_401(guarded: ServiceServer, method: str, path: str,
                                     authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.request(method, guarded.url + path, headers=headers, json={})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["kind"] == "auth"
    assert KEY not in response.text


@pytest.mark.parametrize("scheme", ["Bearer", "bearer"])
def test_right_key_is_let_through(guarded: ServiceServer, scheme: str) -> None:
    headers = {"Authorization": f"{scheme} {KEY}"}
    assert httpx.get(guarded.url + "/actions", headers=headers).status_code == 200
    invoked = httpx.post(guarded.url + "/actions/echo/invoke", headers=headers, json={"inputs": {"a": 1}})
    assert invoked.status_code == 200
    assert invoked.json()["data"]["inputs"] == {"a": 1}


def test_healthz_stays_open(guarded: ServiceServer) -> None:
    assert httpx.get(guarded.url + "/healthz").status_code == 200


def test_openapi_documents_the_bearer_scheme(guarded: ServiceServer) -> None:
    document = httpx.get(guarded.url + "/openapi.json", headers={"Authorization": f"Bearer {KEY}"}).json()
    assert document["components"]["securitySchemes"]["bearerApiKey"] == {
        "type": "http", "scheme": "bearer", "description": "The service's CONNECTOR_API_KEY"}
    assert document["paths"]["/healthz"]["get"]["security"] == []
    invoke = document["paths"]["/actions/echo/invoke"]["post"]
    assert invoke["security"] == [{"bearerApiKey": []}]
    assert "401" in document["paths"]["/actions"]["get"]["responses"]


def test_unauthorised_requests_are_access_logged_with_status(
        guarded: ServiceServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="connector.access")
    httpx.get(guarded.url + "/actions", headers={"Authorization": "Bearer guess", "X-Request-ID": "r401"})
    line = json.loads(wait_for_log(caplog, '"request_id": "r401"'))
    assert line["status"] == 401
    assert "guess" not in caplog.text
