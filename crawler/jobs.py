"""Named crawl jobs declared in a TOML file (``archiver.toml``), mapped onto :class:`CrawlOptions`.

::

    [defaults]                 # optional: keys every job inherits
    data = "archive"

    [jobs.news]
    start_urls = ["https://news.example.com/"]
    follow = "related"
    max_pages = 5000
    fill_drop = 0.2            # alert when a field's fill rate falls by this much

    [jobs.news.politeness]     # any Scrapy setting, lower or upper case
    download_delay = 1.0
    concurrent_requests_per_domain = 2

A job key is any field of :class:`crawler.options.CrawlOptions` (so options added to the crawl are
accepted here as soon as they exist), under its own name or the command-line spelling (``data``,
``db``, ``max-pages``). Relative paths are taken from the config file's folder. Every mistake raises
:class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .kernel.errors import ArchiverError, ConfigError
from .options import CrawlOptions

CONFIG_NAME = "archiver.toml"
TOP_LEVEL_KEYS = ("defaults", "jobs")
#: Job keys that are not CrawlOptions fields.
SETTINGS_TABLES = ("politeness", "settings")
EXTRA_KEYS = ("fill_drop", "log_file", "description")
#: Other spellings of CrawlOptions fields (command-line names, singulars).
ALIASES = {"data": "data_dir", "db": "db_url", "database": "db_url", "urls": "start_urls",
           "start_url": "start_urls", "allow_domain": "allow_domains", "scope": "allow_domains",
           "sitemap": "sitemaps", "feed": "feeds"}
#: CrawlOptions fields a config file does not set (they belong to the terminal in use).
CLI_ONLY = ("progress", "log_level", "settings")
#: Fields that hold paths: relative values are taken from the config file's folder.
PATH_FIELDS = ("data_dir", "profile")
#: Text fields that may be written as a bare number.
NUMBER_AS_TEXT = ("recheck_after",)
JOB_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SETTING_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass
class Job:
    """One ``[jobs.NAME]`` table, validated: CrawlOptions values, Scrapy settings and the rest."""

    name: str
    source: Path
    options: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    fill_drop: float | None = None
    log_file: Path | None = None
    description: str | None = None

    def crawl_options(self, base: CrawlOptions | None = None, explicit: frozenset[str] = frozenset(),
                      extra_urls: list[str] | None = None) -> CrawlOptions:
        """The job's options on top of ``base`` (the command line's); fields named in ``explicit``
        were given on the command line and win over the file. Settings merge, the command line's last."""
        opts = dataclasses.replace(base) if base is not None else CrawlOptions(start_urls=[])
        for name, value in self.options.items():
            if name not in explicit:
                setattr(opts, name, list(value) if isinstance(value, list) else value)
        opts.start_urls = list(dict.fromkeys([*self.options.get("start_urls", []), *(extra_urls or [])]))
        opts.settings = {**self.settings, **(base.settings if base is not None else {})}
        opts.settings["ARCHIVE_JOB"] = self.name
        if self.fill_drop is not None and "ARCHIVE_FILL_DROP" not in opts.settings:
            opts.settings["ARCHIVE_FILL_DROP"] = self.fill_drop
        return opts


@dataclass
class Config:
    path: Path
    jobs: dict[str, Job]

    def job(self, name: str) -> Job:
        if name not in self.jobs:
            known = ", ".join(sorted(self.jobs)) or "none"
            raise ConfigError(f"{self.path}: no job named {name!r} (jobs: {known})")
        return self.jobs[name]


def default_config_path() -> Path:
    return Path.cwd() / CONFIG_NAME


def load_config(path: Path | str | None = None) -> Config:
    """Read and validate a jobs file; raises :class:`ConfigError` on any problem."""
    path = Path(path) if path is not None else default_config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file (create it, or pass --config FILE)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} (expected [defaults] and [jobs.NAME] tables)")
    defaults = _table(raw.get("defaults", {}), path, "defaults")
    jobs_table = _table(raw.get("jobs", {}), path, "jobs")
    if not jobs_table:
        raise ConfigError(f"{path}: no jobs declared (add a [jobs.NAME] table with start_urls)")
    jobs = {}
    for name, body in jobs_table.items():
        if not JOB_NAME.match(name):
            raise ConfigError(f"{path}: jobs.{name}: a job name is letters, digits, '_', '-' or '.'")
        merged = {**defaults, **_table(body, path, f"jobs.{name}")}
        for table in SETTINGS_TABLES:  # settings tables merge key by key with the defaults'
            if table in defaults and table in body:
                merged[table] = {**_table(defaults[table], path, f"defaults.{table}"),
                                 **_table(body[table], path, f"jobs.{name}.{table}")}
        jobs[name] = parse_job(name, merged, path)
    return Config(path, jobs)


def _table(value: Any, path: Path, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key}: expected a table, got {_kind(value)}")
    return value


def parse_job(name: str, body: dict[str, Any], path: Path) -> Job:
    job = Job(name=name, source=path)
    hints = typing.get_type_hints(CrawlOptions)
    fields = {f.name for f in dataclasses.fields(CrawlOptions)} - set(CLI_ONLY)
    for raw_key, value in body.items():
        key = raw_key.replace("-", "_")
        where = f"{path}: jobs.{name}.{raw_key}"
        if key in SETTINGS_TABLES:
            job.settings.update(parse_settings(_table(value, path, f"jobs.{name}.{raw_key}"), where))
        elif key == "fill_drop":
            job.fill_drop = _number(value, where, 0.0, 1.0)
        elif key == "log_file":
            job.log_file = _resolve(Path(_expect(value, str, where)), path)
        elif key == "description":
            job.description = _expect(value, str, where)
        else:
            target = ALIASES.get(key, key)
            if target not in fields:
                raise ConfigError(f"{where}: unknown key (known: {', '.join(_known_keys(fields))})")
            if target in job.options:
                raise ConfigError(f"{where}: {target} is given twice")
            if target in NUMBER_AS_TEXT and isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)  # recheck_after = 3600 means "3600" (seconds)
            coerced = coerce(value, hints[target], where)
            if target in PATH_FIELDS and isinstance(coerced, str | Path):
                coerced = _resolve(Path(coerced), path)
            check = FIELD_CHECKS.get(target)
            if check is not None:
                coerced = _checked(check, coerced, where)
            job.options[target] = coerced
    if not any(job.options.get(k) for k in ("start_urls", "sitemaps", "feeds")):
        raise ConfigError(f"{path}: jobs.{name}: no start_urls (give start_urls, sitemaps or feeds)")
    return job


def _known_keys(fields: set[str]) -> list[str]:
    shown = {ALIASES.get(k, k) for k in fields} - {"data_dir", "db_url"} | {"data", "db"}
    return sorted(shown | set(SETTINGS_TABLES) | set(EXTRA_KEYS))


def _resolve(value: Path, config_path: Path) -> Path:
    value = value.expanduser()
    return value if value.is_absolute() else (config_path.resolve().parent / value)


# --- values ------------------------------------------------------------------------------------

def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
             dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _expect(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ConfigError(f"{where}: expected {_kind(kind())}, got {_kind(value)} {value!r}")
    return value


def _number(value: Any, where: str, low: float, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: expected a number, got {_kind(value)} {value!r}")
    if value < low or (high is not None and value > high):
        span = f"between {low:g} and {high:g}" if high is not None else f"{low:g} or more"
        raise ConfigError(f"{where}: expected a number {span}, got {value!r}")
    return float(value)


def coerce(value: Any, hint: Any, where: str) -> Any:
    """Check ``value`` against a type hint of CrawlOptions (str, int, float, bool, Path, lists,
    dicts and ``X | None``); a single string stands for a one-element list."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        errors = []
        for option in options:
            try:
                return coerce(value, option, where)
            except ConfigError as exc:
                errors.append(exc)
        raise errors[0]
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        values = [value] if isinstance(value, str) else _expect(value, list, where)
        return [coerce(v, item, f"{where}[{i}]") for i, v in enumerate(values)]
    if origin is dict or hint is dict:
        return dict(_expect(value, dict, where))
    if hint is Path:
        return Path(_expect(value, str, where))
    if hint is float:
        return _number(value, where, float("-inf"))
    if hint in (str, int, bool):
        return _expect(value, hint, where)
    return value  # Any, or a type this loader does not know: the option's own checks apply


def parse_settings(table: dict[str, Any], where: str) -> dict[str, Any]:
    """A politeness/settings table: Scrapy (or ``ARCHIVE_*``) setting names in any case, each value
    of the same kind as the setting's default."""
    known = known_settings()
    out: dict[str, Any] = {}
    for raw_name, value in table.items():
        name = raw_name.upper().replace("-", "_")
        here = f"{where}.{raw_name}"
        if not SETTING_NAME.match(name) or (name not in known and not name.startswith("ARCHIVE_")):
            raise ConfigError(f"{here}: unknown Scrapy setting {name}")
        default = known.get(name)
        if isinstance(default, bool):
            _expect(value, bool, here)
        elif isinstance(default, int | float) and not isinstance(default, bool):
            value = _number(value, here, 0.0)
            value = int(value) if isinstance(default, int) and value.is_integer() else value
        elif isinstance(default, str) and not isinstance(value, int | float):  # "auto" or a number
            _expect(value, str, here)
        out[name] = value
    return out


def known_settings() -> dict[str, Any]:
    from scrapy.settings import default_settings

    from . import settings as project

    names = {n: getattr(default_settings, n) for n in dir(default_settings) if n.isupper()}
    names.update({n: getattr(project, n) for n in dir(project) if n.isupper()})
    return names


# --- field checks ------------------------------------------------------------------------------

def _check_urls(urls: list[str]) -> list[str]:
    from .kernel.urls import validate_start_url

    return [validate_start_url(u) for u in urls]


def _check_follow(value: str) -> str:
    from .options import FOLLOW_MODES

    if value not in FOLLOW_MODES:
        raise ConfigError(f"expected one of {', '.join(FOLLOW_MODES)}, got {value!r}")
    return value


def _check_count(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise ConfigError(f"expected 0 or more, got {value}")
    return value


def _check_resolve(rules: list[str]) -> list[str]:
    from .resolver import parse_resolve_rules

    parse_resolve_rules(rules)
    return rules


def _check_refresh(value: Any) -> Any:
    from .recrawl import check_refresh

    check_refresh(value, "refresh")
    return value


def _check_duration(value: Any) -> Any:
    from .recrawl import parse_duration

    parse_duration(value, "recheck_after")
    return value


FIELD_CHECKS: dict[str, Callable[[Any], Any]] = {
    "start_urls": _check_urls, "sitemaps": _check_urls, "feeds": _check_urls, "follow": _check_follow,
    "max_pages": _check_count, "max_depth": _check_count, "resolve": _check_resolve,
    "refresh": _check_refresh, "recheck_after": _check_duration,
}


def _checked(check: Callable[[Any], Any], value: Any, where: str) -> Any:
    try:
        return check(value)
    except ArchiverError as exc:
        reason = str(exc)
        for prefix in ("refresh: ", "recheck_after: "):
            reason = reason.removeprefix(prefix)
        raise ConfigError(f"{where}: {reason}") from None
