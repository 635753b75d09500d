"""Error answers in the dialect of the product a path belongs to (CRM, Books, Accounts, control)."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from connector.sandbox import crm_errors

BOOKS_UNAUTHORIZED = {"code": 57, "message": "You are not authorized to perform this operation"}


def product_of(path: str) -> str:
    if path.startswith("/crm/"):
        return "crm"
    if path.startswith("/books/"):
        return "books"
    return "other"


def not_found(path: str) -> Response:
    if product_of(path) == "books":
        return JSONResponse({"code": 5, "message": "Invalid URL Passed"}, 404)
    return crm_errors.invalid_url().response()


def method_not_allowed(path: str) -> Response:
    if product_of(path) == "books":
        return JSONResponse({"code": 5, "message": "Invalid URL Passed"}, 405)
    return crm_errors.invalid_method().response()


def body_too_large(path: str, limit: int) -> Response:
    if product_of(path) == "books":
        return JSONResponse({"code": 4, "message": f"Request body exceeds the limit of {limit} bytes"}, 413)
    return crm_errors.body_too_large(limit).response()


def internal_error(path: str) -> Response:
    if product_of(path) == "books":
        return JSONResponse({"code": 1000, "message": "Internal error"}, 500)
    return crm_errors.internal_error().response()


DEFAULT_FAULT_ERRORS: dict[int, tuple[str, str]] = {
    429: ("TOO_MANY_REQUESTS", "Too many requests"),
    500: ("INTERNAL_ERROR", "Internal server error occurred."),
    503: ("SERVICE_UNAVAILABLE", "Service unavailable"),
}


def fault_body(path: str, status: int) -> Any:
    """What an injected fault answers when the test gave no body."""
    if product_of(path) == "books":
        return {"code": 44 if status == 429 else 1000, "message": "Injected fault"}
    code, message = DEFAULT_FAULT_ERRORS.get(status, ("INTERNAL_ERROR", "Internal server error occurred."))
    return crm_errors.error_object(code, message)
