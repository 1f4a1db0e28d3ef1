"""Inserts that other writers of the same database cannot break: ``INSERT … ON CONFLICT``.

SQLite and PostgreSQL both have it (SQLAlchemy builds it per dialect); elsewhere the plain
statements are used and the database must have one writer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def _dialect_module(name: str) -> Any:
    """The SQLAlchemy dialect module with ``ON CONFLICT`` inserts for ``name`` (None: no such
    statement there). Imported when first needed: PostgreSQL's costs ~20 ms of every SQLite run."""
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql
    if name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite
    return None


def insert_ignoring(session: Session, table: Table) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` on any unique key where the database has it (a row another
    writer added meanwhile is left as it is); a plain INSERT elsewhere."""
    module = _dialect_module(dialect_of(session))
    return module.insert(table).on_conflict_do_nothing() if module is not None else insert(table)


def upsert_statement(session: Session, table: Table, keys: list[str], columns: list[str]) -> Any | None:
    """``INSERT … ON CONFLICT (keys) DO UPDATE SET columns`` for executemany, or None where the
    database has no such statement."""
    module = _dialect_module(dialect_of(session))
    if module is None:
        return None
    stmt = module.insert(table)
    return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in columns})
