"""Retries against the sandbox, counted from its stats: what tests/actions/test_raw_sandbox.py
leaves out.

test_raw_sandbox.py covers raw requests: maxRetries retrying 503s to success, no retry without
maxRetries, POST retried only with retryAllErrors, Retry-After, dropped connections, a timeout
error, and the async driver. Here: the default resilience of the record actions (idempotent
requests retried twice with backoff, POST not retried after a 5xx but after a 429, Retry-After),
maxRetries as an exact ceiling, exponential backoff, retryAllErrors for 4xx, timeouts counted per
attempt and enforced in wall-clock time, and Books' expired-token answer (401 code 57).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

import connector
from connector.auth.store import MemoryTokenStore
from connector.errors import ApiError, ApiTimeoutError
from connector.runtime.runtime import Runtime
from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP

RECORD_ROUTE = "GET /crm/v8/{module}/{record_id}"
MODULE_GET = "GET /crm/v8/{module}"
MODULE_POST = "POST /crm/v8/{module}"
BOOKS_LIST = "GET /books/v3/{name}"
BOOKS_POST = "POST /books/v3/{name}"
LEADS_QUERY = [{"key": "fields", "value": "Last_Name"}, {"key": "per_page", "value": "1"}]


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


@pytest.fixture
def run(component: Any, runtime: Runtime, sandbox: SandboxServer) -> Any:
    def invoke(key: str, inputs: dict[str, Any]) -> Any:
        return component.invoke(key, inputs, connection=sandbox.connection, runtime=runtime).data
    return invoke


def fault(sandbox: SandboxServer, route: str, **spec: Any) -> None:
    HTTP.post(f"{sandbox.url}/__sandbox__/faults", json={"route": route, **spec}).raise_for_status()


def stats(sandbox: SandboxServer) -> dict[str, Any]:
    body: dict[str, Any] = HTTP.get(f"{sandbox.url}/__sandbox__/stats").json()
    return body


def attempts(sandbox: SandboxServer, route: str) -> int:
    count: int = stats(sandbox)["requests"].get(route, 0)
    return count


def seeded_lead(sandbox: SandboxServer) -> str:
    token = sandbox.connection["token"]["access_token"]
    answer = HTTP.get(f"{sandbox.url}/crm/v8/Leads", params={"fields": "Last_Name", "per_page": "1"},
                      headers={"Authorization": f"Zoho-oauthtoken {token}"})
    lead_id: str = answer.json()["data"][0]["id"]
    HTTP.post(f"{sandbox.url}/__sandbox__/reset").raise_for_status()  # count only the connector's requests
    return lead_id


# --- default resilience of the record actions -------------------------------------------------


def test_get_record_is_retried_after_one_503(run: Any, sandbox: SandboxServer, sleeps: list[float]) -> None:
    lead_id = seeded_lead(sandbox)
    fault(sandbox, f"GET /crm/v8/Leads/{lead_id}", status=503, times=1)
    body = run("crmGetRecord", {"recordType": "Leads", "recordId": lead_id, "fields": "Last_Name"})
    assert body["data"][0]["id"] == lead_id
    assert attempts(sandbox, RECORD_ROUTE) == 2
    assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.25 * 1.2  # backoff from 250 ms, with jitter


def test_default_retries_stop_after_two(run: Any, sandbox: SandboxServer, sleeps: list[float]) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=503, times=5)
    with pytest.raises(ApiError) as caught:
        run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name"})
    assert caught.value.status == 503
    assert attempts(sandbox, MODULE_GET) == 3
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[1] <= 0.5 * 1.2  # exponential: the second wait doubles


def test_create_record_post_is_not_retried_after_a_503(run: Any, sandbox: SandboxServer,
                                                       sleeps: list[float]) -> None:
    before = stats(sandbox)["records"]["crm"]["Leads"]
    fault(sandbox, "POST /crm/v8/Leads", status=503, times=1)
    with pytest.raises(ApiError) as caught:
        run("crmCreateRecord", {"recordType": "Leads", "fieldValues": {"Last_Name": "Once"}})
    assert caught.value.status == 503
    assert attempts(sandbox, MODULE_POST) == 1
    assert sleeps == []
    assert stats(sandbox)["records"]["crm"]["Leads"] == before


def test_coql_query_is_a_read_and_is_retried_after_a_503_despite_its_post(run: Any, sandbox: SandboxServer,
                                                                        sleeps: list[float]) -> None:
    fault(sandbox, "POST /crm/v8/coql", status=503, times=1)
    result = run("crmRunQuery", {"query": "select Last_Name from Leads where Last_Name is not null limit 2"})
    assert len(result["data"]) == 2
    assert attempts(sandbox, "POST /crm/v8/coql") == 2
    assert len(sleeps) == 1


def test_create_record_post_is_retried_after_a_429_honouring_retry_after(
        run: Any, sandbox: SandboxServer, sleeps: list[float]) -> None:
    fault(sandbox, "POST /crm/v8/Leads", status=429, times=1, headers={"Retry-After": "2"},
          body={"code": "TOO_MANY_REQUESTS", "message": "Too many requests", "status": "error",
                "details": {}})
    body = run("crmCreateRecord", {"recordType": "Leads", "fieldValues": {"Last_Name": "Throttled"}})
    assert body["data"][0]["code"] == "SUCCESS"
    assert attempts(sandbox, MODULE_POST) == 2
    assert sleeps == [2.0]


@pytest.mark.parametrize(("key", "method", "route"), [
    ("crmUpdateRecord", "PUT", "PUT /crm/v8/{module}/{record_id}"),
    ("crmRemoveRecord", "DELETE", "DELETE /crm/v8/{module}/{record_id}"),
])
def test_idempotent_writes_are_retried(run: Any, sandbox: SandboxServer, key: str, method: str,
                                       route: str) -> None:
    lead_id = seeded_lead(sandbox)
    fault(sandbox, f"{method} /crm/v8/Leads/{lead_id}", status=502, times=1)
    inputs: dict[str, Any] = {"recordType": "Leads", "recordId": lead_id}
    if key == "crmUpdateRecord":
        inputs["fieldValues"] = {"Last_Name": "Retried"}
    body = run(key, inputs)
    assert body["data"][0]["code"] == "SUCCESS"
    assert attempts(sandbox, route) == 2


def test_books_reads_are_retried_and_creates_are_not(run: Any, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /books/v3/contacts*", status=500, times=1)
    body = run("booksGetRecords", {"recordType": "contacts", "per_page": "1"})
    assert body["contacts"]
    assert attempts(sandbox, BOOKS_LIST) == 2

    fault(sandbox, "POST /books/v3/contacts*", status=500, times=1)
    with pytest.raises(ApiError) as caught:
        run("booksCreateRecord", {"recordType": "contacts", "fieldValues": {"contact_name": "Once Only"}})
    assert caught.value.status == 500
    assert attempts(sandbox, BOOKS_POST) == 1


def test_fetch_all_retries_a_failed_page_and_keeps_going(run: Any, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=503, times=1)  # the first page
    body = run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name", "per_page": "5",
                                 "fetchAll": "true", "maxRecords": "12"})
    assert len(body["data"]) == 12
    assert attempts(sandbox, MODULE_GET) == 4  # 3 pages, the first one twice


def test_async_invoke_has_the_same_default_resilience(component: Any, sandbox: SandboxServer) -> None:
    lead_id = seeded_lead(sandbox)
    fault(sandbox, f"GET /crm/v8/Leads/{lead_id}", status=503, times=1)
    fault(sandbox, "POST /crm/v8/Leads", status=503, times=1)
    sleeps: list[float] = []

    async def main() -> tuple[Any, BaseException | None]:
        async with Runtime(token_store=MemoryTokenStore(), sleep=sleeps.append) as runtime:
            read = await component.ainvoke("crmGetRecord", {"recordType": "Leads", "recordId": lead_id},
                                           connection=sandbox.connection, runtime=runtime)
            try:
                await component.ainvoke("crmCreateRecord", {"recordType": "Leads",
                                                            "fieldValues": {"Last_Name": "Async"}},
                                        connection=sandbox.connection, runtime=runtime)
            except ApiError as error:
                return read.data, error
            return read.data, None

    read, error = asyncio.run(main())
    assert read["data"][0]["id"] == lead_id
    assert isinstance(error, ApiError) and error.status == 503
    assert (attempts(sandbox, RECORD_ROUTE), attempts(sandbox, MODULE_POST)) == (2, 1)
    assert len(sleeps) == 1


# --- raw requests: what test_raw_sandbox.py does not count ------------------------------------


def raw_get(**inputs: Any) -> dict[str, Any]:
    return {"url": "/Leads", "method": "GET", "queryParams": LEADS_QUERY, **inputs}


def test_max_retries_is_an_exact_ceiling(run: Any, sandbox: SandboxServer, sleeps: list[float]) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=503, times=10)
    with pytest.raises(ApiError) as caught:
        run("crmRawRequest", raw_get(maxRetries="3", retryDelayMS="5"))
    assert caught.value.status == 503
    assert attempts(sandbox, MODULE_GET) == 4
    assert sleeps == [0.005] * 3


def test_exponential_backoff_doubles_the_delay(run: Any, sandbox: SandboxServer, sleeps: list[float]) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=500, times=3)
    run("crmRawRequest", raw_get(maxRetries="3", retryDelayMS="10", useExponentialBackoff="true"))
    assert attempts(sandbox, MODULE_GET) == 4
    assert sleeps == [0.01, 0.02, 0.04]


def test_retry_all_errors_retries_client_errors_too(run: Any, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", status=400, times=1,
          body={"code": "INVALID_DATA", "message": "flaky", "status": "error", "details": {}})
    with pytest.raises(ApiError) as caught:
        run("crmRawRequest", raw_get(maxRetries="2"))
    assert caught.value.code == "INVALID_DATA"
    assert attempts(sandbox, MODULE_GET) == 1  # a 400 is final by default

    fault(sandbox, "GET /crm/v8/Leads", status=400, times=1,
          body={"code": "INVALID_DATA", "message": "flaky", "status": "error", "details": {}})
    body = run("crmRawRequest", raw_get(maxRetries="2", retryAllErrors="true"))
    assert body["data"]
    assert attempts(sandbox, MODULE_GET) == 3


def test_a_timed_out_get_is_retried_and_each_attempt_counted(run: Any, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /crm/v8/Leads", delay_ms=600, times=2)
    body = run("crmRawRequest", raw_get(timeout="150", maxRetries="2"))
    assert body["data"]
    assert attempts(sandbox, MODULE_GET) == 3


def test_timeout_is_enforced_in_wall_clock_time_and_a_post_not_retried(run: Any,
                                                                       sandbox: SandboxServer) -> None:
    fault(sandbox, "POST /crm/v8/Leads", delay_ms=1500, times=1)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        run("crmRawRequest", {"url": "/Leads", "method": "POST", "timeout": "150", "maxRetries": "2",
                              "data": '{"data": [{"Last_Name": "Slow"}]}'})
    assert time.monotonic() - started < 1.0
    assert attempts(sandbox, MODULE_POST) == 1


# --- Books: an expired token answers 401 code 57 ----------------------------------------------


def test_books_refreshes_once_after_401_code_57(run: Any, sandbox: SandboxServer) -> None:
    fault(sandbox, "GET /books/v3/*", expire_tokens=True, times=1)
    body = run("booksGetRecords", {"recordType": "contacts", "per_page": "1"})
    assert body["contacts"]
    assert stats(sandbox)["token_grants"]["refresh_token"] == 1
    assert attempts(sandbox, "GET /books/v3/organizations") == 2  # rejected, then re-sent


def test_books_57_that_survives_a_refresh_is_the_api_error(run: Any, sandbox: SandboxServer) -> None:
    missing_scope = {"code": 57, "message": "You are not authorized to perform this operation"}
    fault(sandbox, "GET /books/v3/organizations", status=401, times=2, body=missing_scope)
    with pytest.raises(ApiError) as caught:
        run("booksGetRecords", {"recordType": "contacts"})
    assert (caught.value.status, caught.value.code) == (401, "57")
    assert stats(sandbox)["token_grants"]["refresh_token"] == 1  # one refresh, not one per attempt
    assert attempts(sandbox, "GET /books/v3/organizations") == 2
