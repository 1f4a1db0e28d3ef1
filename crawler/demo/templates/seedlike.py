"""A static-generator theme in the seed article's shape.

The body opens with an h2 title line, an h1 subtitle, the author's avatar and an h5 name, and a date
line; it ends with an author bio box, two ad slots and an "Also read:" list. ``article:author``
names the site owner, and ``og:image`` lists every image with the author avatar first.
"""

from __future__ import annotations

from .base import (
    Block,
    Post,
    SiteIndex,
    Template,
    attr,
    esc,
    human_date,
    iso_z,
    list_html,
    paragraph_html,
    table_html,
)
from .text import slugify

NAME = "seedlike"
AD_FORMATS = ('data-ad-format="autorelaxed"', 'data-ad-format="auto" data-full-width-responsive="true"')
AD_PUSH = "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>"
ALSO_READ = "Also read:"


def _head(index: SiteIndex, title: str, canonical: str, meta: list[str]) -> str:
    site = index.site
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            + "\n".join(meta) + "\n"
            f'<link rel="canonical" href="{attr(canonical)}">\n'
            f'<link rel="alternate" href="{attr(site.url("/atom.xml"))}" title="{attr(site.name)}" '
            'type="application/atom+xml">\n<link rel="stylesheet" href="/css/style.css">\n</head>\n')


def _header(index: SiteIndex) -> str:
    site = index.site
    return ('<body>\n<div id="container"><div id="wrap">\n<header id="header"><div id="header-outer" '
            f'class="outer"><div id="header-title" class="inner"><h1 id="logo-wrap"><a href="{site.url()}" '
            f'id="logo">{esc(site.name)}</a></h1><h2 id="subtitle-wrap"><a href="{site.url()}" id="subtitle">'
            f"Articles from the {esc(site.name)} network</a></h2></div>\n"
            f'<nav id="main-nav"><a class="main-nav-link" href="{site.url()}">Home</a> '
            f'<a class="main-nav-link" href="{site.url("/about/")}">About</a> '
            f'<a class="main-nav-link" href="{site.url("/atom.xml")}">Feed</a></nav></div></header>\n'
            '<div class="outer"><section id="main">\n')


def _sidebar_and_footer(index: SiteIndex) -> str:
    site, t = index.site, index.template
    cats = "".join(f'<li class="category-list-item"><a class="category-list-link" '
                   f'href="{site.url(t.category_path(slugify(c)))}">{esc(c)}</a></li>'
                   for c in index.categories)
    tags = " ".join(f'<a href="{site.url(t.tag_path(slugify(g)))}" style="font-size: 12px;">{esc(g)}</a>'
                    for g in index.tags)
    recent = "".join(f'<li><a href="{p.url}">{esc(p.title)}</a></li>' for p in index.posts[:5])
    return ('</section>\n<aside id="sidebar">\n'
            f'<div class="widget-wrap"><h3 class="widget-title">Categories</h3><div class="widget">'
            f'<ul class="category-list">{cats}</ul></div></div>\n'
            f'<div class="widget-wrap"><h3 class="widget-title">Tags</h3><div class="widget tagcloud">{tags}'
            '</div></div>\n'
            '<div class="widget-wrap"><h3 class="widget-title">Recent Posts</h3><div class="widget">'
            f'<ul>{recent}'
            "</ul></div></div>\n</aside>\n</div>\n"
            f'<footer id="footer"><div class="outer"><div id="footer-info" class="inner">&copy; 2024 '
            f"{esc(site.owner)}<br>Powered by a static site generator</div></div></footer>\n"
            '</div></div>\n<script src="/js/script.js"></script>\n</body>\n</html>\n')


def _code(block: Block) -> str:
    lines = block.text.split("\n")
    gutter = "".join(f'<span class="line">{i}</span><br>' for i in range(1, len(lines) + 1))
    code = "".join(f'<span class="line">{esc(line)}</span><br>' for line in lines)
    return (f'<figure class="highlight {block.alt}"><table><tr><td class="gutter"><pre>{gutter}</pre></td>'
            f'<td class="code"><pre>{code}</pre></td></tr></table></figure>')


def _block(block: Block) -> str:
    if block.kind == "p":
        return paragraph_html(block)
    if block.kind == "img":
        return f'<p><img src="{attr(block.src)}" alt="{attr(block.alt)}"></p>'
    if block.kind in ("ul", "ol"):
        return list_html(block)
    if block.kind == "quote":
        return f"<blockquote><p>{esc(block.text)}</p></blockquote>"
    if block.kind == "table":
        return table_html(block)
    return _code(block)


def render_article(post: Post, index: SiteIndex) -> str:
    site, t, a = post.site, index.template, post.author
    images = [a.avatar] + [b.src for _, blocks in post.sections for b in blocks if b.kind == "img"]
    meta = [f'<meta name="description" content="{attr(post.description)}">',
            f'<meta name="keywords" content="{attr(",".join(post.keywords))}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{attr(post.title)}">',
            f'<meta property="og:url" content="{attr(post.url)}">',
            f'<meta property="og:site_name" content="{attr(site.name)}">',
            f'<meta property="og:description" content="{attr(post.description)}">',
            '<meta property="og:locale" content="en_US">']
    meta += [f'<meta property="og:image" content="{attr(src)}">' for src in images]
    meta += [f'<meta property="article:published_time" content="{iso_z(post.date)}">',
             f'<meta property="article:modified_time" content="{iso_z(post.updated)}">',
             f'<meta property="article:author" content="{attr(site.owner)}">']
    meta += [f'<meta property="article:tag" content="{attr(tag)}">' for tag in post.tags]
    meta.append('<meta name="twitter:card" content="summary">')
    cats = "".join(f'<a class="article-category-link" href="{site.url(t.category_path(slugify(c)))}">'
                   f"{esc(c)}</a>" for c in post.categories)
    body = [f'<h2 id="{slugify(post.core)}">{esc(post.core)}</h2>',
            f'<h1 id="{slugify(post.subtitle)}">{esc(post.subtitle)}</h1>',
            f'<p><img src="{attr(a.avatar)}" alt="author avatar"></p>',
            f'<h5 id="{slugify(a.name)}">{esc(a.name)}</h5>',
            f"<p> {human_date(post.date)}• {esc(post.tagline)}</p>"]
    body += [_block(b) for b in post.intro]
    for heading, blocks in post.sections:
        body.append(f'<h2 id="{slugify(heading)}">{esc(heading)}</h2>')
        body += [_block(b) for b in blocks]
    body += [f'<p><img src="{attr(a.avatar)}" alt="author avatar"></p>', f"<p>{esc(a.name)}</p>",
             f"<p>{esc(a.bio)}</p>", f"<p>Follow @{esc(a.name)}</p>"]
    for n, fmt in enumerate(AD_FORMATS):
        body.append(f'<ins class="adsbygoogle" style="display:block" {fmt} data-ad-client="ca-pub-7301'
                    f'{len(post.path):04d}" data-ad-slot="{4100 + n}{len(post.title):06d}"></ins>\n{AD_PUSH}')
    links = "".join(f'<li><a href="{attr(href)}"><u>{esc(title.replace(":", " "))}</u></a></li>\n'
                    for href, title in post.related)
    body.append(f'<span class="atpl-alsoreadstyle">{ALSO_READ}</span>\n<div><ul>\n{links}</ul></div>')
    tags = "".join(f'<li class="article-tag-list-item"><a class="article-tag-list-link" '
                   f'href="{site.url(t.tag_path(slugify(g)))}" rel="tag">{esc(g)}</a></li>'
                   for g in post.tags)
    newer, older = index.neighbours(post)
    nav = ""
    if newer:
        nav += (f'<a href="{newer.url}" id="article-nav-newer" class="article-nav-link-wrap"><strong '
                f'class="article-nav-caption">Newer</strong><div class="article-nav-title">{esc(newer.title)}'
                "</div></a>")
    if older:
        nav += (f'<a href="{older.url}" id="article-nav-older" class="article-nav-link-wrap"><strong '
                f'class="article-nav-caption">Older</strong><div class="article-nav-title">{esc(older.title)}'
                "</div></a>")
    slug = post.path.strip("/").replace("/", "-")
    return (_head(index, f"{post.title} | {site.name}", post.url, meta) + _header(index)
            + f'<article id="post-{slug}" class="h-entry article article-type-post" itemprop="blogPost" '
            'itemscope itemtype="https://schema.org/BlogPosting">\n'
            f'<div class="article-meta"><a href="{post.url}" class="article-date"><time class="dt-published" '
            f'datetime="{iso_z(post.date)}" itemprop="datePublished">{post.date.strftime("%Y-%m-%d")}</time>'
            f'</a>\n<div class="article-category">{cats}</div></div>\n'
            '<div class="article-inner">\n<header class="article-header"><h1 class="p-name article-title" '
            f'itemprop="headline name">{esc(post.title)}</h1></header>\n'
            '<div class="e-content article-entry" itemprop="articleBody">\n' + "\n".join(body) + "\n</div>\n"
            f'<footer class="article-footer"><a data-url="{post.url}" class="article-share-link">Share</a>'
            f'<ul class="article-tag-list" itemprop="keywords">{tags}</ul></footer>\n</div>\n'
            f'<nav id="article-nav">{nav}</nav>\n</article>\n' + _sidebar_and_footer(index))


def render_listing(index: SiteIndex, heading: str, path: str, posts: list[Post],
                   pages: list[tuple[str, str]]) -> str:
    site = index.site
    items = "".join(
        '<article class="article article-type-post"><div class="article-meta"><time '
        f'datetime="{iso_z(p.date)}">'
        f'{p.date.strftime("%Y-%m-%d")}</time></div><div class="article-inner"><header '
        'class="article-header">'
        f'<h1 itemprop="name"><a class="article-title" href="{p.url}">{esc(p.title)}</a></h1></header>'
        f'<div class="article-entry"><p>{esc(p.description)}</p><p class="article-more-link">'
        f'<a href="{p.url}#more">Read More</a></p></div></div></article>\n' for p in posts)
    pager = " ".join(f'<a class="extend" href="{url}">{esc(label)}</a>' for label, url in pages)
    meta = ['<meta property="og:type" content="website">', '<meta property="og:title" '
                                                           f'content="{attr(heading)}">',
            f'<meta name="description" content="{attr(site.name)}: guides, reviews and how-tos">']
    return (_head(index, heading, site.url(path), meta) + _header(index)
            + f'<h1 class="archive-title">{esc(heading)}</h1>\n{items}<nav id="page-nav">{pager}</nav>\n'
            + _sidebar_and_footer(index))


def render_about(index: SiteIndex) -> str:
    site = index.site
    meta = ['<meta property="og:type" content="website">', '<meta name="description" '
                                                           f'content="About {attr(site.name)}">']
    return (_head(index, f"About | {site.name}", site.url("/about/"), meta) + _header(index)
            + '<article class="article article-type-page"><div class="article-inner"><header><h1 '
              'class="article-title">'
            f'About</h1></header><div class="article-entry"><p>{esc(site.name)} is an invented publication '
            'used to '
            "test article archiving. Nothing here is news and every name is made up.</p><p>Write to the "
            "editors "
            "through the contact form; we read every message, slowly.</p></div></div></article>\n"
            + _sidebar_and_footer(index))


def boilerplate(post: Post) -> list[str]:
    first_related = post.related[0][1].replace(":", " ") if post.related else ALSO_READ
    return [post.author.bio, f"Follow @{post.author.name}", ALSO_READ, first_related,
            "Powered by a static site generator"]


TEMPLATE = Template(
    name=NAME,
    article_path=lambda slug, date: f"/{slug}/",
    tag_path=lambda slug: f"/tags/{slug}/",
    category_path=lambda slug: f"/categories/{slug}/",
    author_path=None,
    page_path=lambda n: f"/page/{n}/",
    feed_path="/atom.xml",
    feed_kind="atom",
    render_article=render_article,
    render_listing=render_listing,
    render_about=render_about,
    boilerplate=boilerplate,
)
