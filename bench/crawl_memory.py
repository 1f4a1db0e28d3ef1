"""Peak memory of a crawl: the resident size of the whole process tree (the crawl, its parsing
workers and its index writer), sampled every 0.1 s, and each process's own peak.

    python -m bench.crawl_memory http://alpha.news.test:18081/ --resolve '*.news.test:127.0.0.1'
    python -m bench.crawl_memory URL --resolve … -s ARCHIVE_INDEX_WRITER=False   # settings to compare

Linux only (reads /proc). The archive goes to a temporary folder, deleted afterwards.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGE_KB = 4  # /proc/PID/statm counts pages


def tree(root: int) -> list[int]:
    """``root`` and its descendants."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def rss_kb(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def name(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"
    return "worker/writer" if "multiprocessing" in cmd else "crawl" if "crawler" in cmd else cmd[:40]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("start")
    ap.add_argument("--resolve", action="append", default=[])
    ap.add_argument("-s", "--set", action="append", default=[], help="NAME=VALUE, repeatable")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "crawler.cli", "crawl", a.start, "--fast", "--no-progress",
               "--data", tmp]
        for r in a.resolve:
            cmd += ["--resolve", r]
        for s in a.set:
            cmd += ["-s", s]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak_total, peaks = 0, {}
        while proc.poll() is None:
            sizes = {pid: rss_kb(pid) for pid in tree(proc.pid)}
            peak_total = max(peak_total, sum(sizes.values()))
            for pid, size in sizes.items():
                if size > peaks.get(pid, (0, ""))[0]:
                    peaks[pid] = (size, name(pid))
            time.sleep(0.1)
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed: {err.strip()[-500:]}")
    print(next((line for line in out.splitlines() if line.startswith("Crawl finished")), ""))
    for pid, (size, what) in sorted(peaks.items()):
        print(f"  pid {pid:7d} {what:14s} peak {size / 1024:7.1f} MB")
    print(f"peak RSS of the process tree: {peak_total / 1024:.1f} MB")


if __name__ == "__main__":
    main()
