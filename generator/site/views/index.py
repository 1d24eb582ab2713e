"""The home page: every document, and the charters' commissioning at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.model.dates import long_date
from generator.site import urls
from generator.site.views.shared import (
    FORMALITY_WORDS,
    KIND_WORDS,
    METHOD_WORDS,
    NATURE_WORDS,
    NETWORK_WORDS,
    RUNG_WORDS,
    STATUS_WORDS,
    Site,
    SiteDocument,
    budget_words,
)
from generator.site.views.version import PageBuilder
from generator.support.i18n import gettext as _


@dataclass(slots=True)
class IndexRow:
    title: str
    url: str
    kind: str
    status: str
    version: str
    adopted: str
    proposed_url: str | None
    status_key: str  # for the status style: "adopted", "proposed", ...


@dataclass(slots=True)
class GlanceRow:
    """One charter in the "commissioning at a glance" table."""

    title: str
    url: str
    service: str
    nature: str
    network: Markup  # may cite clauses: links, never [[markup]]
    methods: str
    participation: str
    budget: str


def index_rows(
    site: Site, entries: list[SiteDocument] | None = None, page: str = urls.INDEX
) -> tuple[list[IndexRow], list[GlanceRow]]:
    """The rows of the page at `page` that lists `entries` (all the site's documents if None)."""
    rows = []
    glance = []
    for entry in site.documents if entries is None else entries:
        history = entry.history
        current = history.current
        doc = entry.latest
        url = urls.relative(page, urls.document(doc.id) if current else urls.proposed(doc.id))
        rows.append(
            IndexRow(
                title=doc.title,
                url=url,
                kind=KIND_WORDS[doc.kind],
                status=STATUS_WORDS[doc.status] if current else _("Proposed (not adopted)"),
                version=current.version.text
                if current
                else _("%(version)s (proposed)") % {"version": doc.version},
                adopted=long_date(current.date) if current else "",
                proposed_url=urls.relative(page, urls.proposed(doc.id))
                if history.proposed and current
                else None,
                status_key=doc.status if current else "proposed",
            )
        )
        terms = doc.charter
        if terms is not None:
            p = terms.participation
            glance.append(
                GlanceRow(
                    title=doc.title,
                    url=url,
                    service=terms.service.name,
                    nature=NATURE_WORDS[terms.service.nature],
                    network=escape(f"{NETWORK_WORDS[terms.network.kind]}: ")
                    + site.text_html(
                        (
                            terms.network.area
                            if terms.network.kind == "place-based"
                            else terms.network.interest
                        )
                        or "",
                        PageBuilder(site, entry).citation_resolver(
                            doc, page, current.date if current else None
                        ),
                        f"index:{page}:{doc.id}",
                        inline=True,
                    ),
                    methods=", ".join(
                        _("%(method)s (%(formality)s)")
                        % {
                            "method": METHOD_WORDS[m.method],
                            "formality": FORMALITY_WORDS[m.formality].lower(),
                        }
                        for m in terms.power_transfer
                    ),
                    participation=(
                        _("%(now)s now; aiming for %(target)s by %(date)s")
                        if p.target_date
                        else _("%(now)s now; aiming for %(target)s")
                    )
                    % {
                        "now": RUNG_WORDS[p.current],
                        "target": RUNG_WORDS[p.target],
                        "date": long_date(p.target_date),
                    },
                    budget=budget_words(terms.budget),
                )
            )
    return rows, glance
