"""Images: link rewriting, storage by content hash, and the media pipeline fetching the images of
an archive that was crawled without them (a real crawl on loopback)."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path

import pytest

from crawler.demo.network import Page
from crawler.demo.server import SiteServer
from exporters.media import image_urls, media_path, relink

from .conftest import run_cli

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
                       "awAAAABJRU5ErkJggg==")
PARAGRAPH = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
             "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco.")
IMG = "http://img.test:{{port}}"


def _page(title: str, image: str, other: str) -> str:
    return f"""<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="og:type" content="article"><meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2024-03-01T10:00:00+02:00">
<meta property="og:image" content="{IMG}/thumb.png"></head><body>
<article><h1>{title}</h1><p>By Ann Lee</p>
<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>
<figure><img src="{IMG}/{image}" alt="A picture"></figure>
<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>
<p>A broken image follows.</p><img src="{IMG}/missing.png" alt="gone"><img src="{IMG}/page.png" alt="html">
</article><aside class="related"><h2>Related posts</h2><ul>
<li><a href="http://news.test:{{{{port}}}}/{other}/">Other story</a></li></ul></aside></body></html>"""


@pytest.fixture(scope="module")
def image_server() -> SiteServer:
    pages = {
        "news.test": {"/one/": _page("First story about images", "a.png", "two"),
                      "/two/": _page("Second story about pictures", "b.png", "one")},
        "img.test": {"/a.png": Page(PNG, "image/png"), "/thumb.png": Page(PNG, "image/png"),
                     "/b.png": Page(PNG + b"\0", "image/png"),
                     "/page.png": Page(b"<html>not an image</html>", "text/html")},
    }
    with SiteServer(pages) as server:
        yield server


def test_image_urls_and_relinking() -> None:
    body = "![a](https://x.test/a.png)\n\n[![b](http://x.test/b.jpg)](https://x.test/)\n\n![c](data:x)"
    assert image_urls(body, "https://x.test/t.jpg") == ["https://x.test/a.png", "http://x.test/b.jpg",
                                                       "https://x.test/t.jpg"]
    local = {"http://x.test/b.jpg": "media/12/12ab.jpg"}
    assert relink(body, local, "../../") == body.replace("http://x.test/b.jpg", "../../media/12/12ab.jpg")
    assert relink(body, {}, "/") == body
    digest = "ab" * 32
    assert media_path(digest, "image/jpeg; charset=x", "http://x.test/p") == f"media/ab/{digest}.jpg"
    assert media_path(digest, None, "http://x.test/p.JPEG?x=1") == f"media/ab/{digest}.jpg"
    assert media_path(digest, "application/octet-stream", "http://x.test/p") == f"media/ab/{digest}"


def test_fetch_images_for_an_existing_archive(image_server: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    start = f"http://news.test:{image_server.port}/one/"
    resolve = ["--resolve", "*.test:127.0.0.1"]
    crawled = run_cli("crawl", start, *resolve, "--fast", "--no-progress", "--data", str(data))
    assert crawled.returncode == 0, crawled.stderr
    files = sorted((data / "articles").rglob("*.md"))
    assert len(files) == 2 and all("../../media/" not in f.read_text() for f in files)

    fetched = run_cli("fetch-images", "--data", str(data), *resolve, "--fast")
    assert fetched.returncode == 0, fetched.stderr
    assert "3 downloaded" in fetched.stderr and "2 failed" in fetched.stderr  # missing.png, page.png
    assert "2 Markdown files relinked" in fetched.stderr
    stored = sorted(p.relative_to(data).as_posix() for p in (data / "media").rglob("*.png"))
    assert len(stored) == 2  # a.png and thumb.png have the same bytes: one copy
    with sqlite3.connect(data / "archive.db") as db:
        rows = dict(db.execute("SELECT url, path FROM media").fetchall())
        bodies = [b for (b,) in db.execute("SELECT body_markdown FROM articles")]
    assert set(rows.values()) == set(stored) and len(rows) == 3
    assert all("http://img.test" in b and "../../media" not in b for b in bodies)  # the index keeps URLs
    one = (data / "articles" / f"news.test_{image_server.port}" / "one.md").read_text()
    assert f"](../../{rows[f'http://img.test:{image_server.port}/a.png']})" in one
    assert f"http://img.test:{image_server.port}/missing.png" in one

    exported = run_cli("export", "--data", str(data), "--format", "markdown", "--to", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    for f in files:
        copy = tmp_path / "out" / "articles" / f.relative_to(data / "articles")
        assert copy.read_bytes() == f.read_bytes()
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out/media").rglob("*")
                  if p.is_file()) == stored

    again = run_cli("fetch-images", "--data", str(data), *resolve, "--fast")
    assert "0 downloaded" in again.stderr and "0 Markdown files relinked" in again.stderr


def test_crawl_with_images_links_local_copies_at_once(image_server: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    start = f"http://news.test:{image_server.port}/two/"
    resolve = ["--resolve", "*.test:127.0.0.1"]
    crawled = run_cli("crawl", start, *resolve, "--fast", "--no-progress", "--with-images",
                      "--data", str(data))
    assert crawled.returncode == 0, crawled.stderr
    with sqlite3.connect(data / "archive.db") as db:
        rows = dict(db.execute("SELECT url, path FROM media").fetchall())
        bodies = [b for (b,) in db.execute("SELECT body_markdown FROM articles")]
    assert len(rows) == 3 and all((data / p).is_file() for p in rows.values())
    assert len(bodies) == 2 and all("../../media" not in b for b in bodies)  # the index keeps the URLs
    two = (data / "articles" / f"news.test_{image_server.port}" / "two.md").read_text()
    assert f"](../../{rows[f'http://img.test:{image_server.port}/b.png']})" in two
    assert f"http://img.test:{image_server.port}/missing.png" in two  # not downloadable: left as it was

    exported = run_cli("export", "--data", str(data), "--format", "markdown", "--to", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    for f in (data / "articles").rglob("*.md"):
        copy = tmp_path / "out" / "articles" / f.relative_to(data / "articles")
        assert copy.read_bytes() == f.read_bytes()
    again = run_cli("fetch-images", "--data", str(data), *resolve, "--fast")
    assert "0 downloaded" in again.stderr and "0 Markdown files relinked" in again.stderr
