"""Whatever text arrives, run_query answers with rows or a CoqlError, never another exception (a 500).

Hypothesis runs derandomized so the suite stays deterministic.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.sandbox.coql import CoqlError, run_query

FIELDS = {"Leads": ["Last_Name", "Email", "Owner", "Annual_Revenue", "Tags", "Created_Time"]}
RECORDS: dict[str, list[dict[str, Any]]] = {
    "Leads": [
        {"id": "1", "Last_Name": "Smith", "Email": "a@b.c", "Owner": {"name": "Pat", "id": "9"},
         "Annual_Revenue": 10, "Tags": ["x", "y"], "Created_Time": "2024-01-01T00:00:00Z"},
        {"id": "22", "Last_Name": "", "Email": None, "Owner": None, "Annual_Revenue": "1e3",
         "Tags": [], "Created_Time": "not a date"},
        {"id": "x3", "Last_Name": "ÅNGSTRÖM", "Email": "é@ü.de", "Owner": {"id": None},
         "Annual_Revenue": 2.5, "Tags": None, "Created_Time": "2024-02-30"},
    ]
}

VOCABULARY = [
    "select", "SELECT", "from", "where", "and", "or", "not", "in", "like", "between", "is", "null",
    "order", "by", "asc", "desc", "limit", "offset", "true", "false", "as", "group",
    "Leads", "leads", "Deals", "Last_Name", "Email", "Owner", "Owner.name", "Owner.id", "id", "Tags",
    "Annual_Revenue", "Created_Time", "Nope", "=", "!=", "<", "<=", ">", ">=", "<>", "==", "!",
    "(", ")", ",", ".", ";", "*", "-", "'", '"', "''", "'Smith'", "'%a_%'", "'2024-01-01'",
    "'2024-01-01T00:00:00+05:30'", "0", "1", "2000", "2001", "100000", "-5", "1.5", "99999999999999999999",
    "'", "\n", "#", "@", "$se_module", "é", "\u00b2", "\x00",
]

SOUP = st.lists(st.sampled_from(VOCABULARY), max_size=30).map(" ".join)
PREFIXES = st.sampled_from(["", "select Last_Name from Leads ", "select Last_Name from Leads where "])

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12),
    st.sampled_from(["", "0042", "-7", "3.25", "2024-05-05", "2024-05-05T10:00:00+02:00", "TRUE"]),
)
STORED_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "name", "x"]), inner),
    max_leaves=6,
)
WEIRD_RECORDS = st.lists(
    st.fixed_dictionaries(
        {"id": STORED_VALUES},
        optional={name: STORED_VALUES for name in FIELDS["Leads"]},
    ),
    max_size=8,
)

QUERIES_OVER_WEIRD_DATA = [
    "select Last_Name, Owner, Owner.name, Tags from Leads",
    "select Email from Leads where Last_Name like '%a%' or Annual_Revenue > 3 order by Owner.name desc, id",
    "select id from Leads where Tags in ('x', 1, true, null) "
    "and Created_Time between '2024-01-01' and 5",
    "select id from Leads where Owner != 9 or Email not like '_' or Annual_Revenue not between -1 and 1.5",
    "select id from Leads where Owner is null or Tags is not null "
    "order by Tags, Annual_Revenue, Created_Time",
    "select id from Leads where Annual_Revenue = '0042' or Last_Name < 'm' or Email >= true limit 2, 3",
]


def answer(query: str, records: dict[str, list[dict[str, Any]]] = RECORDS) -> None:
    """Run the query and check the only two acceptable outcomes."""
    try:
        rows, info = run_query(query, records, FIELDS)
    except CoqlError as error:
        assert error.status == 400
        assert error.code and error.message
        assert isinstance(error.details, dict)
        return
    assert info["count"] == len(rows) <= 2000
    assert isinstance(info["more_records"], bool)
    assert all("id" in row for row in rows)


FUZZ = settings(
    max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@FUZZ
@given(st.text(max_size=200))
def test_arbitrary_text_gives_rows_or_a_coql_error(query: str) -> None:
    answer(query)


@FUZZ
@given(PREFIXES, SOUP)
def test_token_soups_give_rows_or_a_coql_error(prefix: str, soup: str) -> None:
    answer(prefix + soup)


# Generating nested records costs more than running the query; fewer examples keep the suite quick.
@settings(FUZZ, max_examples=150)
@given(WEIRD_RECORDS, st.sampled_from(QUERIES_OVER_WEIRD_DATA))
def test_odd_stored_values_never_break_filtering_or_sorting(
    records: list[dict[str, Any]], query: str
) -> None:
    answer(query, {"Leads": records})


VALID_QUERIES = [
    "select Last_Name , Owner.name as o from Leads where ( Email is not null or Tags in ( 'x' , 'z' ) ) "
    "and Annual_Revenue between 1 and 20 order by o desc , id limit 0 , 5",
    "select Email from leads where Last_Name like 'S%' and Created_Time > '2023-12-31' limit 1 offset 0",
    "select id from Leads where not_a_column = 1 or Owner = 9 order by Email asc ;",
]


@st.composite
def mutated_queries(draw: st.DrawFn) -> str:
    """A valid query with a few words deleted, replaced or inserted: reaches deep parser states."""
    words = draw(st.sampled_from(VALID_QUERIES)).split(" ")
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        position = draw(st.integers(min_value=0, max_value=len(words)))
        edit = draw(st.sampled_from(["delete", "replace", "insert"]))
        word = draw(st.sampled_from(VOCABULARY))
        if edit == "insert":
            words.insert(position, word)
        elif position < len(words):
            if edit == "delete":
                del words[position]
            else:
                words[position] = word
    return " ".join(words)


@FUZZ
@given(mutated_queries())
def test_mutated_valid_queries_give_rows_or_a_coql_error(query: str) -> None:
    answer(query)


def test_the_unmutated_queries_are_valid() -> None:
    outcomes = []
    for query in VALID_QUERIES:
        try:
            outcomes.append(run_query(query, RECORDS, FIELDS)[1]["count"])
        except CoqlError as error:
            outcomes.append(error.code)
    assert outcomes == [2, 1, "INVALID_QUERY"]


def test_a_soup_can_also_succeed() -> None:
    """The soup vocabulary reaches valid queries too, so the fuzzing covers the executor."""
    rows, info = run_query("select Last_Name from Leads where Owner.name like '%a_%' order by id desc",
                           RECORDS, FIELDS)
    assert [row["id"] for row in rows] == ["1"]
    assert info == {"count": 1, "more_records": False}
