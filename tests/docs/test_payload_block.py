"""Writing an action's examplePayload block into its YAML text, leaving the rest untouched."""

from __future__ import annotations

from typing import Any

import yaml

from connector.reference.payload_block import MARKER, payload_yaml, set_example_payload

ACTION = """\
# A hand-written action.
key: crmGetRecord
display:
  label: CRM - Get Record   # trailing comment
  description: >-
    Get a single
    Zoho CRM Record
inputs:
  - use: connection
"""
PAYLOAD = {"data": {"data": [{"id": "5725767000101000001", "Created_Time": "2026-01-15T10:00:00+00:00",
                              "count": 3, "ratio": 0.5, "ok": True, "none": None, "list": [], "yes": "yes"}]}}


def loaded(text: str) -> Any:
    return yaml.safe_load(text)


def test_appended_block_loads_back_exactly() -> None:
    updated = set_example_payload(ACTION, PAYLOAD)
    assert updated.startswith(ACTION)
    assert loaded(updated)["examplePayload"] == PAYLOAD
    # Strings that look like numbers, dates or booleans stay strings.
    record = loaded(updated)["examplePayload"]["data"]["data"][0]
    assert isinstance(record["id"], str) and isinstance(record["Created_Time"], str)
    assert record["yes"] == "yes"


def test_replacing_keeps_every_other_line() -> None:
    first = set_example_payload(ACTION, {"data": {"old": [1, 2]}})
    second = set_example_payload(first, PAYLOAD)
    assert second == ACTION + "\n" + payload_yaml(PAYLOAD)
    assert second.count(MARKER) == 1
    assert second.count("examplePayload:") == 1


def test_block_in_the_middle_keeps_what_follows() -> None:
    following = "\n# options follow\noptions:\n  - use: fetchAll\n"
    text = ACTION + "examplePayload:\n  data:\n    stale: true\n" + following
    updated = set_example_payload(text, PAYLOAD)
    assert updated.endswith("\n\n# options follow\noptions:\n  - use: fetchAll\n")
    assert updated.startswith(ACTION + "\n" + MARKER)
    document = loaded(updated)
    assert document["examplePayload"] == PAYLOAD
    assert document["options"] == [{"use": "fetchAll"}]


def test_same_payload_leaves_the_text_unchanged() -> None:
    once = set_example_payload(ACTION, PAYLOAD)
    assert set_example_payload(once, PAYLOAD) == once


def test_file_without_final_newline() -> None:
    updated = set_example_payload(ACTION.rstrip("\n"), PAYLOAD)
    assert loaded(updated)["inputs"] == [{"use": "connection"}]
    assert loaded(updated)["examplePayload"] == PAYLOAD
