"""The verdict on a page's access (see :mod:`.access`): from what the scan found on the page and
the words of the body extracted once its blocks were taken out.

* ``wall``: the page holds (almost) nothing but a consent dialog, a login prompt or a paywall;
* ``restricted``: a subscription or login prompt closes a short body (little text follows it) of a
  page that does not declare itself free in JSON-LD, or
  JSON-LD declares the article not free and the body falls short of it (of the declared word count,
  of the paywalled part, or of a teaser's length), or a prompt and a body under 30% of the
  declared word count;
* ``free`` otherwise (the reason names the blocks removed, if any).
"""

from __future__ import annotations

import re

from .access import CONSENT_KIND, FREE, LOGIN_KIND, PAYWALL_KIND, RESTRICTED, TRAILING_WORDS, WALL, AccessScan

#: Below this many body words a consent or login block is a wall; below WALL_PROMO_WORDS, a promo.
WALL_WORDS = 30
WALL_PROMO_WORDS = 25
#: A prompt after a body of more than this many words is an advertisement under a full article.
TEASER_MAX_WORDS = 600
#: A JSON-LD paywall declaration without a declared word count: a body this long is the full text.
DECLARED_FULL_WORDS = 150
#: A page whose paragraphs outside the blocks found hold this many words is no wall (whatever the
#: extracted body: the article is on the page).
PAGE_PROSE_WORDS = 150
#: A consent banner that is no dialog makes a wall only of a page with (almost) no text at all.
EMPTY_WORDS = 10
EMPTY_PAGE_WORDS = 40
#: A paywall modal over the page makes a teaser of a body shorter than this.
OVERLAY_TEASER_WORDS = 150
#: JSON-LD paywall pages with this share of the declared word count (or a served paywalled part of
#: PART_WORDS words) carry the full text.
FULL_SHARE = 0.8
PART_WORDS = 100
#: Without any JSON-LD declaration, a body under this share of the declared word count, with a
#: prompt on the page, is a teaser.
TRUNCATED_SHARE = 0.3
MIN_DECLARED_WORDS = 300
_SPACE = re.compile(r"\s+")


def _quote(phrase: str) -> str:
    phrase = _SPACE.sub(" ", phrase).strip()
    return "'" + (phrase[:60] + "…" if len(phrase) > 60 else phrase).lower() + "'"


def decide(scan: AccessScan, body_words: int) -> tuple[str, str | None]:
    """``(access, reason)`` of a page from its scan and the words of its extracted body."""
    consent, login, paywall = scan.of(CONSENT_KIND), scan.of(LOGIN_KIND), scan.of(PAYWALL_KIND)
    if scan.page_words < PAGE_PROSE_WORDS:  # nothing on the page but the wall
        # a consent dialog over the page, or a banner and nothing else (a short post keeps its banner)
        dialog = [b for b in consent if b.overlay] or (consent if body_words < EMPTY_WORDS
                                                       and scan.page_words < EMPTY_PAGE_WORDS else [])
        if body_words < WALL_WORDS and dialog:
            shown = "dialog" if dialog[0].overlay else "banner"
            return WALL, f"consent wall: {_quote(dialog[0].phrase)} {shown}, body {body_words} words"
        if body_words < WALL_WORDS and login:
            return WALL, f"login wall: {_quote(login[0].phrase)}, body {body_words} words"
        if body_words < WALL_PROMO_WORDS and paywall:
            return WALL, f"paywall: {_quote(paywall[0].phrase)}, body {body_words} words"
    # a prompt that closes the text (a modal over the page says little about the text under it)
    gate = [b for b in login + paywall if b.trailing <= TRAILING_WORDS
            and (not b.overlay or body_words < OVERLAY_TEASER_WORDS)]
    declared = scan.declared_words
    of_declared = f" of {declared} declared" if declared else ""
    if gate and body_words <= TEASER_MAX_WORDS and scan.free_declared is not True:  # declared free: an ad
        what = "login prompt" if gate[0].kind == LOGIN_KIND else "paywall promo"
        return RESTRICTED, (f"{what}: {_quote(gate[0].phrase)} after the body "
                            f"({body_words}{of_declared} words)")
    if scan.free_declared is False:
        full = (declared and body_words >= FULL_SHARE * declared) or (scan.part_words or 0) >= PART_WORDS \
            or (not declared and body_words >= DECLARED_FULL_WORDS)
        if full:
            return FREE, f"json-ld isAccessibleForFree=false, full text served ({body_words} words)"
        if body_words < WALL_PROMO_WORDS and scan.page_words < PAGE_PROSE_WORDS:
            return WALL, f"json-ld isAccessibleForFree=false, body {body_words} words"
        return RESTRICTED, f"json-ld isAccessibleForFree=false, body {body_words}{of_declared} words"
    truncated = declared and declared >= MIN_DECLARED_WORDS and body_words < TRUNCATED_SHARE * declared
    if truncated and (login or paywall):
        prompt = (login or paywall)[0]
        return RESTRICTED, f"body {body_words} of {declared} declared words, prompt {_quote(prompt.phrase)}"
    removed = sorted({b.kind for b in scan.blocks})
    return FREE, (f"removed: {', '.join(removed)} block" if removed else None)
