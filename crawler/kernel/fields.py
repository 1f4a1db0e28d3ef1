"""The article's fields, declared once.

:data:`FIELDS` is the one table of what an archived article holds. Everything that maps an
:class:`~.model.Article` to something else is derived from it:

* the Markdown front matter (:func:`front_matter_values`, keys in table order, the reference
  archive's nine keys first);
* the index row (:func:`row_values`; the store reads each field's ``store`` kind: a column of
  ``articles``, a timestamp with its text, an ordered vocabulary, the authors, the related links,
  the body) and the article rebuilt from a row (:func:`apply_row`);
* the content hash and the per-field hashes of a revision (:func:`content_hash`,
  :func:`field_hashes`: one representation per field, ``content`` fields only);
* the JSON and CSV records of exports (:func:`record_values`, :func:`csv_values`);
* the fill rates of run reports (:func:`filled`) and the totals of ``stats`` (:data:`TOTALS`).

Adding a field is one entry here (and a numbered migration for its column).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import Article, Section
from .timestamps import format_timestamp, iso, parse_timestamp

# How the index keeps a field (the store knows how to write and read each kind).
KEY = "key"              #: the canonical URL: the article's identity
COLUMN = "column"        #: one column of ``articles`` named after the field
TIMESTAMP = "timestamp"  #: a UTC column plus ``<name>_text`` keeping the original offset
TERMS = "terms"          #: an ordered association to a vocabulary table of the field's name
AUTHORS = "authors"      #: ``article_authors`` -> ``authors``
LINKS = "links"          #: ``links``: the related-link graph
BODY = "body"            #: ``body_markdown``, ``body_text`` and the ``sections`` rows
DERIVED = "derived"      #: a column computed from other fields (never set from a row)

#: Column types the store maps to its database's types.
SQL_TYPES = ("text", "short", "int")
#: Reading speed behind ``reading_time`` (minutes, rounded up).
WORDS_PER_MINUTE = 230
#: A body with fewer words than this counts as empty in fill rates.
MIN_BODY_WORDS = 20

Getter = Callable[[Article], Any]


@dataclass(frozen=True)
class Field:
    """One field of an archived article.

    ``get`` reads the value from an article. ``header`` gives its front-matter keys and values (None:
    not in the header); ``quoted`` strings are written double-quoted there. ``content`` is the value
    hashed and compared between versions (None: not content, e.g. derived from other fields).
    ``record`` gives its keys in JSON exports, ``csv`` its CSV cells (None: not a CSV column).
    ``fill`` says whether an article has the field, for run reports, under ``fill_name``.
    ``total``: ``stats`` reports the field's sum over the archive.
    """

    name: str
    get: Getter
    store: str
    sql: str = "text"
    attr: str | None = None
    header: Callable[[Article], dict[str, Any]] | None = None
    quoted: bool = False
    content: Getter | None = None
    record: Callable[[Article], dict[str, Any]] | None = None
    csv: Callable[[Article], dict[str, Any]] | None = None
    fill: Callable[[Article], bool] | None = None
    fill_name: str = ""
    total: bool = False
    doc: str = ""
    #: False: a None content value is left out of the hashes (a field added later, hashed only when
    #: it says something, so the hashes of everything archived before it stay as they were)
    hash_none: bool = True


def _meta(attr: str) -> Getter:
    return lambda a: getattr(a.metadata, attr)


def _one(name: str, get: Getter) -> Callable[[Article], dict[str, Any]]:
    return lambda a: {name: get(a)}


def keywords_value(keywords: list[str]) -> str:
    """The reference shape: one string, the comma-joined keywords inside literal double quotes
    (``'"A,B,C"'``); ``""`` when there are none."""
    words = [k.strip() for k in keywords if k and k.strip()]
    return f'"{",".join(words)}"' if words else ""


def author_names(article: Article) -> list[str]:
    return [a.name for a in article.metadata.authors if a.name and a.name.strip()]


def word_count(article: Article) -> int:
    return len(article.body_text.split())


def reading_time(article: Article) -> int:
    """Minutes to read the body at :data:`WORDS_PER_MINUTE` (0 for an empty body)."""
    return math.ceil(word_count(article) / WORDS_PER_MINUTE)


def _text(name: str, *, quoted: bool = False, sql: str = "text", header: bool = True,
          fill: Getter | None = None, doc: str = "") -> Field:
    get = _meta(name)
    return Field(name, get, COLUMN, sql=sql, attr=name,
                 header=_one(name, lambda a: get(a) or "") if header else None, quoted=quoted, content=get,
                 record=_one(name, get), csv=_one(name, get), fill=fill, fill_name=name if fill else "",
                 doc=doc)


def _timestamp(name: str, *, fill: bool, doc: str) -> Field:
    get = _meta(name)
    return Field(name, get, TIMESTAMP, attr=name, header=_one(name, get),
                 content=lambda a: iso(get(a)), record=_one(name, lambda a: iso(get(a))),
                 csv=_one(name, lambda a: iso(get(a))), fill=(lambda a: get(a) is not None) if fill else None,
                 fill_name=name if fill else "", doc=doc)


def _terms(name: str, *, doc: str, header: Getter | None = None, content: Getter | None = None,
           fill: bool = True, quoted: bool = False) -> Field:
    get = _meta(name)
    return Field(name, get, TERMS, attr=name, header=_one(name, header or (lambda a: list(get(a)))),
                 quoted=quoted,
                 content=content or get, record=_one(name, get), csv=_one(name, get),
                 fill=(lambda a: bool(get(a))) if fill else None, fill_name=name if fill else "", doc=doc)


#: Access of an article that shows its text (see crawler/parsers/access.py), and how complete
#: each access is (a crawl never replaces a stored revision with a lower one).
FREE_ACCESS = "free"
ACCESS_RANK = {"wall": 0, "restricted": 1, FREE_ACCESS: 2}


def _limited(article: Article) -> bool:
    return article.metadata.access not in (None, FREE_ACCESS)


def _access_field(name: str, quoted: bool, doc: str) -> Field:
    get = _meta(name)
    only_limited: Getter = lambda a: get(a) if _limited(a) else None  # noqa: E731
    return Field(name, get, COLUMN, sql="short" if name == "access" else "text", attr=name,
                 header=lambda a: {name: get(a) or ""} if _limited(a) else {}, quoted=quoted,
                 content=only_limited, record=_one(name, get), csv=_one(name, get), doc=doc, hash_none=False)


def _authors_header(article: Article) -> dict[str, Any]:
    names = author_names(article)
    header: dict[str, Any] = {"author": names[0] if names else ""}
    if len(names) > 1:
        header["authors"] = names
    return header


#: The fields, in front-matter order.
FIELDS: tuple[Field, ...] = (
    _text("title", quoted=True, fill=lambda a: bool((a.metadata.title or "").strip()), doc="the headline"),
    _timestamp("date", fill=True, doc="when it was published (the page's own offset kept)"),
    _timestamp("updated", fill=False, doc="when the site says it was last updated"),
    _terms("tags", doc="tags, in page order"),
    _terms("categories", doc="categories, in page order"),
    _text("description", quoted=True, fill=lambda a: bool(a.metadata.description or a.metadata.excerpt),
          doc="the page's summary (meta description and its kin)"),
    _text("excerpt", quoted=True, doc="the lead: a sharing summary or the first paragraph"),
    _terms("keywords", header=lambda a: keywords_value(a.metadata.keywords),
           content=lambda a: keywords_value(a.metadata.keywords), fill=False, quoted=True,
           doc="keywords; one comma-joined quoted string in the front matter"),
    _text("thumbnail", fill=lambda a: bool(a.metadata.thumbnail), doc="the lead image URL"),
    Field("url", lambda a: a.canonical_url, KEY, header=_one("url", lambda a: a.canonical_url),
          content=lambda a: a.canonical_url, record=_one("url", lambda a: a.canonical_url),
          csv=_one("url", lambda a: a.canonical_url), doc="the canonical URL (the article's key)"),
    Field("authors", lambda a: a.metadata.authors, AUTHORS, header=_authors_header,
          content=lambda a: [[x.name, x.url, x.avatar] for x in a.metadata.authors],
          record=lambda a: {"authors": [{"name": x.name, "url": x.url, "avatar": x.avatar}
                                        for x in a.metadata.authors]},
          csv=lambda a: {"authors": [x.name for x in a.metadata.authors]},
          fill=lambda a: any(x.name.strip() for x in a.metadata.authors), fill_name="author",
          doc="the people credited, in byline order (front matter: author, and authors when several)"),
    Field("related", lambda a: a.related, LINKS,
          header=lambda a: {"related": [{"title": r.title or "", "url": r.url} for r in a.related]},
          content=lambda a: [[r.url, r.title] for r in a.related],
          record=lambda a: {"related": [{"title": r.title, "url": r.url} for r in a.related]},
          csv=lambda a: {"related": [r.url for r in a.related]},
          fill=lambda a: bool(a.related), fill_name="related", doc="the related-article list, in page order"),
    # the archive's grouping of republished copies (exporters/dupes), not the page's: in the front
    # matter of copies only, never in the content hash (a new canonical member changes no content)
    Field("duplicate_of", _meta("duplicate_of"), COLUMN, attr="duplicate_of",
          header=lambda a: {"duplicate_of": a.metadata.duplicate_of} if a.metadata.duplicate_of else {},
          record=_one("duplicate_of", _meta("duplicate_of")), csv=_one("duplicate_of", _meta("duplicate_of")),
          doc="the URL of the canonical member of its cluster when the article is a republished copy "
              "(earliest published, ties by URL); empty otherwise"),
    Field("word_count", word_count, DERIVED, sql="int", header=_one("word_count", word_count),
          record=_one("word_count", word_count), csv=_one("word_count", word_count), total=True,
          doc="words in the body text"),
    Field("reading_time", reading_time, DERIVED, sql="int", header=_one("reading_time", reading_time),
          record=_one("reading_time", reading_time), csv=_one("reading_time", reading_time), total=True,
          doc=f"minutes to read the body at {WORDS_PER_MINUTE} words a minute"),
    _text("language", sql="short", header=False, doc="the page's language (html lang, og:locale…)"),
    _text("site_name", header=False, doc="the publication's name"),
    Field("body", lambda a: a.body_markdown, BODY, content=lambda a: a.body_markdown,
          record=lambda a: {"body_markdown": a.body_markdown, "body_text": a.body_text},
          fill=lambda a: word_count(a) >= MIN_BODY_WORDS, fill_name="body",
          doc="the body as Markdown sections (and its plain text)"),
    # in the front matter (and the hashes) only when the page did not show its article
    _access_field("access", False, "free, restricted (a paywalled teaser) or wall (a consent, login or pay "
                                   "wall instead of the article)"),
    _access_field("access_reason", True, "why the access is what it is (e.g. \"json-ld "
                                         "isAccessibleForFree=false, body 120 words\")"),
    # what a page claims, not what it is: neither in the front matter nor in the content hash
    Field("canonical_claim", _meta("canonical_claim"), COLUMN, attr="canonical_claim",
          record=_one("canonical_claim", _meta("canonical_claim")),
          doc="a canonical URL the page declared but is not archived under (another site's, or one "
              "that gave no article)"),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
#: Fields whose value makes the content: hashed, and compared between revisions.
CONTENT_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.content is not None)
TRACKED_FIELDS: tuple[str, ...] = tuple(f.name for f in CONTENT_FIELDS)
#: Fields kept in columns of ``articles`` (scalar, timestamp or derived).
COLUMN_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.store in (COLUMN, TIMESTAMP, DERIVED))
#: Vocabulary kinds (``tags``, ``categories``, ``keywords``).
TERM_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.store == TERMS)
#: Run-report fill-rate names, in table order.
FILL_FIELDS: tuple[str, ...] = tuple(f.fill_name for f in FIELDS if f.fill is not None)
#: Fields whose sum over the archive ``stats`` reports.
TOTALS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.total)


def front_matter_values(article: Article) -> list[tuple[str, Any, bool]]:
    """``(key, value, quoted)`` of the article's header, in order (``archived_at`` is the writer's)."""
    out = []
    for f in FIELDS:
        if f.header is not None:
            out += [(k, v, f.quoted) for k, v in f.header(article).items()]
    return out


def _digest(value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def content_values(article: Article) -> dict[str, Any]:
    values = {f.name: f.content(article) for f in CONTENT_FIELDS}  # type: ignore[misc]
    return {name: value for name, value in values.items() if value is not None or BY_NAME[name].hash_none}


def content_hash(article: Article) -> str:
    """SHA-256 over the article's content fields (not over when it was archived): equal hashes,
    equal content."""
    return _digest(content_values(article))


def field_hashes(article: Article) -> dict[str, str]:
    """A short hash per content field: comparing two versions' hashes names what changed."""
    return {name: _digest(value)[:16] for name, value in content_values(article).items()}


def changed_fields(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """The content fields whose hashes differ (a field the old version did not hash is unknown,
    not changed)."""
    return [name for name in TRACKED_FIELDS if name in old and name in new and old[name] != new[name]]


def row_values(article: Article) -> dict[str, Any]:
    """The ``articles`` columns of the article's fields (column, timestamp, derived, body)."""
    row: dict[str, Any] = {}
    for f in FIELDS:
        if f.store in (COLUMN, DERIVED):
            row[f.name] = f.get(article)
        elif f.store == TIMESTAMP:
            value = f.get(article)
            row[f.name] = value
            row[f"{f.name}_text"] = format_timestamp(value) if value is not None else None
        elif f.store == BODY:
            body = article.body_markdown
            row["body_markdown"], row["body_text"] = body, article.body_text
    return row


def apply_row(article: Article, row: Any) -> Article:
    """Fill ``article`` from a stored ``articles`` row (attribute access): columns, timestamps and
    the body as one section. Vocabularies, authors and links are the store's to add."""
    m = article.metadata
    for f in FIELDS:
        if f.store == COLUMN and f.attr:
            setattr(m, f.attr, getattr(row, f.name))
        elif f.store == TIMESTAMP and f.attr:
            setattr(m, f.attr, parse_timestamp(getattr(row, f"{f.name}_text"), getattr(row, f.name)))
        elif f.store == BODY:
            body = row.body_markdown
            article.sections = [Section(None, 0, body)] if body else []
    return article


def record_values(article: Article) -> dict[str, Any]:
    """The article's fields as JSON-ready values, keys in table order."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        if f.record is not None:
            out.update(f.record(article))
    return out


def csv_values(article: Article) -> dict[str, Any]:
    """The article's CSV cells (lists are joined by the writer), keys in table order."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        if f.csv is not None:
            out.update(f.csv(article))
    return out


def filled(article: Article) -> dict[str, bool]:
    """Which report fields the article has (fill rates)."""
    return {f.fill_name: f.fill(article) for f in FIELDS if f.fill is not None}
