"""``python -m crawler``: the ``archiver`` command line."""

from .cli import main

if __name__ == "__main__":
    main()
