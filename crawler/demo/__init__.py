"""The built-in demo site network and a loopback server for multi-host site networks.

    from crawler.demo import build_network, SiteServer
    with SiteServer(build_network()) as server:
        server.start_url, server.resolve_rule   # crawl from here; resolve *.demo-news.test locally
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .network import DOMAIN, PORT, ArticleTruth, Network, Page, build_network

if TYPE_CHECKING:
    from ..runner import CrawlResult
    from .server import RequestLog, SiteServer

__all__ = ["DOMAIN", "PORT", "ArticleTruth", "Network", "Page", "RequestLog", "SiteServer", "build_network",
           "demo_server", "run_demo"]


def __getattr__(name: str) -> object:
    # The server module is imported on first use, so ``python -m crawler.demo.server`` runs it cleanly.
    if name in ("SiteServer", "RequestLog"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def demo_server(seed: int = 7, sites: int = 3, articles: int = 60, port: int = 0) -> SiteServer:
    """Build the demo network and serve it on 127.0.0.1; the caller stops the returned server."""
    from .server import SiteServer

    return SiteServer(build_network(seed, sites, articles), port=port).start()


def run_demo(data_dir: Path | str, db_url: str | None = None, *, progress: bool = False,
             log_level: str = "ERROR", seed: int = 7, sites: int = 3, articles: int = 60) -> CrawlResult:
    """Serve the demo network, crawl it from its first home page into ``data_dir`` and return the
    crawl's result. Nothing leaves the machine: the sites' names resolve to 127.0.0.1."""
    from ..runner import CrawlOptions, run_crawl

    server = demo_server(seed, sites, articles)
    try:
        print(f"serving {len(server.hosts)} demo sites on 127.0.0.1:{server.port}; "
              f"crawling {server.start_url}", flush=True)
        opts = CrawlOptions(start_urls=[server.start_url], data_dir=Path(data_dir), db_url=db_url,
                            resolve=[server.resolve_rule], fast=True, progress=progress, log_level=log_level)
        result = run_crawl(opts)
    finally:
        server.stop()
    total = len(server.network.articles) if server.network else 0
    print(f"archived {result.count('articles')} of {total} demo articles into {result.data_dir}", flush=True)
    return result
