"""The archive's evidence: every answer a crawl received, kept as ISO 28500 WARC/1.1 records.

* :mod:`.records`: one HTTP exchange as plain values, and the WARC records that keep it (request,
  response, revisit), the ``warcinfo`` of each file and the ``metadata`` of a crawl run; the record
  format itself is warcio's;
* :mod:`.files`: rotating gzipped files under ``DATA/warc/`` (one gzip member per record), synced
  before the index may name their records, and the repair of a file a killed crawl left with a torn
  last record;
* :mod:`.reader`: a record read at its (file, offset, length), a file read record by record;
* :mod:`.cdx`: CDXJ index lines (what pywb and ReplayWeb.page look records up by);
* :mod:`.verify`: ``archiver verify``: digests, index pointers, Markdown files against their rows;
* :mod:`.bundle`: the selected articles' records as one WARC file, and a WACZ package of it.

Nothing here knows about Scrapy: the crawl's capture middleware (``crawler/middlewares/warc.py``)
turns Scrapy's requests and responses into :class:`~.records.Exchange` values.
"""
