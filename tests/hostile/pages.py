"""HTML of the hostile web's pages: plain article pages the parser reads without help, listings,
and the odd ones (meta refresh, deep nesting, huge related lists)."""

from __future__ import annotations

import hashlib
from html import escape

WORDS = ("harbour board channel dredging council budget ferry timetable bridge repair tram depot "
         "library archive garden market river quay lighthouse signal storm tide winter summer crew "
         "engine workshop museum festival choir orchard bakery mill canal lock barge pier").split()


def prose(seed: str, sentences: int = 8) -> list[str]:
    """Deterministic sentences, distinct per ``seed`` (each starts with the seed's marker)."""
    digest = hashlib.sha256(seed.encode()).digest()
    out = []
    for i in range(sentences):
        picks = [WORDS[(digest[(i * 7 + j) % len(digest)] + i * j) % len(WORDS)] for j in range(14)]
        out.append(f"{marker(seed)} {i} says the " + " ".join(picks) + " met again on Tuesday.")
    return out


def marker(seed: str) -> str:
    """A word that appears in one page's body only."""
    return "Marker" + hashlib.sha1(seed.encode()).hexdigest()[:10]


def article(title: str, seed: str, related: list[tuple[str, str]] = (), head: str = "",
            body_extra: str = "", related_label: str = "Related posts") -> str:
    """An article page: headline, byline with a date, paragraphs, and a related list."""
    paragraphs = "\n".join(f"<p>{escape(s)}</p>" for s in prose(seed))
    items = "".join(f'<li><a href="{escape(url, quote=True)}">{escape(text)}</a></li>'
                    for url, text in related)
    aside = (f'<aside class="related-posts"><h2>{related_label}</h2><ul>{items}</ul></aside>'
             if related else "")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="og:type" content="article">'
            f'<meta property="og:title" content="{escape(title, quote=True)}">{head}</head>'
            f'<body><header><nav><a href="/">Home</a></nav></header><main><article>'
            f'<h1>{escape(title)}</h1><p class="byline">By Ada Quayle · '
            f'<time datetime="2024-05-14T09:30:00Z">May 14, 2024</time></p>'
            f'{paragraphs}{body_extra}</article>{aside}</main></body></html>')


def listing(title: str, links: list[str]) -> str:
    """A home page of links (a start URL: its in-scope links are followed)."""
    items = "".join(f'<article><h2><a href="{escape(url, quote=True)}">Teaser {i}</a></h2></article>'
                    for i, url in enumerate(links))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="og:type" content="website"></head><body><h1>{escape(title)}</h1>'
            f"{items}</body></html>")


def meta_refresh(target: str) -> str:
    refresh = f'<meta http-equiv="refresh" content="0; url={escape(target, quote=True)}">'
    return f"<!DOCTYPE html><html><head>{refresh}<title>Moved</title></head><body><p>Moved.</p></body></html>"


def canonical_head(url: str) -> str:
    return f'<link rel="canonical" href="{escape(url, quote=True)}">'


def og_url_head(url: str) -> str:
    return f'<meta property="og:url" content="{escape(url, quote=True)}">'


def deep(title: str, seed: str, depth: int) -> str:
    inner = "".join(f"<p>{escape(s)}</p>" for s in prose(seed))
    return article(title, seed, body_extra="<div>" * depth + inner + "</div>" * depth)
