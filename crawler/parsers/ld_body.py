"""The body a page gives only in its JSON-LD: a page rendered by script shows a loading skeleton,
and its article's ``articleBody`` holds the text (as plain text, or as HTML)."""

from __future__ import annotations

import re
from html import escape

from lxml import etree

from ..kernel.model import Metadata
from .body import Body, extract_body
from .document import load_document
from .structured import collect

#: The least text an ``articleBody`` holds to stand for the page's body.
MIN_LD_BODY_CHARS = 250
#: A value written in HTML rather than plain text.
HTML_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|ul|ol|li|blockquote|figure|strong|em|a)\b", re.I)


def jsonld_body(doc: etree._Element, url: str, base_url: str, metadata: Metadata) -> Body | None:
    """The body of the article's JSON-LD ``articleBody`` (its paragraphs as the lines of a plain
    text, or its HTML cleaned as a page's content is), or None when it has none of substance."""
    value = collect(doc, url).jsonld.article_value("articleBody")
    if not isinstance(value, str) or len(value.strip()) < MIN_LD_BODY_CHARS:
        return None
    if HTML_MARKUP.search(value):
        markup = value
    else:
        markup = "".join(f"<p>{escape(line.strip())}</p>" for line in value.splitlines() if line.strip())
    page, _ = load_document(f"<html><body><article>{markup}</article></body></html>", url)
    body = extract_body(page, base_url, metadata)
    return Body(body.sections, body.content, "articleBody") if body.sections else None
