"""COQL tokenizer: turns query text into tokens with 1-based line and column for error details.

Keywords are not recognised here; they are identifiers that the parser compares case-insensitively, so a
column that happens to share a keyword's name can still be written quoted ('External').
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from connector.sandbox.coql_errors import syntax_error_near


class Kind(Enum):
    IDENT = "identifier"
    STRING = "string"
    NUMBER = "number"
    OPERATOR = "operator"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    DOT = "."
    MINUS = "-"
    STAR = "*"
    SEMICOLON = ";"
    EOF = "end of query"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str  # as written in the query, quotes included; used for {"near": ...}
    value: str  # decoded: string contents without quotes and escapes, otherwise the text
    line: int
    column: int

    def is_keyword(self, *words: str) -> bool:
        return self.kind is Kind.IDENT and self.text.upper() in words


_PUNCTUATION = {
    "(": Kind.LPAREN,
    ")": Kind.RPAREN,
    ",": Kind.COMMA,
    ".": Kind.DOT,
    "-": Kind.MINUS,
    "*": Kind.STAR,
    ";": Kind.SEMICOLON,
}
_TWO_CHAR_OPERATORS = ("!=", "<=", ">=", "<>")
_ONE_CHAR_OPERATORS = ("=", "<", ">")
_QUOTES = ("'", '"')


def _is_digit(char: str) -> bool:
    # ASCII only: str.isdigit() accepts characters such as "²" that int() rejects.
    return "0" <= char <= "9"


def _is_identifier_char(char: str) -> bool:
    return char.isalnum() or char in "_$"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0

    def column(self, pos: int) -> int:
        return pos - self.line_start + 1

    def tokens(self) -> list[Token]:
        found: list[Token] = []
        while True:
            self._skip_whitespace()
            if self.pos >= len(self.text):
                found.append(Token(Kind.EOF, "", "", self.line, self.column(self.pos)))
                return found
            found.append(self._next_token())

    def _skip_whitespace(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            if self.text[self.pos] == "\n":
                self.line += 1
                self.line_start = self.pos + 1
            self.pos += 1

    def _next_token(self) -> Token:
        start, char = self.pos, self.text[self.pos]
        line, column = self.line, self.column(start)
        if char in _QUOTES:
            return self._string(char)
        if _is_digit(char):
            return self._number()
        if _is_identifier_char(char):
            while self.pos < len(self.text) and _is_identifier_char(self.text[self.pos]):
                self.pos += 1
            word = self.text[start : self.pos]
            return Token(Kind.IDENT, word, word, line, column)
        pair = self.text[start : start + 2]
        if pair in _TWO_CHAR_OPERATORS:
            self.pos += 2
            return Token(Kind.OPERATOR, pair, pair, line, column)
        self.pos += 1
        if char in _ONE_CHAR_OPERATORS:
            return Token(Kind.OPERATOR, char, char, line, column)
        if char in _PUNCTUATION:
            return Token(_PUNCTUATION[char], char, char, line, column)
        raise syntax_error_near(char, line, column)

    def _number(self) -> Token:
        start, column = self.pos, self.column(self.pos)
        while self.pos < len(self.text) and _is_digit(self.text[self.pos]):
            self.pos += 1
        if self.text.startswith(".", self.pos) and _is_digit(self.text[self.pos + 1 : self.pos + 2]):
            self.pos += 1
            while self.pos < len(self.text) and _is_digit(self.text[self.pos]):
                self.pos += 1
        text = self.text[start : self.pos]
        return Token(Kind.NUMBER, text, text, self.line, column)

    def _string(self, quote: str) -> Token:
        """A quoted string; the quote character is escaped by doubling it ('O''Brien')."""
        start, line, column = self.pos, self.line, self.column(self.pos)
        self.pos += 1
        parts: list[str] = []
        while True:
            end = self.text.find(quote, self.pos)
            if end < 0:
                raise syntax_error_near(self.text[start:].split("\n", 1)[0], line, column)
            parts.append(self.text[self.pos : end])
            self.pos = end + 1
            if self.text.startswith(quote, self.pos):
                parts.append(quote)
                self.pos += 1
                continue
            break
        raw = self.text[start : self.pos]
        self._count_newlines(raw)
        return Token(Kind.STRING, raw, "".join(parts), line, column)

    def _count_newlines(self, raw: str) -> None:
        """Strings may span lines; keep line/column right for the tokens after them."""
        newlines = raw.count("\n")
        if newlines:
            self.line += newlines
            self.line_start = self.pos - (len(raw) - raw.rfind("\n") - 1)


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text``, ending with an EOF token; raises CoqlError SYNTAX_ERROR on a bad character."""
    return _Scanner(text).tokens()
