"""All 14 actions through the command line against the sandbox over loopback.

``connector run KEY -i ... --connection FILE`` on success and on each action's main failure paths
(a Zoho error: exit 4 naming Zoho's code; a revoked refresh token behind an expired access token:
exit 3), ``connector invoke`` and ``connector invoke --jsonl``. Most cases use click's CliRunner;
a few run the real ``python -m connector`` in a subprocess. The token store is isolated: every test
gets its own ``$CONNECTOR_HOME`` and a fresh default runtime.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from connector.auth.store import SqliteTokenStore
from connector.cli.main import main
from connector.runtime import runtime as runtime_module
from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP

MISSING_CRM_ID = "1234567890123456789"
MISSING_BOOKS_ID = "460000000000001"
ALL_ACTIONS = 14


# --- fixtures and helpers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Seeds:
    """Ids of seeded records, read straight from the sandbox (not through the connector)."""

    lead_id: str
    contact_id: str
    organization_id: str


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private $CONNECTOR_HOME and a fresh process-wide runtime whose token store lives there."""
    directory = tmp_path / "connector-home"
    monkeypatch.setenv("CONNECTOR_HOME", str(directory))
    monkeypatch.setattr(runtime_module, "_default", None)
    yield directory
    created = runtime_module._default
    if created is not None:
        created.close()


@pytest.fixture
def connection_file(sandbox: SandboxServer, tmp_path: Path, home: Path) -> Path:
    path = tmp_path / "connection.json"
    path.write_text(json.dumps(sandbox.connection))
    return path


def seed_token_header(sandbox: SandboxServer) -> dict[str, str]:
    return {"Authorization": f"Zoho-oauthtoken {sandbox.connection['token']['access_token']}"}


def zoho_get(sandbox: SandboxServer, path: str, **params: str) -> Any:
    """A GET straight to the sandbox with the seeded token; None for an empty (204) answer."""
    answer = HTTP.get(f"{sandbox.url}{path}", params=params, headers=seed_token_header(sandbox))
    answer.raise_for_status()
    return answer.json() if answer.content else None


@pytest.fixture
def seeds(sandbox: SandboxServer) -> Seeds:
    lead = zoho_get(sandbox, "/crm/v8/Leads", fields="Last_Name", per_page="1")["data"][0]
    organizations = zoho_get(sandbox, "/books/v3/organizations")["organizations"]
    (organization_id,) = [str(org["organization_id"]) for org in organizations if org["is_default_org"]]
    contact = zoho_get(sandbox, "/books/v3/contacts", organization_id=organization_id,
                       per_page="1")["contacts"][0]
    return Seeds(lead["id"], str(contact["contact_id"]), organization_id)


def stats(sandbox: SandboxServer) -> dict[str, Any]:
    body: dict[str, Any] = HTTP.get(f"{sandbox.url}/__sandbox__/stats").json()
    return body


def assignments(inputs: dict[str, Any]) -> list[str]:
    """``-i NAME=VALUE`` arguments; non-strings as JSON, as a shell user would type them."""
    args: list[str] = []
    for name, value in inputs.items():
        args += ["-i", f"{name}={value if isinstance(value, str) else json.dumps(value)}"]
    return args


def cli_run(key: str, inputs: dict[str, Any], connection: Path) -> Result:
    return CliRunner().invoke(main, ["run", key, *assignments(inputs), "--connection", str(connection)])


def cli_invoke(stdin: str, *options: str) -> Result:
    return CliRunner().invoke(main, ["invoke", *options], input=stdin)


def subprocess_cli(args: list[str], home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CONNECTOR_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "connector", *args], input=stdin, capture_output=True,
                          text=True, env=environment, timeout=60, check=False)


# --- the cases: inputs and what the output must hold, per action ------------------------------

Inputs = Callable[[Seeds], dict[str, Any]]
Check = Callable[[Any, SandboxServer, Seeds], None]


def check_leads_page(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert len(body["data"]) == 3
    assert all(set(record) == {"id", "Last_Name", "Email"} for record in body["data"])
    assert body["info"]["per_page"] == 3


def check_one_lead(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert [record["id"] for record in body["data"]] == [seeds.lead_id]
    assert "Last_Name" in body["data"][0]


def check_lead_created(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    (item,) = body["data"]
    assert item["code"] == "SUCCESS"
    stored = zoho_get(sandbox, f"/crm/v8/Leads/{item['details']['id']}", fields="Last_Name,Company")
    assert (stored["data"][0]["Last_Name"], stored["data"][0]["Company"]) == ("Cli", "Acme")


def check_lead_updated(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["data"][0]["code"] == "SUCCESS"
    stored = zoho_get(sandbox, f"/crm/v8/Leads/{seeds.lead_id}", fields="Last_Name")
    assert stored["data"][0]["Last_Name"] == "Renamed By Cli"


def check_lead_removed(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["data"][0]["details"]["id"] == seeds.lead_id
    assert zoho_get(sandbox, f"/crm/v8/Leads/{seeds.lead_id}", fields="Last_Name") is None  # 204


def check_query_rows(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert len(body["data"]) == 2
    assert all("Last_Name" in row for row in body["data"])
    assert body["info"]["count"] == 2


def check_attachment(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["data"][0]["code"] == "SUCCESS"
    listed = zoho_get(sandbox, f"/crm/v8/Leads/{seeds.lead_id}/Attachments", fields="File_Name,Size")
    (attachment,) = listed["data"]
    assert attachment["File_Name"] == "note.txt"
    assert int(attachment["Size"]) == len("hello from the command line")


def check_raw_crm(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert len(body["data"]) == 2
    assert body["info"]["per_page"] == 2


def check_contacts_page(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["code"] == 0
    assert len(body["contacts"]) == 2
    assert body["page_context"]["per_page"] == 2


def check_one_contact(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["code"] == 0
    assert str(body["contact"]["contact_id"]) == seeds.contact_id


def check_contact_created(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["code"] == 0
    stored = zoho_get(sandbox, f"/books/v3/contacts/{body['contact']['contact_id']}",
                      organization_id=seeds.organization_id)
    assert stored["contact"]["contact_name"] == "Cli Contact"


def check_contact_updated(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["code"] == 0
    stored = zoho_get(sandbox, f"/books/v3/contacts/{seeds.contact_id}",
                      organization_id=seeds.organization_id)
    assert stored["contact"]["company_name"] == "Renamed By Cli"


def check_contact_removed(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["code"] == 0
    answer = HTTP.get(f"{sandbox.url}/books/v3/contacts/{seeds.contact_id}",
                      params={"organization_id": seeds.organization_id},
                      headers=seed_token_header(sandbox))
    assert answer.status_code == 404


def check_raw_books(body: Any, sandbox: SandboxServer, seeds: Seeds) -> None:
    assert body["code"] == 0
    assert len(body["contacts"]) == 1


SUCCESS: dict[str, tuple[Inputs, Check]] = {
    "crmGetRecords": (lambda s: {"recordType": "Leads", "fields": "Last_Name,Email", "per_page": "3"},
                      check_leads_page),
    "crmGetRecord": (lambda s: {"recordType": "Leads", "recordId": s.lead_id, "fields": "Last_Name"},
                     check_one_lead),
    "crmCreateRecord": (lambda s: {"recordType": "Leads",
                                   "fieldValues": {"Last_Name": "Cli", "Company": "Acme"}},
                        check_lead_created),
    "crmUpdateRecord": (lambda s: {"recordType": "Leads", "recordId": s.lead_id,
                                   "fieldValues": [{"key": "Last_Name", "value": "Renamed By Cli"}]},
                        check_lead_updated),
    "crmRemoveRecord": (lambda s: {"recordType": "Leads", "recordId": s.lead_id}, check_lead_removed),
    "crmRunQuery": (lambda s: {"query": "select Last_Name from Leads where Last_Name is not null limit 2"},
                    check_query_rows),
    "crmAddAttachment": (lambda s: {"recordType": "Leads", "recordId": s.lead_id,
                                    "file": "hello from the command line", "fileName": "note.txt"},
                         check_attachment),
    "crmRawRequest": (lambda s: {"url": "/Leads", "method": "GET",
                                 "queryParams": {"fields": "Last_Name", "per_page": "2"}},
                      check_raw_crm),
    "booksGetRecords": (lambda s: {"recordType": "contacts", "page": "1", "per_page": "2"},
                        check_contacts_page),
    "booksGetRecord": (lambda s: {"recordType": "contacts", "recordId": s.contact_id}, check_one_contact),
    "booksCreateRecord": (lambda s: {"recordType": "contacts",
                                     "fieldValues": [{"key": "contact_name", "value": "Cli Contact"}]},
                          check_contact_created),
    "booksUpdateRecord": (lambda s: {"recordType": "contacts", "recordId": s.contact_id,
                                     "fieldValues": {"company_name": "Renamed By Cli"}},
                          check_contact_updated),
    "booksRemoveRecord": (lambda s: {"recordType": "contacts", "recordId": s.contact_id},
                          check_contact_removed),
    "booksRawRequest": (lambda s: {"url": "/contacts", "method": "GET",
                                   "queryParams": [{"key": "per_page", "value": "1"}]},
                        check_raw_books),
}

# action -> (inputs, HTTP status and Zoho code that stderr must name)
ZOHO_FAILURE: dict[str, tuple[dict[str, Any], str]] = {
    "crmGetRecords": ({"recordType": "NoSuchModule", "fields": "Last_Name"}, "400 INVALID_MODULE"),
    # Zoho answers an unknown id with 204 and no body, so there is no Zoho code to name.
    "crmGetRecord": ({"recordType": "Leads", "recordId": MISSING_CRM_ID}, "answered 204 No Content"),
    "crmCreateRecord": ({"recordType": "Leads", "fieldValues": {"Company": "No Last Name"}},
                        "400 MANDATORY_NOT_FOUND"),
    "crmUpdateRecord": ({"recordType": "Leads", "recordId": MISSING_CRM_ID,
                         "fieldValues": {"Last_Name": "X"}}, "400 INVALID_DATA"),
    "crmRemoveRecord": ({"recordType": "Leads", "recordId": MISSING_CRM_ID}, "400 INVALID_DATA"),
    "crmRunQuery": ({"query": "select from where"}, "400 SYNTAX_ERROR"),
    "crmAddAttachment": ({"recordType": "Leads", "recordId": MISSING_CRM_ID, "file": "x",
                          "fileName": "a.txt"}, "400 INVALID_DATA"),
    "crmRawRequest": ({"url": "/NoSuchModule", "method": "GET"}, "400 INVALID_MODULE"),
    "booksGetRecords": ({"recordType": "contacts", "organizationId": "999"}, "6041"),
    "booksGetRecord": ({"recordType": "contacts", "recordId": MISSING_BOOKS_ID}, "404 1002"),
    "booksCreateRecord": ({"recordType": "contacts", "fieldValues": {"company_name": "Nameless"}},
                          "400 4: Invalid value passed for contact_name"),
    "booksUpdateRecord": ({"recordType": "contacts", "recordId": MISSING_BOOKS_ID,
                           "fieldValues": {"company_name": "X"}}, "404 1002"),
    "booksRemoveRecord": ({"recordType": "contacts", "recordId": MISSING_BOOKS_ID}, "404 1002"),
    "booksRawRequest": ({"url": f"/contacts/{MISSING_BOOKS_ID}", "method": "GET"}, "404 1002"),
}


def test_the_tables_cover_every_action() -> None:
    listed = json.loads(CliRunner().invoke(main, ["actions", "--json"]).stdout)
    keys = {entry["key"] for entry in listed}
    assert len(keys) == ALL_ACTIONS
    assert set(SUCCESS) == set(ZOHO_FAILURE) == keys


# --- connector run ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SUCCESS))
def test_run_succeeds(key: str, sandbox: SandboxServer, seeds: Seeds, connection_file: Path) -> None:
    inputs, check = SUCCESS[key]
    result = cli_run(key, inputs(seeds), connection_file)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    output = json.loads(result.stdout)
    assert list(output) == ["data"]
    check(output["data"], sandbox, seeds)


@pytest.mark.parametrize("key", sorted(ZOHO_FAILURE))
def test_run_zoho_error_exits_4_naming_zohos_code(key: str, sandbox: SandboxServer,
                                                  connection_file: Path) -> None:
    inputs, expected = ZOHO_FAILURE[key]
    result = cli_run(key, inputs, connection_file)
    assert result.exit_code == 4, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert expected in result.stderr


@pytest.mark.parametrize("key", sorted(SUCCESS))
def test_run_with_a_revoked_refresh_token_and_expired_access_token_exits_3(
        key: str, sandbox: SandboxServer, seeds: Seeds, home: Path, tmp_path: Path) -> None:
    document = sandbox.connection
    document["token"] = {**document["token"], "expires_at": 1_000_000_000}
    path = tmp_path / "expired.json"
    path.write_text(json.dumps(document))
    HTTP.post(f"{sandbox.url}/oauth/v2/token/revoke",
              params={"token": document["token"]["refresh_token"]}).raise_for_status()
    before = stats(sandbox)["requests"]

    result = cli_run(key, SUCCESS[key][0](seeds), path)

    assert result.exit_code == 3, result.stderr
    assert result.stdout == ""
    assert "Could not refresh the access token" in result.stderr
    assert "invalid_code" in result.stderr
    after = stats(sandbox)["requests"]
    sent = {route: count - before.get(route, 0) for route, count in after.items()
            if count != before.get(route)}
    assert sent == {"POST /oauth/v2/token": 1}  # the refresh attempt, and no API request


def test_run_refreshes_an_expired_token_into_connector_home(sandbox: SandboxServer, home: Path,
                                                            tmp_path: Path) -> None:
    document = sandbox.connection
    document["token"] = {**document["token"], "expires_at": 1_000_000_000}
    path = tmp_path / "expired.json"
    path.write_text(json.dumps(document))
    result = cli_run("crmRunQuery", {"query": "select Last_Name from Leads limit 1"}, path)
    assert result.exit_code == 0, result.stderr
    assert stats(sandbox)["token_grants"]["refresh_token"] == 1
    stored = SqliteTokenStore(home / "tokens.sqlite3").get("sandbox")  # the isolated store, not ~
    assert stored is not None
    assert stored.access_token in sandbox.state.accounts.access_tokens
    assert stored.access_token != document["token"]["access_token"]


def test_run_in_a_subprocess_succeeds_and_fails(sandbox: SandboxServer, connection_file: Path,
                                                home: Path) -> None:
    ok = subprocess_cli(["run", "crmGetRecords", "-i", "recordType=Leads", "-i", "fields=Last_Name",
                         "-i", "per_page=2", "--connection", str(connection_file)], home)
    assert ok.returncode == 0, ok.stderr
    body = json.loads(ok.stdout)["data"]
    assert len(body["data"]) == 2

    failed = subprocess_cli(["run", "crmRunQuery", "-i", "query=select from where",
                             "--connection", str(connection_file)], home)
    assert failed.returncode == 4
    assert failed.stdout == ""
    assert "SYNTAX_ERROR" in failed.stderr


# --- connector invoke -------------------------------------------------------------------------


def request_text(sandbox: SandboxServer, action: str, inputs: dict[str, Any],
                 connection: dict[str, Any] | None = None) -> str:
    return json.dumps({"action": action, "inputs": inputs, "connection": connection or sandbox.connection})


@pytest.mark.parametrize("key", ["crmGetRecords", "crmGetRecord", "booksGetRecord", "booksCreateRecord"])
def test_invoke_answers_ok_with_the_data(key: str, sandbox: SandboxServer, seeds: Seeds, home: Path) -> None:
    inputs, check = SUCCESS[key]
    result = cli_invoke(request_text(sandbox, key, inputs(seeds)))
    assert result.exit_code == 0, result.stdout
    response = json.loads(result.stdout)
    assert response["ok"] is True
    check(response["data"], sandbox, seeds)


@pytest.mark.parametrize(("key", "status", "code"), [
    ("crmRunQuery", 400, "SYNTAX_ERROR"),
    ("crmGetRecord", 204, "RECORD_NOT_FOUND"),
    ("booksGetRecord", 404, "1002"),
    ("crmCreateRecord", 400, "MANDATORY_NOT_FOUND"),
])
def test_invoke_api_errors_exit_4_with_status_and_code(key: str, status: int, code: str,
                                                       sandbox: SandboxServer, home: Path) -> None:
    result = cli_invoke(request_text(sandbox, key, ZOHO_FAILURE[key][0]))
    assert result.exit_code == 4
    response = json.loads(result.stdout)
    assert response["ok"] is False
    error = response["error"]
    assert (error["kind"], error["status"], error["code"]) == ("api", status, code)
    assert error["message"]


def test_invoke_auth_failure_exits_3(sandbox: SandboxServer, home: Path) -> None:
    document = sandbox.connection
    document["token"] = {**document["token"], "expires_at": 1_000_000_000,
                         "refresh_token": "1000.not-a-real-refresh-token"}
    query = {"query": "select Last_Name from Leads"}
    result = cli_invoke(request_text(sandbox, "crmRunQuery", query, document))
    assert result.exit_code == 3
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "auth"
    assert "invalid_code" in error["message"]
    assert "not-a-real-refresh-token" not in result.stdout


def test_invoke_input_error_exits_2_naming_the_input(sandbox: SandboxServer, home: Path) -> None:
    result = cli_invoke(request_text(sandbox, "booksGetRecord", {"recordType": "contacts"}))
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert (error["kind"], error["input"]) == ("input", "recordId")


def test_invoke_jsonl_batch_answers_in_order_and_shares_one_runtime(sandbox: SandboxServer, seeds: Seeds,
                                                                     home: Path) -> None:
    lines = [
        request_text(sandbox, "booksGetRecords", {"recordType": "contacts", "per_page": "1"}),
        request_text(sandbox, "crmRunQuery", {"query": "select from where"}),
        request_text(sandbox, "crmGetRecord", {"recordType": "Leads", "recordId": seeds.lead_id}),
        request_text(sandbox, "booksGetRecord", {"recordType": "contacts"}),
        request_text(sandbox, "booksGetRecord", {"recordType": "contacts", "recordId": seeds.contact_id}),
    ]
    before = stats(sandbox)["requests"].get("GET /books/v3/organizations", 0)
    result = cli_invoke("\n".join(lines) + "\n", "--jsonl")
    responses = [json.loads(line) for line in result.stdout.splitlines()]
    assert [response["ok"] for response in responses] == [True, False, True, False, True]
    assert responses[0]["data"]["contacts"]
    assert responses[1]["error"]["code"] == "SYNTAX_ERROR"
    assert responses[2]["data"]["data"][0]["id"] == seeds.lead_id
    assert responses[3]["error"]["input"] == "recordId"
    assert str(responses[4]["data"]["contact"]["contact_id"]) == seeds.contact_id
    assert result.exit_code == 4  # that of the first failed request
    # One process, one runtime: the Books organization was discovered once for both Books calls.
    assert stats(sandbox)["requests"]["GET /books/v3/organizations"] - before == 1


def test_invoke_in_a_subprocess_succeeds_and_fails(sandbox: SandboxServer, seeds: Seeds, home: Path) -> None:
    ok = subprocess_cli(["invoke"], home, stdin=request_text(
        sandbox, "booksGetRecord", {"recordType": "contacts", "recordId": seeds.contact_id}))
    assert ok.returncode == 0, ok.stderr
    assert str(json.loads(ok.stdout)["data"]["contact"]["contact_id"]) == seeds.contact_id

    failed = subprocess_cli(["invoke"], home, stdin=request_text(
        sandbox, "crmUpdateRecord", ZOHO_FAILURE["crmUpdateRecord"][0]))
    assert failed.returncode == 4
    error = json.loads(failed.stdout)["error"]
    assert (error["kind"], error["code"]) == ("api", "INVALID_DATA")


def test_invoke_jsonl_in_a_subprocess(sandbox: SandboxServer, home: Path) -> None:
    lines = [request_text(sandbox, "crmRunQuery", {"query": "select Last_Name from Leads limit 1"}),
             request_text(sandbox, "crmGetRecords", {"recordType": "Leads"})]
    done = subprocess_cli(["invoke", "--jsonl"], home, stdin="\n".join(lines) + "\n")
    responses = [json.loads(line) for line in done.stdout.splitlines()]
    assert [response["ok"] for response in responses] == [True, False]
    assert len(responses[0]["data"]["data"]) == 1
    assert responses[1]["error"]["input"] == "fields"
    assert done.returncode == 2
