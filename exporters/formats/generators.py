"""Static-site generator trees: Hexo (``source/_posts``) and Hugo (``content/posts``).

Posts are grouped by site (``<host>/<slug>.md``); downloaded images are copied to the generator's
static folder and linked from the site root (``/media/…``). Front matter uses the keys each
generator understands; what it has no key for goes where it is kept but harmless (Hexo: extra
top-level keys; Hugo: ``params``). Template syntax in article bodies is neutralised: Hexo posts
turn Nunjucks off, Hugo bodies have shortcode openers escaped.

A post reads as a page of a site (see :mod:`.reading`): its permalink is ``/<host>/<slug>/``
(Hexo ``permalink``, Hugo ``url``: the same whatever the site's permalink settings), the body
leaves out the title and byline the theme shows, and ends with the related articles, linked to
the exported posts. Several categories are siblings (Hexo reads a plain list as a hierarchy).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..markdown import YAML_WIDTH, FrontMatterDumper
from ..store.records import ArticleRecord
from .base import Format, article_stem
from .reading import Permalinks, reader_body, related_section

ROOT_MEDIA_PREFIX = "/"
#: Hugo would run these as shortcodes; written as HTML entities they render as the same characters.
HUGO_SHORTCODE = re.compile(r"\{\{([<%])")
HUGO_ESCAPES = {"<": "&lt;", "%": "&#37;"}


def _dump(meta: dict[str, Any], body: str) -> bytes:
    header = yaml.dump(meta, Dumper=FrontMatterDumper, sort_keys=False, allow_unicode=True,
                       default_flow_style=False, width=YAML_WIDTH)
    return f"---\n{header}---\n\n{body}".encode("utf-8", "replace")


def _compact(meta: dict[str, Any]) -> dict[str, Any]:
    """Without empty values (a generator fills missing dates from the file, not from ``null``)."""
    return {k: v for k, v in meta.items() if v not in (None, "", [], {})}


def _thumbnail(record: ArticleRecord) -> str | None:
    thumb = record.article.metadata.thumbnail
    local = record.media.get(thumb) if thumb else None
    return ROOT_MEDIA_PREFIX + local if local else thumb


def _authors(record: ArticleRecord) -> list[str]:
    return [a.name for a in record.article.metadata.authors if a.name and a.name.strip()]


def _related(record: ArticleRecord) -> list[dict[str, str]]:
    return [{"title": r.title or "", "url": r.url} for r in record.article.related]


class _SiteFormat(Format):
    """What Hexo and Hugo trees share: permalinks of the exported posts, the reader's body."""

    media_prefix = ROOT_MEDIA_PREFIX

    def __init__(self) -> None:
        self.permalinks = Permalinks()

    def prepare(self, urls: list[str]) -> None:
        self.permalinks = Permalinks(urls)

    def permalink(self, record: ArticleRecord) -> str:
        return self.permalinks.of(record.url)

    def page_body(self, record: ArticleRecord) -> str:
        body = reader_body(record.article, record.body(self.media_prefix)).rstrip("\n")
        related = related_section(record.article, self.permalinks)
        return f"{body}\n\n{related}" if related else f"{body}\n"


def hexo_categories(categories: list[str]) -> list[Any]:
    """Hexo's front matter for categories: one stays plain; several are siblings, each in its
    own list (a plain list of several is a parent > child chain to Hexo)."""
    return list(categories) if len(categories) <= 1 else [[c] for c in categories]


class HexoFormat(_SiteFormat):
    name = "hexo"
    description = "a Hexo source/_posts tree (images in source/media)"
    media_root = "source/media"

    def path(self, record: ArticleRecord) -> str:
        return f"source/_posts/{article_stem(record.url)}.md"

    def render(self, record: ArticleRecord) -> bytes:
        m = record.article.metadata
        authors = _authors(record)
        meta = _compact({
            "title": m.title or record.url, "date": m.date, "updated": m.updated,
            "tags": list(m.tags), "categories": hexo_categories(m.categories), "description": m.description,
            "excerpt": m.excerpt, "keywords": list(m.keywords), "thumbnail": _thumbnail(record),
            "author": authors[0] if authors else None, "authors": authors if len(authors) > 1 else None,
            "permalink": self.permalink(record),
            "original_url": record.url, "related": _related(record), "archived_at": record.archived_at,
        })
        meta["disableNunjucks"] = True  # bodies are archived text, not templates
        return _dump(meta, self.page_body(record))


class HugoFormat(_SiteFormat):
    name = "hugo"
    description = "a Hugo content/posts tree (images in static/media)"
    media_root = "static/media"

    def path(self, record: ArticleRecord) -> str:
        return f"content/posts/{article_stem(record.url)}.md"

    def render(self, record: ArticleRecord) -> bytes:
        m = record.article.metadata
        authors = _authors(record)
        thumb = _thumbnail(record)
        meta = _compact({
            "title": m.title or record.url, "date": m.date, "lastmod": m.updated,
            "tags": list(m.tags), "categories": list(m.categories), "keywords": list(m.keywords),
            "description": m.description, "summary": m.excerpt, "images": [thumb] if thumb else None,
            "url": "/" + self.permalink(record),
            "params": _compact({"author": authors[0] if authors else None, "authors": authors,
                                "original_url": record.url, "site": record.site,
                                "related": _related(record), "archived_at": record.archived_at}),
        })
        body = HUGO_SHORTCODE.sub(lambda x: "{{" + HUGO_ESCAPES[x.group(1)], self.page_body(record))
        return _dump(meta, body)
