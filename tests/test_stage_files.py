"""A batch's Markdown rendered and staged where it is stored (exporters.store.batch.stage_files):
files in place with their rows, the revision text kept; a failure leaves no file behind."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import frontmatter
import pytest

from crawler.kernel.errors import StorageError
from crawler.kernel.layout import ArchiveLayout
from crawler.kernel.model import Article, Metadata, Section
from exporters.store.batch import Flush, stage_files, store_flush
from exporters.store.index import Index

WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def article(url: str, title: str) -> Article:
    return Article(url=url, metadata=Metadata(title=title, canonical_url=url),
                   sections=[Section(None, 0, f"The body of {title}, long enough to be an article.")])


def batch(data: Path, *articles: Article, shown: Article | None = None) -> Flush:
    return Flush(1, [(a, None, WHEN) for a in articles], render=[(0, shown)] + [(i, None) for i in
                                                                                range(1, len(articles))],
                 data_dir=str(data))


def test_the_store_renders_stages_and_puts_the_files_in_place(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first, second = article("http://a.test/one/", "One"), article("http://b.test/two/", "Two")
    shown = article("http://a.test/one/", "One, as its file shows it")
    flush = batch(data, first, second, shown=shown)
    with Index(f"sqlite:///{data}/archive.db") as index:
        assert store_flush(index, flush) == ["new", "new"]
        paths = [Path(p) for _a, p, _t in flush.articles]
        assert paths == [ArchiveLayout(data).article_path(a.canonical_url) for a in (first, second)]
        assert frontmatter.load(paths[0])["title"] == "One, as its file shows it"  # the shown article
        assert frontmatter.load(paths[1])["title"] == "Two"
        assert all(p.stat().st_mtime == WHEN.timestamp() for p in paths)
        assert "One, as its file shows it" in flush.markdown["http://a.test/one/"]  # the revision's text
        assert flush.render == []
    assert not list(data.rglob("*.tmp"))


def test_a_file_that_cannot_be_staged_leaves_no_staged_file_and_raises(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first, second = article("http://a.test/one/", "One"), article("http://b.test/two/", "Two")
    blocked = ArchiveLayout(data).article_path(second.canonical_url).parent
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the host's folder should be")
    flush = batch(data, first, second)
    with pytest.raises(StorageError):
        stage_files(flush)
    assert flush.staged == []
    assert not list(data.rglob("*.tmp"))
    assert not ArchiveLayout(data).article_path(first.canonical_url).exists()  # staged, never in place
