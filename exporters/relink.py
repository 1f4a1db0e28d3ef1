"""Downloaded images and the archive's files: which images the selected articles still miss, and
re-rendering the Markdown files whose images now have local copies (``archiver fetch-images``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from crawler.kernel.files import atomic_write
from crawler.kernel.layout import ArchiveLayout

from .export import select_ids
from .formats.documents import relinked
from .markdown import render_markdown
from .media import ARCHIVE_MEDIA_PREFIX, image_urls, local_copies
from .store.index import Index
from .store.records import file_hash, iter_records
from .store.schema import Article

LOOKUP_CHUNK = 500


def missing_images(index: Index, filters: Any) -> tuple[list[int], list[str]]:
    """(selected article ids, their image URLs without a stored copy)."""
    with index.session() as s:
        ids = select_ids(s, filters)
        urls: dict[str, None] = {}
        for start in range(0, len(ids), LOOKUP_CHUNK):
            for body, thumb in s.execute(select(Article.body_markdown, Article.thumbnail)
                                         .where(Article.id.in_(ids[start:start + LOOKUP_CHUNK]))):
                urls.update(dict.fromkeys(image_urls(body, thumb)))
        known = local_copies(s, urls)
    return ids, [u for u in urls if u not in known]


def relink_archive_files(index: Index, layout: ArchiveLayout, ids: list[int]) -> int:
    """Re-render the Markdown files of these articles whose images now have local copies (and
    record the new ``archived_at``); returns how many files were rewritten."""
    rewritten = 0
    with index.session() as s:
        for record in iter_records(s, ids):
            if not record.media:
                continue
            digest = file_hash(record.article, record.media)
            if record.file_hash == digest:
                continue
            now = datetime.now(UTC)
            if record.path is not None:
                text = render_markdown(relinked(record, ARCHIVE_MEDIA_PREFIX), archived_at=now)
                atomic_write(layout.article_path(record.url), text.encode("utf-8", "replace"), mtime=now)
                rewritten += 1
            s.execute(update(Article).where(Article.id == record.id)
                      .values(file_hash=digest, archived_at=now))
        s.commit()
    return rewritten
