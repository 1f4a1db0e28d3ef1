"""WARC capture on real crawls of a loopback network: every answer kept as received, fetch rows
pointing at their records, rotation, revisits on re-crawls, --no-warc; archiver verify, warc-cdx
and the warc export; a torn last record cut by the next start."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo import SiteServer, build_network
from crawler.kernel.layout import ArchiveLayout
from exporters.warc.files import WarcFiles, complete_members, repair_open_files
from exporters.warc.reader import read_record
from exporters.warc.records import Exchange, builder, request_record, response_record

from .conftest import run_cli

#: Small files, so that one crawl spans several.
MAX_SIZE = "50000"


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer(build_network(seed=23, sites=3, articles=24)) as srv:
        yield srv


def crawl(server: SiteServer, data: Path, *extra: str):  # noqa: ANN201
    done = run_cli("crawl", server.start_url, "--resolve", server.resolve_rule, "--fast", "--no-progress",
                   "--data", str(data), "-s", f"ARCHIVE_WARC_MAX_SIZE={MAX_SIZE}", *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def archive(server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("warc-archive")
    crawl(server, data)
    return data


def rows(data: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(data / "archive.db") as db:
        return db.execute(sql, params).fetchall()


def member_spans(blob: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each gzip member of ``blob``, found by inflating one member at a time."""
    spans, start = [], 0
    while start < len(blob):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(blob[start:])
        assert inflater.eof
        length = len(blob) - start - len(inflater.unused_data)
        spans.append((start, length))
        start += length
    return spans


def records(path: Path) -> list[tuple]:
    """(type, target URI, payload, record) of every record of a WARC file, read to its end with
    digests checked."""
    out = []
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh, check_digests=True)
        for record in iterator:
            payload = record.raw_stream.read()
            assert record.digest_checker.problems == [], (path, record.rec_headers)
            out.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), payload, record))
    return out


def test_every_answer_is_kept_as_received_and_fetch_rows_point_at_it(archive: Path,
                                                                     server: SiteServer) -> None:
    files = sorted((archive / "warc").glob("*.warc.gz"))
    assert [f.name for f in files] == [f"run-000001-{n:05d}.warc.gz" for n in range(1, len(files) + 1)]
    assert len(files) >= 3, "the crawl should have filled several files"
    assert not list((archive / "warc").glob("*.open"))
    everything = []
    for path in files:
        found = records(path)
        assert found[0][0] == "warcinfo"
        everything += found
    types = Counter(kind for kind, *_ in everything)
    assert types["warcinfo"] == len(files) and types["metadata"] == 1
    assert types["request"] == types["response"] > 0 and types["revisit"] == 0
    responses = {uri: (payload, record) for kind, uri, payload, record in everything if kind == "response"}
    for host in server.hosts:  # robots.txt is an answer too (a 404 on this server)
        assert any(urlsplit(u).path == "/robots.txt" and urlsplit(u).hostname == host for u in responses)
    ids = {record.rec_headers.get_header("WARC-Record-ID") for _, _, _, record in everything}
    for kind, _uri, _payload, record in everything:
        if kind == "request":
            assert record.rec_headers.get_header("WARC-Concurrent-To") in ids
            assert record.http_headers.protocol == "GET"
    fetches = rows(archive, "SELECT url, status, warc_file, warc_offset, warc_length, payload_digest, "
                            "article_url FROM fetches")
    assert fetches and all(f[2] for f in fetches if f[1] is not None)
    articles = 0
    layout = ArchiveLayout(archive)
    for url, status, warc_file, offset, length, digest, article_url in fetches:
        record = read_record(layout, warc_file, offset, length, check_digests=True)
        assert (record.record_type, record.uri, record.status) == ("response", url, status)
        assert record.header("WARC-Payload-Digest") == digest and not record.problems
        if status == 200:
            parts = urlsplit(url)
            page = server.page(parts.hostname, parts.path)
            assert page is not None and record.payload == page.body  # the body as the server sent it
        articles += article_url is not None
    assert articles == rows(archive, "SELECT count(*) FROM articles")[0][0]


def test_a_recrawl_writes_revisits_only_and_a_changed_page_in_full(server: SiteServer,
                                                                   tmp_path: Path) -> None:
    data = tmp_path / "data"
    crawl(server, data)
    first = sum(p.stat().st_size for p in (data / "warc").glob("*.warc.gz"))
    again = crawl(server, data)
    assert "revisits" in again.stdout
    second = sorted((data / "warc").glob("run-000002-*.warc.gz"))
    found = [r for path in second for r in records(path)]
    kinds = Counter(kind for kind, *_ in found)
    assert kinds["response"] == 0 and kinds["revisit"] > 0
    profiles = Counter(r.rec_headers.get_header("WARC-Profile") for kind, _, _, r in found
                       if kind == "revisit")
    not_modified = rows(data, "SELECT count(*) FROM fetches WHERE run_id = 2 AND status = 304")[0][0]
    assert profiles["http://netpreserve.org/warc/1.1/revisit/server-not-modified"] == not_modified > 0
    assert profiles["http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"] >= 1  # start page
    for kind, uri, payload, record in found:
        if kind == "revisit":
            assert payload == b""
            original = rows(data, "SELECT target_uri, payload_digest FROM warc_records WHERE record_id = ?",
                            record.rec_headers.get_header("WARC-Refers-To"))
            assert original == [(uri, record.rec_headers.get_header("WARC-Payload-Digest"))]
    growth = sum(p.stat().st_size for p in second)
    assert growth < first / 3

    url = rows(data, "SELECT url FROM articles ORDER BY id LIMIT 1")[0][0]
    parts = urlsplit(url)
    page = server.page(parts.hostname, parts.path)
    assert page is not None
    server.set_page(parts.hostname, parts.path, page.body.replace(b"</p>", b" A new closing line.</p>", 1))
    try:
        crawl(server, data)
    finally:
        server.set_page(parts.hostname, parts.path, page.body)
    third = [r for path in sorted((data / "warc").glob("run-000003-*.warc.gz")) for r in records(path)]
    assert [uri for kind, uri, *_ in third if kind == "response"] == [url]


def test_no_warc_keeps_no_records(server: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    crawl(server, data, "--no-warc")
    assert not (data / "warc").exists()
    assert rows(data, "SELECT count(*), count(warc_file) FROM fetches")[0][1] == 0
    assert rows(data, "SELECT count(*) FROM warc_records") == [(0,)]
    done = run_cli("warc-cdx", "--data", str(data))
    assert done.returncode == 2 and done.stderr.startswith("error: no WARC files in")
    done = run_cli("reparse", "--data", str(data), "--no-progress")
    assert done.returncode == 3 and "crawled without WARC capture" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_verify_passes_then_names_a_changed_warc_byte_or_markdown_file(archive: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    ok = run_cli("verify", "--data", str(data))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "verify: ok" in ok.stdout

    warc = sorted((data / "warc").glob("*.warc.gz"))[1]
    original = warc.read_bytes()
    # The flipped byte lies inside the longest member's deflate data: a gzip header's time and OS
    # bytes are checked by nothing, so a byte there changes no record.
    start, length = max(member_spans(original), key=lambda span: span[1])
    assert length > 100
    changed = bytearray(original)
    changed[start + length // 2] ^= 0x20
    warc.write_bytes(bytes(changed))
    bad = run_cli("verify", "--data", str(data))
    assert bad.returncode == 1
    assert f"FAIL warc/{warc.name}: corrupt gzip data in the record at offset {start} " in bad.stderr
    assert bad.stderr.strip().splitlines()[-1].startswith("error: verify found")
    warc.write_bytes(original)

    md = sorted((data / "articles").rglob("*.md"))[3]
    text = md.read_text(encoding="utf-8")
    md.write_text(text.replace("\n\n", "\n\nX", 1), encoding="utf-8")
    bad = run_cli("verify", "--data", str(data))
    assert bad.returncode == 1
    assert f"FAIL {md.relative_to(data).as_posix()}: differs from its index row" in bad.stderr
    md.unlink()
    bad = run_cli("verify", "--data", str(data))
    assert f"FAIL {md.relative_to(data).as_posix()}: missing" in bad.stderr

    missing = run_cli("verify", "--data", str(tmp_path / "nothing"))
    assert missing.returncode == 3 and missing.stderr.startswith("error: no archive in")


def test_a_record_with_a_wrong_digest_fails_verify(archive: Path, tmp_path: Path) -> None:
    """A record whose body no longer matches its WARC-Payload-Digest (re-compressed, so gzip is fine)."""
    data = tmp_path / "data"
    shutil.copytree(archive, data)
    warc_file, offset, length = rows(data, "SELECT warc_file, warc_offset, warc_length FROM fetches "
                                           "WHERE status = 200 ORDER BY id LIMIT 1")[0]
    path = data / "warc" / warc_file
    blob = path.read_bytes()
    member = gzip.decompress(blob[offset:offset + length])
    tampered = gzip.compress(member.replace(b"<title>", b"<titlE>", 1), mtime=0)
    path.write_bytes(blob[:offset] + tampered + blob[offset + length:])
    bad = run_cli("verify", "--data", str(data), "--no-markdown")
    assert bad.returncode == 1
    assert "payload digest failed" in bad.stderr or "block digest failed" in bad.stderr


def test_warc_cdx_lists_every_answer_sorted_and_resolvable(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "index.cdxj"
    done = run_cli("warc-cdx", "--data", str(archive), "--to", str(out))
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    expected = rows(archive, "SELECT count(*) FROM warc_records WHERE record_type IN ('response', 'revisit')")
    assert len(lines) == expected[0][0]
    import json

    layout = ArchiveLayout(archive)
    for line in lines[:: max(1, len(lines) // 15)]:
        key, stamp, blob = line.split(" ", 2)
        fields = json.loads(blob)
        record = read_record(layout, fields["filename"], int(fields["offset"]), int(fields["length"]))
        assert record.uri == fields["url"] and len(stamp) == 14 and ")/" in key
        assert fields["digest"] == record.header("WARC-Payload-Digest")


def test_warc_export_holds_the_selected_articles_records(archive: Path, server: SiteServer,
                                                         tmp_path: Path) -> None:
    host = server.hosts[1]
    out = tmp_path / "one-site.warc.gz"
    done = run_cli("export", "--format", "warc", "--to", str(out), "--site", host, "--data", str(archive))
    assert done.returncode == 0, done.stderr
    found = records(out)
    assert found[0][0] == "warcinfo"
    answered = {uri for kind, uri, *_ in found if kind == "response"}
    wanted = {url for (url,) in rows(archive, "SELECT url FROM articles a JOIN sites s ON s.id = a.site_id "
                                              "WHERE s.host LIKE ?", f"{host}%")}
    assert wanted and wanted <= answered
    assert all(urlsplit(uri).hostname == host for uri in answered)
    assert f"Exported {len(wanted)} articles as warc" in done.stdout
    again = tmp_path / "again" / out.name
    run_cli("export", "--format", "warc", "--to", str(again), "--site", host, "--data", str(archive))
    assert again.read_bytes() == out.read_bytes()  # same archive, same bytes
    wrong = run_cli("export", "--format", "wacz", "--to", str(tmp_path / "x.zip"), "--data", str(archive))
    assert wrong.returncode == 2 and wrong.stderr.startswith("error: --to must name a .wacz file")


def test_a_torn_last_record_is_cut_when_the_next_writer_starts(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    layout = ArchiveLayout(tmp_path)
    files = WarcFiles(layout, 7)
    build = builder()
    for n in range(3):
        exchange = Exchange(f"http://a.test/{n}", "GET", [], 200, [("Content-Type", "text/html")],
                            b"<p>page</p>" * 40, datetime.now(UTC))
        answer = response_record(build, exchange)
        request = request_record(build, exchange, answer.rec_headers.get_header("WARC-Record-ID"))
        files.write([request, answer])
    files.sync()
    path = layout.warc_path(files.files[0])
    good = path.stat().st_size
    assert files.fh is not None
    # a writer killed in the middle of a record
    files.fh.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" * 20)[:50])
    files.fh.flush()
    assert complete_members(path) == (good, good + 50)
    assert layout.warc_open_marker(path.name).exists()
    assert repair_open_files(layout) == [(path.name, 50)]
    assert path.stat().st_size == good and not layout.warc_open_marker(path.name).exists()
    assert [kind for kind, *_ in records(path)] == ["warcinfo"] + ["request", "response"] * 3
    assert repair_open_files(layout) == []  # nothing left open
