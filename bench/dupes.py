"""Republished copies: grouping quality, placement cost against a large index, crawl speed.

    python -m bench.dupes --part quality --seeds 3       # pairwise precision / recall of the clusters
    python -m bench.dupes --part placement --n 100000    # median time to place one new article
    python -m bench.dupes --part crawl --rounds 4        # crawl speed, grouping on against off
    python -m bench.dupes --part crawl http://alpha.news.test:18080/ --resolve '*.news.test:127.0.0.1'

*quality*: for each seed, the demo generator makes a network (4 sites) where some articles are
republished on other hosts (prefixed titles, one to three sentences rewritten, sometimes a section
cut, a later date) and others are different stories titled like an earlier one and sharing a
boilerplate paragraph with it (look-alikes). It is served on loopback and crawled for real; the
archive's clusters are compared with the generator's truth pair by pair (two articles in one
cluster: a predicted pair; two articles of one story: a true pair). Target: both >= 0.98.

*placement*: an index of N articles (bodies of 300 words drawn from a 20,000-word vocabulary, each
with its site's 25-word boilerplate sentence) is built with the same signatures and LSH bands the
crawl stores; then new articles (half of them edited copies of stored ones, half new stories) are
placed one at a time, each in its own transaction, as a crawl's batch would: signature, the band
lookup, the exact check of the candidates, the cluster rows, the commit. Median and 90th percentile.

*crawl*: the same network crawled with ``ARCHIVE_DUPES`` on and off in alternating order, each
round's pair compared; the ratio of medians is the number to read (target: within 5%).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.crawl_speed import crawl_into, load  # noqa: E402


def network(seed: int, articles: int, copies: int, lookalikes: int):  # noqa: ANN201 - a Network
    from crawler.demo import build_network

    return build_network(seed=seed, sites=4, articles=articles, copies=copies, lookalikes=lookalikes)


def true_groups(net, port: int) -> dict[str, str]:  # noqa: ANN001
    """Article URL -> the URL of its story's first publication."""
    arts = [a.at_port(port) for a in net.articles]
    return {a.url: a.copy_of or a.url for a in arts}


def pairs(groups: dict[str, object]) -> set[tuple[str, str]]:
    by: dict[object, list[str]] = {}
    for url, key in groups.items():
        by.setdefault(key, []).append(url)
    return {tuple(sorted(p)) for members in by.values() for p in combinations(members, 2)}  # type: ignore[misc]


def quality(seeds: int, articles: int, copies: int, lookalikes: int) -> None:
    from crawler.demo import SiteServer

    tp = fp = fn = 0
    for seed in range(1, seeds + 1):
        net = network(seed, articles, copies, lookalikes)
        with SiteServer(net) as server, tempfile.TemporaryDirectory() as tmp:
            crawl = crawl_into(Path(tmp), server.start_url, [server.resolve_rule])
            with sqlite3.connect(Path(tmp) / "archive.db") as db:
                found = dict(db.execute("SELECT a.url, ac.cluster_id FROM article_clusters ac "
                                        "JOIN articles a ON a.id = ac.article_id").fetchall())
                stored = {u for (u,) in db.execute("SELECT url FROM articles")}
                texts = dict(db.execute("SELECT url, body_text FROM articles").fetchall())
                titles = dict(db.execute("SELECT url, title FROM articles").fetchall())
            truth = true_groups(net, server.port)
        margins(texts, titles, truth)
        predicted = pairs({u: found.get(u, u) for u in stored})
        wanted = pairs({u: k for u, k in truth.items() if u in stored})
        s_tp, s_fp, s_fn = len(predicted & wanted), len(predicted - wanted), len(wanted - predicted)
        tp, fp, fn = tp + s_tp, fp + s_fp, fn + s_fn
        print(f"seed {seed}: {len(stored)} articles crawled ({crawl.pages} pages in {crawl.secs:.1f} s), "
              f"{len(wanted)} true pairs, {len(predicted)} predicted: precision "
              f"{s_tp / max(1, s_tp + s_fp):.3f}, recall {s_tp / max(1, s_tp + s_fn):.3f}", flush=True)
        for a, b in sorted(predicted - wanted)[:5]:
            print(f"  wrongly grouped: {a} {b}")
        for a, b in sorted(wanted - predicted)[:5]:
            print(f"  missed: {a} {b}")
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"\npairwise over {seeds} seeds: precision {precision:.3f}, recall {recall:.3f} "
          f"(target >= 0.98: {'met' if min(precision, recall) >= 0.98 else 'NOT met'})")


def margins(texts: dict[str, str], titles: dict[str, str], truth: dict[str, str]) -> None:
    """The lowest Jaccard of two copies of one story, and the highest of two different stories
    whose normalised titles are equal (the look-alikes): the threshold must lie between."""
    from exporters.dupes.text import overlap, shingles, title_key

    sets = {u: shingles(t or "") for u, t in texts.items()}
    same = [overlap(sets[a], sets[b]) for a, b in pairs({u: k for u, k in truth.items() if u in sets})]
    by_title: dict[str, list[str]] = {}
    for u in sets:
        by_title.setdefault(title_key(titles[u]), []).append(u)
    other = [overlap(sets[a], sets[b]) for group in by_title.values() for a, b in combinations(group, 2)
             if truth.get(a) != truth.get(b)]
    low = min(same, default=(1.0, 1.0))
    high = max(other, default=(0.0, 0.0))
    print(f"  copies of one story: lowest Jaccard {low[0]:.3f} (containment {low[1]:.3f}); different "
          f"stories with the same normalised title ({len(other)} pairs): highest Jaccard {high[0]:.3f} "
          f"(containment {high[1]:.3f})")


def _vocabulary(r: random.Random, size: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ("".join(r.choice(letters) for _ in range(r.randint(3, 9))) for _ in range(size))
    return list(dict.fromkeys(words))


def placement(n: int, samples: int) -> None:
    from sqlalchemy import insert

    from exporters.dupes.minhash import band_keys, signature, to_bytes
    from exporters.dupes.place import place_in_archive
    from exporters.dupes.text import shingles, title_key
    from exporters.store.clusters import DupeBand, DupeSignature
    from exporters.store.index import Index
    from exporters.store.schema import ARTICLES

    r = random.Random(5)
    vocab = _vocabulary(r, 20000)
    boiler = [" ".join(r.choice(vocab) for _ in range(25)) for _ in range(20)]
    now = datetime.now(UTC)
    bodies: list[str] = []

    def body(site: int) -> str:
        return boiler[site] + " " + " ".join(r.choice(vocab) for _ in range(300))

    with tempfile.TemporaryDirectory() as tmp:
        index = Index(f"sqlite:///{tmp}/archive.db")
        started = time.monotonic()
        for start in range(0, n, 1000):
            rows, sigs, bands = [], [], []
            for i in range(start, min(n, start + 1000)):
                text = body(i % 20)
                bodies.append(text)
                title = " ".join(r.choice(vocab) for _ in range(6))
                rows.append({"id": i + 1, "url": f"http://site{i % 20}.test/{i}/", "title": title,
                             "body_text": text, "body_markdown": text,
                             "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                             "first_seen": now, "last_seen": now, "status": "ok"})
                own = shingles(text)
                sig = signature(own)
                sigs.append({"article_id": i + 1, "content_hash": rows[-1]["content_hash"],
                             "shingles": int(own.size), "title_key": title_key(title),
                             "signature": to_bytes(sig)})
                bands += [{"article_id": i + 1, "band": b, "key": k} for b, k in enumerate(band_keys(sig))]
            with index.write_transaction("bench") as s:
                s.execute(insert(ARTICLES), rows)
                s.execute(insert(DupeSignature), sigs)
                s.execute(insert(DupeBand), bands)
        print(f"index of {n} articles built in {time.monotonic() - started:.0f} s "
              f"({os.path.getsize(f'{tmp}/archive.db') / 1e6:.0f} MB)", flush=True)
        times: list[float] = []
        grouped = {"copy": 0, "new": 0}
        for k in range(samples):
            kind = "copy" if k % 2 == 0 else "new"
            if kind == "copy":  # an edited copy of a stored article: ten words changed
                words = bodies[r.randrange(n)].split()
                for _ in range(10):
                    words[r.randrange(len(words))] = r.choice(vocab)
                text = " ".join(words)
            else:
                text = body(r.randrange(20))
            url = f"http://copies.test/{k}/"
            with index.write_transaction("bench") as s:
                s.execute(insert(ARTICLES).values(url=url, title="[Updated] " + text[:40], body_text=text,
                                                  body_markdown=text, first_seen=now, last_seen=now,
                                                  content_hash=hashlib.sha256(text.encode()).hexdigest()))
            t = time.perf_counter()
            result = place_in_archive(index, None, urls=[url])
            times.append(time.perf_counter() - t)
            grouped[kind] += bool(result.changed)
        index.close()
    times.sort()
    print(f"placing one new article against {n} articles: median {1000 * statistics.median(times):.2f} ms, "
          f"90th percentile {1000 * times[int(0.9 * len(times))]:.2f} ms over {samples} placements; "
          f"copies grouped {grouped['copy']}/{samples - samples // 2}, new stories grouped "
          f"{grouped['new']}/{samples // 2}")


def crawl_speed(rounds: int, articles: int, copies: int, lookalikes: int, start: str | None,
                resolve: list[str]) -> None:
    from contextlib import nullcontext

    from crawler.demo import SiteServer

    print(f"load average at start: {load()}")
    rates: dict[str, list[float]] = {"on": [], "off": []}
    cpu: dict[str, list[float]] = {"on": [], "off": []}
    clusters = ""
    with (SiteServer(network(1, articles, copies, lookalikes)) if start is None else nullcontext()) as server:
        if server is not None:
            start, resolve = server.start_url, [server.resolve_rule]
        assert start is not None
        for i in range(rounds):
            for kind in (("on", "off") if i % 2 == 0 else ("off", "on")):
                with tempfile.TemporaryDirectory() as tmp:
                    c = crawl_into(Path(tmp), start, resolve, "-s", f"ARCHIVE_DUPES={kind == 'on'}")
                    if kind == "on":
                        with sqlite3.connect(Path(tmp) / "archive.db") as db:
                            n, size = db.execute("SELECT count(*), sum(size) FROM clusters").fetchone()
                        clusters = f"{n} clusters holding {size or 0} articles"
                rates[kind].append(c.rate)
                cpu[kind].append(1000 * c.cpu / c.pages)
                print(f"round {i + 1} dupes {kind:<3} {c.pages:5d} pages {c.secs:6.2f} s "
                      f"{c.rate:7.1f} pages/s "
                      f"cpu {cpu[kind][-1]:.1f} ms/page", flush=True)
    on, off = statistics.median(rates["on"]), statistics.median(rates["off"])
    paired = statistics.median(a / b for a, b in zip(rates["on"], rates["off"], strict=True))
    print(f"\nmedian pages/s: grouping on {on:.1f}, off {off:.1f}: ratio on/off {on / off:.3f} "
          f"(median of the rounds' own ratios {paired:.3f}; target within 5%: "
          f"{'met' if on / off >= 0.95 else 'NOT met'})")
    print(f"CPU ms/page (process and workers): on {statistics.median(cpu['on']):.1f}, "
          f"off {statistics.median(cpu['off']):.1f}; grouping found {clusters}")
    print(f"load average at end: {load()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("quality", "placement", "crawl"), required=True)
    ap.add_argument("start", nargs="?", help="crawl: a start URL (default: a generated network with copies)")
    ap.add_argument("--resolve", action="append", default=[], help="crawl: HOST_PATTERN:ADDRESS, repeatable")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--articles", type=int, default=300, help="articles per network (quality, crawl)")
    ap.add_argument("--copies", type=int, default=45, help="republished copies among them")
    ap.add_argument("--lookalikes", type=int, default=30, help="look-alike stories among them")
    ap.add_argument("--n", type=int, default=100000, help="articles in the index (placement)")
    ap.add_argument("--samples", type=int, default=200, help="articles placed (placement)")
    ap.add_argument("--rounds", type=int, default=4)
    a = ap.parse_args()
    if a.part == "quality":
        quality(a.seeds, a.articles, a.copies, a.lookalikes)
    elif a.part == "placement":
        placement(a.n, a.samples)
    else:
        crawl_speed(a.rounds, a.articles, a.copies, a.lookalikes, a.start, a.resolve)


if __name__ == "__main__":
    main()
