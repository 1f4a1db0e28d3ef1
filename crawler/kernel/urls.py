"""URL canonicalisation and crawl scope.

One article reached through several URL variants (tracking parameters, fragments, ``index.html``,
upper-case host, default port) must map to one canonical URL, so it is fetched and archived once.
"""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import UsageError

#: Query parameters that only track where a click came from; they never select content.
_TRACKING_KEYS = (
    r"utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|_ga|_gl|igshid|ref_src|spm|"
    r"share|shared|via|cmpid|ncid|ocid|sr_share|mkt_tok|relatedposts_\w+|_hsenc|_hsmi|oly_enc_id|"
    r"oly_anon_id|vero_id|wt_mc|at_medium|at_campaign")
TRACKING_PARAMS = re.compile(rf"^({_TRACKING_KEYS})$", re.I)
#: A parameter that tracks by its value: Medium's ``source=post_page---author_recirc--…`` on every
#: link between its posts (a ``source`` of other values may select content, and stays).
_TRACKING_SOURCE = "post_page-"
#: A tracking parameter somewhere in a URL's query (most queries have none: one search tells).
_TRACKING_IN_QUERY = re.compile(rf"[?&](?:(?:{_TRACKING_KEYS})(?:=|&|$)|source={_TRACKING_SOURCE})", re.I)
#: Trailing path segments that serve the directory they live in.
INDEX_PAGES = re.compile(r"/(index|default)\.(html?|php|aspx?)$", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _tracking(key: str, value: str) -> bool:
    """Whether a query parameter only tracks where a click came from."""
    if key.lower() == "source":
        return value.startswith(_TRACKING_SOURCE)
    return bool(TRACKING_PARAMS.match(key))


@lru_cache(maxsize=1)
def _suffix_list() -> Any:
    """The public-suffix list (its ICANN section) shipped inside publicsuffixlist, never fetched
    from the network; loaded on first use, so commands that never ask for a registrable domain do
    not read it."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True)


@lru_cache(maxsize=1 << 16)  # a crawl canonicalises each link several times
def canonicalize(url: str) -> str:
    """The canonical form of an http(s) URL: lower-case scheme and host, default port and
    fragment dropped, tracking parameters removed, remaining query sorted, ``index.html``
    folded into its directory, and an empty path written as ``/``."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    path = INDEX_PAGES.sub("/", parts.path or "/") or "/"
    path = re.sub(r"/{2,}", "/", path)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k, v))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


@lru_cache(maxsize=1 << 14)  # the same links recur on every page of a site
def without_tracking(url: str) -> str:
    """``url`` without its tracking parameters (the rest of it as it was)."""
    if not _TRACKING_IN_QUERY.search(url):
        return url
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _tracking(k, v)]
    return url if len(kept) == len(pairs) else urlunsplit(parts._replace(query=urlencode(kept)))


def validate_start_url(url: str) -> str:
    """Check a user-given start URL; return it canonicalised or raise :class:`UsageError`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {url!r} (expected e.g. https://example.com/)")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise UsageError(f"malformed port in URL {url!r}") from exc
    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", parts.hostname):
        raise UsageError(f"malformed host name in URL {url!r}")
    return canonicalize(url)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """``news.example.co.uk`` for ``a.b.news.example.co.uk``. Hosts under a suffix the public
    list does not know (``alpha.news.test``) keep their last two labels; IP addresses and
    single-label hosts are their own domain."""
    host = host.lower().rstrip(".")
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host) or "." not in host:
        return host
    found = _suffix_list().privatesuffix(host)
    return found if found else ".".join(host.split(".")[-2:])


#: The last label of a host that URL parsers read as an IPv4 address (decimal, octal or hex number).
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|\d+)$", re.I)


def is_ip_host(host: str) -> bool:
    """Whether ``host`` is a literal IP address in any form a browser or resolver takes for one:
    ``127.0.0.1``, ``[::1]``, ``2130706433``, ``0x7f.1``, ``127.1`` (a host whose last label is a
    number is an IPv4 address to the WHATWG URL standard)."""
    host = host.strip("[]").lower().rstrip(".")
    if ":" in host:
        return True
    return bool(host) and bool(_NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]))


def same_site(url: str, other: str) -> bool:
    """Whether ``other`` is on ``url``'s own site: the same host and port (scheme aside), or the
    ``www``/bare pair of the site's registrable domain (``www.example.com`` and ``example.com``)."""
    a, b = urlsplit(url), urlsplit(other)
    if a.scheme not in ("http", "https") or b.scheme not in ("http", "https"):
        return False
    try:
        ports = (a.port or DEFAULT_PORTS[a.scheme], b.port or DEFAULT_PORTS[b.scheme])
    except ValueError:
        return False
    host_a, host_b = (a.hostname or "").rstrip("."), (b.hostname or "").rstrip(".")
    if not host_a or not host_b:
        return False
    if ports[0] != ports[1] and not (a.port is None and b.port is None):
        return False
    if host_a == host_b:
        return True
    bare_a, bare_b = host_a.removeprefix("www."), host_b.removeprefix("www.")
    return bare_a == bare_b and not is_ip_host(bare_a) and registrable_domain(bare_a) == bare_a


class Scope:
    """Which hosts a crawl may visit: the registrable domains of its start URLs with all their
    subdomains, plus any domains the user allows explicitly (``example.org`` or ``*.example.org``).

    A literal IP address is in scope only when a start URL or an allowed domain names that very
    address: a redirect or a link to ``http://127.0.0.1/`` from a site never is."""

    def __init__(self, start_urls: list[str], allow_domains: list[str] | tuple[str, ...] = ()) -> None:
        hosts = [(urlsplit(u).hostname or "").lower().rstrip(".") for u in start_urls]
        self.addresses = {h for h in hosts if h and is_ip_host(h)}
        self.domains = {registrable_domain(h) for h in hosts if h not in self.addresses}
        self.patterns: list[str] = []
        for d in allow_domains:
            d = d.strip().lower()
            if not d:
                continue
            if "*" in d or "?" in d:
                self.patterns.append(d)
            elif is_ip_host(d):
                self.addresses.add(d.strip("[]"))
            else:
                self.domains.add(d.lstrip("."))
        self.domains.discard("")

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower().rstrip(".")
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not host:
            return False
        if is_ip_host(host):
            return host in self.addresses
        if any(host == d or host.endswith("." + d) for d in self.domains):
            return True
        return any(fnmatch.fnmatch(host, p) for p in self.patterns)

    def describe(self) -> str:
        return ", ".join(sorted(f"*.{d}" for d in self.domains) + sorted(self.addresses) + self.patterns)
