"""Signals between the archive pipeline and a shared frontier (:mod:`crawler.redis_frontier`).

* :data:`ARCHIVE_FLUSH`: store what is buffered now (the pipeline flushes; sent by a worker of a
  shared crawl going idle);
* :data:`ARCHIVE_STORED`: the pipeline stored everything it had been given (sent after each flush;
  the requests whose pages are now stored are done).
"""

ARCHIVE_FLUSH = object()
ARCHIVE_STORED = object()
