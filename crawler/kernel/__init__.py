"""The archiver's kernel: what every other part shares, importing nothing else of the project.

* :mod:`.model`: the typed :class:`~.model.Article` a parse produces;
* :mod:`.fields`: the one table of article fields, from which index rows, front matter, JSON and
  CSV records, content hashes and fill rates are derived;
* :mod:`.errors`: the exception hierarchy (one-line messages, exit codes);
* :mod:`.urls`, :mod:`.slugs`: canonical URLs, crawl scope, file names;
* :mod:`.layout`: where an archive keeps its files; :mod:`.files`: atomic file writes;
* :mod:`.timestamps`: how dates are written and read back.
"""
