"""Every route of the service, over a real loopback socket."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from connector.service.server import ServiceServer
from tests.service.conftest import wait_for_log


def test_healthz_answers_ok(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_actions_lists_key_label_description_in_component_order(client: httpx.Client) -> None:
    response = client.get("/actions")
    assert response.status_code == 200
    assert response.json() == [
        {"key": "echo", "label": "Echo", "description": "Return the inputs"},
        {"key": "fail", "label": "Fail", "description": "Raise the error named by kind"},
        {"key": "slow", "label": "Slow", "description": "Sleep, then answer"},
        {"key": "binary", "label": "Binary", "description": "Return bytes"},
    ]


def test_describe_returns_the_component_description(client: httpx.Client) -> None:
    response = client.get("/actions/echo")
    assert response.status_code == 200
    body = response.json()
    assert body["key"] == "echo"
    assert [item["key"] for item in body["inputs"]] == ["connection", "kind"]


def test_describe_unknown_action_is_404(client: httpx.Client) -> None:
    response = client.get("/actions/nope")
    assert response.status_code == 404
    assert response.json()["error"]["kind"] == "not_found"
    assert "nope" in response.json()["error"]["message"]


def test_invoke_returns_data_with_inputs_and_config_vars(client: httpx.Client) -> None:
    response = client.post("/actions/echo/invoke",
                           json={"inputs": {"recordId": "42"}, "configVars": {"Region": "eu"}})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()["data"]
    assert data["inputs"] == {"recordId": "42"}
    assert data["configVars"] == {"Region": "eu"}
    assert data["connection"] is None
    assert data["runtime"] is True


def test_invoke_with_empty_body_object_uses_empty_inputs(client: httpx.Client) -> None:
    response = client.post("/actions/echo/invoke", json={})
    assert response.status_code == 200
    assert response.json()["data"]["inputs"] == {}


def test_invoke_unknown_action_is_404(client: httpx.Client) -> None:
    response = client.post("/actions/nope/invoke", json={"inputs": {}})
    assert response.status_code == 404
    assert response.json()["error"]["kind"] == "not_found"


def test_binary_output_travels_as_base64_like_the_cli_prints_it(client: httpx.Client) -> None:
    response = client.post("/actions/binary/invoke", json={})
    assert response.json() == {"data": {"base64": "AP96b2hv"}}


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"inputs": []}', b'{"configVars": 3}',
                                  b"\xff\xfe not utf-8"])
def test_malformed_request_is_422_in_the_error_shape(client: httpx.Client, body: bytes) -> None:
    response = client.post("/actions/echo/invoke", content=body,
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["kind"] == "input"
    assert error["message"].startswith("Invalid request")


def test_unknown_route_and_wrong_method_use_the_error_shape(client: httpx.Client) -> None:
    missing = client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.json()["error"]["kind"] == "not_found"
    wrong_method = client.delete("/actions/echo")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["kind"] == "request"


def test_openapi_document_has_one_invoke_operation_per_action(client: httpx.Client) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == {
        "/healthz", "/actions", "/actions/{key}", "/actions/echo/invoke", "/actions/fail/invoke",
        "/actions/slow/invoke", "/actions/binary/invoke"}
    key_parameter = document["paths"]["/actions/{key}"]["get"]["parameters"][0]
    assert key_parameter["schema"]["enum"] == ["echo", "fail", "slow", "binary"]
    invoke = document["paths"]["/actions/echo/invoke"]["post"]
    assert invoke["operationId"] == "invoke_echo"
    assert invoke["summary"] == "Echo"
    assert {"200", "413", "422", "502", "504"} <= set(invoke["responses"])
    reference = invoke["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert reference == "#/components/schemas/echoInvokeRequest"
    request_schema = document["components"]["schemas"]["echoInvokeRequest"]
    assert set(request_schema["properties"]) == {"inputs", "connection", "configVars"}
    assert set(request_schema["properties"]["inputs"]["properties"]) == {"connection", "kind"}
    # No API key configured: the document must not claim one is needed.
    assert "securitySchemes" not in document["components"]


def test_request_id_is_generated_and_echoed(client: httpx.Client) -> None:
    first = client.get("/healthz").headers["x-request-id"]
    second = client.get("/healthz").headers["x-request-id"]
    assert first and second and first != second


def test_sane_incoming_request_id_is_kept_and_odd_one_replaced(client: httpx.Client) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "engine-run:7.step-3"})
    assert kept.headers["x-request-id"] == "engine-run:7.step-3"
    odd = client.get("/healthz", headers={"X-Request-ID": "a b<script>" + "x" * 200})
    assert odd.headers["x-request-id"] != "a b<script>" + "x" * 200
    assert len(odd.headers["x-request-id"]) == 32


def test_access_log_line_is_json_with_request_id_and_no_query(
        client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="connector.access")
    response = client.get("/actions/echo?access_token=leaky", headers={"X-Request-ID": "req-1"})
    assert response.status_code == 200
    line = json.loads(wait_for_log(caplog, '"request_id": "req-1"'))
    assert line["method"] == "GET"
    assert line["path"] == "/actions/echo"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert "leaky" not in caplog.text


def test_runtime_passed_in_is_left_open_and_lifespan_runs(serve: object) -> None:
    from tests.service.stand_in import NullRuntime

    runtime = NullRuntime()
    server: ServiceServer = serve(runtime=runtime)  # type: ignore[operator]
    assert httpx.get(server.url + "/healthz").status_code == 200
    server.stop()
    assert runtime.closed is False
