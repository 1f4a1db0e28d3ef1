"""Run reports: what each crawl did, kept beside the ``runs`` table.

``run_reports`` has one row per run (same id as ``runs``): the job, the pid that ran it, pages
fetched, bytes, duration, articles new / changed / unchanged / gone, errors (total and by kind),
per-site field fill rates and the alerts raised. A row is written when the crawl opens (status
``running``) and completed when it closes, so a crawl killed with ``kill -9`` leaves a row that the
next run of the job marks ``killed``; until then, reading it on the same host shows it ``killed``
as soon as its process is gone.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from crawler.kernel.errors import NotFound

from .failures import storage_error
from .history import PageState
from .schema import Base, Run, UTCDateTime

#: Run states: running, then finished / interrupted (SIGINT, SIGTERM) / failed (the archive's
#: storage failed: a full disk, an I/O error, a read-only disk, another writer's lock) / killed
#: (found dead later).
RUNNING, FINISHED, INTERRUPTED, FAILED, KILLED = "running", "finished", "interrupted", "failed", "killed"
COUNT_COLUMNS = ("pages", "bytes", "articles_new", "articles_changed", "articles_unchanged",
                 "articles_gone", "errors")


class RunReport(Base):
    __tablename__ = "run_reports"
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    job: Mapped[str | None] = mapped_column(String(200))  # the job's name; None for a URL crawl
    job_key: Mapped[str] = mapped_column(String(500), index=True)  # runs compared with each other
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(255))
    resumed_from: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32), default=RUNNING)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_s: Mapped[float | None] = mapped_column(Float)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    articles_new: Mapped[int] = mapped_column(Integer, default=0)
    articles_changed: Mapped[int] = mapped_column(Integer, default=0)
    articles_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    articles_gone: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    errors_by_kind: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    fill_rates: Mapped[dict[str, dict[str, float]]] = mapped_column(JSON, default=dict)
    alerts: Mapped[list[str]] = mapped_column(JSON, default=list)


@contextmanager
def _transaction(index: Any, what: str) -> Iterator[Session]:
    try:
        with index.sessions.begin() as session:
            yield session
    except SQLAlchemyError as exc:
        raise storage_error(what, index.url, exc) from None


def open_report(index: Any, run_id: int, *, job: str | None, job_key: str, pid: int, host: str,
                resumed_from: int | None = None) -> None:
    with _transaction(index, "record the run report") as s:
        s.add(RunReport(run_id=run_id, job=job, job_key=job_key, pid=pid, host=host,
                        resumed_from=resumed_from, status=RUNNING, started_at=datetime.now(UTC)))


def close_report(index: Any, run_id: int, status: str, values: dict[str, Any]) -> None:
    """Complete the report; the run row gets the same status when it is not ``finished``."""
    columns = {c.name for c in RunReport.__table__.columns} - {"run_id", "started_at"}
    values = {k: v for k, v in values.items() if k in columns} | {"status": status,
                                                                   "finished_at": datetime.now(UTC)}
    with _transaction(index, "record the run report") as s:
        s.execute(update(RunReport).where(RunReport.run_id == run_id).values(**values))
        if status != FINISHED:
            s.execute(update(Run).where(Run.id == run_id).values(status=status))


def mark_killed(index: Any, job_key: str, alive: Callable[[int | None, str | None], bool]) -> list[int]:
    """Runs of this job still marked running whose process is gone (``alive(pid, host)`` is False):
    mark them (and their ``runs`` rows) killed; returns their ids."""
    with _transaction(index, "mark dead runs") as s:
        rows = s.execute(select(RunReport.run_id, RunReport.pid, RunReport.host)
                         .where(RunReport.job_key == job_key, RunReport.status == RUNNING)).all()
        dead = [r.run_id for r in rows if not alive(r.pid, r.host)]
        if dead:
            now = datetime.now(UTC)
            s.execute(update(RunReport).where(RunReport.run_id.in_(dead)).values(status=KILLED,
                                                                                 finished_at=now))
            s.execute(update(Run).where(Run.id.in_(dead)).values(status=KILLED, finished_at=now))
        return dead


FillRates = dict[str, dict[str, float]]


def earlier_fill_rates(index: Any, job_key: str, before: int, limit: int = 50,
                       exclude: frozenset[int] = frozenset()) -> list[tuple[int, FillRates]]:
    """(run id, fill rates) of earlier runs of the job, newest first, less the ``exclude`` ones."""
    with index.session() as s:
        rows = s.execute(select(RunReport.run_id, RunReport.fill_rates)
                         .where(RunReport.job_key == job_key, RunReport.run_id < before)
                         .order_by(RunReport.run_id.desc()).limit(limit + len(exclude))).all()
    return [(r.run_id, r.fill_rates or {}) for r in rows if r.run_id not in exclude][:limit]


def resumed_chain(index: Any, run_id: int) -> frozenset[int]:
    """``run_id`` and the unfinished runs it continues (following ``resumed_from``): parts of one
    crawl, whose samples are not compared with each other."""
    ids: set[int] = set()
    current: int | None = run_id
    with index.session() as s:
        while current is not None and current not in ids:
            row = s.execute(select(RunReport.status, RunReport.resumed_from)
                            .where(RunReport.run_id == current)).first()
            if row is None or row.status == FINISHED:
                break
            ids.add(current)
            current = row.resumed_from
    return frozenset(ids)


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists (owned by anyone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _as_dict(report: RunReport | None, run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {"run": run.id, "job": None, "status": run.status, "started_at": run.started_at,
                           "finished_at": run.finished_at, "start_urls": run.start_urls}
    if report is None:  # a run from before reports existed: what the runs table has
        counts = run.counts or {}
        out |= {"pages": counts.get("pages", 0), "articles_new": counts.get("new", 0),
                "articles_changed": counts.get("updated", 0),
                "articles_unchanged": counts.get("unchanged", 0), "errors": counts.get("errors", 0)}
        return out
    for column in RunReport.__table__.columns:
        if column.name not in ("run_id", "job_key"):
            out[column.name] = getattr(report, column.name)
    out["status"] = report.status
    if (report.status == RUNNING and report.pid is not None and report.host == socket.gethostname()
            and not pid_alive(report.pid)):
        out["status"] = KILLED  # its process is gone; the next run of the job records it so
    return out


def list_reports(index: Any, job: str | None = None, limit: int | None = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first, each as a dict (report columns, or the run's counts)."""
    with index.session() as s:
        query = (select(Run, RunReport).outerjoin(RunReport, RunReport.run_id == Run.id)
                 .order_by(Run.id.desc()))
        if job is not None:
            query = query.where(RunReport.job == job)
        if limit:
            query = query.limit(limit)
        return [_as_dict(report, run) for run, report in s.execute(query).all()]


def get_report(index: Any, run_id: int) -> dict[str, Any]:
    with index.session() as s:
        row = s.execute(select(Run, RunReport).outerjoin(RunReport, RunReport.run_id == Run.id)
                        .where(Run.id == run_id)).first()
    if row is None:
        raise NotFound(f"no run {run_id} in this archive (see archiver runs)")
    return _as_dict(row[1], row[0])


def resume_point(index: Any, job_key: str) -> dict[str, Any] | None:
    """What ``--resume`` continues: the job's latest run when it did not finish (interrupted,
    killed, or still marked running after its process died), with ``since``, the start of the
    first run of that unfinished chain. None when the latest run finished."""
    with index.session() as s:
        rows = s.execute(select(RunReport.run_id, RunReport.status, RunReport.started_at,
                                RunReport.resumed_from)
                         .where(RunReport.job_key == job_key).order_by(RunReport.run_id.desc())
                         .limit(1000)).all()
    if not rows or rows[0].status == FINISHED:
        return None
    by_id = {r.run_id: r for r in rows}
    latest = first = rows[0]
    while first.resumed_from in by_id and by_id[first.resumed_from].status != FINISHED:
        first = by_id[first.resumed_from]
    return {"run_id": latest.run_id, "status": latest.status, "since": first.started_at}


def pages_checked_by(index: Any, job_key: str) -> set[str]:
    """The URLs whose last check was made by a run of ``job_key`` (what a re-crawl of it asks)."""
    with index.session() as s:
        query = (select(PageState.url).join(RunReport, RunReport.run_id == PageState.run_id)
                 .where(RunReport.job_key == job_key))
        return set(s.scalars(query))
