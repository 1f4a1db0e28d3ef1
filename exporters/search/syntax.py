"""The search query language, parsed: what every search backend answers.

    climate policy            both words (AND is implied)
    "climate policy"          the phrase
    clim*                     a prefix
    a OR b, a AND b, a NOT b  boolean operators (upper case); NOT binds tightest, then AND, then OR
    (a OR b) c                grouping
    title:word                a word (phrase, prefix, group) in one column: title, description, body
    NEAR(a b, 5)              the words close together (backends without proximity: all of them)

This is SQLite FTS5's syntax, which the FTS5 backend hands to SQLite as it is; the other backends
(PostgreSQL, plain substring matching) translate the parsed tree. :func:`parse` raises
:class:`QuerySyntaxError` for a malformed query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Column names a query may name, and the columns of ``articles`` they search.
COLUMNS = {"title": "title", "description": "description", "body": "body_text", "body_text": "body_text"}
OPERATORS = ("AND", "OR", "NOT")
TOKEN = re.compile(r'\s*(?:(?P<phrase>"(?:[^"]|"")*"?)|(?P<open>\()|(?P<close>\))|(?P<comma>,)|'
                   r'(?P<near>NEAR(?=\())|(?P<word>[^\s()",]+))')
NEAR_DEFAULT = 10
#: Words, operators and brackets a query may hold: a few hundred say anything a person asks, and
#: the database's time grows faster than the query (thousands of ORs took seconds in SQLite).
MAX_QUERY_TOKENS = 256


class QuerySyntaxError(ValueError):
    """A malformed query; the message says where."""


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    column: str | None = None


@dataclass(frozen=True)
class Near:
    terms: tuple[Term | Phrase, ...]
    distance: int = NEAR_DEFAULT


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """``keep`` but not ``drop`` (FTS5's NOT is binary)."""

    keep: Node
    drop: Node


Node = Term | Phrase | Near | And | Or | Not
WORD = re.compile(r"\w+")


def _tokens(query: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(query):
        m = TOKEN.match(query, pos)
        if m is None or m.end() == pos:
            if query[pos:].strip():
                raise QuerySyntaxError(f"unexpected {query[pos:].strip()[:20]!r}")
            break
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        if len(out) > MAX_QUERY_TOKENS:
            raise QuerySyntaxError(f"more than {MAX_QUERY_TOKENS} words, operators and brackets")
        pos = m.end()
    return out


def check_size(query: str) -> None:
    """Raise :class:`QuerySyntaxError` for a query of more than :data:`MAX_QUERY_TOKENS` parts (for
    a backend that hands the query to the database as it is)."""
    _tokens(query)


class _Parser:
    def __init__(self, query: str) -> None:
        self.tokens = _tokens(query)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise QuerySyntaxError("the query ends too early")
        self.i += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            raise QuerySyntaxError("empty query")
        node = self.or_expr()
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self._is_op("OR"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while True:
            if self._is_op("AND"):
                self.take()
                parts.append(self.not_expr())
            elif self._starts_operand():
                parts.append(self.not_expr())
            else:
                break
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_expr(self) -> Node:
        node = self.operand()
        while self._is_op("NOT"):
            self.take()
            node = Not(node, self.operand())
        return node

    def _is_op(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] == name

    def _starts_operand(self) -> bool:
        token = self.peek()
        if token is None or token[0] in ("close", "comma"):
            return False
        return not (token[0] == "word" and token[1] in OPERATORS)

    def operand(self, column: str | None = None) -> Node:
        kind, value = self.take()
        if kind == "open":
            node = self.or_expr()
            if self.take()[0] != "close":
                raise QuerySyntaxError("a '(' is not closed")
            return _in_column(node, column) if column else node
        if kind == "phrase":
            return self.phrase(value, column)
        if kind == "near":
            return self.near()
        if kind == "word":
            if value in OPERATORS:
                raise QuerySyntaxError(f"{value} needs a word before and after it")
            name, colon, rest = value.partition(":")
            if colon and name.lower() in COLUMNS:
                if column is not None:
                    raise QuerySyntaxError(f"nested column filter {value!r}")
                if rest:
                    return self.term(rest, COLUMNS[name.lower()])
                return self.operand(COLUMNS[name.lower()])
            return self.term(value, column)
        raise QuerySyntaxError(f"unexpected {value!r}")

    @staticmethod
    def term(text: str, column: str | None) -> Node:
        prefix = text.endswith("*")
        words = WORD.findall(text.rstrip("*"))
        if not words:
            raise QuerySyntaxError(f"{text!r} has no word in it")
        if len(words) == 1:
            return Term(words[0], prefix, column)
        return Phrase(tuple(words), column)  # "e-mail" is the phrase "e mail", as FTS5 tokenises it

    @staticmethod
    def phrase(value: str, column: str | None) -> Node:
        if len(value) < 2 or not value.endswith('"'):
            raise QuerySyntaxError("a quote is not closed")
        words = tuple(WORD.findall(value[1:-1].replace('""', '"')))
        if not words:
            raise QuerySyntaxError("empty phrase")
        return Term(words[0], False, column) if len(words) == 1 else Phrase(words, column)

    def near(self) -> Node:
        if self.take()[0] != "open":
            raise QuerySyntaxError("NEAR needs '('")
        terms: list[Term | Phrase] = []
        distance = NEAR_DEFAULT
        while True:
            kind, value = self.take()
            if kind == "close":
                break
            if kind == "comma":
                kind, value = self.take()
                if kind != "word" or not value.isdigit():
                    raise QuerySyntaxError("NEAR(…, N) needs a number after the comma")
                distance = int(value)
                if self.take()[0] != "close":
                    raise QuerySyntaxError("NEAR( is not closed")
                break
            node = self.phrase(value, None) if kind == "phrase" else self.term(value, None)
            terms.append(node)  # type: ignore[arg-type]
        if not terms:
            raise QuerySyntaxError("empty NEAR()")
        return Near(tuple(terms), distance)


def _in_column(node: Node, column: str) -> Node:
    if isinstance(node, Term):
        return Term(node.text, node.prefix, column)
    if isinstance(node, Phrase):
        return Phrase(node.words, column)
    if isinstance(node, And):
        return And(tuple(_in_column(p, column) for p in node.parts))
    if isinstance(node, Or):
        return Or(tuple(_in_column(p, column) for p in node.parts))
    if isinstance(node, Not):
        return Not(_in_column(node.keep, column), _in_column(node.drop, column))
    return node


def parse(query: str) -> Node:
    """The query's tree, or :class:`QuerySyntaxError`."""
    return _Parser(query).parse()


def words(node: Node) -> list[str]:
    """Every word the query looks for (for highlighting), negated ones excluded."""
    if isinstance(node, Term):
        return [node.text]
    if isinstance(node, Phrase):
        return list(node.words)
    if isinstance(node, Near):
        return [w for t in node.terms for w in words(t)]
    if isinstance(node, And | Or):
        return [w for p in node.parts for w in words(p)]
    return words(node.keep)
