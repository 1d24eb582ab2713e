"""What every page view shares: the site as a whole, and values put into words.

Templates hold layout and must stay editable by someone who knows HTML but not
Python, so numbers, links, dates in words, banners and the charter panel are all
prepared in the view modules of this package, one per page type. Clause text is
turned into safe HTML once per distinct text (clauses repeat across versions),
through `markup.to_html`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from generator.diff.view import DecisionView, decision_view
from generator.model import markup
from generator.model.document import Budget, Document
from generator.model.history import DocumentHistory, PublishedVersion, RepositoryHistory
from generator.model.numbering import Number, number_document

NATURE_WORDS = {
    "statutory-core": "Statutory (core) service",
    "discretionary-non-core": "Discretionary (non-core) service",
}
NETWORK_WORDS = {"place-based": "Place-based", "interest-based": "Interest-based"}
METHOD_WORDS = {
    "devolved-budget": "Devolved budget",
    "participatory-budgeting": "Participatory budgeting",
    "community-asset-transfer": "Community asset transfer",
    "co-production-board": "Co-production board",
    "community-right-to-challenge": "Community right to challenge",
    "grant": "Grant",
    "other": "Other",
}
RUNG_WORDS = {
    "institution-led": "Institution-led",
    "consulted": "Consulted",
    "involved": "Involved",
    "co-produced": "Co-produced",
    "community-led": "Community-led",
}
SOURCE_WORDS = {
    "council": "Council",
    "shared-prosperity-fund": "UK Shared Prosperity Fund",
    "national-lottery": "National Lottery",
    "big-local": "Big Local",
    "central-government": "Central government",
    "health-service": "Health service",
    "trust-or-foundation": "Trust or foundation",
    "community-fundraising": "Community fundraising",
    "other": "Other",
}
PERIOD_WORDS = {
    "one-off": "one-off",
    "per-month": "a month",
    "per-quarter": "a quarter",
    "per-year": "a year",
    "over-the-term": "over the term",
}
CURRENCY_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money(amount: float, currency: str) -> str:
    sign = CURRENCY_SIGNS.get(currency)
    whole = amount == int(amount)
    figure = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return f"{sign}{figure}" if sign else f"{figure} {currency}"


# --- the site as a whole ----------------------------------------------------------


@dataclass(slots=True)
class SiteDocument:
    """One document on the site: its published versions and its proposal."""

    history: DocumentHistory

    @property
    def id(self) -> str:
        return self.history.id

    @property
    def latest(self) -> Document:
        """The text that names the document in lists: current if there is one, else proposed."""
        if self.history.current is not None:
            return self.history.current.document
        assert self.history.proposed is not None
        return self.history.proposed.document

    @property
    def published(self) -> bool:
        return self.history.current is not None


class Site:
    """Every document and version, with the lookups pages need (numbers, citations)."""

    def __init__(
        self,
        history: RepositoryHistory,
        site_name: str,
        site_url: str | None = None,
        *,
        pdfs: bool = True,
    ) -> None:
        self.site_name = site_name
        self.site_url = site_url
        self.pdfs = pdfs  # each adopted version has a PDF to link
        entries = [e for e in history.documents.values() if e.versions or e.proposed is not None]
        self.documents = [SiteDocument(e) for e in sorted(entries, key=_document_order)]
        self.by_id = {d.id: d for d in self.documents}
        self._numbers: dict[int, dict[str, Number]] = {}
        self._html: dict[tuple[str, str, bool], Markup] = {}

    def numbers(self, doc: Document) -> dict[str, Number]:
        key = id(doc)
        if key not in self._numbers:
            self._numbers[key] = number_document(doc)
        return self._numbers[key]

    def version_in_force(self, doc_id: str, on: date | None) -> PublishedVersion | None:
        """The version of a document that was current on a date (None: the current one)."""
        entry = self.by_id.get(doc_id)
        if entry is None or not entry.history.versions:
            return None
        if on is None:
            return entry.history.current
        in_force = [v for v in entry.history.versions if v.date <= on]
        return in_force[-1] if in_force else entry.history.versions[0]

    def text_html(
        self, text: str, resolve: markup.Resolver, context_key: str, inline: bool = False
    ) -> Markup:
        """Safe HTML of some text; computed once per distinct text and citation context.

        `inline` text sits inside a sentence of the page (no paragraph around it).
        """
        key = (text, context_key if "[[" in text else "", inline)
        cached = self._html.get(key)
        if cached is None:
            cached = Markup(markup.to_html(text, resolve, inline=inline))
            self._html[key] = cached
        return cached


def _document_order(entry: DocumentHistory) -> tuple[int, str]:
    doc = entry.current.document if entry.current else entry.proposed.document  # type: ignore[union-attr]
    return (0 if doc.kind == "constitution" else 1, doc.title.lower())


def budget_words(budget: Budget) -> str:
    return f"{money(budget.amount, budget.currency)} {PERIOD_WORDS[budget.period]}"


def decision_of(
    site: Site, doc: Document, resolve: markup.Resolver, key: str
) -> DecisionView | None:
    """A version's decision record in words, its summary as the page's HTML."""
    d = doc.decision
    if d is None:
        return None
    summary = site.text_html(d.summary, resolve, key) if d.summary else None
    rule, rule_name = doc.amendment_rule, "this version"
    entry = site.by_id.get(doc.id)
    earlier = [v for v in entry.history.versions if v.version < doc.version] if entry else []
    if earlier:  # the vote had to meet the rule of the version it amended
        rule, rule_name = earlier[-1].document.amendment_rule, f"version {earlier[-1].version}"
    return decision_view(d, summary_html=summary, rule=rule, rule_name=rule_name)
