"""Pure extraction functions: HTML in, :class:`~crawler.kernel.model.Article` out (no Scrapy, no I/O).

The names below are imported on first use: code that needs only the data model
(:mod:`crawler.kernel.model`) does not pay for loading the extractor.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: Public name -> the module of this package that defines it.
_HOMES = {
    "classify": "article", "collect_links": "article", "parse_article": "article",
    "Body": "body", "extract_body": "body", "extract_sections": "body", "find_main_content": "body",
    "absolutize": "document", "load_document": "document", "load_html": "document",
    "to_markdown": "markdown",
    "Profiles": "profiles", "SiteProfile": "profiles", "load_profiles": "profiles",
    "loads_profiles": "profiles",
    "find_related": "related", "related_blocks": "related",
}

__all__ = [
    "Body", "Profiles", "SiteProfile",
    "absolutize", "classify", "collect_links", "extract_body",
    "extract_sections", "find_main_content", "find_related", "load_document", "load_html", "load_profiles",
    "loads_profiles",
    "parse_article", "related_blocks", "to_markdown",
]

if TYPE_CHECKING:
    from .article import classify, collect_links, parse_article
    from .body import Body, extract_body, extract_sections, find_main_content
    from .document import absolutize, load_document, load_html
    from .markdown import to_markdown
    from .profiles import Profiles, SiteProfile, load_profiles, loads_profiles
    from .related import find_related, related_blocks


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
