"""The search-criteria parser on its own: odd input is INVALID_QUERY, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from connector.sandbox.config import SandboxConfig
from connector.sandbox.crm_criteria import parse_criteria
from connector.sandbox.crm_errors import CrmError
from connector.sandbox.crm_store import CrmStore

STORE = CrmStore(SandboxConfig())
LEADS = STORE.modules["Leads"]
PIECES = st.sampled_from(
    [
        "(",
        ")",
        "(",
        ")",
        ":",
        ",",
        "\\",
        "and",
        "or",
        "Last_Name",
        "City",
        "Owner",
        "No_of_Employees",
        "Email_Opt_Out",
        "equals",
        "between",
        "in",
        "starts_with",
        "greater_than",
        "5",
        "Berlin",
        "x",
        " ",
        "id",
        "Nope",
    ]
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_criteria_parse_or_refuse_and_never_crash(text: str) -> None:
    try:
        predicate = parse_criteria(LEADS.definition, text)
    except CrmError as refused:
        assert (refused.status, refused.code) == (400, "INVALID_QUERY")
        return
    matched = [r for r in LEADS.records.values() if predicate(r)]
    assert len(matched) <= len(LEADS.records)


def test_escaped_parentheses_and_commas_in_values() -> None:
    record = {"Last_Name": "Smith (Jr), III", "City": "x"}
    assert parse_criteria(LEADS.definition, r"(Last_Name:equals:Smith \(Jr\)\, III)")(record)
    assert parse_criteria(LEADS.definition, r"(Last_Name:in:Jones,Smith \(Jr\)\, III)")(record)
    assert not parse_criteria(LEADS.definition, "(Last_Name:not_equal:smith \\(jr\\)\\, iii)")(record)
