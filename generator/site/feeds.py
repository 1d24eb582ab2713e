"""Atom feeds of adopted versions: one per document, and one for the whole site.

Valid RFC 4287: every feed names its author (the community) and every id is an
absolute IRI even when the site has no `site_url`: then a `tag:` URI (RFC 4151)
made from the community's name and the document's first adoption date, which
never change. Each entry links the version's redline and its decision record.
Dates come from the records, never the build time, so builds are reproducible.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from babel.dates import format_date
from feedgen.feed import FeedGenerator
from lxml import etree

from generator.model import markup
from generator.model.history import DocumentHistory, PublishedVersion
from generator.site import urls
from generator.site.views.citation import absolute
from generator.support import i18n
from generator.support.i18n import gettext as _

ATOM = "http://www.w3.org/2005/Atom"


def document_feed(history: DocumentHistory, site_url: str | None, site_name: str) -> str:
    """A document's adopted versions, newest first."""
    current = history.current
    assert current is not None
    doc = current.document
    feed = _feed(
        site_url,
        site_name,
        _id(site_url, site_name, history.versions[0].date, urls.document(doc.id)),
        _("%(title)s: amendments") % {"title": doc.title},
        _("Adopted versions of the %(title)s, published by %(site)s.")
        % {"title": doc.title, "site": site_name},
        urls.feed(doc.id),
        urls.document(doc.id),
    )
    feed.updated(_moment(current.date))
    links = [_entry(feed, history, v, site_url, site_name) for v in history.versions]
    return _atom(feed, links)


# The site's feed holds the newest adopted versions, not all of them: a reader polls it
# for what is new, and with thousands of documents a feed of every version would be
# megabytes fetched again on every poll. Every version stays in the site's index
# (`/index.json`) and in each document's own feed.
SITE_FEED_ENTRIES = 100


def site_feed(histories: list[DocumentHistory], site_url: str | None, site_name: str) -> str:
    """The newest adopted versions of all the documents (`SITE_FEED_ENTRIES`), newest first."""
    published = [(h, v) for h in histories for v in h.versions]
    published.sort(key=lambda pair: (pair[1].date, pair[0].id, pair[1].version.text))
    everything, published = published, published[-SITE_FEED_ENTRIES:]
    first = everything[0][1].date if everything else date(1970, 1, 1)  # the feed's id stays
    feed = _feed(
        site_url,
        site_name,
        _id(site_url, site_name, first, urls.INDEX),
        _("%(title)s: amendments") % {"title": site_name},
        _("Adopted versions of every governing document of %(site)s.") % {"site": site_name},
        urls.SITE_FEED,
        urls.INDEX,
    )
    feed.updated(_moment(published[-1][1].date if published else first))
    links = [_entry(feed, history, v, site_url, site_name) for history, v in published]
    return _atom(feed, links)


def _feed(
    site_url: str | None,
    site_name: str,
    feed_id: str,
    title: str,
    subtitle: str,
    self_url: str,
    page_url: str,
) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.author({"name": site_name})
    feed.link(href=absolute(site_url, self_url), rel="self")
    feed.link(href=absolute(site_url, page_url), rel="alternate")
    feed.language(i18n.current_language())
    feed.generator("charters")
    return feed


def _entry(
    feed: FeedGenerator,
    history: DocumentHistory,
    published: PublishedVersion,
    site_url: str | None,
    site_name: str,
) -> list[dict[str, str]]:
    """Adds the entry for one version; its links, which `_atom` writes (see there)."""
    doc = published.document
    version = published.version.text
    first = published is history.versions[0]
    redline = urls.version(doc.id, version) if first else urls.changes(doc.id, version)
    entry = feed.add_entry(order="prepend")
    entry.id(_id(site_url, site_name, history.versions[0].date, urls.version(doc.id, version)))
    entry.title(
        _("%(title)s: version %(version)s adopted") % {"title": doc.title, "version": version}
    )
    entry.author({"name": site_name})
    record = f"{urls.history(doc.id)}#version_{version}"
    links = [
        {"href": absolute(site_url, redline), "rel": "alternate", "title": _("What it changed")},
        {"href": absolute(site_url, record), "rel": "related", "title": _("Decision record")},
    ]
    decision = doc.decision
    if decision is not None and decision.proposal:
        links.append({"href": decision.proposal, "rel": "related", "title": _("Proposal")})
    entry.link(links[0])
    entry.updated(_moment(published.date))
    entry.published(_moment(published.date))
    facts = {"version": version, "title": doc.title, "date": _day(published.date)}
    if decision is None:
        sentence = _("Version %(version)s of the %(title)s was adopted on %(date)s.")
    elif decision.votes is None:
        sentence = _("Version %(version)s of the %(title)s was adopted on %(date)s by %(body)s.")
    else:
        sentence = _(
            "Version %(version)s of the %(title)s was adopted on %(date)s by %(body)s (%(votes)s)."
        )
    if decision is not None:
        facts["body"] = decision.body
        if decision.votes is not None:
            facts["votes"] = decision.votes.in_words
    words = [sentence % facts]
    summary = doc.summary or (decision.summary if decision else None)
    if summary:
        words.append(" " + markup.to_plain(summary))
    entry.summary("".join(words))
    return links


def _atom(feed: FeedGenerator, links: list[list[dict[str, str]]]) -> str:
    """The feed as text, with each entry's links written whole.

    feedgen 1.0 drops `rel` and `title` from an entry's links (a name shadowed in
    its writer), so they are written here; entries come out in the order added,
    reversed by `prepend`.
    """
    tree = etree.fromstring(feed.atom_str(pretty=False))
    entries = tree.findall(f"{{{ATOM}}}entry")
    for entry, wanted in zip(entries, reversed(links), strict=True):
        for old in entry.findall(f"{{{ATOM}}}link"):
            entry.remove(old)
        at = list(entry).index(entry.find(f"{{{ATOM}}}updated")) + 1
        for offset, link in enumerate(wanted):
            element = etree.Element(f"{{{ATOM}}}link", attrib=link)
            entry.insert(at + offset, element)
    etree.indent(tree)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8").decode("utf-8") + "\n"


def _id(site_url: str | None, site_name: str, since: date, url: str) -> str:
    """An absolute id: the page's address, or a tag: URI when the site has no address."""
    if site_url:
        return absolute(site_url, url)
    authority = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "community"
    return f"tag:{authority}.charters.invalid,{since.isoformat()}:/{url}"


def _day(day: date) -> str:
    """An adoption date as the feed's language writes it in a summary.

    The pattern is itself in the catalogues (a CLDR date pattern): in English the feeds
    have always given the date as 2026-06-13; a translation gives its own pattern.
    """
    return format_date(day, _("yyyy-MM-dd"), locale=i18n.format_locale())


def _moment(day: date) -> datetime:
    """The adoption date at midnight UTC: a date from the record, never the build time."""
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
