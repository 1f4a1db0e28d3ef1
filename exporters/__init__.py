"""Everything that reads or keeps an archive: the store (index, schema, migrations), search,
queries, the Markdown writer and the export formats. Depends on the kernel (crawler.kernel) only."""
