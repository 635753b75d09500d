"""Component.invoke/ainvoke: inputs are cleaned and validated (config variables first) before any
handler runs; the runtime receives the cleaned inputs and the connection document."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest

import connector
from connector.runtime.component import ActionResult

CONNECTION = {
    "key": "zohoOAuth",
    "fields": {"tokenUrl": "https://accounts.zoho.eu/oauth/v2/token", "clientId": "1000.ID",
               "clientSecret": "s3cr3t-value"},
    "token": {"access_token": "at", "refresh_token": "rt", "api_domain": "https://www.zohoapis.eu"},
}


class RecordingRuntime:
    """Stands in for connector.runtime.runtime.Runtime: records calls, performs no I/O."""

    def __init__(self, output: Any = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.output = output if output is not None else {"data": {"data": [{"id": "1"}]}}

    def run(self, handler: str, inputs: Mapping[str, Any], **kwargs: Any) -> Any:
        self.calls.append({"handler": handler, "inputs": dict(inputs), **kwargs})
        return self.output

    async def arun(self, handler: str, inputs: Mapping[str, Any], **kwargs: Any) -> Any:
        return self.run(handler, inputs, **kwargs)


@pytest.fixture(scope="module")
def component() -> connector.Component:
    return connector.load_component()


def test_invoke_passes_cleaned_inputs_and_the_document(component: connector.Component) -> None:
    runtime = RecordingRuntime()
    result = component.invoke("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name,Email",
                                                "page": "2", "debugRequest": "yes"},
                              connection=CONNECTION, runtime=runtime)  # type: ignore[arg-type]
    assert result == ActionResult({"data": [{"id": "1"}]})
    assert result.to_dict() == {"data": {"data": [{"id": "1"}]}}
    (call,) = runtime.calls
    assert call["handler"] == "zoho.crm.getRecords"
    assert call["action_key"] == "crmGetRecords"
    assert call["debug"] is True
    assert call["connection"].fields.clientId == "1000.ID"
    assert call["inputs"] == {
        "debugRequest": True, "fields": ["Last_Name", "Email"], "page": 2, "page_token": None,
        "per_page": 200, "recordType": "Leads", "sort_by": None, "sort_order": None,
        "fetchAll": False, "maxRecords": None,
    }


def test_connection_may_be_given_as_an_input(component: connector.Component) -> None:
    runtime = RecordingRuntime()
    component.invoke("crmRunQuery", {"query": "select id from Leads", "connection": CONNECTION},
                     runtime=runtime)  # type: ignore[arg-type]
    assert runtime.calls[0]["inputs"] == {"debugRequest": False, "query": "select id from Leads"}


def test_invalid_inputs_raise_before_the_runtime_is_touched(component: connector.Component) -> None:
    runtime = RecordingRuntime()
    with pytest.raises(connector.InputError) as caught:
        component.invoke("crmGetRecords", {"recordType": "Leads", "fields": "Email", "per_page": "abc",
                                           "sort_order": "up", "colour": "red"},
                         connection=CONNECTION, runtime=runtime)  # type: ignore[arg-type]
    assert runtime.calls == []
    error = caught.value
    assert [(p.input, p.message) for p in error.problems] == [
        ("per_page", '"abc" is not a whole number; expected an integer such as 10'),
        ("sort_order", '"up" is not allowed; expected one of asc, desc'),
        ("colour", "is not an input of crmGetRecords; expected one of connection, debugRequest, fields, "
                   "page, page_token, per_page, recordType, sort_by, sort_order, fetchAll, maxRecords"),
    ]
    assert error.input == "per_page"
    assert error.exit_code == 2


def test_missing_connection_is_an_input_error_on_connection(component: connector.Component) -> None:
    with pytest.raises(connector.InputError) as caught:
        component.invoke("crmRunQuery", {"query": "select id from Leads"}, runtime=RecordingRuntime())  # type: ignore[arg-type]
    assert caught.value.input == "connection"
    assert "is required" in caught.value.message


def test_required_inputs_are_all_reported(component: connector.Component) -> None:
    with pytest.raises(connector.InputError) as caught:
        component.prepare("crmAddAttachment", {}, connection=CONNECTION)
    assert [p.input for p in caught.value.problems] == ["file", "fileName", "recordId"]
    assert caught.value.problems[0].message == (
        "is required but was not given; expected File (The file to upload - either string contents or "
        "a binary file)")


def test_defaults_are_applied_and_typed(component: connector.Component) -> None:
    prepared = component.prepare("crmAddAttachment", {"file": b"%PDF", "fileName": "a.pdf",
                                                      "recordId": "42"}, connection=CONNECTION)
    assert prepared.values["recordType"] == "Leads"
    assert prepared.values["file"] == b"%PDF"
    raw = component.prepare("booksRawRequest", {"url": "/contacts", "method": "GET"}, connection=CONNECTION)
    assert {key: raw.values[key] for key in ("maxRetries", "retryDelayMS", "responseType", "retryAllErrors",
                                              "useExponentialBackoff", "timeout")} == {
        "maxRetries": 0, "retryDelayMS": 0, "responseType": "json", "retryAllErrors": False,
        "useExponentialBackoff": False, "timeout": None}


def test_empty_strings_count_as_not_given(component: connector.Component) -> None:
    prepared = component.prepare("crmGetRecords", {"recordType": "Leads", "fields": "id", "per_page": "",
                                                   "page_token": ""}, connection=CONNECTION)
    assert prepared.values["per_page"] == 200
    assert prepared.values["page_token"] is None


def test_record_type_must_be_one_path_segment(component: connector.Component) -> None:
    with pytest.raises(connector.InputError) as caught:
        component.prepare("crmGetRecord", {"recordType": "../settings", "recordId": "1"},
                          connection=CONNECTION)
    assert caught.value.input == "recordType"
    assert "has the wrong format" in caught.value.message


@pytest.mark.parametrize("headers", [{"Bad Name": "v"}, {"X-Ok": "line\nbreak"}, {"Ü": "v"}])
def test_raw_request_headers_must_be_sendable(component: connector.Component,
                                              headers: dict[str, str]) -> None:
    with pytest.raises(connector.InputError) as caught:
        component.prepare("crmRawRequest", {"url": "/Leads", "method": "GET", "headers": headers},
                          connection=CONNECTION)
    assert caught.value.input == "headers"


def test_config_variables_are_resolved_before_validation(component: connector.Component) -> None:
    runtime = RecordingRuntime()
    component.invoke(
        "crmCreateRecord",
        {"recordType": {"$configVar": "Module"}, "dynamicValues": {"$configVar": "Lead Defaults"},
         "fieldValues": [{"key": "Last_Name", "value": "Doe"}, {"key": "Lead_Source",
                                                              "value": {"$configVar": "Source"}}]},
        connection=CONNECTION, runtime=runtime,  # type: ignore[arg-type]
        config_vars={"Module": "Leads", "Lead Defaults": [{"key": "Company", "value": "Acme"}],
                     "Source": "Web"})
    inputs = runtime.calls[0]["inputs"]
    assert inputs["recordType"] == "Leads"
    assert inputs["dynamicValues"] == [{"key": "Company", "value": "Acme"}]
    assert inputs["fieldValues"] == {"Last_Name": "Doe", "Lead_Source": "Web"}


def test_config_variable_values_are_cleaned_like_inputs(component: connector.Component) -> None:
    prepared = component.prepare("crmGetRecords", {"recordType": "Leads", "fields": "id",
                                                   "per_page": {"$configVar": "Page Size"}},
                                 connection=CONNECTION, config_vars={"Page Size": "25"})
    assert prepared.values["per_page"] == 25


def test_undefined_config_variable_names_input_and_variable(component: connector.Component) -> None:
    with pytest.raises(connector.InputError) as caught:
        component.prepare("crmCreateRecord", {"recordType": {"$configVar": "Module"}},
                          connection=CONNECTION, config_vars={"Other": 1})
    (problem,) = caught.value.problems
    assert problem.input == "recordType"
    assert problem.message == ('refers to config variable "Module", which is not defined; expected one '
                               'of the defined config variables ("Other")')


def test_connection_from_a_config_variable(component: connector.Component) -> None:
    runtime = RecordingRuntime()
    component.invoke("crmRunQuery", {"query": "select id from Leads",
                                     "connection": {"$configVar": "Zoho Connection"}},
                     config_vars={"Zoho Connection": CONNECTION}, runtime=runtime)  # type: ignore[arg-type]
    assert runtime.calls[0]["connection"].fields.tokenUrl == CONNECTION["fields"]["tokenUrl"]


def test_unknown_action_is_an_input_error(component: connector.Component) -> None:
    with pytest.raises(connector.InputError) as caught:
        component.invoke("crmFly", {}, connection=CONNECTION)
    assert caught.value.input == "action"
    assert "unknown action 'crmFly'" in caught.value.message


def test_malformed_connection_document_is_an_input_error(component: connector.Component) -> None:
    runtime = RecordingRuntime()
    with pytest.raises(connector.InputError) as caught:
        component.invoke("crmRunQuery", {"query": "select id from Leads"},
                         connection={"key": "zohoOAuth", "fields": {"clientSecret": "s3cr3t-value"}},
                         runtime=runtime)  # type: ignore[arg-type]
    assert caught.value.input == "connection"
    assert "s3cr3t-value" not in str(caught.value)
    assert runtime.calls == []


def test_ainvoke_validates_then_runs(component: connector.Component) -> None:
    runtime = RecordingRuntime({"data": {"code": 0}})
    result = asyncio.run(component.ainvoke("booksGetRecord", {"recordType": "contacts", "recordId": "9"},
                                           connection=CONNECTION, runtime=runtime))  # type: ignore[arg-type]
    assert result.data == {"code": 0}
    assert runtime.calls[0]["handler"] == "zoho.books.getRecord"
    with pytest.raises(connector.InputError):
        asyncio.run(component.ainvoke("booksGetRecord", {"recordType": "contacts"}, connection=CONNECTION,
                                      runtime=runtime))  # type: ignore[arg-type]
    assert len(runtime.calls) == 1


def test_describe_lists_inputs_and_options_apart(component: connector.Component) -> None:
    described = component.describe("booksGetRecords")
    assert [i["key"] for i in described["options"]] == ["fetchAll", "maxRecords", "organizationId"]
    assert described["inputs"][0] == {"key": "connection", "label": "Connection", "type": "connection",
                                      "required": True}
    per_page = next(i for i in described["inputs"] if i["key"] == "per_page")
    assert per_page["default"] == "200" and per_page["min"] == 1 and per_page["max"] == 200


@pytest.mark.parametrize(("inputs", "config_vars", "input_key"), [
    (True, None, "inputs"), ([], None, "inputs"), ("recordType=Leads", None, "inputs"),
    ({}, ["Module"], "configVars"),
])
def test_inputs_and_config_vars_must_be_objects(component: connector.Component, inputs: Any,
                                                config_vars: Any, input_key: str) -> None:
    with pytest.raises(connector.InputError) as caught:
        component.prepare("crmCreateRecord", inputs, connection=CONNECTION, config_vars=config_vars)
    assert caught.value.input == input_key


@pytest.mark.parametrize(("record_type", "accepted"), [
    ("contacts", True), ("settings/taxes", True), ("bankaccounts/rules", True),
    ("projects/timeentries", True), ("settings/secrets", False), ("contacts/../users", False), ("..", False),
])
def test_books_record_types_may_be_zoho_nested_paths(component: connector.Component, record_type: str,
                                                     accepted: bool) -> None:
    inputs = {"recordType": record_type, "parentRecordType": record_type}
    if accepted:
        prepared = component.prepare("booksGetRecords", inputs, connection=CONNECTION)
        assert prepared.values["recordType"] == record_type
    else:
        with pytest.raises(connector.InputError) as caught:
            component.prepare("booksGetRecords", inputs, connection=CONNECTION)
        assert [p.input for p in caught.value.problems] == ["parentRecordType", "recordType"]
