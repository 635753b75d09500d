"""Error responses of the service: which HTTP status each connector error gets, and the body shape.

Every error body is ``{"error": {"kind", "message", ...}}``, the ``error`` object of the ``invoke``
protocol (``input`` names the offending input, ``status`` is Zoho's HTTP status where one applies).
Messages come from :class:`connector.ConnectorError`, which never carries a secret; unexpected
exceptions are answered with a generic message and logged by type, never by text.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from connector.errors import ApiError, ApiTimeoutError, AuthError, ConnectorError, InputError

FORBIDDEN = 403


def status_for(error: ConnectorError) -> int:
    """The HTTP status the service answers with for ``error``."""
    if isinstance(error, InputError):
        return 422
    if isinstance(error, AuthError):
        return FORBIDDEN if error.status == FORBIDDEN else 401
    if isinstance(error, ApiTimeoutError):
        return 504
    if isinstance(error, ApiError):
        return 502
    return 500


def error_response(error: ConnectorError, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON response for a connector error."""
    return JSONResponse({"error": error.to_dict()}, status_code=status_for(error), headers=headers)


def plain_error_response(status: int, kind: str, message: str, *,
                         headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """An error response that does not come from a connector error (401 API key, 404, 413...)."""
    body: dict[str, Any] = {"kind": kind, "message": message, **extra}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def internal_error_response(request_id: str | None) -> JSONResponse:
    """The answer to an unexpected exception: no exception text, only where to look."""
    where = f" (request id {request_id})" if request_id else ""
    return plain_error_response(500, "internal", f"Internal error; see the service log{where}")
