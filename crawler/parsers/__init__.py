"""Pure extraction functions: HTML in, :class:`Article` out (no Scrapy, no I/O)."""

from __future__ import annotations

from .article import classify, collect_links, parse_article
from .body import Body, extract_body, extract_sections, find_main_content
from .document import absolutize, load_document, load_html
from .markdown import to_markdown
from .model import Article, Author, Metadata, RelatedLink, Section, markdown_to_text
from .related import find_related, related_blocks

__all__ = [
    "Article", "Author", "Body", "Metadata", "RelatedLink", "Section", "absolutize", "classify",
    "collect_links", "extract_body",
    "extract_sections", "find_main_content", "find_related", "load_document", "load_html",
    "markdown_to_text", "parse_article", "related_blocks", "to_markdown",
]
