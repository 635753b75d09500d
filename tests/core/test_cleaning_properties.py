"""Properties of the cleaners over generated values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connector.inputs.cleaning import to_boolean, to_integer, to_key_value_list, to_number, to_value_list

# Deterministic: the same examples on every run.
fixed = settings(derandomize=True, max_examples=100, database=None)
words = st.text(alphabet=st.characters(blacklist_characters=",", blacklist_categories=("Cs",)), min_size=1)


@fixed
@given(st.integers())
def test_integers_survive_their_text_form(number: int) -> None:
    assert to_integer(str(number)) == number
    assert to_integer(f"  {number} ") == number


@fixed
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_finite_floats_survive_their_text_form(number: float) -> None:
    assert to_number(repr(number)) == number


@fixed
@given(st.booleans(), st.sampled_from([str.lower, str.upper, str.title]),
       st.sampled_from([0, 1]))
def test_boolean_words_in_any_case(value: bool, case: object, long_form: int) -> None:
    word = (["false", "true"] if long_form else ["f", "t"])[value]
    assert to_boolean(case(word)) is value  # type: ignore[operator]


@fixed
@given(st.lists(words.filter(lambda w: w.strip() != "" and not w.strip().startswith("[")), min_size=1))
def test_comma_separated_value_lists_split_and_trim(items: list[str]) -> None:
    assert to_value_list(",".join(items)) == [item.strip() for item in items]


@fixed
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers())))
def test_key_value_pairs_later_keys_win(pairs: list[tuple[str, int]]) -> None:
    cleaned = to_key_value_list([{"key": key, "value": value} for key, value in pairs])
    assert cleaned == dict(pairs)
