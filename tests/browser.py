"""A headless Chromium driven over the DevTools protocol, for tests that look at rendered pages.

The protocol runs over a pipe (``--remote-debugging-pipe``: JSON messages ending in a NUL byte,
the browser reading fd 3 and writing fd 4), so no WebSocket library and no port are needed. Only
what the tests use: open a page, wait for it to load, evaluate JavaScript, take a screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

#: Flags for a browser that stays on the machine: no first-run, sync, update or background traffic.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio")
NAMES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 60.0


def find_chromium() -> str | None:
    return next((path for name in NAMES if (path := shutil.which(name))), None)


class BrowserError(RuntimeError):
    pass


class Browser:
    """``with Browser() as b: b.open(url); b.evaluate("document.title"); b.screenshot(path)``."""

    def __init__(self, executable: str | None = None, width: int = 1280, height: int = 900) -> None:
        self.executable = executable or find_chromium()
        if self.executable is None:
            raise BrowserError("chromium is not installed")
        self.size = (width, height)
        self._profile = tempfile.mkdtemp(prefix="archiver-chromium-")
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self.session: str | None = None

    # -- process -----------------------------------------------------------------------------
    def __enter__(self) -> Browser:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        width, height = self.size

        def plumb() -> None:
            """In the child: the pipe ends on the fds the protocol uses (3: commands in, 4: replies
            out). Copies first, so that neither end is overwritten before it is moved."""
            commands, replies = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        self.proc = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            close_fds=False, preexec_fn=plumb)  # noqa: PLW1509 - dup calls only; other fds are close-on-exec
        os.close(to_browser_r)
        os.close(from_browser_w)
        target = self.call("Target.createTarget", url="about:blank", browser=True)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True,
                                 browser=True)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=False)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.call("Browser.close", browser=True)
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - the browser is going away either way
            self.proc.kill()
            self.proc.wait()
        finally:
            for fd in (self._to_browser, self._from_browser):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol ----------------------------------------------------------------------------
    def call(self, method: str, browser: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command (to the page's session unless ``browser``) and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if not browser and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def _read(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, left))
            if not ready:
                raise BrowserError(f"no answer from chromium in {timeout:.0f} s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                err = self.proc.stderr.read().decode("utf-8", "replace") if self.proc.stderr else ""
                raise BrowserError(f"chromium exited: {err[-1000:]}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def wait_for(self, event: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        for i, seen in enumerate(self._events):
            if seen["method"] == event:
                return self._events.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            message = self._read(max(0.1, deadline - time.monotonic()))
            if message.get("method") == event:
                return message
            if "method" in message:
                self._events.append(message)

    # -- what the tests do ---------------------------------------------------------------------
    def open(self, url: str) -> None:
        """Load ``url`` and wait until its load event (styles and scripts applied)."""
        self._events.clear()
        navigated = self.call("Page.navigate", url=url)
        if navigated.get("errorText"):
            raise BrowserError(f"cannot open {url}: {navigated['errorText']}")
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:60]}…: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path
