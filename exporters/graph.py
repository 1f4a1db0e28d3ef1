"""The related-article graph: what an article recommends, which articles recommend it
(backlinks), and the most recommended articles of the network."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from crawler.kernel.errors import UsageError
from crawler.kernel.timestamps import format_timestamp

from .filters import canonical_site
from .query import Source, find_article
from .store.records import reading
from .store.schema import Article as ArticleRow
from .store.schema import Link, Site


def links(source: Source, url_or_id: str | int) -> dict[str, Any]:
    """An article's outgoing related links (with the archived target's id, when archived) and its
    backlinks: the articles whose related lists include it, with the anchor they used."""
    with reading(source, mapped=True) as s:
        row = find_article(s, url_or_id)
        target = ArticleRow.__table__.alias("target")
        outgoing = s.execute(select(Link.position, Link.to_url, Link.anchor, target.c.id, target.c.title)
                             .outerjoin(target, target.c.url == Link.to_url)
                             .where(Link.from_article_id == row.id).order_by(Link.position)).all()
        incoming = s.execute(select(ArticleRow.id, ArticleRow.url, ArticleRow.title, Site.host, Link.anchor,
                                    Link.position)
                             .join(Link, Link.from_article_id == ArticleRow.id)
                             .outerjoin(Site, Site.id == ArticleRow.site_id)
                             .where(Link.to_url == row.url, ArticleRow.id != row.id)
                             .order_by(ArticleRow.id, Link.position)).all()
    seen: set[int] = set()
    backlinks = []
    for r in incoming:
        if r.id not in seen:
            seen.add(r.id)
            backlinks.append({"id": r.id, "title": r.title, "url": r.url, "site": r.host, "anchor": r.anchor,
                              "position": r.position})
    return {
        "id": row.id, "url": row.url, "title": row.title,
        "date": format_timestamp(row.date) if row.date else None,
        "related": [{"position": r.position, "title": r.anchor, "url": r.to_url, "id": r.id,
                     "archived": r.id is not None} for r in outgoing],
        "backlinks": backlinks,
    }


def top_linked(source: Source, limit: int | None = 20, site: str | None = None,
               archived_only: bool = False) -> list[dict[str, Any]]:
    """The most recommended URLs of the network: how many distinct articles list each in their
    related lists (self-links ignored), most first. Targets not (yet) archived are included
    unless ``archived_only``; ``site`` keeps targets on that host (on any port when it names none);
    ``limit`` None: all of them."""
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise UsageError(f"limit must be a positive whole number, got {limit!r}")
    target = ArticleRow.__table__.alias("target")
    source_article = ArticleRow.__table__.alias("source_article")
    n = func.count(Link.from_article_id.distinct()).label("backlinks")
    stmt: Select[Any] = (select(Link.to_url, n)
                         .join(source_article, source_article.c.id == Link.from_article_id)
                         .where(source_article.c.url != Link.to_url)
                         .group_by(Link.to_url))
    ranked = stmt.subquery("ranked")
    query = (select(ranked.c.to_url, ranked.c.backlinks, target.c.id, target.c.title, Site.host)
             .outerjoin(target, target.c.url == ranked.c.to_url)
             .outerjoin(Site, Site.id == target.c.site_id))
    if archived_only:
        query = query.where(target.c.id.is_not(None))
    if site:
        host = canonical_site(site)
        query = query.where(ranked.c.to_url.like(f"%://{host}/%") | ranked.c.to_url.like(f"%://{host}:%"))
    query = query.order_by(ranked.c.backlinks.desc(), ranked.c.to_url)
    if limit is not None:
        query = query.limit(limit)
    with reading(source, mapped=True) as s:
        rows = s.execute(query).all()
    return [{"backlinks": r.backlinks, "id": r.id, "title": r.title, "site": r.host, "url": r.to_url,
             "archived": r.id is not None} for r in rows]
