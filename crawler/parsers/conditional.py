"""Conditional cleaning of a content element (after :func:`.cleanup.cleanup_content`): the blocks
(lists, tables, divs, sections, forms) whose class says boilerplate or whose shape is not prose
(more list items than paragraphs, pictures without text, link-heavy unless its links are
timestamps beside a heading, tiny) are dropped, the innermost first.

Each block's test reads the text of its links, list items and headings, which the test of every
block around it reads again: texts (and whether a table holds data) are memoised for the walk,
and forgotten for the elements around a dropped block, whose text it changes.
"""

from __future__ import annotations

from lxml import etree

from .cleanup import class_weight, drop
from .document import DENSE_SCRIPT, text_of

#: Blocks that are tested.
CONDITIONAL_TAGS = ("form", "fieldset", "table", "ul", "ol", "div", "section", "header", "dl")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MIN_CHARS_PER_IMAGE = 100  # text beside each picture of a block that is prose with pictures
MIN_BLOCK_CHARS = 25
BOLD_SHARE = 0.9  # of a short block's text in one bold element: a heading set in bold
MAX_EXTRA_ITEMS = 100  # list items beyond the paragraphs that make a block not prose
PROSE_COMMAS = 10
POSITIVE_WEIGHT = 25
MAX_LINK_DENSITY = 0.2
MAX_POSITIVE_LINK_DENSITY = 0.5
MAX_PICTURE_LINK_DENSITY = 0.1
IN_PAGE_LINK_SHARE = 0.3
#: Share of a link-heavy block's text in headings without links that keeps it when its links are
#: timestamps (a live blog entry's title).
UNLINKED_HEADING_SHARE = 0.5
#: Share of the content's text a data table holds for the blocks around it to be kept.
MAIN_TABLE_SHARE = 0.3
#: A table's rows (its inner tables' too), and a row's cells: compiled once, not for every table
#: and row.
_ALL_ROWS = etree.XPath(".//tr")
_CELLS = etree.XPath("./td|./th")


class _Blocks:
    """The walk over one content element's blocks, with its memos."""

    def __init__(self, content: etree._Element) -> None:
        self.texts: dict[etree._Element, str] = {}
        self.tables: dict[etree._Element, bool] = {}
        # the blocks around a data table holding a good part of the content's text
        self.around_main_tables: set[etree._Element] = set()
        least = None
        for table in content.iter("table"):
            if self.data_table(table):
                if least is None:
                    least = MAIN_TABLE_SHARE * len(text_of(content))
                if len(self.text(table)) >= least:
                    self.around_main_tables.update(table.iterancestors())

    def text(self, el: etree._Element) -> str:
        text = self.texts.get(el)
        if text is None:
            text = self.texts[el] = text_of(el)
        return text

    def drop(self, el: etree._Element) -> None:
        for anc in el.iterancestors():
            self.texts.pop(anc, None)
            self.tables.pop(anc, None)
        drop(el)

    def data_table(self, table: etree._Element) -> bool:
        found = self.tables.get(table)
        if found is None:
            found = self.tables[table] = _is_data_table(table)
        return found

    def protected(self, el: etree._Element) -> bool:
        """Code and data tables are kept, and so are the blocks around a data table that holds a
        good part of the content's text, whatever their classes say (a page builder's "widget"
        wrappers hold whole articles)."""
        if el.tag == "pre" or next(el.iterdescendants("pre"), None) is not None:
            return True
        if el in self.around_main_tables:
            return True
        for anc in el.iterancestors():
            if anc.tag in ("pre", "code"):
                return True
            if anc.tag == "table" and self.data_table(anc):
                return True
        return el.tag == "table" and self.data_table(el)

    def link_density(self, el: etree._Element, total: int) -> float:
        if not total:
            return 0.0
        links = 0.0
        for a in el.iter("a"):
            n = len(self.text(a))
            links += n * IN_PAGE_LINK_SHARE if (a.get("href") or "").startswith("#") else n
        return min(1.0, links / total)

    def should_drop(self, el: etree._Element) -> bool:
        """Negative hints, or a shape that is not prose."""
        weight = class_weight(el)
        if weight < 0:
            return True
        text = self.text(el)
        if text.count(",") >= PROSE_COMMAS:
            return False
        text_len = len(text)
        lis = _count_below(el, "li")
        is_list = el.tag in ("ul", "ol") or (
            lis and sum(len(self.text(li)) for li in el.iter("li")) > 0.9 * text_len)
        paras = _count_below(el, "p")
        imgs = _count_below(el, "img")
        heads = sum(len(self.text(h)) for h in el.iter(*HEADING_TAGS))
        heading_density = heads / text_len if text else 0.0
        density = self.link_density(el, text_len)
        figure = any(a.tag == "figure" for a in el.iterancestors())
        if imgs > 1 and paras / imgs < 0.5 and not figure and (
                heads or density > MAX_PICTURE_LINK_DENSITY or text_len < MIN_CHARS_PER_IMAGE * imgs):
            return True
        if not is_list and lis - MAX_EXTRA_ITEMS > paras:
            return True
        if not is_list and heading_density < 0.9 and text_len < MIN_BLOCK_CHARS \
                and _weighted_len(text) < MIN_BLOCK_CHARS \
                and (imgs == 0 or imgs > 2) and not figure:
            return not self.titled(el, heads, text_len) and not self.bold_heading(el, text_len, density)
        if not is_list and weight < POSITIVE_WEIGHT and density > MAX_LINK_DENSITY:
            return not self.titled(el, heads, text_len)
        return weight >= POSITIVE_WEIGHT and density > MAX_POSITIVE_LINK_DENSITY

    def bold_heading(self, el: etree._Element, text_len: int, density: float) -> bool:
        """Whether a short block is a heading set in bold (an old layout's "<div><font><b>NEW
        EQUIPMENT</b></font></div>" between paragraphs): all its text bold, no link, a few words."""
        if not text_len or density or el.find(".//a") is not None:
            return False
        bold = max((len(self.text(b)) for b in el.iter("b", "strong")), default=0)
        return bold >= BOLD_SHARE * text_len

    def titled(self, el: etree._Element, heads: int, text_len: int) -> bool:
        """Whether at least half of ``el``'s text is headings without links and its links are
        timestamps (``<a><time>``): a live blog entry's title beside its permalink, not a teaser
        card, a link list or a commenter's name."""
        if heads < UNLINKED_HEADING_SHARE * text_len:
            return False
        links = list(el.iter("a"))
        if not links or any(a.find(".//time") is None for a in links):
            return False
        unlinked = sum(len(self.text(h)) for h in el.iter(*HEADING_TAGS) if h.find(".//a") is None)
        return unlinked >= UNLINKED_HEADING_SHARE * text_len


def _count_below(el: etree._Element, tag: str) -> int:
    """How many ``tag`` elements ``el`` holds (``len(el.findall(".//tag"))``, without the element
    path's matching in Python)."""
    return len(list(el.iterdescendants(tag)))


def _weighted_len(text: str) -> int:
    """``len(text)``, each character of a dense script counted twice ("묵은지는 오래 끓일수록
    맛있어진다", 18 characters, is a sentence, not a widget's label)."""
    return len(text) + len(DENSE_SCRIPT.findall(text)) if text else 0


def _is_data_table(table: etree._Element) -> bool:
    if (table.get("role") or "").lower() == "presentation":
        return False
    if table.get("summary") or table.find("caption") is not None:
        return True
    if table.find(".//th") is not None or table.find(".//thead") is not None:
        return True
    if table.find(".//table") is not None:
        return False
    rows = _ALL_ROWS(table)
    cols = max((len(_CELLS(r)) for r in rows), default=0)
    return len(rows) >= 10 or cols > 4 or len(rows) * cols > 10


def clean_blocks(content: etree._Element) -> None:
    """Drop the blocks of ``content`` (in place) that fail the test, innermost first."""
    walk = _Blocks(content)
    for el in reversed(list(content.iter(*CONDITIONAL_TAGS))):
        if el is content or el.getparent() is None or walk.protected(el):
            continue
        if walk.should_drop(el):
            walk.drop(el)
