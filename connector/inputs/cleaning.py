"""Turn one input value, as a platform or a caller gives it, into the typed value a handler receives.

Platforms store most inputs as strings ("true", "200", "Last_Name,Email"), callers of the Python API
pass native values; both are accepted. Every failure raises :class:`CleanError` whose message says
what was wrong with the value and what was expected; callers add the input's key.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from connector.definitions.models import InputDef

TRUE_WORDS = frozenset({"true", "t", "yes", "y"})
FALSE_WORDS = frozenset({"false", "f", "no", "n"})
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")


class CleanError(ValueError):
    """A value cannot be cleaned; the message names the problem and what was expected."""


def describe_value(value: Any, *, secret: bool = False) -> str:
    """A short, safe rendering of a value for error messages (never the value of a secret)."""
    if secret:
        return "the given value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, bytes | bytearray):
        return f"{len(value)} bytes"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "null"
    return f"a {type(value).__name__}"


def to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise CleanError(f"got {describe_value(value)}; expected text")


def to_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CleanError(f"got {describe_value(value)}; expected a whole number such as 10")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER_TEXT.match(value.strip()):
        return int(value.strip())
    raise CleanError(f"{describe_value(value)} is not a whole number; expected an integer such as 10")


def to_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise CleanError(f"got {describe_value(value)}; expected a number such as 2.5")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER_TEXT.match(text):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    raise CleanError(f"{describe_value(value)} is not a number; expected a number such as 2.5")


def to_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise CleanError(
        f"{describe_value(value)} is not a boolean; expected true/false, t/f, yes/no or y/n (any case)"
    )


def to_json(value: Any) -> Any:
    """A JSON value; strings are parsed as JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise CleanError(f"is not valid JSON ({error.msg} at position {error.pos}); "
                             "expected JSON text such as {\"a\": 1}") from None
    if value is None or isinstance(value, bool | int | float | list | dict):
        return value
    raise CleanError(f"got {describe_value(value)}; expected a JSON value")


def to_data(value: Any) -> Any:
    """Strings, bytes and JSON values are kept as they are; the handler decides how to send them."""
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str | bytes | bool | int | float | list | dict):
        return value
    raise CleanError(f"got {describe_value(value)}; expected text, bytes or a JSON value")


def _keep(value: Any) -> Any:
    return value


Cleaner = Callable[[Any], Any]
CLEANERS: dict[str, Cleaner] = {
    "string": to_string,
    "integer": to_integer,
    "number": to_number,
    "boolean": to_boolean,
    "json": to_json,
    "data": to_data,
}


def to_key_value_list(value: Any, clean_item: Cleaner = _keep,
                      key_pattern: str | None = None) -> dict[str, Any]:
    """A Key Value List as a dict: from ``[{"key": k, "value": v}, ...]``, an object, or JSON text of
    either. Later keys win, as on the platforms. ``key_pattern`` must match every whole key."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise CleanError(_KVL_EXPECTED.format(got=describe_value(value))) from None
    if isinstance(value, Mapping):
        pairs = [(key, item) for key, item in value.items()]
    elif isinstance(value, list | tuple):
        pairs = []
        for index, entry in enumerate(value):
            if not (isinstance(entry, Mapping) and "key" in entry and set(entry) <= {"key", "value"}):
                raise CleanError(f"item {index} is {describe_value(entry)}; "
                                 "expected {\"key\": ..., \"value\": ...}")
            pairs.append((entry["key"], entry.get("value")))
    else:
        raise CleanError(_KVL_EXPECTED.format(got=describe_value(value)))
    cleaned: dict[str, Any] = {}
    for key, item in pairs:
        if not isinstance(key, str | int) or isinstance(key, bool) or key == "":
            raise CleanError(f"key {describe_value(key)} is not a name; expected non-empty text keys")
        if key_pattern is not None and not re.fullmatch(key_pattern, str(key)):
            raise CleanError(f"key {describe_value(str(key))} has the wrong format; "
                             f"expected keys matching {key_pattern}")
        try:
            cleaned[str(key)] = clean_item(item)
        except CleanError as error:
            raise CleanError(f"value of {describe_value(str(key))}: {error}") from None
    return cleaned


_KVL_EXPECTED = ("got {got}; expected a Key Value List: a list of {{\"key\": ..., \"value\": ...}} "
                 "items or an object")


def to_value_list(value: Any, clean_item: Cleaner = to_string) -> list[Any]:
    """A Value List as a list: from a list, a comma-separated string, or JSON text of a list."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                raise CleanError("looks like a JSON list but is not valid JSON; expected a list or "
                                 "comma-separated values such as \"a,b\"") from None
        else:
            value = [part.strip() for part in text.split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise CleanError(f"got {describe_value(value)}; expected a Value List: a list or "
                         "comma-separated values such as \"a,b\"")
    cleaned = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping | list | tuple):
            raise CleanError(f"item {index} is {describe_value(item)}; expected a single value")
        try:
            cleaned.append(clean_item(item))
        except CleanError as error:
            raise CleanError(f"item {index}: {error}") from None
    return cleaned


def _check_limits(spec: InputDef, value: Any, secret: bool) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if spec.min is not None and value < spec.min:
            raise CleanError(f"{describe_value(value, secret=secret)} is too small; "
                             f"expected at least {spec.min:g}")
        if spec.max is not None and value > spec.max:
            raise CleanError(f"{describe_value(value, secret=secret)} is too large; "
                             f"expected at most {spec.max:g}")
    if spec.pattern is not None and isinstance(value, str) and not re.fullmatch(spec.pattern, value):
        raise CleanError(f"{describe_value(value, secret=secret)} has the wrong format; "
                         f"expected text matching {spec.pattern}")
    if spec.model is not None and value not in spec.choices:
        raise CleanError(f"{describe_value(value, secret=secret)} is not allowed; "
                         f"expected one of {', '.join(spec.choices)}")


def clean_value(spec: InputDef, value: Any) -> Any:
    """Clean one given value by its definition: collection, item cleaner, limits and model."""
    # Key Value List values are often headers or form fields carrying credentials: never echo them.
    secret = spec.type == "password" or spec.collection == "keyvaluelist"
    cleaner = CLEANERS[spec.cleaner]

    def clean_item(item: Any) -> Any:
        cleaned = cleaner(item)
        _check_limits(spec, cleaned, secret)
        return cleaned

    if spec.collection == "valuelist":
        return to_value_list(value, clean_item)
    if spec.collection == "keyvaluelist":
        # Key Value List values pass through untouched unless the definition asks for a cleaner:
        # record field values may be numbers, booleans or objects.
        return to_key_value_list(value, clean_item if spec.clean else _keep, spec.keyPattern)
    if secret and not isinstance(value, str):
        raise CleanError("expected text")
    return clean_item(value)
