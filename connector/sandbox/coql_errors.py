"""COQL errors as Zoho CRM v8 reports them: a 400 with ``code``, ``message`` and ``details``.

The constructors below hold Zoho's wording in one place so the parser, the planner and the tests agree.
"""

from __future__ import annotations

from typing import Any

# Zoho's own spelling ("occured") is kept on purpose: clients may match on it.
SYNTAX_MESSAGE = "error occured while parsing the query"


class CoqlError(Exception):
    """A query Zoho would refuse; ``status``, ``code``, ``message`` and ``details`` form the error body."""

    def __init__(
        self, code: str, message: str, details: dict[str, Any] | None = None, status: int = 400
    ) -> None:
        super().__init__(f"{code}: {message} {details or {}}")
        self.status = status
        self.code = code
        self.message = message
        self.details: dict[str, Any] = dict(details or {})

    def to_body(self) -> dict[str, Any]:
        """The JSON body Zoho answers with (a bare error object, not wrapped in ``data``)."""
        return {"code": self.code, "details": self.details, "message": self.message, "status": "error"}


def syntax_error_near(near: str, line: int, column: int) -> CoqlError:
    return CoqlError("SYNTAX_ERROR", SYNTAX_MESSAGE, {"near": near, "line": line, "column": column})


def syntax_error_in_clause(clause: str) -> CoqlError:
    """The query ended while ``clause`` was still incomplete (or never started)."""
    return CoqlError("SYNTAX_ERROR", SYNTAX_MESSAGE, {"clause": clause})


def invalid_module(module: str) -> CoqlError:
    return CoqlError("INVALID_QUERY", "the module name given seems to be invalid", {"module": module})


def invalid_column(column: str) -> CoqlError:
    return CoqlError("INVALID_QUERY", "column given seems to be invalid", {"column_name": column})


def invalid_limit(raw: str) -> CoqlError:
    return CoqlError("INVALID_QUERY", "limit given seems to be invalid", {"limit": raw})


def invalid_offset(raw: str) -> CoqlError:
    return CoqlError("INVALID_QUERY", "offset given seems to be invalid", {"offset": raw})


def zero_limit() -> CoqlError:
    # Zoho answers LIMIT 0 with an INVALID_DATA variant rather than INVALID_QUERY; the spec's generic
    # error schema types details.limit as an integer and lists "invalid data" as the message.
    return CoqlError("INVALID_DATA", "invalid data", {"limit": 0})


def limit_exceeded(message: str, **details: Any) -> CoqlError:
    return CoqlError("LIMIT_EXCEEDED", message, details)


def duplicate_column(column: str) -> CoqlError:
    return CoqlError("DUPLICATE_DATA", "duplicate column given in select", {"column_name": column})


def duplicate_alias(alias: str, columns: list[str]) -> CoqlError:
    return CoqlError(
        "DUPLICATE_ALIAS", "alias given is already used", {"alias": alias, "referred_columns": columns}
    )
