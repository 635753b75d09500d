"""Typed models of the definition files, after shared inputs (``use:``) have been expanded.

The models are strict (no coercion, unknown keys rejected) so that they agree with the shipped JSON
Schema: a file the schema accepts builds, a file it rejects does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

InputType = Literal[
    "string", "text", "password", "boolean", "data", "code", "connection", "date", "timestamp"
]
Collection = Literal["keyvaluelist", "valuelist"]
# How the value a platform stores (usually a string) becomes the value a handler receives.
Clean = Literal["string", "integer", "number", "boolean", "json", "data"]
Scalar = str | bool | int | float

KEY_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
# What each input type is cleaned as when the definition does not say.
DEFAULT_CLEAN: dict[str, Clean] = {"boolean": "boolean", "data": "data", "code": "json"}


class _Strict(BaseModel):
    # defer_build: the validators are built on the first validation, which a component loaded from
    # the definition cache (models built with model_construct) never needs.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Choice(_Strict):
    """One allowed value of an input with a fixed ``model``."""

    label: str
    value: str


class InputDef(_Strict):
    """One input of an action or connection (the reference's vocabulary plus ``clean`` and limits)."""

    key: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=1)
    type: InputType
    required: bool = False
    default: Scalar | list[Any] | dict[str, Any] | None = None
    collection: Collection | None = None
    comments: str | None = None
    example: str | None = None
    model: list[Choice] | None = None
    clean: Clean | None = None
    min: int | float | None = None
    max: int | float | None = None
    # Regular expressions the whole value (each Key Value List key) must match.
    pattern: str | None = None
    keyPattern: str | None = None  # noqa: N815 - the definition files' spelling

    @field_validator("model", mode="before")
    @classmethod
    def _choices_from_strings(cls, value: Any) -> Any:
        # `model: [asc, desc]` is shorthand for choices whose label is their value.
        if isinstance(value, list):
            return [{"label": v, "value": v} if isinstance(v, str) else v for v in value]
        return value

    @property
    def cleaner(self) -> Clean:
        """The cleaner applied to the value (to each item, for collections)."""
        return self.clean or DEFAULT_CLEAN.get(self.type, "string")

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.model or ())

    def describe(self) -> dict[str, Any]:
        """The input as ``connector describe --json`` shows it: set fields only, reference order."""
        shown: dict[str, Any] = {
            "key": self.key, "label": self.label, "type": self.type, "required": self.required,
        }
        for name in ("default", "collection", "comments", "example"):
            value = getattr(self, name)
            if value is not None:
                shown[name] = value
        if self.model is not None:
            shown["model"] = [choice.model_dump() for choice in self.model]
        for name in ("clean", "min", "max", "pattern", "keyPattern"):
            value = getattr(self, name)
            if value is not None:
                shown[name] = value
        return shown


class Display(_Strict):
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)


class ComponentDisplay(Display):
    longDescription: str | None = None  # noqa: N815 - the definition files' spelling


class ActionDef(_Strict):
    """An action: what it is called, which inputs it takes and which handler performs it."""

    key: str = Field(pattern=KEY_PATTERN)
    display: Display
    handler: str = Field(min_length=1)
    inputs: list[InputDef]
    # Our additions beyond the reference, documented apart from its inputs.
    options: list[InputDef] = Field(default_factory=list)
    examplePayload: Any = None  # noqa: N815 - the definition files' spelling

    @property
    def all_inputs(self) -> tuple[InputDef, ...]:
        return (*self.inputs, *self.options)

    def summary(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.display.label, "description": self.display.description}

    def describe(self) -> dict[str, Any]:
        shown = self.summary()
        shown["handler"] = self.handler
        shown["inputs"] = [spec.describe() for spec in self.inputs]
        shown["options"] = [spec.describe() for spec in self.options]
        if self.examplePayload is not None:
            shown["examplePayload"] = self.examplePayload
        return shown


class ConnectionDef(_Strict):
    """A connection: the fields a deployer fills in to authorise the component."""

    key: str = Field(pattern=KEY_PATTERN)
    display: Display
    oauth2Type: Literal["authorization_code", "client_credentials"]  # noqa: N815
    inputs: list[InputDef]

    def describe(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.display.label,
            "description": self.display.description,
            "oauth2Type": self.oauth2Type,
            "inputs": [spec.describe() for spec in self.inputs],
        }


class ComponentDef(_Strict):
    """``component.yaml``: the component's identity and the inputs its actions share."""

    key: str = Field(pattern=KEY_PATTERN)
    display: ComponentDisplay
    documentationUrl: str | None = None  # noqa: N815
    inputs: dict[str, InputDef] = Field(default_factory=dict)


@dataclass(frozen=True)
class Definitions:
    """A whole component, loaded and checked."""

    root: Path
    component: ComponentDef
    actions: dict[str, ActionDef]
    connections: dict[str, ConnectionDef]
