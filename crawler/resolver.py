"""A DNS resolver for Scrapy that maps host-name patterns to fixed addresses (curl's ``--resolve``).

Lets a crawl reach a site network on a staging server or a local copy under the network's real
host names: ``ARCHIVE_RESOLVE = ["*.news.test:127.0.0.1"]``. Other names resolve as usual.
"""

from __future__ import annotations

from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer

from .resolve_rules import match_rule, parse_resolve_rules


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
        return match_rule(self.rules, name)

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred:  # noqa: N802 - Twisted API
        address = self.match(name)
        if address is not None:
            return defer.succeed(address)
        return super().getHostByName(name, timeout)


__all__ = ["PatternResolver", "match_rule", "parse_resolve_rules"]
