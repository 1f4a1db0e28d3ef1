"""Pages nested deeper than libxml2 reads are parsed again with BeautifulSoup, text intact."""

from __future__ import annotations

import pytest

from crawler.parsers import soup
from crawler.parsers.article import parse_article
from crawler.parsers.document import TOO_DEEP, load_document

URL = "https://deep.example/2024/05/harbour/"
STORY = ("The council approved the plan to dredge the channel before the autumn storms. "
         "Engineers said the work would take eleven weeks and keep the ferry running. ") * 4


def page(middle: str, title: str = "Harbour dredging approved") -> str:
    return (f"<html><head><title>{title}</title></head><body><header><nav><a href='/'>Home</a></nav>"
            f"</header>{middle}<footer>Copyright footer</footer></body></html>")


def depth_of(root) -> int:
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


DEEP_PAGES = {
    # tags opened and never closed, as old templates do
    "unclosed font": page("<div><font size='2'>" * 300
                          + f"<article><h1>Harbour</h1><p>{STORY}</p></article>"),
    "closed divs": page("<div>" * 3000 + f"<article><p>{STORY}</p></article>" + "</div>" * 3000),
    "table cells": page("<table><tr><td>" * 400 + f"<p>{STORY}</p>"),
}


@pytest.mark.parametrize("name", DEEP_PAGES)
def test_text_past_libxml2s_depth_limit_is_kept(name: str) -> None:
    doc, warnings = load_document(DEEP_PAGES[name].encode(), URL)
    assert TOO_DEEP in warnings
    text = doc.text_content()
    assert "dredge the channel" in text and "Copyright footer" in text
    assert doc.tag == "html" and doc.find("head") is not None and doc.find("body") is not None
    assert depth_of(doc) <= soup.MAX_DEPTH + 2  # html > body > … capped


@pytest.mark.parametrize("name", DEEP_PAGES)
def test_deep_pages_give_their_article(name: str) -> None:
    article = parse_article(URL, DEEP_PAGES[name])
    assert "eleven weeks" in article.body_text
    assert "Copyright footer" not in article.body_text
    assert article.metadata.title.startswith("Harbour")


def test_ordinary_pages_stay_on_the_fast_parser() -> None:
    doc, warnings = load_document(page(f"<article><p>{STORY}</p></article>").encode(), URL)
    assert TOO_DEEP not in warnings and "dredge the channel" in doc.text_content()


def test_head_links_and_attributes_survive_the_second_parse() -> None:
    html = ("<html><head><title>T</title><meta property='og:title' content='Harbour dredging approved'>"
            "<link rel='canonical' href='/2024/05/harbour/'></head><body>"
            + "<span class='wrap' id=\"a\" bad\"name='x' data-x='1'>" * 300 + f"<p>{STORY}\x00</p>")
    doc, warnings = load_document(html, URL)
    assert TOO_DEEP in warnings
    assert doc.xpath("string(//head/meta[@property='og:title']/@content)") == "Harbour dredging approved"
    assert doc.xpath("//head/link[@rel='canonical']")
    assert doc.xpath("//span[@class='wrap'][@id='a'][@data-x='1']")
    assert "\x00" not in doc.text_content()


def test_pages_too_large_to_read_again_keep_what_libxml2_read() -> None:
    filler = "<p>" + "x " * 1000 + "</p>"
    copies = soup.MAX_BYTES // len(filler) + 1
    html = page("<p>first words</p>" + filler * copies + "<div>" * 300 + "<p>late</p>")
    doc, warnings = load_document(html, URL)
    assert TOO_DEEP not in warnings
    assert "first words" in doc.text_content()
