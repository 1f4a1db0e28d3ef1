"""Reading the clusters of republished copies: the clusters, one article's copies, counts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.kernel.timestamps import iso

from ..filters import canonical_site
from ..store.clusters import ArticleCluster, Cluster
from ..store.records import reading
from ..store.schema import Article as ArticleRow
from ..store.schema import Site
from .unplaced import unplaced_count

#: Every key of a cluster row (the CSV header of an empty result).
CLUSTER_KEYS = ("cluster", "size", "similarity", "id", "url", "title", "date", "site", "copies")


def list_clusters(source: Any, *, site: str | None = None, limit: int | None = 20) -> list[dict[str, Any]]:
    """Clusters, largest first (then the most recently changed): the canonical member's id, URL,
    title, date and site, the lowest similarity of a member, and the copies' URLs (oldest first).
    ``site``: only clusters with a member on this host."""
    with reading(source) as s:
        stmt = select(Cluster.id).order_by(Cluster.size.desc(), Cluster.updated_at.desc(), Cluster.id.desc())
        if site:
            host = canonical_site(site)
            on_site = (select(ArticleCluster.cluster_id)
                       .join(ArticleRow, ArticleRow.id == ArticleCluster.article_id)
                       .join(Site, Site.id == ArticleRow.site_id)
                       .where((Site.host == host) | Site.host.like(f"{host}:%")))
            stmt = stmt.where(Cluster.id.in_(on_site))
        if limit is not None:
            stmt = stmt.limit(limit)
        ids = list(s.scalars(stmt))
        return _describe(s, ids)


def count_clusters(source: Any, *, site: str | None = None) -> int:
    return len(list_clusters(source, site=site, limit=None))


def _describe(s: Session, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    members: dict[int, list[Any]] = defaultdict(list)
    for row in s.execute(select(ArticleCluster.cluster_id, ArticleCluster.similarity, ArticleRow.id,
                                ArticleRow.url, ArticleRow.title, ArticleRow.date, Site.host)
                         .join(ArticleRow, ArticleRow.id == ArticleCluster.article_id)
                         .outerjoin(Site, Site.id == ArticleRow.site_id)
                         .where(ArticleCluster.cluster_id.in_(ids))):
        members[row.cluster_id].append(row)
    clusters = {c.id: c for c in s.scalars(select(Cluster).where(Cluster.id.in_(ids)))}
    out = []
    for id_ in ids:
        c = clusters[id_]
        canonical = next(m for m in members[id_] if m.id == c.canonical_id)
        copies = sorted((m for m in members[id_] if m.id != c.canonical_id),
                        key=lambda m: (m.date is None, iso(m.date) or "", m.url))
        out.append({"cluster": id_, "size": c.size, "similarity": round(c.similarity, 3), "id": canonical.id,
                    "url": canonical.url, "title": canonical.title, "date": iso(canonical.date),
                    "site": canonical.host, "copies": [m.url for m in copies]})
    return out


def copies_of(source: Any, article_id: int) -> dict[str, Any] | None:
    """The cluster of an article: its id, the canonical member's URL and every member (id, URL,
    title, date, site, similarity, canonical or not), canonical first; None when it has no copies."""
    with reading(source) as s:
        cluster = s.scalar(select(ArticleCluster.cluster_id).where(ArticleCluster.article_id == article_id))
        if cluster is None:
            return None
        described = _describe(s, [cluster])[0]
        rows = s.execute(select(ArticleRow.id, ArticleRow.url, ArticleRow.title, ArticleRow.date, Site.host,
                                ArticleCluster.similarity)
                         .join(ArticleCluster, ArticleCluster.article_id == ArticleRow.id)
                         .outerjoin(Site, Site.id == ArticleRow.site_id)
                         .where(ArticleCluster.cluster_id == cluster)).all()
    order = [described["url"], *described["copies"]]
    members = sorted(rows, key=lambda r: order.index(r.url))
    return {"cluster": cluster, "canonical": described["url"],
            "members": [{"id": r.id, "url": r.url, "title": r.title, "date": iso(r.date), "site": r.host,
                         "similarity": round(r.similarity, 3), "canonical": r.url == described["url"]}
                        for r in members]}


def cluster_counts(source: Any) -> dict[str, int]:
    """``clusters`` (stories published more than once), ``copies`` (members that are not canonical)
    and ``unplaced`` (articles not yet compared: placed by the next crawl or ``archiver regroup``)."""
    with reading(source) as s:
        clusters = int(s.scalar(select(func.count()).select_from(Cluster)) or 0)
        members = int(s.scalar(select(func.count()).select_from(ArticleCluster)) or 0)
        return {"clusters": clusters, "copies": members - clusters, "unplaced": unplaced_count(s)}
