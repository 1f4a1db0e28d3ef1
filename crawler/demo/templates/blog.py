"""A blogging-engine theme: entry-title h1, "By ..." byline, ``time.entry-date``, rel=tag links, a
``div.related-posts`` box, share buttons, comments, sidebar widgets and JSON-LD ``BlogPosting``.

Traps: ``og:title`` carries the site name, categories are linked with ``rel="category tag"`` next to
the ``rel="tag"`` tags, and the related box sits inside ``.entry-content``.
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

NAME = "blog"
RELATED_HEADING = "Related posts"
SHARE_HEADING = "Share this:"
REPLY_HEADING = "Leave a Reply"
POWERED = "Proudly powered by a blogging engine"


def _date(dt: datetime) -> str:
    return dt.strftime("%B %d, %Y").replace(" 0", " ")


def _count(comments: list[tuple[str, str]]) -> str:
    return "One thought" if len(comments) == 1 else f"{len(comments)} thoughts"


def _head(index: SiteIndex, title: str, canonical: str, meta: list[str]) -> str:
    site = index.site
    return ('<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n" + "\n".join(meta) + "\n"
            f'<link rel="canonical" href="{attr(canonical)}">\n'
            f'<link rel="alternate" type="application/rss+xml" title="{attr(site.name)} &raquo; Feed" '
            f'href="{site.url("/feed/")}">\n'
            "<link rel='stylesheet' id='block-library-css' href='/assets/css/blocks.min.css' media='all'>\n"
            "</head>\n")


def _masthead(index: SiteIndex, body_class: str) -> str:
    site, t = index.site, index.template
    menu = "".join(f'<li class="menu-item"><a href="{site.url(t.category_path(slugify(c)))}">{esc(c)}</a>'
                   '</li>'
                   for c in index.categories[:4])
    return (f'<body class="{body_class}">\n<div id="page" class="site">\n'
            '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
            '<header id="masthead" class="site-header"><div class="site-branding">'
            f'<p class="site-title"><a href="{site.url()}" rel="home">{esc(site.name)}</a></p>'
            '<p class="site-description">Notes on gadgets, tools and tinkering</p></div>\n'
            '<nav id="site-navigation" class="main-navigation"><button class="menu-toggle" '
            'aria-controls="primary-menu">Menu</button><ul id="primary-menu" class="menu">'
            f'<li class="menu-item"><a href="{site.url()}">Home</a></li>{menu}'
            f'<li class="menu-item"><a href="{site.url("/about/")}">About</a></li></ul></nav></header>\n'
            '<div id="content" class="site-content"><div id="primary" class="content-area">'
            '<main id="main" class="site-main">\n')


def _sidebar_and_footer(index: SiteIndex, promo: str) -> str:
    site, t = index.site, index.template
    recent = "".join(f'<li><a href="{p.url}">{esc(p.title)}</a></li>' for p in index.posts[:5])
    cats = "".join(f'<li class="cat-item"><a href="{site.url(t.category_path(slugify(c)))}">{esc(c)}</a></li>'
                   for c in index.categories)
    return ('</main></div>\n<aside id="secondary" class="widget-area">\n'
            f'<section class="widget widget_search"><form role="search" method="get" class="search-form" '
            f'action="{site.url()}"><label><span class="screen-reader-text">Search for:</span>'
            '<input type="search" class="search-field" name="s"></label><input type="submit" value="Search">'
            "</form></section>\n"
            '<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>'
            f'<ul>{recent}'
            "</ul></section>\n"
            '<section class="widget widget_categories"><h2 class="widget-title">Categories</h2>'
            f'<ul>{cats}</ul>'
            "</section>\n"
            '<section class="widget widget_text"><h2 class="widget-title">About this blog</h2>'
            f'<div class="textwidget"><p>{esc(promo)}</p></div></section>\n</aside>\n</div>\n'
            f'<footer id="colophon" class="site-footer"><div class="site-info">{POWERED} | '
            f"&copy; {esc(site.owner)}</div></footer>\n</div>\n"
            '<script src="/assets/js/navigation.js" id="navigation-js"></script>\n</body>\n</html>\n')


def _block(block: Block) -> str:
    if block.kind == "p":
        return paragraph_html(block)
    if block.kind == "img":
        return (f'<figure class="wp-block-image size-large"><img decoding="async" src="{attr(block.src)}" '
                f'alt="{attr(block.alt)}"></figure>')
    if block.kind in ("ul", "ol"):
        return list_html(block).replace(f"<{block.kind}>", f'<{block.kind} class="wp-block-list">', 1)
    if block.kind == "quote":
        return f'<blockquote class="wp-block-quote"><p>{esc(block.text)}</p></blockquote>'
    if block.kind == "table":
        return f'<figure class="wp-block-table">{table_html(block)}</figure>'
    return f'<pre class="wp-block-code"><code>{esc(block.text)}</code></pre>'


def _schema(post: Post) -> dict:
    site = post.site
    return {"@context": "https://schema.org", "@type": "BlogPosting", "headline": post.title,
            "description": post.description, "datePublished": iso(post.date),
            "dateModified": iso(post.updated),
            "author": {"@type": "Person", "name": post.author.name,
                       "url": site.url(f"/author/{post.author.slug}/")},
            "publisher": {"@type": "Organization", "name": site.owner,
                          "logo": {"@type": "ImageObject", "url": "https://img.demo-cdn.test/logo-tech.png"}},
            "image": post.thumbnail, "mainEntityOfPage": {"@type": "WebPage", "@id": post.url},
            "keywords": ", ".join(post.tags), "articleSection": post.categories,
            "wordCount": sum(len(s.text.split()) for _, blocks in post.sections for b in blocks
                             for s in b.sentences)}


def render_article(post: Post, index: SiteIndex) -> str:
    site, t, a = post.site, index.template, post.author
    meta = [f'<meta name="description" content="{attr(post.description)}">',
            '<meta property="og:locale" content="en_US">', '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{attr(post.title)} - {attr(site.name)}">',
            f'<meta property="og:description" content="{attr(post.description)}">',
            f'<meta property="og:url" content="{attr(post.url)}">',
            f'<meta property="og:site_name" content="{attr(site.name)}">',
            f'<meta property="article:published_time" content="{iso(post.date)}">',
            f'<meta property="article:modified_time" content="{iso(post.updated)}">',
            f'<meta property="og:image" content="{attr(post.thumbnail)}">',
            f'<meta name="author" content="{attr(a.name)}">',
            '<meta name="twitter:label1" content="Written by">',
            f'<meta name="twitter:data1" content="{attr(a.name)}">', json_ld(_schema(post))]
    content = [_block(b) for b in post.intro]
    for heading, blocks in post.sections:
        content.append(f'<h2 class="wp-block-heading" id="{slugify(heading)}">{esc(heading)}</h2>')
        content += [_block(b) for b in blocks]
    share = (f'<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">'
             f'<h3 class="sd-title">{SHARE_HEADING}</h3><div class="sd-content"><ul>'
             f'<li><a class="share-email" href="mailto:?subject={attr(post.title)}">Email</a></li>'
             f'<li><a class="share-mastodon" href="{post.url}?share=mastodon">Mastodon</a></li>'
             '<li><a class="share-print" href="#print">Print</a></li></ul></div></div></div>')
    rel = "".join(f'<li><a href="{attr(href)}">{esc(title)}</a></li>' for href, title in post.related)
    related = f'<div class="related-posts"><h3>{RELATED_HEADING}</h3><ul>{rel}</ul></div>'
    cats = ", ".join(f'<a href="{site.url(t.category_path(slugify(c)))}" rel="category tag">{esc(c)}</a>'
                     for c in post.categories)
    tags = ", ".join(f'<a href="{site.url(t.tag_path(slugify(g)))}" rel="tag">{esc(g)}</a>'
                     for g in post.tags)
    newer, older = index.neighbours(post)
    nav = ""
    if older:
        nav += f'<div class="nav-previous"><a href="{older.url}" rel="prev">{esc(older.title)}</a></div>'
    if newer:
        nav += f'<div class="nav-next"><a href="{newer.url}" rel="next">{esc(newer.title)}</a></div>'
    comments = "".join(
        '<li class="comment"><article class="comment-body"><footer class="comment-meta"><div '
        'class="comment-author '
        f'vcard"><b class="fn">{esc(name)}</b> <span class="says">says:</span></div><div '
        'class="comment-metadata">'
        f'<time datetime="{iso(post.updated)}">{_date(post.updated)}</time></div></footer><div '
        'class="comment-'
        f'content"><p>{esc(text)}</p></div></article></li>' for name, text in post.comments)
    post_id = 100 + index.position(post)
    classes = " ".join([f"post-{post_id} post type-post status-publish format-standard hentry"]
                       + [f"category-{slugify(c)}" for c in post.categories]
                       + [f"tag-{slugify(g)}" for g in post.tags])
    return (_head(index, f"{post.title} \u2013 {site.name}", post.url, meta)
            + _masthead(index, f"post-template-default single single-post postid-{post_id}")
            + f'<article id="post-{post_id}" class="{classes}">\n<header class="entry-header">'
            f'<h1 class="entry-title">{esc(post.title)}</h1>\n<div class="entry-meta"><span '
            'class="posted-on">'
            f'Posted on <a href="{post.url}" rel="bookmark"><time class="entry-date published" '
            f'datetime="{iso(post.date)}">{_date(post.date)}</time><time class="updated" '
            f'datetime="{iso(post.updated)}">{_date(post.updated)}</time></a></span> <span class="byline">By '
            f'<span class="author vcard"><a class="url fn n" href="{site.url(t.author_path(a.slug))}">'
            f"{esc(a.name)}</a></span></span></div></header>\n"
            f'<div class="post-thumbnail"><img width="1200" height="675" src="{attr(post.thumbnail)}" '
            'class="attachment-post-thumbnail wp-post-image" alt=""></div>\n'
            '<div class="entry-content">\n' + "\n".join(content) + f"\n{share}\n{related}\n</div>\n"
            f'<footer class="entry-footer"><span class="cat-links">Posted in {cats}</span> '
            f'<span class="tags-links">Tagged {tags}</span></footer>\n</article>\n'
            '<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post '
            f'navigation</h2><div class="nav-links">{nav}</div></nav>\n'
            f'<div id="comments" class="comments-area"><h2 class="comments-title">{_count(post.comments)} on '
            f'&ldquo;{esc(post.title)}&rdquo;</h2><ol class="comment-list">{comments}</ol>\n'
            f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">'
            f'{REPLY_HEADING}</h3><form action="{site.url("/comments/post")}" method="post" id="commentform">'
            '<p class="comment-notes">Your email address will not be published.</p><textarea name="comment">'
            '</textarea><input name="submit" type="submit" value="Post Comment"></form></div></div>\n'
            + _sidebar_and_footer(index, post.promo))


def render_listing(index: SiteIndex, heading: str, path: str, posts: list[Post],
                   pages: list[tuple[str, str]]) -> str:
    site = index.site
    items = "".join(
        f'<article class="post type-post hentry"><header class="entry-header"><h2 class="entry-title">'
        f'<a href="{p.url}" rel="bookmark">{esc(p.title)}</a></h2><div class="entry-meta"><time '
        'class="entry-date" '
        f'datetime="{iso(p.date)}">{_date(p.date)}</time></div></header><div class="entry-summary"><p>'
        f'{esc(p.description)}</p></div></article>\n' for p in posts)
    pager = "".join(f'<div class="nav-links"><a href="{url}">{esc(label)}</a></div>' for label, url in pages)
    meta = ['<meta property="og:type" content="website">', '<meta property="og:title" '
                                                           f'content="{attr(heading)}">']
    return (_head(index, heading, site.url(path), meta) + _masthead(index, "archive")
            + f'<header class="page-header"><h1 class="page-title">{esc(heading)}</h1></header>\n{items}'
            f'<nav class="navigation posts-navigation">{pager}</nav>\n'
            + _sidebar_and_footer(index, "Short notes on tools, written slowly."))


def render_about(index: SiteIndex) -> str:
    site = index.site
    return (_head(index, f"About \u2013 {site.name}", site.url("/about/"), ['<meta property="og:type" '
                                                                            'content="website">'])
            + _masthead(index, "page-template-default page")
            + '<article class="page type-page"><header class="entry-header"><h1 class="entry-title">'
              'About</h1>'
            f'</header><div class="entry-content"><p>{esc(site.name)} is an invented blog about tools. Its '
            'posts '
            "exist to exercise an article archiver.</p></div></article>\n"
            + _sidebar_and_footer(index, "Short notes on tools, written slowly."))


def boilerplate(post: Post) -> list[str]:
    out = [text for _, text in post.comments]
    out += [post.promo, RELATED_HEADING, SHARE_HEADING, REPLY_HEADING, POWERED]
    return out + ([post.related[0][1]] if post.related else [])


TEMPLATE = Template(
    name=NAME,
    article_path=lambda slug, date: f"/{date:%Y/%m/%d}/{slug}/",
    tag_path=lambda slug: f"/tag/{slug}/",
    category_path=lambda slug: f"/category/{slug}/",
    author_path=lambda slug: f"/author/{slug}/",
    page_path=lambda n: f"/page/{n}/",
    feed_path="/feed/",
    feed_kind="rss",
    render_article=render_article,
    render_listing=render_listing,
    render_about=render_about,
    boilerplate=boilerplate,
)
