"""crmRawRequest / booksRawRequest through the Python API against the sandbox over loopback:
faults injected with POST /__sandbox__/faults, attempts counted with GET /__sandbox__/stats."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import connector
from connector.auth.store import MemoryTokenStore
from connector.errors import ApiError, ApiTimeoutError, InputError, NetworkError
from connector.runtime.runtime import Runtime
from connector.sandbox.server import SandboxServer

LEADS_ROUTE = "GET /crm/v8/{module}"


@pytest.fixture(scope="module")
def component() -> Any:
    return connector.load_component()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def runtime(sleeps: list[float]) -> Iterator[Runtime]:
    with Runtime(token_store=MemoryTokenStore(), sleep=sleeps.append) as shared:
        yield shared


def fault(sandbox: SandboxServer, route: str, **spec: Any) -> None:
    httpx.post(f"{sandbox.url}/__sandbox__/faults", json={"route": route, **spec}).raise_for_status()


def attempts(sandbox: SandboxServer, route: str) -> int:
    counts: dict[str, int] = httpx.get(f"{sandbox.url}/__sandbox__/stats").json()["requests"]
    return counts.get(route, 0)


def raw(component: Any, runtime: Runtime, sandbox: SandboxServer, inputs: dict[str, Any],
        action: str = "crmRawRequest") -> Any:
    return component.invoke(action, inputs, connection=sandbox.connection, runtime=runtime).data


def test_get_returns_the_whole_zoho_body(component: Any, runtime: Runtime, sandbox: SandboxServer) -> None:
    data = raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET",
                                              "queryParams": [{"key": "fields", "value": "Last_Name,Email"},
                                                              {"key": "per_page", "value": "3"}]})
    assert len(data["data"]) == 3
    assert set(data["data"][0]) == {"id", "Last_Name", "Email"}
    assert data["info"]["per_page"] == 3


def test_post_creates_a_record(component: Any, runtime: Runtime, sandbox: SandboxServer) -> None:
    data = raw(component, runtime, sandbox, {"url": "/Leads", "method": "POST",
                                              "data": '{"data": [{"Last_Name": "Raw", "Company": "Co"}]}'})
    assert data["data"][0]["code"] == "SUCCESS"
    record_id = data["data"][0]["details"]["id"]
    fetched = raw(component, runtime, sandbox, {"url": f"/Leads/{record_id}", "method": "GET",
                                                 "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert fetched["data"][0]["Last_Name"] == "Raw"


def test_zoho_errors_become_api_errors(component: Any, runtime: Runtime, sandbox: SandboxServer) -> None:
    with pytest.raises(ApiError) as caught:
        raw(component, runtime, sandbox, {"url": "/NoSuchModule", "method": "GET",
                                          "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert (caught.value.status, caught.value.code) == (400, "INVALID_MODULE")
    assert caught.value.exit_code == 4


def test_get_retries_503_up_to_max_retries(component: Any, runtime: Runtime, sandbox: SandboxServer,
                                           sleeps: list[float]) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=503, times=2)
    data = raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET", "maxRetries": "2",
                                              "retryDelayMS": "20",
                                              "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert data["data"]
    assert attempts(sandbox, LEADS_ROUTE) == 3
    assert sleeps == [0.02, 0.02]


def test_without_max_retries_the_first_503_is_final(component: Any, runtime: Runtime,
                                                    sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=503, times=1)
    with pytest.raises(ApiError) as caught:
        raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET",
                                          "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert caught.value.status == 503
    assert attempts(sandbox, LEADS_ROUTE) == 1


def test_post_5xx_needs_retry_all_errors(component: Any, runtime: Runtime, sandbox: SandboxServer) -> None:
    body = '{"data": [{"Last_Name": "Retry"}]}'
    fault(sandbox, "POST /crm/v8/Leads", status=500, times=1)
    with pytest.raises(ApiError):
        raw(component, runtime, sandbox, {"url": "/Leads", "method": "POST", "data": body, "maxRetries": "3"})
    assert attempts(sandbox, "POST /crm/v8/{module}") == 1

    fault(sandbox, "POST /crm/v8/Leads", status=500, times=1)
    data = raw(component, runtime, sandbox, {"url": "/Leads", "method": "POST", "data": body,
                                              "maxRetries": "3", "retryAllErrors": "true"})
    assert data["data"][0]["code"] == "SUCCESS"
    assert attempts(sandbox, "POST /crm/v8/{module}") == 3


def test_retry_after_is_honoured(component: Any, runtime: Runtime, sandbox: SandboxServer,
                                 sleeps: list[float]) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=429, times=1, headers={"Retry-After": "3"},
          body={"code": "TOO_MANY_REQUESTS", "message": "slow down", "status": "error", "details": {}})
    raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET", "maxRetries": "1",
                                      "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert sleeps == [3.0]
    assert attempts(sandbox, LEADS_ROUTE) == 2


def test_dropped_connection_is_retried_for_get_and_reported_for_post(component: Any, runtime: Runtime,
                                                                     sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", drop=True, times=1)
    data = raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET", "maxRetries": "1",
                                              "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert data["data"]
    fault(sandbox, "POST /crm/v8/Leads", drop=True, times=1)
    with pytest.raises(NetworkError):
        raw(component, runtime, sandbox, {"url": "/Leads", "method": "POST", "maxRetries": "2",
                                          "data": '{"data": [{"Last_Name": "Dropped"}]}'})


def test_timeout_in_milliseconds(component: Any, runtime: Runtime, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", delay_ms=1000, times=1)
    with pytest.raises(ApiTimeoutError, match=r"within 0\.2s"):
        raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET", "timeout": "200",
                                          "queryParams": [{"key": "fields", "value": "Last_Name"}]})


def test_foreign_host_is_refused_before_any_request(component: Any, runtime: Runtime,
                                                    sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        raw(component, runtime, sandbox, {"url": "https://attacker.example/collect", "method": "GET"})
    assert caught.value.input == "url"
    counts = httpx.get(f"{sandbox.url}/__sandbox__/stats").json()["requests"]
    assert {route: n for route, n in counts.items() if "__sandbox__" not in route} == {}


def test_absolute_url_on_the_api_host_is_accepted(component: Any, runtime: Runtime,
                                                  sandbox: SandboxServer) -> None:
    data = raw(component, runtime, sandbox, {"url": f"{sandbox.url}/crm/v8/Leads?fields=Last_Name&per_page=1",
                                              "method": "GET"})
    assert len(data["data"]) == 1


def test_text_response_type(component: Any, runtime: Runtime, sandbox: SandboxServer) -> None:
    data = raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET", "responseType": "text",
                                              "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert isinstance(data, str)
    assert data.startswith("{")


def test_books_raw_request_discovers_and_sends_the_organization(component: Any, runtime: Runtime,
                                                                sandbox: SandboxServer) -> None:
    data = raw(component, runtime, sandbox, {"url": "/contacts", "method": "GET"}, action="booksRawRequest")
    assert data["code"] == 0
    assert data["contacts"]
    organizations = raw(component, runtime, sandbox, {"url": "/organizations", "method": "GET"},
                        action="booksRawRequest")
    assert organizations["organizations"]


def test_books_wrong_organization_is_zoho_error_6041(component: Any, runtime: Runtime,
                                                     sandbox: SandboxServer) -> None:
    with pytest.raises(ApiError) as caught:
        raw(component, runtime, sandbox, {"url": "/contacts", "method": "GET",
                                          "queryParams": [{"key": "organization_id", "value": "999"}]},
            action="booksRawRequest")
    assert caught.value.code == "6041"


def test_debug_request_logs_without_secrets(component: Any, runtime: Runtime, sandbox: SandboxServer,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="connector")
    fault(sandbox, "GET /crm/v8/Leads", status=500, times=1)
    inputs = {"url": "/Leads", "method": "GET", "debugRequest": "true", "maxRetries": "1",
              "queryParams": [{"key": "fields", "value": "Email"}]}
    raw(component, runtime, sandbox, inputs)
    assert caplog.text.count("http request") == 2
    assert '"status": 500' in caplog.text and '"status": 200' in caplog.text
    token, fields = sandbox.connection["token"], sandbox.connection["fields"]
    for secret in (token["access_token"], token["refresh_token"], fields["clientSecret"]):
        assert secret not in caplog.text


def test_ainvoke_over_aiohttp_retries_and_runs_concurrently(component: Any, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=502, times=2)
    inputs = {"url": "/Leads", "method": "GET", "maxRetries": "2",
              "queryParams": [{"key": "fields", "value": "Last_Name"}, {"key": "per_page", "value": "1"}]}

    async def main() -> list[Any]:
        async with Runtime(token_store=MemoryTokenStore(), sleep=lambda _: None) as runtime:
            results = await asyncio.gather(*[
                component.ainvoke("crmRawRequest", inputs, connection=sandbox.connection, runtime=runtime)
                for _ in range(8)])
            return [result.data for result in results]

    results = asyncio.run(main())
    assert all(len(data["data"]) == 1 for data in results)
    assert attempts(sandbox, LEADS_ROUTE) == 10  # 8 calls + 2 retried faults


def test_ainvoke_reports_a_dropped_post_as_a_network_error_without_retrying(
        component: Any, sandbox: SandboxServer) -> None:
    fault(sandbox, "POST /crm/v8/Leads", drop=True, times=1)
    inputs = {"url": "/Leads", "method": "POST", "maxRetries": "2",
              "data": '{"data": [{"Last_Name": "Dropped"}]}'}

    async def main() -> None:
        async with Runtime(token_store=MemoryTokenStore(), sleep=lambda _: None) as runtime:
            await component.ainvoke("crmRawRequest", inputs, connection=sandbox.connection, runtime=runtime)

    with pytest.raises(NetworkError) as caught:
        asyncio.run(main())
    assert not isinstance(caught.value, ApiTimeoutError)
    assert attempts(sandbox, "POST /crm/v8/{module}") == 1


def test_ainvoke_retries_a_refused_connection_even_for_post(component: Any) -> None:
    with SandboxServer() as closed:
        document, url = closed.connection, closed.url
    inputs = {"url": "/Leads", "method": "POST", "maxRetries": "2", "data": "{}"}
    sleeps: list[float] = []

    async def main() -> None:
        async with Runtime(token_store=MemoryTokenStore(), sleep=sleeps.append) as runtime:
            await component.ainvoke("crmRawRequest", inputs, connection=document, runtime=runtime)

    with pytest.raises(NetworkError, match=f"Could not reach Zoho CRM \\(POST {url}/crm/v8/Leads\\) after 3"):
        asyncio.run(main())
    assert len(sleeps) == 2


def test_an_expired_token_is_refreshed_once_through_the_driver(component: Any, runtime: Runtime,
                                                              sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", expire_tokens=True, times=1)
    data = raw(component, runtime, sandbox, {"url": "/Leads", "method": "GET",
                                              "queryParams": [{"key": "fields", "value": "Last_Name"}]})
    assert data["data"]
    stats = httpx.get(f"{sandbox.url}/__sandbox__/stats").json()
    assert stats["token_grants"]["refresh_token"] == 1
    assert attempts(sandbox, LEADS_ROUTE) == 2  # rejected once, re-sent once with the new token
