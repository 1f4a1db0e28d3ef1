"""Hexo and Hugo trees: front matter those generators accept, template syntax neutralised,
downloaded images copied and relinked; and a real Hexo build when Hexo is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from crawler.kernel.model import Section
from crawler.kernel.slugs import host_dir, slug_for_url
from exporters.export import export_archive
from exporters.store.index import Index

from .test_export import IMAGE, T0, URLS, build_archive, crawl_like, make

HEXO_BASE = Path(os.environ.get("HEXO_BASE", "/tmp/sites-work/hexo-base"))
HEXO_CONFIG = Path(__file__).resolve().parents[2] / "shared" / "sites" / "hexo" / "_config.yml"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def front(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    header, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


def post(root: Path, base: str, key: str) -> Path:
    return root / base / host_dir(URLS[key]) / f"{slug_for_url(URLS[key])}.md"


@pytest.fixture
def archive(tmp_path: Path) -> Index:
    data = tmp_path / "data"
    data.mkdir()
    index = build_archive(data)
    # one downloaded image, stored the way the media pipeline stores it
    stored = "media/ab/ab" + "0" * 62 + ".png"
    (data / stored).parent.mkdir(parents=True)
    (data / stored).write_bytes(PNG)
    index.record_media([{"url": IMAGE, "path": stored, "sha256": "ab" + "0" * 62, "bytes": len(PNG),
                         "content_type": "image/png"}])
    templated = make("d", date=None, keywords=[], thumbnail=None, categories=[])
    talk = "Template talk: {{ page.title }} {% raw %} {{< figure >}} {{% x %}}"
    templated.sections.append(Section(None, 0, talk))
    crawl_like(data, index, [templated], T0)
    yield index
    index.close()


def test_hexo_tree(archive: Index, tmp_path: Path) -> None:
    result = export_archive(archive, "hexo", tmp_path / "hexo")
    assert result.count == 4 and result.media == 1
    meta, body = front(post(tmp_path / "hexo", "source/_posts", "a"))
    assert meta["title"] == "Story A: robots & gardens" and meta["author"] == "Liza Brown"
    assert meta["authors"] == ["Liza Brown", "Émile Roux"]
    assert meta["date"] == datetime(2024, 5, 1, 7, 15, tzinfo=UTC)
    assert meta["tags"] == ["Robots", "garden tools"] and meta["categories"] == ["Tech", "Home"]
    assert meta["original_url"] == URLS["a"] and meta["disableNunjucks"] is True
    assert "url" not in meta and "permalink" not in meta  # both mean something else to Hexo
    assert "](/media/ab/ab000" in body and IMAGE not in body
    assert (tmp_path / "hexo/source/media/ab").is_dir()
    undated, _ = front(post(tmp_path / "hexo", "source/_posts", "d"))
    assert "date" not in undated and "thumbnail" not in undated  # no nulls for Hexo to choke on


def test_hugo_tree(archive: Index, tmp_path: Path) -> None:
    export_archive(archive, "hugo", tmp_path / "hugo.zip")
    shutil.unpack_archive(tmp_path / "hugo.zip", tmp_path / "hugo")
    meta, body = front(post(tmp_path / "hugo", "content/posts", "b"))
    assert meta["lastmod"] == datetime(2024, 9, 1, 12, 0, tzinfo=UTC)
    assert meta["summary"] == "Robots, gardens."
    assert meta["keywords"] == ["robots", "Garden"] and meta["images"] == ["https://img.news.test/b.jpg"]
    assert meta["params"]["original_url"] == URLS["b"] and "url" not in meta
    assert "](/media/ab/ab000" in body and (tmp_path / "hugo/static/media/ab").is_dir()
    _meta, templated = front(post(tmp_path / "hugo", "content/posts", "d"))
    assert "{{<" not in templated and "{{%" not in templated and "{{&lt; figure >}}" in templated


def test_markdown_export_links_the_copies_like_the_archive(archive: Index, tmp_path: Path) -> None:
    export_archive(archive, "markdown", tmp_path / "md.tar.gz")
    shutil.unpack_archive(tmp_path / "md.tar.gz", tmp_path / "md")
    body = post(tmp_path / "md", "articles", "a").read_text(encoding="utf-8")
    assert "](../../media/ab/ab000" in body
    assert (tmp_path / "md" / "media" / "ab").is_dir()


HEXO_MISSING = (shutil.which("node") is None or not (HEXO_BASE / "node_modules/.bin/hexo").exists()
                or not HEXO_CONFIG.exists())


@pytest.mark.skipif(HEXO_MISSING, reason="node, Hexo or the shared Hexo config is not installed")
def test_hexo_builds_the_export(archive: Index, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export_archive(archive, "hexo", site)
    config = HEXO_CONFIG.read_text().replace("@HOST@", "export.test").replace("@PORT@", "8080")
    (site / "_config.yml").write_text(config.replace("@NAME@", "Export"))
    shutil.copy(HEXO_BASE / "package.json", site / "package.json")
    (site / "node_modules").symlink_to(HEXO_BASE / "node_modules")
    done = subprocess.run(["node_modules/.bin/hexo", "generate"], cwd=site, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stdout + done.stderr
    pages = {p.read_text(encoding="utf-8") for p in (site / "public").rglob("index.html")}
    assert any("Story A: robots &amp; gardens" in page for page in pages)
    assert any("Template talk: {{ page.title }}" in page for page in pages)  # not run as a template
    assert list((site / "public" / "media").rglob("*.png"))
