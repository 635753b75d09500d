"""The compiled definition cache: a hit equals a full load, any change to the files misses, and a
``connector run`` process on a hit never loads the YAML parser or the validation machinery."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from connector.auth.store import connector_home
from connector.definitions import cache, loader
from connector.definitions.cache import cache_directory, load_definitions_cached
from connector.definitions.locate import bundled_root
from connector.errors import DefinitionError
from connector.runtime import registry


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONNECTOR_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(cache.DISABLE_VARIABLE, raising=False)
    return tmp_path / "home"


@pytest.fixture
def component_copy(tmp_path: Path) -> Path:
    root = tmp_path / "component"
    root.mkdir()
    shutil.copy(bundled_root() / "component.yaml", root)
    for directory in ("actions", "connections"):
        shutil.copytree(bundled_root() / directory, root / directory)
    return root


def cached_files(home: Path) -> list[Path]:
    return sorted((home / "cache" / "definitions").glob("*.json"))


def forbid_full_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(root: Path) -> None:
        raise AssertionError(f"{root} was validated again instead of read from the cache")

    monkeypatch.setattr(loader, "load_definitions", fail)


def test_a_hit_equals_the_full_load(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validated = load_definitions_cached(bundled_root())
    assert len(cached_files(home)) == 1
    forbid_full_loads(monkeypatch)
    hit = load_definitions_cached(bundled_root())
    assert hit == validated and hit is not validated
    for key, action in hit.actions.items():
        assert action.describe() == validated.actions[key].describe()
        assert action.model_fields_set == validated.actions[key].model_fields_set
        for spec, original in zip(action.all_inputs, validated.actions[key].all_inputs, strict=True):
            assert spec.model_fields_set == original.model_fields_set
            assert (spec.cleaner, spec.choices) == (original.cleaner, original.choices)
    assert hit.connections["zohoOAuth"].describe() == validated.connections["zohoOAuth"].describe()


def test_an_edited_definition_is_validated_again(home: Path, component_copy: Path) -> None:
    load_definitions_cached(component_copy)
    action = component_copy / "actions" / "crmGetRecord.yaml"
    action.write_text(action.read_text().replace("label: CRM - Get Record", "label: Fetch Record", 1))
    assert load_definitions_cached(component_copy).actions["crmGetRecord"].display.label == "Fetch Record"
    assert len(cached_files(home)) == 2

    action.write_text(action.read_text().replace("- use: fields", "- use: fieldz", 1))
    with pytest.raises(DefinitionError, match="unknown shared input 'fieldz'"):
        load_definitions_cached(component_copy)


def test_an_added_or_removed_file_misses(home: Path, component_copy: Path) -> None:
    assert "crmRunQuery" in load_definitions_cached(component_copy).actions
    (component_copy / "actions" / "crmRunQuery.yaml").unlink()
    assert "crmRunQuery" not in load_definitions_cached(component_copy).actions


def test_a_corrupt_cache_file_is_replaced(home: Path) -> None:
    expected = load_definitions_cached(bundled_root())
    (stored,) = cached_files(home)
    stored.write_text('{"format": 1, "component": ')
    assert load_definitions_cached(bundled_root()) == expected
    assert json.loads(stored.read_text())["format"] == cache.FORMAT


def test_a_handler_no_longer_registered_is_reported_on_a_hit(
        home: Path, component_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    action = component_copy / "actions" / "crmGetRecord.yaml"
    action.write_text(action.read_text().replace("handler: zoho.crm.getRecord", "handler: test.onlyNow"))
    monkeypatch.setitem(registry.HANDLERS, "test.onlyNow", "connector.zoho.crm:get_record")
    assert load_definitions_cached(component_copy).actions["crmGetRecord"].handler == "test.onlyNow"
    monkeypatch.delitem(registry.HANDLERS, "test.onlyNow")
    with pytest.raises(DefinitionError, match=r"unknown handler 'test\.onlyNow'"):
        load_definitions_cached(component_copy)


def test_values_json_cannot_carry_are_not_cached(home: Path, component_copy: Path) -> None:
    action = component_copy / "actions" / "crmGetRecord.yaml"
    dated = "Company: Acme Labs 1\n        Created: 2024-05-01"
    action.write_text(action.read_text().replace("Company: Acme Labs 1", dated))
    definitions = load_definitions_cached(component_copy)
    example = definitions.actions["crmGetRecord"].examplePayload
    assert str(example["data"]["data"][0]["Created"]) == "2024-05-01"  # a date: JSON has none
    assert cached_files(home) == []


def test_the_cache_can_be_switched_off(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.DISABLE_VARIABLE, "0")
    assert len(load_definitions_cached(bundled_root()).actions) == 14
    assert cached_files(home) == []


def test_old_entries_are_pruned(home: Path, component_copy: Path) -> None:
    action = component_copy / "actions" / "crmGetRecord.yaml"
    original = action.read_text()
    for number in range(cache.MAX_ENTRIES + 3):
        action.write_text(original.replace("label: CRM - Get Record", f"label: Get Record {number}", 1))
        load_definitions_cached(component_copy)
    assert len(cached_files(home)) == cache.MAX_ENTRIES


@pytest.mark.parametrize("environ", [
    {"CONNECTOR_HOME": "/srv/connector"},
    {"XDG_DATA_HOME": "/data"},
    {"CONNECTOR_HOME": "", "XDG_DATA_HOME": "/data"},
    {},
])
def test_the_cache_lives_under_the_connector_home(environ: dict[str, str]) -> None:
    assert cache_directory(environ) == connector_home(environ) / "cache" / "definitions"


def test_a_run_on_a_cache_hit_loads_no_yaml_or_validation_stack(tmp_path: Path) -> None:
    # Everything `connector run` imports before it sends the request (the request itself is covered
    # by the CLI tests); then the modules it must not have needed.
    code = (
        "import sys, connector, connector.cli.main, connector.cli.run, connector.runtime.runtime, "
        "connector.zoho.crm\n"
        "connector.load_component().prepare('crmGetRecord', {'recordType': 'Leads', 'recordId': '1'}, "
        "connection={})\n"
        "heavy = ('yaml', 'jsonschema', 'fastapi', 'starlette', 'uvicorn', 'aiohttp', "
        "'connector.definitions.loader', 'connector.sandbox', 'connector.service')\n"
        "print(','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    env = {**os.environ, "CONNECTOR_HOME": str(tmp_path)}
    env.pop(cache.DISABLE_VARIABLE, None)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "connector.definitions.loader" in first.stdout  # a miss validates
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert second.stdout.strip() == ""
