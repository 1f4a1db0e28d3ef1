"""A magazine theme: ``<main><article>``, figures with captions, a pull quote, sometimes a table or
code, a "You may also like" h2 with an ordered list of cards, a newsletter box and a footer menu.

Metadata lives mostly in one JSON-LD ``@graph`` whose ``NewsArticle`` names its author and
publisher by ``@id`` only; there are no ``article:*`` meta tags.
"""

from __future__ import annotations

from datetime import datetime

from .base import (
    Block,
    Post,
    SiteIndex,
    Template,
    attr,
    esc,
    iso,
    json_ld,
    list_html,
    paragraph_html,
    table_html,
)
from .text import slugify

NAME = "magazine"
MORE_HEADING = "You may also like"
LETTER_HEADING = "The Sunday Letter"
AD_LABEL = "Advertisement"
SECTION_PATH = "/sections/{}/"
PEOPLE_PATH = "/people/{}/"
FOOTER_NOTE = "All stories on this site are invented for testing."


def _date(dt: datetime) -> str:
    return dt.strftime("%d %B %Y").lstrip("0")


def _head(index: SiteIndex, title: str, canonical: str, meta: list[str]) -> str:
    site = index.site
    return ('<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)}</title>\n" + "\n".join(meta) + "\n"
            f'<link rel="canonical" href="{attr(canonical)}">\n'
            f'<link rel="alternate" type="application/atom+xml" href="{site.url("/feed.xml")}">\n'
            '<link rel="stylesheet" href="/static/mag.css">\n</head>\n')


def _masthead(index: SiteIndex) -> str:
    site, t = index.site, index.template
    sections = "".join(f'<li><a href="{site.url(t.category_path(slugify(c)))}">{esc(c)}</a></li>'
                       for c in index.categories)
    return ('<body class="mag">\n<header class="masthead"><a class="brand" '
            f'href="{site.url()}">{esc(site.name)}</a>'
            f'<nav aria-label="Sections"><ul>{sections}</ul></nav><button class="menu-toggle">Menu</button>'
            "</header>\n<main id=\"content\">\n")


def _footer(index: SiteIndex, promo: str) -> str:
    site = index.site
    return (f'<aside class="newsletter"><h2>{LETTER_HEADING}</h2><p>{esc(promo)}</p>'
            f'<form action="{site.url("/subscribe")}" method="post"><input type="email" name="email" '
            'placeholder="you@example.test"><button>Subscribe</button></form></aside>\n</main>\n'
            f'<footer class="site-footer"><nav aria-label="Footer"><ul><li><a href="{site.url("/about/")}">'
            'About us'
            f'</a></li><li><a href="{site.url("/about/")}#contact">Contact</a></li><li><a '
            f'href="{site.url("/about/")}'
            f'#privacy">Privacy</a></li><li><a href="{site.url("/feed.xml")}">RSS</a></li></ul></nav>'
            f"<p>&copy; 2024 {esc(site.owner)}. {FOOTER_NOTE}</p></footer>\n</body>\n</html>\n")


def _block(block: Block) -> str:
    if block.kind == "p":
        return paragraph_html(block)
    if block.kind == "img":
        return (f'<figure class="inline-image"><img loading="lazy" src="{attr(block.src)}" '
                f'alt="{attr(block.alt)}">'
                f"<figcaption>{esc(block.alt.capitalize())}.</figcaption></figure>")
    if block.kind in ("ul", "ol"):
        return list_html(block)
    if block.kind == "quote":
        return f'<blockquote class="pull-quote"><p>{esc(block.text)}</p></blockquote>'
    if block.kind == "table":
        return f'<div class="table-wrap">{table_html(block)}</div>'
    return f'<pre><code class="language-{attr(block.alt)}">{esc(block.text)}</code></pre>'


def _graph(post: Post) -> dict:
    site, origin = post.site, post.site.origin
    person = site.url(PEOPLE_PATH.format(post.author.slug) + "#person")
    section = post.categories[0]
    crumbs = [("Home", site.url()), (section, site.url(SECTION_PATH.format(slugify(section)))),
              (post.title, post.url)]
    return {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": origin + "/#org", "name": site.owner,
         "logo": {"@type": "ImageObject", "url": "https://img.demo-cdn.test/logo-life.png"}},
        {"@type": "WebSite", "@id": origin + "/#website", "url": site.url(), "name": site.name,
         "publisher": {"@id": origin + "/#org"}},
        {"@type": "WebPage", "@id": post.url + "#webpage", "url": post.url, "name": post.title,
         "isPartOf": {"@id": origin + "/#website"}, "breadcrumb": {"@id": post.url + "#breadcrumb"}},
        {"@type": "Person", "@id": person, "name": post.author.name,
         "url": site.url(PEOPLE_PATH.format(post.author.slug)), "image": post.author.avatar},
        {"@type": ["NewsArticle"], "@id": post.url + "#article", "headline": post.title,
         "description": post.description, "datePublished": iso(post.date), "dateModified": iso(post.updated),
         "author": [{"@id": person}], "publisher": {"@id": origin + "/#org"},
         "mainEntityOfPage": {"@id": post.url + "#webpage"},
         "image": {"@type": "ImageObject", "url": post.thumbnail, "width": 1600, "height": 900},
         "keywords": post.tags, "articleSection": post.categories, "inLanguage": "en-GB"},
        {"@type": "BreadcrumbList", "@id": post.url + "#breadcrumb", "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name, "item": url}
            for i, (name, url) in enumerate(crumbs)]},
    ]}


def render_article(post: Post, index: SiteIndex) -> str:
    site, t, a = post.site, index.template, post.author
    meta = [f'<meta name="description" content="{attr(post.description)}">',
            '<meta property="og:type" content="article">', '<meta property="og:title" '
                                                           f'content="{attr(post.title)}">',
            f'<meta property="og:url" content="{attr(post.url)}">',
            f'<meta property="og:image" content="{attr(post.thumbnail)}">',
            '<meta name="twitter:card" content="summary_large_image">', json_ld(_graph(post))]
    body = [_block(b) for b in post.intro]
    for i, (heading, blocks) in enumerate(post.sections):
        if i == 1:
            body.append(f'<div class="ad-slot" aria-hidden="true"><span>{AD_LABEL}</span></div>')
        body.append(f"<h2>{esc(heading)}</h2>")
        body += [_block(b) for b in blocks]
    section = post.categories[0]
    section_url = site.url(t.category_path(slugify(section)))
    words = sum(len(s.text.split()) for _, blocks in post.sections for b in blocks for s in b.sentences)
    cards = "".join(
        f'<li class="card"><a href="{attr(href)}"><img '
        f'src="https://img.demo-cdn.test/cards/{slugify(title)}.jpg" '
        f'alt=""><h3>{esc(title)}</h3></a></li>\n' for href, title in post.related)
    tags = "".join(f'<li><a href="{site.url(t.tag_path(slugify(g)))}">{esc(g)}</a></li>' for g in post.tags)
    return (_head(index, f"{post.title} \u2014 {site.name}", post.url, meta) + _masthead(index)
            + f'<article class="story">\n<nav class="breadcrumb"><a href="{site.url()}">Home</a> \u203a '
            f'<a href="{section_url}">{esc(section)}</a></nav>\n<header class="story-head">'
            f'<p class="kicker"><a href="{section_url}">{esc(section)}</a></p>'
            f'<h1 class="headline">{esc(post.title)}</h1><p class="dek">{esc(post.description)}</p>\n'
            '<div class="story-meta"><span class="by">Words by <a rel="author" '
            f'href="{site.url(t.author_path(a.slug))}">'
            f'{esc(a.name)}</a></span> \u00b7 <time datetime="{iso(post.date)}">{_date(post.date)}</time> '
            '\u00b7 '
            f'<span class="updated">Updated <time datetime="{iso(post.updated)}">{_date(post.updated)}</time>'
            '</span>'
            f' \u00b7 <span class="read-time">{max(1, words // 200)} min read</span></div></header>\n'
            f'<figure class="lead-image"><img src="{attr(post.thumbnail)}" alt="{attr(post.subtitle)}">'
            f"<figcaption>{esc(post.subtitle)}. Photo: {esc(site.owner)}</figcaption></figure>\n"
            '<div class="story-body">\n' + "\n".join(body) + "\n</div>\n"
            f'<footer class="story-tags"><span class="tags-label">Topics:</span><ul class="tags">{tags}</ul>'
            '</footer>\n'
            f'</article>\n<section class="more-stories"><h2>{MORE_HEADING}</h2><ol class="cards">'
            f'\n{cards}</ol>'
            "</section>\n" + _footer(index, post.promo))


def render_listing(index: SiteIndex, heading: str, path: str, posts: list[Post],
                   pages: list[tuple[str, str]]) -> str:
    site = index.site
    items = "".join(f'<li class="river-item"><a href="{p.url}"><h3>{esc(p.title)}</h3></a>'
                    f'<p>{esc(p.description)}'
                    f'</p><time datetime="{iso(p.date)}">{_date(p.date)}</time></li>\n' for p in posts)
    pager = "".join(f'<a class="pager-link" href="{url}">{esc(label)}</a>' for label, url in pages)
    meta = ['<meta property="og:type" content="website">', '<meta property="og:title" '
                                                           f'content="{attr(heading)}">']
    return (_head(index, heading, site.url(path), meta) + _masthead(index)
            + f'<h1 class="section-title">{esc(heading)}</h1>\n<ol class="river">\n{items}</ol>\n'
            f'<nav class="pager">{pager}</nav>\n' + _footer(index, "A weekly letter with five invented "
                                                                   "stories."))


def render_about(index: SiteIndex) -> str:
    site = index.site
    return (_head(index, f"About us \u2014 {site.name}", site.url("/about/"),
                  ['<meta property="og:type" content="website">']) + _masthead(index)
            + f'<section class="page"><h1>About us</h1><p>{esc(site.name)} is an invented magazine. Its '
              'stories, '
            'people and places exist only to test an article archiver.</p><h2 id="contact">Contact</h2>'
            '<p>Letters go to the editors by post.</p><h2 id="privacy">Privacy</h2><p>No cookies are set.</p>'
            "</section>\n" + _footer(index, "A weekly letter with five invented stories."))


def boilerplate(post: Post) -> list[str]:
    out = [post.promo, MORE_HEADING, LETTER_HEADING, AD_LABEL, FOOTER_NOTE]
    return out + ([post.related[0][1]] if post.related else [])


TEMPLATE = Template(
    name=NAME,
    article_path=lambda slug, date: f"/stories/{slug}.html",
    tag_path=lambda slug: f"/topics/{slug}/",
    category_path=SECTION_PATH.format,
    author_path=PEOPLE_PATH.format,
    page_path=lambda n: f"/latest/{n}/",
    feed_path="/feed.xml",
    feed_kind="atom",
    render_article=render_article,
    render_listing=render_listing,
    render_about=render_about,
    boilerplate=boilerplate,
)
