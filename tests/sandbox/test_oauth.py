"""Zoho Accounts: consent redirect, code exchange, refresh limits, revoke, and API authentication."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from connector.sandbox.config import SandboxConfig
from connector.sandbox.server import SandboxServer
from tests.support.clock import FakeClock
from tests.support.zoho import HTTP, error_code, zoho_client

LEAD_ID = "5725767000101000001"
REDIRECT = "https://app.example.com/callback"
THROTTLED = {
    "error_description": "You have made too many requests continuously. Please try again after some time.",
    "error": "Access Denied",
    "status": "failure",
}


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def clocked_server(clock: FakeClock) -> Iterator[SandboxServer]:
    with SandboxServer(config=SandboxConfig(clock=clock)) as server:
        yield server


@pytest.fixture
def server(clocked_server: SandboxServer, clock: FakeClock) -> SandboxServer:
    clock.now = FakeClock().now
    HTTP.post(f"{clocked_server.url}/__sandbox__/reset").raise_for_status()
    return clocked_server


def _fields(server: SandboxServer) -> dict[str, Any]:
    fields: dict[str, Any] = server.connection["fields"]
    return fields


def _authorize(server: SandboxServer, access_type: str = "offline", **extra: str) -> dict[str, list[str]]:
    params = {
        "client_id": _fields(server)["clientId"],
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": "ZohoCRM.modules.ALL",
        "access_type": access_type,
        **extra,
    }
    answer = HTTP.get(_fields(server)["authorizeUrl"], params=params)
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


def _token(server: SandboxServer, **form: str) -> httpx.Response:
    fields = _fields(server)
    data = {"client_id": fields["clientId"], "client_secret": fields["clientSecret"], **form}
    return HTTP.post(fields["tokenUrl"], data=data)


def _refresh(server: SandboxServer, refresh_token: str | None = None) -> httpx.Response:
    return _token(
        server,
        grant_type="refresh_token",
        refresh_token=refresh_token or server.connection["token"]["refresh_token"],
    )


def _crm_status(server: SandboxServer, token: str) -> tuple[int, str | None]:
    with zoho_client(server, token) as client:
        answer = client.get(f"/crm/v8/Leads/{LEAD_ID}")
    return answer.status_code, (answer.json()["code"] if answer.status_code == 401 else None)


def test_consent_redirects_with_code_location_and_accounts_server(server: SandboxServer) -> None:
    query = _authorize(server, state="xyz")
    assert query["code"][0].startswith("1000.")
    assert query["location"] == ["us"]
    assert query["accounts-server"] == [server.url]
    assert query["state"] == ["xyz"]


def test_authorize_refuses_an_unknown_client_or_redirect(server: SandboxServer) -> None:
    answer = HTTP.get(
        _fields(server)["authorizeUrl"], params={"client_id": "1000.NOPE", "redirect_uri": REDIRECT}
    )
    assert answer.status_code == 400 and answer.json() == {"error": "invalid_client"}
    answer = HTTP.get(
        _fields(server)["authorizeUrl"], params={"client_id": "x", "redirect_uri": "javascript:x"}
    )
    assert answer.json() == {"error": "invalid_redirect_uri"}


def test_code_exchange_gives_tokens_once(server: SandboxServer) -> None:
    code = _authorize(server)["code"][0]
    answer = _token(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    body = answer.json()
    assert answer.status_code == 200
    assert body["api_domain"] == server.url and body["expires_in"] == 3600 and body["token_type"] == "Bearer"
    assert body["refresh_token"].startswith("1000.")
    assert _crm_status(server, body["access_token"]) == (200, None)
    again = _token(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    assert (again.status_code, again.json()) == (200, {"error": "invalid_code"})
    assert server.state.stats()["token_grants"]["authorization_code"] == 1


def test_online_access_gives_no_refresh_token(server: SandboxServer) -> None:
    code = _authorize(server, access_type="online")["code"][0]
    body = _token(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT).json()
    assert "access_token" in body and "refresh_token" not in body


def test_code_expires_after_three_minutes(server: SandboxServer, clock: FakeClock) -> None:
    code = _authorize(server)["code"][0]
    clock.advance(181)
    answer = _token(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    assert (answer.status_code, answer.json()) == (200, {"error": "invalid_code"})


def test_code_exchange_checks_the_redirect_uri(server: SandboxServer) -> None:
    code = _authorize(server)["code"][0]
    answer = _token(
        server, grant_type="authorization_code", code=code, redirect_uri="https://evil.example.com/"
    )
    assert answer.json() == {"error": "invalid_redirect_uri"}


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"client_id": "1000.UNKNOWN"}, "invalid_client"),
        ({"client_secret": "wrong"}, "invalid_client_secret"),
        ({"refresh_token": "1000.abc.def"}, "invalid_code"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
    ],
)
def test_token_endpoint_errors_are_http_200_bodies(
    server: SandboxServer, override: dict[str, str], error: str
) -> None:
    form = {
        "grant_type": "refresh_token",
        "refresh_token": server.connection["token"]["refresh_token"],
        **override,
    }
    answer = _token(server, **form)
    assert answer.status_code == 200
    assert answer.json()["error"] == error
    assert "access_token" not in answer.json()


def test_token_parameters_may_come_in_the_query_string(server: SandboxServer) -> None:
    fields = _fields(server)
    params = {
        "grant_type": "refresh_token",
        "client_id": fields["clientId"],
        "client_secret": fields["clientSecret"],
        "refresh_token": server.connection["token"]["refresh_token"],
    }
    answer = HTTP.post(fields["tokenUrl"], params=params)
    assert "access_token" in answer.json()


def test_refresh_mints_ten_tokens_per_ten_minutes_then_access_denied(
    server: SandboxServer, clock: FakeClock
) -> None:
    tokens = []
    for _ in range(10):
        body = _refresh(server).json()
        assert "refresh_token" not in body and body["api_domain"] == server.url
        tokens.append(body["access_token"])
        clock.advance(30)
    assert len(set(tokens)) == 10
    denied = _refresh(server)
    assert denied.status_code == 200
    assert denied.json() == THROTTLED
    assert server.state.stats()["token_grants"]["refresh_token"] == 10
    assert server.state.token_grants == {"refresh_token": 10, "authorization_code": 0}
    clock.advance(600 - 9 * 30 + 1)  # the first grant leaves the window
    assert "access_token" in _refresh(server).json()


def test_access_tokens_expire_after_an_hour(server: SandboxServer, clock: FakeClock) -> None:
    token = _refresh(server).json()["access_token"]
    clock.advance(3599)
    assert _crm_status(server, token) == (200, None)
    clock.advance(2)
    assert _crm_status(server, token) == (401, "INVALID_TOKEN")


def test_revoking_the_refresh_token_revokes_its_access_tokens(server: SandboxServer) -> None:
    refresh = server.connection["token"]["refresh_token"]
    token = _refresh(server).json()["access_token"]
    answer = HTTP.post(_fields(server)["revokeUrl"], data={"token": refresh})
    assert (answer.status_code, answer.json()) == (200, {"status": "success"})
    assert _crm_status(server, token) == (401, "INVALID_TOKEN")
    assert _refresh(server).json() == {"error": "invalid_code"}
    again = HTTP.post(_fields(server)["revokeUrl"], params={"token": refresh})
    assert again.status_code == 400


def test_reset_restores_the_seeded_refresh_token(server: SandboxServer) -> None:
    HTTP.post(_fields(server)["revokeUrl"], data={"token": server.connection["token"]["refresh_token"]})
    HTTP.post(f"{server.url}/__sandbox__/reset").raise_for_status()
    assert "access_token" in _refresh(server).json()
    assert _crm_status(server, server.connection["token"]["access_token"]) == (200, None)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "AUTHENTICATION_FAILURE"),
        ("Zoho-oauthtoken", "AUTHENTICATION_FAILURE"),
        ("Basic abc", "AUTHENTICATION_FAILURE"),
        ("Zoho-oauthtoken 1000.unknown.token", "INVALID_TOKEN"),
    ],
)
def test_crm_calls_need_a_valid_token(server: SandboxServer, header: str | None, code: str) -> None:
    with zoho_client(server, auth=False) as client:
        answer = client.get(
            "/crm/v8/Leads",
            params={"fields": "Last_Name"},
            headers={"Authorization": header} if header else {},
        )
    assert answer.status_code == 401
    assert error_code(answer) == code


def test_books_calls_need_a_valid_token(server: SandboxServer) -> None:
    answer = HTTP.get(
        f"{server.url}/books/v3/organizations", headers={"Authorization": "Zoho-oauthtoken nope"}
    )
    assert answer.status_code == 401
    assert answer.json() == {"code": 57, "message": "You are not authorized to perform this operation"}
    missing = HTTP.get(f"{server.url}/books/v3/organizations")
    assert missing.status_code == 401 and missing.json()["code"] == 57


def test_secrets_are_redacted_in_the_request_log(server: SandboxServer) -> None:
    token = server.connection["token"]["access_token"]
    with zoho_client(server) as client:
        client.get(f"/crm/v8/Leads/{LEAD_ID}")
    log = HTTP.get(f"{server.url}/__sandbox__/requests").text
    assert token not in log
    assert "Zoho-oauthtoken [REDACTED]" in log
