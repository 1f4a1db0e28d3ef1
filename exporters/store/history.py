"""Article history and re-crawl state: revisions of every article, and what each page answered last.

* ``revisions``: one row each time an article's content changes (the first archive included): which
  fields changed, the body hash, when, in which run, and the Markdown file as written then, so any
  two revisions can be diffed.
* ``page_states``: per fetched URL, the validators (``ETag``, ``Last-Modified``) of its last answer
  and when it was last checked; a re-crawl sends them back as a conditional request.

Both tables are declared on :class:`exporters.store.schema.Base`, so :class:`exporters.store.index.Index`
creates them with the rest of the schema.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Table, Text, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crawler.kernel.errors import NotFound
from crawler.kernel.fields import changed_fields, content_hash, field_hashes
from crawler.kernel.model import Article
from crawler.kernel.timestamps import format_timestamp
from crawler.kernel.urls import canonicalize

from .schema import URL_LEN, Base, UTCDateTime
from .schema import Article as ArticleRow
from .upserts import upsert_statement


class Revision(Base):
    """One version of an article's content."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_article", "article_id", "number", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1 for the first archived version
    run_id: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    site_updated: Mapped[str | None] = mapped_column(String(64))  # the page's own "updated", as written
    changed: Mapped[list[str]] = mapped_column(JSON, default=list)  # field names; ["created"] first
    field_hashes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    body_hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    markdown: Mapped[str | None] = mapped_column(Text)  # the Markdown file of this version
    origin: Mapped[str | None] = mapped_column(String(16))  # "crawl" (fetched) or "reparse" (stored response)
    parser_version: Mapped[str | None] = mapped_column(String(100))  # the parser that made this version


#: How a revision came about: a page fetched by a crawl, or a stored response parsed again.
CRAWL, REPARSE = "crawl", "reparse"
#: The columns revisions gained after version 0.1.0 (added by a migration).
REVISION_ORIGIN_COLUMNS = ("origin", "parser_version")


class PageState(Base):
    """What a URL answered when it was last fetched, for conditional re-fetches."""

    __tablename__ = "page_states"
    url: Mapped[str] = mapped_column(String(URL_LEN), primary_key=True)
    article_url: Mapped[str | None] = mapped_column(String(URL_LEN))  # canonical URL when an article
    status: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    run_id: Mapped[int | None] = mapped_column(Integer)


def add_revisions(session: Session, entries: Iterable[tuple[int, Article, str | None, datetime]],
                  run_id: int | None, origin: str = CRAWL, parser_version: str | None = None) -> int:
    """Record a revision for each ``(article id, article, markdown, when)`` whose content differs from
    its latest revision; returns how many were added. Runs inside the caller's transaction.
    ``origin`` says whether the version was fetched (``crawl``) or parsed again from a stored
    response (``reparse``); ``parser_version`` which parser made it."""
    entries = list(entries)
    if not entries:
        return 0
    ids = [e[0] for e in entries]
    latest: dict[int, tuple[int, dict[str, str]]] = {}
    newest = (select(Revision.article_id, func.max(Revision.number).label("n"))
              .where(Revision.article_id.in_(ids)).group_by(Revision.article_id).subquery())
    query = select(Revision.article_id, Revision.number, Revision.field_hashes).join(
        newest, (newest.c.article_id == Revision.article_id) & (newest.c.n == Revision.number))
    for article_id, number, hashes in session.execute(query):
        latest[article_id] = (number, hashes or {})
    rows = []
    for article_id, article, markdown, when in entries:
        hashes = field_hashes(article)
        number, old = latest.get(article_id, (0, None))
        if old is None:
            changed = ["created"]
        else:
            changed = changed_fields(old, hashes)
            if not changed:
                continue
        m = article.metadata
        rows.append({"article_id": article_id, "number": number + 1, "run_id": run_id, "recorded_at": when,
                     "site_updated": format_timestamp(m.updated) if m.updated else None,
                     "changed": changed, "field_hashes": hashes, "body_hash": hashes["body"],
                     "content_hash": content_hash(article), "markdown": markdown, "origin": origin,
                     "parser_version": parser_version})
        latest[article_id] = (number + 1, hashes)
    if rows:
        session.execute(insert(Revision), rows)
    return len(rows)


def save_page_states(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or replace page states (keys as the ``page_states`` columns): one upsert statement
    (``INSERT … ON CONFLICT (url) DO UPDATE``), safe beside other writers of the same URLs; rows in
    URL order, so concurrent writers take their row locks in one order."""
    if not rows:
        return
    last: dict[str, dict[str, Any]] = {r["url"]: r for r in rows}
    columns = ("article_url", "status", "etag", "last_modified", "checked_at", "run_id")
    stmt = upsert_statement(session, cast(Table, PageState.__table__), ["url"], list(columns))
    if stmt is not None:
        session.execute(stmt, [{"url": u, **{c: last[u].get(c) for c in columns}} for u in sorted(last)])
        return
    urls = list(last)
    for start in range(0, len(urls), 500):
        session.execute(delete(PageState).where(PageState.url.in_(urls[start:start + 500])))
    session.execute(insert(PageState), [{"url": u, **{c: r.get(c) for c in columns}}
                                        for u, r in last.items()])


def article_id_for(session: Session, url: str) -> int:
    """The id of the article at ``url`` (canonical or as given), or raise :class:`NotFound`."""
    for candidate in dict.fromkeys((url, canonicalize(url))):
        found = session.scalar(select(ArticleRow.id).where(ArticleRow.url == candidate))
        if found is not None:
            return found
    raise NotFound(f"no archived article at {url} (see `archiver list`)")


def list_revisions(session: Session, url: str) -> list[dict[str, Any]]:
    """Every revision of the article at ``url``, oldest first."""
    article_id = article_id_for(session, url)
    status, gone_at = session.execute(select(ArticleRow.status, ArticleRow.gone_at)
                                      .where(ArticleRow.id == article_id)).one()
    out = []
    for r in session.scalars(select(Revision).where(Revision.article_id == article_id)
                             .order_by(Revision.number)):
        out.append({"revision": r.number, "recorded_at": format_timestamp(r.recorded_at), "run": r.run_id,
                    "updated": r.site_updated, "changed": list(r.changed or []),
                    "body_hash": r.body_hash[:12], "origin": r.origin or CRAWL,
                    "parser_version": r.parser_version})
    if status == "gone" and out:
        out[-1]["gone_at"] = format_timestamp(gone_at) if gone_at else None
    return out


def diff_revisions(session: Session, url: str, old: int | None = None, new: int | None = None) -> str:
    """A unified diff of the Markdown of two revisions (default: the last two; ``old`` alone: against
    the latest)."""
    article_id = article_id_for(session, url)
    numbers = list(session.scalars(select(Revision.number).where(Revision.article_id == article_id)
                                   .order_by(Revision.number)))
    if not numbers:
        raise NotFound(f"{url} has no recorded revisions")
    new = numbers[-1] if new is None else new
    old = (numbers[-2] if len(numbers) > 1 else numbers[-1]) if old is None else old
    texts = {}
    for number in (old, new):
        if number not in numbers:
            raise NotFound(f"{url} has no revision {number} (revisions: {', '.join(map(str, numbers))})")
        texts[number] = session.scalar(select(Revision.markdown).where(
            Revision.article_id == article_id, Revision.number == number)) or ""
    return "".join(difflib.unified_diff(texts[old].splitlines(keepends=True),
                                        texts[new].splitlines(keepends=True),
                                        fromfile=f"{url} (revision {old})", tofile=f"{url} (revision {new})"))
