"""The class/id hints and texts that tell boilerplate from the article (see :mod:`.cleanup`).

Patterns are written in lower case and matched against lower-cased class and id strings with
:func:`crawler.parsers.document.hint`; none names a particular site.
"""

from __future__ import annotations

import re

from .patterns import compile_words


def class_tokens(words: str) -> re.Pattern[str]:
    """A pattern of whole class/id tokens: one of ``words`` set apart by white space, "-" or "_"
    on both sides, or at an end of the string ("ad", "top-ad", "ad_slot"; not "header")."""
    return re.compile(rf"(?:^|[\s_-])(?:{words})(?:$|[\s_-])")


#: Class tokens of text meant for screen readers only ("Share on X", "opens in a new window").
SCREEN_READER_WORDS = ("sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden")
SCREEN_READER = re.compile(rf"(?:^|\s)(?:{'|'.join(map(re.escape, SCREEN_READER_WORDS))})(?:\s|$)")
#: Class/id of ad slots ("ad", "ads", "ad-slot", "top-ad", "advert", "sponsored", "adsbygoogle") and
#: affiliate units ("affiliate-box", "aff-btn").
AD_HINT = class_tokens(
    r"ads?|adv|advert\w*|adsbygoogle|adslot|adunit|adbox|adwrap\w*|dfp\w*|gpt-ad\w*|"
    r"sponsor\w*|promo(?!ted)\w*|taboola\w*|outbrain\w*|"  # Drupal's "node-promoted" is the article
    # affiliate units: a booking or shop box with a "check prices" button (not a link in the text, nor
    # a product comparison table, which reviews write as part of the article)
    r"aff(?:iliate)?[-_]?(?:box|block|widget|card|banner|cta|btn|button)\w*")
#: A block whose whole text, whitespace aside, is an ad slot's label (matched on the raw text).
#: "Advertisement" in Armenian, Turkish and Azerbaijani, Albanian, Icelandic, Malay and Indonesian,
#: Kazakh, Georgian, Urdu, Bengali, Marathi and Hindi: an ad slot's label, often between dashes.
MORE_AD_LABELS = ("գովազդ|reklam|reklamë|auglýsing|iklan|жарнама|რეკლამა|اشتہار|বিজ্ঞাপন|जाहिरात|विज्ञापन|"
                  "xayaysiis|isikhangiso|ìpolówó|talla|ڕیکلام|ໂຄສະນາ|ବିଜ୍ଞାପନ|iragarkia|advertensie|"
                  "ማስታወቂያ|ការផ្សាយពាណិជ្ជកម្ម|ကြော်ငြာ|දැන්වීම|ప్రకటన|"
                  # Gujarati, Punjabi, Kannada, Malayalam, Tamil, Nepali, Georgian, Latvian, Lithuanian,
                  # Estonian, Slovenian and Croatian, Greek, Vietnamese, Thai
                  "જાહેરાત|ਇਸ਼ਤਿਹਾਰ|ಜಾಹೀರಾತು|പരസ്യം|விளம்பரம்|विज्ञापन|სარეკლამო|reklāma|reklama|"
                  "reklaam|oglas|διαφήμιση|quảng cáo|โฆษณา")
AD_LABEL = re.compile(
    r"\s*(?:[-–—]\s*)?(?:advertisement|advertising|sponsored(?:\s+content)?|ad|anzeige|publicité|reklama|"
    rf"реклама|{MORE_AD_LABELS})\s*(?:[-–—]\s*)?\Z", re.I)  # one run of spaces each side of a dash
#: Class/id words of a post's links to the previous and the next post.
POST_NAV_WORDS = r"post-nav\w*|nav-links|next-?prev\w*|prev(?:ious)?-?next\w*|pre-?next\w*"
POST_NAV_HINT = class_tokens(POST_NAV_WORDS)
#: Class/id of widgets that sit inside content columns but are not the article.
WIDGET_HINT = class_tokens(
    r"share\w*|sharing|social\w*|sharedaddy|addthis|addtoany|a2a\w*|sociable|"
    r"comments?|comment-?(?:list|form|respond|area|section|s-area)|commentlist|respond|disqus\w*|"
    # comments in Spanish and Portuguese, German, French, Italian, Polish, Hungarian
    r"coment[aá]rios|kommentare|commentaires|commenti|komentarze|hozzaszolas(?:ok)?|"
    # an Israeli site's comments ("talkbacks"); a box inviting readers to a messaging channel
    r"talkbacks?|(?:whatsapp|telegram)-?(?:channel|promo|cta|join|box)\w*|"
    r"newsletter\w*|subscri\w+|signup|sign-up|cookie\w*|consent|gdpr|breadcrumbs?|pagination|pager|"
    r"(?:av-)?mailchimp\w*|mc4wp\w*|mailpoet\w*|"  # sign-up plugins
    rf"{POST_NAV_WORDS}|"
    # appeals for money or members, and a licence box inviting other sites to copy the article
    r"donat\w*|fundrais\w*|support-?us|epic|contributions?-?(?:epic|ask|banner|promo)|"
    r"membership-?(?:ask|cta|promo|banner)|republish\w*|tip-?jar\w*|support-?box\w*|"
    # readers' reactions to the story (a row of emoji buttons with counts)
    r"reactions?|(?:post|article|news|emoji)-?reactions?|"
    # an affiliate or advertiser disclosure; a company blog's box of open jobs
    r"how-?we-?(?:test|review|rate)\w*|(?:affiliate|advertiser|ad)-?(?:disclosure|disclaimer)\w*|(?:hiring|careers?|jobs?)-?(?:callout|box|banner|cta)\w*|"
    # a call to action set in the text: HubSpot's embed, a box or banner of its own
    r"hs-cta\w*|cta-?(?:box|banner|block|wrap\w*|section|container|callout|panel|module)|"
    # a news site's badge of the Trust Project's criteria; a reader's mood poll
    r"trust-?project\w*|trust-?(?:box|badge|block)\w*|mood-?meter\w*|"
    # a pop-up of an app or a newsletter (a link classed "popup" opens a note: text), a box offering a
    # subscription ("bloc-abo": abonnement)
    r"(?:popup|pop-up)-?(?:app|newsletter|subscribe|signup|promo|banner)\w*|"
    r"(?:app|newsletter|subscribe|signup|promo)-?(?:popup|pop-up)\w*|app-?(?:promo|download|banner|box)\w*|"
    r"bloc-abo\w*|abo-?box\w*|abonnement\w*")
#: Class/id of an embedded video player or its placeholder (a poster, a play button, the video's
#: title: "Watch: …", "Il video: …", "【動画】…"); a WordPress video post's own class is none.
VIDEO_HINT = class_tokens(r"(?<!format-)video\w*|\w+video|(?:jw|video|media)-?player\w*|jwplayer\w*|"
                          r"brightcove\w*|dailymotion\w*|vjs\w*")
#: Class/id of the article's own text kept for subscribers ("subscriber-only", "subscriber-preview"):
#: the subscription words of the hints above name what holds it, not a promo.
GATED_TEXT = class_tokens(r"subscribers?-(?:only|content|preview|premium|body|text|article)")
#: Class/id tokens of a readers' comment thread or an obituary's guest book: it goes from the
#: content whatever its length, unless it holds half of the content's text.
COMMENT_AREA = class_tokens(r"comments|comments-area|comment-list|commentlist|comments-list|guestbook|"
                            r"guest-book|condolences?|disqus_thread|respond|webmentions?")
#: What an e-mail sign-up box says (a comment or a search form does not).
SIGNUP_WORDS = re.compile(
    r"newsletter|letter|sign[ -]?up|subscri|inbox|mailing list|join|send me|updates|digest|"
    r"abonn|anmeld|inscri|suscr|iscriv|nieuwsbrief")
#: Form addresses of sign-up boxes: a newsletter, a subscription, a mailing-list service.
SIGNUP_ACTION = re.compile(r"newsletter|subscri|sign-?up|list-manage|mailchimp|mailing-?list|mailerlite")
#: Class/id of small controls (print and "Jump to Recipe" buttons, tool bars, a player's controls):
#: only tiny elements are dropped for it, since recipe and shop templates put the same words on
#: content ("print-full", "recipe-tools").
CONTROL_HINT = class_tokens(r"print|toolbar|controls|jump|jump-to\w*|skip-?link|skip-to\w*")
#: Class/id of an article's metadata line ("March 1, 2024 · 3 min · Jane Roe"): the fields are
#: extracted from the page; the line itself is not body text. BEM names join with "__"
#: ("p-article__info").
META_LINE_HINT = class_tokens(
    r"(?:post|entry|article|story|blog)(?:[-_]|__)?(?:meta\w*|info|details|date|byline)|"
    r"meta[-_]?(?:data|info|line|bar)|postmeta|posted[-_]?on|reading[-_]?time|read[-_]?time")
#: Class/id of a kicker: the section or topic label over a headline ("Agricultura", "Sverige").
KICKER_HINT = class_tokens(
    r"kicker|eyebrow|overline|topline|dachzeile|spitzmarke|surtitre|sur-?titre|"
    r"ante-?t[ií]tulo|occhiello|super-?title|pre-?title|over-?title")
#: Class/id of a photo credit ("credit", "photo-credit", "media__credit", "photographer", "copyright",
#: "credito", "fotograf", "bildnachweis", "image-source"): the credit of a picture, not body text
#: (only short elements without a picture of their own are dropped for it; "credit-card" is no credit).
CREDIT_HINT = class_tokens(
    r"credits?(?![-_]?cards?)|cr[eé]ditos?|copyright|photographer|photo[-_]?by|"
    r"fot[oó]graf(?:o|a|en|er)?|bildnachweis|bildquelle|bildrechte|fotonachweis|"
    r"(?:photo|image|img|foto|bild)[-_]?(?:source|quelle|fuente|fonte)")
#: Class/id of a table of contents: links to the article's own headings, which the sections keep.
TOC_HINT = class_tokens(
    r"toc|toc[-_]?(?:container|wrapper|list)|table[-_]?of[-_]?contents|tableofcontents|"
    r"ez-toc-container")
#: Class/id of a subtitle under the headline (standfirst, dek, strapline).
SUBTITLE_HINT = class_tokens(
    r"sub-?title|subhead(?:line|ing)?|standfirst|stand-first|dek|deck|strapline|tagline|"
    r"lede|lead-?in|summary|excerpt|intro")
#: Class of an <aside> that is the article's own note, warning or tip box (an admonition, as
#: documentation and blog renderers write them: "admonition note", "callout", Zenn's "msg alert"); the
#: short words only as class names of their own ("tip", not "tip-jar").
ADMONITION_HINT = re.compile(
    r"admonition|callout|(?:^|\s)(?:msg|alert|warning|caution|note|tip|hint|important)(?:\s|$)|"
    # an editor's box in the text: key facts, a timeline, a fact box ("factbox", "fact-box")
    r"(?<![a-z])(?:fact-?box|key-?facts|timeline|at-a-glance|faktenbox|faktbox)(?![a-z])|"
    # a review's verdict and its pros and cons, a story's key points
    r"(?<![a-z])(?:verdict(?:-?box)?|pros-?(?:and-?)?cons|key-?(?:points|takeaways)|takeaways)(?![a-z])|"
    # a pull quote: kept here, and dropped with the pull quotes (:mod:`.pull_quotes`) when the text
    # holds its words already
    r"pull[-_]?quote")
#: Class/id of author bio boxes.
BIO_HINT = re.compile(
    r"author[-_]?(?:bio\w*|box|info|card|profile|about|details|block|wrap\w*|description|section)|"
    r"about[-_]?(?:the[-_]?)?author|bio[-_]?box|(?:^|\s)(?:post|entry)-author(?:\s|$)")
#: Signals of a byline-like element (removed when it is small and not the only text).
BYLINE_HINT = re.compile(r"byline|dateline|writtenby|p-author")
AVATAR_HINT = re.compile(r"avatar|gravatar|author|headshot|profile[-_]?(?:pic|photo|image)|mugshot"
                         r"|/(?:reporters?|writers?|journalists?|contributors?|columnists?|staff)/")
BIO_TEXT = re.compile(
    r"\b(?:is an?|was an?)\b[^.]{0,60}\b(?:writer|editor|journalist|author|reporter|contributor|columnist|"
    r"correspondent|blogger|lover|fan|enthusiast|expert|specialist|developer|engineer|designer|researcher|"
    r"professor|lecturer|fellow|director|founder|analyst|economist|historian|scientist|lawyer|doctor|"
    r"physician|consultant|member)"
    r"|\bfollow\s+(?:@|me|him|her|them|on)|\bwrites about\b|\bhas written\b",
    re.I,
)
#: A list or section of the article's footnotes or endnotes (Markdown renderers, WordPress and
#: Pandoc write these names; "foot" among the negative hints means a page footer, not these).
FOOTNOTES = re.compile(r"(?<![a-z0-9])(?:(?:foot|end)notes|(?:foot|end)note[-_](?:list|section|area|block))"
                       r"(?![a-z0-9])|^doc-(?:end|foot)notes?$|"
                       r"(?<![\w-])footnote(?![\w-])")  # Python-Markdown's (MkDocs, Pelican), a whole name
POSITIVE = compile_words(
    r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose")
NEGATIVE = compile_words(
    r"-ad-|hidden|^hid$|\shid$|\shid\s|^hid\s|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|"
    r"masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|"
    r"shopping|tags|toolbar|tooltip|widget|byline|author-|subscribe|newsletter")
#: Labels of a summary box, in the languages the body's other labels cover (lower-case, whole text).
SUMMARY_LABEL = re.compile(
    r"(?:key (?:points|takeaways|facts|findings|highlights)|(?:the )?takeaways?|highlights|at a glance|"
    r"in brief|in short|tl;? ?dr|(?:the )?bottom line|quick take|(?:our |the )?verdict|pros (?:and|&) cons|"
    r"the short version|what you need to know|story highlights|"
    # German, French, Spanish, Italian, Portuguese, Dutch
    r"auf einen blick|das wichtigste in kürze|das wichtigste|kurz und knapp|en bref|l'essentiel|"
    r"ce qu'il faut retenir|à retenir|en resumen|lo esencial|claves|in sintesi|in breve|"
    r"em resumo|resumo|pontos-chave|in het kort|de belangrijkste punten)\s*:?")
MAX_SUMMARY_LABEL_CHARS = 40
