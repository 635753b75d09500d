"""Token-endpoint failures become AuthError with Zoho's reason, a hint, and never a secret."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from test_auth_support import CLIENT_SECRET, REFRESH_TOKEN, Clock, FakeZoho, document

from connector.auth import MemoryTokenStore, load_connection, open_session
from connector.auth.token_endpoint import read_token_response
from connector.errors import AuthError

NOW = 1_800_000_000.0
CASES: list[tuple[dict[str, Any], int, str, str]] = [
    ({"error": "invalid_client"}, 200, "invalid_client", "clientId"),
    ({"error": "invalid_client_secret"}, 200, "invalid_client_secret", "clientSecret"),
    ({"error": "invalid_code"}, 200, "invalid_code", "connector auth"),
    ({"error_description": "You have made too many requests continuously. Please try again after some time.",
      "error": "Access Denied", "status": "failure"}, 200, "Access Denied", "10 access tokens"),
    ({"error_description": "You have made too many requests continuously.",
      "error": "Access Denied", "status": "failure"}, 400, "Access Denied", "10 minutes"),
    ({"error": "access_denied"}, 200, "access_denied", "grant codes"),
    ({"error": "something_new"}, 200, "something_new", "tokenUrl"),
    ({"token_type": "Bearer"}, 200, "no access_token in the answer", "tokenUrl"),
]


def refresh_failure(body: dict[str, Any], status: int) -> AuthError:
    fake = FakeZoho(error=body, error_status=status)
    session = open_session(load_connection(document(access_token="1000.accessvalue", expires_at=NOW - 1)),
                           store=MemoryTokenStore(), clock=Clock(NOW))
    with fake.client() as client, pytest.raises(AuthError) as caught:
        client.get(session.crm_base + "/Leads", auth=session.auth)
    return caught.value


def assert_no_secret(error: AuthError) -> None:
    text = " ".join([str(error), repr(error), json.dumps(error.to_dict()), str(error.hint),
                     str(error.reason)])
    for secret in (CLIENT_SECRET, REFRESH_TOKEN, "1000.accessvalue"):
        assert secret not in text


@pytest.mark.parametrize(("body", "status", "reason", "hint_part"), CASES)
def test_token_errors_map_to_auth_error(body: dict[str, Any], status: int, reason: str,
                                        hint_part: str) -> None:
    error = refresh_failure(body, status)
    assert error.reason == reason
    assert error.hint is not None and hint_part in error.hint
    assert error.status == status
    assert reason in str(error)
    assert error.exit_code == 3 and error.kind == "auth"
    assert_no_secret(error)


def test_the_wrong_client_id_is_reported_by_the_fake_as_invalid_client() -> None:
    fake = FakeZoho()
    data = document()
    data["fields"]["clientId"] = "1000.WRONG"
    session = open_session(load_connection(data), store=MemoryTokenStore(), clock=Clock(NOW))
    with fake.client() as client, pytest.raises(AuthError) as caught:
        client.get(session.crm_base + "/Leads", auth=session.auth)
    assert caught.value.reason == "invalid_client"
    assert "accounts.zoho.eu" in str(caught.value)
    assert_no_secret(caught.value)


def test_a_non_json_answer_is_an_auth_error() -> None:
    request = httpx.Request("POST", "https://accounts.zoho.eu/oauth/v2/token")
    response = httpx.Response(502, text="<html>Bad gateway</html>", request=request)
    with pytest.raises(AuthError, match="HTTP 502") as caught:
        read_token_response(response, grant="refresh_token", token_url=str(request.url), now=NOW)
    assert caught.value.status == 502


def test_a_secret_echoed_by_the_endpoint_is_scrubbed() -> None:
    request = httpx.Request("POST", "https://accounts.zoho.eu/oauth/v2/token")
    response = httpx.Response(200, json={"error": f"bad token {REFRESH_TOKEN}",
                                         "error_description": f"secret {CLIENT_SECRET}"}, request=request)
    with pytest.raises(AuthError) as caught:
        read_token_response(response, grant="refresh_token", token_url=str(request.url), now=NOW,
                            secrets=[REFRESH_TOKEN, CLIENT_SECRET])
    assert_no_secret(caught.value)
    assert "***" in str(caught.value)


def test_a_grant_code_error_gets_the_grant_code_hint() -> None:
    request = httpx.Request("POST", "https://accounts.zoho.eu/oauth/v2/token")
    response = httpx.Response(200, json={"error": "invalid_code"}, request=request)
    with pytest.raises(AuthError) as caught:
        read_token_response(response, grant="authorization_code", token_url=str(request.url), now=NOW)
    assert caught.value.hint is not None and "3 minutes" in caught.value.hint
    assert "exchange the grant code" in str(caught.value)


def test_api_domain_defaults_from_the_token_url_and_expiry_reads_expires_in() -> None:
    request = httpx.Request("POST", "https://accounts.zohocloud.ca/oauth/v2/token")
    response = httpx.Response(200, json={"access_token": "1000.a", "expires_in": 3600}, request=request)
    issued = read_token_response(response, grant="refresh_token", token_url=str(request.url), now=NOW)
    assert issued.api_domain == "https://www.zohoapis.ca"
    assert issued.expires_at == NOW + 3600
    assert "1000.a" not in repr(issued)
