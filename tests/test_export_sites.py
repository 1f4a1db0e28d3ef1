"""Hexo and Hugo trees: front matter those generators accept, template syntax neutralised,
downloaded images copied and relinked, clean permalinks, sibling categories, related links between
exported posts; and real Hexo builds (Hexo from tests/hexo-site, installed by its install.sh: under
CI=true a missing Hexo fails the build tests instead of skipping them)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from crawler.kernel.model import Section
from crawler.kernel.slugs import host_dir, slug_for_url
from exporters import query
from exporters.export import export_archive
from exporters.filters import Filters
from exporters.formats.reading import clean_permalink
from exporters.store.index import Index

from .conftest import run_cli
from .test_export import IMAGE, T0, URLS, build_archive, crawl_like, make

HEXO_SITE = Path(__file__).resolve().parent / "hexo-site"
HEXO_CACHE = Path(os.environ.get("ARCHIVER_HEXO_CACHE") or Path(
    os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "article-archiver" / "hexo-site")
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
    assert meta["tags"] == ["Robots", "garden tools"]
    assert meta["categories"] == [["Tech"], ["Home"]]  # siblings: a plain list is a hierarchy to Hexo
    assert meta["original_url"] == URLS["a"] and meta["disableNunjucks"] is True
    assert "url" not in meta  # Hexo's url is the site's own address
    assert meta["permalink"] == "alpha.news.test/garden-robots/"
    other, _ = front(post(tmp_path / "hexo", "source/_posts", "c"))
    assert other["permalink"] == "beta.news.test/cafe-creme/"  # no port, no .html, no URL hash
    assert "](/media/ab/ab000" in body and IMAGE not in body
    assert body.rstrip().endswith(f"- [See robot-kitchens](/alpha.news.test/robot-kitchens/)\n"
                                  f"- [See stories](/{other['permalink']})")  # related, linked locally
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
    assert meta["params"]["original_url"] == URLS["b"] and meta["url"] == "/alpha.news.test/robot-kitchens/"
    assert meta["categories"] == ["Tech", "Home"]  # Hugo's taxonomies are flat
    assert "](/media/ab/ab000" in body and (tmp_path / "hugo/static/media/ab").is_dir()
    assert "- [See garden-robots](/alpha.news.test/garden-robots/)" in body
    _meta, templated = front(post(tmp_path / "hugo", "content/posts", "d"))
    assert "{{<" not in templated and "{{%" not in templated and "{{&lt; figure >}}" in templated


def test_markdown_export_links_the_copies_like_the_archive(archive: Index, tmp_path: Path) -> None:
    export_archive(archive, "markdown", tmp_path / "md.tar.gz")
    shutil.unpack_archive(tmp_path / "md.tar.gz", tmp_path / "md")
    body = post(tmp_path / "md", "articles", "a").read_text(encoding="utf-8")
    assert "](../../media/ab/ab000" in body
    assert (tmp_path / "md" / "media" / "ab").is_dir()


def test_related_links_to_articles_left_out_keep_their_original_url(archive: Index, tmp_path: Path) -> None:
    export_archive(archive, "hexo", tmp_path / "hexo", Filters(ids="1"))
    _meta, body = front(post(tmp_path / "hexo", "source/_posts", "a"))
    assert f"- [See robot-kitchens]({URLS['b']})" in body and f"({URLS['c']})" in body


def hexo_or_fail() -> Path:
    """The cached Hexo install; a missing one skips the test, or fails it under CI=true."""
    hexo = HEXO_CACHE / "node_modules" / ".bin" / "hexo"
    if shutil.which("node") is None or not hexo.exists():
        why = f"Hexo is not installed in {HEXO_CACHE} (run tests/hexo-site/install.sh; needs node and npm)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)
    return HEXO_CACHE


def hexo_generate(site: Path) -> dict[str, str]:
    """Build the Hexo site whose posts are in ``site`` with the test site's config; the pages
    generated, by path under public/."""
    cache = hexo_or_fail()
    for name in ("_config.yml", "package.json"):
        shutil.copy(HEXO_SITE / name, site / name)
    (site / "node_modules").symlink_to(cache / "node_modules")
    done = subprocess.run(["node_modules/.bin/hexo", "generate"], cwd=site, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stdout + done.stderr and "WARN" not in done.stdout + done.stderr
    return {p.relative_to(site / "public").as_posix(): p.read_text(encoding="utf-8")
            for p in (site / "public").rglob("*.html")}


def test_hexo_builds_the_export(archive: Index, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export_archive(archive, "hexo", site)
    pages = hexo_generate(site)
    story = pages["alpha.news.test/garden-robots/index.html"]  # the permalink: host without port, slug
    assert "Story A: robots &amp; gardens" in story
    assert any("Template talk: {{ page.title }}" in page for page in pages.values())  # not run as a template
    assert list((site / "public" / "media").rglob("*.png"))
    # several categories are siblings: a page each, both listing the post; no Tech > Home chain
    for category in ("Tech", "Home"):
        assert "Story A: robots &amp; gardens" in pages[f"categories/{category}/index.html"]
    assert not any(p.startswith("categories/Tech/Home") for p in pages)
    assert not [p for p in pages if "8080" in p]
    related = story[story.index("Related articles"):]
    assert 'href="/alpha.news.test/robot-kitchens/"' in related
    assert "alpha.news.test/robot-kitchens/index.html" in pages  # the related link is a page of the site


def test_hexo_site_of_a_crawl_reads_like_a_site(crawled_archive: Path, tmp_path: Path) -> None:
    """A crawled network exported and built: each post under /<host>/<slug>/, its title once,
    no avatar or byline repeated, its related list at the end linking the other posts."""
    site = tmp_path / "site"
    data = str(crawled_archive)
    host = json.loads(run_cli("list", "--json", "--limit", "1", "--data", data).stdout)[0]["site"]
    done = run_cli("export", "--format", "hexo", "--to", str(site), "--site", host, "--data", data)
    assert done.returncode == 0, done.stderr
    pages = hexo_generate(site)
    with Index(f"sqlite:///{crawled_archive / 'archive.db'}") as index:
        listed = query.list_articles(index, site=host, limit=None)
        articles = [query.get_article(index, a["id"]) for a in listed]
    assert len(articles) >= 5
    name = host.split(":")[0]
    for article in articles:
        permalink = clean_permalink(article["url"])
        assert permalink.startswith(f"{name}/")  # the host without its port
        page = pages[f"{permalink}index.html"]
        entry = page[page.index('class="e-content'):page.index("</article>")]
        title = html.escape(article["title"], quote=False)
        assert page.count(f">{title}<") + page.count(f">\n      {title}\n    <") >= 1
        assert not re.search(rf"<h[1-6][^>]*>(<a [^>]*></a>)?{re.escape(title)}</h", entry), article["url"]
        for author in article["authors"]:
            assert not (author["avatar"] and author["avatar"] in entry), article["url"]
            assert not re.search(rf"<h[1-6][^>]*>(<a [^>]*></a>)?{re.escape(author['name'])}</h", entry)
        links = re.findall(r'<li><a [^>]*href="([^"]+)"', entry[entry.index("Related articles"):])
        assert len(links) == len(article["related"]) > 0
        for link, related in zip(links, article["related"], strict=True):
            if related["url"].split("/")[2] == host:  # exported: a page of this site
                assert link.startswith(f"/{name}/") and link[1:] + "index.html" in pages, link
            else:  # another site, not in this export: the original URL
                assert link == related["url"]


#: The least a Hugo site needs to render posts and lists (no theme).
HUGO_LAYOUTS = {
    "_default/single.html": "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>"
                            "<h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n",
    "_default/list.html": "<!DOCTYPE html><html><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}"
                          "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"
                          "</body></html>\n",
}


def test_hugo_builds_the_export(archive: Index, tmp_path: Path) -> None:
    if shutil.which("hugo") is None:  # Debian's hugo, which .ci/run installs
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("hugo is not installed (apt-get install hugo; .ci/run does)")
        pytest.skip("hugo is not installed")
    site = tmp_path / "site"
    export_archive(archive, "hugo", site)
    (site / "config.toml").write_text('baseURL = "http://export.test/"\ntitle = "Export"\n')
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text)
    done = subprocess.run(["hugo", "--quiet"], cwd=site, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    story = (site / "public" / "alpha.news.test" / "garden-robots" / "index.html").read_text()
    assert "<h1>Story A: robots &amp; gardens</h1>" in story
    assert 'href="/alpha.news.test/robot-kitchens/"' in story
    assert (site / "public" / "alpha.news.test" / "robot-kitchens" / "index.html").is_file()
    for category in ("tech", "home"):  # Hugo lowercases taxonomy terms in paths
        assert "Story A" in (site / "public" / "categories" / category / "index.html").read_text()
