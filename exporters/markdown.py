"""One Markdown file per article: YAML front matter in the archive's key order, then the body.

The front matter is real YAML written by python-frontmatter with a custom dumper: timestamps are
YAML timestamp scalars shaped like ``2024-07-11T00:59:23.966Z``, multi-line strings are always
double-quoted (so no line of the header can look like a ``---`` fence), and the prose fields are
double-quoted like the archive's reference files.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from crawler.kernel.errors import StorageError
from crawler.kernel.model import Article, RelatedLink
from crawler.kernel.slugs import host_dir, slug_for_url

#: The reference archive's keys, in its order.
SEED_KEYS = ("title", "date", "updated", "tags", "categories", "description", "excerpt", "keywords",
             "thumbnail")
#: Keys the archiver adds after the reference keys (``authors`` follows ``author`` when there are several).
EXTRA_KEYS = ("url", "author", "related", "archived_at")
FRONT_MATTER_KEYS = SEED_KEYS + EXTRA_KEYS
#: String fields written double-quoted, as in the reference files.
QUOTED_KEYS = frozenset({"title", "description", "excerpt", "keywords"})
#: Characters that force a string into an escaped, single-line double-quoted scalar.
LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
#: The ``archived_at`` line of a rendered header (ignored when deciding whether a file changed).
ARCHIVED_AT_LINE = re.compile(r"^archived_at:[^\n]*\n?", re.M)
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
NULL_TAG = "tag:yaml.org,2002:null"
ARTICLES_DIR = "articles"
FILE_MODE = 0o644  # mkstemp creates 0600; archived files are ordinary readable files
YAML_WIDTH = 1 << 30  # never fold long lines


class _Quoted(str):
    """A string the dumper writes double-quoted."""


class FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The safe dumper (libyaml's emitter when PyYAML has it: several times faster than the
    pure-Python one) with ISO 8601 timestamps and safe multi-line strings."""


def format_timestamp(value: datetime | date) -> str:
    """``2024-07-11T00:59:23.966Z``: milliseconds when non-zero (microseconds when the value has
    them), ``Z`` for UTC, the original offset otherwise, no zone for a naive value."""
    if not isinstance(value, datetime):
        return value.isoformat()
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value, offset = value.astimezone(UTC), timedelta(0)  # YAML offsets have no seconds
    text = value.replace(microsecond=0, tzinfo=None).isoformat()
    micro = value.microsecond
    if micro:
        text += f".{micro // 1000:03d}" if micro % 1000 == 0 else f".{micro:06d}"
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _represent_timestamp(dumper: yaml.SafeDumper, value: datetime | date) -> yaml.ScalarNode:
    return dumper.represent_scalar(TIMESTAMP_TAG, format_timestamp(value))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    quoted = isinstance(value, _Quoted) or LINE_BREAKS.search(value) is not None
    return dumper.represent_scalar(STR_TAG, str(value), style='"' if quoted else None)


def _fast_node(dumper: yaml.SafeDumper, data: Any) -> yaml.Node:
    """The node PyYAML's generic representer would build for the front matter's value types, built
    directly (the header has no shared objects, so no alias bookkeeping); other types go the
    generic way."""
    kind = type(data)
    if kind is str or kind is _Quoted:
        quoted = kind is _Quoted or LINE_BREAKS.search(data) is not None
        return yaml.ScalarNode(STR_TAG, str(data), style='"' if quoted else None)
    if kind is dict:
        return yaml.MappingNode(MAP_TAG, [(_fast_node(dumper, k), _fast_node(dumper, v))
                                          for k, v in data.items()], flow_style=False)
    if kind is list:
        return yaml.SequenceNode(SEQ_TAG, [_fast_node(dumper, v) for v in data], flow_style=False)
    if data is None:
        return yaml.ScalarNode(NULL_TAG, "null")
    if kind is datetime or kind is date:
        return yaml.ScalarNode(TIMESTAMP_TAG, format_timestamp(data))
    return yaml.SafeDumper.represent_data(dumper, data)


FrontMatterDumper.represent_data = _fast_node
FrontMatterDumper.add_representer(datetime, _represent_timestamp)
FrontMatterDumper.add_representer(date, _represent_timestamp)
FrontMatterDumper.add_representer(str, _represent_str)
FrontMatterDumper.add_representer(_Quoted, _represent_str)


def keywords_value(keywords: list[str]) -> str:
    """The reference shape: one string, the comma-joined keywords inside literal double quotes
    (``'"A,B,C"'``); ``""`` when there are none."""
    words = [k.strip() for k in keywords if k and k.strip()]
    return f'"{",".join(words)}"' if words else ""


def front_matter(article: Article, *, archived_at: datetime,
                 related: list[RelatedLink] | None = None) -> dict[str, Any]:
    """The header mapping, every key present, in :data:`FRONT_MATTER_KEYS` order."""
    m = article.metadata
    links = article.related if related is None else related
    names = [a.name for a in m.authors if a.name and a.name.strip()]
    meta: dict[str, Any] = {
        "title": m.title or "",
        "date": m.date,
        "updated": m.updated,
        "tags": list(m.tags),
        "categories": list(m.categories),
        "description": m.description or "",
        "excerpt": m.excerpt or "",
        "keywords": keywords_value(m.keywords),
        "thumbnail": m.thumbnail or "",
        "url": article.canonical_url,
        "author": names[0] if names else "",
    }
    if len(names) > 1:
        meta["authors"] = names
    meta["related"] = [{"title": link.title or "", "url": link.url} for link in links]
    meta["archived_at"] = archived_at
    for key in QUOTED_KEYS:
        meta[key] = _Quoted(meta[key])
    return meta


def render_markdown(article: Article, *, archived_at: datetime,
                    related: list[RelatedLink] | None = None) -> str:
    """The complete file: ``---`` YAML header ``---``, a blank line, the body, a final newline.
    ``related`` defaults to ``article.related``."""
    post = frontmatter.Post(article.body_markdown, **front_matter(article, archived_at=archived_at,
                                                                  related=related))
    text = frontmatter.dumps(post, Dumper=FrontMatterDumper, sort_keys=False, width=YAML_WIDTH,
                             allow_unicode=True, default_flow_style=False)
    return text + "\n"


def without_archived_at(text: str) -> str:
    """``text`` with the header's ``archived_at`` line removed (the body is left alone)."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 3)
    if end < 0:
        return text
    return ARCHIVED_AT_LINE.sub("", text[: end + 1], count=1) + text[end + 1:]


class MarkdownWriter:
    """Writes articles to ``DATA/articles/<host>/<slug>.md``, atomically, and only when changed."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / ARTICLES_DIR

    def path_for(self, url: str) -> Path:
        return self.root / host_dir(url) / f"{slug_for_url(url)}.md"

    def write(self, article: Article, archived_at: datetime,
              related: list[RelatedLink] | None = None) -> tuple[Path, bool]:
        """Write the article's file; return its path and whether the content changed. A file
        whose content differs only in ``archived_at`` is left untouched (mtime included)."""
        path, changed, _text = self.write_text(article, archived_at, related)
        return path, changed

    def write_text(self, article: Article, archived_at: datetime,
                   related: list[RelatedLink] | None = None) -> tuple[Path, bool, str]:
        """:meth:`write`, also returning the rendered Markdown."""
        path = self.path_for(article.canonical_url)
        text = render_markdown(article, archived_at=archived_at, related=related)
        try:
            old = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            old = None
        except (OSError, UnicodeDecodeError):
            old = None  # unreadable or foreign content: replace it
        if old is not None and without_archived_at(old) == without_archived_at(text):
            return path, False, text
        atomic_write(path, text.encode("utf-8", "replace"))
        return path, True, text


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` via a synced temporary file in the same directory; on any
    failure the old file stays as it was and the temporary file is removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
