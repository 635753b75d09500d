"""The sandbox's bulk work in process: COQL over 100,000 records, a pathological LIKE, seeding 100,000
records. Each figure is a ratio against a trivial baseline over the same data in the same run.

- COQL: ``run_query`` over 100,000 Leads vs a list comprehension that filters the same records once.
- LIKE: ``%a%a%a%a%a%a%a%a%b`` (and the same with a trailing ``%``) on 20,000 and 40,000 ``a``s vs
  one case-insensitive regex search for ``b`` over the same text (one linear scan); the matcher is
  linear when its ratio does not grow as the text doubles (one regex of ``.*`` runs would backtrack).
- Seeding: 100,000 Books records (20k contacts, 10k items, 70k invoices) and 100,000 CRM Leads vs a
  list comprehension building 100,000 small dicts.

Baseline and work alternate round by round; each figure is the median of ``--rounds``. Prints JSON.

    .venv/bin/python bench/sandbox_work.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from connector.sandbox.books_store import BooksStore
from connector.sandbox.config import SandboxConfig
from connector.sandbox.coql import run_query
from connector.sandbox.coql_values import LikePattern
from connector.sandbox.crm_store import CrmStore

SIZE = 100_000
FIELDS = {"Leads": ["Last_Name", "Email", "Annual_Revenue", "Owner", "Created_Time", "Lead_Source"]}
QUERIES = {
    "all, default order, first page": "select Last_Name, Email from Leads",
    "number and IN filter, limit 2000":
        "select Last_Name, Owner.name from Leads "
        "where Annual_Revenue > 500000 and Lead_Source in ('Web', 'Referral') limit 2000",
    "LIKE or lookup, text sort":
        "select Last_Name from Leads where Email like '%7@example.com' or Owner.name = 'pat' "
        "order by Last_Name desc",
    "date range, two-key sort, offset":
        "select Last_Name from Leads where Created_Time between '2024-03-01' and '2024-06-30T23:59:59Z' "
        "order by Created_Time, Annual_Revenue desc limit 100 offset 500",
    "is null, number sort, deep offset":
        "select Last_Name from Leads where Email is null order by Annual_Revenue limit 2000 offset 30000",
}
PATHOLOGICAL_LIKE = "%a%a%a%a%a%a%a%a%b"
FIXED_CLOCK = lambda: 1_714_557_600.0  # noqa: E731 - the stores only stamp records with it
Store = TypeVar("Store")
BOOKS_SEED = {"contacts": 20_000, "items": 10_000, "invoices": 70_000}


def leads() -> list[dict[str, Any]]:
    """The same 100,000 shuffled Leads as tests/sandbox/test_coql_performance.py."""
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
    rng.shuffle(records)
    return records


def seconds(work: Callable[[], object]) -> float:
    gc.collect()  # garbage left by the previous step is not charged to this one
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def compare(work: Callable[[], object], baseline: Callable[[], object], rounds: int,
            prepare: Callable[[], None] = lambda: None) -> dict[str, float]:
    """Median seconds of ``work`` and ``baseline``, alternated so drift hits both alike, and their ratio.
    ``prepare`` runs untimed before each round of ``work`` (e.g. a fresh store to seed)."""
    work_times, baseline_times = [], []
    for _ in range(rounds):
        baseline_times.append(seconds(baseline))
        prepare()
        work_times.append(seconds(work))
    work_s, baseline_s = statistics.median(work_times), statistics.median(baseline_times)
    return {"work_ms": round(work_s * 1000, 2), "baseline_ms": round(baseline_s * 1000, 2),
            "ratio": round(work_s / baseline_s, 2)}


def coql_figures(rounds: int) -> dict[str, dict[str, float]]:
    records = leads()
    stores = {"Leads": records}

    def one_pass() -> object:
        return [record for record in records if record["Annual_Revenue"] > 500000]

    return {label: compare(partial(run_query, text, stores, FIELDS), one_pass, rounds)
            for label, text in QUERIES.items()}


def repeated(work: Callable[[], object], times: int) -> Callable[[], object]:
    return lambda: [work() for _ in range(times)]


def like_figures(rounds: int) -> dict[str, dict[str, float]]:
    """Each figure is 200 calls. The first pattern's segments all match at the start of the text; the
    second's trailing ``%`` sends the search for ``b`` through the whole text, as the baseline's does."""
    one_scan = re.compile("b", re.IGNORECASE | re.DOTALL)
    figures = {}
    for source in (PATHOLOGICAL_LIKE, PATHOLOGICAL_LIKE + "%"):
        pattern = LikePattern(source)
        for length in (20_000, 40_000):
            text = "a" * length
            matcher, baseline = partial(pattern.matches, text), partial(one_scan.search, text)
            label = f"'{source}' on {length:,} chars"
            figures[label] = compare(repeated(matcher, 200), repeated(baseline, 200), rounds)
    return figures


def plain_dicts() -> object:
    return [{"id": str(n), "name": f"Record {n}", "amount": n % 977} for n in range(SIZE)]


def seed_figure(new_store: Callable[[], Store], seed: Callable[[Store], object],
                rounds: int) -> dict[str, float]:
    """``seed`` timed on a fresh store each round (built untimed) against ``plain_dicts``."""
    store = [new_store()]

    def fresh() -> None:
        store[0] = new_store()

    return compare(lambda: seed(store[0]), plain_dicts, rounds, prepare=fresh)


def seed_figures(rounds: int) -> dict[str, dict[str, float]]:
    return {
        "Books, 100,000 records": seed_figure(lambda: BooksStore(clock=FIXED_CLOCK),
                                              lambda store: store.seed(BOOKS_SEED), rounds),
        "CRM, 100,000 Leads": seed_figure(lambda: CrmStore(SandboxConfig(clock=FIXED_CLOCK)),
                                          lambda store: store.seed({"Leads": SIZE}), rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternated rounds per figure (median)")
    args = parser.parse_args()
    result = {"rounds": args.rounds, "coql": coql_figures(args.rounds), "like": like_figures(args.rounds),
              "seed": seed_figures(args.rounds)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
