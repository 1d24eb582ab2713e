"""Each provision's own history: inserted, amended word by word, moved, renumbered, removed.

One page per document lists every provision that any version had, each with an
anchor of its id, so the page count grows with documents, not with clauses. The
events come from the diff stage's redlines of consecutive versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diff.view import decision_view
from generator.model.changes import DocumentRedlines, ProvisionChange, Segment
from generator.model.dates import long_date
from generator.model.history import PublishedVersion
from generator.site import urls
from generator.site.views.shared import Site, SiteDocument
from generator.support.i18n import gettext as _


@dataclass(slots=True)
class ClauseEvent:
    """What one version did to one provision, and the decision that did it."""

    version: str
    date: str
    what: str  # "Inserted as clause 3.2", "Amended", "Renumbered from 2.2 to 2.3"
    version_url: str  # the provision in that version (or the version, when removed)
    changes_url: str | None
    body: str
    votes: str
    proposal_url: str | None
    segments: tuple[Segment, ...] = ()  # the word-level change, when the words changed


@dataclass(slots=True)
class ClauseHistory:
    id: str
    label: str  # as last numbered: "Clause 3.2.1"
    removed: bool
    events: list[ClauseEvent] = field(default_factory=list)


def clause_histories(
    site: Site, entry: SiteDocument, url: str, redlines: DocumentRedlines
) -> list[ClauseHistory]:
    """Every provision of every version, in the order they first appeared."""
    versions = entry.history.versions
    found: dict[str, ClauseHistory] = {}
    if not versions:
        return []
    first = versions[0]
    for provision_id, number in site.numbers(first.document).items():
        found[provision_id] = ClauseHistory(provision_id, number.title, False)
        found[provision_id].events.append(
            _event(
                entry,
                url,
                first,
                provision_id,
                _("In the first version, as %(label)s") % {"label": number.label},
            )
        )
    for published, diff in zip(versions[1:], redlines.changes, strict=False):
        for change in diff.changes:
            history = found.setdefault(change.id, ClauseHistory(change.id, "", False))
            what = _what(change)
            if what:
                words = change.words if change.kind in ("modified", "retitled") else ()
                history.events.append(
                    _event(entry, url, published, change.id, what, words, change.kind == "removed")
                )
            history.removed = change.kind == "removed"
            if change.new is not None:
                history.label = change.new.number.title
    for history in found.values():
        if not history.label:  # never renumbered after insertion
            history.label = history.id
    return list(found.values())


def _what(change: ProvisionChange) -> str:
    """The event in words; "" for a change that is not one (unchanged)."""
    old = change.old.number.label if change.old else ""
    new = change.new.number.label if change.new else ""
    if change.kind == "added":
        return _("Inserted as %(label)s") % {"label": new}
    if change.kind == "removed":
        return _("Removed (it was %(label)s)") % {"label": old}
    parts = {
        "modified": _("Amended"),
        "retitled": _("Retitled"),
        "formatting": _("Typography changed, not the words"),
    }.get(change.kind, "")
    notes = [parts] if parts else []
    if change.moved:
        notes.append(_("moved"))
    if change.renumbered:
        notes.append(_("renumbered from %(old)s to %(new)s") % {"old": old, "new": new})
    text = ", ".join(notes)
    return text[:1].upper() + text[1:]


def _event(
    entry: SiteDocument,
    url: str,
    published: PublishedVersion,
    provision_id: str,
    what: str,
    segments: tuple[Segment, ...] = (),
    removed: bool = False,
) -> ClauseEvent:
    version = published.version.text
    page = urls.version(entry.id, version)
    first = published is entry.history.versions[0]
    decision = decision_view(published.document.decision) if published.document.decision else None
    return ClauseEvent(
        version=version,
        date=long_date(published.date),
        what=what,
        version_url=urls.relative(url, page if removed else urls.clause(page, provision_id)),
        changes_url=None if first else urls.relative(url, urls.changes(entry.id, version)),
        body=decision.body if decision else "",
        votes=decision.votes or "" if decision else "",
        proposal_url=decision.proposal if decision else None,
        segments=segments,
    )
