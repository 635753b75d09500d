"""BooksStore: deterministic seed, generated records, counts, reset."""

from __future__ import annotations

import pytest

from connector.sandbox.books_modules import MODULES
from connector.sandbox.books_store import BooksStore
from tests.sandbox.test_books_fixtures import START, BooksHarness


def test_the_seed_is_the_same_on_every_start() -> None:
    first = BooksStore(clock=lambda: START)
    second = BooksStore(clock=lambda: START + 86_400)  # the clock does not leak into seed data
    assert first.counts() == second.counts()
    for org_id, org in first.orgs.items():
        assert org.records == second.orgs[org_id].records
        assert org.comments == second.orgs[org_id].comments


def test_seed_covers_every_module_in_the_default_organization() -> None:
    store = BooksStore(clock=lambda: START)
    default = store.default_org()
    assert default.organization_id == "10234695"
    assert all(default.records[path] for path in MODULES)
    assert set(store.counts()) == set(MODULES)
    assert store.counts()["contacts"] == 43  # 40 in the default organization, 3 in the other


def test_seed_adds_generated_records_with_resolvable_references() -> None:
    store = BooksStore(clock=lambda: START)
    before = store.counts()
    store.seed({"contacts": 300, "invoices": 50})
    after = store.counts()
    assert after["contacts"] == before["contacts"] + 300
    assert after["invoices"] == before["invoices"] + 50
    org = store.default_org()
    contact_names = [c["contact_name"] for c in org.records["contacts"].values()]
    assert len(set(contact_names)) == len(contact_names)
    for invoice in org.records["invoices"].values():
        assert invoice["customer_id"] in org.records["contacts"]
        assert all(line["item_id"] in org.records["items"] for line in invoice["line_items"])
    numbers = [i["invoice_number"] for i in org.records["invoices"].values()]
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("counts", [{"widgets": 1}, {"contacts": -1}, {"contacts": "5"},
                                    {"contacts": True}, {"contacts": 2_000_000}])
def test_seed_refuses_bad_counts(counts: dict[str, object]) -> None:
    store = BooksStore(clock=lambda: START)
    before = store.counts()
    with pytest.raises(ValueError):
        store.seed(counts)  # type: ignore[arg-type]
    assert store.counts() == before


def test_reset_returns_to_the_seed() -> None:
    store = BooksStore(clock=lambda: START)
    pristine = {org_id: org.records for org_id, org in BooksStore(clock=lambda: START).orgs.items()}
    store.seed({"items": 10})
    store.default_org().records["contacts"].clear()
    store.reset()
    assert {org_id: org.records for org_id, org in store.orgs.items()} == pristine


def test_a_hundred_thousand_records_seed_with_the_right_counts() -> None:
    # How long this takes is measured in bench/sandbox_work.py.
    store = BooksStore(clock=lambda: START)
    before = store.counts()
    store.seed({"contacts": 20_000, "items": 10_000, "invoices": 70_000})
    after = store.counts()
    assert after["invoices"] == 70_032
    added = {module: after[module] - before[module] for module in after if after[module] != before[module]}
    assert added == {"contacts": 20_000, "items": 10_000, "invoices": 70_000}


def test_lists_stay_usable_on_large_data() -> None:
    books = BooksHarness()
    try:
        books.store.seed({"contacts": 30_000})
        params = {"page": "20", "per_page": "200", "contact_name_contains": "ltd"}
        body = books.get("/contacts", params=params, check_spec=False).json()
        assert len(body["contacts"]) == 200
        assert body["page_context"]["has_more_page"] is True
        assert all("ltd" in c["contact_name"].lower() for c in body["contacts"])
    finally:
        books.close()
