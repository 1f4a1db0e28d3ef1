"""Query and export speed on a large archive: 100,000 synthetic articles by default.

    python3 -m bench.query_speed [--n 100000] [--data DIR] [--queries 30] [--repeat 5]

1. Fills ``DIR/archive.db`` (a temporary folder unless ``--data`` is given; an archive already
   there with at least N articles is reused) with synthetic articles written through the
   project's own :class:`exporters.store.index.Index` (``upsert_articles`` in batches of 1,000: the
   crawl's write path, so every table, the FTS and trigram triggers and the revisions are filled
   exactly as a crawl fills them). Articles are deterministic: ~300 words each drawn from a
   50,000-word vocabulary with Zipf frequencies, 2-5 tags of 2,000 and 1-2 authors of 600 (also
   Zipf), 40 sites, six years of dates, four related links each, some accented and some CJK text.
2. Search and list latency, in-process through the Python API (``exporters.api``), over queries
   sampled from the text of random stored articles: one word, a two-word phrase, a four-letter
   prefix, a word with ``--tag``, and ``list --tag`` (20 rows with snippets, as the CLI prints).
   Each query's time is the median of ``--repeat`` runs; the median, 90th percentile and maximum
   over the sampled queries are printed. The 20 most frequent words are in nearly every article
   and are not sampled; searching them alone is timed apart ("informative").
3. A full ``markdown`` (folder) and ``jsonl`` export, each in a fresh child process that reports
   its articles/s and its peak resident memory (``VmHWM``, else ``ru_maxrss``).

Targets: search and list <= 50 ms median, export >= 2,000 articles/s, export peak memory <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.kernel.model import Article, Author, Metadata, RelatedLink, Section

SEED = 20240501
BATCH = 1000
SITES = [f"{name}.{domain}" for domain in ("news.example", "blog.example", "mag.example", "daily.example")
         for name in ("www", "tech", "life", "travel", "food", "science", "sport", "money", "culture",
                      "home")]
START = datetime(2019, 1, 1, tzinfo=UTC)
DAYS = 6 * 365
SYLLABLES = ("ka", "ri", "to", "men", "sa", "lo", "vi", "dor", "ne", "pra", "tu", "bel", "cha", "fin", "go",
             "mor", "zu", "el", "an", "ix", "qua", "ster", "ly", "on", "ré", "çe", "ü", "bra", "cu", "de",
             "fa", "gi", "ho", "ju", "ke", "lan", "mi", "no", "pe", "ros", "si", "tan", "um", "ve", "wa",
             "xi", "yo", "zen", "ar", "in")
#: Distinct words: a real archive of 100,000 articles has far more (Heaps' law), so this errs on
#: the side of too many matches per query. Frequencies follow Zipf's law (1 / rank).
VOCABULARY = 50_000
TAGS, AUTHORS, CATEGORIES = 2000, 600, 25
CJK = "人工智能正在改变医疗行业医生使用机器学习诊断疾病东京明日晴天週末雨予報"
TARGET_MS, TARGET_RATE, TARGET_MB = 50.0, 2000.0, 300.0
#: The most frequent words: in nearly every article, so never sampled as queries (timed apart).
STOP_WORDS = 20
PREFIX_LETTERS = 4


class Corpus:
    """Deterministic synthetic vocabulary and picks with Zipf-like frequencies."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        words: dict[str, None] = {}
        while len(words) < VOCABULARY:
            words["".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))] = None
        self.words = list(words)
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.words))]
        self.cum = list(_accumulate(self.weights))
        self.tags = [f"{self.words[i * 3 % VOCABULARY]} {self.words[(i * 7 + 1) % VOCABULARY]}"
                     for i in range(TAGS)]
        self.tag_cum = list(_accumulate([1.0 / (r + 1) for r in range(TAGS)]))
        self.authors = [f"{self.words[i].title()} {self.words[(i * 11 + 5) % VOCABULARY].title()}"
                        for i in range(AUTHORS)]
        self.categories = [self.words[100 + i].title() for i in range(CATEGORIES)]

    def word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.cum)[0]

    def sentence(self, n: int) -> str:
        text = " ".join(self.rng.choices(self.words, cum_weights=self.cum, k=n))
        return text[0].upper() + text[1:] + "."

    def tag(self) -> str:
        return self.rng.choices(self.tags, cum_weights=self.tag_cum)[0]


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def url_of(i: int) -> str:
    return f"https://{SITES[i % len(SITES)]}/{2019 + (i * 7) % 6}/story-{i}/"


def article(c: Corpus, i: int, n: int) -> Article:
    rng = c.rng
    title = " ".join(c.word() for _ in range(rng.randint(4, 9))).title()
    paragraphs = [" ".join(c.sentence(rng.randint(8, 22)) for _ in range(rng.randint(2, 5)))
                  for _ in range(rng.randint(4, 8))]
    if i % 50 == 0:
        start = rng.randrange(len(CJK) - 12)
        paragraphs.append(CJK[start:start + 12] + "。")
    sections = [Section(None, 0, "\n\n".join(paragraphs[:2]))]
    for k in range(2, len(paragraphs), 2):
        sections.append(Section(c.sentence(4).rstrip("."), 2, "\n\n".join(paragraphs[k:k + 2])))
    date = START + timedelta(days=rng.randrange(DAYS), seconds=rng.randrange(86400))
    return Article(
        url=url_of(i),
        metadata=Metadata(
            title=title, date=date, updated=date + timedelta(days=rng.randrange(30)) if i % 3 else None,
            authors=[Author(a) for a in
                     dict.fromkeys(rng.choice(c.authors) for _ in range(rng.randint(1, 2)))],
            tags=list(dict.fromkeys(c.tag() for _ in range(rng.randint(2, 5)))),
            categories=[rng.choice(c.categories)], description=c.sentence(14), excerpt=c.sentence(10),
            keywords=[c.word() for _ in range(3)], thumbnail=f"https://img.example/{i}.jpg",
            site_name=SITES[i % len(SITES)], language="en"),
        sections=sections,
        related=[RelatedLink(url_of(j), f"Story {j}") for j in
                 dict.fromkeys(rng.randrange(n) for _ in range(4)) if j != i],
    )


def fill(db: Path, n: int) -> float:
    """Write ``n`` synthetic articles through the Index; returns seconds taken."""
    from exporters.store.index import Index

    corpus = Corpus()
    started = time.perf_counter()
    with Index(f"sqlite:///{db}") as index:
        run = index.start_run([url_of(0)], {"bench": True})
        archived = START + timedelta(days=DAYS)
        for first in range(0, n, BATCH):
            batch = [(article(corpus, i, n), None, archived) for i in range(first, min(n, first + BATCH))]
            index.upsert_articles(batch, run_id=run)
            done = min(n, first + BATCH)
            print(f"\r  filled {done:,}/{n:,} ({done / (time.perf_counter() - started):,.0f}/s)", end="",
                  file=sys.stderr, flush=True)
        index.finish_run(run, "finished", {"new": n})
    print(file=sys.stderr)
    return time.perf_counter() - started


def timed_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs, after one untimed run."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def sample_queries(db: Path, count: int, seed: int = SEED) -> dict[str, list[str]]:
    """Query sets the way a reader would make them, from the text of random stored articles:
    words (not one of the STOP_WORDS most frequent ones, which are in nearly every article),
    phrases of two consecutive words (not both stop words), prefixes (a word's first four
    letters), and the tags of random articles."""
    import sqlite3

    corpus = Corpus()
    stop = set(corpus.words[:STOP_WORDS])
    rng = random.Random(seed)
    out: dict[str, list[str]] = {"word": [], "phrase": [], "prefix": [], "tag": []}
    with sqlite3.connect(db) as conn:
        n = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
        while min(len(v) for v in out.values()) < count:
            i = rng.randint(1, n)
            text = conn.execute("SELECT body_text FROM articles WHERE id = ?", (i,)).fetchone()
            tags = [t for (t,) in conn.execute("SELECT name FROM tags JOIN article_tags ON tag_id = tags.id "
                                               "WHERE article_id = ?", (i,))]
            if not text or not tags:
                continue
            words = [w.strip(".,").lower() for w in text[0].split() if w.strip(".,").isalpha()]
            k = rng.randrange(len(words) - 1)
            a, b = words[k], words[k + 1]
            if a not in stop:
                out["word"].append(a)
                if len(a) > PREFIX_LETTERS:
                    out["prefix"].append(a[:PREFIX_LETTERS] + "*")
            if not (a in stop and b in stop):
                out["phrase"].append(f'"{a} {b}"')
            out["tag"].append(rng.choice(tags))
    return {kind: values[:count] for kind, values in out.items()}


def queries(db: Path, count: int, repeat: int) -> list[tuple[str, list[float]]]:
    """Per query kind, the median time of each sampled query (20 hits, snippets, as the CLI)."""
    from exporters import api

    corpus = Corpus()
    sets = sample_queries(db, count)
    kinds: list[tuple[str, list[Callable[[Any], object]]]] = [
        ("search: one word", [lambda a, q=q: api.search(a, q) for q in sets["word"]]),
        ("search: phrase", [lambda a, q=q: api.search(a, q) for q in sets["phrase"]]),
        ("search: prefix", [lambda a, q=q: api.search(a, q) for q in sets["prefix"]]),
        ("search: word + --tag", [lambda a, q=q, t=t: api.search(a, q, filters=api.Filters(tag=t))
                                  for q, t in zip(sets["word"], sets["tag"], strict=True)]),
        ("list --tag", [lambda a, t=t: api.list_articles(a, tag=t) for t in sets["tag"]]),
        ("stop word (informative)", [lambda a, q=q: api.search(a, q) for q in corpus.words[:3]]),
        ("stop-word phrase (informative)",
         [lambda a, q=q: api.search(a, q) for q in (f'"{corpus.words[0]} {corpus.words[1]}"',)]),
    ]
    out = []
    with api.open_archive(db.parent) as archive:
        for name, calls in kinds:
            out.append((name, [timed_ms(lambda c=c: c(archive), repeat) for c in calls]))
    return out


CHILD = """
import json, resource, sys, time
from exporters.api import export_archive, open_archive


def peak_mb():
    # VmHWM: this process's own peak. ru_maxrss would also count the parent's peak before exec
    # (Linux keeps it across exec), and the parent mapped the whole archive for its queries.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


with open_archive(sys.argv[1]) as archive:
    t = time.perf_counter()
    r = export_archive(archive, sys.argv[2], sys.argv[3])
    seconds = time.perf_counter() - t
print(json.dumps({"count": r.count, "seconds": seconds, "peak_mb": peak_mb()}))
"""


def export(data: Path, fmt: str, target: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(data), fmt, str(target)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{fmt} export failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def count_articles(db: Path) -> int:
    import sqlite3

    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="synthetic articles (default 100,000)")
    ap.add_argument("--data", type=Path, help="archive folder to fill or reuse (default: a temporary one)")
    ap.add_argument("--queries", type=int, default=30, help="sampled queries per kind (default 30)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per query (its median is kept)")
    ap.add_argument("--skip-export", action="store_true", help="time the queries only")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="query-speed-") as tmp:
        data = a.data or Path(tmp) / "data"
        data.mkdir(parents=True, exist_ok=True)
        db = data / "archive.db"
        have = count_articles(db)
        if have >= a.n:
            print(f"reusing {db} ({have:,} articles)")
        else:
            if have:
                raise SystemExit(f"{db} holds {have:,} articles, fewer than --n: give an empty --data")
            seconds = fill(db, a.n)
            print(f"filled {a.n:,} articles through Index.upsert_articles in {seconds:.0f} s "
                  f"({a.n / seconds:,.0f}/s); {db.stat().st_size / 2**20:,.0f} MB")
        failures = []
        head = f"query ({a.queries} sampled)"
        print(f"\n{head:32} {'median ms':>10} {'p90 ms':>8} {'max ms':>8}")
        for name, times in queries(db, a.queries, a.repeat):
            ordered = sorted(times)
            p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
            median = statistics.median(ordered)
            print(f"{name:32} {median:10.1f} {p90:8.1f} {ordered[-1]:8.1f}")
            if median > TARGET_MS and "informative" not in name:
                failures.append(f"{name}: {median:.1f} ms > {TARGET_MS:.0f} ms")
        print(f"\n{'export':10} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'peak MB':>8}")
        for fmt, target in () if a.skip_export else (("markdown", Path(tmp) / "md"),
                                                     ("jsonl", Path(tmp) / "all.jsonl")):
            r = export(data, fmt, target)
            rate = r["count"] / r["seconds"]
            print(f"{fmt:10} {r['count']:9,} {r['seconds']:8.1f} {rate:11,.0f} {r['peak_mb']:8.0f}")
            if rate < TARGET_RATE:
                failures.append(f"{fmt} export: {rate:,.0f} articles/s < {TARGET_RATE:,.0f}")
            if r["peak_mb"] > TARGET_MB:
                failures.append(f"{fmt} export: peak {r['peak_mb']:.0f} MB > {TARGET_MB:.0f} MB")
        print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("all targets met" if not failures else "missed: " + "; ".join(failures))
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
