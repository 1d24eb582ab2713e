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
from generator.support import i18n
from generator.support.i18n import N_, Words, money, same_language
from generator.support.i18n import gettext as _

NATURE_WORDS = Words(
    {
        "statutory-core": N_("Statutory (core) service"),
        "discretionary-non-core": N_("Discretionary (non-core) service"),
    }
)
NETWORK_WORDS = Words({"place-based": N_("Place-based"), "interest-based": N_("Interest-based")})
METHOD_WORDS = Words(
    {
        "devolved-budget": N_("Devolved budget"),
        "participatory-budgeting": N_("Participatory budgeting"),
        "community-asset-transfer": N_("Community asset transfer"),
        "co-production-board": N_("Co-production board"),
        "community-right-to-challenge": N_("Community right to challenge"),
        "grant": N_("Grant"),
        "other": N_("Other"),
    }
)
RUNG_WORDS = Words(
    {
        "institution-led": N_("Institution-led"),
        "consulted": N_("Consulted"),
        "involved": N_("Involved"),
        "co-produced": N_("Co-produced"),
        "community-led": N_("Community-led"),
    }
)
SOURCE_WORDS = Words(
    {
        "council": N_("Council"),
        "shared-prosperity-fund": N_("UK Shared Prosperity Fund"),
        "national-lottery": N_("National Lottery"),
        "big-local": N_("Big Local"),
        "central-government": N_("Central government"),
        "health-service": N_("Health service"),
        "trust-or-foundation": N_("Trust or foundation"),
        "community-fundraising": N_("Community fundraising"),
        "other": N_("Other"),
    }
)
PERIOD_WORDS = Words(
    {
        "one-off": N_("one-off"),
        "per-month": N_("a month"),
        "per-quarter": N_("a quarter"),
        "per-year": N_("a year"),
        "over-the-term": N_("over the term"),
    }
)


STATUS_WORDS = Words(
    {
        "draft": N_("Draft"),
        "adopted": N_("Adopted"),
        "superseded": N_("Superseded"),
        "repealed": N_("Repealed"),
    }
)
KIND_WORDS = Words({"constitution": N_("Constitution"), "charter": N_("Charter")})
FORMALITY_WORDS = Words({"formal": N_("Formal"), "informal": N_("Informal")})
FREQUENCY_WORDS = Words(
    {
        "quarterly": N_("quarterly"),
        "six-monthly": N_("six-monthly"),
        "annual": N_("annual"),
        "every-two-years": N_("every two years"),
    }
)

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
        text_language: str | None = None,
    ) -> None:
        self.site_name = site_name
        # The language of a document whose file does not say (`language:`): the site's own.
        self.text_language = text_language
        self.site_url = site_url
        self.pdfs = pdfs  # each adopted version has a PDF to link
        entries = [e for e in history.documents.values() if e.versions or e.proposed is not None]
        self.documents = [SiteDocument(e) for e in sorted(entries, key=_document_order)]
        self.by_id = {d.id: d for d in self.documents}
        self._numbers: dict[int, dict[str, Number]] = {}
        self._html: dict[tuple[str, str, bool], Markup] = {}

    def text_lang(self, doc: Document) -> str | None:
        """The language of `doc`'s text when it differs from the page's, for a `lang` attribute."""
        written_in = doc.language or self.text_language
        if written_in is None or same_language(written_in, i18n.current_language()):
            return None
        return written_in

    def untranslated_notice(self, doc: Document, latest: Document | None = None) -> str:
        """On a page in another language than `doc`'s text: a sentence saying so, else "".

        `latest` is the newest text of the document in the page's language, which may
        be a translation of this very version still in draft: the sentence says so.
        """
        written_in = self.text_lang(doc)
        if written_in is None:
            return ""
        if (
            latest is not None
            and latest.status == "draft"
            and latest.version.text == doc.version.text
            and self.text_lang(latest) is None
        ):
            return _(
                "The %(language)s translation of this version is still a draft, not yet "
                "approved; until it is, the text is shown in %(original)s."
            ) % {
                "language": i18n.language_name(i18n.current_language()),
                "original": i18n.language_name(written_in),
            }
        return _("This text has no %(language)s translation yet; it is shown in %(original)s.") % {
            "language": i18n.language_name(i18n.current_language()),
            "original": i18n.language_name(written_in),
        }

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
    return _("%(amount)s %(period)s") % {
        "amount": money(budget.amount, budget.currency),
        "period": PERIOD_WORDS[budget.period],
    }


def decision_of(
    site: Site, doc: Document, resolve: markup.Resolver, key: str
) -> DecisionView | None:
    """A version's decision record in words, its summary as the page's HTML."""
    d = doc.decision
    if d is None:
        return None
    summary = site.text_html(d.summary, resolve, key) if d.summary else None
    rule, rule_name = doc.amendment_rule, _("this version")
    entry = site.by_id.get(doc.id)
    earlier = [v for v in entry.history.versions if v.version < doc.version] if entry else []
    if earlier:  # the vote had to meet the rule of the version it amended
        rule = earlier[-1].document.amendment_rule
        rule_name = _("version %(version)s") % {"version": earlier[-1].version}
    return decision_view(d, summary_html=summary, rule=rule, rule_name=rule_name)
