"""Value semantics on their own: normal forms and LIKE matching."""

from __future__ import annotations

import re
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


class CountingSegment:
    """Stands in for one compiled segment of a LikePattern and counts how often it is tried."""

    def __init__(self, compiled: re.Pattern[str], calls: list[int]) -> None:
        self.compiled, self.calls = compiled, calls

    def match(self, text: str, position: int = 0) -> re.Match[str] | None:
        self.calls[0] += 1
        return self.compiled.match(text, position)

    def search(self, text: str, position: int = 0) -> re.Match[str] | None:
        self.calls[0] += 1
        return self.compiled.search(text, position)

    def fullmatch(self, text: str, position: int = 0) -> re.Match[str] | None:
        self.calls[0] += 1
        return self.compiled.fullmatch(text, position)


@pytest.mark.parametrize(("text", "expected"), [("a" * 20_000, False), ("a" * 20_000 + "b", True)])
def test_like_stays_linear_on_pathological_patterns(text: str, expected: bool) -> None:
    # A single regex of ``.*`` runs backtracks exponentially here; the matcher instead tries each
    # fixed-length segment at most once, and no segment can backtrack (none has a quantifier).
    pattern = LikePattern("%a%a%a%a%a%a%a%a%b")
    assert not any(quantifier in segment.pattern for segment in pattern.segments for quantifier in "*+?{")
    calls = [0]
    pattern.segments = [CountingSegment(segment, calls) for segment in pattern.segments]  # type: ignore[misc]
    assert pattern.matches(text) is expected
    assert calls[0] <= len(pattern.segments)
