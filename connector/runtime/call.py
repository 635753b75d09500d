"""What a handler receives: its cleaned inputs and the resolved connection session."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from connector.runtime.flow import RetryPolicy

logger = logging.getLogger("connector")


@dataclass
class Call:
    """One action invocation, as seen by its handler.

    ``inputs`` are cleaned and validated (typed values, defaults applied, config variables resolved);
    ``session`` is the :class:`connector.auth.session.ZohoSession` of the connection, shared by
    every invocation on that connection; ``debug`` is the action's ``debugRequest`` input.
    """

    action: str
    inputs: Mapping[str, Any]
    session: Any
    debug: bool = False
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float | None = 30.0
    logger: logging.Logger = logger
