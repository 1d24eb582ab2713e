"""A redline ready to print: the words, numbers and rows every rendering shows.

`redline_view(diff)` turns a `DocumentDiff` into plain data that a template can
loop over without any logic of its own: each changed provision as a row with its
heading in words ("Clause 4.2 amended", "Clause 7.3 inserted"), a note on where it
came from ("moved from Article 9 (Money), where it was clause 9.2"), and its text
as segments of kind equal / insert / delete. The HTML partial
(`templates/partials/redline.html`), the pull-request Markdown and the terminal all read
this one view, so they use the same words.

Texts here are raw, exactly as typed; each rendering escapes them for its medium.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.diff.clauses import provisions_by_article
from generator.diff.fields import in_language
from generator.diff.words import diff_segments
from generator.model import markup
from generator.model.changes import DocumentDiff, FieldChange, ProvisionChange, Segment, Tally
from generator.model.dates import long_date
from generator.model.document import AmendmentRule, Decision, Threshold
from generator.model.numbering import Number
from generator.support.i18n import N_, Words, ngettext
from generator.support.i18n import gettext as _

LinkFor = Callable[[str], str | None]
# Given a citation to another document, its (link, label), or None if it is unknown.
CiteFor = Callable[[markup.Citation], tuple[str, str] | None]

# Unchanged words kept on each side of a change when a rendering shortens a text
# (the pull-request comment and the terminal); longer unchanged runs are cut.
CONTEXT_WORDS = 12

# Details that record the document's standing rather than its content: a redline
# lists them apart, as the change of record, not among the amendment's changes.
RECORD_KEYS = frozenset({"status"})

# A provision's heading for each kind of change ("Clause 4.2 amended"); an unchanged
# provision's heading is its number alone.
_HEADINGS = {
    "added": N_("%(number)s inserted"),
    "removed": N_("%(number)s removed"),
    "modified": N_("%(number)s amended"),
    "retitled": N_("%(number)s retitled"),
    "formatting": N_("%(number)s formatting only (same words)"),
    "moved": N_("%(number)s moved"),
    "renumbered": N_("%(number)s renumbered"),
}
_MOVED_HEADINGS = {
    "modified": N_("%(number)s amended and moved"),
    "retitled": N_("%(number)s retitled and moved"),
    "formatting": N_("%(number)s moved, formatting only (same words)"),
}
# A document's status as a redline names it: "version 1.0 to 1.1 (adopted)".
_STATUS_WORDS = {
    "draft": N_("draft"),
    "adopted": N_("adopted"),
    "superseded": N_("superseded"),
    "repealed": N_("repealed"),
}


def status_word(status: str) -> str:
    """A status in the language in use; one this tool does not know, as written."""
    words = _STATUS_WORDS.get(status)
    return _(words) if words else status


@dataclass(frozen=True, slots=True)
class RowView:
    """One provision: an article, a section or a clause."""

    id: str
    anchor: str  # HTML id of the row, unique on the page
    level: str  # "article", "section" or "clause"
    kind: str  # added, removed, modified, retitled, formatting, moved, renumbered, unchanged
    heading: str  # "Clause 4.2 amended", "Article 6 inserted"
    note: str | None  # "was clause 4.2", "moved from Article 9 (Money), where it was clause 9.2"
    old_number: str | None  # "4.2" in the old version, None when inserted
    new_number: str | None  # "4.3" in the new version, None when removed
    title: str | None  # an article's or section's title (the new one, else the old one)
    segments: tuple[Segment, ...]  # the text (or title), with its changes
    depth: int  # 0 article, 1 clause or section, 2 sub-clause or clause of a section...
    moved: bool
    link: str | None  # the provision in the new version
    old_link: str | None  # the provision in the old version


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article and the provisions in it that changed."""

    row: RowView  # the article itself
    rows: tuple[RowView, ...]  # its sections and clauses, in reading order
    unchanged: int  # provisions of this article left out because nothing changed in them
    unchanged_text: str  # "4 unchanged clauses not shown", or ""


@dataclass(frozen=True, slots=True)
class FieldView:
    topic: str  # "Amendment rule"
    label: str  # "quorum"
    kind: str  # "added", "removed" or "changed"
    heading: str  # "Amendment rule: quorum changed"
    old: str | None
    new: str | None
    segments: tuple[Segment, ...]
    as_words: bool  # a changed text sharing words with the old: show `segments`, not old/new


@dataclass(frozen=True, slots=True)
class CountView:
    kind: str  # added, removed, changed, formatting, moved, renumbered, fields
    level: str  # article, section, clause or detail
    count: int
    text: str  # "3 clauses amended"


@dataclass(frozen=True, slots=True)
class DecisionView:
    """How a version was adopted, as a decision record reads: the one wording of it.

    The site's pages and every redline rendering read this view.
    """

    adopted: str  # ISO date
    adopted_words: str  # "25 November 2026"
    body: str
    votes: str | None  # "31 for, 4 against, 3 abstaining"
    present: str | None  # "38 members present"
    proposal: str | None  # link to the proposal (pull request), web addresses only
    minutes: str | None  # link to the minutes, web addresses only
    summary: str | None  # as its authors wrote it
    summary_html: str | None = None  # the summary as safe HTML, where a page shows it
    # Whether the vote met the amendment rule in force, in words and figures:
    # "Met the 2/3 rule of version 1.1: 20 of 26 votes cast (77%) were for it."
    rule_met: str | None = None
    present_count: int | None = None  # members present, as a figure


@dataclass(frozen=True, slots=True)
class RedlineView:
    """One document's redline, ready for a template."""

    document_id: str
    title: str
    kind: str  # "constitution" or "charter"
    change: str  # the document as a whole: "added", "removed", "changed" or "unchanged"
    anchor: str  # HTML id of the redline's heading
    heading: str  # "Constitution of X: version 1.0 to 1.1"
    old_version: str | None
    new_version: str | None
    old_status: str | None  # in words, in the language in use: "adopted", "mabwysiadwyd"
    new_status: str | None
    summary: str  # one sentence: "3 clauses amended, 2 clauses inserted, 1 clause removed."
    counts: tuple[CountView, ...]  # the non-zero counts behind the sentence
    fields: tuple[FieldView, ...]  # title, status, amendment rule, charter terms
    articles: tuple[ArticleView, ...]  # articles with something changed in them
    renumbered: tuple[RowView, ...]  # provisions whose only change is their number
    renumbered_text: str  # "20 clauses renumbered only (their words are unchanged)", or ""
    unchanged_articles: int  # articles left out because nothing in them changed
    decision: DecisionView | None  # the new version's decision record
    summary_of_version: str | None  # the new version's own summary, as its authors wrote it
    has_changes: bool
    # Each citation written in the texts ("[[#quorum]]") as a reader should see it:
    # every rendering shows the label (a link where it can), never the markup.
    citations: dict[str, Cited] = field(default_factory=dict)
    # The change of record (the document's status), kept apart from what the
    # amendment changes in the text and terms: "Document: status changed".
    record: tuple[FieldView, ...] = ()


@dataclass(frozen=True, slots=True)
class Cited:
    label: str  # "clause 4.3", "clause 2.1 of the Riverside Constitution"
    href: str | None


def with_citations(
    text: str,
    citations: dict[str, Cited],
    plain: Callable[[str], str],
    cite: Callable[[Cited], str],
) -> str:
    """`text` with each citation shown by `cite` and the words around it by `plain`."""
    out, at = [], 0
    for match in markup.CITATION.finditer(text):
        out.append(plain(text[at : match.start()]))
        written = match.group(0)
        out.append(cite(citations.get(written) or Cited(_fallback_label(match), None)))
        at = match.end()
    out.append(plain(text[at:]))
    return "".join(out)


def _fallback_label(match: re.Match[str]) -> str:
    label = (match[3] or "").strip()
    if label:
        return label
    name = match[2].replace("-", " ")
    if match[1]:
        return _("the clause on %(name)s in %(document)s") % {"name": name, "document": match[1]}
    return _("the clause on %(name)s") % {"name": name}


def redline_view(
    diff: DocumentDiff,
    *,
    link_for_clause: LinkFor | None = None,
    link_for_old_clause: LinkFor | None = None,
    anchor_prefix: str = "",
    include_unchanged: bool = False,
    cite_for: CiteFor | None = None,
    with_decision: bool = True,
) -> RedlineView:
    """The view of one document's diff.

    `link_for_clause(id)` gives the URL of a provision in the new version (the site
    passes its own URL maker), `link_for_old_clause(id)` in the old one. Rows are
    anchored at `anchor_prefix + id` (a removed provision at `... + id + "--removed"`,
    as an id may be reused). With `include_unchanged`, every provision is a row and
    the redline reads as the whole new text; otherwise only changes are rows, and
    clauses whose only change is their number are listed apart, in `renumbered`.
    Without `with_decision` the view has no decision record: a rendering that shows
    none need not load the locale data that puts its date in words.
    """
    old_numbers = {p.id: p.old.number for p in diff.provisions if p.old is not None}
    new_numbers = {p.id: p.new.number for p in diff.provisions if p.new is not None}
    old_titles = {p.id: p.old_text for p in diff.provisions if p.level != "clause" and p.old_text}
    new_titles = {p.id: p.new_text for p in diff.provisions if p.level != "clause" and p.new_text}

    def place(parent: str | None, numbers: dict[str, Number], titles: dict[str, str]) -> str:
        if parent is None:
            return _("the document")
        number = numbers[parent]
        title = titles.get(parent)
        return f"{number.label} ({title})" if title else number.label

    def row(p: ProvisionChange) -> RowView:
        number = (p.new or p.old).number  # type: ignore[union-attr]
        heading = _heading_of(p, number.title)
        note = None
        if p.moved and p.old and p.new:
            if p.old.parent == p.new.parent:
                where = place(p.new.parent, new_numbers, new_titles)
                note = _("moved within %(where)s; it was %(was)s")
            else:
                where = place(p.old.parent, old_numbers, old_titles)
                note = _("moved from %(where)s, where it was %(was)s")
            note %= {"where": where, "was": p.old.number.label}
        elif p.renumbered and p.old:
            note = _("it was %(was)s") % {"was": p.old.number.label}
        elif p.kind == "removed" and p.old:
            note = _("numbered as in version %(version)s") % {
                "version": diff.old_head.version  # type: ignore[union-attr]
            }
            parent = p.old.parent
            if parent in new_numbers and new_numbers[parent].short != old_numbers[parent].short:
                was, now = old_numbers[parent].label, new_numbers[parent].label
                note += _("; it was part of %(was)s, now %(now)s") % {"was": was, "now": now}
        link = link_for_clause(p.id) if link_for_clause and p.new else None
        old_link = link_for_old_clause(p.id) if link_for_old_clause and p.old else None
        return RowView(
            id=p.id,
            anchor=f"{anchor_prefix}{p.id}" + ("--removed" if p.new is None else ""),
            level=p.level,
            kind=p.kind,
            heading=heading,
            note=note,
            old_number=p.old.number.short if p.old else None,
            new_number=p.new.number.short if p.new else None,
            title=(p.new_text or p.old_text) if p.level != "clause" else None,
            segments=p.words,
            depth=number.depth,
            moved=p.moved,
            link=link,
            old_link=old_link,
        )

    articles: list[ArticleView] = []
    renumbered: list[RowView] = []
    unchanged_articles = 0
    for group in provisions_by_article(diff):
        head, *rest = group
        rows: list[RowView] = []
        only_renumbered: list[RowView] = []
        left_out = 0
        for p in rest:
            if include_unchanged or p.kind not in ("unchanged", "renumbered"):
                rows.append(row(p))
            elif p.kind == "renumbered":
                only_renumbered.append(row(p))
            else:
                left_out += 1
        quiet = head.kind in ("unchanged", "renumbered")
        if quiet and not rows and not include_unchanged:
            if head.kind == "renumbered":
                only_renumbered.insert(0, row(head))
            unchanged_articles += 1
        else:
            articles.append(
                ArticleView(row(head), tuple(rows), left_out, _unchanged_text(left_out))
            )
        renumbered += only_renumbered
    renumbered_text = ""
    if renumbered:
        n = len(renumbered)
        renumbered_text = ngettext(
            "%(count)s provision renumbered only (its words are unchanged)",
            "%(count)s provisions renumbered only (their words are unchanged)",
            n,
        ) % {"count": n}
    old, new, change = diff.old_head, diff.new_head, diff.change
    cited = _citations(
        diff, new_numbers, old_numbers, link_for_clause, link_for_old_clause, cite_for
    )
    return RedlineView(
        document_id=diff.id,
        title=diff.title,
        kind=diff.kind,
        change=change,
        anchor=f"{anchor_prefix}redline",
        heading=_heading(diff),
        old_version=old.version.text if old else None,
        new_version=new.version.text if new else None,
        old_status=status_word(old.status) if old else None,
        new_status=status_word(new.status) if new else None,
        summary=summary_sentence(diff),
        counts=_counts(diff),
        fields=tuple(_field(f) for f in diff.fields if f.key not in RECORD_KEYS),
        record=tuple(_field(f) for f in diff.fields if f.key in RECORD_KEYS),
        articles=tuple(articles),
        renumbered=tuple(renumbered),  # empty with include_unchanged: they are rows then
        renumbered_text=renumbered_text,
        unchanged_articles=unchanged_articles,
        decision=decision_view(new.decision) if with_decision and new and new.decision else None,
        summary_of_version=new.summary if new else None,
        has_changes=change != "unchanged",
        citations=cited,
    )


def _citations(
    diff: DocumentDiff,
    new_numbers: dict[str, Number],
    old_numbers: dict[str, Number],
    link_for_clause: LinkFor | None,
    link_for_old_clause: LinkFor | None,
    cite_for: CiteFor | None,
) -> dict[str, Cited]:
    """How each citation in the diff's texts reads: its label and, where known, a link."""
    texts = [s.text for p in diff.provisions for s in p.words]
    texts += [s.text for f in diff.fields for s in f.words]
    texts += [v for f in diff.fields for v in (f.old, f.new) if isinstance(v, str)]
    found: dict[str, Cited] = {}
    for text in texts:
        if "[[" not in text:
            continue
        for match in markup.CITATION.finditer(text):
            written = match.group(0)
            if written in found:
                continue
            citation = markup.Citation(
                match[1], match[2], (match[3] or "").strip() or None, match.start()
            )
            if not citation.document or citation.document == diff.id:
                if citation.clause in new_numbers:
                    number, link = new_numbers[citation.clause], link_for_clause
                elif citation.clause in old_numbers:
                    number, link = old_numbers[citation.clause], link_for_old_clause
                else:
                    continue
                href = link(citation.clause) if link else None
                found[written] = Cited(citation.label or number.label, href)
            elif cite_for is not None and (resolved := cite_for(citation)) is not None:
                found[written] = Cited(resolved[1], resolved[0])
    return found


def _heading_of(p: ProvisionChange, number: str) -> str:
    """The heading of a provision's row: its number and what happened to it."""
    if p.kind == "unchanged":
        return number
    words = _MOVED_HEADINGS.get(p.kind) if p.moved else None
    return _(words or _HEADINGS[p.kind]) % {"number": number}


def _unchanged_text(count: int) -> str:
    if not count:
        return ""
    return ngettext(
        "%(count)s unchanged provision not shown", "%(count)s unchanged provisions not shown", count
    ) % {"count": count}


def _heading(diff: DocumentDiff) -> str:
    old, new = diff.old_head, diff.new_head
    if old is None and new is not None:
        words = _("%(title)s: new document, version %(version)s (%(status)s)")
        return words % {
            "title": new.title,
            "version": new.version,
            "status": status_word(new.status),
        }
    if new is None and old is not None:
        words = _("%(title)s: document removed (was version %(version)s)")
        return words % {"title": old.title, "version": old.version}
    assert old is not None and new is not None
    status = status_word(new.status)
    if old.version == new.version:
        words = _("%(title)s: version %(version)s, %(status)s")
        return words % {"title": new.title, "version": new.version, "status": status}
    words = _("%(title)s: version %(old)s to %(new)s (%(status)s)")
    return words % {"title": new.title, "old": old.version, "new": new.version, "status": status}


# How many provisions of a level had each kind of change: "3 clauses amended". Each is an
# `ngettext` call of its own, so that the catalogues hold the plural forms of each.
_COUNTS: dict[tuple[str, str], Callable[[int], str]] = {
    ("clause", "changed"): lambda n: ngettext(
        "%(count)s clause amended", "%(count)s clauses amended", n
    ),
    ("clause", "added"): lambda n: ngettext(
        "%(count)s clause inserted", "%(count)s clauses inserted", n
    ),
    ("clause", "removed"): lambda n: ngettext(
        "%(count)s clause removed", "%(count)s clauses removed", n
    ),
    ("clause", "moved"): lambda n: ngettext("%(count)s clause moved", "%(count)s clauses moved", n),
    ("clause", "renumbered"): lambda n: ngettext(
        "%(count)s clause renumbered only", "%(count)s clauses renumbered only", n
    ),
    ("clause", "formatting"): lambda n: ngettext(
        "%(count)s clause changed in formatting only",
        "%(count)s clauses changed in formatting only",
        n,
    ),
    ("article", "changed"): lambda n: ngettext(
        "%(count)s article retitled", "%(count)s articles retitled", n
    ),
    ("article", "added"): lambda n: ngettext(
        "%(count)s article inserted", "%(count)s articles inserted", n
    ),
    ("article", "removed"): lambda n: ngettext(
        "%(count)s article removed", "%(count)s articles removed", n
    ),
    ("article", "moved"): lambda n: ngettext(
        "%(count)s article moved", "%(count)s articles moved", n
    ),
    ("article", "renumbered"): lambda n: ngettext(
        "%(count)s article renumbered only", "%(count)s articles renumbered only", n
    ),
    ("article", "formatting"): lambda n: ngettext(
        "%(count)s article changed in formatting only",
        "%(count)s articles changed in formatting only",
        n,
    ),
    ("section", "changed"): lambda n: ngettext(
        "%(count)s section retitled", "%(count)s sections retitled", n
    ),
    ("section", "added"): lambda n: ngettext(
        "%(count)s section inserted", "%(count)s sections inserted", n
    ),
    ("section", "removed"): lambda n: ngettext(
        "%(count)s section removed", "%(count)s sections removed", n
    ),
    ("section", "moved"): lambda n: ngettext(
        "%(count)s section moved", "%(count)s sections moved", n
    ),
    ("section", "renumbered"): lambda n: ngettext(
        "%(count)s section renumbered only", "%(count)s sections renumbered only", n
    ),
    ("section", "formatting"): lambda n: ngettext(
        "%(count)s section changed in formatting only",
        "%(count)s sections changed in formatting only",
        n,
    ),
}


def _counts(diff: DocumentDiff) -> tuple[CountView, ...]:
    counts = []
    summary = diff.summary
    levels: tuple[tuple[str, Tally], ...] = (
        ("clause", summary.clauses),
        ("article", summary.articles),
        ("section", summary.sections),
    )
    for level, tally in levels:
        for kind in ("changed", "added", "removed", "formatting", "moved", "renumbered"):
            n = getattr(tally, kind)
            if n:
                text = _COUNTS[(level, kind)](n) % {"count": n}
                counts.append(CountView(kind, level, n, text))
    amended = [f for f in diff.fields if f.key not in RECORD_KEYS]
    if amended:
        n = len(amended)
        topics = ", ".join(dict.fromkeys(_words(f.topic).lower() for f in amended))
        text = ngettext(
            "%(count)s detail changed (%(topics)s)", "%(count)s details changed (%(topics)s)", n
        ) % {"count": n, "topics": topics}
        counts.append(CountView("changed", "detail", n, text))
    return tuple(counts)


def summary_sentence(diff: DocumentDiff) -> str:
    """What changed, in one sentence: "3 clauses amended, 1 clause inserted."."""
    old, new = diff.old_head, diff.new_head
    if old is None or new is None:
        clauses = sum(1 for p in diff.provisions if p.level == "clause")
        articles = sum(1 for p in diff.provisions if p.level == "article")
        figures = {
            "articles": ngettext("%(count)s article", "%(count)s articles", articles)
            % {"count": articles},
            "clauses": ngettext("%(count)s clause", "%(count)s clauses", clauses)
            % {"count": clauses},
        }
        if old is None:
            return _("New document: %(articles)s, %(clauses)s.") % figures
        return _("Document removed: %(articles)s, %(clauses)s.") % figures
    counts = _counts(diff)
    if not counts:
        return _("No changes to the text.") if diff.fields else _("No changes.")
    return ", ".join(c.text for c in counts) + "."


_FIELD_HEADINGS = {
    "added": N_("%(topic)s: %(label)s added"),
    "removed": N_("%(topic)s: %(label)s removed"),
    "changed": N_("%(topic)s: %(label)s changed"),
}


def _words(text: str) -> str:
    """A topic or label from the diff in the language in use (`N_`-marked in diff/fields.py);
    one made from a document's own words (a funding source) is not in a catalogue, and stays."""
    return _(text) if text else text


def _field(change: FieldChange) -> FieldView:
    topic, label = _words(change.topic), _words(change.label)
    old, new = change.old, change.new
    segments = change.words
    if change.key == "status":  # the status words, as the redline's heading names them
        old = status_word(old) if old else old
        new = status_word(new) if new else new
    else:  # "20 members" in the language in use; compared afresh if that changed its words
        old, new = in_language(change.key, old), in_language(change.key, new)
        if (old, new) != (change.old, change.new):
            segments = diff_segments(old or "", new or "")
    return FieldView(
        topic=topic,
        label=label,
        kind=change.kind,
        heading=_(_FIELD_HEADINGS[change.kind]) % {"topic": topic, "label": label},
        old=old,
        new=new,
        segments=segments,
        as_words=change.kind == "changed" and any(s.kind == "equal" for s in segments),
    )


def web_link(url: str | None) -> str | None:
    """A link from a document, kept only if it is a web address (never javascript: or data:)."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def decision_view(
    decision: Decision,
    summary_html: str | None = None,
    rule: AmendmentRule | None = None,
    rule_name: str = "",
) -> DecisionView:
    """A decision record in words; `summary_html` is its summary made safe for a page.

    `rule` is the amendment rule the vote had to meet (that of the version amended),
    `rule_name` what to call it ("version 1.1", "this version").
    """
    votes = decision.votes.in_words if decision.votes is not None else None
    return DecisionView(
        adopted=decision.adopted.isoformat(),
        adopted_words=long_date(decision.adopted),
        body=decision.body,
        votes=votes,
        present=_("%(count)s members present") % {"count": decision.present}
        if decision.present is not None
        else None,
        proposal=web_link(decision.proposal),
        minutes=web_link(decision.minutes),
        summary=decision.summary,
        summary_html=summary_html,
        rule_met=rule_words(decision, rule, rule_name) if rule else None,
        present_count=decision.present,
    )


# The named thresholds a document may write (`Threshold.parse`), said in the page's language.
THRESHOLD_WORDS = Words(
    {
        "majority": N_("majority"),
        "simple majority": N_("simple majority"),
        "more than half": N_("more than half"),
        "unanimous": N_("unanimous"),
        "unanimity": N_("unanimity"),
        "all": N_("all"),
    }
)


def threshold_words(threshold: Threshold) -> str:
    """A threshold as the page's language says it: a named one in words, figures as written."""
    written = threshold.text.strip()
    return THRESHOLD_WORDS.get(written, threshold.text)


def rule_words(decision: Decision, rule: AmendmentRule, rule_name: str) -> str | None:
    """Whether a recorded vote met `rule`, as a reader of the record wants it said."""
    votes = decision.votes
    if votes is None:
        return None
    name = _("the %(threshold)s rule of %(rule_name)s") % {
        "threshold": threshold_words(rule.threshold),
        "rule_name": rule_name,
    }
    share = f"{round(100 * votes.in_favour / votes.cast)}%" if votes.cast else _("no votes cast")
    figures = _("%(in_favour)s of %(cast)s votes cast, %(share)s") % {
        "in_favour": votes.in_favour,
        "cast": votes.cast,
        "share": share,
    }
    met = rule.threshold.is_met(votes)
    needed = rule.threshold.votes_needed(votes.cast)
    words = (
        _("Met %(name)s: %(figures)s")
        if met
        else _("Did not meet %(name)s: %(figures)s (it needed %(needed)s for)")
    ) % {"name": name, "figures": figures, "needed": needed}
    if rule.quorum is not None and decision.present is not None:
        quorum = {"words": words, "quorum": rule.quorum, "present": decision.present}
        words = (
            _("%(words)s; quorum of %(quorum)s met, %(present)s present")
            if decision.present >= rule.quorum
            else _("%(words)s; quorum of %(quorum)s not met, %(present)s present")
        ) % quorum
    return words + "."


def shorten(segments: Sequence[Segment], context: int = CONTEXT_WORDS) -> list[Segment]:
    """Cut long unchanged runs to `context` words beside each change, marking the cut with …."""
    out = []
    last = len(segments) - 1
    for i, s in enumerate(segments):
        words = s.text.split()
        if s.kind != "equal" or len(words) <= 2 * context + 2:
            out.append(s)
            continue
        before = words[:context] if i > 0 else []  # words after the previous change
        after = words[-context:] if i < last else []  # words before the next change
        if not before and not after:  # an unchanged text on its own: its opening words
            before = words[: 2 * context]
        text = " ".join([*before, "…", *after]) if before or after else "…"
        out.append(Segment("equal", text.strip(), s.attached))
    return out
