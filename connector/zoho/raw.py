"""``crmRawRequest`` and ``booksRawRequest``: any request to the CRM or Books API, authenticated.

Compatible with the original (spectral's raw request): the URL is a path joined to the service's
base URL, ``data`` and form/file data are exclusive, user headers go first and the connection's
Authorization last, ``maxRetries``/``retryDelayMS``/``retryAllErrors``/``useExponentialBackoff``
keep their meaning. Fixed: an absolute or protocol-relative URL is accepted only for the
connection's own API host (the original sent the token to any host), and binary responses come back
as base64 with their content type.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Mapping
from typing import Any

import httpx

from connector.errors import InputError
from connector.runtime.flow import Flow, ResponseType, RetryPolicy, Send, Service
from connector.zoho.organizations import resolve_organization_id

_ABSOLUTE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*:)?[/\\]{2}")
_SCHEME_PREFIX = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_URL_SCHEMES = frozenset({"http", "https", "ftp", "file", "ws", "wss", "javascript", "data"})
# The original's responseType choices, mapped onto ours.
_RESPONSE_TYPES: dict[str, ResponseType] = {
    "json": "json", "text": "text", "binary": "binary", "arraybuffer": "binary", "document": "text",
}
_ACCEPT = {"json": "application/json", "text": "*/*", "binary": "*/*"}


def crm_raw_request(call: Any) -> Flow:
    send = _build(call, "crm", call.session.crm_base, extra_params={})
    response = yield send
    return {"data": _output(response, send.response_type)}


def books_raw_request(call: Any) -> Flow:
    params: dict[str, Any] = {}
    if _needs_organization(call.inputs):
        params["organization_id"] = yield from resolve_organization_id(call)
    send = _build(call, "books", call.session.books_base, extra_params=params)
    response = yield send
    return {"data": _output(response, send.response_type)}


def _needs_organization(inputs: Mapping[str, Any]) -> bool:
    """Books wants organization_id on every call except the organizations resource itself."""
    if "organization_id" in (inputs.get("queryParams") or {}):
        return False
    url = str(inputs.get("url") or "")
    if "organization_id=" in url.partition("?")[2]:
        return False
    path = url.partition("?")[0]
    return not re.search(r"(?:^|/books/v3)/?organizations(?:/[^/]*)?/?$", path)


def resolve_url(url: str, base: str, api_base: str) -> httpx.URL:
    """``url`` joined to ``base``; an absolute or protocol-relative URL only on the API host."""
    url = url.strip()
    api = httpx.URL(api_base)
    try:
        if _ABSOLUTE.match(url):
            # Browsers and axios read "\\host" like "//host"; so do we, then check the host.
            url = _ABSOLUTE.sub(lambda m: (m.group(1) or f"{api.scheme}:") + "//", url)
            candidate = httpx.URL(url)
            if (candidate.scheme, candidate.host, candidate.port) != (api.scheme, api.host, api.port):
                origin = f"{api.scheme}://{api.netloc.decode('ascii')}"
                raise InputError(f"only URLs on the connection's API origin {origin} are allowed; give a "
                                 "path such as /Leads (it is joined to the base URL)", input="url")
            return candidate
        if _SCHEME_PREFIX.match(url) and url.partition(":")[0].lower() in _URL_SCHEMES:
            raise InputError("give a path such as /Leads, not a URL with a scheme", input="url")
        return httpx.URL(base.rstrip("/") + "/" + url.lstrip("/"))
    except httpx.InvalidURL as exc:
        raise InputError(f"is not a valid URL path ({exc})", input="url") from None


def _retry_policy(inputs: Mapping[str, Any], default: RetryPolicy) -> RetryPolicy:
    values = {key: int(inputs.get(key) or 0) for key in ("maxRetries", "retryDelayMS")}
    for key, value in values.items():
        if value < 0:
            raise InputError("must be 0 or more", input=key)
    return RetryPolicy(max_retries=values["maxRetries"], delay_ms=values["retryDelayMS"],
                       exponential=bool(inputs.get("useExponentialBackoff")),
                       retry_all_errors=bool(inputs.get("retryAllErrors")),
                       max_total_s=default.max_total_s, min_backoff_ms=default.min_backoff_ms)


def _timeout_s(inputs: Mapping[str, Any], default: float | None) -> float | None:
    timeout = inputs.get("timeout")
    if timeout is None or timeout == "" or timeout == 0:
        return default
    if int(timeout) < 0:
        raise InputError("must be a number of milliseconds, 0 or more", input="timeout")
    return int(timeout) / 1000


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _query_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_text(item) for item in value]
    return _text(value)


def _body(inputs: Mapping[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    """httpx.Request keyword arguments for the body: content, or multipart data and files."""
    data = inputs.get("data")
    form = {k: v for k, v in (inputs.get("formData") or {}).items() if v is not None}
    files = {k: v for k, v in (inputs.get("fileData") or {}).items() if v is not None}
    has_data = data is not None and data != "" and data != b""
    if has_data and (form or files):
        raise InputError("Cannot specify both Data and File/Form Data.", input="data")
    if form or files:
        _drop_header(headers, "content-type")  # httpx sets it with the multipart boundary
        names = inputs.get("fileDataFileNames") or {}
        return {"data": {k: v if isinstance(v, bytes) else _text(v) for k, v in form.items()},
                "files": [(key, _file_part(key, value, names.get(key))) for key, value in files.items()]}
    if not has_data:
        return {}
    if isinstance(data, bytes):
        return {"content": data}
    if isinstance(data, str):
        if not _has_header(headers, "content-type"):
            headers["Content-Type"] = ("application/json" if _is_json_text(data)
                                       else "text/plain; charset=utf-8")
        return {"content": data.encode("utf-8")}
    if not _has_header(headers, "content-type"):
        headers["Content-Type"] = "application/json"
    return {"content": json.dumps(data).encode("utf-8")}


def _file_part(key: str, value: Any, filename: str | None) -> tuple[str, bytes, str]:
    """(filename, content, content type) of one upload. A ``{"base64", "contentType"}`` object (the
    binary output of a raw request) is decoded, so downloads can be uploaded again."""
    content_type = None
    if isinstance(value, dict) and "base64" in value:
        content = base64.b64decode(value["base64"])
        content_type = value.get("contentType")
        filename = filename or value.get("fileName") or value.get("filename")
    elif isinstance(value, bytes):
        content = value
    else:
        content = _text(value).encode("utf-8")
    name = filename or key
    return name, content, content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _is_json_text(text: str) -> bool:
    if text.lstrip()[:1] not in ("{", "["):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _has_header(headers: dict[str, str], name: str) -> bool:
    return any(key.lower() == name for key in headers)


def _drop_header(headers: dict[str, str], name: str) -> None:
    for key in [key for key in headers if key.lower() == name]:
        del headers[key]


def _build(call: Any, service: Service, base: str, *, extra_params: dict[str, Any]) -> Send:
    inputs = call.inputs
    response_type = _RESPONSE_TYPES.get(str(inputs.get("responseType") or "json").lower())
    if response_type is None:
        raise InputError("must be json, text or binary", input="responseType")
    method = str(inputs.get("method") or "").strip().upper()
    if not method:
        raise InputError("is required", input="method")
    url = resolve_url(str(inputs.get("url") or ""), base, call.session.api_base)
    headers = {str(k): _text(v) for k, v in (inputs.get("headers") or {}).items() if v is not None}
    body = _body(inputs, headers)
    if not _has_header(headers, "accept"):
        headers["Accept"] = _ACCEPT[response_type]
    params = {str(k): _query_value(v) for k, v in (inputs.get("queryParams") or {}).items() if v is not None}
    params.update(extra_params)
    if params:
        url = url.copy_merge_params(params)  # keeps a query written in the URL itself
    request = httpx.Request(method, url, headers=headers, **body)
    request.read()  # buffer multipart bodies so retries can resend them
    return Send(request=request, service=service, retry=_retry_policy(inputs, call.retry),
                timeout=_timeout_s(inputs, call.timeout), response_type=response_type)


def _output(response: httpx.Response, response_type: ResponseType) -> Any:
    if response_type == "binary":
        return {"base64": base64.b64encode(response.content).decode("ascii"),
                "contentType": response.headers.get("content-type")}
    if response_type == "text":
        return response.text
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text  # like axios: a body that is not JSON comes back as text
