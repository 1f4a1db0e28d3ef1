"""Placing articles among the clusters of republished copies, inside one write transaction.

:meth:`Placer.place` takes articles already stored (new, or whose content changed) and, one at a
time: drops what was known of an earlier version (signature, bands, cluster membership), stores
the new signature and bands, asks the index for candidates (articles sharing a band, or the same
normalised title: two indexed lookups, so the cost does not grow with the archive), keeps those
whose estimated similarity is plausible, confirms each on the exact shingle overlap of the bodies,
and joins the article to the matches' cluster (clusters it bridges become one). Then every cluster
it touched gets its canonical member again (earliest published, undated last, ties by URL) and
each member's ``duplicate_of``. :func:`place_in_archive` does this for an open index and rewrites
the Markdown files whose ``duplicate_of`` changed, in step with the rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from crawler.kernel.files import discard_staged, publish, stage_write, unpublish
from crawler.kernel.layout import ArchiveLayout

from ..store.clusters import ArticleCluster, Cluster, DupeBand, DupeSignature
from ..store.schema import Article as ArticleRow
from . import DupesConfig
from .minhash import band_matrix, from_bytes, signature, similarity, to_bytes
from .text import shingles, title_key
from .unplaced import unplaced_count as unplaced_count  # re-exported
from .unplaced import unplaced_ids

#: Candidates confirmed on their bodies, at most, per placed article (the most similar first).
MAX_CHECKED = 24
#: An estimated similarity below this is not worth an exact check (nor a shortened copy's).
MIN_ESTIMATE = 0.1
#: A normalised title this short ("news", "update") names no story: not a candidate source.
MIN_TITLE_KEY = 12
#: Same-title candidates looked at, at most (a generic title shared by many articles).
MAX_TITLE_CANDIDATES = 50
CHUNK = 500
SIGS = cast(Table, DupeSignature.__table__)
BANDS = cast(Table, DupeBand.__table__)
MEMBERS = cast(Table, ArticleCluster.__table__)
# the candidate lookups of a chunk of articles, built once (their compiled form is cached)
KEYED_BANDS = (select(BANDS.c.key, BANDS.c.article_id)
               .where(BANDS.c.key.in_(bindparam("keys", expanding=True))))
TITLED = (select(SIGS.c.title_key, SIGS.c.article_id)
          .where(SIGS.c.title_key.in_(bindparam("titles", expanding=True))))
#: Values bound in one lookup, at most.
LOOKUP = 500


@dataclass
class Placement:
    """What a placement changed: articles placed, and those whose ``duplicate_of`` changed."""

    placed: int = 0
    changed: dict[int, str | None] = field(default_factory=dict)  # article id -> new duplicate_of


class Placer:
    def __init__(self, session: Session, config: DupesConfig | None = None,
                 at: datetime | None = None) -> None:
        self.s = session
        self.config = config or DupesConfig()
        self.at = at or datetime.now(UTC)
        self.touched: set[int] = set()  # clusters to settle
        self.loose: set[int] = set()  # articles whose duplicate_of must be checked

    def place(self, ids: Iterable[int]) -> Placement:
        """Place these stored articles, in this order (each is compared with those before it)."""
        ids = list(dict.fromkeys(ids))
        result = Placement()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            conn = self.s.connection()
            rows = {r.id: r for r in conn.execute(
                select(ArticleRow.id, ArticleRow.title, ArticleRow.body_text, ArticleRow.content_hash)
                .where(ArticleRow.id.in_(chunk)))}
            known = set(conn.scalars(select(SIGS.c.article_id).where(SIGS.c.article_id.in_(chunk))))
            for id_ in sorted(known):
                self._forget(id_)
            result.placed += self._place_chunk([rows[i] for i in chunk if i in rows])
        result.changed = self.settle()
        return result

    def _place_chunk(self, rows: list[Any]) -> int:
        """Place a chunk of articles with a handful of statements: the candidates of all of them
        looked up at once, the chunk's own signatures and bands kept in memory for the articles
        after them, and stored together at the end."""
        conn = self.s.connection()
        owns = [shingles(row.body_text or "") for row in rows]
        sigs = [signature(own) for own in owns]
        every = band_matrix(np.stack(sigs)).tolist() if sigs else []  # the chunk's bands at once
        least = self.config.min_shingles
        prepared = [(row, own, sig, title_key(row.title), keys if own.size >= least else [])
                    for row, own, sig, keys in zip(rows, owns, sigs, every, strict=True)]
        by_band: dict[int, set[int]] = defaultdict(set)
        wanted_keys = sorted({k for *_r, keys in prepared for k in keys})
        for start in range(0, len(wanted_keys), LOOKUP):
            for key, other in conn.execute(KEYED_BANDS, {"keys": wanted_keys[start:start + LOOKUP]}):
                by_band[key].add(other)
        by_title: dict[str, set[int]] = defaultdict(set)
        titles = sorted({key for _r, _o, _s, key, keys in prepared if keys and len(key) >= MIN_TITLE_KEY})
        for start in range(0, len(titles), LOOKUP):
            for key, other in conn.execute(TITLED, {"titles": titles[start:start + LOOKUP]}):
                by_title[key].add(other)
        mine: dict[int, np.ndarray] = {}  # this chunk's signatures, for the articles after them
        signatures, bands = [], []
        for row, own, sig, key, keys in prepared:
            self.loose.add(row.id)
            signatures.append((row.id, row.content_hash, int(own.size), key or None, to_bytes(sig)))
            if not keys:
                continue  # too short to tell a copy from a look-alike: never grouped, never a candidate
            candidates: set[int] = set()
            for k in keys:
                candidates |= by_band.get(k, set())
            if len(key) >= MIN_TITLE_KEY:
                candidates |= set(sorted(by_title.get(key, set()))[:MAX_TITLE_CANDIDATES])
            candidates.discard(row.id)
            matches = self._matches(own, sig, candidates, mine)
            if matches:
                self._join(row.id, matches)
            mine[row.id] = sig
            for k in keys:
                by_band[k].add(row.id)
            if len(key) >= MIN_TITLE_KEY:
                by_title[key].add(row.id)
            bands += [(row.id, i, k) for i, k in enumerate(keys)]
        # plain rows of numbers and bytes (thousands of bands): straight to the driver
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if signatures:
                cursor.executemany("INSERT INTO dupe_signatures (article_id, content_hash, shingles, "
                                   f"title_key, signature) VALUES ({', '.join([mark] * 5)})", signatures)
            if bands:
                cursor.executemany("INSERT INTO dupe_bands (article_id, band, key) "
                                   f"VALUES ({mark}, {mark}, {mark})", bands)
        finally:
            cursor.close()
        return len(prepared)

    def _forget(self, article_id: int) -> None:
        """Drop an earlier version's signature, bands and membership (its cluster is settled again)."""
        conn = self.s.connection()
        conn.execute(delete(BANDS).where(BANDS.c.article_id == article_id))
        conn.execute(delete(SIGS).where(SIGS.c.article_id == article_id))
        cluster = conn.scalar(select(MEMBERS.c.cluster_id).where(MEMBERS.c.article_id == article_id))
        if cluster is not None:
            conn.execute(delete(MEMBERS).where(MEMBERS.c.article_id == article_id))
            self.touched.add(cluster)

    def _matches(self, own: np.ndarray, sig: np.ndarray, candidates: set[int],
                 mine: dict[int, np.ndarray]) -> dict[int, float]:
        """The candidates confirmed as the same story, with their Jaccard similarity: those whose
        estimated similarity is plausible, checked on the exact overlap of the bodies."""
        if not candidates:
            return {}
        estimates = [(similarity(sig, mine[other]), other) for other in candidates if other in mine]
        stored = sorted(candidates - set(mine))
        for start in range(0, len(stored), LOOKUP):
            for other, data, count in self.s.connection().execute(
                    select(SIGS.c.article_id, SIGS.c.signature, SIGS.c.shingles)
                    .where(SIGS.c.article_id.in_(stored[start:start + LOOKUP]))):
                if data is not None and count >= self.config.min_shingles:
                    estimates.append((similarity(sig, from_bytes(data)), other))
        estimates = sorted((e for e in estimates if e[0] >= MIN_ESTIMATE), reverse=True)
        checked = [other for _e, other in estimates[:MAX_CHECKED]]
        if not checked:
            return {}
        bodies = dict(self.s.connection().execute(select(ArticleRow.id, ArticleRow.body_text)
                                     .where(ArticleRow.id.in_(checked))).all())
        matches = {}
        for other in checked:
            score = self.same_story(own, shingles(bodies.get(other) or ""))
            if score is not None:
                matches[other] = score
        return matches

    def same_story(self, a: np.ndarray, b: np.ndarray) -> float | None:
        """The Jaccard similarity of two shingle sets when they are one story's, else None."""
        from .text import overlap

        if min(a.size, b.size) < self.config.min_shingles:
            return None
        jaccard, contained = overlap(a, b)
        threshold = self.config.threshold
        if jaccard >= threshold or (contained >= max(self.config.containment, threshold)
                                    and jaccard >= threshold / 2):
            return round(jaccard, 4)
        return None

    def _join(self, article_id: int, matches: dict[int, float]) -> None:
        conn = self.s.connection()  # Core statements: no ORM bookkeeping for these plain rows
        member_of = dict(conn.execute(select(ArticleCluster.article_id, ArticleCluster.cluster_id)
                                        .where(ArticleCluster.article_id.in_(list(matches)))).all())
        clusters = sorted(set(member_of.values()))
        if clusters:
            target = clusters[0]
            for other in clusters[1:]:  # the article bridges clusters: they are one story
                conn.execute(update(ArticleCluster).where(ArticleCluster.cluster_id == other)
                               .values(cluster_id=target))
                conn.execute(delete(Cluster).where(Cluster.id == other))
                self.touched.discard(other)
        else:
            target = int(conn.execute(insert(Cluster).values(
                canonical_id=article_id, size=1, similarity=1.0, created_at=self.at, updated_at=self.at)
                .returning(Cluster.id)).scalar_one())
        best = max(matches.values())
        rows = [{"article_id": article_id, "cluster_id": target, "similarity": best, "placed_at": self.at}]
        rows += [{"article_id": other, "cluster_id": target, "similarity": score, "placed_at": self.at}
                 for other, score in sorted(matches.items()) if other not in member_of]
        conn.execute(insert(ArticleCluster), rows)
        self.touched.add(target)

    def settle(self) -> dict[int, str | None]:
        """Canonical members and ``duplicate_of`` of the touched clusters (a cluster left with one
        member is dissolved); returns the articles whose ``duplicate_of`` changed."""
        conn = self.s.connection()
        wanted: dict[int, str | None] = {id_: None for id_ in self.loose}
        for cluster in sorted(self.touched):
            members = conn.execute(
                select(ArticleCluster.article_id, ArticleCluster.similarity, ArticleRow.url, ArticleRow.date)
                .join(ArticleRow, ArticleRow.id == ArticleCluster.article_id)
                .where(ArticleCluster.cluster_id == cluster)).all()
            if len(members) < 2:
                conn.execute(delete(ArticleCluster).where(ArticleCluster.cluster_id == cluster))
                conn.execute(delete(Cluster).where(Cluster.id == cluster))
                wanted.update({m.article_id: None for m in members})
                continue
            first = min(members, key=canonical_order)
            conn.execute(update(Cluster).where(Cluster.id == cluster).values(
                canonical_id=first.article_id, size=len(members), updated_at=self.at,
                similarity=min(m.similarity for m in members if m.article_id != first.article_id)))
            for m in members:
                wanted[m.article_id] = None if m.article_id == first.article_id else first.url
        changed: dict[int, str | None] = {}
        ids = sorted(wanted)
        for start in range(0, len(ids), CHUNK):
            for id_, current in conn.execute(select(ArticleRow.id, ArticleRow.duplicate_of)
                                               .where(ArticleRow.id.in_(ids[start:start + CHUNK]))):
                if current != wanted[id_]:
                    changed[id_] = wanted[id_]
        if changed:
            conn.execute(update(ArticleRow).where(ArticleRow.id == bindparam("changed_id"))
                         .values(duplicate_of=bindparam("value")),
                         [{"changed_id": id_, "value": value} for id_, value in changed.items()])
        self.touched.clear()
        self.loose.clear()
        return changed


def canonical_order(member: Any) -> tuple[bool, datetime, str]:
    """Earliest published first, undated last, ties by URL."""
    date = member.date or datetime.max.replace(tzinfo=UTC)
    return member.date is None, date, member.url


def clear(session: Session) -> None:
    """Forget every signature, band and cluster (``regroup`` places everything again)."""
    for table in (DupeBand, DupeSignature, ArticleCluster, Cluster):
        session.execute(delete(table))


def rewrite_files(session: Session, changed: Iterable[int], at: datetime, root: Path | None,
                  keep_time: set[str] | frozenset[str] = frozenset()) -> list[tuple[Path, Path | None]]:
    """Re-render the Markdown files of these articles (their ``duplicate_of`` changed) and put them
    in place, recording their ``archived_at`` (``at``; those in ``keep_time`` keep theirs: written
    in this very batch) and file hashes. Returns (path, the file it replaced kept aside) for
    :func:`finish_files` / :func:`undo_files`."""
    from ..formats.documents import MarkdownFormat
    from ..store.records import file_hash, load_records

    ids = sorted(changed)
    published: list[tuple[Path, Path | None]] = []
    form = MarkdownFormat()
    try:
        for start in range(0, len(ids), CHUNK):
            for record in load_records(session, ids[start:start + CHUNK], with_media=True):
                if record.url not in keep_time:
                    record.archived_at = at
                values: dict[str, Any] = {"file_hash": file_hash(record.article, record.media),
                                          "archived_at": record.archived_at}
                session.execute(update(ArticleRow).where(ArticleRow.id == record.id).values(**values))
                if record.path is None or root is None:
                    continue  # no file (an index without Markdown)
                path = ArchiveLayout(root).article_path(record.url)
                if not path.parent.is_dir():
                    continue
                data = form.render(record)
                try:
                    if path.read_bytes() == data:
                        continue  # the file already shows it (rendered with the known duplicate_of)
                except OSError:
                    pass
                staged = stage_write(path, data, mtime=record.archived_at)
                published.append((path, publish(staged, path, keep=True)))
    except BaseException:
        undo_files(published)
        raise
    return published


def undo_files(published: list[tuple[Path, Path | None]]) -> None:
    for path, kept in reversed(published):
        unpublish(path, kept)


def finish_files(published: list[tuple[Path, Path | None]]) -> None:
    for _path, kept in published:
        if kept is not None:
            discard_staged(kept)


def place_in_archive(index: Any, root: Path | str | None, *, urls: list[str] | None = None,
                     config: DupesConfig | None = None,
                     unplaced: bool = False, regroup: bool = False, at: datetime | None = None,
                     keep_time: set[str] | frozenset[str] = frozenset()) -> Placement:
    """Place articles of an open :class:`~exporters.store.index.Index` (archive folder ``root``;
    None: no files) in one transaction: those
    with these ``urls``, every ``unplaced`` one, or (``regroup``) all of them from scratch; the
    files of the articles whose ``duplicate_of`` changed are rewritten with it, and taken back if
    the transaction does not commit."""
    at = at or datetime.now(UTC)
    published: list[tuple[Path, Path | None]] = []
    try:
        with index.write_transaction("group republished copies") as s:
            if regroup:
                clear(s)
                ids = list(s.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
            elif unplaced:
                ids = unplaced_ids(s)
            else:
                ids = []
                wanted = urls or []
                for start in range(0, len(wanted), CHUNK):
                    chunk = wanted[start:start + CHUNK]
                    ids += s.scalars(select(ArticleRow.id).where(ArticleRow.url.in_(chunk)))
            if not ids:
                return Placement()
            result = Placer(s, config, at).place(sorted(ids) if not urls else ids)
            rewrite = set(result.changed)
            if keep_time:  # this batch's files were rendered before placement: without duplicate_of
                rewrite.update(s.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(ids),
                                                                     ArticleRow.duplicate_of.is_not(None))))
            if rewrite:
                published = rewrite_files(s, rewrite, at, None if root is None else Path(root), keep_time)
    except BaseException:
        undo_files(published)
        raise
    finish_files(published)
    return result
