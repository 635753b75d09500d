"""ORDER BY over matched records: stable sorts of an index permutation, least significant key first.

Keys are computed once per record and column. When every key of a column has the same rank (the usual
case: all numbers, all text) the bare values are sorted, which lets list.sort use its fast homogeneous
comparisons instead of comparing tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from connector.sandbox.coql_columns import Getter, Record
from connector.sandbox.coql_values import BLANK_SORT_KEY, normalize


def _column_keys(records: Sequence[Record], get: Getter) -> list[Any]:
    keys = [normalize(get(record)) for record in records]
    if None in keys:
        return [key or BLANK_SORT_KEY for key in keys]
    ranks = {key[0] for key in keys}  # type: ignore[index]
    if len(ranks) == 1:
        return [key[1] for key in keys]  # type: ignore[index]
    return keys


def order_records(records: Sequence[Record], order: Sequence[tuple[Getter, bool]]) -> list[Record]:
    """``records`` sorted by ``order`` (getter, descending) pairs, most significant first.

    reverse=True keeps list.sort stable, so ties keep the order of the less significant keys.
    """
    permutation = list(range(len(records)))
    for get, descending in reversed(order):
        keys = _column_keys(records, get)
        permutation.sort(key=keys.__getitem__, reverse=descending)
    return [records[index] for index in permutation]
