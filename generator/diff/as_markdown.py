"""A redline as GitHub-flavoured Markdown, for a pull-request comment.

It must read without colour, and a stranger's clause text must not be able to do
anything but appear as text: changes are marked with <ins>/<del> *and* named in
words ("Clause 4.2 amended"); every piece of document text is escaped so it cannot
open HTML, a link, an image or a table cell, and @mentions and #references are
broken so a clause cannot notify a team or link another repository's issue.
Long unchanged stretches are cut to the words around each change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.diff.view import ArticleView, Cited, RedlineView, RowView, shorten, with_citations
from generator.model.changes import Segment
from generator.support.i18n import gettext as _

# Renumbered provisions listed by name before the rest are only counted.
RENUMBERED_LISTED = 100

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]~|#$])")
_LINE_START = re.compile(r"^(\d*)([-+=.)])")
_ZERO_WIDTH_SPACE = "\u200b"


def escape(text: str, starts_line: bool = False) -> str:
    """Document text as inert Markdown: shown as typed, on one line, doing nothing.

    HTML characters become entities; Markdown's active characters are escaped with
    a backslash; whitespace (line breaks included) becomes one space, since a
    reflow is not a change and a line break could start a list or a heading (as
    could "1." or "-" at the start of a line: say so with `starts_line`); an
    invisible space after "@" and before a number after "#" stops GitHub turning
    "@org/team" into a notification or "#12" into a cross-reference.
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    if starts_line:  # "1." or "-" there would start a list
        text = _LINE_START.sub(r"\1\\\2", text)
    text = text.replace("@", "@" + _ZERO_WIDTH_SPACE)
    return re.sub(r"#(?=\d)", "#" + _ZERO_WIDTH_SPACE, text)


SITE_CODE_START = "<!-- charters-site-code -->"
SITE_CODE_END = "<!-- /charters-site-code -->"


def site_code_notice(files: Sequence[str]) -> str:
    """Words for reviewers when a change touches templates, assets or mkdocs.yml.

    Those files are the site's code: they decide what every page shows and what
    runs in every reader's browser, and a redline of the text does not show them.
    Empty when `files` is empty. The markers let the comment step replace it.
    """
    if not files:
        return ""
    lines = [
        SITE_CODE_START,
        "> [!WARNING]",
        "> **"
        + _("This pull request changes how the site works, not only its text.")
        + "** "
        + _(
            "It changes templates, scripts, styles or the site's settings, which decide what "
            "every page shows and run in every reader's browser. The redline below does not "
            "show these changes: review each of these files as code before merging."
        ),
        ">",
        *(f"> - {escape(name)}" for name in files),
        SITE_CODE_END,
        "",
    ]
    return "\n".join(lines) + "\n"


def render_markdown(
    redlines: Sequence[RedlineView],
    *,
    title: str | None = None,
    compared: str | None = None,
    site_files: Sequence[str] = (),
) -> str:
    """The redlines of several documents as one Markdown text, summary first.

    `site_files` are the templates, assets and settings the change touches; they
    are named first, so reviewers read that the change is more than text.
    """
    changed = [r for r in redlines if r.has_changes]
    unchanged = [r for r in redlines if not r.has_changes]
    heading = title or _("Amendment redline")
    out = [f"## {escape(heading)}", ""]
    if site_files:
        out += [site_code_notice(site_files)]
    if compared:
        out += [escape(compared), ""]
    if not changed:
        out += [_("No document's text changed."), ""]
    else:
        columns = (_("Document"), _("Version"), _("What changed"))
        out += ["| " + " | ".join(columns) + " |", "|---|---|---|"]
        for r in changed:
            out.append(f"| {escape(r.title)} | {escape(_versions(r))} | {escape(r.summary)} |")
        out.append("")
    for r in changed:
        out += _document(r)
    if unchanged:
        names = ", ".join(escape(r.title) for r in unchanged)
        out += [_("Unchanged: %(names)s.") % {"names": names}, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _versions(r: RedlineView) -> str:
    if r.old_version and r.new_version and r.old_version != r.new_version:
        return f"{r.old_version} → {r.new_version} ({r.new_status})"
    if r.new_version:
        return f"{r.new_version} ({r.new_status})"
    removed = _("(removed)")
    return f"{r.old_version} {removed}"


def _document(r: RedlineView) -> list[str]:
    summary = _("Summary:")
    out = [f"### {escape(r.heading)}", "", f"**{summary}** {escape(r.summary)}", ""]
    if r.summary_of_version:
        out += [f"> {escape(r.summary_of_version, starts_line=True)}", ""]
    if r.fields:
        details = _("Details changed")
        out += [f"**{details}**", ""]
        for field in r.fields:
            old, new = _text(field.old or "", r.citations), _text(field.new or "", r.citations)
            if field.as_words:
                value = marked(shorten(field.segments), cites=r.citations)
            elif field.kind == "changed":
                was, now = _("was"), _("now")
                value = f"{was} <del>{old}</del>, {now} <ins>{new}</ins>"
            elif field.kind == "added":
                value = f"<ins>{new}</ins>"
            else:
                value = f"<del>{old}</del>"
            out.append(f"- **{escape(field.heading)}:** {value}")
        out.append("")
    for field in r.record:
        change = ", ".join(
            f"{word} {escape(value)}"
            for word, value in ((_("was"), field.old), (_("now"), field.new))
            if value
        )
        record = _("Change of record") + " " + _("(not part of the text):")
        out += [f"*{record}* {escape(field.label)} {change}.", ""]
    for article in r.articles:
        out += _article(article, r.citations)
    if r.renumbered:
        out += [f"<details><summary>{escape(r.renumbered_text)}</summary>", ""]
        for row in r.renumbered[:RENUMBERED_LISTED]:
            out.append(f"- {escape(row.heading)}: {escape(row.note or '')}")
        if len(r.renumbered) > RENUMBERED_LISTED:
            more = len(r.renumbered) - RENUMBERED_LISTED
            out.append("- " + _("and %(count)s more") % {"count": more})
        out += ["", "</details>", ""]
    return out


def _article(article: ArticleView, cites: dict[str, Cited]) -> list[str]:
    head = article.row
    heading = head.heading if head.kind == "retitled" else f"{head.heading}: {head.title or ''}"
    out = [f"#### {escape(heading)}", ""]
    if head.kind == "retitled":
        out += [_("Title:") + " " + marked(head.segments, cites=cites), ""]
    if head.note:
        out += [f"*{escape(head.note)}*", ""]
    for row in article.rows:
        out += _row(row, cites)
    if article.unchanged_text:
        out += [f"*{escape(article.unchanged_text)}*", ""]
    return out


def _row(row: RowView, cites: dict[str, Cited]) -> list[str]:
    heading = row.heading
    if row.level == "section" and row.kind != "retitled":
        heading = f"{heading}: {row.title or ''}"
    out = [f"**{escape(heading)}**" + (f" — {escape(row.note)}" if row.note else ""), ""]
    out += [_row_text(row, cites), ""]
    return out


def _row_text(row: RowView, cites: dict[str, Cited]) -> str:
    if row.level != "clause":
        return _("Title:") + " " + marked(shorten(row.segments), cites=cites)
    return marked(shorten(row.segments), starts_line=True, cites=cites)


def marked(
    segments: Sequence[Segment], starts_line: bool = False, cites: dict[str, Cited] | None = None
) -> str:
    """Segments as Markdown with <ins>/<del>, escaped."""
    out = ""
    for i, s in enumerate(segments):
        first = starts_line and i == 0
        text = _text(s.text, cites or {}, first)
        if s.kind == "insert":
            text = f"<ins>{text}</ins>"
        elif s.kind == "delete":
            text = f"<del>{text}</del>"
        out += ("" if i == 0 or s.attached else " ") + text  # an attached mark ends its word
    return out


def _text(text: str, cites: dict[str, Cited], starts_line: bool = False) -> str:
    """Escaped text whose citations read as their labels, linked when the site is known."""
    if "[[" not in text:
        return escape(text, starts_line=starts_line)

    def cite(c: Cited) -> str:
        label = escape(c.label)
        web = c.href and c.href.startswith(("https://", "http://"))
        return f"[{label}](<{c.href}>)" if web else label

    def plain(t: str) -> str:  # keeps the spaces around a citation, which `escape` trims
        lead = " " if t[:1].isspace() else ""
        trail = " " if t[-1:].isspace() and t.strip() else ""
        return lead + escape(t, starts_line=starts_line and not lead) + trail

    return with_citations(text, cites, plain, cite)
