"""Definition files -> typed models: read the YAML, expand shared inputs (``use:``), build the
pydantic models and run the cross-field checks. Every problem of every file is collected.

``load_definitions`` is the fast path every CLI call and ``load_component()`` pays for: no JSON
Schema (the strict models enforce the same rules) and no handler imports. ``connector validate``
adds both through :mod:`connector.definitions.validation`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from connector.definitions import checks
from connector.definitions.locate import COMPONENT_FILE
from connector.definitions.models import ActionDef, ComponentDef, ConnectionDef
from connector.definitions.problems import model_problems
from connector.definitions.reader import DefinitionSyntaxError, read_yaml
from connector.errors import DefinitionError, Problem

Kind = Literal["component", "action", "connection"]
KIND_DIRECTORIES: dict[str, Kind] = {"actions": "action", "connections": "connection"}


@dataclass(frozen=True)
class Source:
    """One parsed definition file."""

    path: Path
    kind: Kind
    data: Any

    @property
    def name(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class Definitions:
    """A whole component, loaded and checked."""

    root: Path
    component: ComponentDef
    actions: dict[str, ActionDef]
    connections: dict[str, ConnectionDef]


def definition_files(root: Path) -> list[tuple[Path, Kind]]:
    """The component manifest first, then connections and actions, each sorted by name."""
    files: list[tuple[Path, Kind]] = [(root / COMPONENT_FILE, "component")]
    for directory, kind in sorted(KIND_DIRECTORIES.items(), key=lambda item: item[1] != "connection"):
        files += [(path, kind) for path in sorted((root / directory).glob("*.yaml"))]
    return files


def read_sources(files: Sequence[tuple[Path, Kind]]) -> tuple[list[Source], list[Problem]]:
    sources, problems = [], []
    for path, kind in files:
        if kind == "component" and not path.is_file():
            problems.append(Problem(str(path), "", "not found; expected a component directory with "
                                                   "component.yaml, actions/ and connections/"))
            continue
        try:
            sources.append(Source(path, kind, read_yaml(path)))
        except DefinitionSyntaxError as error:
            problems.append(Problem(str(path), "", str(error)))
    return sources, problems


def expand_uses(data: Any, shared: Mapping[str, Any], file: str) -> tuple[Any, list[Problem]]:
    """Replace ``{use: NAME, ...overrides}`` entries of an action's inputs/options by the shared input
    NAME of component.yaml with the overrides applied on top."""
    if not isinstance(data, dict):
        return data, []
    expanded = dict(data)
    problems = []
    for section in ("inputs", "options"):
        entries = data.get(section)
        if not isinstance(entries, list):
            continue
        result = []
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and "use" in entry:
                name = entry["use"]
                base = shared.get(name) if isinstance(name, str) else None
                if not isinstance(base, dict):
                    known = ", ".join(sorted(shared)) or "none are defined"
                    problems.append(Problem(file, f"{section}[{index}].use",
                                            f"unknown shared input {name!r}; expected a name defined "
                                            f"under `inputs:` in component.yaml ({known})"))
                    continue
                entry = {**base, **{key: value for key, value in entry.items() if key != "use"}}
            result.append(entry)
        expanded[section] = result
    return expanded, problems


Precheck = Callable[[Source], list[Problem]]


@dataclass
class Collected:
    """What :func:`collect` built from a set of files, and every problem it found."""

    component: ComponentDef | None = None
    actions: dict[str, ActionDef] = field(default_factory=dict)
    connections: dict[str, ConnectionDef] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def collect(files: Sequence[tuple[Path, Kind]], *, precheck: Precheck | None = None,
            import_handlers: bool = False) -> Collected:
    """Read, expand, model and check ``files``; ``precheck`` (the JSON Schema) may veto a file."""
    sources, problems = read_sources(files)
    shared: Mapping[str, Any] = {}
    component: ComponentDef | None = None
    actions: dict[str, ActionDef] = {}
    connections: dict[str, ConnectionDef] = {}
    for source in sources:
        data = source.data
        if source.kind == "component" and isinstance(data, dict) and isinstance(data.get("inputs"), dict):
            shared = data["inputs"]
        vetoed = precheck(source) if precheck else []
        if vetoed:
            problems += vetoed
            continue
        if source.kind != "component":
            data, use_problems = expand_uses(data, shared, source.name)
            if use_problems:
                problems += use_problems
                continue
        try:
            if source.kind == "component":
                component = ComponentDef.model_validate(data)
                problems += checks.check_component(component, source.name)
            elif source.kind == "action":
                action = ActionDef.model_validate(data)
                shared_defs = list(component.inputs.values()) if component else []
                problems += checks.check_action(action, source.path, shared_defs,
                                                import_handlers=import_handlers)
                actions[action.key] = action
            else:
                connection = ConnectionDef.model_validate(data)
                problems += checks.check_connection(connection, source.path)
                connections[connection.key] = connection
        except ValidationError as error:
            problems += model_problems(error, source.name)
    return Collected(component, actions, connections, problems)


def load_definitions(root: Path) -> Definitions:
    """Load the component at ``root``; raise DefinitionError listing every problem."""
    collected = collect(definition_files(root))
    if collected.problems or collected.component is None:
        raise DefinitionError(collected.problems)
    return Definitions(root, collected.component, collected.actions, collected.connections)
