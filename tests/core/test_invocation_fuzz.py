"""Whatever JSON a caller sends, preparing a call either succeeds or raises InputError."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import connector

COMPONENT = connector.load_component()
INPUT_KEYS = sorted({spec.key for action in COMPONENT.actions.values() for spec in action.all_inputs} | {"x"})
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (st.lists(children, max_size=3)
                      | st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=6)
config_refs = st.builds(lambda name: {"$configVar": name}, st.sampled_from(["A", "B"]))


@settings(derandomize=True, max_examples=400, database=None, deadline=None)
@given(st.sampled_from(sorted(COMPONENT.actions)),
       st.one_of(json_values, st.dictionaries(st.sampled_from(INPUT_KEYS), json_values | config_refs)),
       st.one_of(st.none(), json_values), st.one_of(st.none(), st.dictionaries(st.sampled_from(["A"]),
                                                                              json_values), json_values))
def test_prepare_never_fails_with_anything_but_input_error(key: str, inputs: Any, connection: Any,
                                                           config_vars: Any) -> None:
    try:
        prepared = COMPONENT.prepare(key, inputs, connection=connection, config_vars=config_vars)
    except connector.InputError as error:
        assert error.problems and error.input
    else:
        assert set(prepared.values) <= {spec.key for spec in COMPONENT.actions[key].all_inputs}
