"""Zoho Books error envelopes: ``{"code": <non-zero>, "message": "..."}`` with an HTTP status.

Codes and statuses come from research/zoho-api.md section 6.2. Where the research marks a value
UNVERIFIED, or has none, the choice is ours and says so next to the constant.
"""

from __future__ import annotations

from typing import Any

# Verified in Zoho's docs or public code (research 6.1/6.2).
INVALID_PARAMETER = 2  # "Invalid value passed for filter_by" (HTTP 400)
INVALID_VALUE = 4  # "Invalid value passed for Amount" (HTTP 400)
NOT_FOUND = 1002  # "Invoice does not exist." (HTTP 404 likely; UNVERIFIED)
UNKNOWN_ORGANIZATION = 6041  # "This user is not associated with the CompanyID/CompanyName:<id>."
# Error 6024 "belongs to multiple organizations" is reported for the Books/Inventory family
# (airbyte#69830); its exact text and HTTP status are UNVERIFIED.
ORGANIZATION_REQUIRED = 6024
# Our choices (UNVERIFIED): code 5 "Invalid URL Passed" for unknown paths and methods, code 44
# for the per-minute limit, code 4 for request bodies over the size limit.
INVALID_URL = 5
RATE_LIMITED = 44
BODY_TOO_LARGE = 4


class BooksError(Exception):
    """A request the simulated Books refuses; rendered as a Books error envelope."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


def invalid_parameter(name: str) -> BooksError:
    """A query parameter (page, per_page, filter_by, sort_column...) has an unusable value."""
    return BooksError(400, INVALID_PARAMETER, f"Invalid value passed for {name}")


def invalid_value(field: str, reason: str | None = None) -> BooksError:
    """A request body field is missing, of the wrong type or refers to nothing."""
    message = f"Invalid value passed for {field}"
    if reason:
        message += f": {reason}"
    return BooksError(400, INVALID_VALUE, message)


def invalid_json_string() -> BooksError:
    """The body is not a JSON object (Books names its legacy form field JSONString)."""
    return BooksError(400, INVALID_VALUE, "Invalid value passed for JSONString")


def does_not_exist(noun: str) -> BooksError:
    return BooksError(404, NOT_FOUND, f"{noun[:1].upper()}{noun[1:]} does not exist.")


def invalid_url() -> BooksError:
    return BooksError(404, INVALID_URL, "Invalid URL Passed")


def method_not_allowed(method: str) -> BooksError:
    return BooksError(405, INVALID_URL, f"The HTTP method {method} is not allowed for this URL.")


def organization_required() -> BooksError:
    return BooksError(
        400,
        ORGANIZATION_REQUIRED,
        "This user belongs to multiple organizations, hence the parameter CompanyID/CompanyName "
        "is required.",
    )


def unknown_organization(organization_id: str) -> BooksError:
    # Echo only a bounded, printable form of what the caller sent.
    shown = "".join(ch for ch in organization_id[:40] if ch.isprintable())
    return BooksError(
        400, UNKNOWN_ORGANIZATION, f"This user is not associated with the CompanyID/CompanyName:{shown}."
    )


def rate_limited() -> BooksError:
    return BooksError(
        429,
        RATE_LIMITED,
        "You have made too many requests continuously. Please try again after some time.",
    )


def body_too_large(limit: int) -> BooksError:
    return BooksError(413, BODY_TOO_LARGE, f"The request body exceeds the limit of {limit} bytes.")
