"""A document read back as plain text, the way the site would show its words.

Used to check an import: the words of the source, in order, must be the words of
the imported document (written numbers aside, since those become derived
numbers). Each text goes through the same Markdown-to-HTML path as the site
(`generator.markup.to_html`), so an escaping mistake shows up here as a wrong word.
"""

from __future__ import annotations

import html

import nh3

from generator.model import markup
from generator.model.document import Clause, Document


def document_text(doc: Document) -> str:
    """Title, preamble, then every heading and clause in reading order, one per line."""
    lines = [_plain(doc.title)]
    if doc.preamble:
        lines.append(_plain(doc.preamble))
    for article in doc.articles:
        lines.append(_plain(article.title))
        lines += _clauses(article.clauses)
        for section in article.sections:
            lines.append(_plain(section.title))
            lines += _clauses(section.clauses)
    return "\n".join(lines)


def _clauses(clauses: tuple[Clause, ...]) -> list[str]:
    out: list[str] = []
    for clause in clauses:
        out.append(_plain(clause.text))
        out += _clauses(clause.clauses)
    return out


def _plain(text: str) -> str:
    rendered = markup.to_html(text)
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
