"""A redline in the terminal: colour on a terminal, plain markers everywhere else.

On a terminal that shows colour, deleted words are red and struck through and
inserted words green and underlined (so the change is visible without colour too).
Piped into a file or another program, or with NO_COLOR set, the same redline uses
the markers of `git diff --word-diff=plain`: [-deleted-] and {+inserted+}. Text is
built as rich `Text`, never parsed as rich markup, so "[bold]" in a clause is
shown as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from generator.diff.view import Cited, RedlineView, RowView, shorten, with_citations
from generator.model.changes import Segment

_STYLES = {"insert": "green underline", "delete": "red strike"}
_MARKERS = {"insert": ("{+", "+}"), "delete": ("[-", "-]")}


def uses_markers(console: Console) -> bool:
    """Plain markers unless the output is a terminal that shows colour."""
    return not console.is_terminal or console.no_color or console.color_system is None


def render_terminal(
    redlines: Sequence[RedlineView], console: Console, *, compared: str | None = None
) -> None:
    markers = uses_markers(console)
    lines: list[tuple[Text, int]] = []  # each with its indent, printed together at the end
    if compared:
        _line(lines, Text(compared, style="dim"), 0)
    changed = [r for r in redlines if r.has_changes]
    if not changed:
        _line(lines, Text("No document's text changed."), 0)
    for r in changed:
        _line(lines, Text(""), 0)
        _line(lines, Text(r.heading, style="bold"), 0)
        _line(lines, Text(r.summary), 2)
        if r.fields:
            _line(lines, Text("Details changed", style="bold"), 2)
            for field in r.fields:
                line = Text(f"{field.heading}: ")
                line.append_text(segments(field.segments, markers, r.citations))
                _line(lines, line, 4)
        for field in r.record:
            change = ", ".join(
                f"{word} {value}"
                for word, value in (("was", field.old), ("now", field.new))
                if value
            )
            _line(lines, Text(f"Change of record: {field.label} {change}.", style="dim"), 2)
        for article in r.articles:
            head = article.row
            title = "" if head.kind == "retitled" else f": {head.title or ''}"
            _line(lines, Text(f"{head.heading}{title}", style="bold"), 2)
            if head.kind == "retitled":
                title_words = segments(head.segments, markers, r.citations)
                _line(lines, Text("Title: ").append_text(title_words), 4)
            if head.note:
                _line(lines, Text(head.note, style="italic"), 4)
            for row in article.rows:
                _row(lines, row, markers, r.citations)
            if article.unchanged_text:
                _line(lines, Text(article.unchanged_text, style="dim"), 4)
        if r.renumbered:
            _line(lines, Text(r.renumbered_text, style="bold"), 2)
            for row in r.renumbered:
                _line(lines, Text(f"{row.heading}: {row.note or ''}"), 4)
    unchanged = [r.title for r in redlines if not r.has_changes]
    if unchanged:
        _line(lines, Text(""), 0)
        _line(lines, Text(f"Unchanged: {', '.join(unchanged)}.", style="dim"), 0)
    _print(console, lines)


def _row(
    lines: list[tuple[Text, int]], row: RowView, markers: bool, cites: dict[str, Cited]
) -> None:
    heading = row.heading
    if row.level == "section" and row.kind != "retitled":
        heading += f": {row.title or ''}"
    line = Text(heading, style="bold")
    if row.note:
        line.append(f" — {row.note}", style="italic")
    _line(lines, line, 4)
    text = Text("Title: " if row.level == "section" else "")
    _line(lines, text.append_text(segments(shorten(row.segments), markers, cites)), 6)


def segments(
    items: Sequence[Segment], markers: bool, cites: dict[str, Cited] | None = None
) -> Text:
    """Segments as one line of text, with styles or with [-...-] {+...+} markers."""
    out = Text()
    for i, s in enumerate(items):
        if i and not s.attached:  # an attached mark continues the word before it
            out.append(" ")
        # Citations read as their labels ("clause 4.3"), never as [[markup]].
        words = with_citations(s.text, cites or {}, str, lambda c: c.label)
        if s.kind == "equal":
            out.append(words)
        elif markers:
            start, end = _MARKERS[s.kind]
            out.append(f"{start}{words}{end}")
        else:
            out.append(words, style=_STYLES[s.kind])
    return out


def _line(lines: list[tuple[Text, int]], text: Text, indent: int) -> None:
    lines.append((text, indent))


def _print(console: Console, lines: list[tuple[Text, int]]) -> None:
    if uses_markers(console):
        # Not a terminal: one line per paragraph, for grep and for other programs. One
        # print for them all: rich's cost is by the print, far more than by the line.
        indented = (Text(" " * indent).append_text(text) for text, indent in lines)
        console.print(Text("\n").join(indented), soft_wrap=True, highlight=False)
    else:
        for text, indent in lines:
            console.print(Padding(text, (0, 0, 0, indent)), highlight=False)
