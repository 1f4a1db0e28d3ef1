"""The tables of republished copies (near-duplicate grouping, :mod:`exporters.dupes`).

* ``dupe_signatures``: per article, the MinHash signature of its body (computed for the content
  hash it records: an article whose content changed has a stale one and is placed again), the
  number of distinct shingles, and its normalised title;
* ``dupe_bands``: the locality-sensitive hashing index: one row per band of a signature, looked
  up by ``key`` (a hash of the band's number and values), so the candidates of a new article are
  one indexed query, whatever the archive's size;
* ``clusters``: a story published more than once: its canonical member (earliest published,
  ties by URL), its size and its lowest member similarity;
* ``article_clusters``: the members, each with the similarity (Jaccard of word shingles) with
  which it joined.

Articles are never deleted or merged: a copy keeps its own row and file; only its
``duplicate_of`` names the canonical member.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, UTCDateTime


class DupeSignature(Base):
    __tablename__ = "dupe_signatures"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    shingles: Mapped[int] = mapped_column(Integer)
    title_key: Mapped[str | None] = mapped_column(Text, index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)


class DupeBand(Base):
    __tablename__ = "dupe_bands"
    __table_args__ = (Index("ix_dupe_bands_key", "key"),)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)


class Cluster(Base):
    __tablename__ = "clusters"
    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    similarity: Mapped[float] = mapped_column(Float)  # the lowest of its members'
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ArticleCluster(Base):
    __tablename__ = "article_clusters"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float)  # with the member it was matched to (1 for the first)
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)


TABLES = ("dupe_signatures", "dupe_bands", "clusters", "article_clusters")
