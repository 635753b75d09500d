"""The README's first command: `connector run ... --sandbox` against the embedded sandbox over loopback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from connector.cli.main import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["run", *args])
    return result.exit_code, result.stdout, result.stderr


def test_readme_main_job_reads_leads_from_the_sandbox() -> None:
    code, stdout, stderr = run("crmGetRecords", "-i", "recordType=Leads", "-i", "fields=Last_Name,Email",
                               "--sandbox")
    assert code == 0, stderr
    body = json.loads(stdout)["data"]
    assert body["data"], "the seeded sandbox has Leads"
    assert all(set(record) <= {"id", "Last_Name", "Email"} and "id" in record for record in body["data"])
    assert body["info"]["per_page"] == 200


def test_debug_request_logs_to_stderr_without_the_token() -> None:
    code, stdout, stderr = run("crmRunQuery", "-i", "query=select Last_Name from Leads limit 1",
                               "-i", "debugRequest=true", "--sandbox")
    assert code == 0, stderr
    assert json.loads(stdout)["data"]["data"]
    assert "/crm/v8/coql" in stderr
    assert "authorization" in stderr.lower()
    assert "Zoho-oauthtoken" not in stderr


def test_input_errors_exit_2_before_the_sandbox_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    import connector.sandbox.server as server

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sandbox must not start for invalid inputs")

    monkeypatch.setattr(server, "SandboxServer", refuse)
    code, stdout, stderr = run("crmGetRecords", "-i", "recordType=Leads", "--sandbox")
    assert code == 2
    assert stdout == ""
    assert "fields: is required" in stderr


def test_api_errors_from_the_sandbox_exit_4() -> None:
    code, stdout, stderr = run("crmGetRecord", "-i", "recordType=Leads", "-i", "recordId=1", "--sandbox")
    assert code == 4, stderr
    assert stdout == ""
    assert stderr.startswith("error: ")
