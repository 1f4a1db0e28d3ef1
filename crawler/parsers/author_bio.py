"""The author's bio box at the end of an article's content, and the byline's pictures of the
author: a picture of a person (by its class, alt text or file, or as the byline's avatar) with a
short text beside it that names the author or reads as a bio; without a picture, the last short
blocks when one of them is just the author's name ("X is a writer ...", "Follow @X")."""

from __future__ import annotations

from lxml import etree

from ..kernel.model import Author
from .cleanup import drop
from .cleanup_hints import AVATAR_HINT, BIO_TEXT
from .document import text_of, text_shorter

MAX_BIO_CHARS = 800
MAX_AVATARS = 3  # avatar-like images examined, from the end of the content
MAX_AUTHOR_PICTURES = 10  # pictures named after an author dropped from one body
MIN_BIO_CHARS = 20  # a name at least
MAX_TEXT_AFTER_BIO = 200  # text allowed after a bio box (a footnote, a date)
MAX_BIO_BLOCKS = 5  # trailing blocks examined for a bio without a picture
MAX_TEXT_BIO_CHARS = 400
MAX_BIO_WRAPPERS = 3  # wrappers gone into for the last blocks of the content


def _mentions_author(text: str, names: list[str]) -> bool:
    low = text.lower()
    return any(n and n.lower() in low for n in names) or bool(BIO_TEXT.search(text))


def _text_after(node: etree._Element, content: etree._Element, limit: int) -> int:
    """Characters of text after ``node`` inside ``content`` (counting stops past ``limit``)."""
    total = 0
    while node is not None and node is not content:
        total += len((node.tail or "").strip())
        for sib in node.itersiblings():
            total += len(text_of(sib)) + len((sib.tail or "").strip())
            if total > limit:
                return total
        node = node.getparent()
    return total


def _trailing_group(node: etree._Element) -> tuple[list[etree._Element], str] | None:
    """``node`` and its following siblings when their text is short enough for a bio."""
    group, texts, size = [node], [text_of(node)], len(text_of(node))
    for sib in node.itersiblings():
        if isinstance(sib.tag, str):
            group.append(sib)
            texts.append(text_of(sib))
            size += len(texts[-1])
            if size > MAX_BIO_CHARS:
                return None
    return group, " ".join(texts)


def _bio_group(img: etree._Element, content: etree._Element) -> tuple[list[etree._Element], str] | None:
    """The bio box around an avatar: climbing from the image, the first level where the image's
    block and everything after it (within its parent) hold some text, provided that text is
    short, sits at the end of the content and is less than half of it."""
    node = img
    while node is not content and node.getparent() is not None:
        parent = node.getparent()
        found = _trailing_group(node)
        if found is None:
            return None  # higher levels only hold more text
        group, text = found
        if len(text) >= MIN_BIO_CHARS:
            if _text_after(parent, content, MAX_TEXT_AFTER_BIO) > MAX_TEXT_AFTER_BIO:
                return None
            if parent is not content and group[0] is _first_child(parent):
                group = [parent]  # the box is the whole parent
            return group, text
        node = parent
    return None


def _first_child(el: etree._Element) -> etree._Element | None:
    return next((c for c in el if isinstance(c.tag, str)), None)


def _is_avatar(img: etree._Element, avatars: set[str], repeated: set[str], names: set[str]) -> bool:
    """An author picture: a known avatar URL, an image repeated in the content (the byline's
    avatar again), an author's name as alt text, or avatar-like alt/class/src."""
    src = img.get("src") or ""
    if src and (src in avatars or src in repeated):
        return True
    alt = " ".join((img.get("alt") or "").split()).lower()
    if alt and alt in names:
        return True
    if src and names and _named_file(src.lower(), names):
        return True
    # one string per image (alt and src differ from page to page): searched, not memoised
    return AVATAR_HINT.search(" ".join((alt, img.get("class") or "", src)).lower()) is not None


def _named_file(src: str, names: set[str]) -> bool:
    """Whether an image's file is named after an author ("/team/jane-roe.jpg", "jane_roe-150x150")."""
    name = src.rsplit("/", 1)[-1]
    return any(len(words) > 1 and any(sep.join(words) in name for sep in ("-", "_"))
               for words in (n.split() for n in names))


def _drop_author_pictures(imgs: list[etree._Element], names: set[str]) -> None:
    """Pictures whose alt text is an author's name (a byline's avatar) go, with a link that holds
    nothing else."""
    found = [img for img in imgs if " ".join((img.get("alt") or "").lower().split()) in names]
    for img in found[:MAX_AUTHOR_PICTURES]:  # a byline has one; a page of hundreds is no byline
        parent = img.getparent()
        if parent is None:
            continue
        if parent.tag == "a" and len(parent) == 1 and not text_of(parent):
            drop(parent)
        else:
            drop(img)


def remove_author_bio(content: etree._Element, authors: list[Author] | None = None) -> bool:
    """Remove a trailing author bio box: an avatar image followed by short text that names the
    author or reads as a bio. Returns whether one was removed."""
    names = [a.name for a in authors or [] if a.name]
    avatars = {a.avatar for a in authors or [] if a.avatar}
    removed = _remove_bio(content, names, avatars)
    if names:  # the byline's avatar, where the box around it was not a bio
        _drop_author_pictures(list(content.iter("img")), {" ".join(n.lower().split()) for n in names})
    return removed


def _remove_bio(content: etree._Element, names: list[str], avatars: set[str]) -> bool:
    imgs = list(content.iter("img"))
    srcs = [img.get("src") or "" for img in imgs]
    repeated = {s for s in srcs if s and srcs.count(s) > 1} if len(imgs) < 200 else set()
    lower_names = {n.lower() for n in names}
    candidates = [img for img in reversed(imgs)
                  if _is_avatar(img, avatars, repeated, lower_names)][:MAX_AVATARS]
    content_len = len(text_of(content)) if candidates else 0
    for img in candidates:
        if img.getparent() is None:
            continue
        found = _bio_group(img, content)
        if found is None or len(found[1]) > 0.5 * content_len or not _mentions_author(found[1], names):
            continue
        for el in found[0]:
            drop(el)
        return True
    return _remove_text_bio(content, lower_names)


def _remove_text_bio(content: etree._Element, names: set[str]) -> bool:
    """A bio without a picture: among the last few short blocks, one is just the author's name
    and the blocks from there on read as a bio ("X is a writer...", "Follow @X")."""
    if not names:
        return False
    tail: list[etree._Element] = []
    size = 0
    blocks = [c for c in content if isinstance(c.tag, str)]
    for _ in range(MAX_BIO_WRAPPERS):  # the article's text in a wrapper of its own, last in the content
        last = blocks[-1] if blocks else None
        if last is None or last.tag not in ("div", "section") or len(last) < 2 or text_shorter(
                last, MAX_TEXT_BIO_CHARS):
            break
        blocks = [c for c in last if isinstance(c.tag, str)]
    for block in reversed(blocks[-MAX_BIO_BLOCKS:]):
        size += len(text_of(block))
        if size > MAX_TEXT_BIO_CHARS:
            break
        tail.insert(0, block)
    for i, block in enumerate(tail):
        text = text_of(block)
        low = text.lower()
        if low in names:
            group = tail[i:]
            if len(group) > 1 and BIO_TEXT.search(" ".join(text_of(g) for g in group)):
                for el in group:
                    drop(el)
                return True
            continue
        opener = next((name for name in names if low.startswith(f"{name} ")), None)
        if opener is not None and BIO_TEXT.match(text, len(opener) + 1):
            drop(block)  # one line that opens with the name: "Jane Roe is a professor of …"
            return True
    return False
