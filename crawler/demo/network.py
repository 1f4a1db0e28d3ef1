"""The built-in demo site network: several article sites under one registrable domain.

:func:`build_network` is pure and deterministic: one seed always gives the same bytes. Each site is
rendered by a different template (see :mod:`crawler.demo.templates`), has a paginated home page,
tag and category pages, ``robots.txt``, ``sitemap.xml`` and a feed, and every article links a
related list that reaches across sites. A ring through all articles guarantees that following the
related lists from any one article (so from any home page) reaches every article.

Rendered URLs carry a port placeholder (:data:`PORT`); :meth:`Network.render` and
:meth:`Network.truth` fill in a real port, and the server does so itself.
"""

from __future__ import annotations

import copy
import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit

from ..kernel.errors import UsageError
from .templates import TEMPLATES
from .templates.base import (
    FEED_TYPES,
    HTML,
    PER_PAGE,
    PORT,
    ROBOTS_TYPE,
    SITEMAP_TYPE,
    Author,
    Block,
    Post,
    Sentence,
    Site,
    SiteIndex,
    feed_xml,
    pager,
    robots_txt,
    sitemap_xml,
)
from .templates.text import TAGLINES, TITLE_PREFIXES, Writer, slugify

__all__ = ["DOMAIN", "PORT", "ArticleTruth", "Network", "Page", "build_network"]

DOMAIN = "demo-news.test"
#: (subdomain, site name, UTC offset in hours) of the first sites; further sites are numbered.
SITE_PLAN = [("www", "Demo News", 0), ("tech", "Demo Tech", 2), ("life", "Demo Life", -5),
             ("travel", "Demo Travel", 1), ("food", "Demo Food", 9), ("money", "Demo Money", -3)]
CATEGORY_POOL = ["Guides", "Reviews", "How-to", "Gardening", "Travel", "Home", "Money", "Gadgets", "Food",
                 "Outdoors", "Workshop", "Culture", "Wellbeing", "Science", "Photography"]
START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 700 * 86400
N_AUTHORS = 10
N_TAGS = 30
RELATED_RANGE = (4, 8)
CROSS_SITE_RATE = 0.6
VARIANT_RATE = 0.2
UTM_QUERY = "utm_source=demo&utm_medium=related&utm_campaign=also-read"
FRAGMENTS = ("comments", "top", "more")
TOOL_ORIGIN = "https://tools.demo-cdn.test"
IMAGE_ORIGIN = "https://img.demo-cdn.test"


@dataclass(frozen=True)
class Page:
    """One served resource: its bytes, its Content-Type and when it last changed (epoch seconds)."""

    body: bytes
    content_type: str = HTML
    last_modified: float | None = None


@dataclass(frozen=True)
class ArticleTruth:
    """What an archiver should recover from one article page.

    ``headings`` are the body's section headings; ``byline_headings`` are heading-tagged lines of
    the body that are not sections (title line, subtitle, author name). ``sentences`` must appear
    in the extracted body text; ``boilerplate`` is page text that must not. ``related`` holds the
    canonical URLs of the related list, in page order (the page may link URL variants of them).
    """

    url: str
    host: str
    path: str
    site: str
    template: str
    title: str
    date: str
    updated: str
    author: str
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    description: str
    keywords: tuple[str, ...]
    thumbnail: str | None
    headings: tuple[str, ...]
    byline_headings: tuple[str, ...]
    related: tuple[str, ...]
    sentences: tuple[str, ...]
    boilerplate: tuple[str, ...]
    #: for a republished copy, the URL of the article it copies (the story's first publication)
    copy_of: str | None = None

    def at_port(self, port: int) -> ArticleTruth:
        p = str(port)
        related = tuple(u.replace(PORT, p) for u in self.related)
        copy_of = self.copy_of.replace(PORT, p) if self.copy_of else None
        return replace(self, url=self.url.replace(PORT, p), related=related, copy_of=copy_of)


@dataclass
class Network:
    """The rendered network: ``pages[host][path]`` (URLs with the port placeholder) and the truth."""

    seed: int
    sites: list[Site]
    pages: dict[str, dict[str, Page]]
    articles: list[ArticleTruth]
    domain: str = DOMAIN
    _by_key: dict[tuple[str, str], ArticleTruth] = field(default_factory=dict, init=False, repr=False)

    @property
    def hosts(self) -> list[str]:
        return [s.host for s in self.sites]

    @property
    def resolve_rule(self) -> str:
        """The ``--resolve`` rule that sends every host of the network to the loopback address."""
        return f"*.{self.domain}:127.0.0.1"

    def home_urls(self, port: int) -> list[str]:
        return [f"http://{h}:{port}/" for h in self.hosts]

    def start_url(self, port: int) -> str:
        return self.home_urls(port)[0]

    def render(self, port: int) -> dict[str, dict[str, Page]]:
        """Every page with the placeholder replaced by ``port``."""
        token, value = PORT.encode(), str(port).encode()
        return {host: {path: replace(page, body=page.body.replace(token, value))
                       for path, page in paths.items()}
                for host, paths in self.pages.items()}

    def truth(self, port: int) -> list[ArticleTruth]:
        return [a.at_port(port) for a in self.articles]

    def article(self, url: str) -> ArticleTruth | None:
        """The truth of the article at ``url`` (placeholder form, or any port)."""
        if not self._by_key:
            self._by_key = {(a.host, a.path): a for a in self.articles}
        parts = urlsplit(url.replace(PORT, "80"))
        return self._by_key.get(((parts.hostname or "").lower(), parts.path or "/"))


# -- generation -----------------------------------------------------------------------------------
def _sites(count: int) -> list[Site]:
    out = []
    for i in range(count):
        sub, name, tz = SITE_PLAN[i] if i < len(SITE_PLAN) else (f"site{i + 1}", f"Demo Site {i + 1}", 0)
        template = TEMPLATES[i % len(TEMPLATES)]
        out.append(Site(host=f"{sub}.{DOMAIN}", name=name, template=template.name, tz_hours=tz,
                        owner=f"{name} Editorial"))
    return out


def _authors(w: Writer) -> list[Author]:
    names: list[str] = []
    while len(names) < N_AUTHORS:
        name = w.person()
        if name not in names:
            names.append(name)
    return [Author(name=n, slug=slugify(n), bio=w.bio(n),
                   avatar=f"{IMAGE_ORIGIN}/avatars/{slugify(n)}/s250-c-k/photo.jpg") for n in names]


def _tags(w: Writer) -> list[str]:
    tags: list[str] = []
    while len(tags) < N_TAGS:
        tag = w.noun() if w.rng.random() < 0.4 else f"{w.adj()}{w.pick([' ', '-'])}{w.noun()}"
        if slugify(tag) not in {slugify(t) for t in tags}:
            tags.append(tag)
    return tags


def _paragraph(w: Writer) -> Block:
    sentences = [Sentence(w.sentence()) for _ in range(w.rng.randint(3, 6))]
    roll = w.rng.random()
    if roll < 0.35:
        s = w.rng.choice(sentences[1:])
        words = s.text.rstrip(".").split(" ")
        i = w.rng.randrange(1, len(words) - 2)
        s.span = " ".join(words[i:i + 2]).rstrip(",;")
        s.mark = "a" if roll < 0.2 else w.pick(["strong", "em"])
        if s.mark == "a":
            s.href = f"{TOOL_ORIGIN}/{slugify(s.span)}/download/"
    return Block("p", sentences=sentences)


def _blocks(w: Writer, template: str) -> tuple[list[Block], list[tuple[str, list[Block]]]]:
    r = w.rng
    intro = [_paragraph(w) for _ in range(r.randint(1, 2))]
    n = r.randint(3, 6)
    extras = {"quote": r.randrange(n) if template == "magazine" or r.random() < 0.2 else -1,
              "table": r.randrange(n) if r.random() < 0.2 else -1,
              "code": r.randrange(n) if r.random() < 0.15 else -1}
    sections = []
    headings: list[str] = []
    for k in range(1, n + 1):
        heading = w.heading(k)
        while heading in headings:
            heading = w.heading(k)
        headings.append(heading)
        blocks: list[Block] = []
        if r.random() < 0.5:
            blocks.append(Block("img", src=f"{IMAGE_ORIGIN}/article-images/{slugify(heading)}.jpg",
                                alt=slugify(heading).replace("-", " ")))
        blocks += [_paragraph(w) for _ in range(r.randint(1, 3))]
        if r.random() < 0.25:
            items = [w.list_item() for _ in range(r.randint(3, 5))]
            blocks.append(Block(r.choice(["ul", "ol"]), items=items))
        if extras["quote"] == k - 1:
            blocks.append(Block("quote", text=w.sentence()))
        if extras["table"] == k - 1:
            rows = [[w.noun().capitalize() for _ in range(3)]]
            rows += [[w.adj(), w.noun(), str(r.randint(2, 99))] for _ in range(r.randint(2, 4))]
            blocks.append(Block("table", rows=rows))
        if extras["code"] == k - 1:
            a, b, c = w.noun(), w.noun(), w.adj()
            blocks.append(Block("code", alt=r.choice(["bash", "python"]),
                                text=f"pip install {a}-{b}\n{a} --{c} input.txt output.txt"))
        sections.append((heading, blocks))
    return intro, sections


def _post(w: Writer, site: Site, authors: list[Author], tags: list[str], cats: list[str],
          taken: set[str]) -> Post:
    r = w.rng
    template = next(t for t in TEMPLATES if t.name == site.template)
    core = w.title_core()
    while slugify(core) in taken:
        core = w.title_core()
    taken.add(slugify(core))
    title = (r.choice(TITLE_PREFIXES) if site.template == "seedlike" else "") + core
    tz = timezone(timedelta(hours=site.tz_hours))
    date = (START + timedelta(seconds=r.randint(0, SPAN_SECONDS))).astimezone(tz)
    updated = date + timedelta(seconds=r.randint(3600, 60 * 86400))
    seedlike = site.template == "seedlike"
    desc = f"This Article Describes {title}" if seedlike and r.random() < 0.5 else w.sentence()
    keywords = [" ".join(x.capitalize() for x in w.words(r.randint(2, 3))) for _ in range(r.randint(4, 6))]
    intro, sections = _blocks(w, site.template)
    n_comments = r.randint(1, 3) if site.template == "blog" else 0
    return Post(
        site=site, path=template.article_path(slugify(core), date), title=title, core=core,
        subtitle=w.subtitle(), author=r.choice(authors), date=date, updated=updated,
        tags=r.sample(tags, r.randint(1, 4)), categories=r.sample(cats, r.randint(1, 2)), description=desc,
        keywords=keywords if seedlike else [],
        thumbnail=f"{IMAGE_ORIGIN}/thumbs/{hashlib.sha1(core.encode()).hexdigest()[:20]}.jpg",
        tagline=r.choice(TAGLINES), intro=intro, sections=sections,
        comments=[(w.person(), w.comment()) for _ in range(n_comments)],
        promo=w.promo(site.name))


#: Prefixes a content network puts on the title of an article it publishes again.
REPUBLISH_PREFIXES = ["[Updated] ", "[New] ", "In 2024, ", "2024 Approved: ", "[Updated] In 2024, "]
#: A paragraph every look-alike shares with the article it looks like (a network's boilerplate).
SHARED_NOTE = ("Editor's note: prices and availability were checked at the time of writing and may "
               "have changed since; we may earn a commission when you buy through our links, which "
               "never changes what we recommend or how we test the products we review.")


def _republish(r: random.Random, w: Writer, posts: list[Post], copies: int,
               lookalikes: int) -> dict[int, int]:
    """Turn the last ``copies`` posts into republished copies of earlier ones (the same body with one
    to three sentences edited, sometimes a section dropped, a prefixed title, a later date, another
    site when there is one) and the ``lookalikes`` before them into different stories that look like
    an earlier one (the same title behind a prefix, a shared boilerplate paragraph). Returns
    {copy's index: its source's index}."""
    n = len(posts)
    first_copy, first_alike = n - copies, n - copies - lookalikes
    sources = list(range(max(1, first_alike)))
    made: dict[int, int] = {}
    for i in range(first_copy, n):
        post = posts[i]
        src_i = r.choice(sources)
        src = posts[made.get(src_i, src_i)]
        intro, sections = copy.deepcopy(src.intro), copy.deepcopy(src.sections)
        paragraphs = [b for b in intro + [b for _, bs in sections for b in bs] if b.kind == "p"]
        for _ in range(r.randint(1, 3)):  # light edits: a sentence rewritten here and there
            block = r.choice(paragraphs)
            k = r.randrange(len(block.sentences))
            block.sentences[k] = Sentence(w.sentence())
        if len(sections) > 3 and r.random() < 0.3:
            sections = sections[:-1]
        title = r.choice(REPUBLISH_PREFIXES) + src.core
        date = src.date + timedelta(days=r.randint(20, 400), seconds=r.randint(0, 86400))
        template = next(t for t in TEMPLATES if t.name == post.site.template)
        posts[i] = replace(post, title=title, core=src.core, subtitle=src.subtitle, intro=intro,
                           sections=sections, date=date.astimezone(post.date.tzinfo),
                           updated=date + timedelta(hours=r.randint(1, 72)),
                           path=template.article_path(slugify(title), date))
        made[i] = made.get(src_i, src_i)
    for i in range(first_alike, first_copy):
        post = posts[i]
        src = posts[r.choice(sources)]
        template = next(t for t in TEMPLATES if t.name == post.site.template)
        title = r.choice(REPUBLISH_PREFIXES) + src.core
        note = Block("p", sentences=[Sentence(SHARED_NOTE)])
        posts[i] = replace(post, title=title, core=src.core, intro=[note, *post.intro],
                           path=template.article_path(slugify(title + " " + post.core), post.date))
        src.intro = [note, *src.intro] if src.intro[0].sentences[0].text != SHARED_NOTE else src.intro
    return made


def _variant(r: random.Random, url: str) -> str:
    if r.random() >= VARIANT_RATE:
        return url
    kinds = ["utm", "fragment"] + (["index"] if url.endswith("/") else [])
    kind = r.choice(kinds)
    if kind == "utm":
        return f"{url}?{UTM_QUERY}"
    if kind == "fragment":
        return f"{url}#{r.choice(FRAGMENTS)}"
    return url + "index.html"


def _link_related(r: random.Random, posts: list[Post]) -> None:
    order = list(range(len(posts)))
    r.shuffle(order)
    ring = {order[i]: order[(i + 1) % len(order)] for i in range(len(order))}
    for i, post in enumerate(posts):
        want = min(r.randint(*RELATED_RANGE), len(posts) - 1)
        chosen = [ring[i]] if ring[i] != i else []
        tries = 0
        while len(chosen) < want:
            c = r.randrange(len(posts))
            tries += 1
            cross = posts[c].site.host != post.site.host
            if c == i or c in chosen or (tries < 50 and cross != (r.random() < CROSS_SITE_RATE)):
                continue
            chosen.append(c)
        r.shuffle(chosen)
        post.related = [(_variant(r, posts[c].url), posts[c].title) for c in chosen]
        post.related_canonical = [posts[c].url for c in chosen]


def _render_site(index: SiteIndex) -> dict[str, Page]:
    site, t, posts = index.site, index.template, index.posts
    newest = max((p.updated for p in posts), default=START).timestamp()
    pages = {p.path: Page(t.render_article(p, index).encode(), HTML, p.updated.timestamp()) for p in posts}

    def listing(path: str, heading: str, items: list[Post], links: list[tuple[str, str]]) -> None:
        pages[path] = Page(t.render_listing(index, heading, path, items, links).encode(), HTML, newest)

    n_pages = max(1, -(-len(posts) // PER_PAGE))
    for n in range(1, n_pages + 1):
        path = "/" if n == 1 else t.page_path(n)
        listing(path, site.name if n == 1 else f"{site.name} \u2013 page {n}",
                posts[(n - 1) * PER_PAGE:n * PER_PAGE], pager(index, n, n_pages))
    groups = [(t.tag_path, "Tag", index.tags, lambda p: p.tags),
              (t.category_path, "Category", index.categories, lambda p: p.categories)]
    if t.author_path:
        names = sorted({p.author.name for p in posts})
        groups.append((t.author_path, "Author", names, lambda p: [p.author.name]))
    for path_of, label, values, of in groups:
        for value in values:
            listing(path_of(slugify(value)), f"{label}: {value}", [p for p in posts if value in of(p)], [])
    pages["/about/"] = Page(t.render_about(index).encode(), HTML, newest)
    pages["/robots.txt"] = Page(robots_txt(site).encode(), ROBOTS_TYPE, newest)
    pages[t.feed_path] = Page(feed_xml(index).encode(), FEED_TYPES[t.feed_kind], newest)
    extra = sorted(p for p in pages if p.endswith("/") and p not in {q.path for q in posts})
    pages["/sitemap.xml"] = Page(sitemap_xml(index, extra).encode(), SITEMAP_TYPE, newest)
    return pages


def _truth(post: Post, index: SiteIndex, copy_of: str | None = None) -> ArticleTruth:
    plain = [s.text for b in post.intro + [b for _, bs in post.sections for b in bs] if b.kind == "p"
             for s in b.sentences if not s.mark]
    picks = sorted({0, len(plain) // 2, len(plain) - 1}) if plain else []
    seedlike = post.site.template == "seedlike"
    return ArticleTruth(
        url=post.url, host=post.site.host, path=post.path, site=post.site.name, template=post.site.template,
        title=post.title, date=post.date.isoformat(), updated=post.updated.isoformat(),
        author=post.author.name,
        tags=tuple(post.tags), categories=tuple(post.categories), description=post.description,
        keywords=tuple(post.keywords), thumbnail=None if seedlike else post.thumbnail,
        headings=tuple(h for h, _ in post.sections),
        byline_headings=(post.core, post.subtitle, post.author.name) if seedlike else (),
        related=tuple(post.related_canonical), sentences=tuple(plain[i] for i in picks),
        boilerplate=tuple(index.template.boilerplate(post)), copy_of=copy_of)


def build_network(seed: int = 7, sites: int = 3, articles: int = 60, copies: int = 0,
                  lookalikes: int = 0) -> Network:
    """Generate the demo network: ``sites`` sites sharing ``articles`` articles (each site gets one
    at least), of which ``copies`` are republished copies of others and ``lookalikes`` different
    stories titled like another one (see :func:`_republish`). Raises :class:`UsageError` for fewer
    than one site or fewer articles than sites."""
    if sites < 1:
        raise UsageError(f"the demo network needs at least 1 site (got {sites})")
    if articles < sites:
        raise UsageError(f"the demo network needs at least one article per site ({articles} "
                         f"articles, {sites} sites)")
    r = random.Random(seed)
    w = Writer(r)
    site_list = _sites(sites)
    authors, tags = _authors(w), _tags(w)
    cats = {s.host: r.sample(CATEGORY_POOL, 5) for s in site_list}
    owners = [site_list[i % sites] for i in range(articles)]
    r.shuffle(owners)
    taken: set[str] = set()
    posts = [_post(w, s, authors, tags, cats[s.host], taken) for s in owners]
    if copies or lookalikes:
        if copies + lookalikes >= articles:
            raise UsageError(f"the demo network needs originals: {copies} copies and {lookalikes} "
                             f"look-alikes of {articles} articles")
        made = _republish(random.Random(f"republish-{seed}"), Writer(random.Random(f"edits-{seed}")),
                          posts, copies, lookalikes)
    else:
        made = {}
    copy_of = {id(posts[i]): posts[j].url for i, j in made.items()}
    _link_related(r, posts)
    pages: dict[str, dict[str, Page]] = {}
    truth: list[ArticleTruth] = []
    for site in site_list:
        template = next(t for t in TEMPLATES if t.name == site.template)
        own = sorted((p for p in posts if p.site is site), key=lambda p: (p.date, p.path), reverse=True)
        index = SiteIndex(site, template, own)
        pages[site.host] = _render_site(index)
        truth += [_truth(p, index, copy_of.get(id(p))) for p in own]
    return Network(seed=seed, sites=site_list, pages=pages, articles=truth)
