"""Exporters: front-matter Markdown files, the SQL index, and queries over it."""

from crawler.kernel.slugs import host_dir, slug_for_url

from .index import Index, content_hash
from .markdown import FRONT_MATTER_KEYS, SEED_KEYS, MarkdownWriter, render_markdown
from .query import get_article, list_articles, search, stats

__all__ = [
    "FRONT_MATTER_KEYS",
    "SEED_KEYS",
    "Index",
    "MarkdownWriter",
    "content_hash",
    "get_article",
    "host_dir",
    "list_articles",
    "render_markdown",
    "search",
    "slug_for_url",
    "stats",
]
