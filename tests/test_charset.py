"""Character sets: the crawl and ``archiver extract`` decode a page with one function, in the HTML
standard's order (byte-order mark, HTTP header, ``<meta>`` in the first 1024 bytes, detection),
reading labels as browsers do, setting aside declarations the bytes contradict, and never turning
an undeclared Western page into another single-byte charset.

The golden cases are ``tests/fixtures/charset/<case>.html`` (the bytes a server sends) with
``<case>.json`` (its URL, its Content-Type header, the codec that must read it and phrases the
text must and must not contain); ``make_fixtures.py`` beside them wrote them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawler.demo import SiteServer
from crawler.demo.network import Page
from crawler.parsers import parse_article
from crawler.parsers.charset import (
    codec_for,
    decode_page,
    header_charset,
    implausible,
    meta_charset,
    top_level_domain,
)
from exporters.store.index import Index
from exporters.store.schema import Article as ArticleRow

from .conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "charset"
CASES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def _case(name: str) -> tuple[bytes, dict[str, Any]]:
    expected = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return (FIXTURES / f"{name}.html").read_bytes(), expected


def test_there_are_golden_cases_for_every_step() -> None:
    assert len(CASES) >= 10
    sources = {decode_page(data, case["content_type"], case["url"]).source
               for data, case in map(_case, CASES)}
    assert sources == {"bom", "http", "meta", "detected"}


@pytest.mark.parametrize("name", CASES)
def test_golden_pages_decode_to_their_text(name: str) -> None:
    data, case = _case(name)
    decoded = decode_page(data, case["content_type"], case["url"])
    assert decoded.encoding == case["codec"]
    for phrase in case["must_contain"]:
        assert phrase in decoded.text
    for bad in case["must_not_contain"]:
        assert bad not in decoded.text


@pytest.mark.parametrize("name", CASES)
def test_the_parser_reads_them_through_the_same_function(name: str) -> None:
    data, case = _case(name)
    article = parse_article(case["url"], data, encoding=case["content_type"])
    assert article.metadata.title == case["title"]
    text = article.body_text
    for phrase in case["must_contain"][1:]:
        assert phrase in text
    assert "\ufffd" not in text


# ---- the order, and declarations that do not fit -------------------------------------------------

WESTERN = ("<html><head>{meta}<title>Été</title></head>"
           "<body><p>Voilà l’été à Noël : « déjà vu », 5 €.</p></body></html>")


def test_bom_beats_the_header_and_the_header_beats_meta() -> None:
    text = "Мост через реку"
    page = f"<html><head><meta charset='koi8-r'></head><body><p>{text}</p></body></html>"
    assert text in decode_page("\ufeff".encode() + page.encode(), "text/html; charset=windows-1251").text
    decoded = decode_page(page.encode("cp1251"), "text/html; charset=windows-1251")
    assert decoded.source == "http" and text in decoded.text
    assert decode_page(page.encode("koi8-r"), "text/html").source == "meta"


def test_a_declared_charset_that_fails_falls_back_to_detection_not_replacement_characters() -> None:
    data = WESTERN.format(meta='<meta charset="utf-8">').encode("cp1252")
    decoded = decode_page(data, "text/html; charset=utf-8", "http://blog.example.com/p/")
    assert decoded.source == "detected" and decoded.encoding == "cp1252"
    assert "Voilà l’été à Noël" in decoded.text and "\ufffd" not in decoded.text
    assert decoded.note and "utf-8" in decoded.note and "does not fit" in decoded.note


def test_a_failing_header_gives_way_to_the_meta_declaration_before_detection() -> None:
    data = WESTERN.format(meta='<meta charset="windows-1252">').encode("cp1252")
    decoded = decode_page(data, "text/html; charset=utf-8")
    assert (decoded.source, decoded.encoding) == ("meta", "cp1252")


def test_utf8_under_a_legacy_declaration_is_read_as_utf8() -> None:
    data = WESTERN.format(meta="").encode("utf-8")
    decoded = decode_page(data, "text/html; charset=ISO-8859-1")
    assert decoded.encoding == "utf-8" and "Voilà l’été" in decoded.text and "Ã" not in decoded.text


def test_damaged_utf8_keeps_its_good_characters() -> None:
    text = "Grüße aus Köln — “Zitat” " * 20
    page = f"<html><head><meta charset='windows-1252'></head><body><p>{text}</p></body></html>"
    data = page.encode() + b"\xff"
    decoded = decode_page(data)
    assert "Grüße aus Köln — “Zitat”" in decoded.text and "Ã" not in decoded.text


def test_meta_is_only_looked_for_in_the_first_1024_bytes_and_outside_comments() -> None:
    assert meta_charset(b"<!-- <meta charset='koi8-r'> --><meta charset='windows-1251'>") == "windows-1251"
    assert meta_charset(b"<head>" + b" " * 1100 + b"<meta charset='koi8-r'>") is None
    assert meta_charset(b"<meta content='text/html; charset=gb2312' http-equiv=Content-Type>") == "gb2312"
    assert meta_charset(b"<meta name='x' content='charset=koi8-r'>") is None  # no http-equiv
    assert meta_charset(b'<meta title=">" charset="utf-8">') == "utf-8"
    assert meta_charset(b"<meta charset='no-such'><meta charset='koi8-r'>") == "koi8-r"


def test_a_utf16_meta_declaration_means_utf8() -> None:
    data = WESTERN.format(meta="<meta charset='utf-16'>").encode("utf-8")
    assert decode_page(data).encoding == "utf-8"


@pytest.mark.parametrize(("label", "codec"), [
    ("ISO-8859-1", "cp1252"), ("latin1", "cp1252"), ("US-ASCII", "cp1252"), ("iso-8859-9", "cp1254"),
    ("gb2312", "gb18030"), ("Shift_JIS", "cp932"), ("euc-kr", "cp949"), ("big5", "big5hkscs"),
    ("tis-620", "cp874"), ("utf8", "utf-8"), ("koi8-r", "koi8-r"), ("windows-1251", "cp1251"),
    ("x-mac-cyrillic", "mac-cyrillic"), ("\"utf-8\"", "utf-8"),
    ("utf-7", None), ("utf-32", None), ("iso-2022-kr", None), ("base64", None), ("no-such-charset", None),
])
def test_labels_mean_what_they_mean_to_browsers(label: str, codec: str | None) -> None:
    assert codec_for(label) == codec


def test_the_header_gives_its_charset_parameter() -> None:
    assert header_charset("text/html; charset=\"windows-1251\"") == "windows-1251"
    assert header_charset("text/html;charset=UTF-8;foo=bar") == "UTF-8"
    assert header_charset("text/html") is None
    assert header_charset("koi8-r") == "koi8-r"  # a bare charset, as older callers pass it


# ---- detection -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Voilà la question : à quoi bon ? Il était une fois un garçon très gâté.",
    "Größere Änderungen über die Straße: schön, dass Müller kommt.",
    "El niño comió piñata en la mañana; ¿qué pasó? Está bien.",
    "naïve “quotes” — dash",
    "Prices rose to £395, and the café said it’s “fine”.",
    "last »",
    "L’être et le néant",
])
def test_undeclared_western_pages_stay_windows_1252(text: str) -> None:
    data = f"<html><body><p>{text}</p></body></html>".encode("cp1252")
    for url in (None, "http://blog.example.com/p/", "http://site.example.test/p/"):
        assert text in decode_page(data, None, url).text, url


@pytest.mark.parametrize(("text", "codec", "url"), [
    ("Съешь же ещё этих мягких французских булок, да выпей чаю.", "cp1251", None),
    ("Ξεσκεπάζω την ψυχοφθόρα βδελυγμία και το χρώμα του.", "cp1253", "http://news.example.gr/a"),
    ("Zażółć gęślą jaźń — książka o łódce, która płynie przez rzekę.", "cp1250", "http://x.example.pl/a"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250", "http://x.example.cz/a"),
    ("日本語のテキストです。これは長い文章です。", "cp932", None),
])
def test_other_languages_are_still_detected(text: str, codec: str, url: str | None) -> None:
    data = f"<html><body><p>{text}</p></body></html>".encode(codec)
    assert text in decode_page(data, None, url).text


def test_the_top_level_domain_is_taken_as_browsers_take_it() -> None:
    assert top_level_domain("http://news.example.co.uk/a") == "uk"
    assert top_level_domain("https://пример.рф/") == "xn--p1ai"
    assert top_level_domain("http://127.0.0.1:8080/") is None
    assert top_level_domain("file:///tmp/page.html") is None
    assert top_level_domain("http://localhost/") is None


def test_plausibility_sees_letters_and_symbols_out_of_place() -> None:
    assert implausible("Prices rose to £395 and it’s fine") == 0
    assert implausible("Prices rose to Ł395") == 1
    assert implausible("ksi¹¿ka") == 2
    assert implausible("Ìîñò ÷åðåç ðåêó") >= 2  # Russian read as Windows-1252
    assert implausible("Мост через реку") == 0
    assert implausible("bad \x81 byte") == 3


# ---- the crawl and extract: one decoding -------------------------------------------------------

HOST = "charsets.example.com"


@pytest.fixture(scope="module")
def charset_site() -> Any:
    """The golden pages on one host, each with its Content-Type header, and a home page linking them."""
    pages: dict[str, Page | str] = {}
    links = []
    for number, name in enumerate(CASES, 1):
        data, case = _case(name)
        pages[f"/{name}/"] = Page(data, case["content_type"])
        links.append(f'<li><a href="/{name}/">{number}</a></li>')
    pages["/"] = f"<html><head><title>Home</title></head><body><ul>{''.join(links)}</ul></body></html>"
    with SiteServer({HOST: pages}) as server:
        yield server


def test_crawl_and_extract_decode_every_page_alike(charset_site: SiteServer, tmp_path: Path) -> None:
    base = f"http://{HOST}:{charset_site.port}"
    resolve = f"{HOST}:127.0.0.1"
    result = run_cli("crawl", f"{base}/", "--resolve", resolve, "--fast", "--no-progress", "--data",
                     str(tmp_path / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    with Index(f"sqlite:///{tmp_path / 'data' / 'archive.db'}") as index, index.session() as session:
        rows = {url: (title, body) for url, title, body in
                session.execute(select(ArticleRow.url, ArticleRow.title, ArticleRow.body_text))}
    assert len(rows) == len(CASES)
    urls = [f"{base}/{name}/" for name in CASES]
    extracted = run_cli("extract", *urls, "--resolve", resolve, "--format", "jsonl")
    assert extracted.returncode == 0, extracted.stderr
    for name, line in zip(CASES, extracted.stdout.splitlines(), strict=True):
        _data, case = _case(name)
        record = json.loads(line)
        title, body = rows[record["canonical_url"]]
        assert title == record["metadata"]["title"] == case["title"], name
        assert body == record["body_text"], name
        for phrase in case["must_contain"][1:]:
            assert phrase in body, (name, phrase)
        assert "\ufffd" not in body
