"""Only for building a Python egg (Scrapyd's package format): ``scrapyd-deploy --build-egg FILE`` or
``python setup.py bdist_egg``. Everything about the package is declared in pyproject.toml."""

from setuptools import setup

setup()
