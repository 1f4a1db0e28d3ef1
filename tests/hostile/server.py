"""A loopback HTTP server that misbehaves on purpose: name-based virtual hosts, one behaviour per
``(host, path)``, and a log of every request it received (host, path, when), so a test can say what
a crawl asked for and when.

A behaviour is any callable taking the :class:`Exchange` of one request: it may answer normally
(:func:`page`, :func:`redirect`), or do what hostile servers do (reset the connection, send less
than it announced, hang, drip bytes, send a gzip bomb). Hosts are matched on the ``Host`` header
without its port; an unknown path answers 404, an unknown host too.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Hit:
    host: str
    path: str  # with the query string, as requested
    at: float  # time.monotonic()
    headers: dict[str, str]


class Exchange:
    """One request and the means to answer it (or not)."""

    def __init__(self, handler: _Handler, server: HostileServer, host: str, path: str) -> None:
        self.handler = handler
        self.server = server
        self.host = host
        self.path = path
        self.headers = handler.headers

    @property
    def port(self) -> int:
        return self.server.port

    def times(self) -> int:
        """How many times this host and path were requested so far (this request included)."""
        return self.server.count(self.host, self.path)

    def send(self, status: int, body: bytes = b"", content_type: str | None = HTML,
             headers: Iterable[tuple[str, str]] = (), length: int | None = None) -> None:
        h = self.handler
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        for name, value in headers:
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body) if length is None else length))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(body)

    def raw(self, data: bytes) -> None:
        self.handler.wfile.write(data)
        self.handler.wfile.flush()

    def close(self, reset: bool = False) -> None:
        """Close the connection; ``reset``: abruptly, with a TCP RST."""
        self.handler.close_connection = True
        conn = self.handler.connection
        if reset:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        try:
            conn.shutdown(socket.SHUT_RDWR) if not reset else None
        except OSError:
            pass
        conn.close()

    def server_time(self) -> float:
        return time.time()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; False when the server is stopping."""
        return not self.server.stopping.wait(seconds)


Behaviour = Callable[[Exchange], None]


# -- behaviours ------------------------------------------------------------------------------------

def page(body: str | bytes | Callable[[Exchange], str | bytes], status: int = 200,
         content_type: str | None = HTML, headers: Iterable[tuple[str, str]] = ()) -> Behaviour:
    """An ordinary answer; ``body`` may be a function of the exchange (the port, the request count)."""
    fixed = tuple(headers)

    def serve(x: Exchange) -> None:
        data = body(x) if callable(body) else body
        x.send(status, data.encode() if isinstance(data, str) else data, content_type, fixed)
    return serve


def redirect(location: str | Callable[[Exchange], str], status: int = 301) -> Behaviour:
    def serve(x: Exchange) -> None:
        target = location(x) if callable(location) else location
        x.send(status, b"", HTML, [("Location", target.replace("{port}", str(x.port)))])
    return serve


def reset() -> Behaviour:
    def serve(x: Exchange) -> None:
        x.close(reset=True)
    return serve


def truncated(body: bytes, announced: int) -> Behaviour:
    """Announce ``announced`` bytes, send ``body`` (fewer), close."""
    def serve(x: Exchange) -> None:
        x.send(200, b"", HTML, length=announced)
        x.raw(body)
        x.close()
    return serve


def hang(seconds: float) -> Behaviour:
    """Read the request, answer nothing for ``seconds``, close."""
    def serve(x: Exchange) -> None:
        x.wait(seconds)
        x.close()
    return serve


def drip(total: int, every: float) -> Behaviour:
    """Headers at once, then one byte every ``every`` seconds (never done within a crawl's timeout)."""
    def serve(x: Exchange) -> None:
        x.send(200, b"", HTML, length=total)
        for _ in range(total):
            if not x.wait(every):
                break
            try:
                x.raw(b" ")
            except OSError:
                break
        x.close()
    return serve


def endless(chunk: bytes, total: int, announce: bool) -> Behaviour:
    """``total`` bytes of ``chunk`` repeated; with ``announce`` its Content-Length is sent first,
    else the body runs until the connection closes."""
    def serve(x: Exchange) -> None:
        h = x.handler
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        if announce:
            h.send_header("Content-Length", str(total))
        else:
            h.send_header("Connection", "close")
        h.end_headers()
        sent = 0
        try:
            while sent < total and not x.server.stopping.is_set():
                h.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        x.close()
    return serve


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(size: int) -> Behaviour:
    """A small gzip body (``Content-Encoding: gzip``) that inflates to ``size`` bytes of HTML."""
    if size not in _BOMBS:
        _BOMBS[size] = gzip.compress(b"<html><body><p>" + b" " * size, compresslevel=9, mtime=0)
    return page(_BOMBS[size], headers=[("Content-Encoding", "gzip")])


# -- the server ------------------------------------------------------------------------------------

class HostileServer:
    """Serves ``routes[(host, path)]`` on 127.0.0.1 (port 0: any free port)."""

    def __init__(self, routes: dict[tuple[str, str], Behaviour] | None = None) -> None:
        self.routes: dict[tuple[str, str], Behaviour] = dict(routes or {})
        self.prefixes: list[tuple[str, str, Behaviour]] = []
        self.stopping = threading.Event()
        self._hits: list[Hit] = []
        self._lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def route(self, host: str, path: str, behaviour: Behaviour) -> None:
        self.routes[(host.lower(), path)] = behaviour

    def fallback(self, host: str, prefix: str, behaviour: Behaviour) -> None:
        """Serve every path of ``host`` under ``prefix`` that has no route of its own."""
        self.prefixes.append((host.lower(), prefix, behaviour))

    def behaviour(self, host: str, path: str) -> Behaviour | None:
        found = self.routes.get((host, path))
        if found is None:
            found = next((b for h, p, b in self.prefixes if h == host and path.startswith(p)), None)
        return found

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> HostileServer:
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.hostile = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="hostile-web", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the server is not running"
        return int(self._httpd.server_address[1])

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    # -- the request log -----------------------------------------------------------------------
    def record(self, host: str, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self._hits.append(Hit(host, path, time.monotonic(), headers))

    @property
    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)

    def count(self, host: str, path: str | None = None) -> int:
        return len(self.requests(host, path))

    def requests(self, host: str, path: str | None = None) -> list[Hit]:
        return [h for h in self.hits if h.host == host and (path is None or h.path == path)]

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    hostile: HostileServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # clients hanging up on a hostile answer are expected


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile/1.0"
    sys_version = ""
    timeout = 30
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        hostile = self.server.hostile
        target = urlsplit(self.path)
        host = (target.hostname or self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            host = host[1:].split("]", 1)[0]
        else:
            host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        path = target.path or "/"
        if target.query:
            path += "?" + target.query
        hostile.record(host, path, {k.lower(): v for k, v in self.headers.items()})
        behaviour = hostile.behaviour(host, path)
        exchange = Exchange(self, hostile, host, path)
        if behaviour is None:
            exchange.send(404, b"<html><body><h1>404 Not Found</h1></body></html>")
            return
        behaviour(exchange)
