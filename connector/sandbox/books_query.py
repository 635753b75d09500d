"""Books list semantics: filters, search_text, filter_by, sorting, paging and page_context.

Parameters follow research/zoho-api.md section 6.6. Unknown parameters are ignored, as Books
does; known ones with unusable values give code 2 "Invalid value passed for <name>".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from connector.sandbox.books_errors import invalid_parameter
from connector.sandbox.books_modules import BooksModule
from connector.sandbox.books_time import is_date, parse_timestamp

Record = dict[str, Any]

MAX_PER_PAGE = 200
MAX_SEARCH_TEXT = 100
MAX_PAGE = 10**9
DATE_BOUNDS = {"date_start": ">=", "date_end": "<=", "date_after": ">", "date_before": "<"}


@dataclass(frozen=True)
class ListQuery:
    """A validated list request."""

    page: int
    per_page: int
    sort_column: str
    sort_order: str
    filter_by: str
    search_text: str
    predicates: tuple[tuple[str, str, str], ...]  # (field, operator, value)
    modified_since: float | None


def parse_list_query(module: BooksModule, params: Mapping[str, str]) -> ListQuery:
    page = _positive_int(params, "page", default=1, maximum=MAX_PAGE)
    per_page = _positive_int(params, "per_page", default=MAX_PER_PAGE, maximum=MAX_PER_PAGE)
    sort_column = params.get("sort_column") or module.default_sort
    if sort_column not in module.sortable():
        raise invalid_parameter("sort_column")
    sort_order = params.get("sort_order") or (
        module.default_order if sort_column == module.default_sort else "A"
    )
    if sort_order not in ("A", "D"):
        raise invalid_parameter("sort_order")
    filter_by = params.get("filter_by") or "Status.All"
    if not _known_filter(module, filter_by):
        raise invalid_parameter("filter_by")
    search_text = params.get("search_text", "")
    if len(search_text) > MAX_SEARCH_TEXT:
        raise invalid_parameter("search_text")
    modified_since = None
    if "last_modified_time" in params:
        modified_since = parse_timestamp(params["last_modified_time"])
        if modified_since is None:
            raise invalid_parameter("last_modified_time")
    return ListQuery(page, per_page, sort_column, sort_order, filter_by, search_text,
                     _predicates(module, params), modified_since)


def run_list_query(module: BooksModule, records: Iterable[Record],
                   query: ListQuery) -> tuple[list[Record], dict[str, Any]]:
    """The requested page of ``records`` and its ``page_context``."""
    matching = [r for r in records if _matches(module, r, query)]
    matching.sort(key=lambda r: _sort_key(r.get(module.id_field)))
    matching.sort(key=lambda r: _sort_key(r.get(query.sort_column)), reverse=query.sort_order == "D")
    start = (query.page - 1) * query.per_page
    page = matching[start:start + query.per_page]
    context: dict[str, Any] = {
        "page": query.page, "per_page": query.per_page,
        "has_more_page": start + query.per_page < len(matching),
        "report_name": module.report_name or module.list_key.replace("_", " ").title(),
        "applied_filter": query.filter_by, "sort_column": query.sort_column,
        "sort_order": query.sort_order,
    }
    if query.search_text:
        context["search_criteria"] = [{"column_name": "search_text", "search_text": query.search_text,
                                       "comparator": "contains"}]
    return page, context


def _positive_int(params: Mapping[str, str], name: str, *, default: int, maximum: int) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise invalid_parameter(name)
    value = int(text)
    if not 1 <= value <= maximum:
        raise invalid_parameter(name)
    return value


def _known_filter(module: BooksModule, filter_by: str) -> bool:
    group, _, value = filter_by.partition(".")
    if group != "Status":
        return False
    return value == "All" or value.lower() in module.statuses


def _predicates(module: BooksModule, params: Mapping[str, str]) -> tuple[tuple[str, str, str], ...]:
    found: list[tuple[str, str, str]] = []
    for name, value in params.items():
        if name in module.filters:
            found.append((name, "eq", value))
        elif name.endswith("_startswith") and name.removesuffix("_startswith") in module.filters:
            found.append((name.removesuffix("_startswith"), "startswith", value))
        elif name.endswith("_contains") and name.removesuffix("_contains") in module.filters:
            found.append((name.removesuffix("_contains"), "contains", value))
        elif name in DATE_BOUNDS and module.date_field:
            if not is_date(value):
                raise invalid_parameter(name)
            found.append((module.date_field, DATE_BOUNDS[name], value))
    return tuple(found)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _matches(module: BooksModule, record: Record, query: ListQuery) -> bool:
    for field_name, operator, wanted in query.predicates:
        actual = _text(record.get(field_name)).lower()
        target = wanted.lower()
        if operator == "eq" and actual != target:
            return False
        if operator == "startswith" and not actual.startswith(target):
            return False
        if operator == "contains" and target not in actual:
            return False
        if operator in (">=", "<=", ">", "<") and not _compare(actual, operator, target):
            return False
    if query.filter_by != "Status.All" and not _status_matches(record, query.filter_by):
        return False
    if query.search_text:
        needle = query.search_text.lower()
        if not any(needle in _text(record.get(f)).lower() for f in module.search_fields):
            return False
    if query.modified_since is not None:
        stamp = parse_timestamp(_text(record.get("last_modified_time")))
        if stamp is None or stamp < query.modified_since:
            return False
    return True


def _compare(actual: str, operator: str, target: str) -> bool:
    if not actual:
        return False
    if operator == ">=":
        return actual >= target
    if operator == "<=":
        return actual <= target
    if operator == ">":
        return actual > target
    return actual < target


def _status_matches(record: Record, filter_by: str) -> bool:
    wanted = filter_by.partition(".")[2].lower()
    if wanted in ("customers", "vendors"):
        return record.get("contact_type") == wanted[:-1]
    if wanted == "crm":
        return bool(record.get("is_linked_with_zohocrm"))
    if wanted == "unpaid":
        return record.get("status") in ("sent", "overdue", "partiallypaid")
    return _text(record.get("status")).lower() == wanted


def _sort_key(value: Any) -> tuple[int, Any]:
    """Numbers before text before missing values, so mixed columns never fail to compare."""
    if isinstance(value, bool):
        return (1, str(value))
    if isinstance(value, int | float):
        return (0, value)
    if value is None or value == "":
        return (2, "")
    return (1, str(value).lower())
