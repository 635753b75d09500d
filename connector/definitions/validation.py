"""``connector validate``: every problem in a component directory or a single definition file:
YAML syntax, the JSON Schema, the models, the cross-field checks and handler imports."""

from __future__ import annotations

from pathlib import Path

from connector.definitions.loader import KIND_DIRECTORIES, Kind, Source, collect, definition_files
from connector.definitions.locate import COMPONENT_FILE
from connector.definitions.schema import schema_problems
from connector.errors import Problem


def _schema_check(source: Source) -> list[Problem]:
    return schema_problems(source.data, source.kind, source.name)


def _kind_of(path: Path) -> Kind:
    if path.name == COMPONENT_FILE:
        return "component"
    return KIND_DIRECTORIES.get(path.parent.name, "action")


def validate_path(path: Path) -> list[Problem]:
    """Problems of the component at ``path`` (a directory), or of one definition file.

    A single action file is checked together with the component.yaml beside its directory, so that
    its shared inputs resolve; only the problems of that file are reported.
    """
    if path.is_dir():
        files = definition_files(path)
        only = None
    elif path.is_file():
        kind = _kind_of(path)
        root = path.parent if kind == "component" else path.parent.parent
        files = [(path, kind)]
        if kind != "component" and (root / COMPONENT_FILE).is_file():
            files.insert(0, (root / COMPONENT_FILE, "component"))
        only = str(path)
    else:
        return [Problem(str(path), "", "does not exist; expected a component directory or a YAML file")]
    problems = collect(files, precheck=_schema_check, import_handlers=True).problems
    if only is not None:
        problems = [problem for problem in problems if problem.file == only]
    return problems
