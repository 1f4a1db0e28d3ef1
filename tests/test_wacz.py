"""The WACZ export of a real crawl: its structure checked here, then validated by py-wacz's
``wacz validate`` and one page replayed by pywb on 127.0.0.1.

py-wacz and pywb live in a virtual environment of their own (tests/warc-tools/install.sh, which
``.ci/run`` runs): missing, the tool tests are skipped, except under ``CI=true``, where they fail."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import urllib.request
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo import SiteServer
from exporters.warc.reader import parse_member

from .conftest import ROOT, run_cli

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
TOOLS = Path(os.environ.get("ARCHIVER_WARC_TOOLS") or CACHE / "article-archiver" / "warc-tools")


def tools() -> Path:
    """The tools' virtual environment; a missing one skips the test, or fails it under CI=true."""
    if (TOOLS / "bin" / "wacz").is_file() and (TOOLS / "bin" / "python").is_file():
        return TOOLS
    why = f"py-wacz and pywb are not installed in {TOOLS} (run tests/warc-tools/install.sh)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def wacz(crawled_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wacz") / "archive.wacz"
    done = run_cli("export", "--format", "wacz", "--to", str(out), "--data", str(crawled_archive))
    assert done.returncode == 0, done.stderr
    return out


def test_the_package_lists_its_files_with_their_digests(wacz: Path, crawled_archive: Path) -> None:
    import sqlite3

    with zipfile.ZipFile(wacz) as package:
        names = package.namelist()
        assert names == ["archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl", "datapackage.json",
                         "datapackage-digest.json"]
        assert package.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
        meta = json.loads(package.read("datapackage.json"))
        assert meta["wacz_version"] == "1.1.1" and meta["profile"] == "data-package"
        for resource in meta["resources"]:
            data = package.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
        digest = json.loads(package.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(package.read("datapackage.json")).hexdigest()
        pages = [json.loads(line) for line in package.read("pages/pages.jsonl").decode().splitlines()]
        warc = package.read("archive/data.warc.gz")
        lines = package.read("indexes/index.cdx").decode().splitlines()
    assert pages[0] == {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    with sqlite3.connect(crawled_archive / "archive.db") as db:
        titles = dict(db.execute("SELECT url, title FROM articles"))
    assert len(pages) - 1 == len(titles)
    assert {p["title"] for p in pages[1:]} == set(titles.values())
    assert all(p["ts"].endswith("Z") and p.get("date") for p in pages[1:])
    assert lines == sorted(lines)
    indexed = set()
    for line in lines:
        fields = json.loads(line.split(" ", 2)[2])
        offset, length = int(fields["offset"]), int(fields["length"])
        record = parse_member(zlib.decompress(warc[offset:offset + length], zlib.MAX_WBITS | 16),
                              check_digests=True)
        assert record.uri == fields["url"] and not record.problems
        indexed.add(fields["url"])
    assert {p["url"] for p in pages[1:]} <= indexed


def test_wacz_validate_accepts_the_package(wacz: Path) -> None:
    venv = tools()
    done = subprocess.run([str(venv / "bin" / "wacz"), "validate", "-f", str(wacz)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded, the passed WACZ is valid" in done.stdout


@pytest.fixture
def replay(wacz: Path, tmp_path: Path) -> Iterator[int]:
    """pywb serving the package's WARC and CDXJ as collection ``arch`` on 127.0.0.1 (port 0)."""
    venv = tools()
    collection = tmp_path / "pywb" / "collections" / "arch"
    (collection / "archive").mkdir(parents=True)
    (collection / "indexes").mkdir()
    with zipfile.ZipFile(wacz) as package:
        (collection / "archive" / "data.warc.gz").write_bytes(package.read("archive/data.warc.gz"))
        (collection / "indexes" / "index.cdxj").write_bytes(package.read("indexes/index.cdx"))
    proc = subprocess.Popen([str(venv / "bin" / "python"), str(ROOT / "tests" / "warc-tools" / "replay.py"),
                             str(tmp_path / "pywb"), "--seconds", "120"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        port = None
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("PORT "):
                port = int(line.split()[1])
                break
        assert port, proc.stderr.read() if proc.stderr else "pywb did not start"
        yield port
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_pywb_replays_an_archived_page(replay: int, wacz: Path, network_server: SiteServer) -> None:
    with zipfile.ZipFile(wacz) as package:
        page = json.loads(package.read("pages/pages.jsonl").decode().splitlines()[1])
    stamp = "".join(ch for ch in page["ts"] if ch.isdigit())
    base = f"http://127.0.0.1:{replay}/arch/{stamp}"
    with urllib.request.urlopen(f"{base}id_/{page['url']}", timeout=30) as answer:
        assert answer.status == 200
        body = answer.read()
    parts = urlsplit(page["url"])
    served = network_server.page(parts.hostname, parts.path)
    assert served is not None and body == served.body  # the page exactly as the crawl received it
    title = re.search(rb"<title>.*?</title>", served.body, re.S)
    assert title is not None
    with urllib.request.urlopen(f"{base}mp_/{page['url']}", timeout=30) as answer:  # pywb's rewritten page
        assert answer.status == 200
        rewritten = answer.read()
    assert title.group(0) in rewritten and f"/arch/{stamp}".encode() in rewritten
