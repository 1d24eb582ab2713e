"""The page of a document's text at one version: the current text, an old version, the proposal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from generator.diff.view import DecisionView, RedlineView
from generator.model import markup
from generator.model.dates import long_date
from generator.model.document import PARTICIPATION_LADDER, Article, Clause, Document, Section
from generator.model.history import PublishedVersion
from generator.model.numbering import Number
from generator.site import urls
from generator.site.views.citation import (
    CiteView,
    absolute,
    citation,
    frozen_address,
    in_force_words,
    number_anchor,
)
from generator.site.views.shared import (
    FORMALITY_WORDS,
    FREQUENCY_WORDS,
    METHOD_WORDS,
    NATURE_WORDS,
    NETWORK_WORDS,
    RUNG_WORDS,
    SOURCE_WORDS,
    STATUS_WORDS,
    Site,
    SiteDocument,
    budget_words,
    decision_of,
    money,
)
from generator.support.i18n import gettext as _

PageKind = str  # "current" | "old" | "proposed"

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
    cite: CiteView | None = None
    lang: str | None = None  # the text's language, when not the page's


@dataclass(slots=True)
class SectionView:
    id: str
    number: str
    label: str
    title: str
    clauses: list[ClauseView]
    current_url: str | None
    cite: CiteView | None = None


@dataclass(slots=True)
class ArticleView:
    id: str
    number: str
    label: str
    title: str
    clauses: list[ClauseView]
    sections: list[SectionView]
    current_url: str | None
    cite: CiteView | None = None


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
    pdf_url: str | None = None  # an adopted version's PDF, made by the PDF stage
    permanent_url: str | None = None  # the frozen page of this version, relative
    permanent_address: str | None = None  # the same, as written down
    in_force: str = ""  # "In force from 20 January 2024 until 20 June 2024"
    removed: list[dict[str, str]] = field(default_factory=list)  # anchors kept for old links
    redline: RedlineView | None = None  # on the proposed page: what it would change
    superseded: str = ""  # on old versions: "Superseded on 1 February 2025 by version 1.1"
    superseded_by_current: bool = False  # the version that ended it is the current one
    status_words: str = ""  # the status in words, in the page's language
    # On old versions, what ended them and when, apart: "Superseded", "1 February 2025"
    # (the PDF's running head names the status alone).
    ended_status: str = ""
    ended_on: str = ""
    # The language of the document's text when it is not the page's (a version with
    # no translation yet, on a page in another language), else None.
    text_lang: str | None = None
    untranslated: str = ""  # on such a page: a sentence saying the text is not translated


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
        text_lang = self.site.text_lang(doc)

        def link_current(provision_id: str) -> str | None:
            if kind != "old" or provision_id not in current_ids:
                return None
            return urls.relative(url, urls.clause(current_page, provision_id))

        frozen_page = urls.version(doc.id, doc.version.text) if published else None
        anchors = NumberAnchors(doc.ids()) if frozen_page == url else None

        def cite(provision_id: str) -> CiteView:
            number = numbers[provision_id]
            if published is None or frozen_page is None:  # a proposal: a link, nothing to cite
                return CiteView(number.label, f"#{provision_id}", "", None, None)
            address = frozen_address(self.site.site_url, doc.id, doc.version.text, provision_id)
            return CiteView(
                label=number.label,
                link=urls.relative(url, urls.clause(frozen_page, provision_id)),
                address=address,
                text=citation(
                    self.site.site_name,
                    doc.title,
                    doc.version.text,
                    published.date,
                    number,
                    address,
                ),
                number_anchor=anchors.take(number) if anchors else None,
                history_url=urls.relative(url, urls.clause(urls.clauses(doc.id), provision_id)),
                current_url=link_current(provision_id),
            )

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
                    cite=cite(c.id),
                    lang=text_lang,
                )
                for c in clauses
            ]

        def section_view(s: Section) -> SectionView:
            n = numbers[s.id]
            return SectionView(
                s.id,
                n.short,
                n.title,
                s.title,
                clause_views(s.clauses),
                link_current(s.id),
                cite(s.id),
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
                cite(a.id),
            )

        version_text = doc.version.text
        ended_status, ended_on = self._ended(published)
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
            decision=decision_of(self.site, doc, resolve, context_key),
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
            pdf_url=(
                urls.relative(url, urls.pdf(doc.id, version_text))
                if published and self.site.pdfs
                else None
            ),
            permanent_url=urls.relative(url, frozen_page) if frozen_page else None,
            permanent_address=(absolute(self.site.site_url, frozen_page) if frozen_page else None),
            in_force=in_force_words(history.versions, published) if published else "",
            removed=self._removed_anchors(doc, url) if kind == "current" else [],
            superseded=self._superseded(published),
            ended_status=ended_status,
            ended_on=ended_on,
            superseded_by_current=self._superseded_by_current(published),
            status_words=STATUS_WORDS[doc.status],
            text_lang=text_lang,
            untranslated=self.site.untranslated_notice(doc, history.latest),
        )

    def _successor(self, published: PublishedVersion | None) -> PublishedVersion | None:
        versions = self.entry.history.versions
        if published is None or published not in versions:
            return None
        at = versions.index(published)
        return versions[at + 1] if at + 1 < len(versions) else None

    def _superseded_by_current(self, published: PublishedVersion | None) -> bool:
        """The version that superseded this one is the current text (so the banner need not say)."""
        after = self._successor(published)
        return (
            after is not None
            and after is self.entry.history.current
            and after.document.status != "repealed"
        )

    def _ended(self, published: PublishedVersion | None) -> tuple[str, str]:
        """What ended this version, as a status word, and the date it did: ("", "") if none."""
        after = self._successor(published)
        if after is None:
            return "", ""
        status = "repealed" if after.document.status == "repealed" else "superseded"
        return STATUS_WORDS[status], long_date(after.date)

    def _superseded(self, published: PublishedVersion | None) -> str:
        """What ended this version, in words: the status a reader of an old text wants."""
        after = self._successor(published)
        if after is None:
            return ""
        if after.document.status == "repealed":
            return _("Repealed on %(date)s") % {"date": long_date(after.date)}
        return _("Superseded on %(date)s by version %(version)s") % {
            "date": long_date(after.date),
            "version": after.version,
        }

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
                    _("%(version)s (proposed)") % {"version": history.proposed.document.version},
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
                    _("%(version)s (current)") % {"version": published.version}
                    if is_current
                    else published.version.text,
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

    def citation_resolver(self, doc: Document, url: str, on: date | None) -> markup.Resolver:
        """Citations in `doc`'s text, as links from the page at `url` (the home page too)."""
        return self._resolver(doc, url, on)

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
            label = citation.label or _("%(label)s of the %(title)s") % {
                "label": number.label,
                "title": target.document.title,
            }
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
            service_nature=NATURE_WORDS[terms.service.nature],
            service_description=(
                text(terms.service.description) if terms.service.description else None
            ),
            network_kind=NETWORK_WORDS[network.kind],
            network_place_or_interest_label=_("Area") if place else _("Need or interest"),
            network_place_or_interest=text(
                (network.area if place else network.interest) or "", resolve, key
            ),
            network_members=text(network.members, resolve, key),
            methods=[
                {
                    "name": METHOD_WORDS[m.method],
                    "formality": FORMALITY_WORDS[m.formality],
                    "description": text(m.description, resolve, key),
                }
                for m in terms.power_transfer
            ],
            ladder=[
                {
                    "rung": index,
                    "name": RUNG_WORDS[rung],
                    "is_current": rung == p.current,
                    "is_target": rung == p.target,
                }
                for index, rung in enumerate(PARTICIPATION_LADDER, start=1)
            ],
            participation_current=_rung(p.current, p.current_rung),
            participation_target=_rung(p.target, p.target_rung),
            participation_target_date=long_date(p.target_date),
            participation_how=self._text(p.how, resolve, key),
            budget=budget_words(terms.budget),
            funding=[
                {
                    "source": SOURCE_WORDS[f.source],
                    "name": f.name,
                    "amount": money(f.amount, terms.budget.currency)
                    if f.amount is not None
                    else "",
                }
                for f in terms.budget.funding
            ],
            review_next=long_date(terms.review.next),
            review_frequency=FREQUENCY_WORDS[terms.review.frequency]
            if terms.review.frequency
            else "",
            review_last=long_date(terms.review.last),
            term=_term(terms.start, terms.end),
            accountability=self.site.text_html(terms.accountability, resolve, key),
        )


class NumberAnchors:
    """Hands out number anchors on one frozen page, never one an id or another number holds."""

    def __init__(self, ids: set[str]) -> None:
        self.taken = set(ids)

    def take(self, number: Number) -> str | None:
        anchor = number_anchor(number)
        if anchor is None or anchor in self.taken:
            return None
        self.taken.add(anchor)
        return anchor


def _rung(name: str, rung: int) -> str:
    return _("%(rung_name)s (rung %(rung)s of %(rungs)s)") % {
        "rung_name": RUNG_WORDS[name],
        "rung": rung,
        "rungs": len(PARTICIPATION_LADDER),
    }


def shown_title(title: str, word: str) -> str:
    """A heading's title, or "" when it only repeats the label ("Article." under Article 3)."""
    return "" if title.strip(" .:").lower() == word else title


def _term(start: date | None, end: date | None) -> str:
    if start and end:
        return _("%(start)s to %(end)s") % {"start": long_date(start), "end": long_date(end)}
    if start:
        return _("From %(date)s") % {"date": long_date(start)}
    return ""
