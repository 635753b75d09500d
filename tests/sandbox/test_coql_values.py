"""Value semantics on their own: normal forms and LIKE matching."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connector.sandbox.coql_values import BOOLEAN, INSTANT, NUMBER, OTHER, TEXT, LikePattern, normalize


@pytest.mark.parametrize(
    ("value", "rank"),
    [
        (5, NUMBER), (2.5, NUMBER), ("5725767000000411001", NUMBER), ("-3.25", NUMBER), ("0", NUMBER),
        ("0042", TEXT), ("1e5", TEXT), ("Smith", TEXT), ("\u00b2", TEXT),
        (True, BOOLEAN), ("FALSE", BOOLEAN),
        ("2024-05-01", INSTANT), ("2024-05-01T10:00:00+05:30", INSTANT), ("2024-02-30", TEXT),
        ({"name": "Pat", "id": "9"}, NUMBER), (["a"], OTHER),
    ],
)
def test_each_value_gets_its_rank(value: Any, rank: int) -> None:
    normal = normalize(value)
    assert normal is not None and normal[0] == rank


@pytest.mark.parametrize("value", [None, "", [], (), {}, {"name": "Pat"}, {"id": None}, {"id": ""}])
def test_blank_values_have_no_normal_form(value: Any) -> None:
    assert normalize(value) is None


def test_equal_instants_in_different_offsets_normalise_alike() -> None:
    assert normalize("2024-03-01T10:00:00+01:00") == normalize("2024-03-01T09:00:00Z")
    assert normalize("2024-03-01") == normalize("2024-03-01T00:00:00")


def test_long_digit_strings_stay_numbers_without_int_conversion_errors() -> None:
    normal = normalize("9" * 5000)
    assert normal is not None and normal[0] == NUMBER


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("abc", "ABC", True), ("abc", "abcd", False), ("a%", "a", True), ("%c", "abc", True),
        ("a_c", "abc", True), ("a_c", "ac", False), ("%b%", "b", True), ("a%a", "a", False),
        ("a%%b", "ab", True), ("%", "", True), ("_", "", False), ("100%", "100 percent", True),
        ("a.c", "abc", False), ("[x]%", "[x]y", True), ("é%", "Éclair", True),
    ],
)
def test_like_wildcards(pattern: str, text: str, expected: bool) -> None:
    assert LikePattern(pattern).matches(text) is expected


def reference_like(pattern: str, text: str) -> bool:
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL) is not None


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet="ab%_A", max_size=8), st.text(alphabet="abAB", max_size=10))
def test_like_agrees_with_a_regex_reference(pattern: str, text: str) -> None:
    assert LikePattern(pattern).matches(text) is reference_like(pattern, text)


def test_like_stays_linear_on_pathological_patterns() -> None:
    pattern, text = LikePattern("%a%a%a%a%a%a%a%a%b"), "a" * 20_000
    started = time.process_time()
    assert pattern.matches(text) is False
    assert time.process_time() - started < 0.5
