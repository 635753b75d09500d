"""Runtime: shared clients, the session cache, and run/arun driving a registered handler."""

from __future__ import annotations

import asyncio
import gc
import logging
import ssl
from typing import Any

import httpx
import pytest

from connector.auth.store import MemoryTokenStore
from connector.errors import ApiError
from connector.http.transports import LazyAsyncTransport, LazyTransport
from connector.runtime.runtime import DEFAULT_RETRY, Runtime

API = "https://www.zohoapis.eu"
ACCESS = "1000.runtime.access"
REFRESH = "1000.runtime.refresh"
FAR_FUTURE = 4_000_000_000


def connection(refresh: str = REFRESH, **fields: Any) -> dict[str, Any]:
    return {"id": "acme", "fields": {"tokenUrl": "https://accounts.zoho.eu/oauth/v2/token", "clientId": "cid",
                                     "clientSecret": "csecret", **fields},
            "token": {"access_token": ACCESS, "refresh_token": refresh, "expires_at": FAR_FUTURE,
                      "api_domain": API}}


RAW = {"url": "/Leads", "method": "GET", "responseType": "json", "maxRetries": 0, "retryDelayMS": 0,
       "retryAllErrors": False, "useExponentialBackoff": False}


class Recorder:
    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return httpx.Response(status, json={"data": [{"id": "1"}]})


def test_run_drives_the_registered_handler_with_the_connection_token() -> None:
    recorder = Recorder(200)
    with Runtime(token_store=MemoryTokenStore(), transport=httpx.MockTransport(recorder)) as runtime:
        output = runtime.run("zoho.crm.rawRequest", RAW, connection=connection(), action_key="crmRawRequest")
    assert output == {"data": {"data": [{"id": "1"}]}}
    (request,) = recorder.requests
    assert str(request.url) == f"{API}/crm/v8/Leads"
    assert request.headers["Authorization"] == f"Zoho-oauthtoken {ACCESS}"


def test_sessions_are_shared_per_connection_and_refresh_token() -> None:
    runtime = Runtime(token_store=MemoryTokenStore())
    first = runtime.session_for(connection())
    assert runtime.session_for(connection()) is first
    assert runtime.session_for(connection(refresh="1000.other.refresh")) is not first
    assert runtime.session_for(connection(organizationId="123")) is not first


def test_a_caller_managed_access_token_is_used_as_soon_as_it_changes() -> None:
    recorder = Recorder(200)
    runtime = Runtime(token_store=MemoryTokenStore(), transport=httpx.MockTransport(recorder))
    for access in ("1000.first.token", "1000.second.token"):
        document = {"id": "engine", "fields": connection()["fields"],
                    "token": {"access_token": access, "expires_at": FAR_FUTURE, "api_domain": API}}
        runtime.run("zoho.crm.rawRequest", RAW, connection=document, action_key="crmRawRequest")
    assert [r.headers["Authorization"] for r in recorder.requests] == [
        "Zoho-oauthtoken 1000.first.token", "Zoho-oauthtoken 1000.second.token"]


def test_the_sync_client_is_created_once() -> None:
    runtime = Runtime(token_store=MemoryTokenStore(), transport=httpx.MockTransport(Recorder(200)))
    assert runtime.client is runtime.client
    runtime.close()


def test_default_resilience_retries_idempotent_5xx_with_the_injected_sleep() -> None:
    recorder, sleeps = Recorder(503, 200), []
    runtime = Runtime(token_store=MemoryTokenStore(), transport=httpx.MockTransport(recorder),
                      sleep=sleeps.append)
    output = runtime.run("zoho.crm.getRecord", {"recordType": "Leads", "recordId": "1", "fields": ["Email"]},
                         connection=connection(), action_key="crmGetRecord")
    assert output["data"] == {"data": [{"id": "1"}]}
    assert len(recorder.requests) == 2
    assert len(sleeps) == 1
    assert 0.25 <= sleeps[0] <= 0.25 * 1.2
    assert DEFAULT_RETRY.max_retries == 2


def test_arun_uses_the_async_transport_and_reports_errors() -> None:
    recorder = Recorder(404)

    async def main() -> None:
        async with Runtime(token_store=MemoryTokenStore(),
                           async_transport=httpx.MockTransport(recorder)) as runtime:
            with pytest.raises(ApiError) as caught:
                await runtime.arun("zoho.crm.rawRequest", RAW, connection=connection(),
                                   action_key="crmRawRequest")
            assert caught.value.status == 404
            assert runtime.async_client is runtime.async_client

    asyncio.run(main())
    assert len(recorder.requests) == 1


def test_each_event_loop_gets_its_own_async_client() -> None:
    runtime = Runtime(token_store=MemoryTokenStore(), async_transport=httpx.MockTransport(Recorder(200)))

    async def clients() -> tuple[httpx.AsyncClient, httpx.AsyncClient]:
        return runtime.async_client, runtime.async_client

    first, again = asyncio.run(clients())
    other, _ = asyncio.run(clients())
    assert first is again
    assert other is not first


def test_debug_logs_through_the_connector_logger(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="connector")
    runtime = Runtime(token_store=MemoryTokenStore(), transport=httpx.MockTransport(Recorder(200)))
    runtime.run("zoho.crm.rawRequest", RAW, connection=connection(), action_key="crmRawRequest", debug=True)
    assert "http request" in caplog.text and "http response" in caplog.text
    assert ACCESS not in caplog.text and REFRESH not in caplog.text and "csecret" not in caplog.text


def test_the_default_async_client_runs_over_aiohttp() -> None:
    runtime = Runtime(token_store=MemoryTokenStore())

    async def transports() -> tuple[str, str]:
        lazy = runtime.async_client._transport
        assert isinstance(lazy, LazyAsyncTransport)
        names = type(lazy._create(False)).__name__, type(lazy._create(True)).__name__
        await runtime.aclose()
        return names

    assert asyncio.run(transports()) == ("AiohttpTransport", "AiohttpTransport")


def test_tls_is_verified_and_its_context_built_only_for_https() -> None:
    transport = Runtime(token_store=MemoryTokenStore()).client._transport
    assert isinstance(transport, LazyTransport)
    assert transport._transports == {}  # nothing built before the first request
    verifying = transport._for(True)._pool._ssl_context
    assert verifying is not None and verifying.verify_mode == ssl.CERT_REQUIRED
    assert verifying.check_hostname is True
    assert set(transport._transports) == {True}
    transport.close()


def test_connection_documents_are_validated_once_per_content() -> None:
    runtime = Runtime(token_store=MemoryTokenStore())
    first = runtime.connection_document(connection())
    assert runtime.connection_document(connection()) is first
    assert runtime.connection_document(connection(refresh="1000.x.y")) is not first
    assert runtime.connection_document(first) is first


def test_connection_documents_with_env_references_are_expanded_every_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = Runtime(token_store=MemoryTokenStore())
    source = connection(organizationId="${BOOKS_ORG}")
    monkeypatch.setenv("BOOKS_ORG", "111")
    assert runtime.connection_document(source).fields.organizationId == "111"
    monkeypatch.setenv("BOOKS_ORG", "222")
    assert runtime.connection_document(source).fields.organizationId == "222"


def test_without_a_token_store_the_default_store_is_created_on_first_use(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("CONNECTOR_HOME", str(tmp_path))
    recorder = Recorder(200)
    with Runtime(transport=httpx.MockTransport(recorder)) as runtime:
        output = runtime.run("zoho.crm.rawRequest", RAW, connection=connection(), action_key="crmRawRequest")
    assert output["data"] == {"data": [{"id": "1"}]}
    assert (tmp_path / "tokens.sqlite3").exists()


def test_async_clients_are_closed_when_asyncio_run_finishes(caplog: pytest.LogCaptureFixture) -> None:
    runtime = Runtime(token_store=MemoryTokenStore())  # default transport: aiohttp

    async def client() -> httpx.AsyncClient:
        return runtime.async_client

    first = asyncio.run(client())
    second = asyncio.run(client())
    assert first is not second
    assert first.is_closed and second.is_closed
    assert len(runtime._async_clients) == 0  # finished loops are not kept alive
    gc.collect()
    assert "Unclosed" not in caplog.text
