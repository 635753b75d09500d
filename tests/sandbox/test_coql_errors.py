"""Malformed and over-limit COQL queries: each gets Zoho's error code and details, never a crash."""

from __future__ import annotations

from typing import Any

import pytest

from connector.sandbox.coql import CoqlError, run_query
from tests.support.oas import validate_crm_response

FIELDS: dict[str, list[str]] = {
    "Leads": ["Last_Name", "Email", "Owner", "Annual_Revenue"],
    "Wide": [f"Field_{n}" for n in range(1, 61)],
}
RECORDS: dict[str, list[dict[str, Any]]] = {
    "Leads": [{"id": "1", "Last_Name": "Smith", "Email": "a@b.c", "Owner": {"name": "Pat", "id": "9"}}],
    "Wide": [{"id": "1", **{f"Field_{n}": n for n in range(1, 61)}}],
}
SYNTAX = "error occured while parsing the query"
BASE = "select Last_Name from Leads"


def failure(query: str) -> CoqlError:
    with pytest.raises(CoqlError) as caught:
        run_query(query, RECORDS, FIELDS)
    return caught.value


def near(token: str, column: int, line: int = 1) -> dict[str, Any]:
    return {"near": token, "line": line, "column": column}


def clause(name: str) -> dict[str, Any]:
    return {"clause": name}


SYNTAX_ERRORS: list[tuple[str, dict[str, Any]]] = [
    # not a query at all
    ("", clause("select")),
    ("   \n\t ", clause("select")),
    ("select", clause("select")),
    ("update Leads set Last_Name = 'x'", near("update", 1)),
    ("delete from Leads", near("delete", 1)),
    ("'select' Last_Name from Leads", near("'select'", 1)),
    # select list
    ("select from Leads", near("from", 8)),
    ("select * from Leads", near("*", 8)),
    ("select Last_Name, from Leads", near("from", 19)),
    ("select Last_Name Email from Leads", near("Email", 18)),
    ("select Last_Name. from Leads", near("from", 19)),
    ("select '' from Leads", near("''", 8)),
    ("select Last_Name as from Leads", near("from", 21)),
    ("select count(Last_Name) from Leads", near("(", 13)),
    # from
    ("select Last_Name", clause("from")),
    ("select Last_Name from", clause("from")),
    ("select Last_Name from where", near("where", 23)),
    ("select Last_Name Leads", near("Leads", 18)),
    # where
    (f"{BASE} where", clause("where")),
    (f"{BASE} where Last_Name", clause("where")),
    (f"{BASE} where Last_Name =", clause("where")),
    (f"{BASE} where Last_Name = 'abc", near("'abc", 47)),
    (f"{BASE} where Last_Name = 'it''s", near("'it''s", 47)),
    (f"{BASE} where Last_Name == 'a'", near("=", 46)),
    (f"{BASE} where Last_Name ! 'a'", near("!", 45)),
    (f"{BASE} where Last_Name <> 'a'", near("<>", 45)),
    (f"{BASE} where Last_Name = 'a' # note", near("#", 51)),
    (f"{BASE} where (Last_Name = 'a'", clause("where")),
    (f"{BASE} where Last_Name = 'a')", near(")", 50)),
    (f"{BASE} where () ", near(")", 36)),
    (f"{BASE} where Last_Name in ()", near(")", 49)),
    (f"{BASE} where Last_Name in ('a',)", near(")", 53)),
    (f"{BASE} where Last_Name in 'a'", near("'a'", 48)),
    (f"{BASE} where Last_Name between 1", clause("where")),
    (f"{BASE} where Last_Name between 1 or 2", near("or", 55)),
    (f"{BASE} where Last_Name is 'x'", near("'x'", 48)),
    (f"{BASE} where Last_Name is not", clause("where")),
    (f"{BASE} where Last_Name not = 'a'", near("=", 49)),
    (f"{BASE} where Last_Name not null", near("null", 49)),
    (f"{BASE} where and Last_Name = 'a'", near("and", 35)),
    (f"{BASE} where Last_Name = 'a' and", clause("where")),
    (f"{BASE} where Last_Name = 'a' or or Email = 'b'", near("or", 54)),
    (f"{BASE} where Last_Name = 'a' Email = 'b'", near("Email", 51)),
    (f"{BASE} where Last_Name = select", near("select", 47)),
    (f"{BASE} where Last_Name = -'a'", near("'a'", 48)),
    (f"{BASE} where = 'a'", near("=", 35)),
    (f"{BASE} where not Last_Name = 'a'", near("not", 35)),
    (f"{BASE} where Last_Name = 1.2.3", near(".", 50)),
    # order by
    (f"{BASE} order Last_Name", near("Last_Name", 35)),
    (f"{BASE} order by", clause("order by")),
    (f"{BASE} order by Last_Name up", near("up", 48)),
    (f"{BASE} order by Last_Name,", clause("order by")),
    (f"{BASE} group by Last_Name", near("group", 29)),
    (f"{BASE} where Last_Name = 'a' order by", clause("order by")),
    # limit / offset
    (f"{BASE} limit", clause("limit")),
    (f"{BASE} limit 10 20", near("20", 38)),
    (f"{BASE} limit 10,", clause("limit")),
    (f"{BASE} limit 10 offset", clause("offset")),
    (f"{BASE} limit 10, 5 offset 2", near("offset", 41)),
    (f"{BASE} offset 2 limit 10", near("limit", 38)),
    # trailing junk
    (f"{BASE} extra", near("extra", 29)),
    (f"{BASE}; select", near("select", 30)),
    (f"{BASE};;", near(";", 29)),
    (f"{BASE} limit 5 where Last_Name = 'a'", near("where", 37)),
    # positions count lines and columns, also after multi-line strings
    ("select Last_Name\nfrom Leads\nwhere Last_Name = @", near("@", 19, line=3)),
    ("select Last_Name from Leads where Last_Name = 'a\nb' and ?", near("?", 8, line=2)),
    # nesting far beyond any real query
    (f"{BASE} where " + "(" * 60 + "Last_Name = 'a'" + ")" * 60, near("(", 85)),
]


@pytest.mark.parametrize(("query", "details"), SYNTAX_ERRORS, ids=[c[0] or "empty" for c in SYNTAX_ERRORS])
def test_malformed_queries_are_syntax_errors(query: str, details: dict[str, Any]) -> None:
    error = failure(query)
    assert (error.status, error.code, error.message, error.details) == (400, "SYNTAX_ERROR", SYNTAX, details)


def columns(count: int) -> str:
    return ", ".join(f"Field_{n}" for n in range(1, count + 1))


def criteria(count: int) -> str:
    return " and ".join(f"Field_{n} = {n}" for n in range(1, count + 1))


def in_list(count: int) -> str:
    return ", ".join(str(n) for n in range(count))


INVALID: list[tuple[str, str, str, dict[str, Any]]] = [
    # names the module does not know
    ("select Last_Name from Lead", "INVALID_QUERY", "the module name given seems to be invalid",
     {"module": "Lead"}),
    ("select Foo from Leads", "INVALID_QUERY", "column given seems to be invalid", {"column_name": "Foo"}),
    ("select Last_Name, foo.bar from Leads", "INVALID_QUERY", "column given seems to be invalid",
     {"column_name": "foo.bar"}),
    (f"{BASE} where Nope = 1", "INVALID_QUERY", "column given seems to be invalid", {"column_name": "Nope"}),
    (f"{BASE} where (Email = 'a' or (Bad is null))", "INVALID_QUERY", "column given seems to be invalid",
     {"column_name": "Bad"}),
    (f"{BASE} order by Nope desc", "INVALID_QUERY", "column given seems to be invalid",
     {"column_name": "Nope"}),
    (f"{BASE} order by id, Nope", "INVALID_QUERY", "column given seems to be invalid",
     {"column_name": "Nope"}),
    # LIMIT and OFFSET values
    (f"{BASE} limit s", "INVALID_QUERY", "limit given seems to be invalid", {"limit": "s"}),
    (f"{BASE} limit -1", "INVALID_QUERY", "limit given seems to be invalid", {"limit": "-1"}),
    (f"{BASE} limit 1.5", "INVALID_QUERY", "limit given seems to be invalid", {"limit": "1.5"}),
    (f"{BASE} limit 'ten'", "INVALID_QUERY", "limit given seems to be invalid", {"limit": "ten"}),
    (f"{BASE} limit 0", "INVALID_DATA", "invalid data", {"limit": 0}),
    (f"{BASE} limit 5, 0", "INVALID_DATA", "invalid data", {"limit": 0}),
    (f"{BASE} limit x, 10", "INVALID_QUERY", "offset given seems to be invalid", {"offset": "x"}),
    (f"{BASE} limit 10 offset -5", "INVALID_QUERY", "offset given seems to be invalid", {"offset": "-5"}),
    (f"{BASE} offset two", "INVALID_QUERY", "offset given seems to be invalid", {"offset": "two"}),
    # duplicates in the select list
    ("select Last_Name, last_name from Leads", "DUPLICATE_DATA", "duplicate column given in select",
     {"column_name": "Last_Name"}),
    ("select Last_Name as x, Email as X from Leads", "DUPLICATE_ALIAS", "alias given is already used",
     {"alias": "X", "referred_columns": ["Last_Name", "Email"]}),
    ("select Last_Name as ID from Leads", "DUPLICATE_ALIAS", "alias given is already used",
     {"alias": "ID", "referred_columns": ["Last_Name", "id"]}),
    ("select id, ID from Leads", "DUPLICATE_DATA", "duplicate column given in select", {"column_name": "id"}),
]


@pytest.mark.parametrize(("query", "code", "message", "details"), INVALID, ids=[case[0] for case in INVALID])
def test_invalid_names_and_values_get_zohos_codes(query: str, code: str, message: str, details: Any) -> None:
    error = failure(query)
    assert (error.status, error.code, error.message, error.details) == (400, code, message, details)


OVER_LIMITS: list[tuple[str, str]] = [
    (f"{BASE} limit 2001", "2000"),
    (f"{BASE} limit 99999999999999999999999999999", "2000"),
    (f"{BASE} limit 99000, 2000", "100000"),
    (f"{BASE} limit 2000 offset 98001", "100000"),
    (f"{BASE} limit 1 offset 100000", "100000"),
    (f"{BASE} offset 99801", "100000"),
    (f"select {columns(51)} from Wide", "50 columns"),
    (f"select Field_1 from Wide where {criteria(26)}", "25 criteria"),
    (f"select Field_1 from Wide where ({criteria(13)}) or ({criteria(13)})", "25 criteria"),
    (f"select Field_1 from Wide where Field_1 in ({in_list(51)})", "50 values"),
    (f"select Field_1 from Wide where Field_1 not in ({in_list(60)})", "50 values"),
    (f"select Field_1 from Wide order by {columns(11)}", "10 columns"),
]


@pytest.mark.parametrize(("query", "mentioned"), OVER_LIMITS, ids=[case[0][-40:] for case in OVER_LIMITS])
def test_zohos_limits_give_limit_exceeded(query: str, mentioned: str) -> None:
    error = failure(query)
    assert (error.status, error.code, error.details) == (400, "LIMIT_EXCEEDED", {})
    assert mentioned in error.message


AT_LIMITS = [
    f"select {columns(50)} from Wide",
    f"select Field_1 from Wide where {criteria(25)}",
    f"select Field_1 from Wide where Field_1 in ({in_list(50)})",
    f"select Field_1 from Wide order by {columns(10)}",
    "select Field_1 from Wide limit 2000",
    "select Field_1 from Wide limit 98000, 2000",
]


@pytest.mark.parametrize("query", AT_LIMITS, ids=[query[-40:] for query in AT_LIMITS])
def test_queries_right_at_the_limits_run(query: str) -> None:
    rows, info = run_query(query, RECORDS, FIELDS)
    assert info["count"] == len(rows)
    assert all(row["id"] == "1" for row in rows)


def test_syntax_is_checked_before_names() -> None:
    assert failure("select Foo from Nowhere where").code == "SYNTAX_ERROR"


def test_the_module_is_checked_before_its_columns() -> None:
    assert failure("select Foo from Nowhere").details == {"module": "Nowhere"}


ALL_ERROR_QUERIES = [case[0] for case in SYNTAX_ERRORS] + [case[0] for case in INVALID] + [
    case[0] for case in OVER_LIMITS
]


@pytest.mark.parametrize("query", ALL_ERROR_QUERIES)
def test_every_error_body_conforms_to_zohos_coql_spec(query: str) -> None:
    body = failure(query).to_body()
    assert set(body) == {"code", "details", "message", "status"}
    validate_crm_response("POST", "/crm/v8/coql", 400, body)


def test_error_text_names_code_and_details() -> None:
    error = failure("select Foo from Leads")
    assert str(error) == "INVALID_QUERY: column given seems to be invalid {'column_name': 'Foo'}"
