"""CRM list paging: page numbers up to 2,000 records, then page tokens up to 100,000.

A page token is opaque to clients (at most 96 characters, as Zoho promises). It carries the
offset of the next page, when it was issued, and a fingerprint of the parameters it is bound to,
so a token reused with other parameters gets TOKEN_BOUND_DATA_MISMATCH, as at Zoho.
"""

from __future__ import annotations

from dataclasses import dataclass

from connector.sandbox.clock import hex_token
from connector.sandbox.crm_errors import CrmError

DISCRETE_LIMIT = 2_000
TOKEN_LIMIT = 100_000
TOKEN_TTL = 86_400


@dataclass(frozen=True)
class PageToken:
    offset: int
    issued: int
    binding: str

    def encode(self) -> str:
        return f"{self.offset:x}.{self.issued:x}.{self.binding}"


def binding(*parts: object) -> str:
    return hex_token("page-token", *parts, length=16)


def decode(token: str, expected_binding: str, now: float) -> int:
    """The offset a page token points at, or Zoho's error for a bad, foreign or expired token."""
    parts = token.split(".")
    try:
        offset, issued = int(parts[0], 16), int(parts[1], 16)
    except (ValueError, IndexError):
        raise CrmError(400, "INVALID_DATA", "invalid data", {"param_name": "page_token"}) from None
    if len(parts) != 3 or len(token) > 96:
        raise CrmError(400, "INVALID_DATA", "invalid data", {"param_name": "page_token"})
    if parts[2] != expected_binding:
        raise CrmError(
            400,
            "TOKEN_BOUND_DATA_MISMATCH",
            "Page token doesn't match with the request",
            {"param_name": "page_token"},
        )
    if now > issued + TOKEN_TTL:
        raise CrmError(
            400,
            "EXPIRED_VALUE",
            "page token is expired",
            {"api_name": "page_token", "json_path": "$.query.page_token"},
        )
    if offset >= TOKEN_LIMIT:
        raise CrmError(
            400,
            "PAGINATION_LIMIT_EXCEEDED",
            "You can only get upto 100000 records using page_token param",
            {"param_name": "page_token"},
        )
    return offset


def discrete_limit_error() -> CrmError:
    return CrmError(
        400,
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        "You can only get the first 2000 records without using page_token param",
        {"limit": DISCRETE_LIMIT},
    )
