"""The baseline of ``bench.crawl_speed``: a bare Scrapy spider that only follows the same related
links the archiver follows (plus the start page's links), extracting and storing nothing."""

from __future__ import annotations

import sys

import scrapy
from scrapy.crawler import CrawlerProcess

RELATED_LINKS = ("//*[re:test(normalize-space(text()), '^(also read|related posts?|you may also like)',"
                 " 'i')]/following::*[self::ul or self::ol][1]//a/@href")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start: str, **kwargs):  # noqa: ANN003
        super().__init__(**kwargs)
        self.start_urls = [start]

    def parse(self, response):  # noqa: ANN001,ANN201
        hrefs = response.xpath(RELATED_LINKS).getall()
        if response.meta.get("depth", 0) == 0:
            hrefs += response.xpath("//a/@href").getall()
        for href in hrefs:
            yield response.follow(href.split("#")[0], callback=self.parse)


def main() -> None:
    start, resolve = sys.argv[1], sys.argv[2:]
    from crawler.runner import FAST_SETTINGS

    settings = {**FAST_SETTINGS, "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True,
                "DNS_RESOLVER": "crawler.resolver.PatternResolver", "ARCHIVE_RESOLVE": resolve,
                "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start=start)
    process.start()
    elapsed = crawler.stats.get_value("elapsed_time_seconds", 0.0)
    pages = crawler.stats.get_value("response_received_count", 0)
    print(f"{pages} {elapsed:.3f}")


if __name__ == "__main__":
    main()
