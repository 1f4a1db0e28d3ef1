"""The demo network's site templates; each renders articles and listings in its own markup."""

from __future__ import annotations

from . import blog, magazine, seedlike
from .base import PORT, Template

#: Templates in the order sites are given them: the first site gets the first template, and so on.
TEMPLATES: tuple[Template, ...] = (seedlike.TEMPLATE, blog.TEMPLATE, magazine.TEMPLATE)

__all__ = ["PORT", "TEMPLATES", "Template"]
