"""Books record handlers and organization discovery, driven by hand with fake responses."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from connector.errors import InputError
from connector.runtime.call import Call
from connector.runtime.flow import Flow, Send
from connector.zoho import books
from connector.zoho.organizations import resolve_organization_id

BOOKS = "https://api.test/books/v3"


@dataclass
class FakeSession:
    crm_base: str = "https://api.test/crm/v8"
    books_base: str = BOOKS
    organization_id: str | None = "600"
    books_org_cache: dict[str, str] = field(default_factory=dict)


def make_call(inputs: dict[str, Any], session: FakeSession | None = None) -> Call:
    return Call(action="test", inputs=inputs, session=session or FakeSession())


def reply(status: int = 200, body: Any = None) -> httpx.Response:
    return httpx.Response(status) if body is None else httpx.Response(status, json=body)


def drive(flow: Flow, *responses: httpx.Response) -> tuple[list[Send], Any]:
    sends: list[Send] = []
    pending = list(responses)
    try:
        send = next(flow)
        while True:
            sends.append(send)
            assert pending, f"unexpected extra request {send.request.method} {send.request.url}"
            send = flow.send(pending.pop(0))
    except StopIteration as stop:
        assert not pending, "handler stopped before reading every response"
        return sends, stop.value


def path_of(send: Send) -> str:
    return send.request.url.raw_path.decode().split("?")[0]


def params_of(send: Send) -> dict[str, str]:
    return dict(send.request.url.params)


# --- paths ------------------------------------------------------------------------------------


def test_get_record_sends_organization_id_and_returns_body() -> None:
    body = {"code": 0, "message": "success", "contact": {"contact_id": "460000000026049"}}
    flow = books.get_record(make_call({"recordType": "contacts", "recordId": "460000000026049"}))
    sends, output = drive(flow, reply(200, body))
    (send,) = sends
    assert send.request.method == "GET"
    assert str(send.request.url) == f"{BOOKS}/contacts/460000000026049?organization_id=600"
    assert send.service == "books"
    assert output == {"data": body}


def test_parent_path_when_both_parent_inputs_are_given() -> None:
    sends, _ = drive(books.get_record(make_call({"recordType": "contactpersons", "recordId": "2",
                                                 "parentRecordType": "contacts", "parentRecordId": "1"})),
                     reply(200, {"code": 0}))
    assert path_of(sends[0]) == "/books/v3/contacts/1/contactpersons/2"


def test_nested_record_types_keep_their_path() -> None:
    sends, _ = drive(books.remove_record(make_call({"recordType": "settings/taxes", "recordId": "31"})),
                     reply(200, {"code": 0, "message": "The tax has been deleted."}))
    assert sends[0].request.method == "DELETE"
    assert path_of(sends[0]) == "/books/v3/settings/taxes/31"


@pytest.mark.parametrize(("parents", "missing"), [
    ({"parentRecordType": "contacts"}, "parentRecordId"),
    ({"parentRecordId": "1"}, "parentRecordType"),
])
def test_only_one_parent_input_is_an_input_error(parents: dict[str, str], missing: str) -> None:
    with pytest.raises(InputError) as caught:
        next(books.get_record(make_call({"recordType": "contactpersons", "recordId": "2", **parents})))
    assert caught.value.input == missing


@pytest.mark.parametrize(("inputs", "input_name"), [
    ({"recordType": "contacts", "recordId": "abc"}, "recordId"),
    ({"recordType": "contacts", "recordId": "1", "parentRecordType": "contacts",
      "parentRecordId": "1x"}, "parentRecordId"),
    ({"recordType": "../organizations", "recordId": "1"}, "recordType"),
    ({"recordType": "contacts", "recordId": "1", "parentRecordType": "..", "parentRecordId": "1"},
     "parentRecordType"),
    ({"recordType": "", "recordId": "1"}, "recordType"),
])
def test_ids_and_types_are_validated_before_any_request(inputs: dict[str, Any], input_name: str) -> None:
    with pytest.raises(InputError) as caught:
        next(books.get_record(make_call(inputs)))
    assert caught.value.input == input_name


def test_unknown_record_type_is_one_encoded_segment() -> None:
    sends, _ = drive(books.get_record(make_call({"recordType": "cm_my module", "recordId": "3"})),
                     reply(200, {"code": 0}))
    assert path_of(sends[0]) == "/books/v3/cm_my%20module/3"


# --- contact persons: reads under the contact, writes at /contacts/contactpersons ------------

CONTACT = "460000000026049"
PERSON = "460000000026051"
UNDER_CONTACT = {"recordType": "contactpersons", "parentRecordType": "contacts", "parentRecordId": CONTACT}


@pytest.mark.parametrize(("handler", "inputs", "method", "path"), [
    (books.get_records, {}, "GET", f"/books/v3/contacts/{CONTACT}/contactpersons"),
    (books.get_record, {"recordId": PERSON}, "GET", f"/books/v3/contacts/{CONTACT}/contactpersons/{PERSON}"),
    (books.create_record, {"fieldValues": {"first_name": "Will"}}, "POST",
     "/books/v3/contacts/contactpersons"),
    (books.update_record, {"recordId": PERSON, "fieldValues": {"first_name": "Will"}}, "PUT",
     f"/books/v3/contacts/contactpersons/{PERSON}"),
    (books.remove_record, {"recordId": PERSON}, "DELETE", f"/books/v3/contacts/contactpersons/{PERSON}"),
])
def test_contact_person_operations_use_the_documented_paths(
    handler: Any, inputs: dict[str, Any], method: str, path: str
) -> None:
    sends, _ = drive(handler(make_call({**UNDER_CONTACT, **inputs})), reply(200, {"code": 0}))
    assert (sends[0].request.method, path_of(sends[0])) == (method, path)
    assert params_of(sends[0])["organization_id"] == "600"


@pytest.mark.parametrize("handler", [books.create_record, books.update_record])
def test_contact_person_writes_name_the_contact_in_the_body(handler: Any) -> None:
    inputs = {**UNDER_CONTACT, "recordId": PERSON, "fieldValues": {"first_name": "Will"}}
    sends, _ = drive(handler(make_call(inputs)), reply(200, {"code": 0}))
    assert json.loads(sends[0].request.content) == {"first_name": "Will", "contact_id": CONTACT}


def test_contact_person_writes_without_parent_inputs_keep_the_flat_path() -> None:
    created, _ = drive(books.create_record(make_call({"recordType": "contactpersons", "fieldValues": {
        "contact_id": CONTACT, "first_name": "Will"}})), reply(201, {"code": 0}))
    removed, _ = drive(books.remove_record(make_call({"recordType": "contactpersons", "recordId": PERSON})),
                       reply(200, {"code": 0}))
    assert path_of(created[0]) == "/books/v3/contacts/contactpersons"
    assert json.loads(created[0].request.content)["contact_id"] == CONTACT
    assert path_of(removed[0]) == f"/books/v3/contacts/contactpersons/{PERSON}"


def test_contact_persons_fetch_all_pages_under_the_contact() -> None:
    pages = [books_page("contact_persons", [{"n": 1}], more=True),
             books_page("contact_persons", [{"n": 2}], more=False, page=2)]
    sends, output = drive(books.get_records(make_call({**UNDER_CONTACT, "fetchAll": True})),
                          *(reply(200, p) for p in pages))
    assert [path_of(s) for s in sends] == [f"/books/v3/contacts/{CONTACT}/contactpersons"] * 2
    assert output["data"]["contact_persons"] == [{"n": 1}, {"n": 2}]


@pytest.mark.parametrize(("handler", "inputs"), [
    (books.get_records, {}),
    (books.get_record, {"recordId": PERSON}),
    (books.create_record, {"fieldValues": {"first_name": "Will"}}),
])
def test_contact_person_reads_and_creates_need_the_contact(handler: Any, inputs: dict[str, Any]) -> None:
    with pytest.raises(InputError) as caught:
        next(handler(make_call({"recordType": "contactpersons", **inputs})))
    assert caught.value.input == "parentRecordId"


def test_contact_person_parent_and_body_must_agree_on_the_contact() -> None:
    inputs = {**UNDER_CONTACT, "fieldValues": {"first_name": "Will", "contact_id": "999"}}
    with pytest.raises(InputError, match="contact_id") as caught:
        next(books.create_record(make_call(inputs)))
    assert caught.value.input == "parentRecordId"


def test_contact_persons_under_another_parent_type_keep_the_generic_nested_path() -> None:
    inputs = {"recordType": "contactpersons", "parentRecordType": "vendors", "parentRecordId": "7",
              "fieldValues": {"first_name": "Will"}}
    sends, _ = drive(books.create_record(make_call(inputs)), reply(201, {"code": 0}))
    assert path_of(sends[0]) == "/books/v3/vendors/7/contactpersons"
    assert json.loads(sends[0].request.content) == {"first_name": "Will"}


# --- writes -----------------------------------------------------------------------------------


def test_create_record_posts_merged_record_itself() -> None:
    answer = {"code": 0, "message": "The contact has been added.", "contact": {"contact_id": "9"}}
    sends, output = drive(
        books.create_record(make_call({"recordType": "contacts",
                                       "dynamicValues": {"contact_name": "Dyn", "company_name": "Acme"},
                                       "fieldValues": {"contact_name": "Bowman"}})),
        reply(201, answer))
    (send,) = sends
    assert send.request.method == "POST"
    assert str(send.request.url) == f"{BOOKS}/contacts?organization_id=600"
    assert json.loads(send.request.content) == {"contact_name": "Bowman", "company_name": "Acme"}
    assert output == {"data": answer}


def test_create_record_under_a_parent() -> None:
    sends, _ = drive(books.create_record(make_call({"recordType": "tasks", "parentRecordType": "projects",
                                                    "parentRecordId": "90300000072369",
                                                    "fieldValues": {"task_name": "Paint"}})),
                     reply(201, {"code": 0}))
    assert path_of(sends[0]) == "/books/v3/projects/90300000072369/tasks"


def test_update_record_puts_merged_record() -> None:
    sends, output = drive(books.update_record(make_call({"recordType": "items", "recordId": "5",
                                                         "fieldValues": {"rate": "12.5"}})),
                          reply(200, {"code": 0, "item": {"item_id": "5"}}))
    assert sends[0].request.method == "PUT"
    assert str(sends[0].request.url) == f"{BOOKS}/items/5?organization_id=600"
    assert json.loads(sends[0].request.content) == {"rate": "12.5"}
    assert output["data"]["item"] == {"item_id": "5"}


def test_update_record_needs_values() -> None:
    with pytest.raises(InputError) as caught:
        next(books.update_record(make_call({"recordType": "items", "recordId": "5"})))
    assert caught.value.input == "fieldValues"


# --- lists ------------------------------------------------------------------------------------


def books_page(key: str, records: list[Any], *, more: bool, page: int = 1) -> dict[str, Any]:
    return {"code": 0, "message": "success", key: records,
            "page_context": {"page": page, "per_page": len(records), "has_more_page": more,
                             "sort_column": "created_time", "sort_order": "D"}}


def test_get_records_sends_search_fields_and_paging() -> None:
    body = books_page("contacts", [{"contact_id": "1"}], more=True)
    sends, output = drive(
        books.get_records(make_call({"recordType": "contacts", "page": 2, "per_page": 25,
                                     "searchFields": {"contact_name_contains": "Bow", "email": "a@b.c"}})),
        reply(200, body))
    (send,) = sends
    assert path_of(send) == "/books/v3/contacts"
    assert params_of(send) == {"contact_name_contains": "Bow", "email": "a@b.c", "page": "2",
                               "per_page": "25", "organization_id": "600"}
    assert output == {"data": body}


def test_organization_id_search_field_chooses_the_organization() -> None:
    sends, _ = drive(books.get_records(make_call({"recordType": "contacts",
                                                  "searchFields": {"organization_id": "777"}})),
                     reply(200, books_page("contacts", [], more=False)))
    assert params_of(sends[0]) == {"page": "1", "per_page": "200", "organization_id": "777"}


def test_organization_input_wins_over_the_organization_id_search_field() -> None:
    sends, _ = drive(books.get_records(make_call({"recordType": "contacts", "organizationId": "42",
                                                  "searchFields": {"organization_id": "777"}})),
                     reply(200, books_page("contacts", [], more=False)))
    assert params_of(sends[0])["organization_id"] == "42"


def test_search_fields_cannot_set_paging() -> None:
    with pytest.raises(InputError) as caught:
        next(books.get_records(make_call({"recordType": "contacts", "searchFields": {"page": "3"}})))
    assert caught.value.input == "searchFields"


def test_fetch_all_follows_has_more_page_and_merges_under_the_module_key() -> None:
    pages = [books_page("rules", [{"rule_id": "1"}, {"rule_id": "2"}], more=True),
             books_page("rules", [{"rule_id": "3"}], more=False, page=2)]
    sends, output = drive(
        books.get_records(make_call({"recordType": "bankaccounts/rules", "fetchAll": True, "per_page": 2})),
        *(reply(200, p) for p in pages))
    assert [path_of(s) for s in sends] == ["/books/v3/bankaccounts/rules"] * 2
    assert [params_of(s)["page"] for s in sends] == ["1", "2"]
    merged = output["data"]
    assert [r["rule_id"] for r in merged["rules"]] == ["1", "2", "3"]
    assert merged["page_context"]["page"] == 1
    assert merged["page_context"]["per_page"] == 3
    assert merged["page_context"]["has_more_page"] is False
    assert merged["page_context"]["sort_column"] == "created_time"
    assert merged["code"] == 0


@pytest.mark.parametrize(("record_type", "key"), [
    ("recurringinvoices", "recurring_invoices"), ("vendorcredits", "vendor_credits"),
    ("projects/timeentries", "time_entries"), ("settings/currencies", "currencies"),
    ("customerpayments", "customer_payments"),
])
def test_fetch_all_reads_the_list_key_of_each_module(record_type: str, key: str) -> None:
    pages = [books_page(key, [{"n": 1}], more=True), books_page(key, [{"n": 2}], more=False)]
    _, output = drive(books.get_records(make_call({"recordType": record_type, "fetchAll": True})),
                      *(reply(200, p) for p in pages))
    assert output["data"][key] == [{"n": 1}, {"n": 2}]


def test_fetch_all_unknown_module_uses_the_only_list_in_the_body() -> None:
    pages = [books_page("cm_things", [{"n": 1}], more=True), books_page("cm_things", [{"n": 2}], more=False)]
    _, output = drive(books.get_records(make_call({"recordType": "cm_things", "fetchAll": True})),
                      *(reply(200, p) for p in pages))
    assert output["data"]["cm_things"] == [{"n": 1}, {"n": 2}]


def test_fetch_all_on_a_single_object_endpoint_returns_it_unchanged() -> None:
    body = {"code": 0, "message": "success", "opening_balance": {"opening_balance_id": "1"}}
    sends, output = drive(books.get_records(make_call({"recordType": "settings/openingbalances",
                                                       "fetchAll": True})), reply(200, body))
    assert len(sends) == 1
    assert output == {"data": body}


def test_fetch_all_stops_at_max_records() -> None:
    sends, output = drive(
        books.get_records(make_call({"recordType": "invoices", "fetchAll": True, "maxRecords": 3,
                                     "per_page": 2})),
        reply(200, books_page("invoices", [{"n": 1}, {"n": 2}], more=True)),
        reply(200, books_page("invoices", [{"n": 3}, {"n": 4}], more=True, page=2)))
    assert len(sends) == 2
    assert output["data"]["invoices"] == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert output["data"]["page_context"]["has_more_page"] is True


def test_fetch_all_stops_on_an_empty_page_even_if_more_is_claimed() -> None:
    sends, output = drive(
        books.get_records(make_call({"recordType": "items", "fetchAll": True})),
        reply(200, books_page("items", [{"n": 1}], more=True)),
        reply(200, books_page("items", [], more=True, page=2)))
    assert len(sends) == 2
    assert output["data"]["items"] == [{"n": 1}]


# --- organization discovery ---------------------------------------------------------------------


def organizations(*orgs: tuple[str, str, bool]) -> dict[str, Any]:
    return {"code": 0, "message": "success",
            "organizations": [{"organization_id": oid, "name": name, "is_default_org": default}
                              for oid, name, default in orgs]}


def test_action_input_wins_over_connection() -> None:
    sends, _ = drive(books.get_record(make_call({"recordType": "items", "recordId": "1",
                                                 "organizationId": " 42 "})),
                     reply(200, {"code": 0}))
    assert params_of(sends[0]) == {"organization_id": "42"}


def test_bad_organization_input_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        next(books.get_record(make_call({"recordType": "items", "recordId": "1", "organizationId": "acme"})))
    assert caught.value.input == "organizationId"


def test_single_organization_is_discovered_once_per_session() -> None:
    session = FakeSession(organization_id=None)
    sends, _ = drive(books.get_record(make_call({"recordType": "items", "recordId": "1"}, session)),
                     reply(200, organizations(("10234695", "Zillium", False))), reply(200, {"code": 0}))
    assert [(s.request.method, str(s.request.url)) for s in sends] == [
        ("GET", f"{BOOKS}/organizations"),
        ("GET", f"{BOOKS}/items/1?organization_id=10234695"),
    ]
    assert sends[0].service == "books"
    # The second call on the same session reuses the discovered organization.
    sends, _ = drive(books.remove_record(make_call({"recordType": "items", "recordId": "2"}, session)),
                     reply(200, {"code": 0}))
    assert [str(s.request.url) for s in sends] == [f"{BOOKS}/items/2?organization_id=10234695"]


def test_several_organizations_use_the_default_one() -> None:
    session = FakeSession(organization_id=None)
    _, org = drive(resolve_organization_id(make_call({}, session)),
                   reply(200, organizations(("1", "A", False), ("2", "B", True), ("3", "C", False))))
    assert org == "2"
    assert session.books_org_cache == {"organization_id": "2"}


def test_several_organizations_without_default_list_them() -> None:
    session = FakeSession(organization_id=None)
    flow = resolve_organization_id(make_call({}, session))
    next(flow)
    with pytest.raises(InputError) as caught:
        flow.send(reply(200, organizations(("1", "Alpha", False), ("2", "Beta", False))))
    assert caught.value.input == "organizationId"
    assert "1 (Alpha)" in caught.value.message
    assert "2 (Beta)" in caught.value.message
    assert session.books_org_cache == {}


def test_no_organization_is_an_input_error() -> None:
    flow = resolve_organization_id(make_call({}, FakeSession(organization_id=None)))
    next(flow)
    with pytest.raises(InputError) as caught:
        flow.send(reply(200, organizations()))
    assert caught.value.input == "organizationId"
