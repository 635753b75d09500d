"""The reference as files: generate them into a directory, or list how a directory differs.

The generator owns ``*.md`` files and the published schema in its output directory; other files
there are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from connector.definitions.schema import SCHEMA_PATH
from connector.reference.render import SCHEMA_FILE, ExampleCall, render_pages
from connector.runtime.component import Component

Examples = Mapping[str, ExampleCall] | None


def reference_files(component: Component, examples: Examples = None) -> dict[str, bytes]:
    """Each generated file's content by its path (POSIX, relative to the output directory)."""
    files = {path: page.encode("utf-8") for path, page in render_pages(component, examples).items()}
    # The schema is published as an exact copy, so editors and `connector validate` never disagree.
    files[SCHEMA_FILE] = SCHEMA_PATH.read_bytes()
    return dict(sorted(files.items()))


def _owned_files(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    owned = {path.relative_to(out).as_posix() for path in out.rglob("*.md")}
    if (out / SCHEMA_FILE).is_file():
        owned.add(SCHEMA_FILE)
    return owned


def differences(component: Component, out: Path, examples: Examples = None) -> list[str]:
    """Paths under ``out`` that are missing, different or no longer generated; empty when current."""
    expected = reference_files(component, examples)
    problems = []
    for path, content in expected.items():
        target = out / path
        if not target.is_file():
            problems.append(f"{path}: missing")
        elif target.read_bytes() != content:
            problems.append(f"{path}: out of date")
    problems += [f"{path}: no longer generated" for path in sorted(_owned_files(out) - set(expected))]
    return problems


def write_reference(component: Component, out: Path, examples: Examples = None) -> list[Path]:
    """Write the reference into ``out``; remove pages it no longer generates. Returns files written."""
    expected = reference_files(component, examples)
    for stale in sorted(_owned_files(out) - set(expected)):
        (out / stale).unlink()
    written = []
    for path, content in expected.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != content:
            target.write_bytes(content)
        written.append(target)
    return written
