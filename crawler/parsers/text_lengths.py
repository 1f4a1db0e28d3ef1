"""Lengths of elements' whitespace-collapsed text (``len(text_of(el))``) for nested elements,
reading each part of the page's text once.

The body search weighs every ancestor of every paragraph by its link density, so it needs the
text length of a chain of nested elements (a paragraph's parent, its parent, and so on up to the
page's wrappers). Collapsing the text of each of them on its own reads the same words once per
level; here an element whose children's lengths are known is measured from them: the length of
a concatenation is the lengths of its parts, plus one space where a word ends and the next part
starts after whitespace (or the part ends in whitespace and the next starts a word).

A part is described by a :data:`Span`: its collapsed length and whether its raw text starts and
ends with whitespace (``str.isspace``, the whitespace ``str.split`` collapses). The empty string
has no span: it joins nothing.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from lxml import etree

from .document import all_text

#: (collapsed length, raw text starts with whitespace, raw text ends with whitespace)
Span = tuple[int, bool, bool]


def span_of(text: str | None) -> Span | None:
    """The span of one raw string; None for the empty string (or None)."""
    if not text:
        return None
    words = text.split()
    if not words:
        return 0, True, True  # whitespace only: a gap between the parts around it
    return len(" ".join(words)), text[0].isspace(), text[-1].isspace()


def joined(spans: Iterable[Span | None]) -> Span | None:
    """The span of the concatenation of parts with these spans, in order."""
    total = 0
    words = gap = False
    first: bool | None = None
    last = False
    for span in spans:
        if span is None:
            continue
        n, lead, trail = span
        if first is None:
            first = lead
        last = trail
        if not n:
            gap = True
            continue
        if words and (gap or lead):
            total += 1
        total += n
        words, gap = True, trail
    return None if first is None else (total, first, last)


class TextLengths:
    """Memoised collapsed text lengths of the elements of one tree (which must not change while
    it is in use)."""

    def __init__(self) -> None:
        self._spans: dict[etree._Element, Span | None] = {}

    def length(self, el: etree._Element, known: Container[etree._Element]) -> int:
        """``len(text_of(el))``. Children of ``el`` in ``known`` (and theirs, and so on) are
        measured first and ``el`` from them; an element without such children is measured from
        its whole text."""
        spans = self._spans
        if el not in spans:
            stack = [el]  # no recursion: hostile pages nest deeper than Python recurses
            while stack:
                node = stack[-1]
                pending = [c for c in node if c in known and c not in spans]
                if pending:
                    stack.extend(pending)
                    continue
                stack.pop()
                if node not in spans:
                    spans[node] = self._span(node, known)
        span = spans[el]
        return span[0] if span is not None else 0

    def _span(self, node: etree._Element, known: Container[etree._Element]) -> Span | None:
        children = [c for c in node]
        if not any(c in known for c in children):
            return span_of(all_text(node))
        spans = self._spans
        parts: list[Span | None] = [span_of(node.text)]
        for child in children:
            if child in known:
                parts.append(spans[child])
            elif isinstance(child.tag, str):
                parts.append(span_of(all_text(child)))
            parts.append(span_of(child.tail))
        return joined(parts)
