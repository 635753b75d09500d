"""Definition files -> typed models: read the YAML, expand shared inputs (``use:``), build the
pydantic models and run the cross-field checks. Every problem of every file is collected.

``load_definitions`` checks a component without the JSON Schema (the strict models enforce the same
rules) and without importing handlers; ``connector validate`` adds both through
:mod:`connector.definitions.validation`. ``load_component()`` goes through
:mod:`connector.definitions.cache`, which runs this only when the files or this code changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from connector.definitions import checks
from connector.definitions.files import KIND_DIRECTORIES, Kind, definition_files
from connector.definitions.models import ActionDef, ComponentDef, ConnectionDef, Definitions
from connector.definitions.problems import model_problems
from connector.definitions.reader import DefinitionSyntaxError, read_yaml
from connector.errors import DefinitionError, Problem


@dataclass(frozen=True)
class Source:
    """One parsed definition file."""

    path: Path
    kind: Kind
    data: Any

    @property
    def name(self) -> str:
        return str(self.path)


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
            if source.kind == "action":
                salvageable, _ = expand_uses(data, shared, source.name)
                reported = {problem.path for problem in vetoed}  # say each place's problem once
                salvaged = checks.salvage_action(salvageable, source.path, import_handlers=import_handlers)
                problems += [problem for problem in salvaged if problem.path not in reported]
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


__all__ = [
    "KIND_DIRECTORIES",
    "Collected",
    "Definitions",
    "Kind",
    "Source",
    "collect",
    "definition_files",
    "expand_uses",
    "load_definitions",
    "read_sources",
]
