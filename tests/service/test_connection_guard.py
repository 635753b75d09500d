"""Connections over HTTP: JSON objects only, no server paths, no ${ENV} expansion unless allowed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from connector.service.server import ServiceServer
from tests.service.conftest import ServeFn
from tests.service.stand_in import SECRET


def document(client_id: str = "1000.ID", secret: str = "plain") -> dict[str, Any]:
    return {"key": "zohoOAuth", "fields": {
        "authorizeUrl": "https://accounts.zoho.eu/oauth/v2/auth",
        "tokenUrl": "https://accounts.zoho.eu/oauth/v2/token",
        "clientId": client_id, "clientSecret": secret, "scopes": "ZohoCRM.modules.ALL"}}


def invoke(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post("/actions/echo/invoke", json=body)


def test_connection_document_reaches_the_action_resolved(client: httpx.Client) -> None:
    response = invoke(client, connection=document())
    assert response.status_code == 200
    assert response.json()["data"]["connection"] == "ConnectionDocument"
    assert response.json()["data"]["clientId"] == "1000.ID"


def test_connection_input_is_taken_out_of_inputs_and_resolved(client: httpx.Client) -> None:
    response = invoke(client, inputs={"connection": document("1000.INPUT"), "kind": "x"})
    data = response.json()["data"]
    assert data["inputs"] == {"kind": "x"}
    assert data["clientId"] == "1000.INPUT"


def test_explicit_connection_wins_over_the_connection_input(client: httpx.Client) -> None:
    response = invoke(client, connection=document("1000.BODY"), inputs={"connection": document("1000.INPUT")})
    assert response.json()["data"]["clientId"] == "1000.BODY"


def test_connection_input_through_a_config_variable(client: httpx.Client) -> None:
    response = invoke(client, inputs={"connection": {"$configVar": "Zoho"}},
                      configVars={"Zoho": document("1000.CV")})
    assert response.status_code == 200
    assert response.json()["data"]["clientId"] == "1000.CV"


def test_undefined_config_variable_names_input_and_variable(client: httpx.Client) -> None:
    response = invoke(client, inputs={"connection": {"$configVar": "Missing"}})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["input"] == "connection"
    assert "Missing" in error["message"]


@pytest.mark.parametrize("value", ["/etc/passwd", "connection.yaml", '{"key": "zohoOAuth"}', 7])
def test_paths_and_other_non_objects_are_refused(client: httpx.Client, value: object) -> None:
    response = invoke(client, inputs={"connection": value})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["input"] == "connection"
    assert "JSON object" in error["message"]


def test_env_references_are_refused_by_default(client: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICE_TEST_SECRET", SECRET)
    response = invoke(client, connection=document(secret="${SERVICE_TEST_SECRET}"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["input"] == "connection"
    assert "SERVICE_TEST_SECRET" in error["message"]
    assert SECRET not in response.text


def test_env_references_expand_when_the_deployer_allows(serve: ServeFn,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICE_TEST_CLIENT", "1000.FROM_ENV")
    server: ServiceServer = serve(expand_connection_env=True)
    response = httpx.post(server.url + "/actions/echo/invoke",
                          json={"connection": document(client_id="${SERVICE_TEST_CLIENT}")})
    assert response.json()["data"]["clientId"] == "1000.FROM_ENV"


def test_default_connection_is_used_when_none_is_sent(serve: ServeFn) -> None:
    server: ServiceServer = serve(default_connection="the deployer's")
    response = httpx.post(server.url + "/actions/echo/invoke", json={"inputs": {}})
    assert response.json()["data"]["connection"] == "str"


def test_invalid_connection_document_is_422_on_connection(client: httpx.Client) -> None:
    response = invoke(client, connection={"key": "zohoOAuth", "fields": {}})
    assert response.status_code == 422
    assert response.json()["error"]["input"] == "connection"
