"""Where an archive keeps its things: the one place that knows the folder's layout.

::

    DATA/
      archive.db            the index (unless ARCHIVE_DB_URL / --db names another database)
      articles/<host>/<slug>.md
      media/<ab>/<sha256>.<ext>
      warc/run-<run>-<seq>.warc.gz   every response of every crawl (WARC/1.1, gzipped per record);
      warc/<file>.open      beside a WARC file while a crawl writes it
      logs/<job>.log        scheduled runs' output
      .jobs/<job>/scrapy    Scrapy's JOBDIR of a job, for resuming
      .archiver.lock        held while a crawl runs

Everything else asks an :class:`ArchiveLayout` for a path.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import StorageError
from .slugs import host_dir, slug_for_url

DATABASE_NAME = "archive.db"
ARTICLES_DIR = "articles"
MEDIA_DIR = "media"
WARC_DIR = "warc"
#: Suffix of a WARC file's name; ``OPEN_MARK`` is added to it for the marker beside a file in writing.
WARC_SUFFIX = ".warc.gz"
OPEN_MARK = ".open"
LOGS_DIR = "logs"
JOBS_DIR = ".jobs"
LOCK_NAME = ".archiver.lock"
#: Room kept free during a crawl, given back on a storage failure so the failure can be recorded.
RESERVE_NAME = ".archiver.reserve"
DEFAULT_DIR = "data"


@dataclass(frozen=True)
class ArchiveLayout:
    """The archive in folder ``root`` (its index at ``db_url`` when one is given)."""

    root: Path
    given_db_url: str | None = None

    def __init__(self, root: Path | str = DEFAULT_DIR, db_url: str | None = None) -> None:
        object.__setattr__(self, "root", Path(root or DEFAULT_DIR))
        object.__setattr__(self, "given_db_url", db_url or None)

    @classmethod
    def from_settings(cls, settings: Any) -> ArchiveLayout:
        """From ``ARCHIVE_DIR`` and ``ARCHIVE_DB_URL`` (Scrapy settings or any mapping with ``get``)."""
        return cls(settings.get("ARCHIVE_DIR") or DEFAULT_DIR, settings.get("ARCHIVE_DB_URL") or None)

    # -- the index --------------------------------------------------------------------------------
    @property
    def db_file(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def db_url(self) -> str:
        """The SQLAlchemy URL of the index: the one given, else the SQLite file in the folder."""
        return self.given_db_url or f"sqlite:///{self.db_file.resolve()}"

    @property
    def has_index(self) -> bool:
        """Whether there is an index to read (a given database URL is assumed to exist)."""
        return self.given_db_url is not None or self.db_file.is_file()

    def require_index(self) -> str:
        """The index URL of an existing archive, or :class:`StorageError` (never an empty new one)."""
        if not self.has_index:
            raise StorageError(f"no archive in {str(self.root)!r} (no {DATABASE_NAME}): run 'archiver crawl' "
                               "first or point --data at an archive")
        return self.db_url

    # -- files ------------------------------------------------------------------------------------
    @property
    def articles_dir(self) -> Path:
        return self.root / ARTICLES_DIR

    @property
    def media_dir(self) -> Path:
        return self.root / MEDIA_DIR

    @property
    def warc_dir(self) -> Path:
        return self.root / WARC_DIR

    @staticmethod
    def warc_name(run_id: int | None, sequence: int) -> str:
        """``run-000012-00003.warc.gz``: the third WARC file of run 12 (run 0: no run recorded)."""
        return f"run-{run_id or 0:06d}-{sequence:05d}{WARC_SUFFIX}"

    def warc_path(self, name: str) -> Path:
        """A WARC file by the name the index keeps (``run-000012-00003.warc.gz``)."""
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise StorageError(f"not a WARC file name of this archive: {name!r}")
        return self.warc_dir / name

    def warc_open_marker(self, name: str) -> Path:
        """The marker that exists while the WARC file ``name`` is being written."""
        return self.warc_dir / f"{name}{OPEN_MARK}"

    def warc_files(self) -> list[Path]:
        """The archive's WARC files, in name order (run, then sequence)."""
        if not self.warc_dir.is_dir():
            return []
        return sorted(p for p in self.warc_dir.iterdir() if p.name.endswith(WARC_SUFFIX) and p.is_file())

    @property
    def logs_dir(self) -> Path:
        return self.root / LOGS_DIR

    @property
    def jobs_dir(self) -> Path:
        return self.root / JOBS_DIR

    @property
    def lock_file(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def reserve_file(self) -> Path:
        return self.root / RESERVE_NAME

    @property
    def atomic_dirs(self) -> tuple[Path, ...]:
        """The folders whose files are written through temporary files."""
        return (self.articles_dir, self.media_dir)

    def article_relpath(self, url: str) -> str:
        """``articles/<host>/<slug>.md``: an article's file, relative to the folder (exports use the
        same names)."""
        return f"{ARTICLES_DIR}/{host_dir(url)}/{slug_for_url(url)}.md"

    def article_path(self, url: str) -> Path:
        return self.root / self.article_relpath(url)

    def media_path(self, relpath: str) -> Path:
        """A stored image (``relpath`` as the index keeps it: ``media/ab/<sha256>.<ext>``)."""
        return self.root / relpath

    def log_file(self, job: str) -> Path:
        return self.logs_dir / f"{job}.log"

    def jobdir(self, slug: str) -> Path:
        """Scrapy's JOBDIR of a job (``slug``: a file-safe job name)."""
        return self.jobs_dir / slug / "scrapy"

    def ensure_writable(self) -> ArchiveLayout:
        """Create the folder if needed and prove it is writable, or raise :class:`StorageError`."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=self.root)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise StorageError(f"data folder {str(self.root)!r} is not writable ({exc.strerror or exc}); "
                               "choose another with --data") from None
        return self
