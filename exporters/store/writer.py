"""Batched article upserts: one transaction, a handful of set-based statements per batch.

:class:`BatchWriter` looks the batch's URLs up once, inserts the new rows and updates the changed
ones table by table, replaces the children (sections, authors, related links, vocabularies) of
every new or changed article, and records their revisions and file stamps. Row values come from
the field table (:func:`crawler.kernel.fields.row_values`).

On a database other crawl processes write at the same time (PostgreSQL), every insert is
``INSERT … ON CONFLICT DO NOTHING`` on the row's natural key (host, name, URL): a site, author or tag
another writer added meanwhile is looked up instead, and an article another writer inserted
meanwhile is updated instead. Rows are written in key order, table after table (sites, authors,
vocabularies, articles), so two writers never wait on each other in a cycle; the children of an
updated article are replaced only after its row is updated, which holds its row lock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import CursorResult, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from crawler.kernel.fields import content_hash, row_values
from crawler.kernel.model import Article

from .history import CRAWL, REPARSE, add_revisions
from .records import stamp_files
from .schema import TERMS, ArticleAuthor, Author, Link, Section, Site
from .schema import Article as ArticleRow
from .upserts import dialect_of, insert_ignoring

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


def unique(values: Any) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        v = (v or "").strip()
        if v:
            seen.setdefault(v)
    return list(seen)


ARTICLE_TABLE = ArticleRow.__table__
CHILD_KEYS: dict[str, tuple[Table, str]] = {
    "authors": (cast(Table, ArticleAuthor.__table__), "article_id"),
    "sections": (cast(Table, Section.__table__), "article_id"),
    "links": (cast(Table, Link.__table__), "from_article_id"),
}


class IdCache(dict):
    """Ids of sites, authors and terms already in the database, kept across batches."""

    def for_kind(self, kind: str) -> dict[Any, int]:
        return self.setdefault(kind, {})


class BatchWriter:
    """Upserts one batch with a handful of set-based statements: one lookup of the existing rows,
    one insert per table for the new rows and the children of every new or changed article."""

    def __init__(self, session: Session, ids: IdCache, run_id: int | None = None,
                 markdown: dict[str, str] | None = None, *, origin: str = CRAWL,
                 parser_version: str | None = None) -> None:
        self.s = session
        self.ids = ids
        self.run_id = run_id
        self.markdown = markdown or {}
        self.origin = origin
        self.parser_version = parser_version
        # other processes may write the same database now: conflict-safe inserts, rows in key order
        self.concurrent = dialect_of(session) not in ("sqlite",)

    def upsert(self, batch: list[tuple[Article, str | None, datetime]]) -> list[str]:
        existing = self._existing(list(dict.fromkeys(a.canonical_url for a, _, _ in batch)))
        outcomes: list[str] = []
        final: dict[str, tuple[Article, str | None, datetime, str]] = {}  # the last entry per URL
        digests = {url: digest for url, (_id, digest) in existing.items()}
        for article, path, archived_at in batch:  # outcomes as if the entries were stored in turn
            url, digest = article.canonical_url, content_hash(article)
            before = digests.get(url)
            outcomes.append(NEW if before is None else UNCHANGED if before == digest else UPDATED)
            digests[url] = digest
            final[url] = (article, path or (final[url][1] if url in final else None), archived_at, digest)
        if self.concurrent:
            final = dict(sorted(final.items()))
            self._prepare_vocabularies([a for url, (a, _p, _t, d) in final.items()
                                        if existing.get(url, (0, None))[1] != d])
            existing.update(self._insert_new(final, existing))
        seen_rows, inserts, updates, changed = [], [], [], []
        for url, (article, path, archived_at, digest) in final.items():
            old = existing.get(url)
            seen: dict[str, Any] = {"id": old[0] if old else None}
            if self.origin != REPARSE or old is None:  # a re-parse does not see the site
                seen.update(last_seen=archived_at, status="ok", gone_at=None)
            if path:
                seen["path"] = path
            if old is not None and len(old) > 2:  # inserted above (concurrent writers): children only
                changed.append((url, article))
                continue
            if old is not None and old[1] == digest:
                if len(seen) > 1:
                    seen_rows.append(seen)
                continue
            values = {**self._values(article, digest), **seen}
            if old is None:
                values.pop("id")
                inserts.append({**values, "url": url, "first_seen": archived_at, "path": path})
            else:
                updates.append(values)
            changed.append((url, article))
        for rows in (seen_rows, updates):
            for group in _same_keys(rows):
                self.s.execute(update(ArticleRow), group)
        if updates:
            ids = [r["id"] for r in updates]
            for table, column in CHILD_KEYS.values():
                self.s.execute(delete(table).where(table.c[column].in_(ids)))
            for _vocabulary, association in TERMS.values():
                self.s.execute(delete(association).where(association.c.article_id.in_(ids)))
        if inserts:
            self.s.execute(insert(ARTICLE_TABLE), inserts)
            existing.update(self._existing([r["url"] for r in inserts]))
        if changed:
            self._add_children([(existing[url][0], article) for url, article in changed])
            add_revisions(self.s, [(existing[url][0], article, self.markdown.get(url), final[url][2])
                                   for url, article in changed], self.run_id, self.origin,
                          self.parser_version)
        stamp_files(self.s, [(article, archived_at) for article, _path, archived_at, _d in final.values()])
        return outcomes

    def _insert_new(self, final: dict[str, tuple[Article, str | None, datetime, str]],
                    existing: dict[str, tuple[int, str]]) -> dict[str, tuple[Any, ...]]:
        """Insert the batch's new articles, in URL order, skipping any another writer inserted
        meanwhile; returns (id, content hash, "inserted") for those inserted here and (id, content
        hash) for those found inserted by another writer (they are then updated like any other)."""
        rows = []
        for url, (article, path, archived_at, digest) in final.items():
            if url not in existing:
                rows.append({**self._values(article, digest), "url": url, "first_seen": archived_at,
                             "last_seen": archived_at, "path": path, "status": "ok", "gone_at": None})
        if not rows:
            return {}
        stmt = insert_ignoring(self.s, ARTICLE_TABLE).returning(ARTICLE_TABLE.c.url)
        mine = set(self.s.scalars(stmt, rows))
        found: dict[str, tuple[Any, ...]] = {}
        for url, (id_, digest) in self._existing([r["url"] for r in rows]).items():
            found[url] = (id_, digest, "inserted") if url in mine else (id_, digest)
        return found

    def _prepare_vocabularies(self, articles: list[Article]) -> None:
        """Look up, or insert in key order, every site, author and term of ``articles``."""
        for host in sorted({_host(a.canonical_url) for a in articles}):
            self._host_id(host)
        people = {((p.name or "").strip(), p.url or None): p.avatar
                  for a in articles for p in a.metadata.authors}
        for (name, url), avatar in sorted(people.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            self._author_id(name, url, avatar)
        for kind in TERMS:
            names = sorted(set(unique(n for a in articles for n in getattr(a.metadata, kind))))
            self._term_ids(kind, TERMS[kind][0], names)

    def _existing(self, urls: list[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            query = select(ArticleRow.id, ArticleRow.url, ArticleRow.content_hash)
            for id_, url, digest in self.s.execute(query.where(ArticleRow.url.in_(chunk))):
                found[url] = (id_, digest)
        return found

    def _values(self, article: Article, digest: str) -> dict[str, Any]:
        return {"site_id": self._site_id(article.canonical_url), **row_values(article),
                "content_hash": digest}

    def _add_children(self, articles: list[tuple[int, Article]]) -> None:
        rows: dict[str, list[dict[str, Any]]] = {"sections": [], "links": [], "authors": []}
        terms: dict[str, list[tuple[int, list[str]]]] = {kind: [] for kind in TERMS}
        for article_id, article in articles:
            m = article.metadata
            rows["sections"] += [{"article_id": article_id, "position": i, "heading": sec.heading,
                                  "level": sec.level, "markdown": sec.markdown}
                                 for i, sec in enumerate(article.sections)]
            rows["links"] += [{"from_article_id": article_id, "position": i, "to_url": r.url,
                               "anchor": r.title} for i, r in enumerate(article.related)]
            author_ids = list(dict.fromkeys(i for a in m.authors
                                            if (i := self._author_id(a.name, a.url, a.avatar)) is not None))
            rows["authors"] += [{"article_id": article_id, "position": i, "author_id": a}
                                for i, a in enumerate(author_ids)]
            for kind, names in (("tags", m.tags), ("categories", m.categories), ("keywords", m.keywords)):
                terms[kind].append((article_id, unique(names)))
        for name, (table, _column) in CHILD_KEYS.items():
            if rows[name]:
                self.s.execute(insert(table), rows[name])
        for kind, per_article in terms.items():
            vocabulary, association = TERMS[kind]
            ids = self._term_ids(kind, vocabulary, unique(n for _, names in per_article for n in names))
            key = next(c.name for c in association.c if c.name not in ("article_id", "position"))
            assoc = [{"article_id": article_id, key: ids[n], "position": i}
                     for article_id, names in per_article for i, n in enumerate(names)]
            if assoc:
                self.s.execute(insert(association), assoc)

    def _site_id(self, url: str) -> int:
        return self._host_id(_host(url))

    def _host_id(self, host: str) -> int:
        sites = self.ids.for_kind("sites")
        if host not in sites:
            site_id = self.s.scalar(select(Site.id).where(Site.host == host))
            if site_id is None and self.concurrent:
                self.s.execute(insert_ignoring(self.s, cast(Table, Site.__table__)).values(host=host))
                site_id = self.s.scalar(select(Site.id).where(Site.host == host))
            if site_id is None:
                site_id = _inserted_id(self.s.execute(insert(Site).values(host=host)))
            sites[host] = site_id
        return sites[host]

    def _author_id(self, name: str, url: str | None, avatar: str | None) -> int | None:
        name = (name or "").strip()
        if not name:
            return None
        key = (name, url or None)
        authors = self.ids.for_kind("authors")
        if key not in authors:
            same_url = Author.url.is_(None) if key[1] is None else Author.url == key[1]
            query = select(Author.id, Author.avatar).where(Author.name == name, same_url)
            author = self.s.execute(query).first()
            if author is None and self.concurrent:
                self.s.execute(insert_ignoring(self.s, cast(Table, Author.__table__))
                               .values(name=name, url=key[1], avatar=avatar))
                author = self.s.execute(query).first()
            if author is None:
                author_id = _inserted_id(self.s.execute(insert(Author).values(name=name, url=key[1],
                                                                            avatar=avatar)))
            else:
                author_id = author.id
                if avatar and author.avatar != avatar:
                    self.s.execute(update(Author).where(Author.id == author_id).values(avatar=avatar))
            authors[key] = author_id
        return authors[key]

    def _term_ids(self, kind: str, vocabulary: Table, names: list[str]) -> dict[str, int]:
        cache = self.ids.for_kind(kind)
        missing = [n for n in names if n not in cache]
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            found = self.s.execute(select(vocabulary.c.id, vocabulary.c.name)
                                   .where(vocabulary.c.name.in_(chunk))).all()
            cache.update({name: id_ for id_, name in found})
            new = [{"name": n} for n in chunk if n not in cache]
            if new:
                self.s.execute(insert_ignoring(self.s, vocabulary) if self.concurrent else insert(vocabulary),
                               sorted(new, key=lambda r: r["name"]) if self.concurrent else new)
                found = self.s.execute(select(vocabulary.c.id, vocabulary.c.name)
                                       .where(vocabulary.c.name.in_([r["name"] for r in new]))).all()
                cache.update({name: id_ for id_, name in found})
        return {n: cache[n] for n in names}


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower() or "unknown"


def _same_keys(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by their key sets, for executemany statements."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())


def _inserted_id(result: Any) -> int:
    key = cast(CursorResult[Any], result).inserted_primary_key
    assert key is not None
    return int(key[0])
