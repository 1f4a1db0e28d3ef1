"""The re-validation pass's HTTP/1.1 connections: a conditional GET and the head of its answer.

The pass (:mod:`crawler.revalidate`) asks thousands of pages whether they changed, on persistent
connections, and keeps only the answers ``304 Not Modified``, which never carry a body (RFC 9110,
15.4.5). Every other answer's body is left unread and its connection closed: the crawl engine
fetches that page again. So the pass needs no more of HTTP than writing a request and reading a
status line and header lines, which :class:`PassConnection` does directly on the socket, at a
third of the CPU of :mod:`http.client` (whose header parsing goes through :mod:`email`): on a
re-crawl the pass's requests are most of the work.

What a server sends is not trusted: a status line or header line longer than :data:`MAX_LINE`,
more than :data:`MAX_HEADERS` header lines, more than :data:`MAX_INTERIM` interim (1xx) answers,
or a status line that is not HTTP/1.x raise :class:`BadAnswer`, and the page is left to the engine.
What is sent is checked too: a request target or header value with control characters (a stored
validator could hold anything a server once sent) is never written (:class:`BadAnswer`).
"""

from __future__ import annotations

import re
import socket
import ssl

#: The longest status or header line read (as :mod:`http.client`).
MAX_LINE = 65536
#: The most header lines one answer may have (as :mod:`http.client`).
MAX_HEADERS = 100
#: Interim answers (``1xx``) skipped before the final one.
MAX_INTERIM = 10
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
_UNSAFE_TARGET = re.compile(r"[\x00-\x20\x7f]")


class BadAnswer(Exception):
    """The server's answer is not HTTP/1.x as the pass reads it, or the request could not be sent."""


class ClosedEarly(ConnectionError):
    """The server closed the connection before answering (a kept-alive one it had closed meanwhile)."""


class Head:
    """A final answer's status line and headers (the body, if any, is not read)."""

    __slots__ = ("status", "reason", "headers", "will_close")

    def __init__(self, status: int, reason: str, headers: list[tuple[str, str]], will_close: bool) -> None:
        self.status, self.reason, self.headers, self.will_close = status, reason, headers, will_close

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)


def request_bytes(target: str, headers: dict[str, str]) -> bytes:
    """``GET target HTTP/1.1`` with ``headers``; :class:`BadAnswer` for what must never be sent."""
    if not target.startswith("/") or _UNSAFE_TARGET.search(target):
        raise BadAnswer(f"request target {target!r} holds characters a request line cannot carry")
    lines = [f"GET {target} HTTP/1.1"]
    for name, value in headers.items():
        if _UNSAFE.search(name) or ":" in name or _UNSAFE.search(value):
            raise BadAnswer(f"header {name!r} holds characters a request cannot carry")
        lines.append(f"{name}: {value}")
    try:
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    except UnicodeEncodeError:
        raise BadAnswer("a request header is not latin-1 text") from None


class PassConnection:
    """One persistent connection to ``address:port`` (TLS to ``hostname`` when ``tls`` is given)."""

    def __init__(self, hostname: str, address: str, port: int, timeout: float,
                 tls: ssl.SSLContext | None = None) -> None:
        sock = socket.create_connection((address, port), timeout)
        try:
            if tls is not None:
                sock = tls.wrap_socket(sock, server_hostname=hostname)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (OSError, ValueError):
            sock.close()
            raise
        self.sock = sock
        self.reader = sock.makefile("rb")
        self.fresh = True  # no request sent yet: a close before the answer is not a stale keep-alive

    def ask(self, request: bytes) -> Head:
        """Send one request and read its final answer's head."""
        self.sock.sendall(request)
        was_fresh, self.fresh = self.fresh, False
        for _ in range(MAX_INTERIM + 1):
            line = self.reader.readline(MAX_LINE + 1)
            if not line:
                raise (ConnectionError if was_fresh else ClosedEarly)("the server closed the connection "
                                                                       "without answering")
            version, status, reason = _status_line(line)
            headers = self._headers()
            if 100 <= status < 200 and status != 101:
                continue  # an interim answer: the final one follows
            connection = ",".join(v for k, v in headers if k.lower() == "connection").lower()
            closes = "close" in connection or (version == "HTTP/1.0" and "keep-alive" not in connection)
            return Head(status, reason, headers, closes or status == 101)
        raise BadAnswer(f"more than {MAX_INTERIM} interim answers")

    def _headers(self) -> list[tuple[str, str]]:
        headers: list[tuple[str, str]] = []
        for _ in range(MAX_HEADERS + 1):
            line = self.reader.readline(MAX_LINE + 1)
            if len(line) > MAX_LINE:
                raise BadAnswer("a header line is too long")
            if line in (b"\r\n", b"\n", b""):
                return headers
            text = line.decode("latin-1").rstrip("\r\n")
            if text[:1] in (" ", "\t") and headers:  # an obsolete folded line continues the last value
                name, value = headers[-1]
                headers[-1] = (name, f"{value} {text.strip()}")
                continue
            name, colon, value = text.partition(":")
            if colon and name and name == name.strip():
                headers.append((name, value.strip()))
        raise BadAnswer(f"more than {MAX_HEADERS} header lines")

    def close(self) -> None:
        for part in (self.reader, self.sock):
            try:
                part.close()
            except OSError:
                pass


def _status_line(line: bytes) -> tuple[str, int, str]:
    if len(line) > MAX_LINE:
        raise BadAnswer("the status line is too long")
    text = line.decode("latin-1").rstrip("\r\n")
    version, _, rest = text.partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/1.") or len(code) != 3 or not code.isdigit() or code[0] == "0":
        raise BadAnswer(f"not an HTTP/1.x status line: {text[:80]!r}")
    return version, int(code), reason.strip()
