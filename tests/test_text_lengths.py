"""Collapsed text lengths measured from nested elements (crawler/parsers/text_lengths.py) against
``len(text_of(el))``: on every fixture page, on hand-made edge cases, and on random trees."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from crawler.parsers.document import load_html, text_of
from crawler.parsers.text_lengths import TextLengths, joined, span_of

FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("*.html"))


def ancestors_of_paragraphs(root: etree._Element) -> set:
    """The body search's candidates: ancestors of paragraph-like elements, a few levels up."""
    found = set()
    for p in root.iter("p", "td", "pre", "div", "section"):
        anc = p.getparent()
        for _ in range(5):
            if anc is None:
                break
            found.add(anc)
            anc = anc.getparent()
    return found


def check(root: etree._Element, known: set) -> None:
    lengths = TextLengths()
    for el in [*known, *root.iter(etree.Element)]:  # candidates first, the rest from their spans
        assert lengths.length(el, known) == len(text_of(el)), etree.tostring(el)[:200]


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.stem)
def test_every_element_of_fixture_pages(page: Path) -> None:
    root = load_html(page.read_bytes(), "http://example.test/")
    check(root, ancestors_of_paragraphs(root))


@pytest.mark.parametrize("markup", [
    "<div><div>Hello</div><div>world</div></div>",  # no whitespace between blocks: one word
    "<div><div>Hello </div><div>world</div></div>",
    "<div><div>Hello</div> <div> world</div></div>",
    "<div>  <div>   </div>\n<div>a</div>\t<div></div>b</div>",  # whitespace-only parts
    "<div><span>a</span><!-- note --><span>b</span></div>",  # a comment's text is not text
    "<div>x<div><div><div>y</div></div></div>z</div>",
    "<div>\u00a0<div>a\u2003b</div>\u3000<div>\x1cc\x1f</div></div>",  # Unicode whitespace
    "<div><div></div><div></div></div>",
])
def test_edge_cases(markup: str) -> None:
    root = html.fragment_fromstring(markup)
    known = {el for el in root.iter() if el is not root and len(el)}
    known.add(root)
    check(root, known)


def test_spans_of_strings() -> None:
    assert span_of("") is None and span_of(None) is None
    assert span_of(" \n ") == (0, True, True)
    assert span_of(" a  b ") == (3, True, True)
    assert span_of("a") == (1, False, False)
    assert joined([span_of("a "), span_of("b")]) == span_of("a b")
    assert joined([span_of("a"), span_of("b")]) == span_of("ab")
    assert joined([None, span_of("  "), None]) == (0, True, True)
    assert joined([]) is None


PIECES = st.text(alphabet=st.sampled_from(["a", "b", " ", "\n", "\u00a0", "\x1c", "é"]), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=8))
def test_joined_equals_the_span_of_the_concatenation(parts: list[str]) -> None:
    assert joined(span_of(p) for p in parts) == span_of("".join(parts))


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> str:
    children = [] if depth >= 4 else draw(st.lists(trees(depth + 1), max_size=3))
    tag = draw(st.sampled_from(["div", "p", "span", "section"]))
    inner = draw(PIECES) + "".join(c + draw(PIECES) for c in children)
    return f"<{tag}>{inner}</{tag}>"


@settings(max_examples=200, deadline=None)
@given(trees(), st.data())
def test_random_trees(markup: str, data: st.DataObject) -> None:
    root = html.fragment_fromstring(f"<div>{markup}</div>")
    elements = list(root.iter())
    known = {el for el in elements if data.draw(st.booleans())}
    check(root, known)


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=30), st.integers(min_value=0, max_value=12))
def test_text_shorter_is_len_of_text_of_below_limit(parts: list[str], limit: int) -> None:
    # long texts of mostly white space too: only part of a long text is collapsed
    from crawler.parsers.document import text_shorter

    root = html.fragment_fromstring("<div>" + "<span>x</span>".join(parts) + "</div>")
    assert text_shorter(root, limit) == (len(text_of(root)) < limit)
