"""Asking known pages whether they changed, without the crawl engine.

A scheduled re-crawl of a network that changed little spends nearly all its requests on
conditional GETs that answer ``304 Not Modified``. Each of those costs the crawl engine about a
millisecond of CPU (scheduler, middlewares, signals, item pipeline); asked directly, with a
persistent connection per host, it costs a tenth of that. :func:`revalidate` asks a list of known
pages with their stored validators (``If-None-Match`` / ``If-Modified-Since``) and reports what
each answered; the caller keeps the 304s and hands everything else (changed pages, errors,
redirects, pages robots.txt now forbids) to the crawl engine, which fetches them as usual.

Politeness is the crawl's (:class:`Politeness`, from the same Scrapy settings): robots.txt of each
host is read first and obeyed, at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests per host and
``CONCURRENT_REQUESTS`` in all are under way, consecutive requests to one host are spaced by the
download delay (``AUTOTHROTTLE_START_DELAY`` when AutoThrottle is on, if larger), the crawl's
User-Agent and default headers are sent, and ``--resolve`` rules apply. A host that fails to
answer, answers 429 or 5xx, or answers its first pages in full (it does not support conditional
requests) is left alone from then on: its remaining pages are reported ``skipped`` and the crawl
engine, with its retries, Retry-After handling and redirect checks, takes them.

No Scrapy, Twisted or parser is imported here: a re-crawl that finds nothing changed never loads
them.
"""

from __future__ import annotations

import functools
import http.client
import importlib.util
import queue
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from .options import setting_on
from .resolve_rules import match_rule, parse_resolve_rules
from .revalidate_http import BadAnswer, ClosedEarly, PassConnection, request_bytes

HTTP_NOT_MODIFIED = 304
#: A host whose first this many answers are all full pages (not 304) does not do conditional
#: requests: its other pages go to the crawl engine instead of being asked twice.
FIRST_ANSWERS = 3
#: Statuses after which a host is left alone for the rest of the pass (the engine retries politely).
BACK_OFF_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 512 * 1024
SKIPPED_ROBOTS = "robots.txt"
SKIPPED_HOST = "host left to the crawl"
SKIPPED_STOPPED = "stopped"


@dataclass(frozen=True)
class Politeness:
    """How the pass treats servers: the crawl's own settings."""

    user_agent: str
    headers: tuple[tuple[str, str], ...] = ()
    per_host: int = 4
    total: int = 16
    delay: float = 0.0
    timeout: float = 30.0
    obey_robots: bool = True
    resolve: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_settings(cls, settings: Any) -> Politeness:
        """From a Scrapy ``Settings`` object or a plain mapping of the same names."""
        def get(name: str, default: Any) -> Any:
            value = settings.get(name, default)
            return default if value is None else value

        def flag(name: str, default: bool) -> bool:
            return setting_on(get(name, default))

        delay = float(get("DOWNLOAD_DELAY", 0) or 0)
        if flag("AUTOTHROTTLE_ENABLED", False):
            delay = max(delay, float(get("AUTOTHROTTLE_START_DELAY", 0) or 0))
        headers = {str(k): _header_text(v) for k, v in dict(get("DEFAULT_REQUEST_HEADERS", {}) or {}).items()}
        return cls(
            user_agent=str(get("USER_AGENT", "article-archiver")),
            headers=tuple(headers.items()),
            per_host=max(1, int(get("CONCURRENT_REQUESTS_PER_DOMAIN", 4))),
            total=max(1, int(get("CONCURRENT_REQUESTS", 16))),
            delay=max(0.0, delay),
            timeout=max(0.1, float(get("DOWNLOAD_TIMEOUT", 30))),
            obey_robots=flag("ROBOTSTXT_OBEY", True),
            resolve=tuple(parse_resolve_rules(get("ARCHIVE_RESOLVE", []) or [])),
        )


def _header_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class Known:
    """A page to ask again, with the validators it answered last time."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Answer:
    """What one page (or a host's robots.txt) answered. ``skipped`` says why a page was not asked."""

    url: str
    status: int | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    etag: str | None = None
    last_modified: str | None = None
    bytes: int = 0
    duration_ms: float | None = None
    error: str | None = None
    skipped: str | None = None
    robots: bool = False
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""
    body: bytes = b""  # read for robots.txt only

    @property
    def not_modified(self) -> bool:
        return self.status == HTTP_NOT_MODIFIED and self.skipped is None and not self.robots


@functools.cache
def accepted_encodings() -> str:
    """What the crawl engine's decompression accepts, so a server picks the same representation
    (and so the same ``ETag``) for both (looked up once: a lookup takes the import lock)."""
    names = ["gzip", "deflate"]
    if importlib.util.find_spec("brotli") or importlib.util.find_spec("brotlicffi"):
        names.append("br")
    if importlib.util.find_spec("zstandard"):
        names.append("zstd")
    return ", ".join(names)


class _Host:
    """One origin's share of the pass: its pages, its pace, its robots.txt, its idle connections."""

    def __init__(self, scheme: str, netloc: str, politeness: Politeness) -> None:
        self.scheme, self.netloc = scheme, netloc
        parts = urlsplit(f"{scheme}://{netloc}/")
        self.hostname = parts.hostname or ""
        self.port = parts.port or (443 if scheme == "https" else 80)
        self.address = match_rule(list(politeness.resolve), self.hostname) or self.hostname
        self.pages: deque[Known] = deque()
        self.idle: list[PassConnection] = []
        self.tls = ssl.create_default_context() if scheme == "https" else None
        self.active = 0
        self.next_at = 0.0
        self.robots = "unread" if politeness.obey_robots else "done"  # unread -> reading -> done
        self.allowed: Callable[[str], bool] = lambda url: True
        self.given_up = False
        self.answers = 0
        self.full_answers = 0

    def connect(self, timeout: float) -> PassConnection:
        """A new connection for conditional GETs."""
        return PassConnection(self.hostname, self.address, self.port, timeout, self.tls)

    def robots_connection(self, timeout: float) -> http.client.HTTPConnection:
        """A connection that reads a whole answer (robots.txt)."""
        if self.tls is not None:
            return _ResolvedHTTPSConnection(self.hostname, self.address, self.port, timeout, self.tls)
        return http.client.HTTPConnection(self.address, self.port, timeout=timeout)


class _ResolvedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to ``address`` while TLS (SNI, certificate check) speaks to ``hostname``."""

    def __init__(self, hostname: str, address: str, port: int, timeout: float, tls: ssl.SSLContext) -> None:
        super().__init__(address, port, timeout=timeout, context=tls)
        self._server_name = hostname

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._server_name)  # type: ignore[attr-defined]


class _Pass:
    """The shared state of one pass: hosts with pages left, taken under one lock by the threads."""

    def __init__(self, hosts: list[_Host], politeness: Politeness, stopped: Callable[[], bool]) -> None:
        self.hosts = deque(hosts)
        self.politeness = politeness
        self.stopped = stopped
        self.cond = threading.Condition()
        self.results: queue.Queue[Answer | None] = queue.Queue()

    def take(self) -> tuple[_Host, Known | None] | None:
        """The next piece of work: a host and one of its pages (None: the host's robots.txt), or
        None when no page is left. Hosts given up (and all hosts once stopped) give their pages
        back as skipped, without waiting."""
        with self.cond:
            while True:
                busy = False
                for _ in range(len(self.hosts)):
                    host = self.hosts[0]
                    self.hosts.rotate(-1)
                    if not host.pages:
                        continue
                    if host.given_up or self.stopped():
                        why = SKIPPED_HOST if host.given_up else SKIPPED_STOPPED
                        while host.pages:
                            self.results.put(Answer(host.pages.popleft().url, skipped=why))
                        continue
                    if host.robots == "reading" or host.active >= self.politeness.per_host:
                        busy = True
                        continue
                    host.active += 1
                    if host.robots == "unread":
                        host.robots = "reading"
                        return host, None
                    return host, host.pages.popleft()
                if not busy:
                    return None
                self.cond.wait()

    def done(self, host: _Host) -> None:
        with self.cond:
            host.active -= 1
            self.cond.notify_all()

    def wait_turn(self, host: _Host) -> None:
        """Space consecutive requests to one host by the download delay."""
        delay = self.politeness.delay
        if delay <= 0:
            return
        with self.cond:
            now = time.monotonic()
            at = max(now, host.next_at)
            host.next_at = at + delay
        if at > now:
            time.sleep(at - now)


def revalidate(pages: Iterable[Known], politeness: Politeness,
            stop: Callable[[], bool] | None = None) -> Iterator[Answer]:
    """Ask every page in ``pages`` conditionally; yield one :class:`Answer` per page (and one per
    robots.txt read), as they come. ``stop()`` returning True ends the pass early: the pages not
    asked yet are yielded as ``skipped``."""
    hosts: dict[tuple[str, str], _Host] = {}
    for page in pages:
        parts = urlsplit(page.url)
        key = (parts.scheme.lower(), parts.netloc.lower())
        if key not in hosts:
            hosts[key] = _Host(key[0], key[1], politeness)
        hosts[key].pages.append(page)
    if not hosts:
        return
    work = _Pass(list(hosts.values()), politeness, stop or (lambda: False))
    count = min(politeness.total, sum(min(politeness.per_host, len(h.pages)) for h in hosts.values()))
    threads = [threading.Thread(target=_serve, args=(work,), name="revalidate", daemon=True)
               for _ in range(count)]
    for worker in threads:
        worker.start()
    running = len(threads)
    while running:
        answer = work.results.get()
        if answer is None:
            running -= 1
            continue
        yield answer
    for host in hosts.values():
        for conn in host.idle:
            conn.close()


def _serve(work: _Pass) -> None:
    """A thread of the pass: takes work until none is left."""
    try:
        while (taken := work.take()) is not None:
            host, page = taken
            try:
                if page is None:
                    _read_robots(host, work)
                elif not host.allowed(page.url):
                    work.results.put(Answer(page.url, skipped=SKIPPED_ROBOTS))
                else:
                    work.wait_turn(host)
                    with work.cond:
                        conn = host.idle.pop() if host.idle else None
                    answer, conn = _ask(conn, host, page, work.politeness)
                    with work.cond:
                        if conn is not None:
                            host.idle.append(conn)
                        _judge(host, answer)
                    work.results.put(answer)
            finally:
                work.done(host)
    finally:
        work.results.put(None)


def _judge(host: _Host, answer: Answer) -> None:
    """Leave the host to the crawl engine after an error, a back-off status, or full answers only
    (called under the pass's lock)."""
    host.answers += 1
    if answer.status != HTTP_NOT_MODIFIED:
        host.full_answers += 1
    if (answer.error is not None or answer.status in BACK_OFF_STATUSES
            or (host.answers >= FIRST_ANSWERS and host.full_answers == host.answers)):
        host.given_up = True


def _request_headers(host: _Host, politeness: Politeness, page: Known | None) -> dict[str, str]:
    headers = {"Host": host.netloc, "User-Agent": politeness.user_agent,
               "Accept-Encoding": accepted_encodings()}
    for name, value in politeness.headers:
        headers.setdefault(name, value)
    if page is not None:
        if page.etag:
            headers["If-None-Match"] = page.etag
        if page.last_modified:
            headers["If-Modified-Since"] = page.last_modified
    return headers


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _ask(conn: PassConnection | None, host: _Host, page: Known,
         politeness: Politeness) -> tuple[Answer, PassConnection | None]:
    """One conditional GET on the host's connection (``None``: a new one; a new one too if the server
    closed it meanwhile). The body of a full answer is not read: the connection is closed instead
    and the engine fetches the page. Returns the connection when it can take the next request."""
    headers = _request_headers(host, politeness, page)
    started = time.monotonic()
    answer = Answer(page.url, request_headers=list(headers.items()))
    head = None
    try:
        request = request_bytes(_target(page.url), headers)
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: once more, anew
            conn = conn or host.connect(politeness.timeout)
            try:
                head = conn.ask(request)
                break
            except (ClosedEarly, ConnectionResetError, BrokenPipeError):
                conn.close()
                conn = None
                if attempt == 2:
                    raise
    except (OSError, BadAnswer, ValueError) as exc:
        if conn is not None:
            conn.close()
        answer.error = f"{type(exc).__name__}: {exc}"
        answer.duration_ms = round((time.monotonic() - started) * 1000, 1)
        return answer, None
    assert head is not None and conn is not None
    answer.fetched_at = datetime.now(UTC)
    answer.status, answer.reason = head.status, head.reason
    answer.response_headers = head.headers
    answer.etag, answer.last_modified = head.header("ETag"), head.header("Last-Modified")
    answer.duration_ms = round((time.monotonic() - started) * 1000, 1)
    if head.status == HTTP_NOT_MODIFIED and not head.will_close:
        return answer, conn  # a 304 has no body: the connection is ready for the next request
    conn.close()
    return answer, None


def _read_robots(host: _Host, work: _Pass) -> None:
    """Read the host's robots.txt (its other pages wait for it). Rules are Protego's, as in the
    crawl engine; a robots.txt that cannot be read leaves the host to the engine, which decides as
    it always does."""
    url = f"{host.scheme}://{host.netloc}/robots.txt"
    headers = _request_headers(host, work.politeness, None)
    headers["Accept-Encoding"] = "identity"
    answer = Answer(url, robots=True, request_headers=list(headers.items()))
    started = time.monotonic()
    conn = None
    allowed: Callable[[str], bool] | None = None
    try:
        conn = host.robots_connection(work.politeness.timeout)
        conn.request("GET", "/robots.txt", headers=headers)
        response = conn.getresponse()
        body = response.read(ROBOTS_MAX_BYTES + 1)
        answer.fetched_at = datetime.now(UTC)
        answer.status, answer.reason = response.status, response.reason
        answer.response_headers = list(response.getheaders())
        answer.bytes = len(body)
        answer.body = body[:ROBOTS_MAX_BYTES]
        if response.status == 200 and len(body) <= ROBOTS_MAX_BYTES:
            from protego import Protego

            rules = Protego.parse(body.decode("utf-8", "replace"))
            agent = work.politeness.user_agent
            allowed = lambda page_url: bool(rules.can_fetch(page_url, agent))  # noqa: E731
        elif 400 <= response.status < 500:  # no robots.txt: everything is allowed
            allowed = lambda page_url: True  # noqa: E731
    except (OSError, http.client.HTTPException) as exc:
        answer.error = f"{type(exc).__name__}: {exc}"
    finally:
        if conn is not None:
            conn.close()
        answer.duration_ms = round((time.monotonic() - started) * 1000, 1)
        with work.cond:
            if allowed is None:
                host.given_up = True
            else:
                host.allowed = allowed
            host.robots = "done"
        work.results.put(answer)


def validators(page: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The ``(ETag, Last-Modified)`` a stored page state holds."""
    return page.get("etag") or None, page.get("last_modified") or None
