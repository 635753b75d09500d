"""No secret leaks from any action with debugRequest on, through the Python API and the CLI.

Before each run the sandbox expires every access token (a fault on the first request), so the
connector meets a 401, refreshes (client secret and refresh token cross the wire) and re-sends.
Everything observable is then searched for every secret, raw and percent-encoded: log records of
every logger at DEBUG, stdout and stderr, the output, and for failing runs the exception (text,
repr, traceback, to_dict) or the CLI's error text. The debug log must show the requests and
responses, so the test cannot pass by logging nothing.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from click.testing import CliRunner

import connector
from connector.auth.store import MemoryTokenStore
from connector.cli.main import main
from connector.errors import ApiError, AuthError, ConnectorError
from connector.runtime import runtime as runtime_module
from connector.runtime.runtime import Runtime
from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP

MISSING_CRM_ID = "1234567890123456789"
MISSING_BOOKS_ID = "460000000000001"


@dataclass(frozen=True)
class Seeds:
    lead_id: str
    contact_id: str


def seed_get(sandbox: SandboxServer, path: str, **params: str) -> Any:
    token = sandbox.connection["token"]["access_token"]
    answer = HTTP.get(f"{sandbox.url}{path}", params=params,
                      headers={"Authorization": f"Zoho-oauthtoken {token}"})
    answer.raise_for_status()
    return answer.json()


@pytest.fixture
def seeds(sandbox: SandboxServer) -> Seeds:
    lead = seed_get(sandbox, "/crm/v8/Leads", fields="Last_Name", per_page="1")["data"][0]
    organizations = seed_get(sandbox, "/books/v3/organizations")["organizations"]
    (organization_id,) = [str(org["organization_id"]) for org in organizations if org["is_default_org"]]
    contact = seed_get(sandbox, "/books/v3/contacts", organization_id=organization_id,
                       per_page="1")["contacts"][0]
    return Seeds(lead["id"], str(contact["contact_id"]))


Inputs = Callable[[Seeds], dict[str, Any]]

SUCCEEDING: dict[str, Inputs] = {
    "crmGetRecords": lambda s: {"recordType": "Leads", "fields": "Last_Name,Email", "per_page": "2"},
    "crmGetRecord": lambda s: {"recordType": "Leads", "recordId": s.lead_id, "fields": "Last_Name"},
    "crmCreateRecord": lambda s: {"recordType": "Leads",
                                  "fieldValues": {"Last_Name": "Quiet", "Company": "Co"}},
    "crmUpdateRecord": lambda s: {"recordType": "Leads", "recordId": s.lead_id,
                                  "fieldValues": {"Last_Name": "Hushed"}},
    "crmRemoveRecord": lambda s: {"recordType": "Leads", "recordId": s.lead_id},
    "crmRunQuery": lambda s: {"query": "select Last_Name from Leads limit 2"},
    "crmAddAttachment": lambda s: {"recordType": "Leads", "recordId": s.lead_id, "file": "secret-free text",
                                   "fileName": "a.txt"},
    "crmRawRequest": lambda s: {"url": "/Leads", "method": "GET",
                                "queryParams": {"fields": "Last_Name", "per_page": "1"}},
    "booksGetRecords": lambda s: {"recordType": "contacts", "per_page": "2"},
    "booksGetRecord": lambda s: {"recordType": "contacts", "recordId": s.contact_id},
    "booksCreateRecord": lambda s: {"recordType": "contacts", "fieldValues": {"contact_name": "Quiet Ltd"}},
    "booksUpdateRecord": lambda s: {"recordType": "contacts", "recordId": s.contact_id,
                                    "fieldValues": {"company_name": "Hushed Ltd"}},
    "booksRemoveRecord": lambda s: {"recordType": "contacts", "recordId": s.contact_id},
    "booksRawRequest": lambda s: {"url": "/contacts", "method": "GET"},
}

FAILING: dict[str, dict[str, Any]] = {
    "crmGetRecords": {"recordType": "NoSuchModule", "fields": "Last_Name"},
    "crmGetRecord": {"recordType": "Leads", "recordId": MISSING_CRM_ID},
    "crmCreateRecord": {"recordType": "Leads", "fieldValues": {"Company": "No Last Name"}},
    "crmUpdateRecord": {"recordType": "Leads", "recordId": MISSING_CRM_ID, "fieldValues": {"Last_Name": "X"}},
    "crmRemoveRecord": {"recordType": "Leads", "recordId": MISSING_CRM_ID},
    "crmRunQuery": {"query": "select from where"},
    "crmAddAttachment": {"recordType": "Leads", "recordId": MISSING_CRM_ID, "file": "x", "fileName": "a.txt"},
    "crmRawRequest": {"url": "/NoSuchModule", "method": "GET"},
    "booksGetRecords": {"recordType": "contacts", "organizationId": "999"},
    "booksGetRecord": {"recordType": "contacts", "recordId": MISSING_BOOKS_ID},
    "booksCreateRecord": {"recordType": "contacts", "fieldValues": {"company_name": "Nameless"}},
    "booksUpdateRecord": {"recordType": "contacts", "recordId": MISSING_BOOKS_ID,
                          "fieldValues": {"company_name": "X"}},
    "booksRemoveRecord": {"recordType": "contacts", "recordId": MISSING_BOOKS_ID},
    "booksRawRequest": {"url": f"/contacts/{MISSING_BOOKS_ID}", "method": "GET"},
}


def test_every_action_is_covered() -> None:
    keys = set(connector.load_component().actions)
    assert len(keys) == 14
    assert set(SUCCEEDING) == set(FAILING) == keys


# --- helpers ----------------------------------------------------------------------------------


def expire_tokens_on_next_request(sandbox: SandboxServer) -> None:
    HTTP.post(f"{sandbox.url}/__sandbox__/faults",
              json={"route": "* *", "expire_tokens": True, "times": 1}).raise_for_status()


def token_grants(sandbox: SandboxServer) -> int:
    count: int = HTTP.get(f"{sandbox.url}/__sandbox__/stats").json()["token_grants"]["refresh_token"]
    return count


def secrets_of(sandbox: SandboxServer) -> list[str]:
    """Client secret, refresh token and every access token the sandbox ever issued (old and refreshed)."""
    document = sandbox.connection
    return [document["fields"]["clientSecret"], document["token"]["refresh_token"],
            *sandbox.state.accounts.access_tokens]


def assert_no_secret(haystack: str, secrets: list[str]) -> None:
    for secret in secrets:
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            assert form not in haystack, f"a secret ({secret[:6]}...) leaked"


def log_text(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record, formatted and raw (message, arguments and all attributes)."""
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), repr(vars(record))]
    return "\n".join(parts)


def error_text(error: BaseException) -> str:
    parts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    if isinstance(error, ConnectorError):
        parts.append(json.dumps(error.to_dict()))
    if isinstance(error, ApiError):
        parts += [repr(error.body), repr(error.headers)]
    return "\n".join(parts)


def assert_debug_logged_the_exchange(caplog: pytest.LogCaptureFixture, key: str) -> None:
    messages = [record.getMessage() for record in caplog.records if record.name.startswith("connector")]
    api_path = "/crm/v8/" if key.startswith("crm") else "/books/v3/"
    requests = [m for m in messages if m.startswith("http request") and api_path in m]
    responses = [m for m in messages if m.startswith("http response")]
    assert requests, f"no request of {key} was logged"
    assert responses, f"no response of {key} was logged"
    assert all('"authorization": "[REDACTED]"' in m for m in requests)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="connector")  # the CLI may have raised it to WARNING
    return caplog


def start_capturing(caplog: pytest.LogCaptureFixture) -> None:
    """Forget what the test's own setup requests logged (a revoke URL carries the token it revokes)."""
    caplog.clear()


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    with Runtime(token_store=MemoryTokenStore(), sleep=lambda _s: None) as shared:
        yield shared


# --- Python API -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SUCCEEDING))
def test_python_api_success_leaks_no_secret(key: str, sandbox: SandboxServer, seeds: Seeds, runtime: Runtime,
                                            debug_logs: pytest.LogCaptureFixture,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    expire_tokens_on_next_request(sandbox)
    start_capturing(debug_logs)
    inputs = {**SUCCEEDING[key](seeds), "debugRequest": "true"}
    result = connector.load_component().invoke(key, inputs, connection=sandbox.connection, runtime=runtime)

    assert token_grants(sandbox) == 1
    stored = runtime.token_store.get("sandbox")
    assert stored is not None
    secrets = secrets_of(sandbox)
    assert stored.access_token in secrets
    assert stored.access_token != sandbox.connection["token"]["access_token"]
    captured = capsys.readouterr()
    assert_no_secret("\n".join([log_text(debug_logs), captured.out, captured.err,
                                json.dumps(result.data, default=repr)]), secrets)
    assert_debug_logged_the_exchange(debug_logs, key)


@pytest.mark.parametrize("key", sorted(FAILING))
def test_python_api_failure_leaks_no_secret(key: str, sandbox: SandboxServer, runtime: Runtime,
                                            debug_logs: pytest.LogCaptureFixture,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    expire_tokens_on_next_request(sandbox)
    start_capturing(debug_logs)
    with pytest.raises(ApiError) as caught:
        connector.load_component().invoke(key, {**FAILING[key], "debugRequest": "true"},
                                          connection=sandbox.connection, runtime=runtime)
    assert token_grants(sandbox) == 1
    captured = capsys.readouterr()
    assert_no_secret("\n".join([log_text(debug_logs), captured.out, captured.err, error_text(caught.value)]),
                     secrets_of(sandbox))
    assert_debug_logged_the_exchange(debug_logs, key)


@pytest.mark.parametrize("key", ["crmRunQuery", "booksGetRecords"])
def test_refused_refresh_leaks_no_secret(key: str, sandbox: SandboxServer, seeds: Seeds, runtime: Runtime,
                                         debug_logs: pytest.LogCaptureFixture) -> None:
    document = sandbox.connection
    HTTP.post(f"{sandbox.url}/oauth/v2/token/revoke",
              params={"token": document["token"]["refresh_token"]}).raise_for_status()
    expire_tokens_on_next_request(sandbox)
    start_capturing(debug_logs)
    with pytest.raises(AuthError) as caught:
        connector.load_component().invoke(key, {**SUCCEEDING[key](seeds), "debugRequest": "true"},
                                          connection=document, runtime=runtime)
    assert "invalid_code" in str(caught.value)
    assert_no_secret(log_text(debug_logs) + error_text(caught.value), secrets_of(sandbox))
    # The capture saw the refused refresh (httpx logs each request it sends), so it was listening.
    assert any("/oauth/v2/token" in record.getMessage() for record in debug_logs.records)


# --- command line -----------------------------------------------------------------------------


@pytest.fixture
def connection_file(sandbox: SandboxServer, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The sandbox's connection document in a file; a private $CONNECTOR_HOME and default runtime."""
    monkeypatch.setenv("CONNECTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(runtime_module, "_default", None)
    path = tmp_path / "connection.json"
    path.write_text(json.dumps(sandbox.connection))
    yield path
    if runtime_module._default is not None:
        runtime_module._default.close()


def cli_run(key: str, inputs: dict[str, Any], connection: Path) -> tuple[int, str, str]:
    args = ["run", key, "--connection", str(connection), "-i", "debugRequest=true"]
    for name, value in inputs.items():
        args += ["-i", f"{name}={value if isinstance(value, str) else json.dumps(value)}"]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("key", sorted(SUCCEEDING))
def test_cli_run_leaks_no_secret(key: str, sandbox: SandboxServer, seeds: Seeds, connection_file: Path,
                                 debug_logs: pytest.LogCaptureFixture) -> None:
    expire_tokens_on_next_request(sandbox)
    start_capturing(debug_logs)
    code, stdout, stderr = cli_run(key, SUCCEEDING[key](seeds), connection_file)
    assert code == 0, stderr
    assert token_grants(sandbox) == 1
    assert "http request" in stderr and "http response" in stderr
    assert_no_secret("\n".join([stdout, stderr, log_text(debug_logs)]), secrets_of(sandbox))


@pytest.mark.parametrize("key", sorted(FAILING))
def test_cli_run_failure_leaks_no_secret(key: str, sandbox: SandboxServer, connection_file: Path,
                                         debug_logs: pytest.LogCaptureFixture) -> None:
    expire_tokens_on_next_request(sandbox)
    start_capturing(debug_logs)
    code, stdout, stderr = cli_run(key, FAILING[key], connection_file)
    assert code == 4, stderr
    assert token_grants(sandbox) == 1
    assert "http request" in stderr and "error: " in stderr
    assert_no_secret("\n".join([stdout, stderr, log_text(debug_logs)]), secrets_of(sandbox))


def test_cli_invoke_leaks_no_secret(sandbox: SandboxServer, seeds: Seeds, connection_file: Path,
                                    debug_logs: pytest.LogCaptureFixture) -> None:
    expire_tokens_on_next_request(sandbox)
    start_capturing(debug_logs)
    lines = [json.dumps({"action": key, "inputs": {**inputs, "debugRequest": True},
                         "connection": sandbox.connection})
             for key, inputs in [("booksGetRecord", {"recordType": "contacts", "recordId": seeds.contact_id}),
                                 ("crmRunQuery", FAILING["crmRunQuery"])]]
    result = CliRunner().invoke(main, ["invoke", "--jsonl"], input="\n".join(lines) + "\n")
    responses = [json.loads(line) for line in result.stdout.splitlines()]
    assert [response["ok"] for response in responses] == [True, False]
    assert token_grants(sandbox) == 1
    assert "http request" in result.stderr
    assert_no_secret("\n".join([result.stdout, result.stderr, log_text(debug_logs)]), secrets_of(sandbox))
