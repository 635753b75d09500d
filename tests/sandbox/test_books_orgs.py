"""Books organizations: the list, one organization, and organization_id on every other call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sandbox.test_books_fixtures import OTHER_ORG, BooksHarness


@pytest.fixture
def books() -> Iterator[BooksHarness]:
    harness = BooksHarness()
    yield harness
    harness.close()


def test_organizations_list_has_one_default(books: BooksHarness) -> None:
    response = books.get("/organizations", org=None)
    orgs = response.json()["organizations"]
    assert [o["organization_id"] for o in orgs] == ["10234695", "10234696"]
    assert [o["is_default_org"] for o in orgs] == [True, False]
    assert all(o["organization_id"].isdigit() for o in orgs)
    assert "x-rate-limit-limit" not in response.headers  # no organization to charge


def test_one_organization(books: BooksHarness) -> None:
    body = books.get(f"/organizations/{OTHER_ORG}", org=None).json()
    assert body["organization"]["name"] == "Zylker Europe"
    assert body["organization"]["currency_code"] == "EUR"
    unknown = books.get("/organizations/42", org=None)
    assert (unknown.status_code, unknown.json()["code"]) == (400, 6041)
    assert books.post("/organizations", org=None, json={}).status_code == 405


def test_missing_organization_id_is_6024(books: BooksHarness) -> None:
    response = books.get("/contacts", org=None)
    assert response.status_code == 400
    assert response.json()["code"] == 6024
    assert "CompanyID/CompanyName" in response.json()["message"]


@pytest.mark.parametrize("org", ["999", "abc", "10234695 ", "<script>" * 20])
def test_unknown_organization_is_6041(books: BooksHarness, org: str) -> None:
    response = books.get("/invoices", org=org)
    assert response.status_code == 400
    assert response.json()["code"] == 6041
    message = response.json()["message"]
    assert message.startswith("This user is not associated with the CompanyID/CompanyName:")
    assert len(response.json()["message"]) < 120


def test_organization_header_is_accepted(books: BooksHarness) -> None:
    response = books.get("/items", org=None, headers={"X-com-zoho-books-organizationid": OTHER_ORG})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2


def test_unknown_paths_need_no_organization(books: BooksHarness) -> None:
    for path in ("/nothing", "/", "/a/b/c/d/e", "/contacts/1/2/3/4"):
        response = books.get(path, org=None)
        assert (response.status_code, response.json()) == (404, {"code": 5, "message": "Invalid URL Passed"})
