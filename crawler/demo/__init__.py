"""The built-in demo site network and a loopback server for multi-host site networks.

    from crawler.demo import build_network, SiteServer
    with SiteServer(build_network()) as server:
        server.start_url, server.resolve_rule   # crawl from here; resolve *.demo-news.test locally
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .network import DOMAIN, PORT, ArticleTruth, Network, Page, build_network

#: The loopback port ``archiver demo`` serves its sites on unless told otherwise.
DEMO_PORT = 18765
#: Of the demo's articles, how many are republished copies of others and how many are different
#: stories titled like another one (see :func:`crawler.demo.network.build_network`).
DEMO_COPIES, DEMO_LOOKALIKES = 6, 3

if TYPE_CHECKING:
    from ..runner import CrawlResult
    from .server import RequestLog, SiteServer

__all__ = ["DEMO_COPIES", "DEMO_LOOKALIKES", "DEMO_PORT",
           "DOMAIN", "PORT", "ArticleTruth", "Network", "Page", "RequestLog", "SiteServer",
           "build_network", "demo_server", "run_demo"]


def __getattr__(name: str) -> object:
    # The server module is imported on first use, so ``python -m crawler.demo.server`` runs it cleanly.
    if name in ("SiteServer", "RequestLog"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def demo_server(seed: int = 7, sites: int = 3, articles: int = 60, port: int = 0,
                copies: int = DEMO_COPIES, lookalikes: int = DEMO_LOOKALIKES) -> SiteServer:
    """Build the demo network (with republished copies) and serve it on 127.0.0.1; the caller
    stops the returned server."""
    from .server import SiteServer

    network = build_network(seed, sites, articles, copies=min(copies, articles // 10),
                            lookalikes=min(lookalikes, articles // 20))
    return SiteServer(network, port=port).start()


def run_demo(data_dir: Path | str, db_url: str | None = None, *, progress: bool = False,
             log_level: str = "ERROR", seed: int = 7, sites: int = 3, articles: int = 60,
             port: int = DEMO_PORT) -> CrawlResult:
    """Serve the demo network, crawl it from its first home page into ``data_dir`` and return the
    crawl's result. Nothing leaves the machine: the sites' names resolve to 127.0.0.1.

    The sites' URLs carry the port, so the demo is served on the same port every time: a second
    run into the same folder re-crawls the archived articles instead of archiving them again under
    new URLs. When that port is taken, a free one is used and a note says so."""
    from ..runner import CrawlOptions, run_crawl

    try:
        server = demo_server(seed, sites, articles, port)
    except OSError as exc:
        if port == 0:
            raise
        server = demo_server(seed, sites, articles, 0)
        print(f"note: port {port} is not available ({exc.strerror or exc}); serving on {server.port} "
              "instead, so the articles get new URLs (--port chooses another)", flush=True)
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
