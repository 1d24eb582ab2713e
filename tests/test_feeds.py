"""The Atom feeds, per document and for the whole site, read by a real feed parser (issue 14)."""

from __future__ import annotations

from pathlib import Path

import feedparser

from generator.site import urls

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
