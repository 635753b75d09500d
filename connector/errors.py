"""Every error the connector raises on purpose.

    ConnectorError                 base; ``kind`` and ``exit_code`` drive the CLI, ``invoke`` and the service
    ├── DefinitionError            a component/action/connection definition is invalid (``problems``)
    ├── InputError                 action inputs failed cleaning or validation, before any HTTP request
    ├── AuthError                  the connection cannot be resolved or the token endpoint refused us
    └── ApiError                   Zoho answered with an error, after retries (``status``, ``code``, ``body``)
        ├── ApiTimeoutError        no answer within the timeout
        └── NetworkError           the connection failed (refused, reset, DNS)

Messages never contain access tokens, refresh tokens or client secrets: callers build them from
input names, Zoho error codes and hints only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar


class ConnectorError(Exception):
    """Base class of every error raised by :mod:`connector`."""

    kind: ClassVar[str] = "internal"
    exit_code: ClassVar[int] = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        """The ``error`` object of the ``invoke`` protocol and the HTTP service."""
        return {"kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class Problem:
    """One problem found in a definition file: where it is and what was expected."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class DefinitionError(ConnectorError):
    """A definition file (component, action, connection) is invalid; ``problems`` lists all of them."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the definitions:\n{lines}")


@dataclass(frozen=True)
class InputProblem:
    """One invalid input: its key and what was wrong with the value."""

    input: str
    message: str

    def __str__(self) -> str:
        return f"{self.input}: {self.message}"


class InputError(ConnectorError):
    """Action inputs are invalid. Raised before any HTTP request is made.

    ``input`` names the first offending input; ``problems`` holds every problem of the call.
    """

    kind = "input"
    exit_code = 2

    def __init__(self, problems: Sequence[InputProblem] | str, input: str | None = None) -> None:  # noqa: A002
        if isinstance(problems, str):
            if input is None:
                raise TypeError("InputError(message) needs input=")
            problems = [InputProblem(input, problems)]
        self.problems = list(problems)
        self.input = self.problems[0].input if self.problems else input
        if len(self.problems) == 1:
            message = f"Invalid input {self.problems[0]}"
        else:
            message = "Invalid inputs:\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["input"] = self.input
        if len(self.problems) > 1:
            data["problems"] = [{"input": p.input, "message": p.message} for p in self.problems]
        return data


class AuthError(ConnectorError):
    """The connection could not be resolved or authorised (token endpoint error, revoked token...)."""

    kind = "auth"
    exit_code = 3

    def __init__(self, message: str, *, reason: str | None = None, hint: str | None = None,
                 status: int | None = None) -> None:
        self.reason = reason
        self.hint = hint
        self.status = status
        text = message
        if reason:
            text += f" (Zoho said: {reason})"
        if hint:
            text += f". {hint}"
        super().__init__(text)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        if self.status is not None:
            data["status"] = self.status
        return data


class ApiError(ConnectorError):
    """Zoho answered with an error (after any retries).

    ``status`` is the HTTP status, ``code`` Zoho's error code (``INVALID_DATA``, ``1002``...),
    ``field`` the offending field named in ``details`` when Zoho names one, ``body`` the parsed body.
    """

    kind = "api"
    exit_code = 4

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 body: Any = None, field: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.code = code
        self.body = body
        self.field = field
        self.headers = headers or {}
        super().__init__(message)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        if self.status is not None:
            data["status"] = self.status
        if self.code is not None:
            data["code"] = self.code
        if self.field is not None:
            data["field"] = self.field
        return data


class ApiTimeoutError(ApiError):
    """Zoho did not answer within the timeout (after any retries)."""


class NetworkError(ApiError):
    """The request could not reach Zoho (connection refused or reset, DNS failure...)."""
