"""Small Markdown building blocks for the reference pages (GitHub-flavoured tables and code)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

_LONGEST_BACKTICK_RUN = re.compile(r"`+")


def text(value: str) -> str:
    """Plain text safe inside a table cell: no HTML, no column breaks, one line."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return "<br>".join(line.strip() for line in escaped.strip().splitlines())


def code(value: str) -> str:
    """An inline code span for ``value``, fenced by more backticks than it contains."""
    runs = _LONGEST_BACKTICK_RUN.findall(value)
    fence = "`" * (max(map(len, runs), default=0) + 1)
    padding = " " if value.startswith("`") or value.endswith("`") else ""
    # GFM splits table rows on "|" before it parses code spans, so the pipe is escaped here too.
    inner = " ".join(value.split("\n")).replace("|", "\\|")
    return f"{fence}{padding}{inner}{padding}{fence}"


def literal(value: Any) -> str:
    """A definition value (default or example) as it reads on the page: text as is, else JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def json_block(value: Any) -> str:
    return "```json\n" + json.dumps(value, indent=2, ensure_ascii=False) + "\n```"
