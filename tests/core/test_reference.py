"""The bundled definitions against the component reference, parsed from the reference itself.

The reference (a copy of the vendor's documentation page) lists each input as consecutive lines:
label, type, optional "/ Required", optional collection, key, then the table cells (Default, Notes
and, in most tables, Example); an empty Default cell is left out, other empty cells are a no-break
space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import connector

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "zoho_component_reference.txt"
TYPES = {"string", "text", "password", "boolean", "data", "code", "connection"}
COLLECTIONS = {"Key Value List": "keyvaluelist", "Value List": "valuelist"}
BLANK = "\u00a0"
ACTION_LINE = re.compile(r"^(?P<description>.+) \| key: (?P<key>\w+)$")


@dataclass
class Table:
    label: str
    description: str
    inputs: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Reference:
    key: str
    description: str
    long_description: str
    connection: Table
    connection_text: list[str]
    actions: dict[str, Table]


def _cell(text: str) -> str | None:
    return None if text == BLANK else text


def parse_table(block: list[str], *, cut_short: bool = False) -> list[dict[str, Any]]:
    """The rows of one table; ``cut_short``: the page ends inside this table's last row, so that
    row's last (empty) Example cell is missing."""
    header, lines = block[0], block[1:]
    assert header.startswith("InputDefaultNotes"), header
    columns = 3 if header.endswith("Example") else 2
    rows = []
    start = 0
    while start < len(lines):
        # A row runs until the next line that is followed by a type line (the next row's label),
        # looking only past this row's label, type, flags and key.
        end = next((i for i in range(start + 4, len(lines) - 1) if lines[i + 1] in TYPES), len(lines))
        row, start = lines[start:end], end
        entry: dict[str, Any] = {"label": row[0], "type": row[1], "required": False, "collection": None}
        position = 2
        if row[position] == "/ Required":
            entry["required"] = True
            position += 1
        if row[position] in COLLECTIONS:
            entry["collection"] = COLLECTIONS[row[position]]
            position += 1
        entry["key"] = row[position]
        cells = [_cell(text) for text in row[position + 1:]]
        if cut_short and start == len(lines) and len(cells) == columns - 2:
            cells.append(None)
        assert len(cells) in (columns, columns - 1), row
        if len(cells) == columns - 1:  # no Default cell at all
            cells.insert(0, None)
        entry["default"] = cells[0]
        entry["comments"] = cells[1]
        entry["example"] = cells[2] if columns == 3 else None
        rows.append(entry)
    return rows


def parse_reference(text: str) -> Reference:
    blocks = [block.splitlines() for block in text.split("\n\n") if block.strip()]
    flat = [block[0] for block in blocks]
    key = next(line.removeprefix("Component key: ") for line in flat if line.startswith("Component key: "))
    description = flat[flat.index("Component key: " + key) - 1]
    long_description = flat[flat.index("Description") + 1]
    connections_at, actions_at = flat.index("Connections"), flat.index("Actions")
    table_at = next(i for i in range(connections_at, actions_at) if flat[i].startswith("InputDefault"))
    connection = Table(flat[connections_at + 1], "", parse_table(blocks[table_at]))
    connection_text = [line.strip(" •") for block in blocks[connections_at + 2:table_at] for line in block]
    actions = {}
    for index in range(actions_at, len(blocks)):
        match = ACTION_LINE.match(flat[index])
        if match:
            table = parse_table(blocks[index + 1], cut_short=index + 2 == len(blocks))
            actions[match["key"]] = Table(flat[index - 1], match["description"], table)
    return Reference(key, description, long_description, connection, connection_text, actions)


@pytest.fixture(scope="module")
def reference() -> Reference:
    return parse_reference(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def component() -> connector.Component:
    return connector.load_component()


def as_reference_row(spec: Any) -> dict[str, Any]:
    """A loaded input in the reference's terms (defaults are shown as text there)."""
    return {
        "label": spec.label, "type": spec.type, "required": spec.required, "collection": spec.collection,
        "key": spec.key, "default": None if spec.default is None else str(spec.default),
        "comments": spec.comments, "example": spec.example,
    }


def test_parser_reads_the_whole_reference(reference: Reference) -> None:
    assert len(reference.actions) == 14
    assert sum(len(table.inputs) for table in reference.actions.values()) == 103
    assert [row["key"] for row in reference.connection.inputs] == [
        "authorizeUrl", "clientId", "clientSecret", "revokeUrl", "scopes", "tokenUrl"]
    raw = reference.actions["booksRawRequest"].inputs
    assert {"key": "url", "required": True, "example": "/organizations"}.items() <= next(
        row for row in raw if row["key"] == "url").items()


def test_component_identity(reference: Reference, component: connector.Component) -> None:
    assert component.key == reference.key == "zoho"
    assert component.description == reference.description
    assert component.definitions.component.display.longDescription == reference.long_description


def test_the_same_fourteen_actions(reference: Reference, component: connector.Component) -> None:
    assert sorted(component.actions) == sorted(reference.actions)


@pytest.mark.parametrize("key", sorted(parse_reference(REFERENCE.read_text(encoding="utf-8")).actions))
def test_action_matches_reference(reference: Reference, component: connector.Component, key: str) -> None:
    expected = reference.actions[key]
    action = component.actions[key]
    assert (action.display.label, action.display.description) == (expected.label, expected.description)
    assert [as_reference_row(spec) for spec in action.inputs] == expected.inputs
    # Our additions are kept apart and never shadow a reference input.
    assert not {spec.key for spec in action.options} & {row["key"] for row in expected.inputs}
    assert all(not spec.required for spec in action.options)


def test_connection_matches_reference(reference: Reference, component: connector.Component) -> None:
    (connection,) = component.connections.values()
    assert connection.display.label == reference.connection.label
    reference_keys = [row["key"] for row in reference.connection.inputs]
    ours = [as_reference_row(spec) for spec in connection.inputs if spec.key in reference_keys]
    assert ours == reference.connection.inputs
    additions = [spec for spec in connection.inputs if spec.key not in reference_keys]
    assert [spec.key for spec in additions] == ["organizationId"]
    assert all(not spec.required for spec in additions)
    # The developer-console steps and the multiple-regions paragraph stay in the definition.
    for line in reference.connection_text:
        assert line in connection.display.description
