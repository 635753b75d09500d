"""Per-action request schemas agree with the input cleaner: a value the schema refuses is refused
by ``Component.prepare`` too (so the service answers 422 and never runs it)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector import InputError, load_component
from connector.service.input_schemas import input_schema, invoke_request_schema, whole_value_pattern

COMPONENT = load_component()
SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
           | st.sampled_from(["true", "No", " 12 ", "a,b", "[1, 2]", '{"k": 1}', "", ".."]))
JSON_VALUES = st.recursive(
    SCALARS,
    lambda items: st.lists(items, max_size=3) | st.dictionaries(st.text(max_size=5), items, max_size=3),
    max_leaves=6)


def inputs_schema(action: str) -> dict[str, Any]:
    schema: dict[str, Any] = invoke_request_schema(COMPONENT.describe(action))["properties"]["inputs"]
    return schema


def valid_inputs(action: str) -> dict[str, Any]:
    """Inputs that pass: each required input set from its example (or a plain word)."""
    described = COMPONENT.describe(action)
    chosen: dict[str, Any] = {}
    for spec in described["inputs"]:
        if spec["required"] and spec["type"] != "connection" and spec.get("default") is None:
            chosen[spec["key"]] = (spec["model"][0]["value"] if spec.get("model")
                                   else spec.get("example") or "Leads")
    return chosen


def test_a_typical_crm_get_record_body_is_valid_and_typos_are_not() -> None:
    schema = inputs_schema("crmGetRecord")
    good = {"recordType": "Leads", "recordId": "5394166000000379001", "fields": "Last_Name,Email",
            "debugRequest": "YES"}
    jsonschema.validate(good, schema)
    for bad in ({"recordType": "Leads"}, {**good, "recordId": "../x"}, {**good, "debugRequest": 3},
                {**good, "fields": [{"a": 1}]}, {**good, "recordTypo": "Leads"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_integer_inputs_take_numbers_or_their_text_within_limits() -> None:
    schema = input_schema({"key": "per_page", "label": "Per Page", "type": "string", "required": True,
                           "clean": "integer", "min": 1, "max": 200})
    for good in (10, "10", " 200 "):
        jsonschema.validate(good, schema)
    for bad in (0, 201, 1.5, "ten", True, None):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_optional_inputs_may_be_null_or_empty_and_document_their_default() -> None:
    spec = {"key": "debugRequest", "label": "Debug Request", "type": "boolean", "required": False,
            "default": "false", "comments": "Log the request."}
    schema = input_schema(spec)
    assert schema["title"] == "Debug Request"
    assert schema["default"] == "false"
    assert schema["description"] == "Log the request."
    for good in (None, "", True, "no"):
        jsonschema.validate(good, schema)


@pytest.mark.parametrize("action", list(COMPONENT.actions))
@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_values_the_schema_refuses_are_refused_by_the_cleaner(action: str, data: st.DataObject) -> None:
    described = COMPONENT.describe(action)
    specs = [*described["inputs"], *described["options"]]
    keys = [spec["key"] for spec in specs if spec["type"] != "connection"]
    key = data.draw(st.sampled_from(keys))
    inputs = {**valid_inputs(action), key: data.draw(JSON_VALUES)}
    validator = jsonschema.Draft202012Validator(inputs_schema(action))
    if validator.is_valid(inputs):
        return
    with pytest.raises(InputError):
        COMPONENT.prepare(action, inputs, connection={"key": "zohoOAuth"})


@pytest.mark.parametrize("action", list(COMPONENT.actions))
def test_the_valid_example_inputs_pass_both(action: str) -> None:
    inputs = valid_inputs(action)
    jsonschema.validate(inputs, inputs_schema(action))
    COMPONENT.prepare(action, inputs, connection={"key": "zohoOAuth"})


def test_definition_patterns_become_anchored_ecma_patterns() -> None:
    assert whole_value_pattern(r"(?!\.\.?\Z)[^/]+") == r"^(?:(?!\.\.?$)[^/]+)$"
    assert whole_value_pattern(r"a\\Zb") == r"^(?:a\\Zb)$"  # an escaped backslash before Z stays


def test_raw_request_headers_document_key_and_value_patterns() -> None:
    schema = inputs_schema("crmRawRequest")["properties"]["headers"]
    jsonschema.validate({"X-Trace": "abc"}, schema)
    jsonschema.validate([{"key": "X-Trace", "value": "abc"}], schema)
    for bad in ({"Bad Header": "x"}, {"X-Trace": "line\nbreak"}, [{"key": "a:b", "value": "x"}]):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
