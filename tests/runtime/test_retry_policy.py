"""The pure retry decision: which outcomes retry, how long to wait, when to stop."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from connector.http.retry import Failure, Outcome, backoff_s, is_retryable, parse_retry_after, retry_delay_s
from connector.runtime.flow import RetryPolicy

DEFAULT = RetryPolicy(max_retries=3)
ALL = RetryPolicy(max_retries=3, retry_all_errors=True)


@pytest.mark.parametrize(
    ("policy", "method", "outcome", "expected"),
    [
        # idempotent methods: 429, 5xx and network failures retry; other statuses do not
        (DEFAULT, "GET", Outcome(status=503), True),
        (DEFAULT, "PUT", Outcome(status=500), True),
        (DEFAULT, "DELETE", Outcome(status=502), True),
        (DEFAULT, "HEAD", Outcome(status=429), True),
        (DEFAULT, "GET", Outcome(status=400), False),
        (DEFAULT, "GET", Outcome(status=401), False),
        (DEFAULT, "GET", Outcome(status=404), False),
        (DEFAULT, "GET", Outcome(failure=Failure.NETWORK), True),
        (DEFAULT, "GET", Outcome(failure=Failure.TIMEOUT), True),
        # non-idempotent methods: 5xx and maybe-sent failures do not retry...
        (DEFAULT, "POST", Outcome(status=503), False),
        (DEFAULT, "PATCH", Outcome(status=500), False),
        (DEFAULT, "POST", Outcome(failure=Failure.NETWORK), False),
        (DEFAULT, "POST", Outcome(failure=Failure.TIMEOUT), False),
        # ...but 429 (not processed) and connect failures (never sent) do
        (DEFAULT, "POST", Outcome(status=429), True),
        (DEFAULT, "POST", Outcome(failure=Failure.NOT_SENT), True),
        # retryAllErrors: any failure, any method
        (ALL, "POST", Outcome(status=400), True),
        (ALL, "POST", Outcome(status=404), True),
        (ALL, "PATCH", Outcome(status=503), True),
        (ALL, "POST", Outcome(failure=Failure.TIMEOUT), True),
        (ALL, "GET", Outcome(status=304), False),
        # local problems never retry
        (ALL, "GET", Outcome(failure=Failure.FATAL), False),
        (DEFAULT, "GET", Outcome(failure=Failure.FATAL), False),
    ],
)
def test_is_retryable(policy: RetryPolicy, method: str, outcome: Outcome, expected: bool) -> None:
    assert is_retryable(policy, method, outcome) is expected


def test_method_names_are_case_insensitive() -> None:
    assert is_retryable(DEFAULT, "get", Outcome(status=503)) is True


@pytest.mark.parametrize(
    ("policy", "delays"),
    [
        (RetryPolicy(delay_ms=0, exponential=False), [0.0, 0.0, 0.0]),  # original default: immediate
        (RetryPolicy(delay_ms=300, exponential=False), [0.3, 0.3, 0.3]),  # fixed delay
        (RetryPolicy(delay_ms=100, exponential=True), [0.1, 0.2, 0.4, 0.8]),  # 2^(n-1) x delay
    ],
)
def test_backoff_without_jitter_matches_the_original(policy: RetryPolicy, delays: list[float]) -> None:
    rng = random.Random(1)
    assert [backoff_s(policy, n, rng) for n in range(1, len(delays) + 1)] == pytest.approx(delays)


def test_exponential_backoff_with_zero_delay_uses_a_base_and_bounded_jitter() -> None:
    policy = RetryPolicy(delay_ms=0, exponential=True, min_backoff_ms=250)
    rng = random.Random(7)
    for n, base in [(1, 0.25), (2, 0.5), (3, 1.0)]:
        samples = [backoff_s(policy, n, rng) for _ in range(200)]
        assert min(samples) >= base
        assert max(samples) <= base * 1.2
        assert len(set(samples)) > 100  # jittered, not constant


def test_retry_delay_stops_after_max_retries() -> None:
    policy = RetryPolicy(max_retries=2, delay_ms=10, exponential=False)
    rng = random.Random(0)
    outcome = Outcome(status=503)
    assert retry_delay_s(policy, "GET", outcome, retries_done=0, elapsed_s=0, rng=rng) == 0.01
    assert retry_delay_s(policy, "GET", outcome, retries_done=1, elapsed_s=0, rng=rng) == 0.01
    assert retry_delay_s(policy, "GET", outcome, retries_done=2, elapsed_s=0, rng=rng) is None


def test_zero_max_retries_never_retries() -> None:
    policy = RetryPolicy(max_retries=0, retry_all_errors=True)
    assert retry_delay_s(policy, "GET", Outcome(status=503), retries_done=0, elapsed_s=0,
                         rng=random.Random(0)) is None


def test_retry_after_wins_over_the_computed_delay() -> None:
    policy = RetryPolicy(max_retries=2, delay_ms=10, exponential=False)
    delay = retry_delay_s(policy, "GET", Outcome(status=429, retry_after_s=3.0), retries_done=0,
                          elapsed_s=0, rng=random.Random(0))
    assert delay == 3.0


def test_no_retry_that_would_end_past_the_total_cap() -> None:
    policy = RetryPolicy(max_retries=5, delay_ms=1000, exponential=False, max_total_s=10.0)
    rng = random.Random(0)
    assert retry_delay_s(policy, "GET", Outcome(status=503), retries_done=0, elapsed_s=8.9, rng=rng) == 1.0
    assert retry_delay_s(policy, "GET", Outcome(status=503), retries_done=0, elapsed_s=9.5, rng=rng) is None
    # a Retry-After longer than the remaining budget ends the retries at once
    assert retry_delay_s(policy, "GET", Outcome(status=429, retry_after_s=60), retries_done=0,
                         elapsed_s=0, rng=rng) is None


@pytest.mark.parametrize(
    ("value", "date", "expected"),
    [
        ("5", None, 5.0),
        (" 2 ", None, 2.0),
        ("0.5", None, 0.5),
        ("-3", None, 0.0),
        ("Wed, 21 Oct 2026 07:28:05 GMT", "Wed, 21 Oct 2026 07:28:00 GMT", 5.0),
        ("Wed, 21 Oct 2026 07:27:00 GMT", "Wed, 21 Oct 2026 07:28:00 GMT", 0.0),
        ("soon", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_parse_retry_after(value: str | None, date: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, date_header=date) == expected


def test_parse_retry_after_date_without_a_date_header_uses_now() -> None:
    now = datetime(2026, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 21 Oct 2026 07:28:10 GMT", now=now) == 10.0
