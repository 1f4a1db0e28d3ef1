"""Hostile pages: the parser never raises or hangs, decodes what servers really send, caps what is
too big (and says so), and answers "not an article" rather than returning garbage."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.kernel.model import Article
from crawler.parsers import parse_article
from crawler.parsers.document import MAX_HTML_BYTES, decode_html, load_document
from crawler.parsers.names import clean_name, meta_names, split_byline
from crawler.parsers.related_labels import is_related_label
from crawler.parsers.structured import parse_jsonld
from crawler.parsers.titles import strip_site_name

URL = "https://news.example.org/2024/05/harbour/"
PARAGRAPH = ("<p>The harbour board met on Tuesday and agreed to dredge the channel, after a long "
             "and sometimes bitter debate about the cost.</p>")
RUSSIAN = "Городской совет одобрил ремонт моста после долгих споров о стоимости работ."


def page(body: str, head: str = "<title>Harbour dredging approved</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# ---- character sets ------------------------------------------------------------------------------

def _cyrillic(meta: str = "") -> bytes:
    html = f"<html><head>{meta}<title>Мост</title></head><body><p>{RUSSIAN}</p></body></html>"
    return html.encode("cp1251")


@pytest.mark.parametrize(("raw", "header"), [
    (_cyrillic('<meta charset="windows-1251">'), None),                             # <meta> alone
    (_cyrillic('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'), None),
    (_cyrillic('<meta charset="iso-8859-1">'), "windows-1251"),                     # header beats <meta>
    (_cyrillic('<meta charset="windows-1251">'), "utf-8"),                          # a wrong header
    (_cyrillic("<!-- " + "x" * 5000 + ' --><meta charset="windows-1251">'), None),  # <meta> far down
])
def test_declared_charsets_in_the_order_browsers_use(raw: bytes, header: str | None) -> None:
    article = parse_article(URL, raw, encoding=header)
    assert RUSSIAN in article.body_text


def test_undeclared_legacy_pages_are_detected_when_long_enough() -> None:
    raw = _cyrillic().replace(b"<p>", b"<p>" + RUSSIAN.encode("cp1251") * 40)
    assert RUSSIAN in decode_html(raw)


def test_utf8_with_a_few_broken_bytes_is_not_read_as_windows_1252() -> None:
    text = "Grüße aus Köln — “Zitat” " * 20
    raw = page(f"<p>{text}</p>", '<meta charset="windows-1252">').encode() + b"\xff"
    decoded = decode_html(raw)
    assert "Grüße aus Köln — “Zitat”" in decoded and "Ã" not in decoded


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_byte_order_marks(codec: str) -> None:
    raw = page(PARAGRAPH.replace("board", "Straßenbahn-Ausschuss")).encode(codec)
    if codec == "utf-16-be":
        raw = b"\xfe\xff" + raw
    assert "Straßenbahn-Ausschuss" in decode_html(raw)


# ---- size ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("as_bytes", [True, False])
def test_oversized_pages_are_cut_at_the_cap_and_say_so(as_bytes: bool) -> None:
    html = page(PARAGRAPH * (MAX_HTML_BYTES // len(PARAGRAPH) + 50))
    article = parse_article(URL, html.encode() if as_bytes else html)
    assert any("truncated" in w and str(MAX_HTML_BYTES) in w for w in article.warnings)
    assert article.is_article and "dredge the channel" in article.body_text


def test_a_cut_never_splits_a_multibyte_character() -> None:
    html = page("<p>" + "ü" * (MAX_HTML_BYTES // 2 + 10) + "</p>").encode()
    doc, warnings = load_document(html, URL)
    assert warnings and "\ufffd" not in doc.text_content()


# ---- malformed and hostile markup ---------------------------------------------------------------

HOSTILE = {
    "unclosed": page("<div><p><b><i>" * 500 + PARAGRAPH),
    "stray closers": "</body></html></div>" + page(PARAGRAPH) + "</p></p></html>",
    "tag soup in attributes": page(f'<p title="<script>x</script>" class=">">{PARAGRAPH}</p>'),
    "null and control bytes": page("\x00\x01\x0b" + PARAGRAPH + "\x7f\x1f"),
    "unterminated comment": page(PARAGRAPH + "<!-- never closed <p>more"),
    "deep quotes": page("<blockquote>" * 250 + PARAGRAPH + "</blockquote>" * 250),
    "deep divs": page("<div>" * 3000 + PARAGRAPH + "</div>" * 3000),
    "deep json-ld": page(PARAGRAPH, "<script type='application/ld+json'>" + "[" * 50000 + "]" * 50000
                         + "</script><title>Harbour dredging approved</title>"),
    "giant attribute": page(f'<div class="{"x" * 500_000}">{PARAGRAPH}</div>'),
    "many attributes": page("<div " + " ".join(f"a{i}='{i}'" for i in range(3000)) + f">{PARAGRAPH}</div>"),
    "binary": bytes(range(256)) * 200,
    "xml declaration": "<?xml version='1.0' encoding='latin-1'?>" + page(PARAGRAPH),
    "frameset": "<html><frameset><frame src='/a'></frameset></html>",
    "svg only": "<svg xmlns='http://www.w3.org/2000/svg'><text>hello</text></svg>",
    "empty": "",
    "none": None,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_pages_never_raise(name: str) -> None:
    started = time.perf_counter()
    article = parse_article(URL, HOSTILE[name])
    assert isinstance(article, Article)
    assert not (article.reason or "").startswith("extraction failed"), article.reason
    assert time.perf_counter() - started < 10


def test_deeply_nested_text_is_kept_not_lost_to_recursion() -> None:
    article = parse_article(URL, HOSTILE["deep quotes"])
    assert "dredge the channel" in article.body_text


PATHOLOGICAL = {
    "byline of open parentheses": (split_byline, "(" * 50_000 + "x"),
    "byline of digits in parentheses": (split_byline, "( 1" * 20_000),
    "endless name": (clean_name, "a " * 50_000),
    "endless author list": (lambda text: meta_names(text, True), "x," * 50_000),
    "endless label": (is_related_label, "more " * 20_000),
    "endless title segments": (lambda text: strip_site_name(text, ["Site"], URL), "a | " * 20_000 + "Site"),
    "unclosed json-ld": (lambda text: parse_jsonld([text], URL), '{"a": ' * 5_000),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_text_helpers_stay_linear_on_pathological_strings(name: str) -> None:
    make, arg = PATHOLOGICAL[name]
    started = time.perf_counter()
    make(arg)
    assert time.perf_counter() - started < 2


# ---- not an article ------------------------------------------------------------------------------

def test_a_listing_page_is_not_an_article_and_brings_no_body() -> None:
    teasers = "".join(f"<article><h2><a href='/2024/05/story-{i}/'>Story {i} about the harbour board</a></h2>"
                      f"<p>The harbour board met on Tuesday, number {i}, and agreed on many things.</p>"
                      "</article>" for i in range(12))
    html = page(teasers + "<a rel='next' href='/page/2/'>Next</a>",
                "<title>News</title><meta property='og:type' content='website'>")
    article = parse_article("https://news.example.org/", html)
    assert article.is_article is False and article.reason.startswith("listing page")
    assert article.sections == [] and article.body_text == ""
    assert len(article.links) > 10  # a listing still yields its links, for the crawl


@pytest.mark.parametrize("html", ["", "   ", None, b"\x89PNG\r\n\x1a\n" + bytes(2000),
                                  page("<nav><a href='/'>Home</a></nav>")])
def test_pages_without_content_say_why(html: str | bytes | None) -> None:
    article = parse_article(URL, html)
    assert article.is_article is False and article.reason
    assert article.body_text.strip() == "" or len(article.body_text) < 250


# ---- property: any input, an Article back --------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "<p>", "</p>", "<div class='content'>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<h2>",
    "<ul><li>", "</li></ul>", "<table><tr><td>", "</td></tr></table>", "<a href='/x/y'>", "</a>",
    "<img src='data:,'>", "<script>", "</script>", "<br>", "<pre><code>", "</code></pre>", "&amp;",
    "&#0;", "&bogus;", "<!--", "-->", "<![CDATA[", "]]>", "<meta charset='koi8-r'>",
    "<span class='byline'>By Jane Doe</span>", "<time datetime='2024-13-45'>", "Also read:",
    "<script type='application/ld+json'>{\"@type\": \"Article\", \"headline\": ", "\x00", "\ud800",
    " ", "\n", "harbour", "dredging, ", "é", "字", "<<", ">>", "\"", "'",
])
SOUP = st.lists(FRAGMENTS, max_size=120).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(soup=SOUP, as_bytes=st.booleans())
def test_any_tag_soup_gives_an_article_and_never_raises(soup: str, as_bytes: bool) -> None:
    html: str | bytes = soup.encode("utf-8", "surrogatepass") if as_bytes else soup
    article = parse_article(URL, html)
    assert isinstance(article, Article)
    assert not (article.reason or "").startswith("extraction failed"), article.reason
    article.to_dict()  # everything it holds can be serialised


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=3000), header=st.sampled_from([None, "utf-8", "shift_jis", "bogus", "utf-16"]))
def test_any_bytes_with_any_declared_charset_decode(data: bytes, header: str | None) -> None:
    article = parse_article(URL, data, encoding=header)
    assert isinstance(article, Article)
    assert not (article.reason or "").startswith("extraction failed"), article.reason


def test_extract_from_a_url_uses_the_charset_the_server_declares() -> None:
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from click.testing import CliRunner

    from crawler.cli import cli

    body = _cyrillic()  # no <meta charset>: only the header tells

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=windows-1251")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/most.html"
        result = CliRunner().invoke(cli, ["extract", url])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    assert RUSSIAN in json.loads(result.stdout)["body_text"]


SHORT_POST = ("<p>Fog rolled in over the harbour this morning, and the ferries waited at the pier until "
              "the horns stopped. By noon the sun had burnt it off.</p>")


@pytest.mark.parametrize("wrapper, head", [
    ("<div class='post h-entry'><div class='e-content'>{}</div></div>", "<title>Fog</title>"),
    ("<article>{}</article>", "<title>Fog</title><meta property='og:type' content='article'>"),
])
def test_a_short_post_that_declares_itself_one_is_an_article(wrapper: str, head: str) -> None:
    article = parse_article(URL, page(wrapper.format(SHORT_POST), head))
    assert article.is_article, article.reason
    assert "ferries waited at the pier" in article.body_text


def test_a_short_text_on_a_page_that_declares_nothing_is_no_article() -> None:
    article = parse_article(URL, page(f"<div>{SHORT_POST}</div>"))
    assert article.is_article is False and "no substantial main text" in (article.reason or "")
