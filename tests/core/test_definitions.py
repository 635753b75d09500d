"""Loading and validating definition files: the bundled component, a minimal one, and anti-examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import connector
from connector.cli.validate import validate
from connector.definitions import checks
from connector.definitions.loader import load_definitions
from connector.definitions.locate import bundled_root
from connector.definitions.schema import definition_schema
from connector.runtime import registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "definitions"
BROKEN = FIXTURES / "broken"

# Each broken file and the (path inside the file, message fragment) `connector validate` must report.
ANTI_EXAMPLES: dict[str, tuple[str, str]] = {
    "actions/unknownKey.yaml": ("inputs[0]", "('labell' was unexpected)"),
    "actions/wrongType.yaml": ("inputs[0].required", "'yes' is not of type 'boolean'; expected boolean"),
    "actions/duplicateInput.yaml": ("inputs[1].key", "duplicate input key 'recordType'"),
    "actions/badDefaultClean.yaml": ("inputs[0].default", "default of input 'page' is rejected by its own "
                                                          "definition: \"abc\" is not a whole number"),
    "actions/badDefaultModel.yaml": ("inputs[0].default", "\"sideways\" is not allowed; expected one of "
                                                          "asc, desc"),
    "actions/unknownHandler.yaml": ("handler", "unknown handler 'zoho.crm.getRecordz'; expected one of"),
    "actions/unknownUse.yaml": ("inputs[0].use", "unknown shared input 'recordTyp'"),
    "actions/keyMismatch.yaml": ("key", "expected the file to be named somethingElse.yaml"),
    "actions/yamlDuplicateKey.yaml": ("", "line 4: duplicate key 'handler'"),
    "actions/yamlSyntax.yaml": ("", "expected valid YAML"),
    "actions/missingHandler.yaml": ("", "'handler' is a required property"),
    "actions/badInputType.yaml": ("inputs[0].type", "'strin' is not one of"),
    "actions/badPattern.yaml": ("inputs[0].pattern", "expected a valid regular expression"),
    "actions/minAboveMax.yaml": ("inputs[0].min", "min 10 is above max 5"),
    "actions/exampleNotText.yaml": ("inputs[0].example", "is not of type 'string'"),
    "actions/keyPatternOnText.yaml": ("inputs[0].keyPattern", "has keyPattern but is not a Key Value List"),
    "connections/brokenOAuth.yaml": ("oauth2Type", "'implicit' is not one of"),
}


def run_validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(validate, list(args))
    return result.exit_code, result.output


def test_bundled_component_is_valid() -> None:
    code, output = run_validate()
    assert code == 0, output
    assert output.strip().endswith("valid")


def test_broken_tree_lists_every_problem_with_file_and_path() -> None:
    code, output = run_validate("--json", str(BROKEN))
    assert code == 2
    problems = json.loads(output)["problems"]
    assert json.loads(output)["ok"] is False
    found = {(Path(p["file"]).relative_to(BROKEN).as_posix(), p["path"]): p["message"] for p in problems}
    assert len(problems) == len(ANTI_EXAMPLES)
    for file, (path, fragment) in ANTI_EXAMPLES.items():
        assert fragment in found[(file, path)], (file, found.get((file, path)))


def test_a_file_the_schema_rejects_still_gets_the_other_checks(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "component")
    action = tmp_path / "component" / "actions" / "several.yaml"
    action.write_text(
        "key: several\n"
        "display: {label: Several}\n"                       # schema: description missing
        "handler: zoho.crm.nope\n"                          # not registered
        "inputs:\n"
        "  - {key: flag, label: Flag, type: boolean, default: maybe}\n"   # default its type rejects
        "  - {key: flag, label: Again, type: strin}\n")                   # duplicate key; unknown type
    code, output = run_validate("--json", str(action))
    assert code == 2
    found = {(p["path"], p["message"].split(";")[0]) for p in json.loads(output)["problems"]}
    paths = sorted(path for path, _ in found)
    assert paths == ["display", "handler", "inputs[0].default", "inputs[1].key", "inputs[1].type"], found


@pytest.mark.parametrize("file", sorted(ANTI_EXAMPLES))
def test_each_anti_example_alone_is_rejected(file: str) -> None:
    path, fragment = ANTI_EXAMPLES[file]
    code, output = run_validate(str(BROKEN / file))
    assert code == 2
    assert output.startswith("1 problem(s)")
    assert f"{BROKEN / file}: {path + ': ' if path else ''}" in output
    assert fragment in output


def test_minimal_component_is_valid_and_loads() -> None:
    assert run_validate(str(FIXTURES / "minimal"))[0] == 0
    component = connector.load_component(FIXTURES / "minimal")
    assert list(component.actions) == ["lookup", "noConnection"]
    lookup = component.actions["lookup"]
    assert lookup.inputs[1].default == "Leads"  # a `use:` override
    assert lookup.inputs[1].comments == "The type of record to operate on"  # the rest is shared


def test_loading_a_broken_tree_raises_definition_error_with_every_problem() -> None:
    with pytest.raises(connector.DefinitionError) as caught:
        connector.load_component(BROKEN)
    files = {Path(problem.file).name for problem in caught.value.problems}
    # Without the JSON Schema step the strict models still catch the same files.
    assert files == {Path(name).name for name in ANTI_EXAMPLES}
    assert caught.value.exit_code == 2


def test_missing_component_file(tmp_path: Path) -> None:
    code, output = run_validate(str(tmp_path))
    assert code == 2
    assert "component.yaml: not found" in output


def test_validate_nonexistent_path(tmp_path: Path) -> None:
    code, output = run_validate(str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in output


def test_registered_but_unimportable_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.HANDLERS, "zoho.crm.ghost", "connector.zoho.nowhere:ghost")
    registry.resolve.cache_clear()
    problems = checks.check_handler("zoho.crm.ghost", "a.yaml", import_handlers=True)
    assert [p.path for p in problems] == ["handler"]
    assert "cannot be imported (ModuleNotFoundError" in problems[0].message
    assert checks.check_handler("zoho.crm.ghost", "a.yaml", import_handlers=False) == []


def test_every_bundled_handler_is_registered() -> None:
    component = connector.load_component()
    assert {action.handler for action in component.actions.values()} == set(registry.HANDLERS)


def test_shared_inputs_are_defined_once(tmp_path: Path) -> None:
    """Changing a shared input in component.yaml changes every action that uses it."""
    root = tmp_path / "zoho"
    root.mkdir()
    for name in ("component.yaml", "actions", "connections"):
        source = bundled_root() / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    manifest = yaml.safe_load((root / "component.yaml").read_text())
    manifest["inputs"]["debugRequest"]["comments"] = "Changed once."
    (root / "component.yaml").write_text(yaml.safe_dump(manifest))
    component = connector.load_component(root)
    assert all(action.inputs[1].comments == "Changed once." for action in component.actions.values()
               if action.inputs[1].key == "debugRequest")


def test_print_schema_is_a_valid_draft_2020_12_schema() -> None:
    code, output = run_validate("--print-schema")
    assert code == 0
    schema = json.loads(output)
    assert schema == definition_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    # Editors validate whole files with the top-level schema; the bundled files pass it.
    validator = jsonschema.Draft202012Validator(schema)
    for path in [bundled_root() / "component.yaml", *sorted((bundled_root() / "actions").glob("*.yaml")),
                 *sorted((bundled_root() / "connections").glob("*.yaml"))]:
        assert list(validator.iter_errors(yaml.safe_load(path.read_text()))) == [], path
    broken = yaml.safe_load((BROKEN / "actions/wrongType.yaml").read_text())
    assert list(validator.iter_errors(broken))


def test_the_bundled_component_loads_every_action() -> None:
    # How long this takes is measured by bench/load_component.py (docs/performance.md), not asserted here.
    definitions = load_definitions(bundled_root())
    assert len(definitions.actions) == 14
