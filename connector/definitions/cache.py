"""A compiled form of a component's definitions, so that a CLI call need not parse YAML and validate.

The first load of a component validates it fully (:func:`connector.definitions.loader.load_definitions`)
and writes the resulting models as JSON to ``$CONNECTOR_HOME/cache/definitions/<key>.json``. Later loads
with the same key build the models from that JSON without validating again (``model_construct``).

The key is a digest of every definition file (relative path and bytes) and of the sources of the code
that checks them, so an edited, added or removed definition file, or another connector version, misses
the cache and is validated again. Handler references are re-checked on every hit, since the registry
can change without the files changing. Set ``CONNECTOR_DEFINITION_CACHE=0`` to always validate.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from connector.definitions.files import Kind, definition_files
from connector.definitions.models import ActionDef, ComponentDef, ConnectionDef, Definitions

FORMAT = 1
MAX_ENTRIES = 16
DISABLE_VARIABLE = "CONNECTOR_DEFINITION_CACHE"
# The code whose behaviour a cached component depends on: models, checks and input cleaning.
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_FILES = (*sorted((_PACKAGE / "definitions").glob("*.py")), _PACKAGE / "inputs" / "cleaning.py")

Model = TypeVar("Model", bound=BaseModel)


def cache_directory(environ: Mapping[str, str] | None = None) -> Path:
    """Where compiled definitions live: under ``connector.auth.store.connector_home()``.

    Repeated here (same rules) because importing the auth package would cost ``connector actions``
    the whole token machinery.
    """
    env = os.environ if environ is None else environ
    if env.get("CONNECTOR_HOME"):
        home = Path(env["CONNECTOR_HOME"]).expanduser()
    else:
        data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        home = Path(data_home).expanduser() / "connector"
    return home / "cache" / "definitions"


def load_definitions_cached(root: Path) -> Definitions:
    """The component at ``root``, from the cache when its files are unchanged, else validated (and
    cached). Raises DefinitionError listing every problem, exactly like ``load_definitions``."""
    key = None if os.environ.get(DISABLE_VARIABLE) == "0" else definitions_key(root, definition_files(root))
    directory = cache_directory()
    if key is not None:
        cached = read_cached(directory / f"{key}.json", root)
        if cached is not None:
            return cached
    # The full loader (YAML, checks) is imported only on a miss: a hit needs neither.
    from connector.definitions.loader import load_definitions

    definitions = load_definitions(root)
    if key is not None:
        write_cached(directory, key, definitions)
    return definitions


def definitions_key(root: Path, files: Sequence[tuple[Path, Kind]]) -> str | None:
    """A digest of the files and the checking code; None when a file cannot be read (the full load
    then reports it)."""
    digest = hashlib.sha256(f"connector-definitions/{FORMAT}".encode())
    try:
        for path in _CODE_FILES:
            digest.update(path.read_bytes())
        for path, kind in files:
            content = path.read_bytes()
            digest.update(f"\0{kind}\0{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
            digest.update(content)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()[:32]


def read_cached(path: Path, root: Path) -> Definitions | None:
    """The definitions stored at ``path``; None when missing, unreadable or stale."""
    try:
        payload = json.loads(path.read_bytes())
        definitions = from_payload(root, payload)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not _handlers_registered(definitions):
        return None
    return definitions


def write_cached(directory: Path, key: str, definitions: Definitions) -> None:
    """Store ``definitions`` under ``key`` if they survive the JSON round trip unchanged; a cache that
    cannot be written (read-only home...) is skipped silently."""
    payload = to_payload(definitions)
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False)
        if from_payload(definitions.root, json.loads(text)) != definitions:
            return  # values JSON cannot carry exactly (YAML dates, integer keys...): not cached
    except (TypeError, ValueError):
        return
    import tempfile  # on a miss only

    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        # Write then rename: a concurrent reader sees the old file or the whole new one.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, directory / f"{key}.json")
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        _prune(directory)


def to_payload(definitions: Definitions) -> dict[str, Any]:
    def dump(model: BaseModel) -> Any:
        return model.model_dump(mode="python", exclude_unset=True)

    return {
        "format": FORMAT,
        "component": dump(definitions.component),
        "actions": [dump(action) for action in definitions.actions.values()],
        "connections": [dump(connection) for connection in definitions.connections.values()],
    }


def from_payload(root: Path, payload: Mapping[str, Any]) -> Definitions:
    """Models built from a payload of :func:`to_payload`, without validation (it was validated)."""
    if payload["format"] != FORMAT:
        raise ValueError("another cache format")
    component = _construct(ComponentDef, payload["component"])
    actions = [_construct(ActionDef, data) for data in payload["actions"]]
    connections = [_construct(ConnectionDef, data) for data in payload["connections"]]
    return Definitions(root, component, {action.key: action for action in actions},
                       {connection.key: connection for connection in connections})


Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class _Plan:
    """How to build one model class from JSON data, worked out once per class."""

    converters: dict[str, Convert | None]  # field -> how to rebuild nested models (None: as is)
    defaults: dict[str, Any]  # fields with a plain default
    factories: dict[str, Callable[[], Any]]  # fields with a default factory

    @classmethod
    def of(cls, model: type[BaseModel]) -> _Plan:
        fields = model.model_fields
        return cls({name: _converter(field.annotation) for name, field in fields.items()},
                   {name: field.default for name, field in fields.items()
                    if not field.is_required() and field.default_factory is None},
                   {name: field.default_factory for name, field in fields.items()  # type: ignore[misc]
                    if field.default_factory is not None})


_PLANS: dict[type[BaseModel], _Plan] = {}


def _construct(model: type[Model], data: Mapping[str, Any]) -> Model:
    plan = _PLANS.get(model) or _PLANS.setdefault(model, _Plan.of(model))
    values = dict(plan.defaults)
    for name, make in plan.factories.items():
        values[name] = make()
    for name, value in data.items():
        convert = plan.converters[name]
        values[name] = value if convert is None or value is None else convert(value)
    # Every field has a value, so model_construct only records which ones the file set.
    return model.model_construct(_fields_set=set(data), **values)


def _converter(annotation: Any) -> Convert | None:
    """How to turn JSON data into a value of ``annotation``; None when no model is nested in it."""
    if _is_model(annotation):
        return lambda value: _construct(annotation, value)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args:
        item = _converter(args[0])
        return None if item is None else lambda value: [item(entry) for entry in value]
    if origin is dict and len(args) == 2:
        entry = _converter(args[1])
        return None if entry is None else lambda value: {key: entry(item) for key, item in value.items()}
    if origin in (typing.Union, types.UnionType):
        # A JSON object or array goes to the first member that holds one; scalars stay as they are.
        by_kind: dict[type, Convert | None] = {}
        for member in args:
            kind = dict if _is_model(member) else typing.get_origin(member)
            if kind in (dict, list):
                by_kind.setdefault(kind, _converter(member))
        if not any(by_kind.values()):
            return None
        return lambda value: (by_kind.get(type(value)) or _unchanged)(value)
    return None


def _unchanged(value: Any) -> Any:
    return value


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _handlers_registered(definitions: Definitions) -> bool:
    from connector.runtime import registry

    return all(registry.is_registered(action.handler) for action in definitions.actions.values())


def _prune(directory: Path) -> None:
    """Keep the newest MAX_ENTRIES compiled components (one per connector version and edit)."""
    entries = sorted(directory.glob("*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            stale.unlink()
