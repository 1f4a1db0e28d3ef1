"""PostgreSQL and Redis for the tests of the scale-out parts: a fresh database per use (dropped at
the end of the session) and a key prefix of its own in Redis (deleted after the test).

Where are they? ``ARCHIVER_TEST_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432/test``, a
database the tests may create others from) and ``ARCHIVER_TEST_REDIS`` (default
``redis://127.0.0.1:6379/0``). When one is not reachable the tests that need it are skipped, with
the reason, except under ``CI=true``, where they fail: CI starts both (``.ci/run``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

POSTGRES = os.environ.get("ARCHIVER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("ARCHIVER_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _unavailable(what: str, why: str) -> None:
    message = f"{what} is not reachable ({why}); start it or set the ARCHIVER_TEST_* variable"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: CI must run this test", pytrace=False)
    pytest.skip(message)


def _admin() -> object:
    try:
        import psycopg
    except ImportError as exc:  # the scale extra is not installed
        _unavailable("PostgreSQL", f"psycopg is not installed: {exc}")
        raise
    try:
        return psycopg.connect(POSTGRES.replace("postgresql+psycopg://", "postgresql://"), autocommit=True,
                               connect_timeout=5)
    except psycopg.Error as exc:
        _unavailable(f"PostgreSQL at {POSTGRES}", str(exc).strip().splitlines()[0])
        raise


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[Callable[[], str]]:
    """``make()`` returns the SQLAlchemy URL of a new, empty database; all are dropped at the end."""
    made: list[str] = []

    def make() -> str:
        conn = _admin()
        name = f"archiver_test_{uuid.uuid4().hex[:12]}"
        with conn:  # type: ignore[attr-defined]
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[attr-defined]
        made.append(name)
        base = POSTGRES.rsplit("/", 1)[0]
        return f"{base}/{name}"

    yield make
    if made:
        conn = _admin()
        with conn:  # type: ignore[attr-defined]
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]


@pytest.fixture
def postgres_url(postgres_databases: Callable[[], str]) -> str:
    """A new, empty PostgreSQL database for one test."""
    return postgres_databases()


@pytest.fixture
def redis_frontier() -> Iterator[tuple[str, str]]:
    """(Redis URL, a key prefix of this test's own); its keys are deleted afterwards."""
    try:
        import redis
    except ImportError as exc:
        _unavailable("Redis", f"the redis client is not installed: {exc}")
        raise
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        _unavailable(f"Redis at {REDIS}", str(exc))
    prefix = f"archiver-test-{uuid.uuid4().hex[:10]}"
    yield REDIS, prefix
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()
