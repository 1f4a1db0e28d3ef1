"""Parsing cost grows linearly with the page, and a page is never parsed past its budget.

Linearity is checked by counting work, never by timing (:mod:`tests.workcount`: every call, plus
the tree walking lxml does inside one): a page made of the same block repeated four times as often
must cost at most about four times as much. Each shape below is one that used to cost the square of
its size: related-list labels, inline labels, card runs and related containers (every one compared
with every list found before it, or scanning all its following siblings), paragraphs and code
blocks side by side in one element (``len()`` of their parent, which lxml counts child by child),
and headlines beside ``<article>`` elements; and a line of thousands of tag or share links or
credit elements (the line measured again for each of them).
"""

from __future__ import annotations

import pytest

from crawler.parsers import parse_article
from crawler.parsers.document import MAX_ELEMENTS, OVER_BUDGET, cut_after, load_document

from .workcount import work_of

URL = "https://news.example.org/2024/05/harbour/"
WORDS = "harbour board channel dredge, cost debate council ferry quay coffee bench water "
SHAPES = {
    "related labels": "<h3>Related posts</h3><ul><li><a href='/2024/01/s{i}-a/'>Story a</a></li>"
                      "<li><a href='/2024/01/s{i}-b/'>Story b</a></li></ul>",
    "inline labels": "<b>Related posts</b> <a href='/2024/01/in{i}/'>Inline {i}</a> ",
    "wrapped labels": "<div><div><span>Read more</span></div></div>"
                      "<div class='x'><a href='/2024/01/w{i}/'>W</a></div>",
    "card runs": "<h4>You may also like</h4><article><a href='/2024/02/c{i}a/'>Card a</a></article>"
                 "<article><a href='/2024/02/c{i}b/'>Card b</a></article>",
    "related containers": "<div class='related-posts'><a href='/2024/03/r{i}a/'>R a</a> "
                          "<a href='/2024/03/r{i}b/'>R b</a></div>",
    "paragraphs with links": f"<p>{WORDS}<a href='/2023/01/x{{i}}/'>link {{i}}</a> {WORDS}</p>",
    "code blocks": "<pre><code class='language-python'>x = {i}\nprint(x)\n</code></pre>",
    "headlines beside articles": f"<h1>Head {{i}}</h1><article><p>{WORDS}</p></article>",
    "sections": f"<h2>Heading {{i}}</h2><p>{WORDS * 2}</p>",
    "list of links": "<li><a href='/p/{i}/'>Link number {i}</a></li>",
    "tables": f"<table><tr><th>h</th><th>k</th></tr><tr><td>{WORDS}</td><td>v{{i}}</td></tr></table>",
    "bylines and dates": "<p class='byline'>By Jane Doe{i} <time datetime='2024-01-02'>Jan 2</time></p>",
    # rows told by their links' targets, photo credits and cards: each block measured once
    "tag links in a line": "<a href='/tags/t{i}/' rel='tag'>tag {i}</a> ",
    "share links in a line": "<a href='https://twitter.com/intent/tweet?url=x{i}'>Tweet</a> ",
    "credit spans": "<span class='credit'>Foto: Anna Berg {i}</span> harbour text {i}. ",
    "captions with credits": "<figure><img src='/i{i}.jpg'><figcaption>Harbour at dawn {i}. "
                             "Foto: Anna Berg / DPA</figcaption></figure>",
    "cards with dates": "<li><a href='/2024/04/c{i}/'><h3>Card {i}</h3><time>April {i}, 2024</time></a></li>",
    # dates in one long line (each climbs to the same large parent), a stream of whole articles
    "times in a line": "harbour {i} on <time datetime='2024-01-02'>Jan 2</time> ",
    "date lines": "<div><time datetime='2024-01-02'>Jan 2</time></div><p>{i} " + WORDS + "</p>",
    "streamed articles": f"<article><h1>Story {{i}} of the harbour</h1><p>{WORDS}</p></article>",
    "author links in a line": "<a rel='author' href='/author/a{i}/'>Jane Roe</a> wrote {i}. ",
}
#: Each block inside one element of the page: siblings, where most of the old costs were.
CONTAINER = "<div class='content'><p>" + WORDS * 30 + "</p>{blocks}</div>"


def page(shape: str, n: int) -> str:
    blocks = "".join(SHAPES[shape].replace("{i}", str(i)) for i in range(n))
    return (f"<!DOCTYPE html><html><head><title>Harbour</title></head><body>"
            f"{CONTAINER.format(blocks=blocks)}</body></html>")


@pytest.mark.parametrize("shape", SHAPES)
def test_parsing_work_grows_linearly_with_the_page(shape: str) -> None:
    small = work_of(lambda: parse_article(URL, page(shape, 100)))
    large = work_of(lambda: parse_article(URL, page(shape, 400)))
    assert large <= 4.6 * small, f"{shape}: 4x the page cost {large / small:.1f}x the work"


def test_the_work_counter_sees_quadratic_work() -> None:
    """The counter is not blind to work done inside lxml: asking every child for its parent's
    length is quadratic, and shows so."""
    def siblings(n: int) -> None:
        doc, _ = load_document("<div>" + "<p>x</p>" * n + "</div>", URL)
        div = doc.find(".//div")
        for p in div:
            len(p.getparent())

    assert work_of(lambda: siblings(400)) > 10 * work_of(lambda: siblings(100))


# ---- the parse budget ----------------------------------------------------------------------------

def links_page(n: int) -> str:
    return (f"<html><head><title>Every link</title></head><body><article><h1>Every link</h1><p>"
            f"{WORDS * 20}</p><ul>" + "".join(f"<li><a href='/p/{i}/'>Link {i}</a></li>" for i in range(n))
            + "</ul><p>The closing paragraph.</p></article></body></html>")


def test_a_page_over_the_budget_is_archived_with_what_its_first_elements_hold() -> None:
    article = parse_article(URL, links_page(3000), max_elements=1000)
    assert article.is_article
    assert "harbour board channel" in article.body_text
    warning = next(w for w in article.warnings if w.startswith(OVER_BUDGET))
    assert "6009 elements" in warning and "first 1000" in warning
    assert "The closing paragraph" not in article.body_text
    assert 400 < len(article.links) < 500


def test_the_budget_bounds_the_work_of_a_page() -> None:
    def cost(n: int) -> int:
        return work_of(lambda: parse_article(URL, links_page(n), max_elements=1000))

    # below the budget (969 elements and less), each element is read: work follows the page
    read = (cost(480) - cost(240)) / 480  # per element (two per link)
    # past it (4009 and 16009 elements), the extra elements are only counted and cut away
    left_out = (cost(8000) - cost(2000)) / 12000
    assert left_out < 0.1 * read


def test_no_budget_reads_everything() -> None:
    article = parse_article(URL, links_page(3000), max_elements=0)
    assert not any(w.startswith(OVER_BUDGET) for w in article.warnings)
    assert "The closing paragraph" in article.body_text
    assert MAX_ELEMENTS >= 50_000


def test_cut_after_keeps_everything_before_an_element_in_page_order() -> None:
    doc, _ = load_document("<html><head><title>t</title></head><body><div><p id='a'>one <b>bold</b></p>"
                           "<p id='b'>two</p></div><p id='c'>three</p></body></html>", URL)
    cut_after(doc.get_element_by_id("a"))
    assert [el.get("id") for el in doc.iter("p")] == ["a"]
    assert doc.get_element_by_id("a").text_content() == "one "
    assert doc.find(".//title").text == "t"
