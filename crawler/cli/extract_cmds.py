"""``archiver extract``: the article parser on saved pages, standard input or fetched URLs.

A URL is fetched once over HTTP(S) with the standard library (no crawl: no robots.txt, no related
links followed); ``--resolve`` sends chosen host names to fixed addresses, as for ``crawl``.
"""

from __future__ import annotations

import html
import http.client
import json
import socket
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..kernel.errors import ArchiverError, ExtractionError, UsageError
from .app import cli

if TYPE_CHECKING:
    from ..kernel.model import Article

FORMATS = ("json", "jsonl", "markdown", "txt", "html")
FETCH_TIMEOUT = 30
STDIN = "-"


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE.html|URL|-...")
@click.option("--url", "base_url", default=None,
              help="The page's URL, for a saved file or standard input (links, canonical, site).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
              help="json: one document; jsonl: one line per input; markdown: the archive file; "
                   "txt: title and plain text; html: the clean body as an HTML page.")
@click.option("--resolve", multiple=True, metavar="HOST_PATTERN:ADDRESS",
              help="For URLs: resolve matching host names to ADDRESS, like curl ('*.news.test:127.0.0.1').")
@click.option("--profile", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="Site profiles (TOML): CSS/XPath selectors per host that override the heuristics.")
def extract(inputs: tuple[str, ...], base_url: str | None, fmt: str, resolve: tuple[str, ...],
            profile: Path | None) -> None:
    """Run the article parser on saved pages, standard input (-) or URLs and print what it finds.

    The same code path as the crawl: metadata, sections, body text, related links. A URL is
    fetched once (no robots.txt, nothing else followed).

    \b
    Example:
        archiver extract page.html --url https://example.com/post/ --format markdown
        archiver extract pages/*.html --format jsonl > articles.jsonl
        curl -s https://example.com/post/ | archiver extract - --url https://example.com/post/ --format txt
        archiver extract http://alpha.news.test:8080/post/ --resolve '*.news.test:127.0.0.1' --format html
        archiver extract page.html --url https://blog.example.com/p/ --profile sites.toml
    """
    from ..parsers import load_profiles, parse_article

    if inputs.count(STDIN) > 1:
        raise UsageError("standard input can be read once: give '-' a single time")
    profiles = load_profiles(profile) if profile is not None else None
    opener = _opener(resolve)
    results: list[dict[str, Any]] = []
    for source in inputs:
        try:
            url, page, content_type = _read_input(source, base_url, opener)
            article = parse_article(url, page, profile=profiles, encoding=content_type)
        except ArchiverError as exc:
            if fmt != "jsonl" or len(inputs) == 1:
                raise
            results.append({"input": source, "error": str(exc)})
            click.echo(json.dumps(results[-1], ensure_ascii=False))
            continue
        if fmt in ("markdown", "txt", "html"):
            if not article.is_article:
                click.echo(f"note: {source}: not an article ({article.reason})", err=True)
            click.echo(render(article, fmt), nl=False)
            continue
        record = {"input": source, **article.to_dict()}
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False, default=str))
        else:
            results.append(record)
    if fmt == "json":
        doc = results[0] if len(results) == 1 else results
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False, default=str))
    failed = sum(1 for r in results if "error" in r)
    if failed:
        click.echo(f"error: {failed} of {len(inputs)} inputs could not be read or parsed", err=True)
        sys.exit(1)


def render(article: Article, fmt: str) -> str:
    """An article as the archive's Markdown file, as plain text (title, blank line, body) or as a
    small HTML page holding its clean body."""
    if fmt == "markdown":
        from exporters.markdown import render_markdown

        return render_markdown(article, archived_at=datetime.now(UTC))
    title = article.metadata.title or ""
    if fmt == "txt":
        return (f"{title}\n\n" if title else "") + article.body_text.strip() + "\n"
    return body_page(article)


def body_page(article: Article) -> str:
    """The article's body (its Markdown as archived, rendered) in a minimal HTML document."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    m = article.metadata
    lang = f' lang="{html.escape(m.language)}"' if m.language else ""
    title = html.escape(m.title or "")
    return (f"<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n"
            f"<link rel=\"canonical\" href=\"{html.escape(article.canonical_url)}\">\n</head>\n<body>\n"
            f"<article>\n{renderer.render(article.body_markdown)}</article>\n</body>\n</html>\n")


def _read_input(source: str, base_url: str | None,
                opener: urllib.request.OpenerDirector) -> tuple[str, bytes, str | None]:
    """(URL, bytes, the server's Content-Type header) of a file, standard input or URL."""
    if source.lower().startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": f"article-archiver/{__version__}"})
        try:
            with opener.open(request, timeout=FETCH_TIMEOUT) as response:
                return response.geturl(), response.read(), response.headers.get("Content-Type")
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise ExtractionError(f"cannot fetch {source}: {reason}") from None
    if source == STDIN:
        data = click.get_binary_stream("stdin").read()
        if not data.strip():
            raise UsageError("standard input is empty: pipe a page in, e.g. curl -s URL | archiver extract -")
        return base_url or "file:///dev/stdin", data, None
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    return base_url or path.resolve().as_uri(), data, None


# --- fetching under --resolve rules -------------------------------------------------------------

def _opener(resolve: tuple[str, ...]) -> urllib.request.OpenerDirector:
    """urllib's opener; with ``--resolve`` rules, one whose connections go to the rules'
    addresses for matching hosts (the Host header and TLS name stay the URL's), without proxies."""
    if not resolve:
        return urllib.request.build_opener()
    from ..resolve_rules import parse_resolve_rules

    rules = parse_resolve_rules(list(resolve))

    class Connection(_Resolving):
        pass

    class SecureConnection(http.client.HTTPSConnection, _Resolving):
        pass

    Connection.rules = SecureConnection.rules = rules

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(SecureConnection, req, context=self._context)

    return urllib.request.build_opener(urllib.request.ProxyHandler({}), Handler, SecureHandler)


class _Resolving(http.client.HTTPConnection):
    """Connects to the address a rule gives the host (HTTPS wraps the socket afterwards, with the
    URL's host name for SNI and certificate checks)."""

    rules: list[tuple[str, str]] = []

    def connect(self) -> None:
        from ..resolve_rules import match_rule

        address = match_rule(self.rules, self.host) or self.host
        self.sock = socket.create_connection((address, self.port), self.timeout, self.source_address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
