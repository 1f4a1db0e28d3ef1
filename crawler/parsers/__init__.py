"""Pure extraction functions: HTML in, :class:`Article` out (no Scrapy, no I/O)."""

from __future__ import annotations

from .article import classify, collect_links, parse_article
from .body import Body, extract_body, extract_sections, find_main_content
from .document import absolutize, load_document, load_html
from .markdown import to_markdown
from .model import Article, Author, Metadata, RelatedLink, Section, markdown_to_text
from .profiles import Profiles, SiteProfile, load_profiles, loads_profiles
from .related import find_related, related_blocks

__all__ = [
    "Article", "Author", "Body", "Metadata", "Profiles", "RelatedLink", "Section", "SiteProfile",
    "absolutize", "classify", "collect_links", "extract_body",
    "extract_sections", "find_main_content", "find_related", "load_document", "load_html", "load_profiles",
    "loads_profiles",
    "markdown_to_text", "parse_article", "related_blocks", "to_markdown",
]
