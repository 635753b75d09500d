"""Every action's committed example output still has the shape the action returns against the
sandbox today: the same keys, recursively, and the same JSON types (ids and timestamps may differ)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

import connector
from connector.auth.store import MemoryTokenStore
from connector.reference.examples import EXAMPLE_INPUTS, LOOKUPS, example_inputs, run_example
from connector.runtime.runtime import Runtime
from connector.sandbox.server import SandboxServer
from tests.docs.shapes import shape

ACTION_KEYS = sorted(connector.load_component().actions)


@pytest.fixture(scope="module")
def component() -> connector.Component:
    return connector.load_component()


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    with Runtime(token_store=MemoryTokenStore(), sleep=lambda _seconds: None) as shared:
        yield shared


@pytest.fixture
def invoke(component: connector.Component, runtime: Runtime, sandbox: SandboxServer) -> Any:
    def run(key: str, inputs: Mapping[str, Any]) -> Any:
        return component.invoke(key, inputs, connection=sandbox.connection, runtime=runtime).to_dict()
    return run


def test_every_action_has_example_inputs_and_an_example_output(component: connector.Component) -> None:
    assert sorted(EXAMPLE_INPUTS) == ACTION_KEYS
    missing = [key for key, action in component.actions.items() if action.examplePayload is None]
    assert missing == [], "run scripts/capture_examples.py to capture their example outputs"


def test_example_inputs_are_valid_without_a_request(component: connector.Component) -> None:
    # Lookups stand in for record ids; every other value must pass the action's own validation.
    placeholder_ids = {name: "5725767000101000001" for name in LOOKUPS}
    for key in ACTION_KEYS:
        inputs = example_inputs(key, lambda action, _inputs: _fake_lookup_output(action, placeholder_ids))
        prepared = component.prepare(key, inputs, connection={"key": "zohoOAuth"})
        assert set(inputs) <= set(prepared.values), key


def _fake_lookup_output(action: str, ids: Mapping[str, str]) -> Any:
    (name,) = [name for name, lookup in LOOKUPS.items() if lookup.action == action]
    output: Any = ids[name]
    for step in reversed(LOOKUPS[name].path):
        output = [output] if isinstance(step, int) else {step: output}
    return output


@pytest.mark.parametrize("key", ACTION_KEYS)
def test_example_output_matches_what_the_action_returns(component: connector.Component, invoke: Any,
                                                        key: str) -> None:
    actual = run_example(key, invoke)
    assert shape(actual) == shape(component.actions[key].examplePayload), (
        f"{key} returns a different shape than its examplePayload; rerun scripts/capture_examples.py")


def test_shape_keeps_keys_and_json_types_only() -> None:
    one = {"data": [{"id": "1", "n": 0, "ok": True, "at": None, "sub": {"x": 1.5}}]}
    other = {"data": [{"id": "2", "n": 7.25, "ok": False, "at": None, "sub": {"x": 3}}]}
    assert shape(one) == shape(other)
    assert shape({"a": "1"}) != shape({"a": 1})
    assert shape({"a": True}) != shape({"a": 1})
    assert shape({"a": {"b": 1}}) != shape({"a": {"b": 1, "c": 2}})
    assert shape([{"a": 1}]) != shape([{"a": 1}, {"a": 2}])


def load_capture_script() -> Any:
    path = Path(__file__).resolve().parents[2] / "scripts" / "capture_examples.py"
    spec = importlib.util.spec_from_file_location("capture_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_capture_script_rewrites_only_the_example_block(tmp_path: Path, component: connector.Component,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    committed = Path(component.definitions.root) / "actions" / "crmGetRecord.yaml"
    text = committed.read_text(encoding="utf-8")
    without_example = text.split("# Captured from the sandbox")[0].rstrip() + "\n"
    target = tmp_path / "crmGetRecord.yaml"
    target.write_text(without_example, encoding="utf-8")

    assert load_capture_script().main(["crmGetRecord", "--actions-dir", str(tmp_path)]) == 0
    written = target.read_text(encoding="utf-8")
    assert written.startswith(without_example + "\n# Captured from the sandbox")
    payload = yaml.safe_load(written)["examplePayload"]
    assert shape(payload) == shape(component.actions["crmGetRecord"].examplePayload)
    assert "crmGetRecord.yaml" in capsys.readouterr().err
