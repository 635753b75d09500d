"""CRM v8 error objects ``{code, details, message, status: "error"}`` and the exception that carries them.

Messages are the wording of Zoho's v8 spec (``record.json`` ``API_Exception``) where it has one, so
bodies validate against it; the rest come from Zoho's newer v8 spec examples (research 2.1/2.3).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response


def error_object(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "details": details or {}, "message": message, "status": "error"}


class CrmError(Exception):
    """A request-level CRM error: answered as a bare error object with ``status``."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}

    def response(self, headers: dict[str, str] | None = None) -> Response:
        return JSONResponse(error_object(self.code, self.message, self.details), self.status, headers=headers)


def invalid_module(index: int = 0) -> CrmError:
    return CrmError(
        400, "INVALID_MODULE", "The module name given seems to be invalid", {"resource_path_index": index}
    )


def invalid_url() -> CrmError:
    return CrmError(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")


def invalid_method() -> CrmError:
    return CrmError(405, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one")


def required_param(name: str) -> CrmError:
    return CrmError(
        400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {"param_name": name}
    )


def invalid_param(name: str, **extra: Any) -> CrmError:
    return CrmError(400, "INVALID_DATA", "invalid data", {"param_name": name, **extra})


def invalid_body(reason: str) -> CrmError:
    return CrmError(400, "INVALID_DATA", "invalid data", {"reason": reason})


def invalid_id(index: int) -> CrmError:
    return CrmError(400, "INVALID_DATA", "the id given seems to be invalid", {"resource_path_index": index})


def limit_exceeded(limit: int, param: str) -> CrmError:
    return CrmError(400, "LIMIT_EXCEEDED", "Max field limit exceeded", {"limit": limit, "param_name": param})


def body_too_large(limit: int) -> CrmError:
    return CrmError(
        413,
        "BODY_SIZE_REACHED",
        "Please check if the size of the body is in the correct range",
        {"limit": limit},
    )


def authentication_failure() -> CrmError:
    return CrmError(401, "AUTHENTICATION_FAILURE", "Authentication failed")


def invalid_token() -> CrmError:
    return CrmError(401, "INVALID_TOKEN", "invalid oauth token")


def too_many_requests(limit: int) -> CrmError:
    return CrmError(429, "TOO_MANY_REQUESTS", "Too many requests", {"limit": limit})


def internal_error() -> CrmError:
    return CrmError(500, "INTERNAL_ERROR", "Internal server error occurred.")
