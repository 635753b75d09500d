"""Where the bundled Zoho component lives.

A wheel ships it as ``connector/_bundled/{component.yaml,actions,connections}`` (pyproject
force-include); in a source checkout (or an editable install) it is at the repository root.
"""

from __future__ import annotations

from pathlib import Path

COMPONENT_FILE = "component.yaml"


def bundled_root() -> Path:
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_bundled"
    if (shipped / COMPONENT_FILE).is_file():
        return shipped
    return package.parent
