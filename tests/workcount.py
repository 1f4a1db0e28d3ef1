"""Counting the work the parser does on a page, deterministically, to check that it grows linearly
with the page (timings on a shared machine cannot show that).

Work is every Python function call and every call into C made while parsing
(:func:`sys.setprofile`), plus what lxml does inside one call that costs as much as the part of
the tree it walks: ``len(el)`` (lxml counts the children one by one), ``el[i]``,
``text_content()``, serialising a subtree (``etree.tostring``, which reads an element's text),
path queries over descendants, deep copies, and the items of every tree iterator (``iter``,
``itertext``, ``iterancestors``, ``itersiblings``...). The parser is run with
elements of :class:`CountingElement`, which charge that work to a counter.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import lxml.html
from lxml import etree

from crawler.parsers import document

_work = [0]


def _charge(n: int) -> None:
    _work[0] += n


def _subtree(el: Any) -> int:
    return sum(1 for _ in lxml.html.HtmlElement.iter(el))


class CountingElement(lxml.html.HtmlElement):
    """An element that charges the tree walking lxml does in C."""

    def __len__(self) -> int:
        n = super().__len__()
        _charge(n)
        return n

    def __getitem__(self, index: Any) -> Any:
        _charge(abs(index) + 1 if isinstance(index, int) else super().__len__())
        return super().__getitem__(index)

    def __iter__(self) -> Iterator[Any]:
        yield from super().__iter__()

    def __deepcopy__(self, memo: Any) -> Any:
        _charge(_subtree(self))
        return super().__deepcopy__(memo)

    def __copy__(self) -> Any:
        _charge(_subtree(self))
        return super().__copy__()

    def text_content(self) -> Any:
        text = super().text_content()
        _charge(1 + len(text) // 16)
        return text

    def _walk(name: str) -> Callable[..., Iterator[Any]]:  # type: ignore[misc]  # noqa: N805
        def walk(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            yield from getattr(lxml.html.HtmlElement, name)(self, *args, **kwargs)
        walk.__name__ = name
        return walk

    iter = _walk("iter")
    itertext = _walk("itertext")
    iterancestors = _walk("iterancestors")
    iterdescendants = _walk("iterdescendants")
    itersiblings = _walk("itersiblings")
    iterchildren = _walk("iterchildren")
    iterfind = _walk("iterfind")

    def _query(name: str) -> Callable[..., Any]:  # type: ignore[misc]  # noqa: N805
        def query(self: Any, path: str, *args: Any, **kwargs: Any) -> Any:
            if "//" in path or "descendant" in path:
                _charge(_subtree(self))
            result = getattr(lxml.html.HtmlElement, name)(self, path, *args, **kwargs)
            if isinstance(result, list):
                _charge(len(result))
            return result
        query.__name__ = name
        return query

    find = _query("find")
    findall = _query("findall")
    xpath = _query("xpath")
    findtext = _query("findtext")


def _counting_tostring(*args: Any, **kwargs: Any) -> Any:
    out = _TOSTRING(*args, **kwargs)  # serialising a subtree (its text) costs as much as its size
    _charge(1 + len(out) // 16)
    return out


_TOSTRING = etree.tostring


@contextmanager
def counting_elements() -> Iterator[None]:
    """Parse pages into :class:`CountingElement` trees inside the block (and charge every
    serialisation, as :func:`crawler.parsers.document.all_text` makes one per text it reads)."""
    before = document.ELEMENT_CLASS
    document.ELEMENT_CLASS = CountingElement
    etree.tostring = _counting_tostring
    try:
        yield
    finally:
        document.ELEMENT_CLASS = before
        etree.tostring = _TOSTRING


def work_of(fn: Callable[[], Any]) -> int:
    """The work done by ``fn()``: calls made, plus the tree walking lxml did for them."""
    calls = [0]

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    _work[0] = 0
    with counting_elements():
        sys.setprofile(profile)
        try:
            fn()
        finally:
            sys.setprofile(None)
    return calls[0] + _work[0]
