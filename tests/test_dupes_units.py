"""Republished copies without a crawl: title normalisation, shingles and MinHash, the decision
rule (copies grouped, different stories sharing boilerplate and titles not), and placement in a
real index with real Markdown files (canonical member, duplicate_of, a new earlier member)."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime
from pathlib import Path

import frontmatter
import pytest
from sqlalchemy import select

from crawler.demo.templates.text import Writer
from crawler.grouping import config_from, place_unplaced
from crawler.kernel.errors import UsageError
from crawler.kernel.model import Article, Metadata, Section
from exporters.dupes import DupesConfig
from exporters.dupes.minhash import PERMUTATIONS, band_keys, signature, similarity
from exporters.dupes.place import Placer, place_in_archive, unplaced_count
from exporters.dupes.queries import cluster_counts, copies_of
from exporters.dupes.text import overlap, shingles, title_key
from exporters.dupes.unplaced import any_unplaced
from exporters.store.batch import Flush, store_flush
from exporters.store.clusters import ArticleCluster, Cluster
from exporters.store.index import Index
from exporters.store.schema import Article as ArticleRow

BOILERPLATE = ("Editor's note: prices and availability were checked at the time of writing and may have "
               "changed since; we may earn a commission when you buy through our links, which never "
               "changes what we recommend.")


def story(seed: int, sentences: int = 40) -> list[str]:
    w = Writer(random.Random(seed))
    return [w.sentence() for _ in range(sentences)]


def edited(sentences: list[str], seed: int, edits: int = 3) -> list[str]:
    out, w, r = list(sentences), Writer(random.Random(seed + 1000)), random.Random(seed)
    for _ in range(edits):
        out[r.randrange(len(out))] = w.sentence()
    return out


@pytest.mark.parametrize("title", ["[Updated] In 2024, 9 Dusty Drill Ideas for Busy Parents",
                                   "2024 Approved: 9 Dusty Drill Ideas for Busy Parents",
                                   "[New] 9 Dusty Drill Ideas for Busy Parents",
                                   "In 2024, 9 dusty drill ideas for busy parents!",
                                   "9 Dusty Drill Ideas for Busy Parents (2023)"])
def test_network_prefixes_and_years_are_stripped_from_titles(title: str) -> None:
    assert title_key(title) == "9 dusty drill ideas for busy parents"


def test_different_titles_keep_different_keys() -> None:
    assert title_key("[New] Inside the Small Harbour") != title_key("Inside the Small Garden")
    assert title_key("Updated: Café Tips") == title_key("cafe tips")


def test_minhash_estimates_jaccard_and_bands_are_stable() -> None:
    a = shingles(" ".join(story(1)))
    b = shingles(" ".join(edited(story(1), 1)))
    c = shingles(" ".join(story(2)))
    exact_ab, _ = overlap(a, b)
    sa, sb, sc = signature(a), signature(b), signature(c)
    assert sa.shape == (PERMUTATIONS,)
    assert abs(similarity(sa, sb) - exact_ab) < 0.15
    assert similarity(sa, sc) < 0.15
    assert band_keys(sa) == band_keys(signature(a.copy()))
    assert set(band_keys(sa)) & set(band_keys(sb))  # the copy shares a band: a candidate


def test_an_edited_copy_is_one_story_and_different_stories_sharing_boilerplate_are_not() -> None:
    placer = Placer(None, DupesConfig())  # type: ignore[arg-type]
    for seed in range(10):
        original = [BOILERPLATE, *story(seed)]
        copy_of = [BOILERPLATE, *edited(story(seed), seed)]
        other = [BOILERPLATE, *story(seed + 100)]
        a, b, c = (shingles(" ".join(x)) for x in (original, copy_of, other))
        assert placer.same_story(a, b) is not None, seed
        assert placer.same_story(a, c) is None, seed
        shortened = [BOILERPLATE, *story(seed)[:30]]  # a section cut
        assert placer.same_story(a, shingles(" ".join(shortened))) is not None


def test_the_threshold_decides() -> None:
    a = shingles(" ".join(story(3)))
    b = shingles(" ".join(edited(story(3), 3, edits=8)))
    jaccard, _ = overlap(a, b)
    assert 0.4 < jaccard < 0.95
    assert Placer(None, DupesConfig(threshold=0.4)).same_story(a, b) is not None  # type: ignore[arg-type]
    assert Placer(None, DupesConfig(threshold=0.99)).same_story(a, b) is None  # type: ignore[arg-type]


def test_threshold_setting_is_checked_and_grouping_can_be_switched_off() -> None:
    def get(values: dict) -> object:
        return lambda name, default=None: values.get(name, default)

    assert config_from(get({})) == DupesConfig(threshold=0.4)
    assert config_from(get({"ARCHIVE_DUPES_THRESHOLD": "0.6"})) == DupesConfig(threshold=0.6)
    assert config_from(get({"ARCHIVE_DUPES": "False"})) is None
    for bad in ("high", "0", "1.5"):
        with pytest.raises(UsageError, match="ARCHIVE_DUPES_THRESHOLD"):
            config_from(get({"ARCHIVE_DUPES_THRESHOLD": bad}))


# -- placement in a real index, with real files --------------------------------------------------

def article(url: str, title: str, date: str, sentences: list[str]) -> Article:
    body = "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))
    return Article(url=url, metadata=Metadata(title=title, date=datetime.fromisoformat(date),
                                              canonical_url=url),
                   sections=[Section(None, 0, body)])


def store(index: Index, data: Path, *articles: Article) -> None:
    """One crawl batch, as the pipeline hands it over: the articles, their files to render."""
    now = datetime.now(UTC)
    pending = [(a, None, now) for a in articles]
    store_flush(index, Flush(1, pending, render=[(i, None) for i in range(len(pending))],
                             dupes=DupesConfig(), data_dir=str(data)))


def front(data: Path, url: str) -> dict:
    from crawler.kernel.layout import ArchiveLayout

    return frontmatter.load(ArchiveLayout(data).article_path(url)).metadata


@pytest.fixture
def archive(tmp_path: Path):  # noqa: ANN201
    data = tmp_path / "data"
    data.mkdir()
    with Index(f"sqlite:///{data}/archive.db") as index:
        yield index, data


def test_copies_get_the_earliest_member_as_canonical_even_when_it_arrives_last(archive) -> None:  # noqa: ANN001
    index, data = archive
    text = story(7)
    first = article("http://b.test/story/", "Drill Ideas", "2024-03-01T10:00:00+00:00", text)
    second = article("http://c.test/updated-story/", "[Updated] Drill Ideas", "2024-09-01T10:00:00+00:00",
                     edited(text, 7))
    other = article("http://b.test/other/", "[New] Drill Ideas", "2024-04-01T10:00:00+00:00",
                    [BOILERPLATE, *story(8)])
    store(index, data, first, other)
    store(index, data, second)  # a later batch sees the earlier one
    assert front(data, second.canonical_url)["duplicate_of"] == first.canonical_url
    assert "duplicate_of" not in front(data, first.canonical_url)
    assert "duplicate_of" not in front(data, other.canonical_url)
    # the same story published earlier still, on another host, found later: it becomes canonical
    earliest = article("http://a.test/2023/story/", "2024 Approved: Drill Ideas", "2023-01-05T00:00:00+00:00",
                       edited(text, 9, edits=2))
    store(index, data, earliest)
    for url in (first.canonical_url, second.canonical_url):
        assert front(data, url)["duplicate_of"] == earliest.canonical_url
    assert "duplicate_of" not in front(data, earliest.canonical_url)
    with index.session() as s:
        rows = dict(s.execute(select(ArticleRow.url, ArticleRow.duplicate_of)).all())
        cluster = s.scalars(select(Cluster)).one()
        members = s.scalar(select(ArticleCluster.cluster_id)
                           .where(ArticleCluster.article_id == cluster.canonical_id))
    assert rows[first.canonical_url] == rows[second.canonical_url] == earliest.canonical_url
    assert rows[other.canonical_url] is None and rows[earliest.canonical_url] is None
    assert cluster.size == 3 and members == cluster.id
    assert cluster_counts(index) == {"clusters": 1, "copies": 2, "unplaced": 0}
    found = copies_of(index, cluster.canonical_id)
    assert found is not None and [m["url"] for m in found["members"]][0] == earliest.canonical_url


def test_ties_go_to_the_smaller_url_and_a_changed_copy_leaves_its_cluster(archive) -> None:  # noqa: ANN001
    index, data = archive
    text = story(11)
    when = "2024-05-05T05:05:05+00:00"
    b = article("http://b.test/x/", "X", when, text)
    a = article("http://a.test/x/", "[New] X", when, edited(text, 11))
    store(index, data, b, a)
    assert front(data, b.canonical_url)["duplicate_of"] == a.canonical_url
    rewritten = article("http://a.test/x/", "[New] X", when, story(12))  # the copy became another story
    store(index, data, rewritten)
    assert "duplicate_of" not in front(data, b.canonical_url)
    assert "duplicate_of" not in front(data, a.canonical_url)
    assert cluster_counts(index)["clusters"] == 0


def test_unplaced_articles_are_placed_and_regroup_rebuilds_the_same_clusters(archive) -> None:  # noqa: ANN001
    index, data = archive
    text = story(21)
    one = article("http://a.test/one/", "One", "2024-01-01T00:00:00+00:00", text)
    two = article("http://b.test/one/", "In 2024, One", "2024-02-01T00:00:00+00:00", edited(text, 21))
    index.upsert_articles([(one, None, datetime.now(UTC)), (two, None, datetime.now(UTC))])  # not placed
    with index.session() as s:
        assert unplaced_count(s) == 2 and any_unplaced(s)
    assert place_unplaced(index, None, DupesConfig()) == 2  # what a crawl does at its end
    assert cluster_counts(index) == {"clusters": 1, "copies": 1, "unplaced": 0}
    with index.session() as s:
        assert not any_unplaced(s)
    assert place_unplaced(index, None, DupesConfig()) == 0
    again = place_in_archive(index, None, regroup=True)
    assert again.placed == 2 and again.changed == {}
    assert place_in_archive(index, None, regroup=True, config=DupesConfig(threshold=1.0)).changed
    assert cluster_counts(index)["clusters"] == 0


def test_a_short_body_is_never_grouped(archive) -> None:  # noqa: ANN001
    index, data = archive
    short = ["Read the full story on our partner site."]
    store(index, data, article("http://a.test/s/", "S", "2024-01-01T00:00:00+00:00", copy.copy(short)),
          article("http://b.test/s/", "S", "2024-01-02T00:00:00+00:00", copy.copy(short)))
    assert cluster_counts(index)["clusters"] == 0


def test_placement_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    text = story(31)
    first = article("http://a.test/p/", "P", "2024-01-01T00:00:00+00:00", text)
    later = article("http://b.test/p/", "[Updated] P", "2024-06-01T00:00:00+00:00", edited(text, 31))
    other = article("http://b.test/q/", "[New] P", "2024-02-01T00:00:00+00:00", [BOILERPLATE, *story(32)])
    with Index(postgres_url) as index:
        store(index, data, first, other)
        store(index, data, later)
        assert front(data, later.canonical_url)["duplicate_of"] == first.canonical_url
        assert cluster_counts(index) == {"clusters": 1, "copies": 1, "unplaced": 0}
        assert place_in_archive(index, str(data), regroup=True).changed == {}
        assert "duplicate_of" not in front(data, other.canonical_url)
