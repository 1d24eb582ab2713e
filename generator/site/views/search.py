"""A searched page's entries in the site's search index, made from what the page shows.

Material's search plugin finds a page's sections by parsing its finished HTML, which
took longer than rendering it, and cut the text at headings only, so every
article's entry carried each clause's citation and links as well as its words. The
render stage knows each provision's words and anchor, so it gives the engine the
entries itself (`charters_search` in the page's front matter): one for the page, one
for each article and section heading, and one for each clause, whose result links
straight to the clause.

An entry is `{"anchor", "title", "text"}`: `anchor` is the id on the page ("" for
the page itself); `title` and `text` are HTML-escaped plain text, as the theme's
search prints them.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from generator.site.views.version import ClauseView, VersionPageView

SearchEntry = dict[str, str]


def _plain(value: Markup | str | None) -> str:
    """Words without markup, escaped again for the theme (which prints the text as HTML)."""
    if not value:
        return ""
    words = Markup(value).striptags() if isinstance(value, Markup) else " ".join(value.split())
    return html.escape(words, quote=False)


def _heading(label: str, title: str) -> str:
    return html.escape(f"{label}. {title}" if title else label, quote=False)


def _clauses(clauses: list[ClauseView], heading: str, out: list[SearchEntry]) -> None:
    for clause in clauses:
        title = f"{heading}, {html.escape(clause.label, quote=False)}"
        out.append({"anchor": clause.id, "title": title, "text": _plain(clause.html)})
        _clauses(clause.clauses, heading, out)


def version_page_entries(view: VersionPageView, title: str) -> list[SearchEntry]:
    """The entries of a version page whose heading is `title` (plain text)."""
    intro = " ".join(filter(None, (_plain(view.summary), _plain(view.preamble))))
    if view.charter is not None:
        charter = view.charter
        intro = " ".join(
            filter(
                None,
                (
                    intro,
                    _plain(charter.service_name),
                    _plain(charter.service_description),
                    _plain(charter.accountability),
                ),
            )
        )
    entries = [{"anchor": "", "title": html.escape(title, quote=False), "text": intro}]
    for article in view.articles:
        heading = _heading(article.label, article.title)
        entries.append({"anchor": article.id, "title": heading, "text": ""})
        _clauses(article.clauses, heading, entries)
        for section in article.sections:
            inner = _heading(section.label, section.title)
            entries.append({"anchor": section.id, "title": inner, "text": ""})
            _clauses(section.clauses, inner, entries)
    return entries
