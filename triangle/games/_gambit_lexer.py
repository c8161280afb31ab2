"""The tokens of Gambit's game files and a cursor over them (for :mod:`triangle.games.gambit`).

Gambit's own reader splits a file into numbers, quoted labels, braces, commas and words,
with whitespace anywhere; so does :func:`tokenize`, which also keeps each token's line and
column so that every error can name them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from triangle.errors import GambitFormatError

__all__ = ["Reader", "Token", "describe", "tokenize", "where_file"]

#: Decimal exponents beyond this are refused: ``Fraction("1e999999999")`` would build a
#: billion-digit integer, and no payoff of a float-valued game is that large or small.
_MAX_EXPONENT = 400
#: Numbers larger than this are refused: they would overflow the games' float payoffs.
_MAX_MAGNITUDE = Fraction(sys.float_info.max)


def where_file(name: str | None) -> str:
    """The prefix of an error message that names the file (nothing for text given directly)."""
    return f"{name}: " if name else ""


@dataclass(frozen=True)
class Token:
    """One token, where it starts (line and column, from 1) and a number's exact value."""

    kind: str  # "number", "text", "symbol", "{", "}", ",", "end"
    text: str  # the number or symbol as written, or the decoded string
    line: int
    column: int
    value: Fraction | None = None


_NUMBER = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?)")
_DELIMITERS = frozenset(' \t\r\n\v\f{},"')


def tokenize(text: str, name: str | None) -> list[Token]:
    """Split a Gambit file into tokens, as Gambit's own reader does (whitespace anywhere).

    >>> [t.kind for t in tokenize('NFG "a b" { 1/2, 3 }', None)]
    ['symbol', 'text', '{', 'number', ',', 'number', '}', 'end']
    """
    tokens: list[Token] = []
    i, n, line, line_start = 0, len(text), 1, 0

    def fail(message: str, at_line: int, column: int) -> GambitFormatError:
        return GambitFormatError(f"{where_file(name)}line {at_line}, column {column}: {message}")

    while i < n:
        c = text[i]
        if c == "\n":
            line, line_start, i = line + 1, i + 1, i + 1
            continue
        if c.isspace():
            i += 1
            continue
        column = i - line_start + 1
        if c in "{},":
            tokens.append(Token(c, c, line, column))
            i += 1
        elif c == '"':
            start_line, chars, i = line, [], i + 1
            while True:
                if i >= n:
                    raise fail(
                        "a quoted label never ends; add the closing double quote (write a quote "
                        'inside a label as \\").',
                        start_line,
                        column,
                    )
                ch = text[i]
                if ch == "\\" and i + 1 < n and text[i + 1] in '"\\':
                    chars.append(text[i + 1])
                    i += 2
                    continue
                if ch == '"':
                    i += 1
                    break
                if ch == "\n":
                    line, line_start = line + 1, i + 1
                chars.append(ch)
                i += 1
            tokens.append(Token("text", "".join(chars), start_line, column))
        else:
            end = i
            while end < n and text[end] not in _DELIMITERS:
                end += 1
            word = text[i:end]
            if c.isdigit() or c in "+-.":
                tokens.append(number_token(word, line, column, fail))
            else:
                tokens.append(Token("symbol", word, line, column))
            i = end
    column = n - line_start + 1
    tokens.append(Token("end", "", line, column))
    return tokens


def number_token(word: str, line: int, column: int, fail: Any) -> Token:
    """A number token with its exact value, or ``fail(message, line, column)`` raised."""
    match = _NUMBER.fullmatch(word)
    if match is None:
        raise fail(
            f"{word!r} is not a number; expected an integer (3), a fraction (-1/3) or a "
            f"decimal (0.25, 2.5e-1).",
            line,
            column,
        )
    if match.group(1) is not None and abs(int(match.group(1))) > _MAX_EXPONENT:
        raise fail(f"the number {word} is out of range (exponent beyond {_MAX_EXPONENT}).", line,
                   column)
    try:
        value = Fraction(word)
    except ZeroDivisionError:
        raise fail(f"the fraction {word} divides by zero.", line, column) from None
    if abs(value) > _MAX_MAGNITUDE:
        raise fail(f"the number {word} is too large for a payoff or probability.", line, column)
    return Token("number", word, line, column, value)


def describe(token: Token) -> str:
    """How an error message shows a token: ``the number 3``, ``the label 'x'``, ``'{'``."""
    if token.kind == "end":
        return "the end of the file"
    if token.kind == "number":
        return f"the number {token.text}"
    if token.kind == "text":
        shown = token.text if len(token.text) <= 40 else token.text[:37] + "..."
        return f"the label {shown!r}"
    return f"{token.text!r}"


class Reader:
    """A cursor over the tokens, whose errors name the line, the expected and the found."""

    def __init__(self, tokens: list[Token], name: str | None) -> None:
        self.tokens, self.pos, self.name = tokens, 0, name

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def remaining(self) -> int:
        return len(self.tokens) - 1 - self.pos

    def fail(self, token: Token, expected: str, hint: str = "") -> GambitFormatError:
        return GambitFormatError(
            f"{where_file(self.name)}line {token.line}, column {token.column}: expected "
            f"{expected}; found {describe(token)}.{' ' + hint if hint else ''}"
        )

    def expect(self, kind: str, expected: str, hint: str = "") -> Token:
        token = self.take()
        if token.kind != kind:
            raise self.fail(token, expected, hint)
        return token

    def integer(self, expected: str, low: int = 0, high: int | None = None) -> tuple[int, Token]:
        token = self.take()
        value = token.value
        if (
            token.kind != "number"
            or value is None
            or value.denominator != 1
            or not token.text.lstrip("+").isdigit()
            or value < low
            or (high is not None and value > high)
        ):
            raise self.fail(token, expected)
        return int(value), token

    def labels(self, what: str) -> list[str]:
        """A braced list of quoted labels: ``{ "a" "b" }``."""
        self.expect("{", f"'{{' before {what}")
        out = []
        while self.peek().kind == "text":
            out.append(self.take().text)
        self.expect("}", f"a name in double quotes or '}}' to close {what}")
        return out

    def header(self, version: str) -> tuple[str, list[str]]:
        """``NFG 1 R "title" { players }`` (or ``EFG 2 R ...``): the title and players."""
        kind = self.take().text
        token = self.take()
        if token.kind != "number" or token.text != version:
            raise self.fail(token, f"the version number {version} ({kind} files are version "
                            f"{version})")
        token = self.take()
        if token.kind != "symbol" or token.text not in ("R", "D"):
            raise self.fail(token, "'R' (the number type; older files may have 'D')")
        title = self.expect("text", "the game's title in double quotes (\"\" for none)").text
        players = self.labels("the players' names")
        return title, players
