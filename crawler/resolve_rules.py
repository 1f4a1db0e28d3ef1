"""``--resolve HOST_PATTERN:ADDRESS`` rules (like curl's): parsing and matching, without Scrapy.

``*.news.test:127.0.0.1`` sends every host under ``news.test`` (and ``news.test`` itself) to
127.0.0.1; other names resolve as usual. The crawl's resolver (:mod:`crawler.resolver`) and
``archiver extract`` share these rules.
"""

from __future__ import annotations

import fnmatch
import ipaddress

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


def match_rule(rules: list[tuple[str, str]], name: str) -> str | None:
    """The address the first matching rule gives ``name``, or None."""
    name = name.lower().rstrip(".")
    for pattern, address in rules:
        if fnmatch.fnmatch(name, pattern) or (pattern.startswith("*.") and name == pattern[2:]):
            return address
    return None
