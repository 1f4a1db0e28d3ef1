"""Where the access scan looks (crawler/parsers/access_find.py): the text nodes holding a trigger
stem, found in the page's text with the scripts' and styles' text left out, and the page left as
it was."""

from __future__ import annotations

from lxml import etree, html

from crawler.parsers.access_find import NO_TEXT_TAGS, trigger_texts
from crawler.parsers.access_words import TRIGGER_STEMS

PAGE = """<html><head><title>t</title></head><body>
<script>var consent = "subscribe"; window.cookie = 1;</script>
<style>.cookie-banner { color: red }</style>
<div class="intro">An opening paragraph about harbours.</div>
<p>Please <b>Sub</b>scribe to read on.</p>
<noscript>Turn on cookies<p>Log in here</p>then consent</noscript>
<p>Weather and tides.</p><template>privacy</template>
<p>Our PRIVACY notice<span>nothing</span>and a login link.</p>
<script>document.write("continue reading")</script>tail with Unlock here
</body></html>"""


def owner(node: str) -> etree._Element:
    parent = node.getparent()
    return parent.getparent() if node.is_tail else parent


def found(markup: str) -> tuple[list[str], etree._Element]:
    body = html.document_fromstring(markup).find("body")
    return [str(t) for t in trigger_texts(body)], body


def test_text_nodes_with_stems_in_document_order() -> None:
    texts, _ = found(PAGE)
    # "Sub" + "scribe" is one stem split over two nodes: found in the first; a tail after an
    # element inside <noscript> belongs to the noscript (never the page's text); a script's tail is
    assert texts == ["Sub", "Log in here", "Our PRIVACY notice", "and a login link.",
                     "tail with Unlock here\n"]


def test_no_stem_in_scripts_styles_or_their_own_text() -> None:
    body = html.document_fromstring(PAGE).find("body")
    for node in trigger_texts(body):
        assert owner(node).tag not in NO_TEXT_TAGS


def test_every_text_node_holding_a_stem_is_found() -> None:
    body = html.document_fromstring(PAGE).find("body")
    hits = {(owner(t), t.is_tail, str(t)) for t in trigger_texts(body)}
    for node in body.xpath(".//text()"):
        if owner(node).tag in NO_TEXT_TAGS:
            continue
        if any(stem in node.lower() for stem in TRIGGER_STEMS):
            assert (owner(node), node.is_tail, str(node)) in hits


def test_page_is_left_as_it_was() -> None:
    body = html.document_fromstring(PAGE).find("body")
    before = etree.tostring(body, encoding=str)
    trigger_texts(body)
    assert etree.tostring(body, encoding=str) == before
    assert "subscribe" in body.find("script").text


def test_page_without_stems() -> None:
    texts, body = found("<html><body><script>subscribe()</script><p>Tides and weather.</p></body></html>")
    assert texts == []
    assert body.find("script").text == "subscribe()"


def test_stem_starting_inside_another_stems_match() -> None:
    # "already a" runs from the first text node into the second, where "abonn" starts: both
    # nodes hold a stem's start
    texts, _ = found("<html><body><p>Already <b>abonné</b> — read on.</p></body></html>")
    assert texts == ["Already ", "abonné"]


def test_every_stem_starting_inside_another_is_found() -> None:
    # every pair where one stem can start inside another (a suffix of one is a prefix of the
    # other): the inner stem's start opens a text node of its own, which must be found
    pairs = [(outer, inner, k) for outer in TRIGGER_STEMS for inner in TRIGGER_STEMS
             for k in range(1, len(outer)) if inner.startswith(outer[k:]) or outer[k:].startswith(inner)]
    assert len(pairs) > 20
    for outer, inner, k in pairs:
        rest = inner[len(outer) - k:] if len(inner) > len(outer) - k else ""
        texts, _ = found(f"<html><body><p>{outer[:k]}<b>{outer[k:]}{rest}</b></p></body></html>")
        assert texts == [outer[:k], outer[k:] + rest], (outer, inner, texts)
