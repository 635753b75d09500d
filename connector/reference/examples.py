"""Realistic inputs for every action, run against the sandbox to capture (and re-check) the
example output each action definition carries as ``examplePayload``.

Record ids are not written down: an input value ``${name}`` is replaced by a value looked up in
the sandbox just before the example runs (see LOOKUPS), so the examples survive seed changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from connector.reference.render import ExampleCall

# Runs an action with inputs and returns its output ``{"data": ...}``.
Invoke = Callable[[str, Mapping[str, Any]], Any]

_REFERENCE = re.compile(r"\$\{(\w+)\}")


@dataclass(frozen=True)
class Lookup:
    """Where a value comes from: run ``action`` with ``inputs`` and follow ``path`` in its output."""

    action: str
    inputs: Mapping[str, Any]
    path: tuple[str | int, ...]
    meaning: str  # what the value stands for, as the reference pages explain it


LOOKUPS: dict[str, Lookup] = {
    "leadId": Lookup(
        "crmGetRecords",
        {"recordType": "Leads", "fields": "Last_Name", "per_page": "1", "sort_by": "id", "sort_order": "asc"},
        ("data", "data", 0, "id"), "the id of an existing CRM Lead"),
    "booksContactId": Lookup(
        "booksGetRecords", {"recordType": "contacts", "per_page": "1"},
        ("data", "contacts", 0, "contact_id"), "the contact_id of an existing Books contact"),
}

# Action key -> its example inputs (the connection is supplied by whoever runs them).
EXAMPLE_INPUTS: dict[str, dict[str, Any]] = {
    "booksCreateRecord": {
        "recordType": "contacts",
        "fieldValues": [{"key": "contact_name", "value": "Bowman and Co"},
                        {"key": "company_name", "value": "Bowman and Co"}],
    },
    "booksGetRecord": {"recordType": "contacts", "recordId": "${booksContactId}"},
    "booksGetRecords": {"recordType": "contacts", "per_page": "2"},
    "booksRawRequest": {"method": "GET", "url": "/organizations"},
    "booksRemoveRecord": {"recordType": "contacts", "recordId": "${booksContactId}"},
    "booksUpdateRecord": {
        "recordType": "contacts", "recordId": "${booksContactId}",
        "fieldValues": [{"key": "company_name", "value": "Acme and Co (Europe)"}],
    },
    "crmAddAttachment": {
        "recordType": "Leads", "recordId": "${leadId}",
        "file": "Call notes: wants a quote for 20 seats.", "fileName": "call-notes.txt",
    },
    "crmCreateRecord": {
        "recordType": "Leads",
        "fieldValues": [{"key": "Last_Name", "value": "Doe"}, {"key": "Company", "value": "Doe Consulting"},
                        {"key": "Email", "value": "jane.doe@example.com"}],
    },
    "crmGetRecord": {"recordType": "Leads", "recordId": "${leadId}", "fields": "Last_Name,Email,Company"},
    "crmGetRecords": {"recordType": "Leads", "fields": "Last_Name,Email", "per_page": "2",
                      "sort_by": "id", "sort_order": "asc"},
    "crmRawRequest": {
        "method": "GET", "url": "/Leads",
        "queryParams": [{"key": "fields", "value": "Last_Name,Email"}, {"key": "per_page", "value": "2"}],
    },
    "crmRemoveRecord": {"recordType": "Leads", "recordId": "${leadId}"},
    "crmRunQuery": {"query": "select Last_Name, Email from Leads where Last_Name is not null limit 2"},
    "crmUpdateRecord": {
        "recordType": "Leads", "recordId": "${leadId}",
        "fieldValues": [{"key": "Last_Name", "value": "Anders-Smith"}],
    },
}


def _follow(output: Any, path: tuple[str | int, ...]) -> Any:
    value = output
    for step in path:
        value = value[step]
    return value


def _references(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(_REFERENCE.findall(value))
    if isinstance(value, Mapping):
        return set().union(*map(_references, value.values()))
    if isinstance(value, list):
        return set().union(*map(_references, value))
    return set()


def _substitute(value: Any, found: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return _REFERENCE.sub(lambda match: found[match[1]], value)
    if isinstance(value, Mapping):
        return {key: _substitute(item, found) for key, item in value.items()}
    if isinstance(value, list):
        return [_substitute(item, found) for item in value]
    return value


def example_calls() -> dict[str, ExampleCall]:
    """Each action's example inputs as the reference pages show them, placeholders explained."""
    return {key: ExampleCall(inputs, {name: LOOKUPS[name].meaning for name in _references(inputs)})
            for key, inputs in sorted(EXAMPLE_INPUTS.items())}


def example_inputs(key: str, invoke: Invoke) -> dict[str, Any]:
    """The example inputs of action ``key`` with every ``${name}`` looked up through ``invoke``."""
    inputs = EXAMPLE_INPUTS[key]
    found = {name: str(_follow(invoke(LOOKUPS[name].action, LOOKUPS[name].inputs), LOOKUPS[name].path))
             for name in sorted(_references(inputs))}
    substituted: dict[str, Any] = _substitute(inputs, found)
    return substituted


def run_example(key: str, invoke: Invoke) -> Any:
    """Run the example of action ``key``; returns its output ``{"data": ...}``."""
    return invoke(key, example_inputs(key, invoke))
