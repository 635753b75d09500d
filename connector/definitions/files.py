"""Which files make up a component directory, and what kind of definition each one holds."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from connector.definitions.locate import COMPONENT_FILE

Kind = Literal["component", "action", "connection"]
KIND_DIRECTORIES: dict[str, Kind] = {"actions": "action", "connections": "connection"}


def definition_files(root: Path) -> list[tuple[Path, Kind]]:
    """The component manifest first, then connections and actions, each sorted by name."""
    files: list[tuple[Path, Kind]] = [(root / COMPONENT_FILE, "component")]
    for directory, kind in sorted(KIND_DIRECTORIES.items(), key=lambda item: item[1] != "connection"):
        files += [(path, kind) for path in sorted((root / directory).glob("*.yaml"))]
    return files
