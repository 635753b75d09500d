"""A settable clock for sandboxes and runtimes under test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FakeClock:
    now: float = 1_800_000_000.0  # 2027-01-15, after every seed timestamp

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
