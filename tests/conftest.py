"""Fixtures shared by every test directory; their code lives in tests/support/."""

from tests.support.sandbox import sandbox, sandbox_server

__all__ = ["sandbox", "sandbox_server"]
