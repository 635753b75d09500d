"""Replace the ``examplePayload:`` block of an action file's text, leaving every other line as it is.

Action files are written by hand (comments, folded strings, key order), so they are edited as
text rather than loaded and dumped again.
"""

from __future__ import annotations

from typing import Any

import yaml

KEY = "examplePayload:"
MARKER = "# Captured from the sandbox by scripts/capture_examples.py; rerun it rather than editing by hand."


class _IndentedListDumper(yaml.SafeDumper):
    """Indents list items under their key, as the hand-written definition files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def payload_yaml(payload: Any) -> str:
    """The block itself: the marker comment, the key and the payload indented under it."""
    # A safe dump quotes every string that would load as something else (ids, dates), so the
    # payload loads back exactly as captured.
    body = yaml.dump(payload, Dumper=_IndentedListDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    indented = "".join(f"  {line}" if line.strip() else line for line in body.splitlines(keepends=True))
    return f"{MARKER}\n{KEY}\n{indented}"


def _is_top_level(line: str) -> bool:
    return bool(line.strip()) and not line[0].isspace()


def _separated(before: str) -> str:
    """``before`` ending in a blank line (nothing to separate when the file is empty)."""
    if not before:
        return before
    return before.rstrip("\n") + "\n\n"


def set_example_payload(text: str, payload: Any) -> str:
    """``text`` with its examplePayload block (with the marker above it) replaced, or appended
    after a blank line."""
    lines = text.splitlines(keepends=True)
    start = next((index for index, line in enumerate(lines) if line.startswith(KEY)), None)
    if start is None:
        return _separated(text) + payload_yaml(payload)
    end = next((index for index in range(start + 1, len(lines)) if _is_top_level(lines[index])
                and not lines[index].startswith("#")), len(lines))
    if end < len(lines):
        # Blank lines and top-level comments just before the next key belong to that key.
        while end > start + 1 and (lines[end - 1].startswith("#") or not lines[end - 1].strip()):
            end -= 1
    if start > 0 and lines[start - 1].rstrip("\n") == MARKER:
        start -= 1
    return _separated("".join(lines[:start])) + payload_yaml(payload) + "".join(lines[end:])
