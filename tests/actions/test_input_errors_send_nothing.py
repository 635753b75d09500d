"""Input errors exit 2, name the input, and send nothing: not one request reaches the sandbox.

The cases are derived from the loaded definitions: every required input of every action left out
(the connection too), a wrong value for every typed input (booleans, whole numbers and their
bounds, fixed choices, path-safe patterns), one parent input without the other for every Books
action that has them, an unknown input and an undefined config variable for every action. Each
case runs through ``connector run`` (exit 2, stderr names the input) and ``connector invoke``
(exit 2, error.kind "input", error.input names it); before each the sandbox is reset and after it
GET /__sandbox__/stats must show zero requests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import connector
from connector.cli.main import main
from connector.definitions.models import ActionDef, InputDef
from connector.runtime import runtime as runtime_module
from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP

COMPONENT = connector.load_component()

# A valid value for each input an action requires without a default (by input key); the test
# below checks that these make every action's inputs valid, so each case has exactly one problem.
VALID_REQUIRED: dict[str, Any] = {
    "recordType": "Leads", "recordId": "1234567890123456789", "fields": "Last_Name",
    "query": "select Last_Name from Leads", "file": "hello", "fileName": "a.txt",
    "url": "/Leads", "method": "GET",
}
BOOKS_REQUIRED = {"recordType": "contacts", "recordId": "460000000000001"}
UNDEFINED_VARIABLE = "No Such Variable"


@dataclass(frozen=True)
class Case:
    action: str
    problem: str
    names: str  # the input key the error must name
    inputs: dict[str, Any]
    with_connection: bool = True
    mentions: tuple[str, ...] = field(default=())  # more text the message must hold

    @property
    def id(self) -> str:
        return f"{self.action}-{self.problem}"


def needs_value(spec: InputDef) -> bool:
    return spec.required and spec.default is None and spec.type != "connection"


def valid_inputs(action: ActionDef) -> dict[str, Any]:
    values = BOOKS_REQUIRED if action.key.startswith("books") else {}
    return {spec.key: values.get(spec.key, VALID_REQUIRED[spec.key])
            for spec in action.all_inputs if needs_value(spec)}


def wrong_values(spec: InputDef) -> list[tuple[str, Any]]:
    """(what is wrong, value) pairs for one input, from its type, cleaning and constraints."""
    wrong: list[tuple[str, Any]] = []
    if spec.type == "boolean":
        wrong.append(("not-a-boolean", "maybe"))
    if spec.clean == "integer":
        wrong.append(("not-a-number", "abc"))
        if spec.min is not None:
            wrong.append(("below-minimum", spec.min - 1))
        if spec.max is not None:
            wrong.append(("above-maximum", spec.max + 1))
    if spec.model:
        wrong.append(("not-a-choice", "NOT_A_CHOICE"))
    if spec.pattern:
        wrong.append(("path-trick", "../Contacts"))
    return wrong


def cases() -> list[Case]:
    found: list[Case] = []
    for action in COMPONENT.actions.values():
        key, valid = action.key, valid_inputs(action)
        specs = {spec.key: spec for spec in action.all_inputs}
        found.append(Case(key, "missing-connection", "connection", valid, with_connection=False))
        for name in valid:
            found.append(Case(key, f"missing-{name}", name, {n: v for n, v in valid.items() if n != name}))
        for spec in action.all_inputs:
            for problem, value in wrong_values(spec):
                found.append(Case(key, f"{spec.key}-{problem}", spec.key, {**valid, spec.key: value}))
        if "parentRecordType" in specs:
            found.append(Case(key, "parent-type-only", "parentRecordId",
                              {**valid, "recordType": "contactpersons", "parentRecordType": "contacts"}))
            found.append(Case(key, "parent-id-only", "parentRecordType",
                              {**valid, "recordType": "contactpersons", "parentRecordId": "460000000000002"}))
        first = next(iter(valid))
        found.append(Case(key, "undefined-config-variable", first,
                          {**valid, first: {"$configVar": UNDEFINED_VARIABLE}},
                          mentions=(UNDEFINED_VARIABLE,)))
        found.append(Case(key, "unknown-input", "recordTyp", {**valid, "recordTyp": "Leads"}))
    return found


CASES = cases()


def test_the_valid_inputs_are_valid_so_each_case_has_one_problem() -> None:
    for action in COMPONENT.actions.values():
        prepared = COMPONENT.prepare(action.key, valid_inputs(action), connection="connection.json")
        assert prepared.values


def test_the_cases_cover_what_the_issue_lists() -> None:
    problems = {(case.action, case.problem) for case in CASES}
    assert len(COMPONENT.actions) == 14
    for key in COMPONENT.actions:
        assert (key, "missing-connection") in problems
        assert (key, "debugRequest-not-a-boolean") in problems
        assert (key, "undefined-config-variable") in problems
    expected = {("crmGetRecords", "per_page-not-a-number"), ("booksGetRecords", "fetchAll-not-a-boolean"),
                ("crmRawRequest", "maxRetries-below-minimum"), ("booksRawRequest", "method-not-a-choice"),
                ("crmGetRecords", "sort_order-not-a-choice"), ("booksRemoveRecord", "parent-id-only"),
                ("booksCreateRecord", "parent-type-only"), ("crmAddAttachment", "missing-file")}
    assert expected <= problems
    books_with_parents = {key for key in COMPONENT.actions if key.startswith("books") and "Raw" not in key}
    assert {case.action for case in CASES if case.problem == "parent-type-only"} == books_with_parents


# --- running the cases ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One private $CONNECTOR_HOME and default runtime for the module (input errors never use them)."""
    directory = tmp_path_factory.mktemp("input-errors") / "connector-home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONNECTOR_HOME", str(directory))
        patch.setattr(runtime_module, "_default", None)
        yield directory
        if runtime_module._default is not None:
            runtime_module._default.close()


@pytest.fixture(scope="module")
def connection_file(sandbox_server: SandboxServer, home: Path) -> Path:
    # Reset first: a previous module may have left the seeded access token expired.
    HTTP.post(f"{sandbox_server.url}/__sandbox__/reset").raise_for_status()
    path = home.parent / "connection.json"
    path.write_text(json.dumps(sandbox_server.connection))
    return path


def requests_made(sandbox: SandboxServer) -> dict[str, int]:
    counts: dict[str, int] = HTTP.get(f"{sandbox.url}/__sandbox__/stats").json()["requests"]
    return counts


def run_arguments(case: Case, connection: Path) -> list[str]:
    args = ["run", case.action]
    for name, value in case.inputs.items():
        args += ["-i", f"{name}={value if isinstance(value, str) else json.dumps(value)}"]
    return args + (["--connection", str(connection)] if case.with_connection else [])


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_run_exits_2_naming_the_input_and_sends_nothing(case: Case, sandbox: SandboxServer,
                                                        connection_file: Path, home: Path) -> None:
    result = CliRunner().invoke(main, run_arguments(case, connection_file))
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert f"{case.names}:" in result.stderr
    assert all(text in result.stderr for text in case.mentions)
    assert requests_made(sandbox) == {}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_invoke_exits_2_naming_the_input_and_sends_nothing(case: Case, sandbox: SandboxServer,
                                                           home: Path) -> None:
    request: dict[str, Any] = {"action": case.action, "inputs": case.inputs}
    if case.with_connection:
        request["connection"] = sandbox.connection
    result = CliRunner().invoke(main, ["invoke"], input=json.dumps(request))
    assert result.exit_code == 2
    response = json.loads(result.stdout)
    assert response["ok"] is False
    error = response["error"]
    assert (error["kind"], error["input"]) == ("input", case.names)
    assert all(text in error["message"] for text in case.mentions)
    assert requests_made(sandbox) == {}


def test_control_valid_inputs_do_reach_the_sandbox(sandbox: SandboxServer, connection_file: Path,
                                                   home: Path) -> None:
    """The zero counts above mean something: the same setup with valid inputs is counted."""
    case = Case("crmRunQuery", "none", "", valid_inputs(COMPONENT.actions["crmRunQuery"]))
    result = CliRunner().invoke(main, run_arguments(case, connection_file))
    assert result.exit_code == 0, result.stderr
    assert requests_made(sandbox) == {"POST /crm/v8/coql": 1}
