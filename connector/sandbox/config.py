"""Settings of one sandbox instance. Everything a test may want to change is here, with Zoho's
values as defaults."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

MiB = 1024 * 1024


@dataclass
class SandboxConfig:
    """How a sandbox behaves. ``clock`` (epoch seconds) drives token expiry and rate-limit windows;
    record timestamps come from a fixed epoch so seed data is the same on every start."""

    clock: Callable[[], float] = field(default=time.time)
    # OAuth client and the seeded refresh token (the values of the sandbox connection document).
    client_id: str = "1000.SANDBOXCLIENT0000000000000000"
    client_secret: str = "sandbox-client-secret-0000000000000000000000"
    refresh_token: str = "1000.5a4d0b1c2e3f40516273849a0b1c2d3e.0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    scopes: str = (
        "ZohoCRM.coql.READ ZohoCRM.notifications.ALL ZohoCRM.users.ALL ZohoCRM.org.ALL "
        "ZohoCRM.settings.ALL ZohoCRM.modules.ALL ZohoCRM.bulk.ALL ZohoBooks.fullaccess.all"
    )
    access_token_ttl: int = 3600  # seconds; Zoho's expires_in
    grant_code_ttl: int = 180  # a grant code works once, for 3 minutes
    refresh_limit: int = 10  # access tokens per refresh token per window...
    refresh_window: int = 600  # ...of 10 minutes, then "Access Denied"
    throttle_status: int = 200  # Zoho answers the throttle with HTTP 200 (Kaizen #43)
    # CRM limits.
    crm_concurrency_limit: int = 20  # in-flight CRM requests before 429 (Enterprise edition)
    max_body_bytes: int = 30 * MiB  # any request body; above it 413
    max_attachment_bytes: int = 20 * MiB  # one attachment file; above it 413
    attachments_empty_status: int = 204  # the JSON spec's answer to an empty attachment list
    request_log_size: int = 200  # requests kept for GET /__sandbox__/requests
    # Seed sizes (deterministic records generated at start and on reset).
    seed_crm: dict[str, int] = field(
        default_factory=lambda: {
            "Leads": 120,
            "Contacts": 80,
            "Accounts": 40,
            "Deals": 40,
            "Vendors": 5,
            "Products": 10,
        }
    )
