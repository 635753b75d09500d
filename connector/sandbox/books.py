"""Zoho Books v3 for the sandbox: the routes, mounted by the sandbox app under ``/books/v3``.

    store = BooksStore(clock=time.time)
    routes = books_routes(store, crm_lookup)   # crm_lookup("Accounts", "123") -> record | None

Every answer is a Books envelope: ``{"code": 0, "message": ..., <key>: ...}`` on success,
``{"code": <non-zero>, "message": ...}`` with a 4xx status otherwise. Calls other than
``GET /organizations`` need ``organization_id`` and count against that organization's
100-requests-a-minute budget; their answers carry X-Rate-Limit-* headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from connector.sandbox.books_body import read_json_object
from connector.sandbox.books_crm_import import IMPORTS, CrmLookup, import_from_crm
from connector.sandbox.books_errors import (
    BooksError,
    does_not_exist,
    invalid_url,
    invalid_value,
    method_not_allowed,
    organization_required,
    rate_limited,
    unknown_organization,
)
from connector.sandbox.books_modules import CONTACT_PERSONS, MODULES, UNIQUE_KEY_MODULES, BooksModule
from connector.sandbox.books_query import parse_list_query, run_list_query
from connector.sandbox.books_records import (
    contact_persons_of,
    create_contact_person,
    create_record,
    delete_record,
    find_by_unique_field,
    list_row,
    lookup,
    make_primary,
    update_record,
    with_details,
)
from connector.sandbox.books_store import BooksStore, OrgData
from connector.sandbox.books_time import format_timestamp

__all__ = ["BooksStore", "books_routes"]

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
ORG_HEADER = "X-com-zoho-books-organizationid"  # sent by public clients; accepting it is UNVERIFIED
UNIQUE_KEY_HEADER = "X-Unique-Identifier-Key"
MAX_ID_LENGTH = 30

Body = dict[str, Any]


@dataclass
class Exchange:
    """One request being answered: the headers collected on the way (rate-limit budget)."""

    request: Request
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return self.request.method

    def param(self, name: str) -> str:
        return str(self.request.path_params.get(name, ""))

    def only(self, *methods: str) -> None:
        if self.method not in methods:
            raise method_not_allowed(self.method)


Answer = tuple[int, Body]
Handler = Callable[[Exchange], Awaitable[Answer]]


def books_routes(store: BooksStore, crm_lookup: CrmLookup) -> list[BaseRoute]:
    """Starlette routes with paths relative to ``/books/v3``."""
    api = BooksApi(store, crm_lookup)
    table: list[tuple[str, Handler]] = [
        ("/organizations", api.organizations),
        ("/organizations/{organization_id}", api.organization),
        ("/crm/{kind}/{crm_id}/import", api.crm_import),
        ("/contacts/contactpersons", api.contact_person_collection),
        ("/contacts/contactpersons/{person_id}", api.contact_person),
        ("/contacts/contactpersons/{person_id}/primary", api.contact_person_primary),
        ("/settings/{name}", api.settings_collection),
        ("/settings/{name}/{record_id}", api.settings_record),
        ("/{name}", api.collection),
        ("/{name}/{record_id}", api.record),
        ("/{name}/{record_id}/{child}", api.sub_collection),
        ("/{name}/{record_id}/{child}/{child_id}", api.sub_record),
        ("/{rest:path}", api.unknown),
    ]
    return [Route(path, _endpoint(handler), methods=ALL_METHODS) for path, handler in table]


def _endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        exchange = Exchange(request)
        try:
            status, body = await handler(exchange)
        except BooksError as error:
            status, body = error.status, error.body()
        return JSONResponse(body, status_code=status, headers=exchange.headers)

    return endpoint


def _top_level(name: str) -> BooksModule:
    module = MODULES.get(name)
    # contact persons live under /contacts; settings modules under /settings.
    if module is None or module is CONTACT_PERSONS or "/" in module.path:
        raise invalid_url()
    return module


def _settings(name: str) -> BooksModule:
    module = MODULES.get(f"settings/{name}")
    if module is None:
        raise invalid_url()
    return module


def _checked_id(module: BooksModule, record_id: str) -> str:
    """Books ids are digit strings; anything else names no record."""
    if not (record_id.isascii() and record_id.isdigit() and len(record_id) <= MAX_ID_LENGTH):
        raise does_not_exist(module.noun)
    return record_id


class BooksApi:
    """The request handlers; each returns ``(status, envelope)`` or raises BooksError."""

    def __init__(self, store: BooksStore, crm_lookup: CrmLookup) -> None:
        self.store = store
        self.crm_lookup = crm_lookup

    # -- organization and budget ----------------------------------------------------------

    def enter(self, exchange: Exchange) -> OrgData:
        """The organization the request names, after charging it one request of its budget."""
        request = exchange.request
        org_id = request.query_params.get("organization_id") or request.headers.get(ORG_HEADER, "")
        if not org_id:
            raise organization_required()
        org = self.store.orgs.get(org_id)
        if org is None:
            raise unknown_organization(org_id)
        decision = self.store.rate_limiter.hit(org.organization_id)
        exchange.headers.update(decision.headers())
        if not decision.allowed:
            raise rate_limited()
        return org

    async def organizations(self, exchange: Exchange) -> Answer:
        exchange.only("GET")
        orgs = [dict(org.info) for org in self.store.orgs.values()]
        return 200, {"code": 0, "message": "success", "organizations": orgs}

    async def organization(self, exchange: Exchange) -> Answer:
        exchange.only("GET")
        org_id = exchange.param("organization_id")
        org = self.store.orgs.get(org_id)
        if org is None:
            raise unknown_organization(org_id)
        decision = self.store.rate_limiter.hit(org.organization_id)
        exchange.headers.update(decision.headers())
        if not decision.allowed:
            raise rate_limited()
        return 200, {"code": 0, "message": "success", "organization": dict(org.info)}

    # -- generic modules ------------------------------------------------------------------

    async def collection(self, exchange: Exchange) -> Answer:
        return await self._collection(exchange, _top_level(exchange.param("name")))

    async def settings_collection(self, exchange: Exchange) -> Answer:
        return await self._collection(exchange, _settings(exchange.param("name")))

    async def record(self, exchange: Exchange) -> Answer:
        return await self._record(exchange, _top_level(exchange.param("name")))

    async def settings_record(self, exchange: Exchange) -> Answer:
        return await self._record(exchange, _settings(exchange.param("name")))

    async def _collection(self, exchange: Exchange, module: BooksModule) -> Answer:
        unique_key = exchange.request.headers.get(UNIQUE_KEY_HEADER)
        if exchange.method == "PUT" and unique_key and module.path in UNIQUE_KEY_MODULES:
            return await self._update_by_unique_key(exchange, module, unique_key)
        exchange.only("GET", "POST")
        org = self.enter(exchange)
        if exchange.method == "GET":
            query = parse_list_query(module, exchange.request.query_params)
            with self.store.lock:
                rows, context = run_list_query(module, org.records[module.path].values(), query)
                rows = [list_row(module, row) for row in rows]
            return 200, {"code": 0, "message": "success", module.list_key: rows, "page_context": context}
        body = await read_json_object(exchange.request)
        with self.store.lock:
            record = create_record(self.store, org, module, body)
            shown = with_details(org, module, record)
        return module.create_status, {"code": 0, "message": module.message("created"),
                                      module.single_key: shown}

    async def _update_by_unique_key(self, exchange: Exchange, module: BooksModule, key: str) -> Answer:
        """PUT /<module> naming the record by a unique custom field; X-Upsert creates it if absent."""
        org = self.enter(exchange)
        headers = exchange.request.headers
        value = headers.get("X-Unique-Identifier-Value", "")
        if not value:
            raise invalid_value("X-Unique-Identifier-Value", "a value is required")
        body = await read_json_object(exchange.request)
        with self.store.lock:
            record = find_by_unique_field(org, module, key, value)
            if record is None and headers.get("X-Upsert", "").lower() == "true":
                created = create_record(self.store, org, module, body)
                return module.create_status, {"code": 0, "message": module.message("created"),
                                              module.single_key: with_details(org, module, created)}
            if record is None:
                raise does_not_exist(module.noun)
            update_record(self.store, org, module, record, body)
            return 200, {"code": 0, "message": module.message("updated"),
                         module.single_key: with_details(org, module, record)}

    async def _record(self, exchange: Exchange, module: BooksModule) -> Answer:
        exchange.only("GET", "PUT", "DELETE")
        org = self.enter(exchange)
        record_id = _checked_id(module, exchange.param("record_id"))
        body = await read_json_object(exchange.request) if exchange.method == "PUT" else {}
        with self.store.lock:
            record = lookup(org, module, record_id)
            if exchange.method == "DELETE":
                delete_record(org, module, record_id)
                return 200, {"code": 0, "message": module.message("deleted")}
            if exchange.method == "PUT":
                update_record(self.store, org, module, record, body)
            message = module.message("updated") if exchange.method == "PUT" else "success"
            return 200, {"code": 0, "message": message, module.single_key: with_details(org, module, record)}

    # -- sub-resources: /{module}/{id}/{child}[/{child_id}] ---------------------------------

    async def sub_collection(self, exchange: Exchange) -> Answer:
        module = _top_level(exchange.param("name"))
        child = exchange.param("child")
        if module.path == "contacts" and child == "contactpersons":
            exchange.only("GET")
            org = self.enter(exchange)
            return self._contact_persons_of(exchange, org)
        if child == "comments" and module.comments:
            exchange.only(*(("GET", "POST") if module.comments_writable else ("GET",)))
            org = self.enter(exchange)
            return await self._comments(exchange, org, module)
        if child in ("active", "inactive") and module.activation:
            exchange.only("POST")
            org = self.enter(exchange)
            with self.store.lock:
                record = lookup(org, module, _checked_id(module, exchange.param("record_id")))
                record["status"] = child
                record["last_modified_time"] = self.store.now()
            return 200, {"code": 0, "message": f"The {module.noun} has been marked as {child}."}
        raise invalid_url()

    async def sub_record(self, exchange: Exchange) -> Answer:
        module = _top_level(exchange.param("name"))
        child, child_id = exchange.param("child"), exchange.param("child_id")
        if module.path == "contacts" and child == "contactpersons":
            exchange.only("GET")
            org = self.enter(exchange)
            contact_id = _checked_id(module, exchange.param("record_id"))
            with self.store.lock:
                lookup(org, module, contact_id)
                person = lookup(org, CONTACT_PERSONS, _checked_id(CONTACT_PERSONS, child_id))
                if person.get("contact_id") != contact_id:
                    raise does_not_exist(CONTACT_PERSONS.noun)
                return 200, {"code": 0, "message": "success", "contact_person": person}
        if child == "status" and child_id in module.status_actions:
            exchange.only("POST")
            org = self.enter(exchange)
            with self.store.lock:
                record = lookup(org, module, _checked_id(module, exchange.param("record_id")))
                record["status"] = child_id
                record["last_modified_time"] = self.store.now()
            noun = module.noun[:1].upper() + module.noun[1:]
            return 200, {"code": 0, "message": f"{noun} status has been changed to {child_id.title()}."}
        if child == "comments" and module.comments_writable:
            exchange.only("PUT", "DELETE")
            org = self.enter(exchange)
            return await self._comment(exchange, org, module, child_id)
        raise invalid_url()

    def _contact_persons_of(self, exchange: Exchange, org: OrgData) -> Answer:
        contacts = MODULES["contacts"]
        contact_id = _checked_id(contacts, exchange.param("record_id"))
        query = parse_list_query(CONTACT_PERSONS, exchange.request.query_params)
        with self.store.lock:
            lookup(org, contacts, contact_id)
            rows, context = run_list_query(CONTACT_PERSONS, contact_persons_of(org, contact_id), query)
        return 200, {"code": 0, "message": "success", "contact_persons": rows, "page_context": context}

    # -- comments ---------------------------------------------------------------------------

    async def _comments(self, exchange: Exchange, org: OrgData, module: BooksModule) -> Answer:
        record_id = _checked_id(module, exchange.param("record_id"))
        body = await read_json_object(exchange.request) if exchange.method == "POST" else {}
        with self.store.lock:
            record = lookup(org, module, record_id)
            comments = org.comments.setdefault((module.path, record_id), [])
            if exchange.method == "GET":
                answer: Body = {"code": 0, "message": "success", module.comments or "comments": comments}
                if module.path == "contacts":
                    answer["page_context"] = {"page": 1, "per_page": 200, "has_more_page": False,
                                              "applied_filter": "Status.All", "sort_column": "date",
                                              "sort_order": "D"}
                return 200, answer
            description = body.get("description")
            if not isinstance(description, str) or not description.strip():
                raise invalid_value("description", "a value is required")
            comment = self._new_comment(org, module, record, description)
            comments.append(comment)
        return 200, {"code": 0, "message": "Comments added.", "comment": comment}

    async def _comment(self, exchange: Exchange, org: OrgData, module: BooksModule,
                       comment_id: str) -> Answer:
        record_id = _checked_id(module, exchange.param("record_id"))
        body = await read_json_object(exchange.request) if exchange.method == "PUT" else {}
        with self.store.lock:
            lookup(org, module, record_id)
            comments = org.comments.get((module.path, record_id), [])
            comment = next((c for c in comments if c["comment_id"] == comment_id), None)
            if comment is None:
                raise does_not_exist("comment")
            if exchange.method == "DELETE":
                comments.remove(comment)
                return 200, {"code": 0, "message": "The comment has been deleted."}
            description = body.get("description")
            if not isinstance(description, str) or not description.strip():
                raise invalid_value("description", "a value is required")
            comment["description"] = description
            return 200, {"code": 0, "message": "success", "comment": comment}

    def _new_comment(self, org: OrgData, module: BooksModule, record: Body, description: str) -> Body:
        moment = self.store.clock()
        stamp = format_timestamp(moment)
        hour, minute = int(stamp[11:13]), stamp[14:16]
        clock_time = f"{(hour % 12) or 12}:{minute} {'AM' if hour < 12 else 'PM'}"
        return {
            "comment_id": self.store.new_id(), module.id_field: record[module.id_field],
            "description": description, "commented_by_id": f"{org.organization_id}0301",
            "commented_by": "Sandbox Admin", "comment_type": "internal", "date": stamp[:10],
            "date_description": "just now", "time": clock_time,
            "operation_type": "Added", "transaction_id": "", "transaction_type": module.single_key,
        }

    # -- contact persons ----------------------------------------------------------------------

    async def contact_person_collection(self, exchange: Exchange) -> Answer:
        exchange.only("POST")
        org = self.enter(exchange)
        body = await read_json_object(exchange.request)
        with self.store.lock:
            person = create_contact_person(self.store, org, body)
        return 201, {"code": 0, "message": CONTACT_PERSONS.message("created"), "contact_person": person}

    async def contact_person(self, exchange: Exchange) -> Answer:
        exchange.only("PUT", "DELETE")
        org = self.enter(exchange)
        person_id = _checked_id(CONTACT_PERSONS, exchange.param("person_id"))
        body = await read_json_object(exchange.request) if exchange.method == "PUT" else {}
        with self.store.lock:
            person = lookup(org, CONTACT_PERSONS, person_id)
            if exchange.method == "DELETE":
                delete_record(org, CONTACT_PERSONS, person_id)
                return 200, {"code": 0, "message": CONTACT_PERSONS.message("deleted")}
            update_record(self.store, org, CONTACT_PERSONS, person, body)
            if body.get("is_primary_contact") is True:
                make_primary(org, person)
        return 200, {"code": 0, "message": CONTACT_PERSONS.message("updated"), "contact_person": person}

    async def contact_person_primary(self, exchange: Exchange) -> Answer:
        exchange.only("POST")
        org = self.enter(exchange)
        person_id = _checked_id(CONTACT_PERSONS, exchange.param("person_id"))
        with self.store.lock:
            make_primary(org, lookup(org, CONTACT_PERSONS, person_id))
        return 200, {"code": 0,
                     "message": "This contact person has been marked as your primary contact person."}

    # -- CRM imports and everything else -------------------------------------------------------

    async def crm_import(self, exchange: Exchange) -> Answer:
        spec = IMPORTS.get(exchange.param("kind"))
        if spec is None:
            raise invalid_url()
        exchange.only("POST")
        org = self.enter(exchange)
        with self.store.lock:
            data = import_from_crm(self.store, org, spec, exchange.param("crm_id"), self.crm_lookup)
        return 200, {"code": 0, "message": "success", "data": data}

    async def unknown(self, exchange: Exchange) -> Answer:
        raise invalid_url()
