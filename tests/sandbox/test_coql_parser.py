"""The tokenizer and the recursive-descent parser on their own: tokens, positions and tree shapes."""

from __future__ import annotations

import pytest

from connector.sandbox.coql_ast import (
    ColumnRef,
    Comparison,
    Logical,
    Membership,
    NullCheck,
    OrderItem,
    Range,
    SelectItem,
    criteria,
)
from connector.sandbox.coql_errors import CoqlError
from connector.sandbox.coql_lexer import Kind, tokenize
from connector.sandbox.coql_parser import parse


def column(text: str) -> ColumnRef:
    return ColumnRef(tuple(text.split(".")))


def test_tokens_carry_kind_text_value_and_position() -> None:
    tokens = tokenize("select Owner.name,\n  'O''Brien' <= -12.5;")
    assert [(t.kind, t.text, t.value, t.line, t.column) for t in tokens] == [
        (Kind.IDENT, "select", "select", 1, 1),
        (Kind.IDENT, "Owner", "Owner", 1, 8),
        (Kind.DOT, ".", ".", 1, 13),
        (Kind.IDENT, "name", "name", 1, 14),
        (Kind.COMMA, ",", ",", 1, 18),
        (Kind.STRING, "'O''Brien'", "O'Brien", 2, 3),
        (Kind.OPERATOR, "<=", "<=", 2, 14),
        (Kind.MINUS, "-", "-", 2, 17),
        (Kind.NUMBER, "12.5", "12.5", 2, 18),
        (Kind.SEMICOLON, ";", ";", 2, 22),
        (Kind.EOF, "", "", 2, 23),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("''", ""), ("''''", "'"), ("'a''''b'", "a''b"), ('"say ""hi"""', 'say "hi"'),
     ("'multi\nline'", "multi\nline")],
)
def test_strings_escape_their_quote_by_doubling(text: str, value: str) -> None:
    token = tokenize(text)[0]
    assert (token.kind, token.value) == (Kind.STRING, value)


def test_unicode_digits_are_not_numbers() -> None:
    assert [t.kind for t in tokenize("1\u00b2")] == [Kind.NUMBER, Kind.IDENT, Kind.EOF]


def test_and_binds_tighter_than_or() -> None:
    tree = parse("select a from M where x = 1 or y = 2 and z = 3").where
    assert tree == Logical("or", (
        Comparison(column("x"), "=", 1),
        Logical("and", (Comparison(column("y"), "=", 2), Comparison(column("z"), "=", 3))),
    ))


def test_parentheses_regroup() -> None:
    tree = parse("select a from M where (x = 1 or y = 2) and z = 3").where
    assert tree == Logical("and", (
        Logical("or", (Comparison(column("x"), "=", 1), Comparison(column("y"), "=", 2))),
        Comparison(column("z"), "=", 3),
    ))


def test_every_predicate_form() -> None:
    query = parse(
        "select a from M where b like 'x%' and c not like 'y' and d in (1, 'two', true, null) "
        "and e not in (-3) and f between 1 and 2 and g not between 'a' and 'b' and h is null "
        "and i is not null and j != false and k >= 4.5 and l = Bare"
    )
    assert criteria(query.where) == [
        Comparison(column("b"), "like", "x%"),
        Comparison(column("c"), "not like", "y"),
        Membership(column("d"), (1, "two", True, None), negated=False),
        Membership(column("e"), (-3,), negated=True),
        Range(column("f"), 1, 2, negated=False),
        Range(column("g"), "a", "b", negated=True),
        NullCheck(column("h"), negated=False),
        NullCheck(column("i"), negated=True),
        Comparison(column("j"), "!=", False),
        Comparison(column("k"), ">=", 4.5),
        Comparison(column("l"), "=", "Bare"),
    ]


def test_select_order_and_paging_clauses() -> None:
    query = parse("SELECT a, B.c AS bc, 'External' FROM mod ORDER BY a DESC, bc, x ASC LIMIT 5 OFFSET 10;")
    assert query.columns == (SelectItem(column("a")), SelectItem(column("B.c"), "bc"),
                             SelectItem(column("External")))
    assert query.module == "mod"
    assert query.where is None
    assert query.order_by == (OrderItem(column("a"), True), OrderItem(column("bc"), False),
                              OrderItem(column("x"), False))
    assert (query.limit, query.offset) == ("5", "10")


@pytest.mark.parametrize(
    ("tail", "limit", "offset"),
    [("", None, None), ("limit 7", "7", None), ("limit 3, 7", "7", "3"), ("limit 7 offset 3", "7", "3"),
     ("offset 3", None, "3"), ("limit abc", "abc", None), ("limit -2", "-2", None)],
)
def test_limit_forms_are_kept_as_written(tail: str, limit: str | None, offset: str | None) -> None:
    query = parse(f"select a from M {tail}")
    assert (query.limit, query.offset) == (limit, offset)


def test_reserved_words_need_quotes_to_be_names() -> None:
    with pytest.raises(CoqlError) as caught:
        parse("select order from M")
    assert caught.value.details == {"near": "order", "line": 1, "column": 8}
    assert parse("select 'order' from M").columns == (SelectItem(column("order")),)
