"""Round trips on a real crawl: ``archiver export --format markdown`` gives back the crawl's files
byte for byte (folder and bundle), and ``--format hexo`` builds with Hexo when it is installed."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml

from crawler.kernel.files import mtime_ns

from .conftest import run_cli
from .test_export_sites import HEXO_BASE, HEXO_CONFIG, HEXO_MISSING

#: Folders Hexo writes besides the post pages.
HEXO_FOLDERS = {"archives", "categories", "tags", "page", "css", "js", "fancybox"}
PAGE_TITLE = re.compile(r"<title>([^<]*)</title>")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_markdown_export_of_a_crawl_is_byte_identical(crawled_archive: Path, tmp_path: Path) -> None:
    crawled = tree(crawled_archive / "articles")
    assert len(crawled) == 40
    done = run_cli("export", "--data", str(crawled_archive), "--format", "markdown",
                   "--to", str(tmp_path / "md"))
    assert done.returncode == 0, done.stderr
    assert "Exported 40 articles as markdown" in done.stdout
    assert tree(tmp_path / "md" / "articles") == crawled
    for path, text in crawled.items():  # file times too: a file's time is its archived_at, exactly
        stamp = mtime_ns(yaml.safe_load(text.decode().split("---")[1])["archived_at"])
        assert (crawled_archive / "articles" / path).stat().st_mtime_ns == stamp
        assert (tmp_path / "md" / "articles" / path).stat().st_mtime_ns == stamp
    bundle = run_cli("export", "--data", str(crawled_archive), "--format", "markdown",
                     "--to", str(tmp_path / "md.tar.gz"))
    assert bundle.returncode == 0, bundle.stderr
    with tarfile.open(tmp_path / "md.tar.gz") as tar:
        packed = {m.name.removeprefix("articles/"): tar.extractfile(m).read() for m in tar.getmembers()
                  if m.name.startswith("articles/")}
    assert packed == crawled


def _hexo_site(site: Path) -> None:
    config = HEXO_CONFIG.read_text().replace("@HOST@", "archive.test").replace("@PORT@", "8080")
    (site / "_config.yml").write_text(config.replace("@NAME@", "Archive"))
    shutil.copy(HEXO_BASE / "package.json", site / "package.json")
    (site / "node_modules").symlink_to(HEXO_BASE / "node_modules")


@pytest.mark.skipif(HEXO_MISSING, reason="node, Hexo or the shared Hexo config is not installed")
def test_hexo_export_of_a_crawl_builds(crawled_archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = run_cli("export", "--data", str(crawled_archive), "--format", "hexo", "--to", str(site))
    assert done.returncode == 0, done.stderr
    posts = sorted((site / "source" / "_posts").rglob("*.md"))
    assert len(posts) == 40
    _hexo_site(site)
    built = subprocess.run(["node_modules/.bin/hexo", "generate"], cwd=site, capture_output=True, text=True,
                           timeout=180, env={**os.environ, "NO_COLOR": "1"})
    log = built.stdout + built.stderr
    assert built.returncode == 0, log
    assert "ERROR" not in log and "WARN" not in log, log
    # every post has its own page (Hexo names its folder after the post's path), titled like the post
    post_pages = [p / "index.html" for p in (site / "public").iterdir()
                  if p.is_dir() and p.name not in HEXO_FOLDERS and (p / "index.html").exists()]
    titles = sorted(yaml.safe_load(p.read_text(encoding="utf-8").split("\n---\n", 1)[0][4:])["title"]
                    for p in posts)
    shown = sorted(html.unescape(PAGE_TITLE.search(p.read_text(encoding="utf-8")).group(1))
                   .removesuffix(" | Archive") for p in post_pages)
    assert shown == titles
