"""OpenAPI conformance checks for Zoho CRM v8 and Books v3 bodies.

The documents in tests/fixtures/oas/ are Zoho's own (CRM) or copies of Zoho's downloadable ones
(Books). They are loose in known ways, so the checks apply a few documented rules on top:

* Status codes the spec does not model (Zoho's CRM specs mostly model only 200 with a ``oneOf`` of
  success and ``API_Exception``) fall back: 2xx to the operation's 200/201 schema, errors to its
  400 schema or else the generic ``record.json`` ``API_Exception``.
* The top-level ``oneOf`` alternatives of a response overlap (objects without ``required`` keys),
  so "exactly one" would reject valid bodies. A success status must match one of the non-exception
  alternatives, an error status one of the exception alternatives.
* Nested ``oneOf`` alternatives overlap the same way (an attachment's full ``details`` also
  matches the ``{id}`` alternative), so every ``oneOf`` is read as ``anyOf``.
* Every CRM error body must also have the four keys common.json requires (status, code, message,
  details); the spec's exception schemas alone accept ``{}``.
* A few error codes and messages Zoho documents only in its newer v8 spec (page-token paging,
  throttling, body size) are added to the ``API_Exception`` enums (:data:`EXTRA_CRM_ERRORS`).
* The Books files contradict what Zoho sends in a few places; :data:`BOOKS_SPEC_ERRORS` lists
  each one with the correction applied to the loaded documents, so every Books check (sandbox
  fixtures, action tests, :func:`tests.support.zoho.check_conformance`) agrees with Zoho.

Failures raise AssertionError naming the operation, the status and the first schema errors.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

OAS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "oas"

# code -> messages, from the v8 YAML spec's examples (getRecords, attachments) and status-code page.
EXTRA_CRM_ERRORS: dict[str, tuple[str, ...]] = {
    "DISCRETE_PAGINATION_LIMIT_EXCEEDED": (
        "You can only get the first 2000 records without using page_token param",
    ),
    "PAGINATION_LIMIT_EXCEEDED": ("You can only get upto 100000 records using page_token param",),
    "TOKEN_BOUND_DATA_MISMATCH": ("Page token doesn't match with the request",),
    "EXPIRED_VALUE": ("page token is expired",),
    "TOO_MANY_REQUESTS": ("Too many requests",),
    "BODY_SIZE_REACHED": ("Please check if the size of the body is in the correct range",),
    "FILE_SIZE_MORE_THAN_ALLOWED_SIZE": ("Please check if the size of the file is in the correct range",),
    "INVALID_DATA": ("the field api name given seems to be invalid", "invalid record id"),
    "LIMIT_EXCEEDED": ("Limit exceeded",),
    "SERVICE_UNAVAILABLE": ("Service unavailable",),
}

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_EMPTY_BODY_STATUSES = (204, 304)


@dataclass(frozen=True)
class _Operation:
    uri: str  # the document holding the operation
    pointer: str  # JSON pointer of the operation object
    template: str


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _ref(uri: str, pointer: str) -> str:
    return f"{uri}#{quote(pointer, safe='/~')}"


class SpecSet:
    """The OpenAPI documents of one Zoho product, with paths matched against concrete URLs."""

    def __init__(
        self,
        directory: Path,
        *,
        mount: str,
        name: str,
        prepare: Callable[[dict[str, dict[str, Any]]], None] | None = None,
    ) -> None:
        self.name = name
        self.mount = mount  # prefix removed from concrete paths before matching
        self.documents: dict[str, dict[str, Any]] = {}
        for file in sorted(directory.iterdir()):
            if file.suffix == ".json":
                document = json.loads(file.read_text())
            elif file.suffix in (".yml", ".yaml"):
                document = yaml.safe_load(file.read_text())
            else:
                continue
            self.documents[f"file:///oas/{name}/{file.name}"] = document
        if prepare is not None:
            prepare(self.documents)
        self.registry: Registry[Any] = Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=DRAFT4))
            for uri, doc in self.documents.items()
        )
        self._templates = [
            (_template_regex(template), template, uri)
            for uri, doc in self.documents.items()
            for template in doc.get("paths", {})
        ]

    def operation(self, method: str, path: str) -> _Operation:
        """The operation for a concrete path: literal segments beat parameters, left to right."""
        local = urlsplit(path).path
        if self.mount:
            if not local.startswith(self.mount + "/"):
                raise AssertionError(f"{path!r} is not under {self.mount}")
            local = local[len(self.mount) :]
        candidates = [(template, uri) for regex, template, uri in self._templates if regex.fullmatch(local)]
        candidates.sort(key=lambda item: _specificity(item[0]), reverse=True)
        verb = method.lower()
        for template, uri in candidates:
            if verb in self.documents[uri]["paths"][template]:
                return _Operation(uri, f"/paths/{_escape(template)}/{verb}", template)
        raise AssertionError(f"no {self.name} operation for {method.upper()} {local} in the OpenAPI files")

    def has_operation(self, method: str, path: str) -> bool:
        try:
            self.operation(method, path)
        except AssertionError:
            return False
        return True

    def resolve(self, uri: str, pointer: str) -> tuple[str, str, Any]:
        """Follow ``$ref`` chains (e.g. to components/responses) to a concrete object."""
        node = self._at(uri, pointer)
        while isinstance(node, dict) and "$ref" in node:
            target = node["$ref"]
            file_part, _, fragment = target.partition("#")
            if file_part:
                uri = uri.rsplit("/", 1)[0] + "/" + file_part.removeprefix("./")
            pointer = fragment
            node = self._at(uri, pointer)
        return uri, pointer, node

    def _at(self, uri: str, pointer: str) -> Any:
        node: Any = self.documents[uri]
        for token in pointer.split("/")[1:]:
            key = token.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node

    def validator(self, schema: dict[str, Any]) -> OAS30Validator:
        return OAS30Validator(schema, registry=self.registry, format_checker=oas30_format_checker)


def _template_regex(template: str) -> re.Pattern[str]:
    parts = [
        "[^/]+" if segment.startswith("{") and segment.endswith("}") else re.escape(segment)
        for segment in template.split("/")
    ]
    return re.compile("/".join(parts))


def _specificity(template: str) -> tuple[bool, ...]:
    return tuple(not segment.startswith("{") for segment in template.split("/"))


def _one_of_as_any_of(node: Any) -> None:
    if isinstance(node, dict):
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _one_of_as_any_of(value)
    elif isinstance(node, list):
        for value in node:
            _one_of_as_any_of(value)


def _prepare_crm(documents: dict[str, dict[str, Any]]) -> None:
    _one_of_as_any_of(documents)
    _extend_error_enums(documents)


def _extend_error_enums(documents: dict[str, dict[str, Any]]) -> None:
    for document in documents.values():
        for schema in document.get("components", {}).get("schemas", {}).values():
            properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
            code, message = properties.get("code", {}), properties.get("message", {})
            if properties.get("status", {}).get("enum") != ["error"] or "enum" not in code:
                continue
            if len(code["enum"]) < 5:  # a schema for one specific error (e.g. Syntax_Exception)
                continue
            code["enum"] = sorted(set(code["enum"]) | set(EXTRA_CRM_ERRORS))
            if "enum" in message:
                extra = {text for texts in EXTRA_CRM_ERRORS.values() for text in texts}
                message["enum"] = sorted(set(message["enum"]) | extra)


def _the_item(schema: dict[str, Any]) -> dict[str, Any]:
    """An array of one thing that Zoho sends bare: the schema of the thing."""
    if schema.get("type") != "array":  # fixed upstream: the entry should go
        raise AssertionError("a known Books spec error is no longer in the file; remove its entry")
    items: dict[str, Any] = schema["items"]
    return items


def _a_number(schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("type") != "string":
        raise AssertionError("a known Books spec error is no longer in the file; remove its entry")
    return {**schema, "type": "number"}


@dataclass(frozen=True)
class KnownSpecError:
    """A place where a Books OpenAPI file contradicts Zoho's real answers, and its correction."""

    document: str  # file name under tests/fixtures/oas/books
    pointer: str  # JSON pointer of the wrong schema
    correct: Callable[[dict[str, Any]], dict[str, Any]]
    why: str


_SCHEMAS = "/components/schemas"
BOOKS_SPEC_ERRORS: tuple[KnownSpecError, ...] = (
    KnownSpecError(
        "invoices.yml",
        f"{_SCHEMAS}/list-invoices-response/properties/page_context",
        _the_item,
        "GET /invoices types page_context as an array of one object; Zoho sends the object",
    ),
    *(
        KnownSpecError(
            "invoices.yml",
            f"{_SCHEMAS}/{name}",
            _a_number,
            f"invoice {name} is typed as a string; Zoho sends a number (as the file's examples do)",
        )
        for name in ("total", "balance", "shipping_charge")
    ),
    *(
        KnownSpecError(
            "contact-persons.yml",
            f"{_SCHEMAS}/{operation}-a-contact-person-response/properties/contact_person",
            _the_item,
            f"the {operation}d contact_person is typed as an array; Zoho answers one object",
        )
        for operation in ("create", "update")
    ),
)


def _correct_books_spec_errors(documents: dict[str, dict[str, Any]]) -> None:
    for known in BOOKS_SPEC_ERRORS:
        *parents, last = known.pointer.split("/")[1:]
        node: Any = documents[f"file:///oas/books/{known.document}"]
        for key in parents:
            node = node[key]
        node[last] = known.correct(node[last])


def _prepare_books(documents: dict[str, dict[str, Any]]) -> None:
    _correct_books_spec_errors(documents)
    _one_of_as_any_of(documents)


@functools.cache
def crm_specs() -> SpecSet:
    return SpecSet(OAS_DIR / "crm", mount="", name="crm", prepare=_prepare_crm)


@functools.cache
def books_specs() -> SpecSet:
    return SpecSet(OAS_DIR / "books", mount="/books/v3", name="books", prepare=_prepare_books)


def _json_schema_pointer(specs: SpecSet, uri: str, pointer: str) -> tuple[str, str] | None:
    """Where the application/json schema of a response or request body object is, if it has one."""
    uri, pointer, node = specs.resolve(uri, pointer)
    content = node.get("content", {}) if isinstance(node, dict) else {}
    if "application/json" not in content:
        return None
    return uri, f"{pointer}/content/application~1json/schema"


def _alternatives(specs: SpecSet, uri: str, pointer: str) -> list[tuple[str, str, bool]]:
    """Top-level alternatives of a schema as (uri, pointer, is_exception)."""
    uri, pointer, node = specs.resolve(uri, pointer)
    for keyword in ("oneOf", "anyOf"):
        if isinstance(node, dict) and keyword in node:
            found = []
            for index, branch in enumerate(node[keyword]):
                name = branch.get("$ref", "").rsplit("/", 1)[-1] if isinstance(branch, dict) else ""
                is_exception = bool(re.search(r"(?i)exception|error", name))
                found.append((uri, f"{pointer}/{keyword}/{index}", is_exception))
            return found
    return [(uri, pointer, False)]


def _first_errors(specs: SpecSet, uri: str, pointer: str, body: Any) -> list[ValidationError]:
    validator = specs.validator({"$ref": _ref(uri, pointer)})
    return sorted(validator.iter_errors(body), key=lambda e: len(list(e.absolute_path)))[:3]


def _describe(errors: list[ValidationError]) -> str:
    return "; ".join(
        f"at {'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:300]}" for e in errors
    )


def _check_any(specs: SpecSet, label: str, candidates: list[tuple[str, str]], body: Any) -> None:
    if not candidates:
        raise AssertionError(f"{label}: the spec has no schema to check this body against")
    reports = []
    for uri, pointer in candidates:
        errors = _first_errors(specs, uri, pointer, body)
        if not errors:
            return
        reports.append(f"[{pointer.rsplit('/', 2)[-2:]}] {_describe(errors)}")
    body_text = json.dumps(body)[:500]
    details = "\n  ".join(reports)
    raise AssertionError(f"{label}: body does not match the spec:\n  {details}\n  body: {body_text}")


def _response_candidates(specs: SpecSet, op: _Operation, status: int) -> Iterator[tuple[str, str]]:
    """Response schemas for a status, most specific first (the fallbacks of the module docstring)."""
    responses = specs.resolve(op.uri, op.pointer)[2].get("responses", {})
    wanted = [str(status), f"{status // 100}XX"]
    # Errors fall back to the 200 schema too: it holds the per-record {"data": [...]} wrapper and
    # the oneOf with API_Exception that Zoho's JSON documents use for every outcome.
    wanted += ["200", "201", "202", "default"] if status < 400 else ["400", "default", "200"]
    for key in dict.fromkeys(wanted):
        if key in responses:
            located = _json_schema_pointer(specs, op.uri, f"{op.pointer}/responses/{_escape(key)}")
            if located:
                yield located
                return


def _assert_empty(label: str, body: Any) -> None:
    if body not in (None, "", b""):
        raise AssertionError(f"{label}: expected an empty body, got {str(body)[:200]}")


_GENERIC_CRM_ERROR = ("file:///oas/crm/record.json", "/components/schemas/API_Exception")
_CRM_ERROR_KEYS = ("file:///oas/crm/common.json", "/components/schemas/API_Exception")


def validate_crm_response(method: str, path: str, status: int, body: Any) -> None:
    """Assert that a CRM v8 response body conforms to Zoho's OpenAPI documents."""
    specs = crm_specs()
    op = specs.operation(method, path)
    label = f"{method.upper()} {op.template} -> {status}"
    if status in _EMPTY_BODY_STATUSES:
        _assert_empty(label, body)
        return
    is_error = status >= 400
    if is_error and isinstance(body, dict) and "data" not in body:
        _check_any(specs, label + " (error keys)", [_CRM_ERROR_KEYS], body)
    candidates: list[tuple[str, str]] = []
    for uri, pointer in _response_candidates(specs, op, status):
        alternatives = _alternatives(specs, uri, pointer)
        # A per-record result body ({"data": [...]}) is a success-shaped wrapper even at 400/207.
        want_exception = is_error and not (isinstance(body, dict) and "data" in body)
        chosen = [(u, p) for u, p, exc in alternatives if exc == want_exception]
        candidates.extend(chosen or [(u, p) for u, p, _ in alternatives])
    if is_error and not (isinstance(body, dict) and "data" in body):
        candidates.append(_GENERIC_CRM_ERROR)
    _check_any(specs, label, candidates, body)


def validate_crm_request(method: str, path: str, body: Any) -> None:
    """Assert that a JSON request body the connector sends to CRM v8 conforms to the spec."""
    specs = crm_specs()
    op = specs.operation(method, path)
    label = f"{method.upper()} {op.template} request"
    operation = specs.resolve(op.uri, op.pointer)[2]
    if "requestBody" not in operation:
        if body not in (None, "", b""):
            raise AssertionError(f"{label}: the spec defines no request body, got {str(body)[:200]}")
        return
    request_body = specs.resolve(op.uri, f"{op.pointer}/requestBody")[2]
    if body is None:
        if request_body.get("required"):
            raise AssertionError(f"{label}: a request body is required")
        return
    located = _json_schema_pointer(specs, op.uri, f"{op.pointer}/requestBody")
    if located is None:
        raise AssertionError(f"{label}: the spec has no application/json request body")
    _check_any(specs, label, [located], body)


_BOOKS_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "integer", "not": {"enum": [0]}}, "message": {"type": "string"}},
}


def validate_books_response(method: str, path: str, status: int, body: Any) -> None:
    """Assert that a Books v3 body conforms: success bodies to the spec, errors to Zoho's envelope."""
    specs = books_specs()
    op = specs.operation(method, path)
    label = f"{method.upper()} {op.template} -> {status}"
    if status in _EMPTY_BODY_STATUSES:
        _assert_empty(label, body)
        return
    if status >= 400:
        # The Books documents define no error responses; Zoho's envelope is {code != 0, message}.
        errors = list(specs.validator(copy.deepcopy(_BOOKS_ERROR_SCHEMA)).iter_errors(body))
        if errors:
            raise AssertionError(f"{label}: not a Books error envelope: {_describe(errors)}")
        return
    if not (isinstance(body, dict) and body.get("code") == 0):
        raise AssertionError(f"{label}: a Books success body has code 0, got {str(body)[:200]}")
    candidates = [
        (u, p)
        for located in _response_candidates(specs, op, status)
        for u, p, _ in _alternatives(specs, *located)
    ]
    _check_any(specs, label, candidates, body)
