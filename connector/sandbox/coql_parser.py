"""Recursive-descent parser for the COQL subset the sandbox supports.

    query      := SELECT item ("," item)* FROM name [WHERE or] [ORDER BY order ("," order)*]
                  [LIMIT value ["," value] | LIMIT value OFFSET value | OFFSET value] [";"]
    item       := column [AS name]
    or         := and (OR and)*
    and        := atom (AND atom)*
    atom       := "(" or ")" | column predicate
    predicate  := cmp value | [NOT] LIKE value | [NOT] IN "(" value ("," value)* ")"
                  | [NOT] BETWEEN value AND value | IS [NOT] NULL
    column     := name ("." name)*     a name is a non-reserved word, or quoted ('External')

Zoho asks for criteria bracketed in pairs; the sandbox is more lenient and applies the usual precedence
(AND binds tighter than OR). Errors: an unexpected token gives SYNTAX_ERROR {"near", "line", "column"}; a
query that ends too early gives SYNTAX_ERROR {"clause"} naming the unfinished clause.
"""

from __future__ import annotations

from connector.sandbox.coql_ast import (
    ColumnRef,
    Comparison,
    Condition,
    Literal,
    Logical,
    Membership,
    NullCheck,
    OrderItem,
    Query,
    Range,
    SelectItem,
)
from connector.sandbox.coql_errors import CoqlError, syntax_error_in_clause, syntax_error_near
from connector.sandbox.coql_lexer import Kind, Token, tokenize
from connector.sandbox.coql_values import parse_number

RESERVED = frozenset(
    {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "BETWEEN", "IS", "NULL", "ORDER", "BY"}
    | {"ASC", "DESC", "LIMIT", "OFFSET", "TRUE", "FALSE", "GROUP", "HAVING", "AS"}
)
COMPARISON_OPERATORS = frozenset({"=", "!=", "<", "<=", ">", ">="})
# Nesting deeper than this is no real query; the bound keeps recursion far from Python's limit.
MAX_NESTING = 50


def parse(text: str) -> Query:
    """The syntax tree of ``text``; raises CoqlError (SYNTAX_ERROR) when it is not a valid SELECT."""
    return _Parser(tokenize(text)).query()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.clause = "select"  # the clause being read, reported when the query ends too early
        self.depth = 0

    # -- token helpers -------------------------------------------------------------------------------

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind is not Kind.EOF:
            self.pos += 1
        return token

    def error(self, token: Token | None = None) -> CoqlError:
        token = token or self.current
        if token.kind is Kind.EOF:
            return syntax_error_in_clause(self.clause)
        return syntax_error_near(token.text, token.line, token.column)

    def accept_keyword(self, *words: str) -> Token | None:
        if self.current.is_keyword(*words):
            return self.advance()
        return None

    def expect_keyword(self, word: str) -> Token:
        token = self.accept_keyword(word)
        if token is None:
            raise self.error()
        return token

    def accept(self, kind: Kind) -> Token | None:
        if self.current.kind is kind:
            return self.advance()
        return None

    def expect(self, kind: Kind) -> Token:
        token = self.accept(kind)
        if token is None:
            raise self.error()
        return token

    # -- clauses -------------------------------------------------------------------------------------

    def query(self) -> Query:
        self.expect_keyword("SELECT")
        columns = self.select_list()
        self.clause = "from"
        self.expect_keyword("FROM")
        module = self.name()
        where = self.where_clause()
        order_by = self.order_by_clause()
        limit, offset = self.limit_clause()
        self.accept(Kind.SEMICOLON)
        if self.current.kind is not Kind.EOF:
            raise self.error()
        return Query(columns, module, where, order_by, limit, offset)

    def select_list(self) -> tuple[SelectItem, ...]:
        items = [self.select_item()]
        while self.accept(Kind.COMMA):
            items.append(self.select_item())
        return tuple(items)

    def select_item(self) -> SelectItem:
        column = self.column()
        alias = self.name() if self.accept_keyword("AS") else None
        return SelectItem(column, alias)

    def where_clause(self) -> Condition | None:
        if not self.accept_keyword("WHERE"):
            return None
        self.clause = "where"
        return self.disjunction()

    def order_by_clause(self) -> tuple[OrderItem, ...]:
        if not self.accept_keyword("ORDER"):
            return ()
        self.clause = "order by"
        self.expect_keyword("BY")
        items = [self.order_item()]
        while self.accept(Kind.COMMA):
            items.append(self.order_item())
        return tuple(items)

    def order_item(self) -> OrderItem:
        column = self.column()
        direction = self.accept_keyword("ASC", "DESC")
        return OrderItem(column, direction is not None and direction.text.upper() == "DESC")

    def limit_clause(self) -> tuple[str | None, str | None]:
        """``limit N``, ``limit OFFSET, N``, ``limit N offset M`` or ``offset M``; values kept as written."""
        limit = offset = None
        if self.accept_keyword("LIMIT"):
            self.clause = "limit"
            limit = self.raw_value()
            if self.accept(Kind.COMMA):
                offset, limit = limit, self.raw_value()
        if offset is None and self.accept_keyword("OFFSET"):
            self.clause = "offset"
            offset = self.raw_value()
        return limit, offset

    def raw_value(self) -> str:
        """A LIMIT/OFFSET operand as written; its validity is the planner's call (INVALID_QUERY)."""
        if self.accept(Kind.MINUS):
            return "-" + self.expect(Kind.NUMBER).text
        token = self.current
        if token.kind in (Kind.NUMBER, Kind.STRING) or (token.kind is Kind.IDENT and not self.is_reserved()):
            self.advance()
            return token.value
        raise self.error()

    # -- WHERE ---------------------------------------------------------------------------------------

    def disjunction(self) -> Condition:
        operands = [self.conjunction()]
        while self.accept_keyword("OR"):
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else Logical("or", tuple(operands))

    def conjunction(self) -> Condition:
        operands = [self.atom()]
        while self.accept_keyword("AND"):
            operands.append(self.atom())
        return operands[0] if len(operands) == 1 else Logical("and", tuple(operands))

    def atom(self) -> Condition:
        opening = self.accept(Kind.LPAREN)
        if opening is None:
            return self.criterion()
        if self.depth >= MAX_NESTING:
            raise self.error(opening)
        self.depth += 1
        inner = self.disjunction()
        self.depth -= 1
        self.expect(Kind.RPAREN)
        return inner

    def criterion(self) -> Condition:
        column = self.column()
        if self.accept_keyword("IS"):
            negated = self.accept_keyword("NOT") is not None
            self.expect_keyword("NULL")
            return NullCheck(column, negated)
        negated = self.accept_keyword("NOT") is not None
        if self.accept_keyword("LIKE"):
            return Comparison(column, "not like" if negated else "like", self.literal())
        if self.accept_keyword("IN"):
            return Membership(column, self.literal_list(), negated)
        if self.accept_keyword("BETWEEN"):
            low = self.literal()
            self.expect_keyword("AND")
            return Range(column, low, self.literal(), negated)
        if negated:
            raise self.error()
        operator = self.current
        if operator.kind is not Kind.OPERATOR or operator.text not in COMPARISON_OPERATORS:
            raise self.error()
        self.advance()
        return Comparison(column, operator.text, self.literal())

    def literal_list(self) -> tuple[Literal, ...]:
        self.expect(Kind.LPAREN)
        values = [self.literal()]
        while self.accept(Kind.COMMA):
            values.append(self.literal())
        self.expect(Kind.RPAREN)
        return tuple(values)

    def literal(self) -> Literal:
        token = self.current
        if token.kind is Kind.MINUS:
            self.advance()
            return -parse_number(self.expect(Kind.NUMBER).text)
        if token.kind is Kind.NUMBER:
            self.advance()
            return parse_number(token.text)
        if token.kind is Kind.STRING:
            self.advance()
            return token.value
        if token.is_keyword("TRUE", "FALSE"):
            self.advance()
            return token.text.upper() == "TRUE"
        if token.is_keyword("NULL"):
            self.advance()
            return None
        if token.kind is Kind.IDENT and not self.is_reserved():
            # Zoho accepts bare words as values (Lead_Source = Advertisement).
            self.advance()
            return token.text
        raise self.error()

    # -- names ---------------------------------------------------------------------------------------

    def is_reserved(self) -> bool:
        return self.current.kind is Kind.IDENT and self.current.text.upper() in RESERVED

    def name(self) -> str:
        """A bare non-reserved word or a quoted one (the way to use a reserved word as a name)."""
        token = self.current
        bare = token.kind is Kind.IDENT and not self.is_reserved()
        if bare or (token.kind is Kind.STRING and token.value):
            self.advance()
            return token.value
        raise self.error()

    def column(self) -> ColumnRef:
        parts = [self.name()]
        while self.accept(Kind.DOT):
            parts.append(self.name())
        return ColumnRef(tuple(parts))
