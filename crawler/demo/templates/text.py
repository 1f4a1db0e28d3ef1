"""A tiny built-in lexicon and a seeded writer of invented titles, headings and sentences.

Everything is generated from the word lists below with :class:`random.Random`, so one seed always
gives the same text. Body sentences, author bios, comments and other page furniture use disjoint
sentence patterns, which lets the ground truth say which text belongs to the article body.
"""

from __future__ import annotations

import random
import re
import unicodedata

NOUNS = """
garden router notebook kettle bicycle harbour lantern spreadsheet compass workshop battery
camera tripod microphone keyboard monitor backpack tent kayak trail recipe oven skillet
sourdough pantry balcony window ladder toolbox drill bookcase cabinet desk lamp printer tablet
charger cable speaker playlist podcast studio canvas brush palette sketchbook journal calendar
budget invoice wallet mortgage pension pocket habit routine morning evening weekend journey
ticket passport suitcase map island village market bakery orchard vineyard meadow river bridge
tunnel station platform engine helmet sneaker jacket glove blanket pillow mattress curtain
carpet sofa mirror clock thermostat heater fan filter sensor drone satellite telescope planet
comet glacier volcano forest canyon desert lighthouse ferry sailboat harness rope compost
seedling greenhouse beehive fountain courtyard library museum gallery theatre festival
""".split()

ADJECTIVES = """
quiet practical sturdy bright careful simple honest modest clever patient gentle steady
compact portable reliable affordable durable flexible seasonal weekly daily local remote
hidden forgotten overlooked surprising familiar ordinary unusual curious bold calm crisp
fresh warm cool dusty tidy messy humble generous thoughtful playful serious rapid slow
narrow wide shallow deep early late small large ancient modern rustic urban rural coastal
wooden metal woven folded layered
""".split()

VERBS = """
adjust balance capture clean collect compare connect create deliver design explore fix follow
gather handle improve launch measure monitor organize polish prepare protect publish reduce
repair replace review share simplify sort test track train update visit wash welcome carry
study copy tidy stretch watch finish brush mix arrange borrow label paint restore unpack
""".split()

ADVERBS = "quietly carefully slowly quickly gently steadily rarely often patiently happily".split()
PLACES = ["the kitchen", "the shed", "a small office", "the balcony", "the garage", "a rented flat",
          "the back garden", "a shared studio", "the station café", "a mountain hut"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
FIRST_NAMES = """Ada Bruno Clara Dmitri Elena Farid Greta Hugo Ines Jonas Kaito Lena Marco Nadia
Oskar Priya Quentin Rosa Soren Tamsin Umar Vera Wendel Xenia Yusuf Zora""".split()
LAST_NAMES = """Albright Brennan Castell Duarte Eklund Fairweather Grimaldi Holloway Ibarra
Jablonski Kestrel Lindqvist Moreau Novak Okafor Pellegrini Quist Rowan Sandoval Thorne
Underwood Valdez Whitlock Yarrow Zeller""".split()
#: A few words with non-ASCII letters, so pages exercise UTF-8 handling end to end.
UNICODE_WORDS = ["Café", "Zürich", "Crème", "Smörgåsbord", "Déjà Vu", "Piñata", "Straße", "Ångström"]
AUDIENCES = ["Beginners", "Busy Parents", "Small Teams", "Students", "Weekend Makers", "Commuters"]
TITLE_PREFIXES = ["", "", "", "[Updated] ", "[New] ", "In 2024, ", "2024 Approved: "]
TAGLINES = ["Proven solutions", "Expert tips", "Hands-on review", "Step-by-step guide", "Field notes"]


def slugify(text: str) -> str:
    """Lower-case ASCII slug of a title: ``Café & Kettle Tips`` -> ``cafe-kettle-tips``."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:70].strip("-") or "post"


def _third_person(verb: str) -> str:
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    if re.search(r"(s|sh|ch|x)$", verb):
        return verb + "es"
    return verb + "s"


def _past(verb: str) -> str:
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    return verb + ("d" if verb.endswith("e") else "ed")


def _gerund(verb: str) -> str:
    return (verb[:-1] if verb.endswith("e") else verb) + "ing"


def _a(word: str) -> str:
    return ("an " if word[0].lower() in "aeiou" else "a ") + word


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(noun: str) -> str:
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|sh|ch|x)$", noun):
        return noun + "es"
    return noun + "s"


class Writer:
    """Seeded source of invented text; every method draws from the one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, seq: list[str]) -> str:
        return self.rng.choice(seq)

    def noun(self) -> str:
        return self.pick(NOUNS)

    def adj(self) -> str:
        return self.pick(ADJECTIVES)

    def verb(self) -> str:
        return self.pick(VERBS)

    def person(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    # -- article text -------------------------------------------------------------------------
    def sentence(self) -> str:
        """One body sentence."""
        r, n, a, v = self.rng, self.noun, self.adj, self.verb
        patterns = [
            lambda: f"The {a()} {n()} {_third_person(v())} the {n()} before the {a()} {n()} does.",
            lambda: f"Most {_plural(n())} {v()} better when the {n()} stays {a()} and {a()}.",
            lambda: f"{self.pick(FIRST_NAMES)} found that {_a(a())} {n()} can {v()} "
                    f"{_a(n())} in {r.randint(3, 40)} minutes.",
            lambda: f"If you {v()} the {n()} {self.pick(ADVERBS)}, the {n()} will {v()} itself.",
            lambda: f"In {self.pick(MONTHS)} the team {_past(v())} {r.randint(2, 90)} "
                    f"{_plural(n())} and {_past(v())} every {n()}.",
            lambda: f"{_upper_first(_a(a()))} {n()} is rarely about the {n()}; it is about the {a()} {n()}.",
            lambda: f"That is why {a()} {_plural(n())} keep {_gerund(v())} the {n()} "
                    f"near {self.pick(PLACES)}.",
            lambda: f"Nobody expects {_a(n())} to {v()} {_a(a())} {n()}, yet it happens every {n()} season.",
            lambda: f"Start by {_gerund(v())} the {n()}, then {v()} the {a()} {n()} twice.",
            lambda: f"Our {a()} {n()} cost {r.randint(12, 480)} euros and still {_third_person(v())} "
                    f"{_a(n())} each week.",
            lambda: f"The {self.pick(UNICODE_WORDS)} {n()} looked {a()} at first, but it {_past(v())} "
                    f"the whole {n()}.",
        ]
        return r.choice(patterns)()

    def title_core(self) -> str:
        r, n, a, v = self.rng, self.noun, self.adj, self.verb
        cap = str.capitalize
        patterns = [
            lambda: f"How to {cap(v())} Your {cap(a())} {cap(n())} in {r.randint(3, 9)} Steps",
            lambda: f"{r.randint(3, 12)} {cap(a())} {cap(n())} Ideas for {self.pick(AUDIENCES)}",
            lambda: f"Why {cap(a())} {cap(_plural(n()))} Beat {cap(_plural(n()))}",
            lambda: f"The {cap(a())} Guide to {cap(n())} {cap(_plural(n()))}",
            lambda: f"Inside the {cap(a())} {cap(n())}: {cap(_gerund(v()))} {cap(_plural(n()))}",
            lambda: f"{self.pick(FIRST_NAMES)}'s {cap(n())} {cap(n())} Checklist",
            lambda: f"{self.pick(UNICODE_WORDS)} & {cap(n())}: {_upper_first(_a(cap(a())))} {cap(n())} Story",
            lambda: f"What {_a(cap(a()))} {cap(n())} Taught Us About {cap(_plural(n()))}",
        ]
        return r.choice(patterns)()

    def heading(self, k: int) -> str:
        """A section heading; ``k`` is the section's position (1-based)."""
        n, a, v = self.noun, self.adj, self.verb
        cap = str.capitalize
        patterns = [
            lambda: f"{cap(_gerund(v()))} the {cap(a())} {cap(n())}",
            lambda: f"Why the {cap(n())} Matters",
            lambda: f"{_upper_first(_a(cap(a())))} Look at {cap(_plural(n()))}",
            lambda: f"What {self.pick(FIRST_NAMES)} Learned About {cap(_plural(n()))}",
            lambda: f"Step {k}: {cap(v())} the {cap(n())}",
            lambda: f"{cap(a())} {cap(_plural(n()))} and {cap(a())} {cap(_plural(n()))}",
        ]
        return self.rng.choice(patterns)()

    def subtitle(self) -> str:
        return f"{_gerund(self.verb()).capitalize()} {_a(self.adj())} {self.noun()} with {_a(self.noun())}"

    def list_item(self) -> str:
        return f"{self.verb().capitalize()} the {self.adj()} {self.noun()} {self.pick(ADVERBS)}"

    def words(self, count: int) -> list[str]:
        return [self.noun() for _ in range(count)]

    # -- page furniture (never article body) ----------------------------------------------------
    def bio(self, name: str) -> str:
        return (f"{name} is a writer who covers {_plural(self.noun())} and {_plural(self.noun())} "
                f"from {self.pick(PLACES)}.")

    def comment(self) -> str:
        return (f"Tried the {self.adj()} {self.noun()} tip last weekend and it saved me "
                f"{self.rng.randint(2, 9)} hours, thank you!")

    def promo(self, site_name: str) -> str:
        return (f"Join {self.rng.randint(3, 90)},000 readers who get the {site_name} letter "
                f"every {self.pick(['Sunday', 'Friday', 'morning'])}.")
