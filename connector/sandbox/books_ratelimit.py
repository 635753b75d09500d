"""Books' per-organization request budget: 100 requests a minute (research/zoho-api.md section 5).

A fixed window per organization, opened by its first request. Refused requests do not count.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateDecision:
    """Whether a request may proceed, and the X-Rate-Limit-* values to send with the answer."""

    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        return {
            "X-Rate-Limit-Limit": str(self.limit),
            "X-Rate-Limit-Remaining": str(self.remaining),
            "X-Rate-Limit-Reset": str(self.reset_seconds),
        }


class RateLimiter:
    """Counts requests per key in fixed windows of ``window`` seconds on an injectable clock."""

    def __init__(self, *, limit: int, window: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> RateDecision:
        now = self._clock()
        with self._lock:
            start, used = self._windows.get(key, (now, 0))
            if now - start >= self.window or now < start:
                start, used = now, 0
            allowed = used < self.limit
            if allowed:
                used += 1
            self._windows[key] = (start, used)
        reset = max(0, math.ceil(start + self.window - now))
        return RateDecision(allowed, self.limit, max(0, self.limit - used), reset)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()
