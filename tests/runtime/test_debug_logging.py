"""debugRequest logging and redaction: what is logged, and that no credential ever is."""

from __future__ import annotations

import json
import logging
import random
import string
from collections.abc import Generator
from typing import Any
from urllib.parse import unquote, unquote_plus

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connector.http import redact
from connector.http.debug import describe_body
from connector.http.redact import REDACTED, mask_secrets, redact_headers, redact_json, redact_query
from connector.runtime.driver import run_flow
from connector.runtime.flow import Flow, RetryPolicy, Send

API = "https://www.zohoapis.eu"
ACCESS = "1000.8f3c0e.access"
REFRESH = "1000.77aa11.refresh"
CLIENT_SECRET = "s3cr3t-client"


class Auth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Zoho-oauthtoken {ACCESS}"
        yield request


class Session:
    api_base = API
    api_host = "www.zohoapis.eu"
    auth = Auth()

    def secrets(self) -> list[str]:
        return [ACCESS, REFRESH, CLIENT_SECRET]


# --- the redaction primitives --------------------------------------------------------------------


def test_redact_headers_masks_credentials_and_keeps_the_rest() -> None:
    headers = [("Authorization", "Zoho-oauthtoken x"), ("Cookie", "a=b"), ("Set-Cookie", "c=d"),
               ("Accept", "application/json"), ("X-Many", "1"), ("X-Many", "2")]
    assert redact_headers(headers) == {"Authorization": REDACTED, "Cookie": REDACTED, "Set-Cookie": REDACTED,
                                       "Accept": "application/json", "X-Many": "1, 2"}


def test_redact_query_masks_credential_parameters_only() -> None:
    query = "refresh_token=r1&client_id=id&client_secret=s&grant_type=refresh_token&code=c&token=t&x=1"
    assert redact_query(query) == (f"refresh_token={REDACTED}&client_id=id&client_secret={REDACTED}"
                                   f"&grant_type=refresh_token&code={REDACTED}&token={REDACTED}&x=1")
    url = f"{API}/oauth?access_token=abc&fields=A,B"
    assert redact.redact_url(url) == f"{API}/oauth?access_token={REDACTED}&fields=A,B"
    assert redact.redact_url(f"{API}/crm") == f"{API}/crm"


def test_redact_json_masks_keys_at_any_depth() -> None:
    body = {"access_token": "a", "nested": [{"Refresh_Token": "r", "name": "n", "token": "t"}], "code": 0}
    assert redact_json(body) == {"access_token": REDACTED, "code": 0,  # Zoho's status code stays readable
                                 "nested": [{"Refresh_Token": REDACTED, "name": "n", "token": REDACTED}]}


def test_mask_secrets_masks_raw_and_percent_encoded_values() -> None:
    text = "a=1000.x/y b=1000.x%2Fy c=other"
    assert mask_secrets(text, ["1000.x/y", None, ""]) == f"a={REDACTED} b={REDACTED} c=other"


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b"", "application/json", None),
        (b'{"a": 1, "token": "t"}', "application/json", {"a": 1, "token": REDACTED}),
        (b'{"a": 1}', None, {"a": 1}),
        (b"refresh_token=r&x=1", "application/x-www-form-urlencoded", f"refresh_token={REDACTED}&x=1"),
        (b"hello", "text/plain", "hello"),
        (b"\x89PNG\r\n", "image/png", "<binary body: 6 bytes>"),
        (b"\xff\xfe\x00", None, "<binary body: 3 bytes>"),
        (b"x" * 20000, "text/plain", "<body: 20000 bytes>"),
        (b"--b\r\n", "multipart/form-data; boundary=b", "<binary body: 5 bytes>"),
    ],
)
def test_describe_body(content: bytes, content_type: str | None, expected: Any) -> None:
    assert describe_body(content, content_type) == expected


# --- logging through the driver -------------------------------------------------------------------


def run(flow: Flow, handler: Any, *, debug: bool = True) -> Any:
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        return run_flow(flow, client=client, session=Session(), debug=debug,
                        logger=logging.getLogger("connector"), sleep=lambda _: None, rng=random.Random(0))


def post_json(body: Any, *, retry: RetryPolicy | None = None, params: dict[str, str] | None = None) -> Flow:
    request = httpx.Request("POST", f"{API}/crm/v8/Leads", json=body, params=params,
                            headers={"X-Custom": CLIENT_SECRET})
    response = yield Send(request=request, service="crm", retry=retry or RetryPolicy(max_retries=0))
    return response.json()


def records(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [json.loads(r.getMessage().split(" ", 2)[2]) for r in caplog.records if r.name == "connector"]


def test_request_and_response_are_logged_with_credentials_redacted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="connector")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json={"data": [{"code": "SUCCESS"}], "echo": REFRESH},
                              headers={"Set-Cookie": "crmcsr=abc"})

    run(post_json({"data": [{"Last_Name": "Doe"}], "refresh_token": REFRESH},
                  params={"fields": "Email", "access_token": ACCESS}), answer)
    request, response = records(caplog)
    assert request["type"] == "request"
    assert request["method"] == "POST"
    assert request["url"] == f"{API}/crm/v8/Leads?fields=Email&access_token={REDACTED}"
    assert request["headers"]["authorization"] == REDACTED
    assert request["headers"]["x-custom"] == REDACTED  # value-matched secret
    assert request["body"] == {"data": [{"Last_Name": "Doe"}], "refresh_token": REDACTED}
    assert response["type"] == "response"
    assert response["status"] == 201
    assert response["headers"]["set-cookie"] == REDACTED
    assert response["body"] == {"data": [{"code": "SUCCESS"}], "echo": REDACTED}
    for secret in (ACCESS, REFRESH, CLIENT_SECRET):
        assert secret not in caplog.text


def test_error_responses_and_every_attempt_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="connector")
    answers = [httpx.Response(503, json={"code": "SERVICE_UNAVAILABLE"}),
               httpx.Response(400, json={"code": "X"})]

    with pytest.raises(Exception, match="HTTP 400"):
        run(post_json({}, retry=RetryPolicy(max_retries=3, retry_all_errors=True)),
            lambda request: answers.pop(0) if len(answers) > 1 else answers[0])
    logged = records(caplog)
    assert [(r["type"], r["attempt"]) for r in logged] == [("request", 1), ("response", 1), ("request", 2),
                                                           ("response", 2), ("request", 3), ("response", 3),
                                                           ("request", 4), ("response", 4)]
    assert logged[1]["status"] == 503
    assert logged[3]["body"] == {"code": "X"}


def test_network_failures_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="connector")

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused while sending {ACCESS}")

    with pytest.raises(Exception, match="Could not reach Zoho CRM"):
        run(post_json({}), refuse)
    request, failure = records(caplog)
    assert request["type"] == "request"
    assert failure == {"type": "failure", "service": "crm", "attempt": 1, "error": "ConnectError",
                       "message": f"refused while sending {REDACTED}", "elapsed_ms": failure["elapsed_ms"]}
    assert ACCESS not in caplog.text


def test_binary_and_large_bodies_are_replaced_by_their_size(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="connector")

    def flow() -> Flow:
        request = httpx.Request("PUT", f"{API}/crm/v8/Leads", content=b"\x00\x01" * 8000,
                                headers={"Content-Type": "application/octet-stream"})
        yield Send(request=request, service="crm", response_type="binary")

    run(flow(), lambda request: httpx.Response(200, content=b"y" * 11000,
                                               headers={"Content-Type": "text/plain"}))
    request, response = records(caplog)
    assert request["body"] == "<body: 16000 bytes>"
    assert response["body"] == "<body: 11000 bytes>"


def test_nothing_is_logged_without_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="connector")
    run(post_json({}), lambda request: httpx.Response(200, json={}), debug=False)
    assert records(caplog) == []


SECRET_ALPHABET = string.ascii_letters + string.digits + " .-_~/+=%&?#"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@settings(max_examples=60, deadline=None, derandomize=True)
@given(secret=st.text(alphabet=SECRET_ALPHABET, min_size=8, max_size=40),
       where=st.sampled_from(["query", "header", "json", "form", "response"]))
def test_a_session_secret_never_reaches_the_log_wherever_it_appears(secret: str, where: str) -> None:
    class SecretSession(Session):
        def secrets(self) -> list[str]:
            return [secret]

    params = {"q": secret} if where == "query" else None
    headers = {"X-Echo": secret} if where == "header" else {}
    kwargs: dict[str, Any] = {}
    if where == "json":
        kwargs["json"] = {"nested": [{"value": secret}]}
    elif where == "form":
        kwargs["data"] = {"field": secret}
    request = httpx.Request("POST", f"{API}/crm/v8/Leads", params=params, headers=headers, **kwargs)

    def flow() -> Flow:
        yield Send(request=request, service="crm", retry=RetryPolicy(max_retries=0))

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"echo": secret if where == "response" else "none"})

    logger = logging.getLogger("connector.test.property")
    logger.setLevel(logging.INFO)
    collect = _Collect()
    logger.addHandler(collect)
    try:
        with httpx.Client(transport=httpx.MockTransport(answer)) as client:
            run_flow(flow(), client=client, session=SecretSession(), debug=True, logger=logger,
                     sleep=lambda _: None)
    finally:
        logger.removeHandler(collect)
    assert len(collect.lines) == 2
    for line in collect.lines:  # neither raw nor in any URL encoding
        assert secret not in line
        assert secret not in unquote(line)
        assert secret not in unquote_plus(line)
