"""Input cleaning: every conversion, and the messages of every failure."""

from __future__ import annotations

from typing import Any

import pytest

from connector.definitions.models import InputDef
from connector.inputs.cleaning import (
    CleanError,
    clean_value,
    describe_value,
    to_boolean,
    to_data,
    to_integer,
    to_json,
    to_key_value_list,
    to_number,
    to_string,
    to_value_list,
)


def spec(**fields: Any) -> InputDef:
    return InputDef.model_validate({"key": "x", "label": "X", "type": "string", **fields})


@pytest.mark.parametrize("text", ["true", "TRUE", "t", "T", "yes", "Yes", "y", "Y", " true "])
def test_boolean_true_words(text: str) -> None:
    assert to_boolean(text) is True


@pytest.mark.parametrize("text", ["false", "False", "f", "F", "no", "NO", "n", "N"])
def test_boolean_false_words(text: str) -> None:
    assert to_boolean(text) is False


def test_boolean_keeps_booleans() -> None:
    assert to_boolean(True) is True
    assert to_boolean(False) is False


@pytest.mark.parametrize("value", ["maybe", "", "1", 1, None, [True]])
def test_boolean_rejects_other_values(value: Any) -> None:
    with pytest.raises(CleanError, match=r"is not a boolean; expected true/false, t/f, yes/no or y/n"):
        to_boolean(value)


@pytest.mark.parametrize(("value", "expected"), [("42", 42), (" -7 ", -7), ("+3", 3), (5, 5), (6.0, 6)])
def test_integer_conversions(value: Any, expected: int) -> None:
    result = to_integer(value)
    assert result == expected
    assert type(result) is int


def test_integer_rejects_text_with_a_clear_message() -> None:
    with pytest.raises(CleanError) as caught:
        to_integer("abc")
    assert str(caught.value) == '"abc" is not a whole number; expected an integer such as 10'


@pytest.mark.parametrize("value", ["1.5", 2.5, "", "1e3", True, [1]])
def test_integer_rejects_non_integers(value: Any) -> None:
    with pytest.raises(CleanError, match="expected"):
        to_integer(value)


@pytest.mark.parametrize(("value", "expected"), [("2.5", 2.5), ("10", 10), (" -1e3 ", -1000.0), (7, 7),
                                                  (0.25, 0.25)])
def test_number_conversions(value: Any, expected: float) -> None:
    assert to_number(value) == expected


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "", True, float("nan")])
def test_number_rejects_non_numbers(value: Any) -> None:
    with pytest.raises(CleanError, match="expected a number"):
        to_number(value)


def test_number_message_names_the_value() -> None:
    with pytest.raises(CleanError, match=r'^"abc" is not a number; expected a number such as 2.5$'):
        to_number("abc")


def test_string_conversions() -> None:
    assert to_string("Leads") == "Leads"
    assert to_string(5394166000000379001) == "5394166000000379001"
    assert to_string(True) == "true"
    with pytest.raises(CleanError, match="got an object; expected text"):
        to_string({"a": 1})


def test_json_parses_text_and_keeps_values() -> None:
    assert to_json('{"a": [1, 2]}') == {"a": [1, 2]}
    assert to_json([1, 2]) == [1, 2]
    with pytest.raises(CleanError, match=r"is not valid JSON \(Expecting value at position 0\)"):
        to_json("oops")


@pytest.mark.parametrize("value", ["text", b"\x00\x01", {"a": 1}, [1, "b"], 3, True])
def test_data_keeps_strings_bytes_and_json(value: Any) -> None:
    assert to_data(value) == value


def test_data_turns_bytearray_into_bytes_and_rejects_objects() -> None:
    assert to_data(bytearray(b"ab")) == b"ab"
    with pytest.raises(CleanError, match="expected text, bytes or a JSON value"):
        to_data(object())


def test_key_value_list_from_pairs_later_keys_win() -> None:
    pairs = [{"key": "Last_Name", "value": "Doe"}, {"key": "Email", "value": "a@b.c"},
             {"key": "Last_Name", "value": "Roe"}]
    assert to_key_value_list(pairs) == {"Last_Name": "Roe", "Email": "a@b.c"}


def test_key_value_list_from_object_and_json_text() -> None:
    assert to_key_value_list({"Annual_Revenue": 1000}) == {"Annual_Revenue": 1000}
    assert to_key_value_list('[{"key": "a", "value": 1}]') == {"a": 1}
    assert to_key_value_list('{"a": true}') == {"a": True}
    assert to_key_value_list([]) == {}


@pytest.mark.parametrize(("value", "message"), [
    (42, r"got 42; expected a Key Value List: a list of \{\"key\": \.\.\., \"value\": \.\.\.\} items "
         r"or an object"),
    ("not json", r"got \"not json\"; expected a Key Value List"),
    ([{"value": 1}], r"item 0 is an object; expected \{\"key\": \.\.\., \"value\": \.\.\.\}"),
    ([{"key": "a", "value": 1, "x": 2}], r"item 0 is an object"),
    (["a"], r"item 0 is \"a\""),
    ([{"key": "", "value": 1}], r"key \"\" is not a name; expected non-empty text keys"),
])
def test_key_value_list_failures(value: Any, message: str) -> None:
    with pytest.raises(CleanError, match=message):
        to_key_value_list(value)


def test_value_list_from_list_comma_string_and_json_text() -> None:
    assert to_value_list(["Last_Name", "Email"]) == ["Last_Name", "Email"]
    assert to_value_list("Last_Name, Email,,") == ["Last_Name", "Email"]
    assert to_value_list('["a", "b,c"]') == ["a", "b,c"]
    assert to_value_list([1, 2]) == ["1", "2"]


@pytest.mark.parametrize(("value", "message"), [
    (42, r"got 42; expected a Value List: a list or comma-separated values"),
    ([["a"]], r"item 0 is a list; expected a single value"),
    ("[oops", r"looks like a JSON list but is not valid JSON"),
])
def test_value_list_failures(value: Any, message: str) -> None:
    with pytest.raises(CleanError, match=message):
        to_value_list(value)


def test_clean_value_applies_limits_pattern_and_model() -> None:
    per_page = spec(clean="integer", min=1, max=200)
    assert clean_value(per_page, "10") == 10
    with pytest.raises(CleanError, match=r"^500 is too large; expected at most 200$"):
        clean_value(per_page, "500")
    with pytest.raises(CleanError, match=r"^0 is too small; expected at least 1$"):
        clean_value(per_page, 0)
    segment = spec(pattern=r"^[^/]+$")
    with pytest.raises(CleanError, match=r'"a/b" has the wrong format; expected text matching'):
        clean_value(segment, "a/b")
    choice = spec(model=["asc", "desc"])
    assert clean_value(choice, "asc") == "asc"
    with pytest.raises(CleanError, match=r'^"up" is not allowed; expected one of asc, desc$'):
        clean_value(choice, "up")


def test_patterns_must_match_the_whole_value() -> None:
    segment = spec(pattern=r"[^/\s]+")
    assert clean_value(segment, "Leads") == "Leads"
    with pytest.raises(CleanError, match="has the wrong format"):
        clean_value(segment, "Leads\n")
    with pytest.raises(CleanError, match="has the wrong format"):
        clean_value(segment, "Leads/x")


def test_key_value_list_keys_and_values_are_checked_without_echoing_values() -> None:
    headers = spec(collection="keyvaluelist", clean="string", keyPattern=r"[A-Za-z-]+",
                   pattern=r"[\x20-\x7e]*")
    assert clean_value(headers, {"X-Count": 5}) == {"X-Count": "5"}
    with pytest.raises(CleanError, match=r'^key "X Bad" has the wrong format; expected keys matching'):
        clean_value(headers, {"X Bad": "v"})
    with pytest.raises(CleanError) as caught:
        clean_value(headers, {"Authorization": "Bearer tok3n\r\nX: y"})
    assert str(caught.value).startswith('value of "Authorization": the given value has the wrong format')
    assert "tok3n" not in str(caught.value)


def test_model_is_enforced_after_cleaning_for_every_list_item() -> None:
    fields = spec(collection="valuelist", model=["a", "b"])
    assert clean_value(fields, "a,b") == ["a", "b"]
    with pytest.raises(CleanError, match=r'^item 1: "c" is not allowed; expected one of a, b$'):
        clean_value(fields, "a,c")


def test_key_value_list_values_pass_through_unless_a_cleaner_is_asked_for() -> None:
    assert clean_value(spec(collection="keyvaluelist"), {"n": 1, "b": True}) == {"n": 1, "b": True}
    typed = spec(collection="keyvaluelist", clean="integer")
    assert clean_value(typed, [{"key": "n", "value": "7"}]) == {"n": 7}
    with pytest.raises(CleanError, match=r'^value of "n": "x" is not a whole number'):
        clean_value(typed, {"n": "x"})


def test_boolean_and_data_types_pick_their_cleaner() -> None:
    assert clean_value(spec(type="boolean"), "yes") is True
    assert clean_value(spec(type="data"), {"a": 1}) == {"a": 1}
    assert clean_value(spec(type="code"), "[1]") == [1]


def test_password_values_never_appear_in_messages() -> None:
    secret = spec(type="password", pattern=r"^\d+$")
    with pytest.raises(CleanError) as caught:
        clean_value(secret, "hunter2-secret")
    assert "hunter2" not in str(caught.value)
    assert describe_value("hunter2", secret=True) == "the given value"


def test_describe_value_is_short() -> None:
    assert describe_value("x" * 100).endswith('..."')
    assert len(describe_value("x" * 100)) < 50
    assert describe_value(b"abc") == "3 bytes"
