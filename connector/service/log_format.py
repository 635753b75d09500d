"""JSON log lines on stderr for the service process (access lines, errors, uvicorn's own messages)."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any


class JsonLineFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, then the record's ``fields`` or its message."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        return json.dumps(line, default=str)


def configure_service_logging(level: str = "info") -> None:
    """Send connector and uvicorn logs to stderr as JSON lines (stdout carries the ready line only)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    for name in ("connector", "uvicorn"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
