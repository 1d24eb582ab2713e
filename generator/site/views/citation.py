"""How a council cites a provision: one sentence naming it in a frozen version, and its address.

The address is always the version's own frozen page (`/<doc>/<version>/#<id>`),
never `/<doc>/`, which moves at the next amendment. The same sentence goes on the
page (readable without JavaScript) and into the version's JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.model.dates import long_date
from generator.model.history import PublishedVersion
from generator.model.in_force import InForce, in_force_ranges
from generator.model.numbering import Number
from generator.site import urls
from generator.support.i18n import gettext as _


def absolute(site_url: str | None, url: str) -> str:
    """A site-root relative URL as the reader should write it down: full when the site has one."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else f"/{url}"


def frozen_address(site_url: str | None, doc_id: str, version: str, provision_id: str) -> str:
    """The permanent address of one provision in one version."""
    return absolute(site_url, urls.clause(urls.version(doc_id, version), provision_id))


def citation(
    community: str,
    doc_title: str,
    version: str,
    adopted: date,
    number: Number,
    address: str,
) -> str:
    """The citation in words, e.g. Kestrel Vale Partnership, Constitution, version 2.0
    (adopted 13 June 2026), clause 5.3.2, URL."""
    return _(
        "%(community)s, %(title)s, version %(version)s (adopted %(date)s), %(label)s, %(address)s"
    ) % {
        "community": community,
        "title": doc_title,
        "version": version,
        "date": long_date(adopted),
        "label": number.label,
        "address": address,
    }


def number_anchor(number: Number) -> str | None:
    """The anchor the displayed number gives in a frozen version: "clause-5.3.2", "article-3".

    Only frozen versions carry it, since there a number can never change.
    """
    if not number.short:
        return None
    word = "clause" if number.kind in ("clause", "sub-clause") else (number.word or number.kind)
    word = "-".join(word.lower().split())
    return f"{word}-{number.short}"


@dataclass(slots=True)
class CiteView:
    """The one control a provision carries: its citation, its permanent link, its history."""

    label: str  # "clause 5.3.2", for the control's name
    link: str  # the frozen address, relative to the page
    address: str  # the frozen address as written down (absolute when the site has a URL)
    text: str | None  # the citation; None for a proposal, which cannot be cited
    number_anchor: str | None  # "clause-5.3.2", on frozen version pages only
    history_url: str | None = None  # the provision's own history
    current_url: str | None = None  # on old versions: the same provision in the current text


def in_force_words(versions: list[PublishedVersion], published: PublishedVersion) -> str:
    """ "In force from 20 January 2024 until 20 June 2024", or "In force since ..."."""
    span = in_force_ranges(versions)[versions.index(published)]
    return span_words(span)


def span_words(span: InForce) -> str:
    if span.until is None:
        return _("In force since %(date)s") % {"date": long_date(span.start)}
    return _("In force from %(start)s until %(until)s") % {
        "start": long_date(span.start),
        "until": long_date(span.until),
    }
