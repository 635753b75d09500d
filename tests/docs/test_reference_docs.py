"""The generated reference pages: committed and current, in the reference's layout, with exactly
the reference's inputs for every action."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import connector
from connector.cli.main import main
from connector.definitions.schema import SCHEMA_PATH
from connector.reference import differences, reference_files, write_reference
from connector.reference.examples import EXAMPLE_INPUTS, example_calls
from connector.reference.markdown import code, text
from tests.core.test_reference import REFERENCE, Reference, parse_reference

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "reference"
ACTION_KEYS = sorted(parse_reference(REFERENCE.read_text(encoding="utf-8")).actions)
KEY_IN_CELL = re.compile(r"`([^`]+)`$")


@pytest.fixture(scope="module")
def component() -> connector.Component:
    return connector.load_component()


@pytest.fixture(scope="module")
def reference() -> Reference:
    return parse_reference(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def generated(component: connector.Component, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference")
    write_reference(component, out, example_calls())
    return out


def section(page: str, heading: str) -> str:
    """The text under ``## heading`` up to the next level-2 heading."""
    _, found, rest = page.partition(f"\n## {heading}\n")
    assert found, f"no section {heading!r}"
    return rest.split("\n## ", 1)[0]


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of the first table in ``markdown``, split into cells."""
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert len(lines) >= 2, markdown  # header and separator
    return [re.split(r"(?<!\\) \| ", line[2:-2]) for line in lines[2:]]


def input_keys(markdown: str) -> list[str]:
    keys = []
    for row in table_rows(markdown):
        match = KEY_IN_CELL.search(row[0])
        assert match, row
        keys.append(match[1])
    return keys


def test_committed_reference_is_current(generated: Path) -> None:
    committed = sorted(p.relative_to(COMMITTED).as_posix() for p in COMMITTED.rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(generated).as_posix() for p in generated.rglob("*") if p.is_file())
    stale = [path for path in fresh if path not in committed
             or (COMMITTED / path).read_bytes() != (generated / path).read_bytes()]
    extra = sorted(set(committed) - set(fresh))
    assert not stale and not extra, (
        f"docs/reference is stale (changed: {stale}, no longer generated: {extra}); "
        "run `connector docs` and commit the result")


def test_generating_twice_gives_the_same_bytes(component: connector.Component) -> None:
    again = connector.load_component(COMMITTED.parents[1])
    assert reference_files(component, example_calls()) == reference_files(again, example_calls())


def test_one_page_per_action_and_connection_and_the_schema(generated: Path) -> None:
    assert sorted(p.stem for p in (generated / "actions").glob("*.md")) == ACTION_KEYS
    assert sorted(p.name for p in (generated / "connections").iterdir()) == ["zohoOAuth.md"]
    assert (generated / "definition.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()
    assert json.loads((generated / "definition.schema.json").read_text())["$defs"]["action"]


@pytest.mark.parametrize("key", ACTION_KEYS)
def test_action_page_lists_exactly_the_reference_inputs(generated: Path, reference: Reference,
                                                         key: str) -> None:
    page = (generated / "actions" / f"{key}.md").read_text(encoding="utf-8")
    expected = reference.actions[key]
    assert page.splitlines()[2] == f"# {expected.label}"
    assert f"{expected.description} | key: `{key}`" in page
    inputs = section(page, "Inputs")
    assert input_keys(inputs) == [row["key"] for row in expected.inputs]
    for cells, row in zip(table_rows(inputs), expected.inputs, strict=True):
        lines = cells[0].split("<br>")
        assert lines[0] == text(row["label"])
        assert lines[1] == row["type"] + (" / Required" if row["required"] else "")
        assert cells[1] == ("" if row["default"] is None else code(row["default"]))
        assert cells[2].split("<br>")[0] == ("" if row["comments"] is None else text(row["comments"]))
        assert cells[3] == ("" if row["example"] is None else code(row["example"]))


@pytest.mark.parametrize("key", ACTION_KEYS)
def test_action_page_shows_options_apart_and_the_example_output(
        generated: Path, component: connector.Component, key: str) -> None:
    page = (generated / "actions" / f"{key}.md").read_text(encoding="utf-8")
    action = component.actions[key]
    if action.options:
        assert input_keys(section(page, "Additional options")) == [spec.key for spec in action.options]
    else:
        assert "## Additional options" not in page
    example = section(page, "Example output")
    fenced = example.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(fenced) == action.examplePayload
    assert isinstance(action.examplePayload, dict) and set(action.examplePayload) == {"data"}
    shown = section(page, "Example inputs")
    assert json.loads(shown.split("```json\n", 1)[1].split("\n```", 1)[0]) == EXAMPLE_INPUTS[key]
    for placeholder in re.findall(r"\$\{\w+\}", json.dumps(EXAMPLE_INPUTS[key])):
        assert f"`{placeholder}` is the " in shown


def test_connection_page_lists_the_reference_inputs_then_ours(generated: Path, reference: Reference) -> None:
    page = (generated / "connections" / "zohoOAuth.md").read_text(encoding="utf-8")
    assert page.splitlines()[2] == f"# {reference.connection.label}"
    for line in reference.connection_text:
        assert line in page
    keys = input_keys(section(page, "Inputs"))
    assert keys == [row["key"] for row in reference.connection.inputs] + ["organizationId"]


def test_index_describes_the_component_and_links_every_page(generated: Path, reference: Reference) -> None:
    index = (generated / "index.md").read_text(encoding="utf-8")
    assert reference.description in index
    assert reference.long_description in index
    assert f"Component key: `{reference.key}`" in index
    links = re.findall(r"\]\(([^)]+)\)", index)
    assert sorted(links) == sorted([*(f"actions/{key}.md" for key in ACTION_KEYS),
                                    "connections/zohoOAuth.md", "definition.schema.json"])
    assert all((generated / link).is_file() for link in links)


def test_markdown_cells_cannot_break_the_table() -> None:
    assert text("a | b\nc <d>") == "a \\| b<br>c &lt;d&gt;"
    assert code("a|b") == "`a\\|b`"
    assert code("say `hi`") == "`` say `hi` ``"  # longer fence, padded: the value ends in a backtick
    assert code("a ``b`` c") == "```a ``b`` c```"
    assert code("x") == "`x`"


def test_cli_writes_checks_and_prunes(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "ref"
    written = runner.invoke(main, ["docs", "--out", str(out)])
    assert written.exit_code == 0, written.output
    assert (out / "actions" / "crmRunQuery.md").is_file()
    assert runner.invoke(main, ["docs", "--out", str(out), "--check"]).exit_code == 0

    (out / "actions" / "crmRunQuery.md").write_text("edited by hand\n")
    (out / "actions" / "oldAction.md").write_text("gone\n")
    checked = runner.invoke(main, ["docs", "--out", str(out), "--check"])
    assert checked.exit_code == 1
    assert "crmRunQuery.md: out of date" in checked.output
    assert "oldAction.md: no longer generated" in checked.output
    assert "run `connector docs`" in checked.output

    assert runner.invoke(main, ["docs", "--out", str(out)]).exit_code == 0
    assert not (out / "actions" / "oldAction.md").exists()
    assert differences(connector.load_component(), out, example_calls()) == []


def files_under(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in root.rglob("*") if path.is_file()}


def test_cli_default_output_is_the_committed_reference(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default --out is docs/reference under the working directory
    assert CliRunner().invoke(main, ["docs"]).exit_code == 0
    assert files_under(tmp_path / "docs" / "reference") == files_under(COMMITTED), (
        "docs/reference is stale; run `connector docs` and commit the result")


def test_pages_without_examples_still_render(component: connector.Component) -> None:
    files = reference_files(component)
    page = files["actions/crmRunQuery.md"].decode()
    assert "## Example inputs" not in page
    assert "## Example output" in page
