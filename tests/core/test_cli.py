"""The listing, run and invoke commands through the real `connector` group (CliRunner)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import connector
from connector.cli.main import main
from connector.runtime import component as component_module

CONNECTION = {
    "key": "zohoOAuth",
    "fields": {"tokenUrl": "https://accounts.zoho.com/oauth/v2/token", "clientId": "1000.ID",
               "clientSecret": "s3cr3t-value"},
    "token": {"access_token": "at", "refresh_token": "rt", "api_domain": "https://www.zohoapis.com"},
}


class FakeRuntime:
    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def run(self, handler: str, inputs: Mapping[str, Any], **kwargs: Any) -> Any:
        self.calls.append((handler, dict(inputs)))
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


@pytest.fixture
def fake_runtime(monkeypatch: pytest.MonkeyPatch) -> FakeRuntime:
    runtime = FakeRuntime({"data": {"data": [{"Last_Name": "Doe"}], "info": {"more_records": False}}})
    monkeypatch.setattr(component_module, "_default_runtime", lambda: runtime)
    return runtime


@pytest.fixture
def connection_file(tmp_path: Path) -> Path:
    path = tmp_path / "connection.json"
    path.write_text(json.dumps(CONNECTION))
    return path


def cli(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def test_actions_json_lists_all_fourteen() -> None:
    result = cli("actions", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert len(listed) == 14
    assert {"key": "crmRunQuery", "label": "CRM - COQL Query",
            "description": "Run a COQL Query for Zoho CRM"} in listed
    assert all(set(entry) == {"key", "label", "description"} for entry in listed)


def test_actions_text_is_a_table() -> None:
    result = cli("actions")
    assert result.stdout.splitlines()[0].split() == ["KEY", "LABEL", "DESCRIPTION"]
    assert len(result.stdout.splitlines()) == 15


def test_describe_json_has_inputs_in_reference_order_and_options_apart() -> None:
    result = cli("describe", "crmGetRecords", "--json")
    assert result.exit_code == 0
    described = json.loads(result.stdout)
    assert described["key"] == "crmGetRecords"
    assert [i["key"] for i in described["inputs"]] == [
        "connection", "debugRequest", "fields", "page", "page_token", "per_page", "recordType", "sort_by",
        "sort_order"]
    fields = described["inputs"][2]
    assert fields == {"key": "fields", "label": "Fields", "type": "string", "required": True,
                      "collection": "valuelist", "comments": "The names of the fields to retrieve"}
    assert [o["key"] for o in described["options"]] == ["fetchAll", "maxRecords"]


def test_describe_text_and_unknown_action() -> None:
    assert "Options (additions beyond the reference):" in cli("describe", "booksGetRecord").stdout
    result = cli("describe", "nope")
    assert result.exit_code == 2
    assert "unknown action 'nope'" in result.stderr


def test_connections_json() -> None:
    result = cli("connections", "--json")
    (connection,) = json.loads(result.stdout)
    assert connection["key"] == "zohoOAuth"
    assert connection["label"] == "Zoho OAuth 2.0"
    scopes = next(i for i in connection["inputs"] if i["key"] == "scopes")
    assert scopes["default"].startswith("ZohoCRM.coql.READ ") and scopes["required"] is True
    assert next(i for i in connection["inputs"] if i["key"] == "clientSecret")["type"] == "password"


def test_run_prints_the_data_envelope(fake_runtime: FakeRuntime, connection_file: Path) -> None:
    result = cli("run", "crmGetRecords", "-i", "recordType=Leads", "-i", "fields=Last_Name,Email",
                 "-i", "per_page=5", "--connection", str(connection_file))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"data": {"data": [{"Last_Name": "Doe"}],
                                                  "info": {"more_records": False}}}
    handler, inputs = fake_runtime.calls[0]
    assert handler == "zoho.crm.getRecords"
    assert inputs["fields"] == ["Last_Name", "Email"] and inputs["per_page"] == 5


def test_run_inputs_file_config_vars_and_json_values(fake_runtime: FakeRuntime, connection_file: Path,
                                                      tmp_path: Path) -> None:
    inputs_file = tmp_path / "inputs.yaml"
    inputs_file.write_text("recordType: Contacts\nfieldValues:\n  Last_Name: Doe\n"
                           "dynamicValues: {$configVar: Lead Defaults}\n")
    result = cli("run", "crmCreateRecord", "--inputs", str(inputs_file), "-i", "recordType=Leads",
                 "-i", 'fieldValues={"Last_Name": "Roe", "No_of_Employees": 12}',
                 "--config-var", 'Lead Defaults=[{"key": "Company", "value": "Acme"}]',
                 "--connection", str(connection_file))
    assert result.exit_code == 0, result.stderr
    _, inputs = fake_runtime.calls[0]
    assert inputs["recordType"] == "Leads"
    assert inputs["fieldValues"] == {"Last_Name": "Roe", "No_of_Employees": 12}
    assert inputs["dynamicValues"] == [{"key": "Company", "value": "Acme"}]


def test_run_input_errors_exit_2_naming_the_input(fake_runtime: FakeRuntime, connection_file: Path) -> None:
    result = cli("run", "crmGetRecords", "-i", "recordType=Leads", "-i", "fields=id", "-i", "page=abc",
                 "--connection", str(connection_file))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert 'page: "abc" is not a whole number' in result.stderr
    assert fake_runtime.calls == []


def test_run_malformed_assignment_and_missing_connection(fake_runtime: FakeRuntime) -> None:
    bad = cli("run", "crmRunQuery", "-i", "query")
    assert bad.exit_code == 2 and "is not NAME=VALUE" in bad.stderr
    missing = cli("run", "crmRunQuery", "-i", "query=select id from Leads")
    assert missing.exit_code == 2 and "connection: is required" in missing.stderr


def test_run_undefined_config_var_exits_2(fake_runtime: FakeRuntime, connection_file: Path) -> None:
    result = cli("run", "crmRunQuery", "-i", 'query={"$configVar": "Q"}',
                 "--connection", str(connection_file))
    assert result.exit_code == 2
    assert 'query: refers to config variable "Q", which is not defined' in result.stderr


@pytest.mark.parametrize(("error", "code"), [
    (connector.AuthError("token endpoint refused the refresh token", status=400), 3),
    (connector.ApiError("Zoho said INVALID_MODULE", status=400, code="INVALID_MODULE"), 4),
    (RuntimeError("boom"), 1),
])
def test_run_exit_codes_follow_the_error(monkeypatch: pytest.MonkeyPatch, connection_file: Path,
                                         error: BaseException, code: int) -> None:
    monkeypatch.setattr(component_module, "_default_runtime", lambda: FakeRuntime(error))
    result = cli("run", "crmRunQuery", "-i", "query=select id from Leads",
                 "--connection", str(connection_file))
    assert result.exit_code == code
    assert result.stdout == ""
    assert str(error) in result.stderr


def test_invoke_success(fake_runtime: FakeRuntime) -> None:
    request = {"action": "crmRunQuery", "inputs": {"query": "select id from Leads"}, "connection": CONNECTION}
    result = cli("invoke", stdin=json.dumps(request))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "data": {"data": [{"Last_Name": "Doe"}],
                                                              "info": {"more_records": False}}}


@pytest.mark.parametrize(("request_text", "input_key"), [
    ("{not json", "request"),
    ("[1]", "request"),
    ('{"inputs": {}}', "action"),
    ('{"action": "crmFly"}', "action"),
    ('{"action": "crmRunQuery", "inputs": []}', "inputs"),
    ('{"action": "crmRunQuery", "extra": 1}', "extra"),
    ('{"action": "crmRunQuery", "inputs": {"query": "select id from Leads"}}', "connection"),
])
def test_invoke_input_errors(fake_runtime: FakeRuntime, request_text: str, input_key: str) -> None:
    result = cli("invoke", stdin=request_text)
    assert result.exit_code == 2
    response = json.loads(result.stdout)
    assert response["ok"] is False
    assert response["error"]["kind"] == "input"
    assert response["error"]["input"] == input_key
    assert fake_runtime.calls == []


def test_invoke_api_error_carries_status(monkeypatch: pytest.MonkeyPatch) -> None:
    failure = connector.ApiError("record not found", status=404, code="INVALID_DATA")
    monkeypatch.setattr(component_module, "_default_runtime", lambda: FakeRuntime(failure))
    request = {"action": "crmGetRecord", "inputs": {"recordType": "Leads", "recordId": "1"},
               "connection": CONNECTION, "configVars": {}}
    result = cli("invoke", stdin=json.dumps(request))
    assert result.exit_code == 4
    error = json.loads(result.stdout)["error"]
    assert (error["kind"], error["status"], error["message"]) == ("api", 404, "record not found")


def test_invoke_binary_output_is_base64(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(component_module, "_default_runtime", lambda: FakeRuntime({"data": b"\x00\xff"}))
    request = {"action": "crmRunQuery", "inputs": {"query": "select id from Leads"}, "connection": CONNECTION}
    result = cli("invoke", stdin=json.dumps(request))
    assert json.loads(result.stdout) == {"ok": True, "data": {"base64": "AP8="}}


def test_secrets_stay_out_of_error_output(fake_runtime: FakeRuntime, tmp_path: Path) -> None:
    broken = dict(CONNECTION, fields={"clientSecret": "s3cr3t-value"})
    path = tmp_path / "c.json"
    path.write_text(json.dumps(broken))
    result = cli("run", "crmRunQuery", "-i", "query=select id from Leads", "--connection", str(path))
    assert result.exit_code == 2
    assert "s3cr3t-value" not in result.stderr + result.stdout


def test_invoke_jsonl_answers_each_line_in_order(fake_runtime: FakeRuntime) -> None:
    good = json.dumps({"action": "crmRunQuery", "inputs": {"query": "select id from Leads"},
                       "connection": CONNECTION})
    bad = json.dumps({"action": "crmRunQuery", "inputs": {}, "connection": CONNECTION})
    result = cli("invoke", "--jsonl", stdin=f"{good}\n\n{bad}\n{good}\n")
    responses = [json.loads(line) for line in result.stdout.splitlines()]
    assert [response["ok"] for response in responses] == [True, False, True]
    assert responses[1]["error"]["input"] == "query"
    assert result.exit_code == 2
    assert len(fake_runtime.calls) == 2
