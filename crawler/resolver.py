"""A DNS resolver that maps host-name patterns to fixed addresses (curl's ``--resolve``).

Lets a crawl reach a site network on a staging server or a local copy under the network's real
host names: ``ARCHIVE_RESOLVE = ["*.news.test:127.0.0.1"]``. Other names resolve as usual.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer

from .kernel.errors import UsageError


def parse_resolve_rules(rules: list[str] | tuple[str, ...] | str) -> list[tuple[str, str]]:
    """Parse ``HOST_PATTERN:ADDRESS`` rules (``*.example.test:127.0.0.1``); a curl-style
    ``HOST:PORT:ADDRESS`` is accepted too (the port is ignored)."""
    if isinstance(rules, str):
        rules = [r for r in rules.split(",") if r.strip()]
    parsed = []
    for rule in rules:
        rule = rule.strip()
        if rule.endswith("]") and ":[" in rule:  # an IPv6 address in brackets
            pattern, sep, address = rule.rpartition(":[")
        else:
            pattern, sep, address = rule.rpartition(":")
        if ":" in pattern and pattern.rsplit(":", 1)[1].isdigit():
            pattern = pattern.rsplit(":", 1)[0]
        try:
            ipaddress.ip_address(address.strip("[]"))
        except ValueError:
            raise UsageError(
                f"bad --resolve rule {rule!r}: expected HOST_PATTERN:ADDRESS, e.g. '*.example.test:127.0.0.1'"
            ) from None
        if not sep or not pattern:
            raise UsageError(f"bad --resolve rule {rule!r}: the host pattern is missing")
        parsed.append((pattern.lower(), address.strip("[]")))
    return parsed


class PatternResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, answering names that match a rule with the rule's address."""

    def __init__(self, reactor: Any, cache_size: int, timeout: float, rules: list[tuple[str, str]]) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.rules = rules

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PatternResolver:
        s = crawler.settings
        cache_size = s.getint("DNSCACHE_SIZE") if s.getbool("DNSCACHE_ENABLED") else 0
        rules = parse_resolve_rules(s.getlist("ARCHIVE_RESOLVE"))
        return cls(reactor, cache_size, s.getfloat("DNS_TIMEOUT"), rules)

    def match(self, name: str) -> str | None:
        name = name.lower().rstrip(".")
        for pattern, address in self.rules:
            if fnmatch.fnmatch(name, pattern) or (pattern.startswith("*.") and name == pattern[2:]):
                return address
        return None

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred:  # noqa: N802 - Twisted API
        address = self.match(name)
        if address is not None:
            return defer.succeed(address)
        return super().getHostByName(name, timeout)
