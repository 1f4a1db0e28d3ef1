"""A loopback HTTP/1.1 server for multi-host site networks (name-based virtual hosts).

Serves a :class:`~crawler.demo.network.Network`, a ``{host: {path: page}}`` mapping, or a directory
tree of ``<root>/<host>/<path>`` files, routing on the ``Host`` header (its port is ignored). Every
page has an ``ETag`` and a ``Last-Modified`` and answers conditional requests with 304; pages can be
changed or removed while the server runs, and a request log counts what was answered.

    python -m crawler.demo.server --port 8080     # serve the demo network until Ctrl-C
"""

from __future__ import annotations

import argparse
import hashlib
import mimetypes
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from ..kernel.errors import ArchiverError
from .network import PORT, Network, Page, build_network

HTML = "text/html; charset=utf-8"
TEXT_SUFFIXES = {".txt": "text/plain", ".xml": "application/xml", ".json": "application/json",
                 ".css": "text/css", ".js": "text/javascript", ".atom": "application/atom+xml",
                 ".rss": "application/rss+xml"}
INDEX_SUFFIX = re.compile(r"/index\.html?$")
ERROR_BODY = ("<!DOCTYPE html><html><head><title>{status}</title></head>"
              "<body><h1>{status} {reason}</h1></body></html>")
IDLE_TIMEOUT = 30.0  # seconds a keep-alive connection may sit idle

PageSource = Page | bytes | str


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    host: str
    path: str
    status: int
    at: float = 0.0  # when it was answered (time.monotonic())


class RequestLog:
    """Thread-safe record of answered requests: every request in order, and counts by status."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []
        self._counts: Counter[int] = Counter()

    def record(self, method: str, host: str, path: str, status: int) -> None:
        with self._lock:
            self._entries.append(LoggedRequest(method, host, path, status, time.monotonic()))
            self._counts[status] += 1

    @property
    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    @property
    def total(self) -> int:
        return len(self._entries)

    @property
    def by_status(self) -> dict[int, int]:
        with self._lock:
            return dict(self._counts)

    def count(self, status: int) -> int:
        return self._counts[status]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._counts.clear()


@dataclass(frozen=True)
class _Entry:
    body: bytes
    content_type: str
    etag: str
    last_modified: int
    status: int = 200


def _content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix] + "; charset=utf-8"
    if suffix in ("", ".html", ".htm"):
        return HTML
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _as_page(path: str, source: PageSource) -> Page:
    if isinstance(source, Page):
        return source
    body = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    return Page(body, _content_type(path))


def _norm_path(path: str) -> str:
    return path if path.startswith("/") else "/" + path


class SiteServer:
    """A threaded HTTP/1.1 server for several virtual hosts on one loopback port.

    ``source`` is a :class:`Network` or ``{host: {path: Page | bytes | str}}``. The port placeholder
    ``{{port}}`` in any page is replaced by the bound port; with ``rewrite_links`` links to a served
    host written without a port (``http://alpha.test/x``) get the port as well.
    """

    def __init__(self, source: Network | Mapping[str, Mapping[str, PageSource]], host: str = "127.0.0.1",
                 port: int = 0, *, rewrite_links: bool = False) -> None:
        self.network = source if isinstance(source, Network) else None
        pages = source.pages if isinstance(source, Network) else source
        self._raw: dict[str, dict[str, Page]] = {
            h.lower(): {_norm_path(p): _as_page(p, s) for p, s in paths.items()}
            for h, paths in pages.items()}
        self.host, self._requested_port = host, port
        self.rewrite_links = rewrite_links
        self.log = RequestLog()
        self._sites: dict[str, dict[str, _Entry]] = {}
        self._gone: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._started_at = int(time.time())

    @classmethod
    def from_directory(cls, root: str | Path, host: str = "127.0.0.1", port: int = 0,
                       rewrite_links: bool = True) -> SiteServer:
        """Serve ``root/<host>/<path>`` files. Links to served hosts are given the port by default;
        see :meth:`lookup` for the paths that answer (``/a/b`` serves ``a/b.html``)."""
        root = Path(root)
        if not root.is_dir():
            raise FileNotFoundError(f"no fixture directory at {root}")
        mapping: dict[str, dict[str, PageSource]] = {}
        for site_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            pages = mapping.setdefault(site_dir.name.lower(), {})
            for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
                rel = "/" + file.relative_to(site_dir).as_posix()
                pages[rel] = Page(file.read_bytes(), _content_type(rel), file.stat().st_mtime)
        return cls(mapping, host, port, rewrite_links=rewrite_links)

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> SiteServer:
        if self._httpd is not None:
            raise RuntimeError("the server is already running")
        httpd = _HTTPServer((self.host, self._requested_port), _Handler)
        httpd.site_server = self
        self._httpd = httpd
        with self._lock:
            self._sites = {h: {p: self._entry(page) for p, page in paths.items()}
                           for h, paths in self._raw.items()}
            for h, p in self._gone:
                self._sites.setdefault(h, {})[p] = self._entry(Page(b"", HTML), 410)
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"site-server-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the server has no port until start()")
        return int(self._httpd.server_address[1])

    # -- addresses -----------------------------------------------------------------------------
    @property
    def hosts(self) -> list[str]:
        return list(self._raw)

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{_norm_path(path)}"

    @property
    def start_url(self) -> str:
        """The home page of the first host."""
        return self.url(self.hosts[0])

    @property
    def address(self) -> str:
        return self.host if re.fullmatch(r"[\d.]+|[0-9a-fA-F:]+", self.host) else "127.0.0.1"

    @property
    def resolve_rules(self) -> list[str]:
        """``--resolve`` rules sending every served host to this server's address."""
        if self.network is not None:
            return [f"*.{self.network.domain}:{self.address}"]
        domains = dict.fromkeys(".".join(h.split(".")[-2:]) for h in self.hosts)
        return [f"*.{d}:{self.address}" for d in domains]

    @property
    def resolve_rule(self) -> str:
        return self.resolve_rules[0]

    # -- content -------------------------------------------------------------------------------
    def _materialize(self, body: bytes) -> bytes:
        port = str(self.port).encode()
        body = body.replace(PORT.encode(), port)
        if self.rewrite_links and self._raw:
            names = "|".join(re.escape(h) for h in sorted(self._raw, key=len, reverse=True))
            body = re.sub(rb"(https?://(?:" + names.encode() + rb"))(?=[/\"'?#\s<]|$)", rb"\1:" + port, body,
                          flags=re.I)
        return body

    def _entry(self, page: Page, status: int = 200, last_modified: int | None = None) -> _Entry:
        body = self._materialize(page.body)
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        stamp = last_modified if last_modified is not None else int(page.last_modified or self._started_at)
        return _Entry(body, page.content_type, etag, stamp, status)

    def _next_stamp(self, host: str, path: str) -> int:
        old = self._sites.get(host, {}).get(path)
        now = int(time.time())
        return max(now, old.last_modified + 1) if old else now

    def set_page(self, host: str, path: str, body: bytes | str, content_type: str | None = None) -> None:
        """Add or replace a page; its ETag follows the new bytes and Last-Modified moves forward."""
        host, path = host.lower(), _norm_path(path)
        page = _as_page(path, body)
        if content_type:
            page = Page(page.body, content_type)
        with self._lock:
            self._raw.setdefault(host, {})[path] = page
            self._gone.discard((host, path))
            if self._httpd is not None:
                entry = self._entry(page, last_modified=self._next_stamp(host, path))
                self._sites.setdefault(host, {})[path] = entry

    def remove_page(self, host: str, path: str, *, gone: bool = False) -> None:
        """Answer 404 for the page from now on, or 410 Gone with ``gone=True``."""
        host, path = host.lower(), _norm_path(path)
        with self._lock:
            if path not in self._raw.get(host, {}):
                raise KeyError(f"no page {path} on {host}")
            del self._raw[host][path]
            if gone:
                self._gone.add((host, path))
            if self._httpd is not None:
                stamp = self._next_stamp(host, path)
                self._sites[host].pop(path, None)
                if gone:
                    self._sites[host][path] = self._entry(Page(b"", HTML), 410, stamp)

    def page(self, host: str, path: str) -> Page | None:
        """The page as served now (port filled in), or None."""
        entry = self._sites.get(host.lower(), {}).get(_norm_path(path))
        if entry is None or entry.status != 200:
            return None
        return Page(entry.body, entry.content_type, float(entry.last_modified))

    def lookup(self, host: str, path: str) -> tuple[int, _Entry | None, str | None]:
        """(status, entry, redirect location) of a request. Besides the exact path, ``/a/index.html``
        and ``/a/`` serve each other, ``/a/b`` serves ``/a/b.html``, and ``/a`` redirects to ``/a/``
        when only the latter exists."""
        site = self._sites.get(host)
        if site is None:
            return 404, None, None
        candidates = [path]
        if INDEX_SUFFIX.search(path):
            candidates.append(INDEX_SUFFIX.sub("/", path))
        elif path.endswith("/"):
            candidates += [path + "index.html", path + "index.htm"]
        else:
            candidates += [path + ".html", path + ".htm"]
        entry = next((site[c] for c in candidates if c in site), None)
        if entry is not None:
            return entry.status, entry, None
        if not path.endswith("/") and any(c in site for c in (path + "/", path + "/index.html")):
            return 301, None, self.url(host, path + "/")
        return 404, None, None


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    site_server: SiteServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def track(self, conn: socket.socket, add: bool) -> None:
        with self._conn_lock:
            (self._connections.add if add else self._connections.discard)(conn)

    def close_connections(self) -> None:
        with self._conn_lock:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that hangs up mid-response is not an error worth printing


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "demo-sites/1.0"
    sys_version = ""
    timeout = IDLE_TIMEOUT
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        site = self.server.site_server
        target = urlsplit(self.path)
        host = (target.hostname or self.headers.get("Host") or "").strip().lower()
        host = re.sub(r":\d*$", "", host).strip("[]").rstrip(".")
        path = unquote(target.path or "/")
        status, entry, location = site.lookup(host, path)
        if entry is not None and status == 200 and self._not_modified(entry):
            status = 304
        site.log.record(self.command, host, path, status)
        self.send_response(status)
        if status == 304 and entry is not None:
            self._validators(entry)
            self.end_headers()
            return
        if status == 200 and entry is not None:
            body, ctype = entry.body, entry.content_type
            self._validators(entry)
        else:
            body = ERROR_BODY.format(status=status, reason=self.responses.get(status, ("",))[0]).encode()
            ctype = HTML
            if location:
                self.send_header("Location", location)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _validators(self, entry: _Entry) -> None:
        self.send_header("ETag", entry.etag)
        self.send_header("Last-Modified", formatdate(entry.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")

    def _not_modified(self, entry: _Entry) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or entry.etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return entry.last_modified <= parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError):
                return False
        return False


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m crawler.demo.server", description="Serve the demo site "
                                 "network (or a fixture directory) on loopback until Ctrl-C.")
    ap.add_argument("--port", type=int, default=8080, help="port to listen on (0: any free port)")
    ap.add_argument("--host", default="127.0.0.1", help="address to bind")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sites", type=int, default=3)
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--copies", type=int, default=6, help="of the articles, republished copies of others")
    ap.add_argument("--lookalikes", type=int, default=3,
                    help="of the articles, different stories titled like another one")
    ap.add_argument("--dir", help="serve <DIR>/<host>/<path> files instead of the demo network")
    a = ap.parse_args(argv)
    try:
        server = (SiteServer.from_directory(a.dir, a.host, a.port) if a.dir
                  else SiteServer(build_network(a.seed, a.sites, a.articles, a.copies, a.lookalikes),
                                             a.host, a.port))
        server.start()
    except (ArchiverError, OSError) as exc:
        raise SystemExit(f"error: {exc}") from None
    print(f"serving {len(server.hosts)} sites on {server.host}:{server.port}:")
    for h in server.hosts:
        print(f"  {server.url(h)}")
    print(f"resolve the host names to this server, e.g.\n  archiver crawl {server.start_url} --resolve "
          f"'{server.resolve_rule}'\n  curl --resolve {server.hosts[0]}:{server.port}:{server.address} "
          f"{server.start_url}\nCtrl-C stops.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
