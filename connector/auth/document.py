"""The connection document (CONTRACT section 3): what a deployer passes to resolve the Zoho connection.

    {"key": "zohoOAuth", "id": "acme-prod",
     "fields": {"tokenUrl": ..., "clientId": ..., "clientSecret": ..., ...},
     "token": {"access_token": ..., "refresh_token": ..., "expires_at": ..., "api_domain": ...}}

Secrets are plain ``str`` fields (handlers and stores need the values) but are left out of ``repr``
and ``str``, and every validation message is built from field names only, never from values.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from connector.auth.env import UnsetVariableError, expand_env
from connector.errors import InputError, InputProblem

INPUT = "connection"
# Epoch seconds beyond this are taken as milliseconds (Zoho's SDKs store expiry in ms).
_LATEST_EPOCH_SECONDS = 100_000_000_000


class TokenSet(BaseModel):
    """The tokens of a connection; ``expires_at`` is epoch seconds."""

    model_config = ConfigDict(extra="forbid")

    access_token: str | None = Field(default=None, repr=False)
    refresh_token: str | None = Field(default=None, repr=False)
    expires_at: float | None = None
    api_domain: str | None = None
    token_type: str | None = None

    @field_validator("expires_at")
    @classmethod
    def _seconds(cls, value: float | None) -> float | None:
        if value is not None and value > _LATEST_EPOCH_SECONDS:
            return value / 1000.0
        return value

    @field_validator("api_domain")
    @classmethod
    def _api_domain_is_url(cls, value: str | None) -> str | None:
        return None if value is None else _http_url(value)


class ConnectionFields(BaseModel):
    """The ``zohoOAuth`` connection inputs (component reference), plus the Books organization."""

    model_config = ConfigDict(extra="forbid")

    tokenUrl: str  # noqa: N815  (the reference's input keys are camelCase)
    clientId: str  # noqa: N815
    clientSecret: str = Field(repr=False)  # noqa: N815
    authorizeUrl: str | None = None  # noqa: N815
    revokeUrl: str | None = None  # noqa: N815
    scopes: str | None = None
    organizationId: str | None = None  # noqa: N815

    @field_validator("tokenUrl", "authorizeUrl", "revokeUrl")
    @classmethod
    def _is_url(cls, value: str | None) -> str | None:
        return None if value is None else _http_url(value)

    @field_validator("tokenUrl", "clientId", "clientSecret")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


class ConnectionDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = "zohoOAuth"
    id: str | None = None
    fields: ConnectionFields
    token: TokenSet | None = None


def load_connection(
    source: object,  # callers pass user data: anything may arrive, and anything wrong is an InputError
    *,
    environ: Mapping[str, str] | None = None,
) -> ConnectionDocument:
    """Resolve a connection document from a model, a dict, a JSON/YAML file path or inline JSON text.

    ``${NAME}`` references in string values are expanded from ``environ`` (default ``os.environ``).
    Every problem raises :class:`InputError` on input ``connection`` with a message naming the field.
    """
    if isinstance(source, ConnectionDocument):
        return source
    if isinstance(source, Mapping):
        raw: Mapping[str, Any] = source
    elif isinstance(source, str | os.PathLike):
        raw = read_document_file(source)
    else:
        kind = type(source).__name__
        raise InputError(f"expected a connection document (an object) or a path to one, got {kind}",
                         input=INPUT)
    try:
        expanded = expand_env(raw, os.environ if environ is None else environ)
    except UnsetVariableError as exc:
        raise InputError(str(exc), input=INPUT) from None
    try:
        return ConnectionDocument.model_validate(expanded)
    except ValidationError as exc:
        raise InputError(_problems(exc)) from None


def read_document_file(source: str | os.PathLike[str]) -> dict[str, Any]:
    """The raw (unexpanded) mapping in a JSON or YAML file, or in inline JSON text."""
    text_source = os.fspath(source)
    if text_source.lstrip().startswith("{"):
        text, name = text_source, "inline JSON"
    else:
        path = Path(text_source)
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {name}: {exc.strerror or exc}", input=INPUT) from None
    if name.endswith(".json") or name == "inline JSON":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _unparsable(name, exc) from None
    else:
        data = _load_yaml(text, name)
    if not isinstance(data, dict):
        raise InputError(f"{name} must hold a mapping (a JSON object)", input=INPUT)
    return data


def connection_id(document: ConnectionDocument) -> str:
    """The store key of a connection: its ``id``, else a stable digest of client ID and token URL."""
    if document.id:
        return document.id
    digest = hashlib.sha256(f"{document.fields.clientId}\n{document.fields.tokenUrl}".encode())
    return "zoho-" + digest.hexdigest()[:24]


def _http_url(value: str) -> str:
    try:
        parsed = httpx.URL(value)
    except (httpx.InvalidURL, TypeError):
        raise ValueError("must be an http(s) URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError("must be an http(s) URL")
    return value


def _load_yaml(text: str, name: str) -> Any:
    import yaml  # on use: JSON documents (what `connector run` is usually given) never need it

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _unparsable(name, exc) from None


def _unparsable(name: str, exc: Exception) -> InputError:
    # Positions only: the parsers' own messages quote the offending line, which may hold a secret.
    return InputError(f"{name} is not valid JSON/YAML ({_position(exc)})", input=INPUT)


def _position(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"line {exc.lineno}, column {exc.colno}"
    mark = getattr(exc, "problem_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "unreadable"


def _problems(exc: ValidationError) -> list[InputProblem]:
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "(document)"
        problems.append(InputProblem(INPUT, f"{where}: {_describe(error)}"))
    return problems


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        allowed = _MODEL_AT.get(str(error["loc"][0]) if len(error["loc"]) > 1 else "", ConnectionDocument)
        return f"unknown field (allowed: {', '.join(allowed.model_fields)})"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


_MODEL_AT: dict[str, type[BaseModel]] = {"fields": ConnectionFields, "token": TokenSet}
