"""Bad requests of every kind get Books error envelopes with a 4xx status, never a 500."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.sandbox.books_body import MAX_BODY_BYTES
from tests.sandbox.test_books_fixtures import BooksHarness


@pytest.fixture
def books() -> Iterator[BooksHarness]:
    harness = BooksHarness(rate_limit=1_000_000)
    yield harness
    harness.close()


JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b'"text"', b"null", b"\xff\xfe", b'{"a": NaN}',
                                 b"[" * 100_000, b'{"a": 1' + b"0" * 5000 + b"}"])
def test_malformed_json_is_code_4_jsonstring(books: BooksHarness, raw: bytes) -> None:
    response = books.post("/contacts", content=raw, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {"code": 4, "message": "Invalid value passed for JSONString"}


def test_legacy_jsonstring_form_field(books: BooksHarness) -> None:
    form = books.post("/contacts", data={"JSONString": json.dumps({"contact_name": "Form Co"})})
    assert form.status_code == 201
    assert form.json()["contact"]["contact_name"] == "Form Co"
    query = books.post("/contacts", params={"JSONString": json.dumps({"contact_name": "Query Co"})})
    assert query.json()["contact"]["contact_name"] == "Query Co"
    multipart = books.post("/contacts", files={"JSONString": (None, json.dumps({"contact_name": "Part Co"}))})
    assert multipart.json()["contact"]["contact_name"] == "Part Co"
    bad_form = books.post("/contacts", data={"JSONString": "{nope"})
    assert bad_form.json()["code"] == 4
    empty_form = books.post("/contacts", data={"other": "1"})
    assert "contact_name" in empty_form.json()["message"]  # an empty body is {}: required field missing


def test_multipart_with_a_file_is_refused(books: BooksHarness) -> None:
    response = books.post("/contacts", files={"attachment": ("a.txt", b"hello", "text/plain")})
    assert response.status_code == 400
    assert response.json()["code"] == 4


def test_huge_bodies_are_413(books: BooksHarness) -> None:
    big = b'{"contact_name": "' + b"x" * MAX_BODY_BYTES + b'"}'
    declared = books.post("/contacts", content=big, headers=JSON)
    assert declared.status_code == 413
    assert declared.json()["code"] == 4

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the cap applies while reading
        yield b'{"contact_name": "'
        for _ in range(20):
            yield b"y" * 65536
        yield b'"}'

    streamed = books.post("/contacts", content=chunks(), headers=JSON)
    assert streamed.status_code == 413
    assert books.store.counts()["contacts"] == 43


def test_long_field_names_and_odd_keys(books: BooksHarness) -> None:
    response = books.post("/contacts", json={"contact_name": "A", "k" * 101: 1})
    assert (response.status_code, response.json()["code"]) == (400, 4)
    control = books.post("/contacts", json={"contact_name": "A", "bad\nkey": 1})
    assert control.status_code == 400


@pytest.mark.parametrize("path", [
    "/contacts/..%2F..%2Forganizations", "/contacts/%2e%2e", "/contacts/1;drop", "/contacts/%00",
    "/contacts/-1", "/contacts/1e9", "/contacts/0x10", "/contacts/%2e%2e/%2e%2e/etc/passwd",
    "/contacts/%F0%9F%92%A3",
    "/settings/%2e%2e", "/crm/account/..%2F1/import", "/contacts/a/b/c/d/e/f",
    "/a%0Ab", "/contacts%0A", "/contacts/1%0A/comments", "/", "/contacts/", "/settings/taxes/",
])
def test_path_tricks_are_4xx(books: BooksHarness, path: str) -> None:
    response = books.get(path)
    assert 400 <= response.status_code < 500
    assert response.json()["code"] in (5, 1002)


@pytest.mark.parametrize("method", ["PATCH", "OPTIONS", "HEAD"])
def test_unsupported_methods_are_405(books: BooksHarness, method: str) -> None:
    response = books._loop.run_until_complete(
        books._client.request(method, "/books/v3/contacts", params={"organization_id": "10234695"})
    )
    assert response.status_code == 405
    if method != "HEAD":
        assert response.json()["code"] == 5


def test_put_and_delete_on_collections_are_405(books: BooksHarness) -> None:
    assert books.put("/contacts", json={}).status_code == 405
    assert books.delete("/invoices").status_code == 405
    assert books.post(f"/contacts/{books.first_id('contacts')}", json={}).status_code == 405


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children,
                                                                      max_size=4),
    max_leaves=20,
)
FIELD_NAMES = st.sampled_from(["contact_name", "rate", "name", "customer_id", "line_items", "date",
                               "payment_terms", "is_taxable", "billing_address", "contact_persons",
                               "status", "contact_type", "amount", "item_id", "quantity", "x"])


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/contacts", "/items", "/invoices", "/journals", "/customerpayments",
                             "/contacts/contactpersons", "/settings/taxes"]),
       body=st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=6))
def test_random_bodies_never_break_the_sandbox(books: BooksHarness, path: str,
                                               body: dict[str, object]) -> None:
    response = books.post(path, json=body)
    assert response.status_code in (200, 201, 400, 404)


# Newlines included: Starlette's path patterns never match one, so such paths miss the Books
# Mount and must still get a Books JSON 404 from the fallback (not plain text).
SEGMENTS = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), min_size=0, max_size=12)


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=st.lists(SEGMENTS | st.sampled_from(["contacts", "invoices", "comments", "status",
                                                     "contactpersons", "460000000010027", "settings",
                                                     "crm", "import", ".."]), min_size=0, max_size=5),
       method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
       params=st.dictionaries(st.sampled_from(["page", "per_page", "sort_column", "sort_order", "filter_by",
                                               "search_text", "last_modified_time", "date_start",
                                               "contact_name_contains"]), st.text(max_size=15), max_size=3))
def test_random_requests_never_break_the_sandbox(books: BooksHarness, segments: list[str], method: str,
                                                 params: dict[str, str]) -> None:
    # Percent-encode, as a client would; dot segments stay encoded so they reach the routes.
    encoded = [{".": "%2e", "..": "%2e%2e"}.get(seg, quote(seg, safe="")) for seg in segments]
    path = "/" + "/".join(encoded)
    response = books.request(method, path, params=params, json={} if method in ("POST", "PUT") else None)
    assert response.status_code < 500
