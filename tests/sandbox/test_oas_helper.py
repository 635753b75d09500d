"""The conformance helper itself: valid bodies pass, wrong ones fail with a useful message."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.support.oas import (
    BOOKS_SPEC_ERRORS,
    OAS_DIR,
    books_specs,
    crm_specs,
    validate_books_response,
    validate_crm_request,
    validate_crm_response,
)

USER = {"name": "Sandbox Admin", "id": "5725767000000411001", "email": "admin@example.com"}
PAGE_LIMIT = "You can only get the first 2000 records without using page_token param"
TOO_BIG = "Please check if the size of the file is in the correct range"
RECORD = {
    "id": "5725767000000412001",
    "Last_Name": "Smith",
    "Created_Time": "2024-01-01T00:00:00+00:00",
    "Created_By": USER,
    "Modified_By": USER,
}
INFO = {
    "per_page": 200,
    "count": 1,
    "page": 1,
    "more_records": False,
    "sort_by": "id",
    "sort_order": "desc",
    "call": False,
    "email": False,
}


def error(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "details": details or {}, "message": message, "status": "error"}


VALID_CRM: list[tuple[str, str, int, Any]] = [
    ("GET", "/crm/v8/Leads", 200, {"data": [RECORD], "info": INFO}),
    ("GET", "/crm/v8/Leads?fields=Last_Name", 204, None),
    ("GET", "/crm/v8/Leads/5725767000000412001", 200, {"data": [RECORD]}),
    ("GET", "/crm/v8/Leads", 401, error("INVALID_TOKEN", "invalid oauth token")),
    ("GET", "/crm/v8/Leads", 400, error("DISCRETE_PAGINATION_LIMIT_EXCEEDED", PAGE_LIMIT, {"limit": 2000})),
    (
        "POST",
        "/crm/v8/Leads",
        201,
        {
            "data": [
                {
                    "code": "SUCCESS",
                    "message": "record added",
                    "status": "success",
                    "details": {"id": "1", "Created_By": USER},
                },
            ]
        },
    ),
    (
        "POST",
        "/crm/v8/Leads",
        207,
        {
            "data": [
                {"code": "SUCCESS", "message": "record added", "status": "success", "details": {"id": "1"}},
                error("MANDATORY_NOT_FOUND", "required field not found", {"api_name": "Last_Name"}),
            ]
        },
    ),
    ("POST", "/crm/v8/coql", 400, error("SYNTAX_ERROR", "invalid query formed", {"clause": "where"})),
    ("POST", "/crm/v8/Leads/1/Attachments", 413, error("FILE_SIZE_MORE_THAN_ALLOWED_SIZE", TOO_BIG)),
]

INVALID_CRM: list[tuple[str, str, int, Any, str]] = [
    ("GET", "/crm/v8/Leads", 200, {"data": "x", "info": INFO}, "not of type 'array'"),
    ("GET", "/crm/v8/Leads", 200, {"data": [{**RECORD, "id": 5}]}, "not of type 'string'"),
    ("GET", "/crm/v8/Leads", 200, {"data": [{**RECORD, "Created_Time": "yesterday"}]}, "date-time"),
    ("GET", "/crm/v8/Leads", 401, error("NOPE", "invalid oauth token"), "'NOPE' is not one of"),
    ("GET", "/crm/v8/Leads", 401, {"code": "INVALID_TOKEN", "message": "invalid oauth token"}, "required"),
    ("GET", "/crm/v8/Leads", 204, {"data": []}, "empty body"),
    ("POST", "/crm/v8/Leads", 201, {"data": [{"code": "SUCCESS", "status": "done"}]}, "data/0"),
]


@pytest.mark.parametrize(("method", "path", "status", "body"), VALID_CRM)
def test_valid_crm_bodies_pass(method: str, path: str, status: int, body: Any) -> None:
    validate_crm_response(method, path, status, body)


@pytest.mark.parametrize(("method", "path", "status", "body", "expected"), INVALID_CRM)
def test_invalid_crm_bodies_fail_with_details(
    method: str, path: str, status: int, body: Any, expected: str
) -> None:
    with pytest.raises(AssertionError, match=expected.replace("(", r"\(").replace("[", r"\[")):
        validate_crm_response(method, path, status, body)


def test_paths_match_the_most_specific_template() -> None:
    specs = crm_specs()
    assert specs.operation("GET", "/crm/v8/settings/modules").template == "/crm/v8/settings/modules"
    assert specs.operation("POST", "/crm/v8/coql").template == "/crm/v8/coql"
    attachments = specs.operation("GET", "/crm/v8/Leads/1/Attachments")
    assert attachments.template == "/crm/v8/{module}/{record_id}/Attachments"
    assert specs.operation("DELETE", "/crm/v8/Leads?ids=1,2").template == "/crm/v8/{module_api_name}"
    assert books_specs().operation("GET", "/books/v3/contacts/7/contactpersons/8").template == (
        "/contacts/{contact_id}/contactpersons/{contact_person_id}"
    )
    with pytest.raises(AssertionError, match="no crm operation"):
        specs.operation("GET", "/crm/v8/a/b/c/d/e/f")


def test_crm_request_bodies() -> None:
    validate_crm_request("POST", "/crm/v8/Leads", {"data": [{"Last_Name": "Smith"}], "trigger": ["workflow"]})
    validate_crm_request("POST", "/crm/v8/coql", {"select_query": "select Last_Name from Leads"})
    with pytest.raises(AssertionError, match="trigger"):
        validate_crm_request("POST", "/crm/v8/Leads", {"data": [], "trigger": "workflow"})
    with pytest.raises(AssertionError, match="select_query"):
        validate_crm_request("POST", "/crm/v8/coql", {"query": "select Last_Name from Leads"})
    with pytest.raises(AssertionError, match="no request body"):
        validate_crm_request("GET", "/crm/v8/Leads", {"data": []})


def test_books_bodies() -> None:
    contact = {"contact_id": "460000000026049", "contact_name": "Bowman & Co"}
    listing = {"code": 0, "message": "success", "contacts": [contact], "page_context": {"page": 1}}
    validate_books_response("GET", "/books/v3/contacts", 200, listing)
    validate_books_response(
        "POST",
        "/books/v3/contacts",
        201,
        {"code": 0, "message": "The contact has been added.", "contact": contact},
    )
    missing = {"code": 1002, "message": "Contact does not exist."}
    validate_books_response("GET", "/books/v3/contacts/1", 404, missing)
    with pytest.raises(AssertionError, match="code 0"):
        validate_books_response("GET", "/books/v3/contacts", 200, {"code": 5, "message": "x"})
    with pytest.raises(AssertionError, match="contacts"):
        wrong = {"code": 0, "message": "success", "contacts": {}}
        validate_books_response("GET", "/books/v3/contacts", 200, wrong)
    with pytest.raises(AssertionError, match="error envelope"):
        validate_books_response("GET", "/books/v3/contacts", 400, {"code": 0, "message": "fine"})


INVOICE = {"invoice_id": "460000000039129", "total": 40.6, "balance": 40.6, "shipping_charge": 0}
PERSON = {"contact_id": "460000000026049", "contact_person_id": "460000000026051", "first_name": "Will"}


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        ("GET", "/books/v3/invoices", 200, {"invoices": [INVOICE], "page_context": {"page": 1}}),
        ("GET", "/books/v3/invoices/460000000039129", 200, {"invoice": INVOICE}),
        ("POST", "/books/v3/contacts/contactpersons", 201, {"contact_person": PERSON}),
        ("PUT", "/books/v3/contacts/contactpersons/460000000026051", 200, {"contact_person": PERSON}),
    ],
)
def test_books_bodies_as_zoho_sends_them_despite_known_spec_errors(
    method: str, path: str, status: int, body: dict[str, Any]
) -> None:
    validate_books_response(method, path, status, {"code": 0, "message": "success", **body})


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        ("GET", "/books/v3/invoices", 200, {"invoices": [], "page_context": [{"page": 1}]}),
        ("GET", "/books/v3/invoices/1", 200, {"invoice": {**INVOICE, "total": "40.6"}}),
        ("POST", "/books/v3/contacts/contactpersons", 201, {"contact_person": [PERSON]}),
        ("PUT", "/books/v3/contacts/contactpersons/1", 200, {"contact_person": [PERSON]}),
    ],
)
def test_books_bodies_in_the_wrong_shape_of_the_spec_files_fail(
    method: str, path: str, status: int, body: dict[str, Any]
) -> None:
    with pytest.raises(AssertionError, match="does not match the spec"):
        validate_books_response(method, path, status, {"code": 0, "message": "success", **body})


def test_every_known_books_spec_error_says_why_and_is_still_in_the_files() -> None:
    documents = {name.rsplit("/", 1)[-1] for name in books_specs().documents}
    for known in BOOKS_SPEC_ERRORS:
        assert known.document in documents and known.why
        pristine = yaml.safe_load((OAS_DIR / "books" / known.document).read_text())
        node = pristine
        for key in known.pointer.split("/")[1:]:
            node = node[key]
        assert known.correct(node) != node  # raises when the file has been fixed upstream
