"""Auth against the sandbox over real loopback sockets: refresh, 401 recovery, single-flight, CLI."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from click.testing import CliRunner

from connector.auth import MemoryTokenStore, load_connection, open_session
from connector.cli.auth import AuthDeps, auth
from connector.errors import AuthError


def grants(sandbox: Any) -> dict[str, int]:
    stats = httpx.get(f"{sandbox.url}/__sandbox__/stats", timeout=10).json()
    return dict(stats["token_grants"])


def stale_document(sandbox: Any, **token: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(sandbox.connection))
    data["token"].update(token)
    data["token"] = {key: value for key, value in data["token"].items() if value is not None}
    return data


def leads_url(session: Any) -> str:
    return session.crm_base + "/Leads?fields=Last_Name"


def test_a_missing_access_token_is_refreshed_at_the_sandbox(sandbox: Any) -> None:
    store = MemoryTokenStore()
    session = open_session(load_connection(stale_document(sandbox, access_token=None)), store=store)
    assert session.api_base == sandbox.url
    with httpx.Client(timeout=10) as client:
        response = client.get(leads_url(session), auth=session.auth)
    assert response.status_code == 200
    assert grants(sandbox)["refresh_token"] == 1
    stored = store.get("sandbox")
    assert stored is not None and stored.api_domain == sandbox.url


def test_expired_tokens_at_the_sandbox_are_refreshed_once_after_401(sandbox: Any) -> None:
    session = open_session(load_connection(stale_document(sandbox)), store=MemoryTokenStore())
    fault = {"route": "GET /crm/v8/*", "expire_tokens": True}
    httpx.post(f"{sandbox.url}/__sandbox__/faults", json=fault, timeout=10).raise_for_status()
    with httpx.Client(timeout=10) as client:
        response = client.get(leads_url(session), auth=session.auth)
    assert response.status_code == 200
    assert grants(sandbox)["refresh_token"] == 1


def test_100_concurrent_async_calls_share_one_refresh_at_the_sandbox(sandbox: Any) -> None:
    session = open_session(load_connection(stale_document(sandbox, expires_at=1)), store=MemoryTokenStore())

    async def main() -> list[int]:
        async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=20)) as client:
            answers = await asyncio.gather(*(client.get(leads_url(session), auth=session.auth)
                                             for _ in range(100)))
        return [answer.status_code for answer in answers]

    assert asyncio.run(main()) == [200] * 100
    assert grants(sandbox)["refresh_token"] == 1


def write_without_token(sandbox: Any, tmp_path: Path) -> Path:
    data = json.loads(json.dumps(sandbox.connection))
    del data["token"]
    path = tmp_path / "conn.json"
    path.write_text(json.dumps(data))
    return path


def browser(url: str) -> None:
    """The sandbox consents automatically and redirects to our loopback callback."""
    httpx.get(url, follow_redirects=True, timeout=10)


def run(args: list[str], store: MemoryTokenStore) -> Any:
    deps = AuthDeps(open_browser=browser, token_store=lambda: store)
    return CliRunner().invoke(auth, args, obj=deps, catch_exceptions=False)


def test_login_against_the_sandbox_gives_a_working_connection(sandbox: Any, tmp_path: Path) -> None:
    store = MemoryTokenStore()
    path = write_without_token(sandbox, tmp_path)
    result = run(["login", "--connection", str(path)], store)
    assert result.exit_code == 0, result.output
    assert grants(sandbox)["authorization_code"] == 1
    document = load_connection(path)
    assert document.token is not None and document.token.refresh_token
    assert document.token.api_domain == sandbox.url
    session = open_session(document, store=store)
    with httpx.Client(timeout=10) as client:
        assert client.get(leads_url(session), auth=session.auth).status_code == 200
    assert grants(sandbox)["refresh_token"] == 0  # the stored token was used


def test_exchange_and_revoke_against_the_sandbox(sandbox: Any, tmp_path: Path) -> None:
    store = MemoryTokenStore()
    path = write_without_token(sandbox, tmp_path)
    fields = sandbox.connection["fields"]
    redirect_uri = "http://127.0.0.1:9/callback"
    consent = httpx.get(fields["authorizeUrl"], timeout=10, params={
        "client_id": fields["clientId"], "scope": fields["scopes"], "response_type": "code",
        "access_type": "offline", "redirect_uri": redirect_uri})
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]

    exchanged = run(["exchange", "--connection", str(path), "--code", code, "--redirect-uri", redirect_uri],
                    store)
    assert exchanged.exit_code == 0, exchanged.output
    assert code not in exchanged.output
    assert store.get("sandbox") is not None

    revoked = run(["revoke", "--connection", str(path)], store)
    assert revoked.exit_code == 0, revoked.output
    assert store.get("sandbox") is None

    written = json.loads(path.read_text())
    refresh_token = written["token"]["refresh_token"]
    del written["token"]["access_token"]  # force a refresh with the revoked refresh token
    session = open_session(load_connection(written), store=store)
    with httpx.Client(timeout=10) as client, pytest.raises(AuthError) as caught:
        client.get(leads_url(session), auth=session.auth)
    assert caught.value.reason == "invalid_code"
    assert refresh_token not in str(caught.value)
