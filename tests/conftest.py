"""Shared fixtures: a loopback site network served once per session, and a helper to run the CLI
in a child process (each crawl runs its own Twisted reactor, which cannot be restarted)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo import SiteServer, build_network

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def network_server() -> Iterator[SiteServer]:
    """A four-site network (the demo's three templates, one reused) on 127.0.0.1, port 0."""
    with SiteServer(build_network(seed=11, sites=4, articles=40)) as server:
        yield server


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``archiver ARGS…`` in a child process (``env``: added to the environment); returns the
    completed process (text output)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=timeout)


def crawl_args(server: SiteServer, data: Path, *extra: str) -> list[str]:
    return ["crawl", server.start_url, "--resolve", server.resolve_rule, "--fast", "--no-progress",
            "--data", str(data), *extra]


@pytest.fixture(scope="session")
def crawled_archive(network_server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real crawl of ``network_server`` (40 articles), shared read-only by the tests that only
    read an archive (exports, Datasette)."""
    data = tmp_path_factory.mktemp("crawled-archive")
    result = run_cli(*crawl_args(network_server, data))
    assert result.returncode == 0, result.stderr
    return data


# PostgreSQL and Redis, for the scale-out tests (skipped without them, failing under CI=true)
from .services import postgres_databases, postgres_url, redis_frontier  # noqa: E402, F401
