"""Redline pages: what a version changed, what changed since it, and the proposal's redline.

The diffs come from the diff stage; here they become views with the site's links.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diff.view import DecisionView, RedlineView, redline_view
from generator.model import markup
from generator.model.changes import DocumentDiff
from generator.model.dates import long_date
from generator.model.history import PublishedVersion
from generator.site import urls
from generator.site.views.shared import Site, SiteDocument, decision_of
from generator.site.views.version import PageBuilder
from generator.support.i18n import gettext as _


@dataclass(slots=True)
class RedlinePageView:
    """A redline on the site: what a version changed, or what changed since it."""

    url: str
    kind: str  # "changes" (against the version before) or "since" (against the current text)
    title: str
    intro: str
    old_url: str | None
    new_url: str | None
    old_label: str
    new_label: str
    decision: DecisionView | None
    redline: RedlineView
    history_url: str


def redline_page(
    site: Site,
    entry: SiteDocument,
    url: str,
    kind: str,
    old: PublishedVersion,
    new: PublishedVersion,
    diff: DocumentDiff,
) -> RedlinePageView:
    """The redline of `old` against `new` (their `diff`), with links into both versions' texts."""
    doc_id = entry.id
    current = entry.history.current
    old_page = urls.version(doc_id, old.version.text)
    new_page = urls.document(doc_id) if new is current else urls.version(doc_id, new.version.text)
    view = redline_view(
        diff,
        link_for_clause=lambda pid: urls.relative(url, urls.clause(new_page, pid)),
        link_for_old_clause=lambda pid: urls.relative(url, urls.clause(old_page, pid)),
        cite_for=PageBuilder(site, entry).citation_resolver(new.document, url, new.date),
    )
    title = new.document.title
    if kind == "changes":
        heading = _("What version %(version)s changed") % {"version": new.version}
        intro = _(
            "The %(title)s as amended by version %(version)s, adopted on %(date)s, compared "
            "with version %(old)s. Inserted words are underlined and marked as inserted; "
            "removed words are struck through and marked as removed."
        ) % {
            "title": title,
            "version": new.version,
            "date": long_date(new.date),
            "old": old.version,
        }
    else:
        heading = _("Changes since version %(version)s") % {"version": old.version}
        intro = _(
            "Everything that has changed in the %(title)s since version %(old)s (%(date)s), "
            "up to the current text, version %(version)s."
        ) % {
            "title": title,
            "old": old.version,
            "date": long_date(old.date),
            "version": new.version,
        }
    no_links: markup.Resolver = lambda _citation: None  # noqa: E731
    decision = decision_of(site, new.document, no_links, "") if kind == "changes" else None
    return RedlinePageView(
        url=url,
        kind=kind,
        title=heading,
        intro=intro,
        old_url=urls.relative(url, old_page),
        new_url=urls.relative(url, new_page),
        old_label=_("Version %(version)s") % {"version": old.version},
        new_label=(
            _("Version %(version)s (current)") if new is current else _("Version %(version)s")
        )
        % {"version": new.version},
        decision=decision,
        redline=view,
        history_url=urls.relative(url, urls.history(doc_id)),
    )


def proposed_redline(
    entry: SiteDocument, url: str, diff: DocumentDiff | None
) -> RedlineView | None:
    """The redline of the proposal against the current text (`diff`), for the proposed page."""
    if diff is None:
        return None
    current_page = urls.document(entry.id)
    return redline_view(
        diff,
        link_for_clause=lambda pid: f"#{pid}",
        link_for_old_clause=lambda pid: urls.relative(url, urls.clause(current_page, pid)),
        anchor_prefix="redline--",
    )
