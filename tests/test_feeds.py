"""The Atom feeds, per document and for the whole site, read by a real feed parser (issue 14)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import feedparser

from generator.build import build_site
from generator.site import urls
from generator.site.feeds import SITE_FEED_ENTRIES

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import synth

CONSTITUTION = "riverside-constitution"


def parsed(site: Path, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_document_feed_is_valid_atom_with_authors_and_absolute_ids(site: Path) -> None:
    feed = parsed(site, urls.feed(CONSTITUTION))
    assert feed.feed.author_detail.name
    assert feed.feed.id.startswith("tag:")
    versions = [e.title for e in feed.entries]
    assert versions == [
        f"Constitution of the Riverside Residents' Association: version {v} adopted"
        for v in ("2.0", "1.1", "1.0")
    ]
    for entry in feed.entries:
        assert entry.id.startswith("tag:") and entry.author_detail.name
    newest = {link.rel: link for link in feed.entries[0].links if link.get("title") != "Proposal"}
    assert newest["alternate"].href == f"/{CONSTITUTION}/2.0/changes/"
    assert newest["related"].href == f"/{CONSTITUTION}/history/#version_2.0"
    assert len({e.id for e in feed.entries}) == 3


def test_the_site_feed_holds_every_document(site: Path) -> None:
    feed = parsed(site, urls.SITE_FEED)
    assert feed.feed.author_detail.name and feed.feed.id.startswith("tag:")
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) == 4  # three constitution versions, one charter
    assert any("riverside-youth-charter" in i for i in ids)
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_the_site_feed_holds_the_newest_versions_and_the_index_holds_all(tmp_path: Path) -> None:
    """With more versions than a feed should carry, the newest are in it; none is lost."""
    repo = synth.community_repository(tmp_path / "repo", 9, 12, 4)  # 108 versions
    site = tmp_path / "site"
    build_site(repo.root, repo.documents, site, pdfs=False, no_previous=True, cache=False)
    index = json.loads((site / urls.SITE_DATA).read_text(encoding="utf-8"))
    every = sorted(
        (v["adopted"], d["id"], v["version"]) for d in index["documents"] for v in d["versions"]
    )
    assert len(every) == 9 * 12 > SITE_FEED_ENTRIES
    feed = parsed(site, urls.SITE_FEED)
    assert len(feed.entries) == SITE_FEED_ENTRIES
    newest = every[-SITE_FEED_ENTRIES:]
    assert all(
        any(f"/{doc}/{version}/" in e.id for e in feed.entries) for _, doc, version in newest
    )
    shown = {e.published_parsed[:3] for e in feed.entries}
    left_out = every[:-SITE_FEED_ENTRIES]
    assert max(date for date, _, _ in left_out) <= min(f"{y:04}-{m:02}-{d:02}" for y, m, d in shown)
