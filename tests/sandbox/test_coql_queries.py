"""Valid COQL queries over a small seeded module: which records match, in what order, with what columns."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from connector.sandbox.coql import run_query
from tests.support.oas import validate_crm_response

PAT = {"name": "Pat Lee", "id": "501"}
SAM = {"name": "Sam Roy", "id": "502"}

# Ids of different lengths: Zoho orders by id numerically, so "999" comes first.
LEADS: list[dict[str, Any]] = [
    {"id": "1001", "Last_Name": "Smith", "First_Name": "Anna", "Email": "anna@acme.com",
     "Annual_Revenue": 50000, "Lead_Source": "Web", "Email_Opt_Out": False, "Owner": PAT,
     "Created_Time": "2024-03-01T09:00:00+00:00", "Birth_Date": "1990-05-17",
     "Languages": ["English", "German"]},
    {"id": "1002", "Last_Name": "O'Brien", "First_Name": "Liam", "Email": None,
     "Annual_Revenue": 120000.5, "Lead_Source": "Trade Show", "Email_Opt_Out": True, "Owner": SAM,
     "Created_Time": "2024-03-01T12:30:00+05:30", "Birth_Date": "1985-11-02", "Languages": ["English"]},
    {"id": "999", "Last_Name": "adams", "First_Name": "Zoe", "Email": "zoe@beta.io",
     "Annual_Revenue": "75000", "Lead_Source": "Web", "Email_Opt_Out": False, "Owner": PAT,
     "Created_Time": "2023-12-31T23:59:59Z", "Birth_Date": None, "Languages": []},
    {"id": "1003", "Last_Name": "Brown", "First_Name": None, "Email": "",
     "Annual_Revenue": None, "Lead_Source": None, "Email_Opt_Out": False, "Owner": None,
     "Created_Time": "2024-06-15T08:00:00-04:00", "Birth_Date": "2000-01-01", "Languages": ["French"]},
    {"id": "1004", "Last_Name": "García", "First_Name": "Lucía", "Email": "lucia@acme.com",
     "Annual_Revenue": 0, "Lead_Source": "Referral", "Email_Opt_Out": True, "Owner": SAM,
     "Created_Time": "2024-01-10T00:00:00+01:00", "Birth_Date": "1975-07-30",
     "Languages": ["Spanish", "English"]},
    {"id": "1005", "Last_Name": "smith", "First_Name": "Bob", "Email": "bob_smith@acme.com",
     "Annual_Revenue": -250, "Lead_Source": "Web", "Email_Opt_Out": False, "Owner": PAT,
     "Created_Time": "2024-03-01T09:00:00Z", "Birth_Date": "1990-05-17", "Languages": None},
]
CONTACTS: list[dict[str, Any]] = [
    {"id": "7001", "Last_Name": "Ito",
     "Account_Name": {"name": "Acme", "id": "801", "Owner": {"name": "Kim"}}},
    {"id": "7002", "Last_Name": "Ng", "Account_Name": {"name": "Beta", "id": "802"}},
]
RECORDS = {"Leads": LEADS, "Contacts": CONTACTS, "Deals": [{"id": "1", "Deal_Name": "Big"}], "Calls": []}
FIELDS = {
    "Leads": ["Last_Name", "First_Name", "Email", "Annual_Revenue", "Lead_Source", "Email_Opt_Out", "Owner",
              "Created_Time", "Birth_Date", "Languages"],
    "Contacts": ["Last_Name", "Account_Name"],
    "Calls": ["Subject"],
}
EMPTY = {"count": 0, "more_records": False}
ALL_IDS = ["999", "1001", "1002", "1003", "1004", "1005"]


def ids(query: str) -> list[str]:
    rows, info = run_query(query, RECORDS, FIELDS)
    assert info == {"count": len(rows), "more_records": False}
    return [row["id"] for row in rows]


def where(criteria: str) -> str:
    return f"select Last_Name from Leads where {criteria}"


FILTERS: list[tuple[str, list[str]]] = [
    # equality: text ignores case, quotes escape by doubling
    ("Last_Name = 'smith'", ["1001", "1005"]),
    ("Last_Name != 'smith'", ["999", "1002", "1003", "1004"]),
    ("Last_Name = 'O''Brien'", ["1002"]),
    ('Last_Name = "o\'brien"', ["1002"]),
    ("Lead_Source = Web", ["999", "1001", "1005"]),
    ("Last_Name = 'Nobody'", []),
    # numbers compare numerically, also when stored as strings
    ("Annual_Revenue > 60000", ["999", "1002"]),
    ("Annual_Revenue >= 50000", ["999", "1001", "1002"]),
    ("Annual_Revenue < 0", ["1005"]),
    ("Annual_Revenue <= 0", ["1004", "1005"]),
    ("Annual_Revenue = 120000.5", ["1002"]),
    ("Annual_Revenue = '75000'", ["999"]),
    ("Annual_Revenue between 0 and 50000", ["1001", "1004"]),
    ("Annual_Revenue not between 0 and 50000", ["999", "1002", "1005"]),
    ("Annual_Revenue between 50000 and 0", []),
    ("Annual_Revenue > -300 and Annual_Revenue < 1", ["1004", "1005"]),
    # blanks (None and "") satisfy only "is null"
    ("Email is null", ["1002", "1003"]),
    ("Email is not null", ["999", "1001", "1004", "1005"]),
    ("Email = null", ["1002", "1003"]),
    ("Email != null", ["999", "1001", "1004", "1005"]),
    ("Last_Name = null", []),
    # like: % any run, _ one character, case-insensitive, whole value
    ("Email like '%@acme.com'", ["1001", "1004", "1005"]),
    ("Email like '___@%'", ["999"]),
    ("Email like 'BOB_SMITH%'", ["1005"]),
    ("Email not like '%acme%'", ["999"]),
    ("Last_Name like 's%'", ["1001", "1005"]),
    ("Last_Name like 'Garc_a'", ["1004"]),
    ("Last_Name like 'mit'", []),
    ("First_Name like '%'", ["999", "1001", "1002", "1004", "1005"]),
    ("Annual_Revenue like '5%'", ["1001"]),
    # in / not in
    ("Lead_Source in ('Web', 'Referral')", ["999", "1001", "1004", "1005"]),
    ("Lead_Source not in ('Web')", ["1002", "1004"]),
    ("Annual_Revenue in (0, 75000, '-250')", ["999", "1004", "1005"]),
    ("id in (999, '1001')", ["999", "1001"]),
    # booleans
    ("Email_Opt_Out = true", ["1002", "1004"]),
    ("Email_Opt_Out = FALSE", ["999", "1001", "1003", "1005"]),
    ("Email_Opt_Out != true", ["999", "1001", "1003", "1005"]),
    # datetimes compare as instants across offsets; dates as dates
    ("Created_Time > '2024-03-01T08:00:00+00:00'", ["1001", "1003", "1005"]),
    ("Created_Time = '2024-03-01T10:00:00+01:00'", ["1001", "1005"]),
    ("Created_Time between '2024-01-01' and '2024-03-01T08:00:00Z'", ["1002", "1004"]),
    ("Birth_Date < '1986-01-01'", ["1002", "1004"]),
    ("Birth_Date = '1990-05-17'", ["1001", "1005"]),
    ("Birth_Date >= '1990-05-17'", ["1001", "1003", "1005"]),
    # lookups compare by id; sub-columns read inside the lookup
    ("Owner = 501", ["999", "1001", "1005"]),
    ("Owner = '502'", ["1002", "1004"]),
    ("Owner.name = 'pat lee'", ["999", "1001", "1005"]),
    ("owner.ID in ('502')", ["1002", "1004"]),
    ("Owner is null", ["1003"]),
    ("Owner.name like 'S%'", ["1002", "1004"]),
    # multi-value fields: any element for positive criteria, none for negated ones
    ("Languages = 'English'", ["1001", "1002", "1004"]),
    ("Languages not in ('English')", ["1003"]),
    ("Languages like 'fr%'", ["1003"]),
    ("Languages is null", ["999", "1005"]),
    # ids
    ("id = 999", ["999"]),
    ("id > 1003", ["1004", "1005"]),
    # precedence: AND binds tighter than OR; parentheses override
    ("Lead_Source = 'Web' or Lead_Source = 'Referral' and Email_Opt_Out = true",
     ["999", "1001", "1004", "1005"]),
    ("(Lead_Source = 'Web' or Lead_Source = 'Referral') and Email_Opt_Out = true", ["1004"]),
    ("((Last_Name = 'Smith' and First_Name = 'Anna') or (id = 1003))", ["1001", "1003"]),
    ("(((id = 999)))", ["999"]),
    ("id = 999 or id = 1002 or id = 1005", ["999", "1002", "1005"]),
    ("'Last_Name' = 'adams'", ["999"]),
]


@pytest.mark.parametrize(("criteria", "expected"), FILTERS, ids=[case[0] for case in FILTERS])
def test_where_clause_selects_the_matching_records(criteria: str, expected: list[str]) -> None:
    assert ids(where(criteria)) == expected


ORDERINGS: list[tuple[str, list[str]]] = [
    ("", ALL_IDS),
    ("order by id desc", ["1005", "1004", "1003", "1002", "1001", "999"]),
    # blanks first ascending, last descending
    ("order by Annual_Revenue", ["1003", "1005", "1004", "1001", "999", "1002"]),
    ("order by Annual_Revenue desc", ["1002", "999", "1001", "1004", "1005", "1003"]),
    # text ignores case; ties fall back to ascending id
    ("order by Last_Name", ["999", "1003", "1004", "1002", "1001", "1005"]),
    ("order by Last_Name DESC", ["1001", "1005", "1002", "1004", "1003", "999"]),
    ("order by Birth_Date desc, Last_Name asc", ["1003", "1001", "1005", "1002", "1004", "999"]),
    ("order by Lead_Source, Annual_Revenue desc", ["1003", "1004", "1002", "999", "1001", "1005"]),
    ("order by Created_Time", ["999", "1004", "1002", "1001", "1005", "1003"]),
    ("order by Owner.name desc", ["1002", "1004", "999", "1001", "1005", "1003"]),
    ("order by Email_Opt_Out desc, id desc", ["1004", "1002", "1005", "1003", "1001", "999"]),
]


@pytest.mark.parametrize(("order_by", "expected"), ORDERINGS, ids=[c[0] or "default" for c in ORDERINGS])
def test_order_by_sorts_consistently(order_by: str, expected: list[str]) -> None:
    assert ids(f"select Last_Name from Leads {order_by}") == expected


PAGES: list[tuple[str, list[str], bool]] = [
    ("limit 2", ["999", "1001"], True),
    ("limit 2, 2", ["1002", "1003"], True),
    ("limit 2 offset 4", ["1004", "1005"], False),
    ("limit 3 offset 3", ["1003", "1004", "1005"], False),
    ("limit 5 offset 1", ["1001", "1002", "1003", "1004", "1005"], False),
    ("limit 5", ALL_IDS[:5], True),
    ("limit 6", ALL_IDS, False),
    ("limit 2000", ALL_IDS, False),
    ("offset 5", ["1005"], False),
    ("limit 0, 1", ["999"], True),
    ("limit 1 offset 6", [], False),
    ("limit 98000, 2000", [], False),
]


@pytest.mark.parametrize(("limit", "expected", "more"), PAGES, ids=[case[0] for case in PAGES])
def test_limit_and_offset_page_through_matches(limit: str, expected: list[str], more: bool) -> None:
    rows, info = run_query(f"select Last_Name from Leads order by id {limit}", RECORDS, FIELDS)
    assert [row["id"] for row in rows] == expected
    assert info == {"count": len(expected), "more_records": more}


def test_default_limit_is_200() -> None:
    many = {"Leads": [{"id": str(n), "Last_Name": f"L{n}"} for n in range(1, 451)]}
    rows, info = run_query("select Last_Name from Leads", many, FIELDS)
    assert [row["id"] for row in rows] == [str(n) for n in range(1, 201)]
    assert info == {"count": 200, "more_records": True}
    rows, info = run_query("select Last_Name from Leads limit 200, 200", many, FIELDS)
    assert rows[0]["id"] == "201"
    assert info == {"count": 200, "more_records": True}
    rows, info = run_query("select Last_Name from Leads limit 400, 200", many, FIELDS)
    assert info == {"count": 50, "more_records": False}


def test_rows_hold_selected_columns_and_id_with_lookups_as_zoho_returns_them() -> None:
    rows, _ = run_query(
        "select Last_Name, Owner, Owner.name, Languages, Email from Leads where id = 1001", RECORDS, FIELDS
    )
    assert rows == [
        {"Last_Name": "Smith", "Owner": {"id": "501"}, "Owner.name": "Pat Lee",
         "Languages": ["English", "German"], "Email": "anna@acme.com", "id": "1001"}
    ]


def test_blank_values_come_back_as_stored() -> None:
    rows, _ = run_query("select First_Name, Owner, Owner.name from Leads where id = 1003", RECORDS, FIELDS)
    assert rows == [{"First_Name": None, "Owner": None, "Owner.name": None, "id": "1003"}]


def test_output_keys_use_api_names_whatever_the_query_case() -> None:
    rows, _ = run_query(
        "SeLeCt last_name, OWNER.name FrOm LEADS wHeRe LAST_NAME LiKe 'S%' OrDeR bY ID DeSc LiMiT 1",
        RECORDS, FIELDS,
    )
    assert rows == [{"Last_Name": "smith", "Owner.name": "Pat Lee", "id": "1005"}]


def test_quoted_column_names_and_multiline_queries() -> None:
    query = "select 'Last_Name',\n  \"Email\"\nfrom Leads\nwhere 'Email' like '%beta%'\n;"
    rows, _ = run_query(query, RECORDS, FIELDS)
    assert rows == [{"Last_Name": "adams", "Email": "zoe@beta.io", "id": "999"}]


def test_aliases_name_output_keys_and_can_be_ordered_by() -> None:
    rows, _ = run_query(
        "select Last_Name as surname, Owner.name AS owner_name from Leads where Owner is not null "
        "order by owner_name desc, surname limit 3",
        RECORDS, FIELDS,
    )
    assert rows == [
        {"surname": "García", "owner_name": "Sam Roy", "id": "1004"},
        {"surname": "O'Brien", "owner_name": "Sam Roy", "id": "1002"},
        {"surname": "adams", "owner_name": "Pat Lee", "id": "999"},
    ]


def test_selecting_id_alone_and_unknown_lookup_sub_columns() -> None:
    rows, _ = run_query("select id, Owner.email from Leads where id = 999", RECORDS, FIELDS)
    assert rows == [{"id": "999", "Owner.email": None}]


def test_nested_lookup_paths_read_through_each_level() -> None:
    rows, _ = run_query(
        "select Account_Name.name, Account_Name.Owner.name from contacts "
        "where Account_Name.Owner.name is not null",
        RECORDS, FIELDS,
    )
    assert rows == [{"Account_Name.name": "Acme", "Account_Name.Owner.name": "Kim", "id": "7001"}]


def test_modules_known_only_by_records_or_only_by_fields() -> None:
    rows, info = run_query("select id from deals", RECORDS, FIELDS)
    assert rows == [{"id": "1"}]
    assert info == {"count": 1, "more_records": False}
    assert run_query("select Subject from Calls", RECORDS, FIELDS) == ([], EMPTY)


def test_no_match_gives_an_empty_page() -> None:
    assert run_query(where("Last_Name = 'Nobody'"), RECORDS, FIELDS) == ([], EMPTY)


def test_results_do_not_share_containers_with_the_store() -> None:
    before = copy.deepcopy(RECORDS)
    rows, _ = run_query("select Owner, Languages from Leads where id = 1001", RECORDS, FIELDS)
    rows[0]["Owner"]["id"] = "changed"
    rows[0]["Languages"].append("Klingon")
    assert before == RECORDS


def test_a_success_body_conforms_to_zohos_coql_spec() -> None:
    rows, info = run_query("select Last_Name, Owner, Owner.name from Leads limit 3", RECORDS, FIELDS)
    assert info["more_records"] is True
    validate_crm_response("POST", "/crm/v8/coql", 200, {"data": rows, "info": info})
