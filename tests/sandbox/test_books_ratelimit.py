"""Books' budget of 100 requests a minute per organization, on an injected clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connector.sandbox.books_ratelimit import RateLimiter
from tests.sandbox.test_books_fixtures import OTHER_ORG, BooksHarness


@pytest.fixture
def books() -> Iterator[BooksHarness]:
    harness = BooksHarness()
    yield harness
    harness.close()


def test_the_101st_request_in_a_minute_is_429(books: BooksHarness) -> None:
    for n in range(100):
        response = books.get("/items", params={"per_page": "1"})
        assert response.status_code == 200
        assert response.headers["X-Rate-Limit-Remaining"] == str(99 - n)
        assert response.headers["X-Rate-Limit-Limit"] == "100"
    books.clock.advance(20)
    refused = books.get("/items")
    assert refused.status_code == 429
    assert refused.json()["code"] == 44
    assert refused.headers["X-Rate-Limit-Remaining"] == "0"
    assert refused.headers["X-Rate-Limit-Reset"] == "40"

    other = books.get("/items", org=OTHER_ORG)  # each organization has its own budget
    assert other.status_code == 200

    books.clock.advance(40)
    again = books.get("/items")
    assert again.status_code == 200
    assert again.headers["X-Rate-Limit-Remaining"] == "99"


def test_errors_after_the_organization_is_known_count_too(books: BooksHarness) -> None:
    books.get("/invoices/460000000099999")
    response = books.get("/invoices", params={"per_page": "500"})
    assert response.status_code == 400
    assert response.headers["X-Rate-Limit-Remaining"] == "98"


def test_reset_clears_the_windows(books: BooksHarness) -> None:
    for _ in range(100):
        books.get("/items", params={"per_page": "1"})
    assert books.get("/items").status_code == 429
    books.store.reset()
    assert books.get("/items").headers["X-Rate-Limit-Remaining"] == "99"


def test_limiter_windows_restart_when_the_clock_goes_back() -> None:
    now = [1000.0]
    limiter = RateLimiter(limit=2, window=60, clock=lambda: now[0])
    assert [limiter.hit("a").allowed for _ in range(3)] == [True, True, False]
    now[0] = 900.0
    decision = limiter.hit("a")
    assert (decision.allowed, decision.remaining, decision.reset_seconds) == (True, 1, 60)
