"""Parse time and memory against page size: the extractor's cost must grow linearly.

    python -m bench.parse_scaling [--repeat N] [--sizes 1,2,4,8] [--links 25000,50000,100000,200000]

Three families of generated pages, each at growing sizes: a long article (paragraphs with links,
headings, lists, tables, figures, a byline and a related list), a page of related-article lists
one after another ("Related posts" + a short list, the shape that used to cost the square of its
size), and an article holding one list of N links. Each page is parsed by ``parse_article`` in a
child process of its own: the time is the median of ``--repeat`` parses, in CPU seconds (what the
parse costs, whatever else the machine runs) and wall seconds; the memory is the growth of the
child's peak resident size during the first one.

Two tables: the parser alone (no size cap, no element budget: how its cost grows), then as the
crawl runs it (pages cut at 5 MB, ``ARCHIVE_PARSE_MAX_ELEMENTS`` = 100,000: what one page can
cost at most). "per MB" / "per 10k links" should stay flat down a column when the growth is linear.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time

URL = "https://news.example.org/2024/05/a-long-story/"
MB = 1_000_000
WORDS = ("harbour board channel dredge cost debate council ferry quay coffee bench water winter tourist "
         "soup card rota owner fisherman pilot awning market bridge tram").split()


def article_page(size: int, seed: int = 1) -> str:
    """An article of about ``size`` bytes."""
    rnd = random.Random(seed)
    head = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>A long story | Harbour News</title>"
            "<meta property='og:type' content='article'></head><body><nav><ul>"
            + "".join(f"<li><a href='/section/{i}/'>Section {i}</a></li>" for i in range(12))
            + "</ul></nav><article><h1>A long story</h1><p class='byline'>By Jane Doe · "
              "<time datetime='2024-05-02T08:00:00Z'>2 May 2024</time></p>")
    tail = ("</article><aside class='related'><h3>Related posts</h3><ul>"
            + "".join(f"<li><a href='/2024/04/story-{i}/'>Story {i}</a></li>" for i in range(5))
            + "</ul></aside><footer>© Harbour News</footer></body></html>")
    parts, total, i = [head], len(head) + len(tail), 0
    while total < size:
        i += 1
        if i % 12 == 0:
            block = f"<h2>Part {i}</h2>"
        elif i % 17 == 0:
            items = "".join(f"<li>{' '.join(rnd.choices(WORDS, k=8))}</li>" for _ in range(5))
            block = f"<ul>{items}</ul>"
        elif i % 29 == 0:
            block = ("<table><tr><th>day</th><th>boats</th></tr>"
                     + "".join(f"<tr><td>{d}</td><td>{rnd.randint(1, 40)}</td></tr>" for d in range(5))
                     + "</table>")
        elif i % 23 == 0:
            block = (f"<figure><img src='/img/{i}.jpg' alt='The quay'>"
                     f"<figcaption>Figure {i}</figcaption></figure>")
        else:
            words = rnd.choices(WORDS, k=60)
            words[10] = f"<a href='/2023/01/ref-{i}/'>{words[10]}</a>"
            words[40] = f"<em>{words[40]}</em>"
            block = "<p>" + " ".join(words) + ".</p>"
        parts.append(block)
        total += len(block)
    parts.append(tail)
    return "".join(parts)


def related_lists_page(size: int) -> str:
    """An article followed by related-article lists, one after another, up to ``size`` bytes."""
    head = ("<!DOCTYPE html><html><head><title>Lists</title></head><body><article><h1>Lists</h1><p>"
            + " ".join(WORDS * 12) + "</p></article>")
    blocks, total, i = [head], len(head), 0
    while total < size:
        block = (f"<h3>Related posts</h3><ul><li><a href='/2024/01/s{i}-a/'>Story {i} a</a></li>"
                 f"<li><a href='/2024/01/s{i}-b/'>Story {i} b</a></li></ul>")
        blocks.append(block)
        total += len(block)
        i += 1
    return "".join(blocks) + "</body></html>"


def links_page(links: int) -> str:
    """An article holding one list of ``links`` links."""
    return ("<!DOCTYPE html><html><head><title>Every link</title></head><body><article><h1>Every link</h1><p>"
            + " ".join(WORDS * 12) + "</p><ul>"
            + "".join(f"<li><a href='/p/{i}/'>Link {i}</a></li>" for i in range(links))
            + "</ul></article></body></html>")


def _rss_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def child(family: str, amount: int, repeat: int, limits: bool) -> None:
    """Parse one generated page ``repeat`` times; print time and memory as JSON."""
    from crawler.parsers import document, parse_article

    html = {"article": article_page, "related": related_lists_page, "links": links_page}[family](amount)
    data = html.encode("utf-8")
    del html
    if not limits:
        document.MAX_HTML_BYTES = 1 << 40
    budget = document.MAX_ELEMENTS if limits else 0
    parse_article("http://example.invalid/", "<p>warm up</p>")
    before = _rss_kb()
    times, cpu, warnings, links = [], [], [], 0
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        article = parse_article(URL, data, max_elements=budget)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        warnings, links = article.warnings, len(article.links)
        del article
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"bytes": len(data), "seconds": statistics.median(times), "cpu": statistics.median(cpu),
                      "memory_kb": peak - before, "links": links,
                      "cut": any("budget" in w or "truncated" in w for w in warnings)}))


def measure(family: str, amount: int, repeat: int, limits: bool) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.parse_scaling", "--child", family, str(amount),
                          "--repeat", str(repeat)] + ([] if limits else ["--no-limits"]),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(title: str, rows: list[tuple[str, dict]], unit: str, per: float) -> None:
    print(f"\n{title}")
    print(f"  {'page':<28}{'size':>9}{'CPU s':>8}{'wall s':>8}{'memory MB':>11}{'CPU s per ' + unit:>20}"
          f"{'MB per ' + unit:>18}")
    for label, r in rows:
        amount = r["links"] / per if unit.endswith("links") else r["bytes"] / per
        cut = " (cut)" if r["cut"] else ""
        memory = r["memory_kb"] / 1000
        print(f"  {label + cut:<28}{r['bytes'] / MB:>7.1f}MB{r['cpu']:>8.2f}{r['seconds']:>8.2f}"
              f"{memory:>11.0f}{r['cpu'] / amount:>20.3f}{memory / amount:>18.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,2,4,8", help="page sizes in MB")
    parser.add_argument("--links", default="25000,50000,100000,200000", help="links of the link-list pages")
    parser.add_argument("--child", nargs=2, metavar=("FAMILY", "AMOUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-limits", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.repeat, not args.no_limits)
        return
    sizes = [int(float(s) * MB) for s in args.sizes.split(",")]
    links = [int(n) for n in args.links.split(",")]
    for limits in (False, True):
        how = ("as the crawl runs it (5 MB cap, 100,000-element budget)" if limits
               else "the parser alone (no size cap, no element budget)")
        for family in ("article", "related"):
            rows = [(f"{family} {size / MB:g} MB", measure(family, size, args.repeat, limits))
                    for size in sizes]
            table(f"{family} pages, {how}", rows, "MB", MB)
        rows = [(f"{n:,} links", measure("links", n, args.repeat, limits)) for n in links]
        table(f"link lists, {how}", rows, "10k links", 10_000)


if __name__ == "__main__":
    main()
