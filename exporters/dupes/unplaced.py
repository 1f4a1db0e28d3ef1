"""Articles not compared yet: without a signature of their current content (stored before
migration 7, with grouping switched off, or whose placement did not happen). Plain queries, no
numpy: a crawl asks this at its end and imports the placement only when there is something to place."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..store.clusters import DupeSignature
from ..store.schema import Article as ArticleRow


def _stale() -> Select:
    return (select(ArticleRow.id).outerjoin(DupeSignature, DupeSignature.article_id == ArticleRow.id)
            .where((DupeSignature.article_id.is_(None))
                   | (DupeSignature.content_hash != ArticleRow.content_hash)))


def unplaced_ids(session: Session) -> list[int]:
    """The articles to place (by ``archiver regroup --unplaced`` or the next crawl), in id order."""
    return list(session.scalars(_stale().order_by(ArticleRow.id)))


def unplaced_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(_stale().subquery())) or 0)


def any_unplaced(session: Session) -> bool:
    """Whether one article at least is to place (stops at the first)."""
    return session.scalar(_stale().limit(1)) is not None
