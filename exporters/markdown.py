"""One Markdown file per article: YAML front matter in the archive's key order, then the body.

The front matter is real YAML written by python-frontmatter with a custom dumper: timestamps are
YAML timestamp scalars shaped like ``2024-07-11T00:59:23.966Z``, multi-line strings are always
double-quoted (so no line of the header can look like a ``---`` fence), and the prose fields are
double-quoted like the archive's reference files.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from crawler.kernel.fields import front_matter_values, keywords_value
from crawler.kernel.files import atomic_write, file_time, stage_write
from crawler.kernel.layout import ARTICLES_DIR, ArchiveLayout
from crawler.kernel.model import Article, RelatedLink
from crawler.kernel.timestamps import format_timestamp

__all__ = ["ARTICLES_DIR", "FRONT_MATTER_KEYS", "SEED_KEYS", "FrontMatterDumper", "MarkdownWriter",
           "front_matter", "keywords_value", "render_markdown", "without_archived_at"]

#: The reference archive's keys, in its order.
SEED_KEYS = ("title", "date", "updated", "tags", "categories", "description", "excerpt", "keywords",
             "thumbnail")
#: Every header key in order (``authors`` follows ``author`` when there are several): the field
#: table's (:mod:`crawler.kernel.fields`), the reference keys first, then when the file was written.
FRONT_MATTER_KEYS = tuple(k for k, _v, _q in front_matter_values(Article(url=""))) + ("archived_at",)
#: Keys the archiver adds after the reference keys.
EXTRA_KEYS = FRONT_MATTER_KEYS[len(SEED_KEYS):]
#: Characters that force a string into an escaped, single-line double-quoted scalar.
LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
#: The ``archived_at`` line of a rendered header (ignored when deciding whether a file changed).
ARCHIVED_AT_LINE = re.compile(r"^archived_at:[^\n]*\n?", re.M)
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
NULL_TAG = "tag:yaml.org,2002:null"
YAML_WIDTH = 1 << 30  # never fold long lines


class _Quoted(str):
    """A string the dumper writes double-quoted."""


class FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The safe dumper (libyaml's emitter when PyYAML has it: several times faster than the
    pure-Python one) with ISO 8601 timestamps and safe multi-line strings."""


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


def _resolve(dumper: yaml.SafeDumper, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """PyYAML's tag resolution, with its answer for most scalars given at once: a string whose first
    character starts no implicit type (number, boolean, null, timestamp...) is a plain string."""
    if kind is yaml.ScalarNode and (not implicit[0] or (value and value[0] not in _IMPLICIT_STARTS)):
        return dumper.DEFAULT_SCALAR_TAG
    return _BASE_RESOLVE(dumper, kind, value, implicit)


_BASE_RESOLVE = FrontMatterDumper.resolve
_IMPLICIT_STARTS = frozenset(k for k in FrontMatterDumper.yaml_implicit_resolvers if k)
FrontMatterDumper.represent_data = _fast_node
if not FrontMatterDumper.yaml_path_resolvers and None not in FrontMatterDumper.yaml_implicit_resolvers:
    # the answers PyYAML's own methods give when no resolver depends on a node's path
    FrontMatterDumper.resolve = _resolve
    FrontMatterDumper.descend_resolver = lambda dumper, parent, index: None
    FrontMatterDumper.ascend_resolver = lambda dumper: None
FrontMatterDumper.add_representer(datetime, _represent_timestamp)
FrontMatterDumper.add_representer(date, _represent_timestamp)
FrontMatterDumper.add_representer(str, _represent_str)
FrontMatterDumper.add_representer(_Quoted, _represent_str)


def front_matter(article: Article, *, archived_at: datetime,
                 related: list[RelatedLink] | None = None) -> dict[str, Any]:
    """The header mapping, in field-table order (:mod:`crawler.kernel.fields`), then ``archived_at``.
    ``related`` replaces the article's related links when given."""
    shown = article if related is None else replace(article, related=related)
    meta: dict[str, Any] = {}
    for key, value, quoted in front_matter_values(shown):
        meta[key] = _Quoted(value) if quoted and isinstance(value, str) else value
    meta["archived_at"] = archived_at
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

    def __init__(self, data_dir: Path | str, *, fsync: bool = True) -> None:
        self.layout = ArchiveLayout(data_dir)
        self.fsync = fsync

    def path_for(self, url: str) -> Path:
        return self.layout.article_path(url)

    def write(self, article: Article, archived_at: datetime,
              related: list[RelatedLink] | None = None) -> tuple[Path, bool]:
        """Write the article's file; return its path and whether the content changed. A file
        whose content differs only in ``archived_at`` is left untouched (mtime included)."""
        path, changed, _text = self.write_text(article, archived_at, related)
        return path, changed

    def write_text(self, article: Article, archived_at: datetime,
                   related: list[RelatedLink] | None = None) -> tuple[Path, bool, str]:
        """:meth:`write`, also returning the rendered Markdown. A written file's modification time
        is its ``archived_at``, so an export of the archive reproduces it exactly."""
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
        atomic_write(path, text.encode("utf-8", "replace"), fsync=self.fsync, mtime=archived_at)
        return path, True, text

    def stage_text(self, article: Article, archived_at: datetime) -> tuple[Path, str, Path | None]:
        """:meth:`write_text` without putting the file in place: returns the article's path, its
        Markdown and the staged file to publish there (:func:`crawler.kernel.files.publish`), or
        None when the file already holds this content."""
        path = self.path_for(article.canonical_url)
        text = render_markdown(article, archived_at=archived_at)
        try:
            old = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            old = None
        if old is not None and without_archived_at(old) == without_archived_at(text):
            return path, text, None
        staged = stage_write(path, text.encode("utf-8", "replace"), fsync=self.fsync, mtime=archived_at)
        return path, text, staged


def stage_crawled(data_dir: str, article: Article,
                  archived_at: datetime) -> tuple[str, str, str | None, datetime]:
    """Render a crawled article's Markdown and stage its file without syncing it (None when the
    file already holds it): the crawl syncs a batch's staged files, puts them in place and commits
    their rows together (:func:`exporters.store.batch.store_flush`). Returns the file's path, the
    Markdown (kept with the article's revision, for diffs), the staged file and the ``archived_at``
    the file carries: a file that already holds this content (put in place by a run killed before
    its batch committed) keeps its own, which the index then records too. Runs where the batch is
    stored (:func:`exporters.store.batch.stage_files`)."""
    path, text, staged = MarkdownWriter(data_dir, fsync=False).stage_text(article, archived_at)
    if staged is None:
        archived_at = file_time(path)
        text = render_markdown(article, archived_at=archived_at)
    return str(path), text, str(staged) if staged is not None else None, archived_at
