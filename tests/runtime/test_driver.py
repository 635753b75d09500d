"""The sync and async drivers over httpx.MockTransport: auth, retries, timeouts, errors."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from connector.errors import ApiError, ApiTimeoutError, AuthError, ConnectorError, NetworkError
from connector.runtime.driver import arun_flow, is_api_url, run_flow
from connector.runtime.flow import Flow, RetryPolicy, Send

API = "https://www.zohoapis.eu"
TOKEN = "1000.secretaccesstoken.abc"
logger = logging.getLogger("connector")


class BearerAuth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Zoho-oauthtoken {TOKEN}"
        yield request


@dataclass
class FakeSession:
    api_base: str = API
    api_host: str = "www.zohoapis.eu"
    auth: httpx.Auth = field(default_factory=BearerAuth)
    books_org_cache: dict[str, str] = field(default_factory=dict)

    def secrets(self) -> list[str]:
        return [TOKEN]


class Recorder:
    """A MockTransport handler answering from a script and counting the requests."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def one_request(method: str = "GET", url: str = f"{API}/crm/v8/Leads", *, retry: RetryPolicy | None = None,
                **send: Any) -> Flow:
    response = yield Send(request=httpx.Request(method, url), service="crm",
                          retry=retry or RetryPolicy(max_retries=2, delay_ms=100, exponential=False), **send)
    return {"data": response.json() if response.content else None}


def drive(flow: Flow, recorder: Recorder, *, sleeps: list[float] | None = None,
          clock: Callable[[], float] | None = None, debug: bool = False) -> Any:
    with httpx.Client(transport=httpx.MockTransport(recorder)) as client:
        return run_flow(flow, client=client, session=FakeSession(), debug=debug, logger=logger,
                        sleep=(sleeps if sleeps is not None else []).append,
                        clock=clock or (lambda: 0.0), rng=random.Random(0))


def ok(body: Any = None, status: int = 200, **kwargs: Any) -> httpx.Response:
    return httpx.Response(status, json=body if body is not None else {"data": []}, **kwargs)


def test_success_returns_the_handler_output_and_sends_the_auth_header() -> None:
    recorder = Recorder(ok({"data": [{"id": "1"}]}))
    assert drive(one_request(), recorder) == {"data": {"data": [{"id": "1"}]}}
    (request,) = recorder.requests
    assert request.headers["Authorization"] == f"Zoho-oauthtoken {TOKEN}"
    assert request.headers["User-Agent"].startswith("connector")


def test_the_send_timeout_is_applied_to_every_phase() -> None:
    recorder = Recorder(ok())
    drive(one_request(timeout=7.5), recorder)
    assert recorder.requests[0].extensions["timeout"] == {"connect": 7.5, "read": 7.5, "write": 7.5,
                                                          "pool": 7.5}


def test_unauthenticated_send_has_no_auth_header_and_may_go_anywhere() -> None:
    recorder = Recorder(ok())
    drive(one_request(url="https://elsewhere.example/x", authenticate=False), recorder)
    assert "Authorization" not in recorder.requests[0].headers


@pytest.mark.parametrize("url", ["https://evil.example/crm/v8/Leads", "http://www.zohoapis.eu/crm/v8/Leads",
                                 "https://www.zohoapis.eu:8443/crm/v8/Leads"])
def test_credentials_are_never_sent_to_another_origin(url: str) -> None:
    recorder = Recorder(ok())
    with pytest.raises(ConnectorError, match="Refusing to send"):
        drive(one_request(url=url), recorder)
    assert recorder.requests == []


def test_is_api_url_accepts_host_with_port_for_local_sandboxes() -> None:
    session = FakeSession(api_base="http://127.0.0.1:5123", api_host="127.0.0.1:5123")
    assert is_api_url(httpx.URL("http://127.0.0.1:5123/crm/v8/Leads"), session)
    assert not is_api_url(httpx.URL("http://127.0.0.1:5124/crm/v8/Leads"), session)


def test_get_503_is_retried_then_succeeds() -> None:
    recorder = Recorder(ok(status=503), ok(status=503), ok({"data": [1]}))
    sleeps: list[float] = []
    assert drive(one_request(), recorder, sleeps=sleeps) == {"data": {"data": [1]}}
    assert len(recorder.requests) == 3
    assert sleeps == [0.1, 0.1]


def test_retries_stop_at_max_retries_and_raise_api_error() -> None:
    body = {"code": "INTERNAL_ERROR", "message": "Internal Server Error", "status": "error", "details": {}}
    recorder = Recorder(ok(body, status=500))
    with pytest.raises(ApiError) as caught:
        drive(one_request(), recorder)
    assert len(recorder.requests) == 3  # 1 + maxRetries
    assert caught.value.status == 500
    assert caught.value.code == "INTERNAL_ERROR"


def test_post_5xx_is_not_retried_by_default() -> None:
    recorder = Recorder(ok(status=503))
    with pytest.raises(ApiError):
        drive(one_request("POST"), recorder)
    assert len(recorder.requests) == 1


def test_post_is_retried_on_any_error_with_retry_all_errors() -> None:
    recorder = Recorder(ok(status=400), ok(status=503), ok({"ok": 1}, status=201))
    policy = RetryPolicy(max_retries=3, retry_all_errors=True, exponential=False)
    assert drive(one_request("POST", retry=policy), recorder) == {"data": {"ok": 1}}
    assert len(recorder.requests) == 3


def test_post_429_is_retried_because_zoho_did_not_process_it() -> None:
    recorder = Recorder(ok(status=429), ok({"ok": 1}, status=201))
    assert drive(one_request("POST"), recorder) == {"data": {"ok": 1}}
    assert len(recorder.requests) == 2


def test_client_errors_are_not_retried() -> None:
    recorder = Recorder(ok({"code": "INVALID_MODULE", "message": "bad", "status": "error",
                            "details": {"resource_path_index": 0}}, status=400))
    with pytest.raises(ApiError, match="INVALID_MODULE"):
        drive(one_request(), recorder)
    assert len(recorder.requests) == 1


def test_retry_after_is_honoured_through_the_injected_sleep() -> None:
    recorder = Recorder(ok(status=429, headers={"Retry-After": "2"}), ok({"ok": 1}))
    sleeps: list[float] = []
    drive(one_request(), recorder, sleeps=sleeps)
    assert sleeps == [2.0]


def test_total_time_cap_stops_retrying() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    recorder = Recorder(ok(status=503))
    policy = RetryPolicy(max_retries=10, delay_ms=4000, exponential=False, max_total_s=10.0)
    with httpx.Client(transport=httpx.MockTransport(recorder)) as client, pytest.raises(ApiError):
        run_flow(one_request(retry=policy), client=client, session=FakeSession(), debug=False,
                 logger=logger, sleep=sleep, clock=lambda: now[0])
    assert len(recorder.requests) == 3  # at 0 s, 4 s and 8 s; a retry at 12 s would pass the cap
    assert now[0] == 8.0


def test_exponential_backoff_doubles_the_delay() -> None:
    recorder = Recorder(ok(status=502))
    sleeps: list[float] = []
    with pytest.raises(ApiError):
        drive(one_request(retry=RetryPolicy(max_retries=3, delay_ms=100, exponential=True)), recorder,
              sleeps=sleeps)
    assert sleeps == pytest.approx([0.1, 0.2, 0.4])


def test_read_timeout_becomes_api_timeout_error_after_retries() -> None:
    recorder = Recorder(httpx.ReadTimeout("timed out"))
    with pytest.raises(ApiTimeoutError, match=r"within 5s \(GET https://www.zohoapis.eu/crm/v8/Leads\)"):
        drive(one_request(timeout=5.0), recorder)
    assert len(recorder.requests) == 3


def test_post_read_timeout_is_not_retried() -> None:
    recorder = Recorder(httpx.ReadTimeout("timed out"))
    with pytest.raises(ApiTimeoutError):
        drive(one_request("POST"), recorder)
    assert len(recorder.requests) == 1


def test_connect_error_is_retried_even_for_post_and_becomes_network_error() -> None:
    recorder = Recorder(httpx.ConnectError("[Errno 111] Connection refused"))
    with pytest.raises(NetworkError, match="Connection refused") as caught:
        drive(one_request("POST"), recorder)
    assert len(recorder.requests) == 3
    assert caught.value.exit_code == 4


def test_network_failure_then_success() -> None:
    recorder = Recorder(httpx.RemoteProtocolError("Server disconnected"), ok({"ok": 1}))
    assert drive(one_request(), recorder) == {"data": {"ok": 1}}


def test_pass_statuses_reach_the_handler() -> None:
    def flow() -> Flow:
        response = yield Send(request=httpx.Request("GET", f"{API}/crm/v8/Leads"), service="crm",
                              pass_statuses=frozenset({304}))
        return response.status_code

    assert drive(flow(), Recorder(httpx.Response(304))) == 304


def test_errors_are_thrown_into_the_flow_so_handlers_can_recover() -> None:
    def flow() -> Flow:
        try:
            yield Send(request=httpx.Request("GET", f"{API}/crm/v8/Nope"), service="crm")
        except ApiError as exc:
            response = yield Send(request=httpx.Request("GET", f"{API}/crm/v8/Leads"), service="crm")
            return {"first": exc.status, "second": response.status_code}
        return None

    recorder = Recorder(ok(status=404), ok())
    assert drive(flow(), recorder) == {"first": 404, "second": 200}


def test_401_invalid_token_after_refresh_is_an_auth_error() -> None:
    body = {"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token", "status": "error"}
    with pytest.raises(AuthError) as caught:
        drive(one_request(), Recorder(ok(body, status=401)))
    assert caught.value.exit_code == 3
    assert TOKEN not in str(caught.value)


def test_secrets_echoed_by_zoho_are_masked_in_the_error_message() -> None:
    body = {"code": "INVALID_DATA", "message": f"bad value {TOKEN}", "status": "error", "details": {}}
    with pytest.raises(ApiError) as caught:
        drive(one_request(), Recorder(ok(body, status=400)))
    assert TOKEN not in str(caught.value)
    assert "[REDACTED]" in caught.value.message


def test_a_handler_yielding_something_else_is_a_type_error() -> None:
    def flow() -> Generator[Any, Any, Any]:
        yield "GET /Leads"

    with pytest.raises(TypeError, match="expected Send"):
        drive(flow(), Recorder(ok()))


def test_flow_without_requests_returns_its_value() -> None:
    def flow() -> Flow:
        return {"data": 1}
        yield  # pragma: no cover

    assert drive(flow(), Recorder(ok())) == {"data": 1}


# --- async --------------------------------------------------------------------------------------


def adrive(flow: Flow, recorder: Recorder, sleeps: list[float]) -> Any:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def main() -> Any:
        async with httpx.AsyncClient(transport=httpx.MockTransport(recorder)) as client:
            return await arun_flow(flow, client=client, session=FakeSession(), debug=False, logger=logger,
                                   sleep=sleep, clock=lambda: 0.0, rng=random.Random(0))

    return asyncio.run(main())


def test_async_driver_retries_like_the_sync_one() -> None:
    recorder = Recorder(ok(status=429, headers={"Retry-After": "1"}), ok(status=503), ok({"ok": 1}))
    sleeps: list[float] = []
    assert adrive(one_request(), recorder, sleeps) == {"data": {"ok": 1}}
    assert sleeps == [1.0, 0.1]
    assert recorder.requests[0].headers["Authorization"] == f"Zoho-oauthtoken {TOKEN}"


def test_async_driver_raises_mapped_errors() -> None:
    recorder = Recorder(ok({"code": 1002, "message": "Invoice does not exist."}, status=404))
    with pytest.raises(ApiError) as caught:
        adrive(one_request("POST"), recorder, [])
    assert caught.value.code == "1002"


def test_async_driver_bounds_the_whole_attempt_by_the_timeout() -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return ok()  # pragma: no cover

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(slow)) as client:
            await arun_flow(one_request("POST", timeout=0.05), client=client, session=FakeSession(),
                            debug=False, logger=logger)

    with pytest.raises(ApiTimeoutError):
        asyncio.run(main())
