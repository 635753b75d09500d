"""Turning cleaned action inputs into request parts: ids, numbers, record values, attachment files."""

from __future__ import annotations

import base64
import binascii
import json
import mimetypes
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

from connector.errors import InputError

OCTET_STREAM = "application/octet-stream"
_DIGITS = re.compile(r"\d{1,30}")


def text_input(inputs: Mapping[str, Any], key: str) -> str | None:
    """A string input trimmed, or None when it is absent or blank."""
    value = inputs.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def required_text(inputs: Mapping[str, Any], key: str) -> str:
    text = text_input(inputs, key)
    if text is None:
        raise InputError("is required", input=key)
    return text


def record_id(inputs: Mapping[str, Any], key: str) -> str:
    """A Zoho record id input (CRM and Books ids are digit strings), checked before any request."""
    value = inputs.get(key)
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not _DIGITS.fullmatch(text):
        shown = f"{text[:40]!r}" if text else "nothing"
        raise InputError(f"must be a Zoho record id made of digits, got {shown}", input=key)
    return text


def int_input(inputs: Mapping[str, Any], key: str, *, default: int | None, minimum: int = 1,
              maximum: int | None = None) -> int | None:
    """An integer input within [minimum, maximum], or ``default`` when absent."""
    value = inputs.get(key)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InputError("must be a whole number", input=key) from None
    if isinstance(value, bool) or number < minimum or (maximum is not None and number > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise InputError(f"must be {bounds}, got {value!r}", input=key)
    return number


def dynamic_values(value: Any) -> dict[str, Any]:
    """Normalise the ``dynamicValues`` input (a key/value config variable) to a dict.

    Accepts a dict, a list of ``{"key": ..., "value": ...}`` (later keys win, as in the original),
    a JSON string of either, or nothing. The original only took the list form and crashed on a dict.
    """
    if value is None:
        return {}
    if isinstance(value, str):
        if not value.strip():
            return {}
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InputError(f"is not valid JSON ({exc.msg} at position {exc.pos})",
                             input="dynamicValues") from None
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, list):
        return _key_value_list(value)
    raise InputError("must be an object or a list of {key, value} pairs", input="dynamicValues")


def _key_value_list(items: list[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("key"), str) or not item["key"]:
            raise InputError(f"item {index} is not a {{key, value}} pair with a non-empty key",
                             input="dynamicValues")
        values[item["key"]] = item.get("value")
    return values


def record_values(dynamic: Any, field_values: Mapping[str, Any] | None) -> dict[str, Any]:
    """The record to write: Dynamic Fields overlaid by Values (Values win on the same key)."""
    merged = {**dynamic_values(dynamic), **(field_values or {})}
    if not merged:
        raise InputError("give at least one field to write, in Values or Dynamic Fields", input="fieldValues")
    return merged


def file_part(data: Any, file_name: Any) -> tuple[str, bytes, str]:
    """The multipart ``file`` part for an attachment: (file name, bytes, content type).

    ``data`` may be bytes, UTF-8 text, a ``data:<type>;base64,<...>`` URL, a
    ``{"base64": ..., "contentType": ...}`` object, or any other JSON object or list (sent as JSON).
    """
    name = file_name.strip() if isinstance(file_name, str) else ""
    if not name:
        raise InputError("must not be empty", input="fileName")
    guessed = mimetypes.guess_type(name)[0]
    if isinstance(data, bytes | bytearray):
        return name, bytes(data), guessed or OCTET_STREAM
    if isinstance(data, str):
        if data.startswith("data:"):
            content, declared = _data_url(data)
            return name, content, declared or guessed or OCTET_STREAM
        return name, data.encode("utf-8"), guessed or "text/plain; charset=utf-8"
    if isinstance(data, Mapping) and "base64" in data:
        content = _decode_base64(data["base64"])
        declared = data.get("contentType")
        return name, content, declared if isinstance(declared, str) and declared else guessed or OCTET_STREAM
    if isinstance(data, Mapping | list):
        return name, json.dumps(data).encode("utf-8"), "application/json"
    raise InputError("must be text, bytes, a base64 data URL or {base64, contentType}", input="file")


def _data_url(url: str) -> tuple[bytes, str | None]:
    header, comma, payload = url.partition(",")
    if not comma:
        raise InputError("is a data URL without a ',' before the data", input="file")
    media_type, *options = header[len("data:"):].split(";")
    if "base64" in options:
        return _decode_base64(payload), media_type or None
    # Percent-encoded data URL (RFC 2397 without ";base64").
    return unquote_to_bytes(payload), media_type or None


def _decode_base64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise InputError("base64 data must be a string", input="file")
    compact = "".join(text.split())
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise InputError("holds invalid base64 data", input="file") from None
