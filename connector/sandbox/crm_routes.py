"""Every CRM v8 route, literal paths before the ``{module}`` ones that would swallow them."""

from __future__ import annotations

from starlette.routing import Route

from connector.sandbox.crm_attachments import crm_attachment_routes
from connector.sandbox.crm_coql_route import crm_coql_routes
from connector.sandbox.crm_meta_routes import crm_meta_routes
from connector.sandbox.crm_records import crm_record_routes
from connector.sandbox.crm_search import crm_search_routes
from connector.sandbox.crm_upsert import crm_upsert_routes
from connector.sandbox.state import SandboxState


def crm_routes(state: SandboxState) -> list[Route]:
    return [
        *crm_coql_routes(state.crm),
        *crm_meta_routes(state.crm),
        *crm_attachment_routes(state.crm, state.config),
        *crm_upsert_routes(state.crm),
        *crm_search_routes(state.crm),
        *crm_record_routes(state.crm, state.config.clock),
    ]
