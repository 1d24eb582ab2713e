"""Ready-made data for the page templates: everything a template loops over, worked out here.

Templates hold layout and must stay editable by someone who knows HTML but not
Python, so numbers, links, dates in words, banners and the charter panel are all
prepared in this module. Clause text is turned into safe HTML once per distinct
text (clauses repeat across versions), through `markup.to_html`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from generator.model import markup
from generator.site import urls
from generator.diff.clauses import DocumentDiff, diff_documents
from generator.model.history import DocumentHistory, PublishedVersion, RepositoryHistory
from generator.model.document import (
    PARTICIPATION_LADDER,
    Article,
    Budget,
    Clause,
    Document,
    Section,
)
from generator.model.numbering import Number, number_document
from generator.diff.view import RedlineView, redline_view

PageKind = str  # "current" | "old" | "proposed"

_NATURE_WORDS = {
    "statutory-core": "Statutory (core) service",
    "discretionary-non-core": "Discretionary (non-core) service",
}
_NETWORK_WORDS = {"place-based": "Place-based", "interest-based": "Interest-based"}
_METHOD_WORDS = {
    "devolved-budget": "Devolved budget",
    "participatory-budgeting": "Participatory budgeting",
    "community-asset-transfer": "Community asset transfer",
    "co-production-board": "Co-production board",
    "community-right-to-challenge": "Community right to challenge",
    "grant": "Grant",
    "other": "Other",
}
_RUNG_WORDS = {
    "institution-led": "Institution-led",
    "consulted": "Consulted",
    "involved": "Involved",
    "co-produced": "Co-produced",
    "community-led": "Community-led",
}
_SOURCE_WORDS = {
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
_PERIOD_WORDS = {
    "one-off": "one-off",
    "per-month": "a month",
    "per-quarter": "a quarter",
    "per-year": "a year",
    "over-the-term": "over the term",
}
_CURRENCY_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$"}


def long_date(value: date | None) -> str:
    """25 November 2026: unambiguous for readers anywhere."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def money(amount: float, currency: str) -> str:
    sign = _CURRENCY_SIGNS.get(currency)
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

    def __init__(self, history: RepositoryHistory, site_name: str) -> None:
        self.site_name = site_name
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

    def diff(self, old: Document | None, new: Document) -> DocumentDiff:
        """The diff of two versions (not kept: each is shown on one page, and they are large)."""
        return diff_documents(old, new)

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


# --- one page of a document's text -------------------------------------------------


@dataclass(slots=True)
class ClauseView:
    id: str
    number: str
    label: str
    html: Markup
    clauses: list[ClauseView]
    current_url: str | None  # on old versions: the same clause in the current text
    gone_from_current: bool = False  # on old versions: the current text no longer has it


@dataclass(slots=True)
class SectionView:
    id: str
    number: str
    label: str
    title: str
    clauses: list[ClauseView]
    current_url: str | None


@dataclass(slots=True)
class ArticleView:
    id: str
    number: str
    label: str
    title: str
    clauses: list[ClauseView]
    sections: list[SectionView]
    current_url: str | None


@dataclass(slots=True)
class DecisionView:
    adopted: str
    body: str
    votes: str | None
    present: str | None
    proposal_url: str | None
    minutes_url: str | None
    summary: Markup | None


@dataclass(slots=True)
class SelectorEntry:
    label: str
    url: str  # relative to the page
    selected: bool
    note: str  # "current", "proposed" or ""


@dataclass(slots=True)
class CharterPanel:
    constitution_title: str
    constitution_url: str | None
    commissioning_body: Markup
    service_name: str
    service_nature: str
    service_description: Markup | None
    network_kind: str
    network_place_or_interest_label: str
    network_place_or_interest: Markup
    network_members: Markup
    methods: list[dict[str, object]]
    ladder: list[dict[str, object]]
    participation_current: str
    participation_target: str
    participation_target_date: str
    participation_how: Markup | None
    budget: str
    funding: list[dict[str, str]]
    review_next: str
    review_frequency: str
    review_last: str
    term: str
    accountability: Markup


@dataclass(slots=True)
class VersionPageView:
    """A document's text at one version: the current text, an old version or the proposal."""

    url: str
    kind: PageKind
    doc_id: str
    doc_kind: str
    title: str
    version: str
    status: str
    adopted: str
    summary: Markup | None
    decision: DecisionView | None
    preamble: Markup | None
    articles: list[ArticleView]
    charter: CharterPanel | None
    selector: list[SelectorEntry]
    current_version: str | None
    current_url: str | None
    history_url: str
    changes_url: str | None
    since_url: str | None
    proposed_url: str | None
    data_url: str | None
    feed_url: str
    removed: list[dict[str, str]] = field(default_factory=list)  # anchors kept for old links
    redline: RedlineView | None = None  # on the proposed page: what it would change


class PageBuilder:
    """Builds the view of one version of one document, for a page at `url`."""

    def __init__(self, site: Site, entry: SiteDocument) -> None:
        self.site = site
        self.entry = entry

    def version_page(
        self, doc: Document, url: str, kind: PageKind, published: PublishedVersion | None
    ) -> VersionPageView:
        history = self.entry.history
        current = history.current
        numbers = self.site.numbers(doc)
        adopted_on = published.date if published else None
        resolve = self._resolver(doc, url, adopted_on)
        context_key = f"{doc.id}@{adopted_on}@{url}"
        current_ids = current.document.ids() if current and kind == "old" else set()
        current_page = urls.document(doc.id)

        def link_current(provision_id: str) -> str | None:
            if kind != "old" or provision_id not in current_ids:
                return None
            return urls.relative(url, urls.clause(current_page, provision_id))

        def clause_views(clauses: tuple[Clause, ...]) -> list[ClauseView]:
            return [
                ClauseView(
                    id=c.id,
                    number=numbers[c.id].short,
                    label=numbers[c.id].label,
                    html=self.site.text_html(c.text, resolve, context_key),
                    clauses=clause_views(c.clauses),
                    current_url=link_current(c.id),
                    gone_from_current=kind == "old" and c.id not in current_ids,
                )
                for c in clauses
            ]

        def section_view(s: Section) -> SectionView:
            n = numbers[s.id]
            return SectionView(
                s.id, n.short, n.title, s.title, clause_views(s.clauses), link_current(s.id)
            )

        def article_view(a: Article) -> ArticleView:
            n = numbers[a.id]
            return ArticleView(
                a.id,
                n.short,
                n.title,
                shown_title(a.title, "article"),
                clause_views(a.clauses),
                [section_view(s) for s in a.sections],
                link_current(a.id),
            )

        version_text = doc.version.text
        return VersionPageView(
            url=url,
            kind=kind,
            doc_id=doc.id,
            doc_kind=doc.kind,
            title=doc.title,
            version=version_text,
            status=doc.status,
            adopted=long_date(adopted_on),
            summary=self._text(doc.summary, resolve, context_key),
            decision=decision_view(self.site, doc, resolve, context_key),
            preamble=self._text(doc.preamble, resolve, context_key),
            articles=[article_view(a) for a in doc.articles],
            charter=self._charter(doc, url, adopted_on, resolve, context_key),
            selector=self.selector(url, version_text if kind != "proposed" else None),
            current_version=current.version.text if current else None,
            current_url=urls.relative(url, current_page) if current else None,
            history_url=urls.relative(url, urls.history(doc.id)),
            changes_url=self._changes_url(url, published),
            since_url=(
                urls.relative(url, urls.since(doc.id, version_text))
                if kind == "old" and published
                else None
            ),
            proposed_url=(
                urls.relative(url, urls.proposed(doc.id))
                if history.proposed and kind != "proposed"
                else None
            ),
            data_url=urls.relative(url, urls.data(doc.id, version_text)) if published else None,
            feed_url=urls.relative(url, urls.feed(doc.id)),
            removed=self._removed_anchors(doc, url) if kind == "current" else [],
        )

    def _changes_url(self, url: str, published: PublishedVersion | None) -> str | None:
        versions = self.entry.history.versions
        if published is None or not versions or published is versions[0]:
            return None
        return urls.relative(url, urls.changes(self.entry.id, published.version.text))

    def selector(self, url: str, selected: str | None) -> list[SelectorEntry]:
        """Every version of this document, newest first, for the header's version selector."""
        history = self.entry.history
        entries = []
        if history.proposed is not None:
            entries.append(
                SelectorEntry(
                    f"{history.proposed.document.version} (proposed)",
                    urls.relative(url, urls.proposed(self.entry.id)),
                    selected is None,
                    "proposed",
                )
            )
        current = history.current
        for published in reversed(history.versions):
            is_current = published is current
            target = (
                urls.document(self.entry.id)
                if is_current
                else urls.version(self.entry.id, published.version.text)
            )
            entries.append(
                SelectorEntry(
                    f"{published.version} (current)" if is_current else published.version.text,
                    urls.relative(url, target),
                    published.version.text == selected,
                    "current" if is_current else "",
                )
            )
        return entries

    def _removed_anchors(self, doc: Document, url: str) -> list[dict[str, str]]:
        """Provisions of earlier versions that the current text no longer has.

        Their anchors stay on the current page and point to the last version that
        had them, so a link cited years ago still lands somewhere that explains.
        """
        present = doc.ids()
        last_seen: dict[str, PublishedVersion] = {}
        for published in self.entry.history.versions:
            for provision_id in published.document.ids():
                if provision_id not in present:
                    last_seen[provision_id] = published
        removed = []
        for provision_id, published in sorted(last_seen.items()):
            number = self.site.numbers(published.document)[provision_id]
            removed.append(
                {
                    "id": provision_id,
                    "label": number.title,
                    "version": published.version.text,
                    "url": urls.relative(
                        url, urls.clause(urls.version(doc.id, published.version.text), provision_id)
                    ),
                }
            )
        return removed

    def _text(self, text: str | None, resolve: markup.Resolver, key: str) -> Markup | None:
        return self.site.text_html(text, resolve, key) if text else None

    def _resolver(self, doc: Document, url: str, on: date | None) -> markup.Resolver:
        """Citations link to the version of the cited document in force when `doc` was adopted."""

        def resolve(citation: markup.Citation) -> tuple[str, str] | None:
            if not citation.document or citation.document == doc.id:
                number = self.site.numbers(doc).get(citation.clause)
                if number is None:
                    return None
                return f"#{citation.clause}", citation.label or number.label
            target = self.site.version_in_force(citation.document, on)
            if target is None:
                return None
            number = self.site.numbers(target.document).get(citation.clause)
            if number is None:
                return None
            page = urls.version(citation.document, target.version.text)
            label = citation.label or f"{number.label} of the {target.document.title}"
            return urls.relative(url, urls.clause(page, citation.clause)), label

        return resolve

    def _charter(
        self,
        doc: Document,
        url: str,
        on: date | None,
        resolve: markup.Resolver,
        key: str,
    ) -> CharterPanel | None:
        terms = doc.charter
        if terms is None:
            return None
        constitution = self.site.version_in_force(terms.constitution, on)
        constitution_entry = self.site.by_id.get(terms.constitution)
        title = (
            constitution.document.title
            if constitution
            else constitution_entry.latest.title
            if constitution_entry
            else terms.constitution
        )
        constitution_url = (
            urls.relative(url, urls.version(terms.constitution, constitution.version.text))
            if constitution
            else None
        )
        p = terms.participation
        network = terms.network
        place = network.kind == "place-based"

        def text(value: str, *_: object) -> Markup:
            return self.site.text_html(value, resolve, key, inline=True)

        return CharterPanel(
            constitution_title=title,
            constitution_url=constitution_url,
            commissioning_body=text(terms.commissioning_body, resolve, key),
            service_name=terms.service.name,
            service_nature=_NATURE_WORDS[terms.service.nature],
            service_description=(
                text(terms.service.description) if terms.service.description else None
            ),
            network_kind=_NETWORK_WORDS[network.kind],
            network_place_or_interest_label="Area" if place else "Need or interest",
            network_place_or_interest=text(
                (network.area if place else network.interest) or "", resolve, key
            ),
            network_members=text(network.members, resolve, key),
            methods=[
                {
                    "name": _METHOD_WORDS[m.method],
                    "formality": m.formality.capitalize(),
                    "description": text(m.description, resolve, key),
                }
                for m in terms.power_transfer
            ],
            ladder=[
                {
                    "rung": index,
                    "name": _RUNG_WORDS[rung],
                    "is_current": rung == p.current,
                    "is_target": rung == p.target,
                }
                for index, rung in enumerate(PARTICIPATION_LADDER, start=1)
            ],
            participation_current=_rung(p.current, p.current_rung),
            participation_target=_rung(p.target, p.target_rung),
            participation_target_date=long_date(p.target_date),
            participation_how=self._text(p.how, resolve, key),
            budget=_budget(terms.budget),
            funding=[
                {
                    "source": _SOURCE_WORDS[f.source],
                    "name": f.name,
                    "amount": money(f.amount, terms.budget.currency)
                    if f.amount is not None
                    else "",
                }
                for f in terms.budget.funding
            ],
            review_next=long_date(terms.review.next),
            review_frequency=(terms.review.frequency or "").replace("-", " "),
            review_last=long_date(terms.review.last),
            term=_term(terms.start, terms.end),
            accountability=self.site.text_html(terms.accountability, resolve, key),
        )


def decision_view(
    site: Site, doc: Document, resolve: markup.Resolver, key: str
) -> DecisionView | None:
    """A version's decision record in words: date, body, votes, quorum, links."""
    d = doc.decision
    if d is None:
        return None
    return DecisionView(
        adopted=long_date(d.adopted),
        body=d.body,
        votes=d.votes.in_words if d.votes is not None else None,
        present=f"{d.present} members present" if d.present is not None else None,
        proposal_url=d.proposal,
        minutes_url=d.minutes,
        summary=site.text_html(d.summary, resolve, key) if d.summary else None,
    )


def _rung(name: str, rung: int) -> str:
    return f"{_RUNG_WORDS[name]} (rung {rung} of {len(PARTICIPATION_LADDER)})"


def _budget(budget: Budget) -> str:
    return f"{money(budget.amount, budget.currency)} {_PERIOD_WORDS[budget.period]}"


def shown_title(title: str, word: str) -> str:
    """A heading's title, or "" when it only repeats the label ("Article." under Article 3)."""
    return "" if title.strip(" .:").lower() == word else title


def _term(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{long_date(start)} to {long_date(end)}"
    if start:
        return f"From {long_date(start)}"
    return ""


# --- the index page --------------------------------------------------------------------


@dataclass(slots=True)
class IndexRow:
    title: str
    url: str
    kind: str
    status: str
    version: str
    adopted: str
    proposed_url: str | None


@dataclass(slots=True)
class GlanceRow:
    """One charter in the "commissioning at a glance" table."""

    title: str
    url: str
    service: str
    nature: str
    network: str
    methods: str
    participation: str
    budget: str


def index_rows(site: Site) -> tuple[list[IndexRow], list[GlanceRow]]:
    rows = []
    glance = []
    for entry in site.documents:
        history = entry.history
        current = history.current
        doc = entry.latest
        url = urls.document(doc.id) if current else urls.proposed(doc.id)
        rows.append(
            IndexRow(
                title=doc.title,
                url=url,
                kind=doc.kind.capitalize(),
                status=doc.status.capitalize() if current else "Proposed (not adopted)",
                version=current.version.text if current else f"{doc.version} (proposed)",
                adopted=long_date(current.date) if current else "",
                proposed_url=urls.proposed(doc.id) if history.proposed and current else None,
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
                    nature=_NATURE_WORDS[terms.service.nature],
                    network=f"{_NETWORK_WORDS[terms.network.kind]}: "
                    + markup.to_plain(
                        (
                            terms.network.area
                            if terms.network.kind == "place-based"
                            else terms.network.interest
                        )
                        or ""
                    ),
                    methods=", ".join(
                        f"{_METHOD_WORDS[m.method]} ({m.formality})" for m in terms.power_transfer
                    ),
                    participation=f"{_RUNG_WORDS[p.current]} now; aiming for "
                    f"{_RUNG_WORDS[p.target]}"
                    + (f" by {long_date(p.target_date)}" if p.target_date else ""),
                    budget=_budget(terms.budget),
                )
            )
    return rows, glance


# --- the history page ------------------------------------------------------------------


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


def history_rows(site: Site, entry: SiteDocument, url: str) -> list[HistoryRow]:
    rows = []
    versions = entry.history.versions
    current = entry.history.current
    for index, published in enumerate(versions):
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
                status="Current" if is_current else doc.status.capitalize(),
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
            )
        )
    rows.reverse()  # newest first
    return rows


# --- redline pages -------------------------------------------------------------------------


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
) -> RedlinePageView:
    """The redline of `old` against `new`, with links into both versions' texts."""
    doc_id = entry.id
    current = entry.history.current
    old_page = urls.version(doc_id, old.version.text)
    new_page = urls.document(doc_id) if new is current else urls.version(doc_id, new.version.text)
    diff = site.diff(old.document, new.document)
    view = redline_view(
        diff,
        link_for_clause=lambda pid: urls.relative(url, urls.clause(new_page, pid)),
        link_for_old_clause=lambda pid: urls.relative(url, urls.clause(old_page, pid)),
    )
    title = new.document.title
    if kind == "changes":
        heading = f"What version {new.version} changed"
        intro = (
            f"The {title} as amended by version {new.version}, adopted on {long_date(new.date)}, "
            f"compared with version {old.version}. Inserted words are underlined and marked "
            "as inserted; removed words are struck through and marked as removed."
        )
    else:
        heading = f"Changes since version {old.version}"
        intro = (
            f"Everything that has changed in the {title} since version {old.version} "
            f"({long_date(old.date)}), up to the current text, version {new.version}."
        )
    no_links: markup.Resolver = lambda _citation: None  # noqa: E731
    decision = decision_view(site, new.document, no_links, "") if kind == "changes" else None
    return RedlinePageView(
        url=url,
        kind=kind,
        title=heading,
        intro=intro,
        old_url=urls.relative(url, old_page),
        new_url=urls.relative(url, new_page),
        old_label=f"Version {old.version}",
        new_label=f"Version {new.version}" + (" (current)" if new is current else ""),
        decision=decision,
        redline=view,
        history_url=urls.relative(url, urls.history(doc_id)),
    )


def proposed_redline(site: Site, entry: SiteDocument, url: str) -> RedlineView | None:
    """The redline of the proposal against the current text, for the proposed page."""
    proposed = entry.history.proposed
    current = entry.history.current
    if proposed is None:
        return None
    old = current.document if current else None
    current_page = urls.document(entry.id)
    return redline_view(
        site.diff(old, proposed.document),
        link_for_clause=lambda pid: f"#{pid}",
        link_for_old_clause=lambda pid: urls.relative(url, urls.clause(current_page, pid)),
        anchor_prefix="redline--",
    )
