"""What every demo template renders from, plus the pages all sites share: robots.txt, sitemap, feeds.

Links are absolute and carry :data:`PORT` in place of the port, because the port is only known once a
server has bound its socket; :class:`crawler.demo.server.SiteServer` substitutes it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape

#: Stands for the server's port in every rendered URL.
PORT = "{{port}}"
HTML = "text/html; charset=utf-8"
FEED_TYPES = {"atom": "application/atom+xml; charset=utf-8", "rss": "application/rss+xml; charset=utf-8"}
SITEMAP_TYPE = "application/xml; charset=utf-8"
ROBOTS_TYPE = "text/plain; charset=utf-8"
PER_PAGE = 10
FEED_LIMIT = 20


@dataclass(frozen=True)
class Site:
    """One host of the network and the template it is rendered with."""

    host: str
    name: str
    template: str
    tz_hours: int
    owner: str

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{PORT}"

    def url(self, path: str = "/") -> str:
        return self.origin + path


@dataclass(frozen=True)
class Author:
    name: str
    slug: str
    bio: str
    avatar: str


@dataclass
class Sentence:
    """Body text; ``mark`` wraps ``span`` (a part of the text) in a link, ``strong`` or ``em``."""

    text: str
    mark: str | None = None
    span: str = ""
    href: str = ""


@dataclass
class Block:
    """One body element: p, img, ul, ol, quote, table or code."""

    kind: str
    sentences: list[Sentence] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    text: str = ""
    src: str = ""
    alt: str = ""


@dataclass
class Post:
    """An article with everything any template may show."""

    site: Site
    path: str
    title: str
    core: str
    subtitle: str
    author: Author
    date: datetime
    updated: datetime
    tags: list[str]
    categories: list[str]
    description: str
    keywords: list[str]
    thumbnail: str
    tagline: str
    intro: list[Block]
    sections: list[tuple[str, list[Block]]]
    comments: list[tuple[str, str]]
    promo: str
    related: list[tuple[str, str]] = field(default_factory=list)  # (href as linked, title)
    related_canonical: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.site.url(self.path)


@dataclass
class SiteIndex:
    """A site with its posts (newest first) and the URL scheme of its template."""

    site: Site
    template: Template
    posts: list[Post]
    _position: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._position = {p.path: i for i, p in enumerate(self.posts)}

    def position(self, post: Post) -> int:
        """0 for the newest post of the site."""
        return self._position[post.path]

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """The next newer and the next older post of the same site."""
        i = self._position[post.path]
        return (self.posts[i - 1] if i > 0 else None,
                self.posts[i + 1] if i + 1 < len(self.posts) else None)

    @property
    def tags(self) -> list[str]:
        return sorted({t for p in self.posts for t in p.tags})

    @property
    def categories(self) -> list[str]:
        return sorted({c for p in self.posts for c in p.categories})


@dataclass(frozen=True)
class Template:
    """A site template: its URL scheme, its article and listing renderers and its feed format."""

    name: str
    article_path: Callable[[str, datetime], str]  # (slug, date) -> path
    tag_path: Callable[[str], str]
    category_path: Callable[[str], str]
    author_path: Callable[[str], str] | None
    page_path: Callable[[int], str]  # listing page n >= 2
    feed_path: str
    feed_kind: str
    render_article: Callable[[Post, SiteIndex], str]
    render_listing: Callable[[SiteIndex, str, str, list[Post], list[tuple[str, str]]], str]  # heading, path
    render_about: Callable[[SiteIndex], str]
    boilerplate: Callable[[Post], list[str]]


# -- small HTML helpers ---------------------------------------------------------------------------
def esc(text: str) -> str:
    return escape(text, quote=False)


def attr(text: str) -> str:
    return escape(text, quote=True)


def sentence_html(s: Sentence) -> str:
    text = esc(s.text)
    if not s.mark:
        return text
    span = esc(s.span)
    if s.mark == "a":
        wrapped = f'<a href="{attr(s.href)}">{span}</a>'
    else:
        wrapped = f"<{s.mark}>{span}</{s.mark}>"
    return text.replace(span, wrapped, 1)


def paragraph_html(block: Block, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<p{c}>" + " ".join(sentence_html(s) for s in block.sentences) + "</p>"


def list_html(block: Block) -> str:
    items = "".join(f"<li>{esc(i)}</li>" for i in block.items)
    return f"<{block.kind}>{items}</{block.kind}>"


def table_html(block: Block) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in block.rows[0])
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in block.rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def json_ld(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def iso(dt: datetime) -> str:
    """ISO 8601 with the zone written as an offset (``+02:00``), seconds precision."""
    return dt.isoformat(timespec="seconds")


def iso_z(dt: datetime) -> str:
    """UTC with milliseconds and ``Z``, the way static-site generators write it."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def human_date(dt: datetime) -> str:
    return dt.strftime("%b %d, %Y").replace(" 0", " ")


def pager(index: SiteIndex, n: int, pages: int) -> list[tuple[str, str]]:
    """Previous/next links of listing page ``n`` (1-based) as (label, url)."""
    links = []
    if n > 1:
        links.append(("Newer posts", index.site.url("/" if n == 2 else index.template.page_path(n - 1))))
    if n < pages:
        links.append(("Older posts", index.site.url(index.template.page_path(n + 1))))
    return links


# -- shared non-HTML pages ------------------------------------------------------------------------
def robots_txt(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.url('/sitemap.xml')}\n"


def sitemap_xml(index: SiteIndex, extra_paths: list[str]) -> str:
    rows = [f"<url><loc>{attr(p.url)}</loc><lastmod>{iso(p.updated)}</lastmod></url>" for p in index.posts]
    rows += [f"<url><loc>{attr(index.site.url(path))}</loc></url>" for path in extra_paths]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>"
                                                                                                 "\n")


def feed_xml(index: SiteIndex) -> str:
    site, posts = index.site, index.posts[:FEED_LIMIT]
    newest = max((p.updated for p in posts), default=datetime(2024, 1, 1, tzinfo=UTC))
    if index.template.feed_kind == "rss":
        items = "".join(
            f"<item><title>{esc(p.title)}</title><link>{esc(p.url)}</link><guid>{esc(p.url)}</guid>"
            f"<pubDate>{p.date.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>"
            f"<dc:creator>{esc(p.author.name)}</dc:creator>"
            + "".join(f"<category>{esc(c)}</category>" for c in p.categories)
            + f"<description>{esc(p.description)}</description></item>\n" for p in posts)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>\n'
                f"<title>{esc(site.name)}</title><link>{esc(site.url())}</link>"
                f"<description>{esc(site.name)} articles</description>\n{items}</channel></rss>\n")
    entries = "".join(
        f'<entry><title>{esc(p.title)}</title><link href="{attr(p.url)}"/><id>{esc(p.url)}</id>'
        f"<published>{iso(p.date)}</published><updated>{iso(p.updated)}</updated>"
        f"<author><name>{esc(p.author.name)}</name></author><summary>{esc(p.description)}</summary>"
        + "".join(f'<category term="{attr(t)}"/>' for t in p.tags) + "</entry>\n" for p in posts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f'<title>{esc(site.name)}</title><link href="{attr(site.url())}"/>'
            f'<link rel="self" href="{attr(site.url(index.template.feed_path))}"/>'
            f"<id>{esc(site.url())}</id><updated>{iso(newest)}</updated>\n{entries}</feed>\n")
