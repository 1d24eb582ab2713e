"""A document's history page: every adopted version, newest first, with its decision."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.model import markup
from generator.model.dates import long_date
from generator.model.in_force import in_force_ranges
from generator.site import urls
from generator.site.views.citation import span_words
from generator.site.views.shared import STATUS_WORDS, Site, SiteDocument
from generator.support.i18n import gettext as _


@dataclass(slots=True)
class HistoryRow:
    version: str
    date: str
    status: str
    body: str
    votes: str
    summary: Markup | None
    url: str
    changes_url: str | None
    since_url: str | None
    data_url: str
    proposal_url: str | None
    is_current: bool
    in_force: str = ""  # in words
    start: str = ""  # ISO date the version came into force
    until: str = ""  # ISO date it stopped (exclusive); "" while current


def history_rows(site: Site, entry: SiteDocument, url: str) -> list[HistoryRow]:
    rows = []
    versions = entry.history.versions
    current = entry.history.current
    spans = in_force_ranges(versions)
    for index, published in enumerate(versions):
        span = spans[index]
        doc = published.document
        decision = doc.decision
        is_current = published is current
        target = urls.document(doc.id) if is_current else urls.version(doc.id, doc.version.text)
        votes = decision.votes.in_words if decision and decision.votes else ""
        summary_text = doc.summary or (decision.summary if decision else None)
        rows.append(
            HistoryRow(
                version=doc.version.text,
                date=long_date(published.date),
                status=_("Current") if is_current else STATUS_WORDS[doc.status],
                body=decision.body if decision else "",
                votes=votes,
                summary=Markup(markup.to_html(summary_text)) if summary_text else None,
                url=urls.relative(url, target),
                changes_url=urls.relative(url, urls.changes(doc.id, doc.version.text))
                if index
                else None,
                since_url=None
                if is_current
                else urls.relative(url, urls.since(doc.id, doc.version.text)),
                data_url=urls.relative(url, urls.data(doc.id, doc.version.text)),
                proposal_url=decision.proposal if decision else None,
                is_current=is_current,
                in_force=span_words(span),
                start=span.start.isoformat(),
                until=span.until.isoformat() if span.until else "",
            )
        )
    rows.reverse()  # newest first
    return rows
