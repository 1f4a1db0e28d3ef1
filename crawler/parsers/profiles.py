"""Site profiles: per host pattern, CSS or XPath selectors that override the heuristics.

A profile file is TOML with one table per site, keyed by a host pattern::

    [sites."blog.example.com"]             # exact host
    body = "div.post-content"              # CSS selector ...
    related = ["aside.more-posts ul", "//section[@id='read-next']"]   # ... or XPath
    remove = [".newsletter-box"]           # never part of the body
    title = "h1.entry-title"
    author = ".byline a[rel=author]"
    date = "time.published @datetime"      # " @attr": the attribute, not the text

    [sites."*.example.org"]                # any subdomain, and example.org itself
    tags = "//ul[@class='tags']//a"

A selector is XPath when it starts with ``/``, ``./``, ``(`` or a function call (``string(…)``),
CSS otherwise; ``xpath:`` or ``css:`` in front says which outright. ``body``,
``related`` and ``remove`` take every element their selectors match; a field takes the first
selector (of a list) that yields a value, and list fields (``author``, ``tags``, ``categories``,
``keywords``) every value it yields. The first table whose pattern matches a page's host applies;
what a profile does not name stays with the heuristics. Every mistake in a file (bad TOML, unknown
key, wrong type, a selector that does not compile) raises one :class:`~crawler.kernel.errors.ConfigError`
naming the file and the line.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector

from ..kernel.errors import ConfigError
from ..kernel.version import __version__

TOP_TABLE = "sites"
ELEMENT_KEYS = ("body", "related", "remove")
#: Fields a profile may set, and the Metadata attribute each one fills.
FIELD_KEYS = {"title": "title", "author": "authors", "authors": "authors", "date": "date",
              "published": "date", "updated": "updated", "modified": "updated", "tags": "tags",
              "categories": "categories", "keywords": "keywords", "description": "description",
              "excerpt": "excerpt", "thumbnail": "thumbnail", "image": "thumbnail",
              "site_name": "site_name", "language": "language", "canonical_url": "canonical_url",
              "canonical": "canonical_url"}
KNOWN_KEYS = (*ELEMENT_KEYS, *FIELD_KEYS)
#: What makes a selector XPath rather than CSS: a path, a parenthesised expression or a function
#: call; "xpath:" or "css:" in front says so outright.
XPATH_LOOK = re.compile(r"\.?/|\(|[a-z][a-z-]*\s*\(")
FORCED_KIND = re.compile(r"^(xpath|css):", re.I)
ATTRIBUTE_SUFFIX = re.compile(r"^(?P<css>.*\S)\s+@(?P<attr>[A-Za-z_:][\w:.-]*)$", re.S)
HOST_PATTERN = re.compile(r"^[a-z0-9*?.\-\[\]]+$")
#: XPath 1.0's functions and node tests (what libxml2 evaluates without extensions).
XPATH_FUNCTIONS = frozenset("""
last position count id local-name namespace-uri name string concat starts-with contains
substring-before substring-after substring string-length normalize-space translate boolean not
true false lang number sum floor ceiling round node text comment processing-instruction
""".split())
_FUNCTION_CALL = re.compile(r"(?<![\w:.@$-])([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
_STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_PROBE = etree.fromstring("<html><head><title>t</title></head><body><p>p</p></body></html>")


@dataclass(frozen=True)
class Selector:
    """One compiled selector: what it selects, and the attribute to read (CSS ``sel @attr``)."""

    source: str
    find: Any = field(compare=False, repr=False)
    attribute: str | None = None

    def select(self, root: etree._Element) -> list[Any]:
        """Matching elements, or strings when the selector picks attributes or text (nothing when
        the expression fails on this page)."""
        try:
            found = self.find(root)
        except etree.XPathError:
            return []
        if not isinstance(found, list):
            found = [found]
        if self.attribute is not None:
            elements = [el for el in found if isinstance(el, etree._Element)]
            return [v for v in (el.get(self.attribute) for el in elements) if v]
        return found

    def elements(self, root: etree._Element) -> list[etree._Element]:
        return [el for el in self.select(root) if isinstance(el, etree._Element)]

    def texts(self, root: etree._Element) -> list[str]:
        """What the selector yields as whitespace-normalised text, empty values left out."""
        out = []
        for item in self.select(root):
            text = item.text_content() if isinstance(item, etree._Element) else str(item)
            text = " ".join(text.split())
            if text:
                out.append(text)
        return out


@dataclass(frozen=True)
class SiteProfile:
    """The selectors of one ``[sites."PATTERN"]`` table."""

    pattern: str
    body: tuple[Selector, ...] = ()
    related: tuple[Selector, ...] = ()
    remove: tuple[Selector, ...] = ()
    fields: dict[str, tuple[Selector, ...]] = field(default_factory=dict)

    def matches(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        if fnmatch.fnmatchcase(host, self.pattern):
            return True
        return self.pattern.startswith("*.") and host == self.pattern[2:]


@dataclass(frozen=True)
class Profiles:
    """Every site profile of one file, in file order. Pickles as its source text, so worker
    processes compile it once (the selectors themselves do not pickle)."""

    source: str
    text: str
    sites: tuple[SiteProfile, ...]

    def for_url(self, url: str) -> SiteProfile | None:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return None
        return next((site for site in self.sites if site.matches(host)), None)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return loads_profiles, (self.text, self.source)


def parser_version(profile_path: str | Path | None = None) -> str:
    """What a page is parsed with, as revisions record it: the archiver's version, and with site
    profiles the first 12 hex digits of the profile file's SHA-256 (``0.1.0+profile.3f2a…``)."""
    if not profile_path:
        return __version__
    try:
        digest = hashlib.sha256(Path(profile_path).read_bytes()).hexdigest()[:12]
    except OSError:
        return f"{__version__}+profile"
    return f"{__version__}+profile.{digest}"


def load_profiles(path: str | Path) -> Profiles:
    """Read and compile a profile file; raises :class:`ConfigError` on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"profile {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"profile {path}: cannot read it ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    return loads_profiles(text, str(path))


@lru_cache(maxsize=16)
def loads_profiles(text: str, source: str = "<profile>") -> Profiles:
    """Compile a profile file's text (memoised: a worker unpickles the same profile per page)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"profile {source}: not valid TOML: {exc}") from None
    where = _Locator(source, text)
    for key in raw:
        if key != TOP_TABLE:
            raise where.error([key], f"unknown key {key!r}: a profile file holds [{TOP_TABLE}.\"HOST\"] "
                                     "tables, e.g. [sites.\"blog.example.com\"]")
    tables = raw.get(TOP_TABLE, {})
    if not isinstance(tables, dict) or not tables:
        raise where.error([TOP_TABLE], f"no site profiles: add a [{TOP_TABLE}.\"HOST_PATTERN\"] table")
    sites = tuple(_site(pattern, table, where) for pattern, table in tables.items())
    return Profiles(source, text, sites)


def _site(pattern: str, table: Any, where: _Locator) -> SiteProfile:
    path = [TOP_TABLE, pattern]
    if not isinstance(table, dict):
        raise where.error(path, f"[{TOP_TABLE}.{pattern!r}] must be a table of selectors")
    if not HOST_PATTERN.match(pattern.lower()):
        raise where.error(path, f"{pattern!r} is not a host pattern (e.g. \"blog.example.com\" or "
                                "\"*.example.com\")")
    compiled: dict[str, tuple[Selector, ...]] = {}
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            raise where.error([*path, key], f"unknown key {key!r} in [{TOP_TABLE}.\"{pattern}\"] "
                                            f"(known keys: {', '.join(KNOWN_KEYS)})")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise where.error([*path, key], f"{key} must be a selector string or a list of them")
        compiled[key] = tuple(_compile(v, key, [*path, key], where) for v in values)
    fields: dict[str, tuple[Selector, ...]] = {}
    for key, selectors in compiled.items():
        if key in FIELD_KEYS:
            fields[FIELD_KEYS[key]] = fields.get(FIELD_KEYS[key], ()) + selectors
    return SiteProfile(pattern.lower(), body=compiled.get("body", ()), related=compiled.get("related", ()),
                       remove=compiled.get("remove", ()), fields=fields)


def _compile(source: str, key: str, path: list[str], where: _Locator) -> Selector:
    text = source.strip()
    if not text:
        raise where.error(path, f"empty selector for {key}", value=source)
    forced = FORCED_KIND.match(text)
    if forced:
        text = text[forced.end():].strip()
    if forced and forced.group(1).lower() == "xpath" or not forced and XPATH_LOOK.match(text):
        kind, attribute = "XPath", None
        calls = _FUNCTION_CALL.findall(_STRING_LITERAL.sub("''", text))
        unknown = [f for f in calls if f not in XPATH_FUNCTIONS]
        if unknown:
            raise where.error(path, f"bad XPath for {key} {text!r}: unknown function {unknown[0]}()",
                              value=source)
        try:
            find = etree.XPath(text, smart_strings=False)
            find(_PROBE)  # unknown namespace prefixes only show when evaluated
        except etree.XPathError as exc:
            raise where.error(path, f"bad XPath for {key} {text!r}: {exc}", value=source) from None
    else:
        kind = "CSS"
        match = ATTRIBUTE_SUFFIX.match(text)
        css, attribute = (match.group("css"), match.group("attr")) if match else (text, None)
        try:
            find = CSSSelector(css, translator="html")
            find(_PROBE)
        except Exception as exc:  # cssselect raises SelectorError / ExpressionError subclasses
            raise where.error(path, f"bad {kind} selector for {key} {text!r}: {exc}", value=source) from None
    return Selector(text, find, attribute)


class _Locator:
    """Line numbers for error messages (``tomllib`` keeps none): the line that sets a key inside
    its table, else a line holding the offending value, else the table's header."""

    HEADER = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
    ASSIGN = re.compile(r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\""
                        r"|'[^']*'))*)\s*=")

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = text.splitlines()

    def error(self, path: list[str], problem: str, value: str | None = None) -> ConfigError:
        line = self.line_of(path, value)
        where = f", line {line}" if line else ""
        return ConfigError(f"profile {self.source}{where}: {problem}")

    def line_of(self, path: list[str], value: str | None = None) -> int | None:
        table: list[str] = []
        header_line = None
        for number, line in enumerate(self.lines, 1):
            header = self.HEADER.match(line)
            if header and "=" not in line.split("]")[0]:
                table = _key_path(header.group(1))
                if table == path:
                    header_line = number
                continue
            assign = self.ASSIGN.match(line)
            if assign and [*table, *_key_path(assign.group(1))] == path:
                return number
        if value is not None:
            for number, line in enumerate(self.lines, 1):
                if value in line:
                    return number
        return header_line


def _key_path(dotted: str) -> list[str]:
    """``sites."a.b".body`` -> ["sites", "a.b", "body"] (via tomllib, which knows the quoting)."""
    try:
        node: Any = tomllib.loads(f"{dotted} = 0")
    except tomllib.TOMLDecodeError:
        return []
    keys = []
    while isinstance(node, dict) and len(node) == 1:
        key, node = next(iter(node.items()))
        keys.append(key)
    return keys
