"""The service invoking real actions against the sandbox: data, error mapping, shared token refresh."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from connector.service.server import ServiceServer
from tests.service.conftest import ServeFn


def invoke(service: ServiceServer, action: str, inputs: dict[str, Any], **extra: Any) -> httpx.Response:
    return httpx.post(f"{service.url}/actions/{action}/invoke", json={"inputs": inputs, **extra}, timeout=30)


def zoho_requests(sandbox: Any) -> dict[str, int]:
    """Request counts of the Zoho routes (the control API's own are left out)."""
    return {route: n for route, n in stats(sandbox)["requests"].items() if "/__sandbox__/" not in route}


def stats(sandbox: Any) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(sandbox.url + "/__sandbox__/stats").json()
    return body


def fault(sandbox: Any, **spec: Any) -> None:
    httpx.post(sandbox.url + "/__sandbox__/faults", json=spec).raise_for_status()


def first_lead_id(service: ServiceServer) -> str:
    listed = invoke(service, "crmGetRecords", {"recordType": "Leads", "fields": "Last_Name"})
    assert listed.status_code == 200, listed.text
    record_id: str = listed.json()["data"]["data"][0]["id"]
    return record_id


def test_get_record_returns_the_zoho_body(sandbox_service: ServiceServer) -> None:
    record_id = first_lead_id(sandbox_service)
    response = invoke(sandbox_service, "crmGetRecord",
                      {"recordType": "Leads", "recordId": record_id, "fields": "Last_Name"})
    assert response.status_code == 200
    records = response.json()["data"]["data"]
    assert [record["id"] for record in records] == [record_id]
    assert "Last_Name" in records[0]


def test_input_error_is_422_and_sends_nothing(sandbox_service: ServiceServer, sandbox_server: Any) -> None:
    before = zoho_requests(sandbox_server)
    response = invoke(sandbox_service, "crmGetRecord", {"recordType": "Leads"})
    assert response.status_code == 422
    assert response.json()["error"]["kind"] == "input"
    assert response.json()["error"]["input"] == "recordId"
    assert zoho_requests(sandbox_server) == before


def test_refused_refresh_token_is_401(sandbox_service: ServiceServer, sandbox_server: Any) -> None:
    connection = sandbox_server.connection
    connection["token"] = {"refresh_token": "1000.not-a-real-refresh-token",
                           "api_domain": sandbox_server.url}
    response = invoke(sandbox_service, "crmGetRecords", {"recordType": "Leads", "fields": "Last_Name"},
                      connection=connection)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["kind"] == "auth"
    assert "1000.not-a-real-refresh-token" not in response.text
    assert sandbox_server.connection["fields"]["clientSecret"] not in response.text


def test_zoho_error_is_502_with_zoho_status_and_code(sandbox_service: ServiceServer) -> None:
    response = invoke(sandbox_service, "crmGetRecord", {"recordType": "NoSuchModule", "recordId": "1"})
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["kind"] == "api"
    assert error["status"] == 400
    assert error["code"] == "INVALID_MODULE"


def test_zoho_server_error_after_retries_is_502(sandbox_service: ServiceServer, sandbox_server: Any) -> None:
    fault(sandbox_server, route="GET /crm/v8/*", status=500, times=None)
    response = invoke(sandbox_service, "crmRawRequest", {"url": "/Leads", "method": "GET"})
    assert response.status_code == 502
    assert response.json()["error"]["status"] == 500


def test_zoho_timeout_is_504(sandbox_service: ServiceServer, sandbox_server: Any) -> None:
    fault(sandbox_server, route="GET /crm/v8/*", delay_ms=2000, times=1)
    response = invoke(sandbox_service, "crmRawRequest", {"url": "/Leads", "method": "GET", "timeout": "200"})
    assert response.status_code == 504
    assert response.json()["error"]["kind"] == "api"


def test_service_deadline_is_504(sandbox_server: Any, serve: ServeFn) -> None:
    from connector import load_component

    httpx.post(sandbox_server.url + "/__sandbox__/reset").raise_for_status()
    service: ServiceServer = serve(component=load_component(), runtime=None, invoke_timeout_s=0.3,
                                   default_connection=sandbox_server.connection)
    fault(sandbox_server, route="GET /crm/v8/*", delay_ms=2000, times=1)
    response = invoke(service, "crmGetRecords", {"recordType": "Leads", "fields": "Last_Name"})
    assert response.status_code == 504
    assert response.json()["error"]["message"] == "The action did not finish within 0.3 s"


def test_200_concurrent_invocations_share_one_token_refresh(sandbox_service: ServiceServer,
                                                            sandbox_server: Any) -> None:
    record_id = first_lead_id(sandbox_service)
    grants_before = stats(sandbox_server)["token_grants"].get("refresh_token", 0)
    fault(sandbox_server, route="GET /crm/v8/*", expire_tokens=True, times=1)

    async def call_all() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(base_url=sandbox_service.url, limits=limits, timeout=60) as client:
            body = {"inputs": {"recordType": "Leads", "recordId": record_id}}
            return await asyncio.gather(*(client.post("/actions/crmGetRecord/invoke", json=body)
                                          for _ in range(200)))

    responses = asyncio.run(call_all())
    statuses = [response.status_code for response in responses]
    assert statuses == [200] * 200, {status: statuses.count(status) for status in set(statuses)}
    assert all(response.json()["data"]["data"][0]["id"] == record_id for response in responses)
    assert stats(sandbox_server)["token_grants"]["refresh_token"] == grants_before + 1


def test_listing_routes_give_the_same_json_as_the_cli(sandbox_service: ServiceServer) -> None:
    import json

    from click.testing import CliRunner

    from connector.cli.main import main

    runner = CliRunner()
    listed = runner.invoke(main, ["actions", "--json"])
    described = runner.invoke(main, ["describe", "crmRunQuery", "--json"])
    assert listed.exit_code == 0 and described.exit_code == 0
    assert httpx.get(sandbox_service.url + "/actions").json() == json.loads(listed.stdout)
    assert httpx.get(sandbox_service.url + "/actions/crmRunQuery").json() == json.loads(described.stdout)
