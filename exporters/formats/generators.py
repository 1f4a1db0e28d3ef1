"""Static-site generator trees: Hexo (``source/_posts``) and Hugo (``content/posts``).

Posts are grouped by site (``<host>/<slug>.md``); downloaded images are copied to the generator's
static folder and linked from the site root (``/media/…``). Front matter uses the keys each
generator understands; what it has no key for goes where it is kept but harmless (Hexo: extra
top-level keys; Hugo: ``params``). Template syntax in article bodies is neutralised: Hexo posts
turn Nunjucks off, Hugo bodies have shortcode openers escaped.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..markdown import YAML_WIDTH, FrontMatterDumper
from ..store.records import ArticleRecord
from .base import Format, article_stem

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


class HexoFormat(Format):
    name = "hexo"
    description = "a Hexo source/_posts tree (images in source/media)"
    media_root = "source/media"
    media_prefix = ROOT_MEDIA_PREFIX

    def path(self, record: ArticleRecord) -> str:
        return f"source/_posts/{article_stem(record.url)}.md"

    def render(self, record: ArticleRecord) -> bytes:
        m = record.article.metadata
        authors = _authors(record)
        meta = _compact({
            "title": m.title or record.url, "date": m.date, "updated": m.updated,
            "tags": list(m.tags), "categories": list(m.categories), "description": m.description,
            "excerpt": m.excerpt, "keywords": list(m.keywords), "thumbnail": _thumbnail(record),
            "author": authors[0] if authors else None, "authors": authors if len(authors) > 1 else None,
            "original_url": record.url, "related": _related(record), "archived_at": record.archived_at,
        })
        meta["disableNunjucks"] = True  # bodies are archived text, not templates
        return _dump(meta, record.body(self.media_prefix))


class HugoFormat(Format):
    name = "hugo"
    description = "a Hugo content/posts tree (images in static/media)"
    media_root = "static/media"
    media_prefix = ROOT_MEDIA_PREFIX

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
            "params": _compact({"author": authors[0] if authors else None, "authors": authors,
                                "original_url": record.url, "site": record.site,
                                "related": _related(record), "archived_at": record.archived_at}),
        })
        body = HUGO_SHORTCODE.sub(lambda x: "{{" + HUGO_ESCAPES[x.group(1)], record.body(self.media_prefix))
        return _dump(meta, body)
