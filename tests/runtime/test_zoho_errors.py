"""Zoho error bodies (CRM, Books, Accounts, non-JSON) -> ApiError."""

from __future__ import annotations

from typing import Any

import httpx

from connector.errors import ApiError
from connector.zoho.errors import api_error_from_response


def error(service: str, status: int, body: Any = None, **kwargs: Any) -> ApiError:
    if body is not None:
        kwargs["json"] = body
    return api_error_from_response(service, httpx.Response(status, **kwargs))


def test_crm_bare_error_object() -> None:
    exc = error("crm", 400, {"code": "INVALID_MODULE", "details": {"resource_path_index": 0},
                             "message": "the module name given seems to be invalid", "status": "error"})
    assert (exc.status, exc.code, exc.field) == (400, "INVALID_MODULE", None)
    assert exc.message.startswith("Zoho CRM returned HTTP 400 INVALID_MODULE: the module name given")
    assert "module's API name" in exc.message  # the hint
    assert exc.body["code"] == "INVALID_MODULE"
    assert exc.exit_code == 4
    assert exc.to_dict() == {"kind": "api", "message": exc.message, "status": 400, "code": "INVALID_MODULE"}


def test_crm_data_wrapper_uses_the_first_error_item_and_its_field() -> None:
    body = {"data": [
        {"code": "SUCCESS", "status": "success", "message": "record added", "details": {"id": "1"}},
        {"code": "MANDATORY_NOT_FOUND", "status": "error", "message": "required field not found",
         "details": {"api_name": "Last_Name", "json_path": "$.data[1].Last_Name"}},
        {"code": "INVALID_DATA", "status": "error", "message": "invalid data",
         "details": {"api_name": "Email"}},
    ]}
    exc = error("crm", 400, body)
    assert (exc.code, exc.field) == ("MANDATORY_NOT_FOUND", "Last_Name")
    assert "(field: Last_Name)" in exc.message


def test_crm_param_name_is_the_field() -> None:
    exc = error("crm", 400, {"code": "REQUIRED_PARAM_MISSING", "details": {"param_name": "fields"},
                             "message": "required param is missing", "status": "error"})
    assert exc.field == "fields"


def test_hints_for_scope_permission_and_paging_limits() -> None:
    scope = error("crm", 401, {"code": "OAUTH_SCOPE_MISMATCH", "message": "Unauthorized", "details": {}})
    assert "scopes" in scope.message
    permission = error("crm", 403, {"code": "NO_PERMISSION", "message": "Permission denied",
                                    "details": {"permissions": ["Crm_Implied_View_Leads"]}})
    assert "permission" in permission.message
    paging = error("crm", 400, {"code": "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "details": {"limit": 2000},
                                "message": "You can only get the first 2000 records"})
    assert "page tokens" in paging.message


def test_books_error_envelope_with_numeric_code() -> None:
    exc = error("books", 400, {"code": 6041, "message": "This user is not associated with the CompanyID."})
    assert (exc.status, exc.code) == (400, "6041")
    assert exc.message.startswith("Zoho Books returned HTTP 400 6041: This user is not associated")
    assert "organization" in exc.message


def test_books_multiple_organizations_hint_names_the_input() -> None:
    exc = error("books", 400, {"code": 6024, "message": "This user belongs to multiple organizations"})
    assert "organizationId" in exc.message


def test_accounts_oauth_error() -> None:
    exc = error("accounts", 400, {"error": "invalid_code"})
    assert exc.code == "invalid_code"
    assert exc.message.startswith("Zoho Accounts returned HTTP 400 invalid_code")


def test_non_json_text_body_is_summarised() -> None:
    exc = error("crm", 502, content=b"<html>\n  <body>Bad   Gateway</body></html>",
                headers={"Content-Type": "text/html"})
    assert exc.code is None
    assert exc.message == "Zoho CRM returned HTTP 502: <html> <body>Bad Gateway</body></html>"
    assert exc.body == "<html>\n  <body>Bad   Gateway</body></html>"


def test_long_text_body_is_truncated() -> None:
    exc = error("books", 500, content=b"x" * 1000, headers={"Content-Type": "text/plain"})
    assert len(exc.message) < 300
    assert exc.message.endswith("...")


def test_empty_body() -> None:
    exc = error("crm", 404)
    assert exc.message == "Zoho CRM returned HTTP 404 with no body"
    assert exc.body is None


def test_response_headers_are_kept_except_cookies() -> None:
    exc = error("crm", 429, {"code": "TOO_MANY_REQUESTS", "message": "slow down"},
                headers={"Retry-After": "3", "Set-Cookie": "session=secret"})
    assert exc.headers["retry-after"] == "3"
    assert "set-cookie" not in {name.lower() for name in exc.headers}
