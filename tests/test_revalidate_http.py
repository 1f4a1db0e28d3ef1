"""The re-validation pass's own HTTP/1.1 reading (crawler/revalidate_http.py) against a loopback
server that answers exactly the bytes each test scripts: well-formed 304s on a kept-alive
connection, interim answers, folded headers, servers that close, and hostile answers (endless
headers, huge lines, no HTTP at all), which fail one page, never the pass."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from crawler.revalidate import SKIPPED_HOST, Known, Politeness, revalidate
from crawler.revalidate_http import (
    MAX_HEADERS,
    MAX_LINE,
    BadAnswer,
    ClosedEarly,
    PassConnection,
    request_bytes,
)

NOT_MODIFIED = (b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n'
                b"Last-Modified: Sat, 05 Dec 2026 10:00:00 GMT\r\n\r\n")


class Scripted:
    """A server that reads one request head per scripted answer and sends that answer's bytes (None:
    close the connection instead); every connection plays the same script."""

    def __init__(self, *answers: bytes | None) -> None:
        self.answers = answers
        self.requests: list[bytes] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            for answer in self.answers:
                head = b""
                while not head.endswith(b"\r\n\r\n"):
                    line = reader.readline()
                    if not line:
                        return
                    head += line
                self.requests.append(head)
                if answer is None:
                    return
                try:
                    conn.sendall(answer)
                except OSError:
                    return

    def connect(self) -> PassConnection:
        return PassConnection("site.test", "127.0.0.1", self.port, 5.0)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture()
def scripted() -> Iterator[Callable[..., Scripted]]:
    servers: list[Scripted] = []

    def make(*answers: bytes | None) -> Scripted:
        servers.append(Scripted(*answers))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


REQUEST = request_bytes("/post/", {"Host": "site.test", "If-None-Match": '"v1"'})


def test_the_request_is_what_the_pass_means_to_send() -> None:
    assert REQUEST == b'GET /post/ HTTP/1.1\r\nHost: site.test\r\nIf-None-Match: "v1"\r\n\r\n'


@pytest.mark.parametrize(("target", "headers"), [
    ("/a b/", {}), ("/a\r\nX-Injected: 1", {}), ("http://other.test/", {}),
    ("/", {"If-None-Match": '"v1"\r\nX-Injected: 1'}), ("/", {"Bad\nName": "x"}),
    ("/", {"X": "caf\u00e9\u2603"})])
def test_a_request_that_could_smuggle_another_is_never_written(target: str, headers: dict[str, str]) -> None:
    with pytest.raises(BadAnswer):
        request_bytes(target, headers)


def test_304s_on_one_kept_alive_connection(scripted: Callable[..., Scripted]) -> None:
    server = scripted(NOT_MODIFIED, NOT_MODIFIED)
    conn = server.connect()
    try:
        for _ in range(2):
            head = conn.ask(REQUEST)
            assert (head.status, head.reason, head.will_close) == (304, "Not Modified", False)
            assert head.header("etag") == '"v1"' and head.header("Last-Modified").startswith("Sat")
        assert server.requests == [REQUEST, REQUEST]
    finally:
        conn.close()


@pytest.mark.parametrize(("answer", "closes"), [
    (b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n", True),
    (b"HTTP/1.0 304 Not Modified\r\n\r\n", True),
    (b"HTTP/1.0 304 Not Modified\r\nConnection: Keep-Alive\r\n\r\n", False),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", False)])
def test_whether_the_server_keeps_the_connection(scripted: Callable[..., Scripted], answer: bytes,
                                                 closes: bool) -> None:
    conn = scripted(answer).connect()
    try:
        assert conn.ask(REQUEST).will_close is closes
    finally:
        conn.close()


def test_interim_answers_are_skipped_and_folded_headers_joined(scripted: Callable[..., Scripted]) -> None:
    answer = (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
              b"HTTP/1.1 304 Not Modified\r\nX-Note: one\r\n two\r\nno colon here\r\n\r\n")
    conn = scripted(answer).connect()
    try:
        head = conn.ask(REQUEST)
        assert head.status == 304 and head.headers == [("X-Note", "one two")]
    finally:
        conn.close()


def test_a_server_that_closes_a_used_connection_is_told_apart_from_one_that_never_answers(
        scripted: Callable[..., Scripted]) -> None:
    conn = scripted(NOT_MODIFIED, None).connect()
    try:
        assert conn.ask(REQUEST).status == 304
        with pytest.raises(ClosedEarly):  # a stale keep-alive: asked again on a new connection
            conn.ask(REQUEST)
    finally:
        conn.close()
    conn = scripted(None).connect()
    try:
        with pytest.raises(ConnectionError) as failed:
            conn.ask(REQUEST)
        assert not isinstance(failed.value, ClosedEarly)
    finally:
        conn.close()


@pytest.mark.parametrize("answer", [
    b"SSH-2.0-OpenSSH_9.2\r\n\r\n",
    b"HTTP/2 304\r\n\r\n",
    b"HTTP/1.1 3O4 Not Modified\r\n\r\n",
    b"HTTP/1.1 304 " + b"x" * (MAX_LINE + 10) + b"\r\n\r\n",
    b"HTTP/1.1 304 Not Modified\r\nX-Big: " + b"y" * (MAX_LINE + 10) + b"\r\n\r\n",
    b"HTTP/1.1 304 Not Modified\r\n" + b"X-Many: 1\r\n" * (MAX_HEADERS + 1) + b"\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\n" * 20])
def test_a_hostile_answer_is_a_bad_answer(scripted: Callable[..., Scripted], answer: bytes) -> None:
    conn = scripted(answer).connect()
    try:
        with pytest.raises(BadAnswer):
            conn.ask(REQUEST)
    finally:
        conn.close()


def test_a_hostile_server_fails_its_page_and_is_left_to_the_engine(scripted: Callable[..., Scripted]) -> None:
    server = scripted(b"HTTP/1.1 304 Not Modified\r\n" + b"X-Many: 1\r\n" * 1000 + b"\r\n")
    pages = [Known(f"http://site.test:{server.port}/post-{i}/", '"v1"', None) for i in range(4)]
    values = {"USER_AGENT": "t", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
              "DOWNLOAD_TIMEOUT": 5, "ARCHIVE_RESOLVE": ["site.test:127.0.0.1"]}
    answers = list(revalidate(pages, Politeness.from_settings(values)))
    assert len(answers) == 4
    assert answers[0].error is not None and "header lines" in answers[0].error
    assert all(a.skipped == SKIPPED_HOST for a in answers[1:])


def test_the_pass_asks_again_on_a_new_connection_when_a_kept_one_was_closed(
        scripted: Callable[..., Scripted]) -> None:
    server = scripted(NOT_MODIFIED, None)  # every connection answers once, then closes
    pages = [Known(f"http://site.test:{server.port}/post-{i}/", '"v1"', None) for i in range(5)]
    values = {"USER_AGENT": "t", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
              "DOWNLOAD_TIMEOUT": 5, "ARCHIVE_RESOLVE": ["site.test:127.0.0.1"]}
    answers = list(revalidate(pages, Politeness.from_settings(values)))
    assert [a.status for a in answers] == [304] * 5 and all(a.error is None for a in answers)
    assert [a.etag for a in answers] == ['"v1"'] * 5
