"""Which Zoho Books organization a call acts on.

Books wants ``organization_id`` on every request (the original component never sent it, so it
only worked for single-organization users). Resolution order: the action's ``organizationId``
input, the connection's ``organizationId`` field, the organization discovered earlier on the
same session, and finally ``GET /organizations`` (one organization: it; several: the default
one; several without a default: an input error listing them).
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from connector.errors import InputError
from connector.runtime.call import Call
from connector.runtime.flow import Flow, Send

ORGANIZATION_INPUT = "organizationId"
# Key under which the discovered organization is kept in ``session.books_org_cache``.
CACHE_KEY = "organization_id"

_ORG_ID = re.compile(r"\d{1,30}")


def resolve_organization_id(call: Call) -> Flow:
    """Return the Books organization id for ``call``, discovering it at most once per session."""
    explicit = call.inputs.get(ORGANIZATION_INPUT)
    if explicit is not None and str(explicit).strip():
        return _checked(str(explicit).strip())
    session = call.session
    if getattr(session, "organization_id", None):
        return str(session.organization_id)
    cache: dict[str, str] = session.books_org_cache
    if CACHE_KEY in cache:
        return cache[CACHE_KEY]
    # Built here rather than with zoho.api, which depends on this module for books_send.
    request = httpx.Request("GET", f"{session.books_base}/organizations",
                            headers={"Accept": "application/json"})
    response: httpx.Response = yield Send(request=request, service="books", retry=call.retry,
                                          timeout=call.timeout)
    organization_id = choose_organization(response.json() if response.content else {})
    cache[CACHE_KEY] = organization_id
    return organization_id


def choose_organization(body: Any) -> str:
    """Pick the organization from a ``GET /organizations`` body, or explain why we cannot."""
    listed = body.get("organizations") if isinstance(body, dict) else None
    organizations = [org for org in listed or [] if isinstance(org, dict) and org.get("organization_id")]
    if not organizations:
        raise InputError("the connection's Zoho user has no Zoho Books organization; "
                         "create one or set the organization ID", input=ORGANIZATION_INPUT)
    if len(organizations) == 1:
        return str(organizations[0]["organization_id"])
    defaults = [org for org in organizations if org.get("is_default_org") is True]
    if len(defaults) == 1:
        return str(defaults[0]["organization_id"])
    listing = ", ".join(f"{org.get('organization_id')} ({org.get('name', '?')})" for org in organizations)
    raise InputError("the connection's Zoho user belongs to several Zoho Books organizations and none is "
                     f"the default; set the organization ID to one of: {listing}", input=ORGANIZATION_INPUT)


def _checked(organization_id: str) -> str:
    if not _ORG_ID.fullmatch(organization_id):
        raise InputError("must be a Zoho Books organization id made of digits", input=ORGANIZATION_INPUT)
    return organization_id
