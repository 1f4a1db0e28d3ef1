"""Markdown export: front matter shape and round trip, atomic and incremental writes, safe slugs."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import frontmatter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.kernel.errors import StorageError
from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section
from crawler.kernel.slugs import MAX_SLUG, file_key, host_dir, slug_for_url
from exporters.markdown import (
    EXTRA_KEYS,
    FRONT_MATTER_KEYS,
    SEED_KEYS,
    MarkdownWriter,
    format_timestamp,
    render_markdown,
)

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
ARCHIVED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SLUG_CHARS = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

HOSTILE = [
    "Plain title",
    "Key: value with colon",
    'Double "quotes" and \'single\'',
    "# looks like a comment",
    "- leading dash list",
    "[bracketed] start",
    "{braced: map}",
    "& anchor-like",
    "* alias-like",
    "yes", "no", "null", "~", "true", "1.5", "0x1F", "2024-07-11", "On", "OFF", "=", "<<", ".inf", "+1",
    "Ünïcödé — 日本語 🚀",
    "line one\nline two\n---\nthird",
    "trailing space ",
    "\ttab led",
    "%percent directive",
    "@at sign",
    "`backtick`",
    "a|b > c",
    "!tag-like",
    "---",
    "x" * 5000,
    "",
]


def make_article(url: str = "https://blog.example.com/a-post/", **meta: object) -> Article:
    defaults: dict[str, object] = {
        "title": "A post",
        "date": datetime(2024, 7, 11, 0, 59, 23, 966000, tzinfo=UTC),
        "updated": datetime(2024, 7, 12, 0, 59, 23, 966000, tzinfo=UTC),
        "tags": ["python", "web"],
        "categories": ["dev"],
        "description": "About a post",
        "excerpt": "A short excerpt",
        "keywords": ["Alpha", "Beta Gamma"],
        "thumbnail": "https://img.example.com/t.jpg",
        "authors": [Author("Liza Brown", "https://blog.example.com/liza/")],
    }
    defaults.update(meta)
    return Article(
        url=url,
        metadata=Metadata(**defaults),  # type: ignore[arg-type]
        sections=[Section(None, 0, "Lead paragraph."), Section("First part", 2, "Some *text*.")],
        related=[RelatedLink("https://other.example.com/b/", "Other post")],
    )


def header(text: str) -> dict:
    return frontmatter.loads(text).metadata


# -- front matter ------------------------------------------------------------------------------

@pytest.mark.parametrize("title", HOSTILE, ids=lambda t: repr(t[:24]))
def test_hostile_strings_round_trip(title: str) -> None:
    article = make_article(title=title, description=title, excerpt=title, tags=[title, "ok"],
                           categories=[title], authors=[Author(title or "x")])
    article.related = [RelatedLink("https://x.example/r/", title)]
    meta = header(render_markdown(article, archived_at=ARCHIVED))
    assert meta["title"] == title
    assert meta["description"] == title and meta["excerpt"] == title
    assert meta["tags"] == [title, "ok"] and meta["categories"] == [title]
    assert meta["author"] == (title or "x")
    assert meta["related"] == [{"title": title, "url": "https://x.example/r/"}]
    assert list(meta) == list(FRONT_MATTER_KEYS)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(title=st.text(max_size=80), tags=st.lists(st.text(max_size=20), max_size=4))
def test_arbitrary_text_round_trips(title: str, tags: list[str]) -> None:
    meta = header(render_markdown(make_article(title=title, tags=tags), archived_at=ARCHIVED))
    assert meta["title"] == title
    assert meta["tags"] == tags


def test_key_order_and_missing_values() -> None:
    empty = Article(url="https://x.example/p/")
    text = render_markdown(empty, archived_at=ARCHIVED)
    meta = header(text)
    assert list(meta) == list(FRONT_MATTER_KEYS)
    assert meta["title"] == "" and meta["tags"] == [] and meta["categories"] == []
    assert meta["date"] is None and meta["updated"] is None
    assert meta["keywords"] == "" and meta["thumbnail"] == "" and meta["author"] == ""
    assert meta["related"] == [] and meta["url"] == "https://x.example/p/"
    assert "authors" not in meta


def test_several_authors_add_an_authors_list_after_author() -> None:
    article = make_article(authors=[Author("Ann"), Author(" "), Author("Bob")])
    meta = header(render_markdown(article, archived_at=ARCHIVED))
    keys = list(meta)
    assert keys.index("authors") == keys.index("author") + 1
    assert meta["author"] == "Ann" and meta["authors"] == ["Ann", "Bob"]
    assert [k for k in keys if k != "authors"] == list(FRONT_MATTER_KEYS)


def test_url_is_canonical_and_related_defaults_to_article_related() -> None:
    article = make_article(url="https://x.example/p/?utm_source=a", canonical_url="https://x.example/p/")
    meta = header(render_markdown(article, archived_at=ARCHIVED))
    assert meta["url"] == "https://x.example/p/"
    assert meta["related"] == [{"title": "Other post", "url": "https://other.example.com/b/"}]
    override = [RelatedLink("https://y.example/", "Y")]
    meta = header(render_markdown(article, archived_at=ARCHIVED, related=override))
    assert meta["related"] == [{"title": "Y", "url": "https://y.example/"}]


@pytest.mark.parametrize(("value", "shown"), [
    (datetime(2024, 7, 11, 0, 59, 23, 966000, tzinfo=UTC), "2024-07-11T00:59:23.966Z"),
    (datetime(2024, 7, 11, 0, 59, 23, tzinfo=UTC), "2024-07-11T00:59:23Z"),
    (datetime(2024, 7, 11, 8, 0, 5, 120000, tzinfo=timezone(timedelta(hours=5, minutes=30))),
     "2024-07-11T08:00:05.120+05:30"),
    (datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-7))), "2024-01-02T03:04:05-07:00"),
    (datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05"),
    (datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC), "2024-01-02T03:04:05.123456Z"),
])
def test_timestamps_are_yaml_timestamps_in_seed_shape(value: datetime, shown: str) -> None:
    assert format_timestamp(value) == shown
    text = render_markdown(make_article(date=value, updated=None), archived_at=ARCHIVED)
    assert f"\ndate: {shown}\n" in text
    assert "\nupdated: null\n" in text
    loaded = header(text)["date"]
    assert isinstance(loaded, datetime)
    assert loaded == value and loaded.utcoffset() == value.utcoffset()


def test_keywords_shape_is_one_quoted_comma_string() -> None:
    meta = header(render_markdown(make_article(keywords=["A", " B ", "", "C D"]), archived_at=ARCHIVED))
    assert meta["keywords"] == '"A,B,C D"'
    assert header(render_markdown(make_article(keywords=[]), archived_at=ARCHIVED))["keywords"] == ""


def test_output_is_deterministic_and_keeps_the_body() -> None:
    article = make_article()
    article.sections.append(Section("Rules", 2, "---\n\ntitle: not front matter\n\n---"))
    first = render_markdown(article, archived_at=ARCHIVED)
    assert first == render_markdown(article, archived_at=ARCHIVED)
    assert first.startswith("---\ntitle: ") and first.endswith("\n")
    post = frontmatter.loads(first)
    assert post.content == article.body_markdown.strip()
    assert post["title"] == "A post"


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []


@pytest.mark.skipif(not seed_files(), reason="reference seed archive not available")
def test_seed_keys_are_the_documented_prefix_and_shapes_match() -> None:
    seed_text = seed_files()[0].read_text(encoding="utf-8")
    seed = frontmatter.loads(seed_text).metadata
    assert tuple(seed) == SEED_KEYS
    assert FRONT_MATTER_KEYS == SEED_KEYS + EXTRA_KEYS
    article = make_article(
        title=seed["title"], date=seed["date"], updated=seed["updated"], tags=seed["tags"],
        categories=seed["categories"], description=seed["description"], excerpt=seed["excerpt"],
        keywords=seed["keywords"].strip('"').split(","), thumbnail=seed["thumbnail"])
    ours = render_markdown(article, archived_at=ARCHIVED)
    meta = header(ours)
    assert {k: meta[k] for k in SEED_KEYS} == dict(seed)
    seed_lines = dict(line.split(": ", 1) for line in seed_text.split("---")[1].splitlines() if ": " in line)
    our_lines = dict(line.split(": ", 1) for line in ours.split("---")[1].splitlines() if ": " in line)
    for key in ("title", "date", "updated", "description", "excerpt", "keywords", "thumbnail"):
        assert our_lines[key] == seed_lines[key], key


# -- writer -------------------------------------------------------------------------------------

def test_writer_path_write_and_unchanged_rewrite(tmp_path: Path) -> None:
    writer = MarkdownWriter(tmp_path)
    article = make_article()
    path, changed = writer.write(article, ARCHIVED)
    assert changed and path == tmp_path / "articles" / "blog.example.com" / "a-post.md"
    assert path.read_text(encoding="utf-8") == render_markdown(article, archived_at=ARCHIVED)
    assert path.stat().st_mode & 0o644 == 0o644
    os.utime(path, (1_000_000_000, 1_000_000_000))
    again, changed = writer.write(article, ARCHIVED + timedelta(days=3))
    assert again == path and not changed
    assert path.stat().st_mtime == 1_000_000_000
    assert "archived_at: 2025-03-01T12:00:00Z" in path.read_text(encoding="utf-8")


def test_rearchiving_a_changed_article_updates_the_same_file(tmp_path: Path) -> None:
    writer = MarkdownWriter(tmp_path)
    path, _ = writer.write(make_article(), ARCHIVED)
    variant = make_article(url="https://blog.example.com/a-post/index.html", title="New title")
    later = ARCHIVED + timedelta(days=1)
    path2, changed = writer.write(variant, later)
    assert changed and path2 == path
    assert header(path.read_text(encoding="utf-8"))["title"] == "New title"
    assert header(path.read_text(encoding="utf-8"))["archived_at"] == later
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize("existing", [True, False])
def test_failed_write_keeps_old_file_and_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             existing: bool) -> None:
    writer = MarkdownWriter(tmp_path)
    path = writer.path_for(make_article().canonical_url)
    if existing:
        writer.write(make_article(), ARCHIVED)
    before = path.read_bytes() if existing else None

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match="No space left on device"):
        writer.write(make_article(title="Changed"), ARCHIVED)
    if existing:
        assert path.read_bytes() == before
        assert [p.name for p in path.parent.iterdir()] == [path.name]
    else:
        assert not path.exists() and list(path.parent.iterdir()) == []


# -- slugs --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://blog.example.com/a-post/", "a-post"),
    ("http://blog.example.com/a-post", "a-post"),
    ("https://blog.example.com/a-post/index.html", "a-post"),
])
def test_simple_paths_give_plain_slugs(url: str, expected: str) -> None:
    assert slug_for_url(url) == expected


@pytest.mark.parametrize(("url", "stem"), [
    ("https://x.example/2024/07/11/post/", "post"),
    ("https://x.example/Post.html", "post"),
    ("https://x.example/", "index"),
    ("https://x.example/read?id=42", "read"),
    ("https://x.example/con/", "con"),
    ("https://x.example/caf%C3%A9-cr%C3%A8me/", "cafe-creme"),
    ("https://x.example/a--b/", "a-b"),
    ("https://x.example/../../etc/passwd", "passwd"),
    ("https://x.example/%2e%2e/", "index"),
])
def test_ambiguous_paths_get_a_hash_suffix(url: str, stem: str) -> None:
    slug = slug_for_url(url)
    assert re.fullmatch(rf"{stem}-[0-9a-f]{{10}}", slug), slug


def test_long_paths_are_bounded_and_distinct() -> None:
    a = slug_for_url("https://x.example/" + "word-" * 100 + "a/")
    b = slug_for_url("https://x.example/" + "word-" * 100 + "b/")
    assert len(a) <= MAX_SLUG and len(b) <= MAX_SLUG and a != b


@pytest.mark.parametrize(("url", "expected"), [
    ("https://Blog.Example.COM/p/", "blog.example.com"),
    ("http://127.0.0.1:8080/p/", "127.0.0.1_8080"),
    ("https://x.example:443/p/", "x.example"),
    ("https://bücher.example/p/", "xn--bcher-kva.example"),
    ("http://[::1]:9000/p/", "__1_9000"),
    ("http://con/p/", "_con"),
])
def test_host_directories(url: str, expected: str) -> None:
    assert host_dir(url) == expected


def test_writer_paths_stay_inside_the_archive(tmp_path: Path) -> None:
    writer = MarkdownWriter(tmp_path)
    for url in ("https://x.example/../../../etc/passwd", "https://../x/", "https://x.example/a\\..\\b/"):
        path = writer.path_for(url).resolve()
        assert path.is_relative_to((tmp_path / "articles").resolve())
        assert len(path.relative_to((tmp_path / "articles").resolve()).parts) == 2


SEGMENT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)
URLS = st.builds(
    lambda scheme, host, port, segs, slash, query: (
        f"{scheme}://{host}{port}/" + "/".join(s.replace("/", "").replace("?", "").replace("#", "")
                                               for s in segs) + slash + query),
    st.sampled_from(["http", "https"]),
    st.sampled_from(["a.example", "b.example", "sub.a.example", "127.0.0.1"]),
    st.sampled_from(["", ":8080"]),
    st.lists(st.one_of(SEGMENT, st.from_regex(r"[a-z0-9-]{1,120}", fullmatch=True)), max_size=4),
    st.sampled_from(["", "/"]),
    st.sampled_from(["", "?id=1", "?id=2&x=y"]),
)


@settings(max_examples=300, database=None)
@given(url=URLS)
def test_slugs_are_path_safe(url: str) -> None:
    slug, folder = slug_for_url(url), host_dir(url)
    assert SLUG_CHARS.match(slug) and len(slug) <= MAX_SLUG
    assert ".." not in slug and "/" not in slug and "\\" not in slug
    assert folder not in ("", ".", "..") and "/" not in folder and "\\" not in folder


@settings(max_examples=300, database=None)
@given(urls=st.lists(URLS, min_size=2, max_size=30, unique_by=file_key))
def test_distinct_urls_map_to_distinct_files(urls: list[str]) -> None:
    writer = MarkdownWriter(Path("/archive"))
    paths = {writer.path_for(u) for u in urls}
    assert len(paths) == len(urls)


def test_file_identity_ignores_scheme_and_trailing_slash_only() -> None:
    assert file_key("http://x.example/p/") == file_key("https://x.example/p")
    assert file_key("https://x.example/p") != file_key("https://x.example/p?x=1")
    assert file_key("https://x.example/p") != file_key("https://x.example:8080/p")
