"""Request and response models of the service, which also make its OpenAPI document meaningful."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class InvokeRequest(BaseModel):
    """One action invocation, as in the ``invoke`` protocol minus the action key (it is in the path)."""

    model_config = ConfigDict(populate_by_name=True)

    inputs: dict[str, Any] = Field(
        default_factory=dict,
        description="Action inputs by key; values may be {\"$configVar\": NAME} references.")
    connection: dict[str, Any] | None = Field(
        default=None,
        description="A connection document (CONTRACT section 3); the service's default connection "
                    "when omitted.")
    config_vars: dict[str, Any] | None = Field(
        default=None, alias="configVars", description="Config variables by name.")


class InvokeResponse(BaseModel):
    """A successful invocation: the action output, always ``{"data": <Zoho body>}``."""

    data: Any = Field(description="The Zoho response body (merged across pages for fetch-all reads).")


class InputProblemModel(BaseModel):
    input: str
    message: str


class ErrorDetail(BaseModel):
    """The ``error`` object of the ``invoke`` protocol."""

    model_config = ConfigDict(extra="allow")

    kind: str = Field(
        description="input, auth, api or internal; not_found and request for HTTP-level errors.")
    message: str
    input: str | None = Field(default=None, description="The offending input key, for input errors.")
    status: int | None = Field(default=None, description="Zoho's HTTP status, where one applies.")
    code: str | None = Field(default=None, description="Zoho's error code, for API errors.")
    field: str | None = Field(default=None, description="The field Zoho named, for API errors.")
    problems: list[InputProblemModel] | None = Field(
        default=None, description="Every input problem, when there is more than one.")


class ErrorResponse(BaseModel):
    error: ErrorDetail


class ActionSummary(BaseModel):
    """One line of the action list, as ``connector actions --json``."""

    model_config = ConfigDict(extra="allow")

    key: str
    label: str
    description: str


class Health(BaseModel):
    status: Literal["ok"]
