"""The retry decision, as pure functions of the policy, the request method and what happened.

Compatible with the original component (axios-retry via spectral): ``maxRetries`` retries at most,
by default only for network failures and 429/5xx on idempotent methods, ``retryAllErrors`` retries
every failure of every method, a fixed delay or ``2^(n-1) x delay`` with exponential backoff.
Improvements: ``Retry-After`` is honoured; 429 is retried for every method (Zoho rejected the
request without processing it); failures to *connect* are retried for every method (nothing was
sent); exponential backoff with a zero delay uses a non-zero base plus jitter instead of hammering
the server; and no retry starts when it would end past the policy's total-time cap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum

from connector.runtime.flow import RetryPolicy

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# Share of the computed backoff added at random, so that concurrent callers spread out.
JITTER_RATIO = 0.2


class Failure(Enum):
    """How a request failed when no HTTP response arrived."""

    NOT_SENT = "not_sent"  # could not connect: the server never saw the request
    NETWORK = "network"  # connection broke after the request may have been sent
    TIMEOUT = "timeout"  # no answer in time
    FATAL = "fatal"  # a local problem (bad URL, protocol misuse): retrying cannot help


@dataclass(frozen=True)
class Outcome:
    """What one attempt produced: an HTTP status, or a failure without a response."""

    status: int | None = None
    failure: Failure | None = None
    retry_after_s: float | None = None


def is_retryable(policy: RetryPolicy, method: str, outcome: Outcome, *,
                 idempotent: bool | None = None) -> bool:
    """Whether this outcome may be retried at all under ``policy`` (ignoring counts and time).

    ``idempotent`` overrides the method's own semantics, for reads sent as POST (COQL).
    """
    if outcome.failure is Failure.FATAL:
        return False
    if policy.retry_all_errors:
        return outcome.failure is not None or (outcome.status is not None and outcome.status >= 400)
    if idempotent is None:
        idempotent = method.upper() in IDEMPOTENT_METHODS
    if outcome.failure is Failure.NOT_SENT:
        return True
    if outcome.failure is not None:
        return idempotent
    status = outcome.status or 0
    if status == 429:
        return True
    return idempotent and 500 <= status <= 599


def backoff_s(policy: RetryPolicy, retry_number: int, rng: random.Random) -> float:
    """The delay before retry number ``retry_number`` (1-based) when the server gave no Retry-After."""
    if not policy.exponential:
        return policy.delay_ms / 1000
    if policy.delay_ms > 0:
        return float(2 ** (retry_number - 1) * policy.delay_ms) / 1000
    delay = float(2 ** (retry_number - 1) * policy.min_backoff_ms) / 1000
    return delay + rng.random() * JITTER_RATIO * delay


def retry_delay_s(policy: RetryPolicy, method: str, outcome: Outcome, *, retries_done: int,
                  elapsed_s: float, rng: random.Random, idempotent: bool | None = None) -> float | None:
    """Seconds to wait before the next attempt, or ``None`` when the outcome is final."""
    if retries_done >= policy.max_retries or not is_retryable(policy, method, outcome, idempotent=idempotent):
        return None
    if outcome.retry_after_s is not None:
        delay = outcome.retry_after_s
    else:
        delay = backoff_s(policy, retries_done + 1, rng)
    if elapsed_s + delay > policy.max_total_s:
        return None
    return delay


def parse_retry_after(value: str | None, *, date_header: str | None = None,
                      now: datetime | None = None) -> float | None:
    """``Retry-After`` in seconds: delta-seconds, or an HTTP date measured against the response's
    own ``Date`` header (so server/client clock skew does not matter), else against ``now``
    (default: the current time). Unparseable -> None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        target = parsedate_to_datetime(value)
        reference = parsedate_to_datetime(date_header) if date_header else (now or datetime.now(UTC))
        return max(0.0, (target - reference).total_seconds())
    except (TypeError, ValueError):
        return None
