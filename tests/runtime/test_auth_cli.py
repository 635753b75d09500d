"""`connector auth` commands against the MockTransport fake: exchange, login (loopback), revoke."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import yaml
from click.testing import CliRunner
from test_auth_support import (
    CLIENT_ID,
    CLIENT_SECRET,
    GRANT_CODE,
    REFRESH_TOKEN,
    Clock,
    FakeZoho,
    document,
)

from connector.auth.store import MemoryTokenStore, refresh_token_fingerprint
from connector.cli.auth import AuthDeps, auth

NOW = 1_800_000_000.0


def deps_for(fake: FakeZoho, store: MemoryTokenStore, open_browser: Any = None) -> AuthDeps:
    return AuthDeps(http_client=fake.client, open_browser=open_browser or (lambda url: None),
                    token_store=lambda: store, clock=Clock(NOW))


def write_doc(tmp_path: Path, data: dict[str, Any], name: str = "conn.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if name.endswith(".yaml") else json.dumps(data))
    return path


def run(deps: AuthDeps, *args: str) -> Any:
    return CliRunner().invoke(auth, list(args), obj=deps, catch_exceptions=False)


def exchange(deps: AuthDeps, path: Path, code: str = GRANT_CODE) -> Any:
    return run(deps, "exchange", "--connection", str(path), "--code", code)


def assert_no_secrets(text: str) -> None:
    for secret in (CLIENT_SECRET, REFRESH_TOKEN, GRANT_CODE, "1000.access"):
        assert secret not in text


def test_exchange_writes_the_token_and_stores_it(tmp_path: Path) -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    data = document(refresh_token=None)
    data["fields"]["clientSecret"] = "${ZOHO_TEST_SECRET}"
    path = write_doc(tmp_path, data)
    out = tmp_path / "out" / "conn.json"
    result = CliRunner(env={"ZOHO_TEST_SECRET": CLIENT_SECRET}).invoke(
        auth, ["exchange", "--connection", str(path), "--code", GRANT_CODE, "--out", str(out)],
        obj=deps_for(fake, store), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary == {"connection": str(out), "connection_id": "acme-test", "refresh_token": True,
                       "api_domain": "https://www.zohoapis.eu", "expires_at": NOW + 3600}
    assert_no_secrets(result.output)
    written = json.loads(out.read_text())
    assert written["token"]["refresh_token"] == REFRESH_TOKEN
    assert written["token"]["api_domain"] == "https://www.zohoapis.eu"
    assert written["fields"]["clientSecret"] == "${ZOHO_TEST_SECRET}"  # references survive
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    stored = store.get("acme-test")
    assert stored is not None and stored.access_token == written["token"]["access_token"]
    assert stored.refresh_token_fingerprint == refresh_token_fingerprint(REFRESH_TOKEN)
    form = parse_qs(fake.token_requests()[0].content.decode())
    assert form["grant_type"] == ["authorization_code"] and form["code"] == [GRANT_CODE]


def test_exchange_overwrites_the_connection_file_by_default(tmp_path: Path) -> None:
    fake = FakeZoho()
    path = write_doc(tmp_path, document(refresh_token=None))
    result = exchange(deps_for(fake, MemoryTokenStore()), path)
    assert result.exit_code == 0
    assert yaml.safe_load(path.read_text())["token"]["refresh_token"] == REFRESH_TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_expired_code_exits_3_with_the_reason_and_no_secret(tmp_path: Path) -> None:
    fake = FakeZoho(codes=set())
    path = write_doc(tmp_path, document())
    result = exchange(deps_for(fake, MemoryTokenStore()), path)
    assert result.exit_code == 3
    assert "invalid_code" in result.stderr and "3 minutes" in result.stderr
    assert_no_secrets(result.output)


def test_an_invalid_document_exits_3_naming_the_field(tmp_path: Path) -> None:
    data = document()
    del data["fields"]["tokenUrl"]
    path = write_doc(tmp_path, data)
    result = exchange(deps_for(FakeZoho(), MemoryTokenStore()), path, code="x")
    assert result.exit_code == 3
    assert "fields.tokenUrl" in result.stderr


def test_a_network_failure_exits_3(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    deps = AuthDeps(http_client=lambda: httpx.Client(transport=httpx.MockTransport(refuse)),
                    token_store=MemoryTokenStore)
    path = write_doc(tmp_path, document())
    result = exchange(deps, path)
    assert result.exit_code == 3
    assert "Could not reach accounts.zoho.eu: ConnectError" in result.stderr


class Browser:
    """Plays the user's browser: checks the consent URL, then follows Zoho's redirect to the callback."""

    def __init__(self, *, accounts_server: str = "https://accounts.zoho.eu", state: str | None = None,
                 extra: dict[str, str] | None = None) -> None:
        self.accounts_server = accounts_server
        self.state = state
        self.extra = extra or {}
        self.consent_url = ""

    def __call__(self, url: str) -> None:
        self.consent_url = url
        params = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
        query = {"code": GRANT_CODE, "state": self.state or params["state"], "location": "eu",
                 "accounts-server": self.accounts_server, **self.extra}
        httpx.get(params["redirect_uri"], params=query)


def test_login_runs_the_consent_flow_over_a_loopback_redirect(tmp_path: Path) -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    browser = Browser()
    path = write_doc(tmp_path, document(refresh_token=None))
    result = run(deps_for(fake, store, browser), "login", "--connection", str(path))
    assert result.exit_code == 0, result.output
    consent = urlsplit(browser.consent_url)
    params = {key: values[0] for key, values in parse_qs(consent.query).items()}
    assert consent.netloc == "accounts.zoho.eu" and consent.path == "/oauth/v2/auth"
    assert params["access_type"] == "offline" and params["prompt"] == "consent"
    assert params["response_type"] == "code" and params["client_id"] == CLIENT_ID
    assert params["scope"] == "ZohoCRM.modules.ALL"
    assert params["redirect_uri"].startswith("http://127.0.0.1:")
    assert params["redirect_uri"].endswith("/callback")
    exchange = parse_qs(fake.token_requests()[0].content.decode())
    assert exchange["redirect_uri"] == [params["redirect_uri"]]
    assert yaml.safe_load(path.read_text())["token"]["refresh_token"] == REFRESH_TOKEN
    assert store.get("acme-test") is not None
    assert_no_secrets(result.output)


def test_login_follows_the_accounts_server_of_another_data_centre(tmp_path: Path) -> None:
    fake = FakeZoho(api_domain="https://www.zohoapis.in")
    data = document(refresh_token=None)
    data["fields"]["tokenUrl"] = "https://accounts.zoho.com/oauth/v2/token"
    data["fields"]["authorizeUrl"] = "https://accounts.zoho.com/oauth/v2/auth?access_type=online"
    path = write_doc(tmp_path, data)
    browser = Browser(accounts_server="https://accounts.zoho.in")
    result = run(deps_for(fake, MemoryTokenStore(), browser), "login", "--connection", str(path))
    assert result.exit_code == 0, result.output
    assert "access_type=offline" in browser.consent_url and "access_type=online" not in browser.consent_url
    assert fake.token_requests()[0].url.host == "accounts.zoho.in"
    written = yaml.safe_load(path.read_text())
    assert written["fields"]["tokenUrl"] == "https://accounts.zoho.in/oauth/v2/token"
    assert written["fields"]["revokeUrl"] == "https://accounts.zoho.in/oauth/v2/token/revoke"
    assert written["token"]["api_domain"] == "https://www.zohoapis.in"


def test_login_refuses_an_accounts_server_that_is_not_zoho(tmp_path: Path) -> None:
    fake = FakeZoho()
    path = write_doc(tmp_path, document(refresh_token=None))
    browser = Browser(accounts_server="https://accounts.evil.example")
    result = run(deps_for(fake, MemoryTokenStore(), browser), "login", "--connection", str(path))
    assert result.exit_code == 3
    assert "unexpected accounts server" in result.stderr
    assert fake.token_requests() == []


def test_login_rejects_a_wrong_state(tmp_path: Path) -> None:
    fake = FakeZoho()
    path = write_doc(tmp_path, document(refresh_token=None))
    deps = deps_for(fake, MemoryTokenStore(), Browser(state="forged"))
    result = run(deps, "login", "--connection", str(path))
    assert result.exit_code == 3
    assert "wrong state" in result.stderr
    assert fake.token_requests() == []


def test_login_reports_a_denied_consent(tmp_path: Path) -> None:
    fake = FakeZoho()
    path = write_doc(tmp_path, document(refresh_token=None))
    browser = Browser(extra={"error": "access_denied"})
    result = run(deps_for(fake, MemoryTokenStore(), browser), "login", "--connection", str(path))
    assert result.exit_code == 3
    assert "access_denied" in result.stderr


def test_login_times_out_without_a_redirect(tmp_path: Path) -> None:
    path = write_doc(tmp_path, document(refresh_token=None))
    result = run(deps_for(FakeZoho(), MemoryTokenStore()), "login", "--connection", str(path), "--no-browser",
                 "--timeout", "0.2")
    assert result.exit_code == 3
    assert "Open this URL" in result.stderr and "No authorization arrived" in result.stderr


def test_revoke_revokes_and_forgets_the_stored_token(tmp_path: Path) -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    path = write_doc(tmp_path, document(refresh_token=None))
    assert exchange(deps_for(fake, store), path).exit_code == 0
    assert store.get("acme-test") is not None
    result = run(deps_for(fake, store), "revoke", "--connection", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"revoked": True, "connection_id": "acme-test"}
    assert fake.revoked and store.get("acme-test") is None
    revoke_request = fake.seen[-1]
    assert revoke_request.url.path == "/oauth/v2/token/revoke" and "token=" not in str(revoke_request.url)
    again = run(deps_for(fake, store), "revoke", "--connection", str(path))
    assert again.exit_code == 3 and "did not revoke" in again.stderr
    assert_no_secrets(again.output)


def test_revoke_without_a_refresh_token_exits_3(tmp_path: Path) -> None:
    path = write_doc(tmp_path, document(refresh_token=None))
    result = run(deps_for(FakeZoho(), MemoryTokenStore()), "revoke", "--connection", str(path))
    assert result.exit_code == 3 and "no refresh token" in result.stderr


@pytest.mark.parametrize("command", ["exchange", "login", "revoke", "status"])
def test_commands_have_help(command: str) -> None:
    result = CliRunner().invoke(auth, [command, "--help"])
    assert result.exit_code == 0 and "--connection" in result.output


def test_exchange_reads_the_code_from_stdin(tmp_path: Path) -> None:
    fake = FakeZoho()
    path = write_doc(tmp_path, document(refresh_token=None))
    result = CliRunner().invoke(auth, ["exchange", "--connection", str(path), "--code", "-"],
                                obj=deps_for(fake, MemoryTokenStore()), input=GRANT_CODE + "\n")
    assert result.exit_code == 0, result.output
    assert parse_qs(fake.token_requests()[0].content.decode())["code"] == [GRANT_CODE]


def test_status_shows_what_would_be_used_without_secrets(tmp_path: Path) -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    path = write_doc(tmp_path, document(refresh_token=None))
    before = json.loads(run(deps_for(fake, store), "status", "--connection", str(path)).stdout)
    assert before["refresh_token"] is False and before["stored_expires_at"] is None
    assert before["api_domain"] == "https://www.zohoapis.eu" and before["connection_id"] == "acme-test"
    assert exchange(deps_for(fake, store), path).exit_code == 0
    result = run(deps_for(fake, store), "status", "--connection", str(path))
    after = json.loads(result.stdout)
    assert after["refresh_token"] is True
    assert after["stored_expires_at"] == NOW + 3600 and after["now"] == NOW
    assert_no_secrets(result.output)
