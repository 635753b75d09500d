"""Deploy-time settings of the HTTP service, read from the environment (or given explicitly)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
DEFAULT_GRACEFUL_TIMEOUT_S = 30.0

API_KEY_ENV = "CONNECTOR_API_KEY"
MAX_BODY_ENV = "CONNECTOR_MAX_BODY_BYTES"
INVOKE_TIMEOUT_ENV = "CONNECTOR_INVOKE_TIMEOUT_S"
EXPAND_ENV_ENV = "CONNECTOR_SERVICE_EXPAND_CONNECTION_ENV"


@dataclass(frozen=True)
class ServiceSettings:
    """How one service process behaves.

    ``api_key``: when set, every route but ``/healthz`` needs ``Authorization: Bearer <key>``.
    ``max_body_bytes``: larger request bodies are refused with 413.
    ``invoke_timeout_s``: an invocation still running after this long is answered with 504.
    ``default_connection``: a connection document (path or dict) used when a request sends none, so
    workflow engines need not carry Zoho credentials; its ``${NAME}`` references are expanded.
    ``expand_connection_env``: also expand ``${NAME}`` in connections sent by clients (off: a caller
    could otherwise have the service send its own environment to a token URL of the caller's choosing).
    """

    api_key: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    invoke_timeout_s: float | None = None
    default_connection: object | None = None
    expand_connection_env: bool = False

    def __post_init__(self) -> None:
        if self.max_body_bytes < 0:
            raise ValueError("max_body_bytes must be zero or more")
        if self.invoke_timeout_s is not None and self.invoke_timeout_s <= 0:
            raise ValueError("invoke_timeout_s must be positive")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        """Settings from ``CONNECTOR_API_KEY``, ``CONNECTOR_MAX_BODY_BYTES``, ``CONNECTOR_INVOKE_TIMEOUT_S``
        and ``CONNECTOR_SERVICE_EXPAND_CONNECTION_ENV``.

        An empty ``CONNECTOR_API_KEY`` counts as unset. Invalid numbers raise ``ValueError`` naming
        the variable (never its value, which could be a secret pasted in the wrong place).
        """
        env = os.environ if environ is None else environ
        return cls(
            api_key=env.get(API_KEY_ENV) or None,
            max_body_bytes=_parse_int(env, MAX_BODY_ENV, DEFAULT_MAX_BODY_BYTES),
            invoke_timeout_s=_parse_float(env, INVOKE_TIMEOUT_ENV),
            expand_connection_env=env.get(EXPAND_ENV_ENV, "").strip().lower() in {"1", "true", "yes"},
        )


def _parse_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of bytes") from None


def _parse_float(env: Mapping[str, str], name: str) -> float | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds") from None
