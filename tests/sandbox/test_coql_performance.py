"""Queries over 100,000 records give the right answers (the fast path: one pass to filter, keys computed
once). How fast they are is measured in bench/sandbox_work.py, not here."""

from __future__ import annotations

import random
from typing import Any

import pytest

from connector.sandbox.coql import run_query

SIZE = 100_000
FIELDS = {"Leads": ["Last_Name", "Email", "Annual_Revenue", "Owner", "Created_Time", "Lead_Source"]}


@pytest.fixture(scope="module")
def leads() -> list[dict[str, Any]]:
    rng = random.Random(20240501)
    owners = [{"name": name, "id": str(5725767000000411000 + n)} for n, name in enumerate(["Pat", "Sam"])]
    records = [
        {
            "id": str(5725767000000500000 + n),
            "Last_Name": f"Name{rng.randrange(100_000):05d}",
            "Email": f"user{n}@example.com" if n % 3 else None,
            "Annual_Revenue": rng.randrange(1_000_000),
            "Owner": rng.choice(owners),
            "Created_Time": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+05:30",
            "Lead_Source": rng.choice(["Web", "Advertisement", "Referral"]),
        }
        for n in range(SIZE)
    ]
    rng.shuffle(records)  # the store's order is not id order: the default sort has real work to do
    return records


Result = tuple[list[dict[str, Any]], dict[str, Any]]


def query(text: str, records: list[dict[str, Any]]) -> Result:
    return run_query(text, {"Leads": records}, FIELDS)


QUERIES = [  # (query, rows on the first page: every one is cut by its limit)
    ("select Last_Name, Email from Leads", 200),
    ("select Last_Name, Owner.name from Leads "
     "where Annual_Revenue > 500000 and Lead_Source in ('Web', 'Referral') limit 2000", 2000),
    ("select Last_Name from Leads where Email like '%7@example.com' or Owner.name = 'pat' "
     "order by Last_Name desc", 200),
    ("select Last_Name from Leads where Created_Time between '2024-03-01' and '2024-06-30T23:59:59Z' "
     "order by Created_Time, Annual_Revenue desc limit 100 offset 500", 100),
    ("select Last_Name from Leads where Email is null order by Annual_Revenue limit 2000 offset 30000", 2000),
]


@pytest.mark.parametrize(("text", "page_size"), QUERIES)
def test_queries_over_100k_records_answer(text: str, page_size: int, leads: list[dict[str, Any]]) -> None:
    rows, info = query(text, leads)
    assert info == {"count": page_size, "more_records": True}
    assert len(rows) == page_size and len({row["id"] for row in rows}) == page_size


def test_the_fast_path_still_filters_and_sorts_correctly(leads: list[dict[str, Any]]) -> None:
    text = "select Annual_Revenue from Leads where Annual_Revenue >= 990000 order by Annual_Revenue desc"
    rows, info = query(text, leads)
    expected = sorted(
        (record for record in leads if record["Annual_Revenue"] >= 990000),
        key=lambda record: (-record["Annual_Revenue"], int(record["id"])),
    )
    assert [row["id"] for row in rows] == [record["id"] for record in expected[:200]]
    assert info["more_records"] is (len(expected) > 200)


def test_default_order_is_by_id_across_the_whole_store(leads: list[dict[str, Any]]) -> None:
    rows, info = query("select Last_Name from Leads limit 200, 2000", leads)
    assert [row["id"] for row in rows] == [str(5725767000000500000 + n) for n in range(200, 2200)]
    assert info == {"count": 2000, "more_records": True}
