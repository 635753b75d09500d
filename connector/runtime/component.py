"""The component as callers use it: list and describe its actions, and invoke them.

Invoking is three steps, in this order: clean and validate the inputs (an InputError is raised
here, before any handler runs or any request is made), resolve the connection document, and let
the runtime drive the action's handler.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from connector.definitions.cache import load_definitions_cached
from connector.definitions.locate import bundled_root
from connector.definitions.models import ActionDef, ConnectionDef, Definitions
from connector.errors import InputError
from connector.inputs.validate import PreparedInputs, prepare_inputs

if TYPE_CHECKING:
    from connector.runtime.runtime import Runtime


@dataclass(frozen=True)
class ActionResult:
    """What an action returned: ``data`` is the Zoho response body (CONTRACT section 6)."""

    data: Any

    @classmethod
    def from_output(cls, output: Any) -> ActionResult:
        if isinstance(output, Mapping) and "data" in output:
            return cls(output["data"])
        return cls(output)

    def to_dict(self) -> dict[str, Any]:
        return {"data": self.data}


class Component:
    """A loaded component: its actions and connections, and the way to invoke them."""

    def __init__(self, definitions: Definitions) -> None:
        self.definitions = definitions
        self.actions: Mapping[str, ActionDef] = MappingProxyType(dict(sorted(definitions.actions.items())))
        self.connections: Mapping[str, ConnectionDef] = MappingProxyType(definitions.connections)

    def __repr__(self) -> str:
        return f"<Component {self.key!r} from {self.definitions.root}: {len(self.actions)} actions>"

    @property
    def key(self) -> str:
        return self.definitions.component.key

    @property
    def label(self) -> str:
        return self.definitions.component.display.label

    @property
    def description(self) -> str:
        return self.definitions.component.display.description

    def action(self, key: str) -> ActionDef:
        """The action ``key``; an unknown key is an input error on ``action``."""
        try:
            return self.actions[key]
        except KeyError:
            raise InputError(f"unknown action {key!r}; expected one of {', '.join(self.actions)}",
                             input="action") from None

    def describe(self, key: str) -> dict[str, Any]:
        """The action as ``connector describe KEY --json`` prints it."""
        return self.action(key).describe()

    def prepare(self, key: str, inputs: Mapping[str, Any] | None = None, *, connection: Any = None,
                config_vars: Mapping[str, Any] | None = None) -> PreparedInputs:
        """Resolve config variables, clean and validate the inputs of ``key``: raise InputError
        listing every problem, or return what the handler will receive."""
        return prepare_inputs(self.action(key), {} if inputs is None else inputs, config_vars,
                              connection=connection)

    def invoke(self, key: str, inputs: Mapping[str, Any] | None = None, *, connection: Any = None,
               config_vars: Mapping[str, Any] | None = None, runtime: Runtime | None = None) -> ActionResult:
        """Run action ``key`` and return its result.

        ``connection`` is a connection document (dict) or the path of one; it may also be given as
        the ``connection`` input. Raises InputError before any request, then AuthError/ApiError.
        """
        prepared = self.prepare(key, inputs, connection=connection, config_vars=config_vars)
        return self.invoke_prepared(key, prepared, runtime=runtime)

    def invoke_prepared(self, key: str, prepared: PreparedInputs, *,
                        runtime: Runtime | None = None) -> ActionResult:
        """Run action ``key`` with inputs that :meth:`prepare` returned (so they are not checked twice)."""
        runtime = runtime or _default_runtime()
        document = _connection_document(runtime, prepared.connection)
        output = runtime.run(self.action(key).handler, prepared.values, connection=document, action_key=key,
                             debug=prepared.debug)
        return ActionResult.from_output(output)

    async def ainvoke(self, key: str, inputs: Mapping[str, Any] | None = None, *, connection: Any = None,
                      config_vars: Mapping[str, Any] | None = None,
                      runtime: Runtime | None = None) -> ActionResult:
        """The async :meth:`invoke`."""
        prepared = self.prepare(key, inputs, connection=connection, config_vars=config_vars)
        runtime = runtime or _default_runtime()
        document = _connection_document(runtime, prepared.connection)
        output = await runtime.arun(self.action(key).handler, prepared.values, connection=document,
                                    action_key=key, debug=prepared.debug)
        return ActionResult.from_output(output)


def _connection_document(runtime: Runtime, source: Any) -> Any:
    """The validated connection document: a Runtime validates each document once and remembers it by
    content; a stand-in with only ``run``/``arun`` (tests, embedders) gets it validated here."""
    remembered = getattr(runtime, "connection_document", None)
    if remembered is not None:
        return remembered(source)
    # Imported on use: the auth stack is not needed to list or validate actions.
    from connector.auth.document import load_connection

    return load_connection(source)


def _default_runtime() -> Runtime:
    from connector.runtime.runtime import default_runtime

    return default_runtime()


@cache
def _bundled_component() -> Component:
    return Component(load_definitions_cached(bundled_root()))


def load_component(path: str | os.PathLike[str] | None = None) -> Component:
    """Load a component directory (component.yaml, actions/, connections/); by default the bundled
    Zoho component, loaded once per process. Raises DefinitionError listing every problem.

    A component is validated the first time its files are seen, then loaded from a compiled copy
    (see :mod:`connector.definitions.cache`) until a file changes."""
    if path is None:
        return _bundled_component()
    return Component(load_definitions_cached(Path(path)))
