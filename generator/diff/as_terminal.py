"""A redline in the terminal: colour on a terminal, plain markers everywhere else.

On a terminal that shows colour, deleted words are red and struck through and
inserted words green and underlined (so the change is visible without colour too).
Piped into a file or another program, or with NO_COLOR set, the same redline uses
the markers of `git diff --word-diff=plain`: [-deleted-] and {+inserted+}. Text is
built as rich `Text`, never parsed as rich markup, so "[bold]" in a clause is
shown as typed.

The redline is first laid out as lines of styled pieces. Piped output, where no
style is shown, is written without loading rich at all when rich would write the
very same characters (`plain_output`): a pull-request job or a script pays neither
rich's import nor its rendering. A terminal, or text rich would change (tabs,
control characters), goes through rich.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from generator.diff.view import Cited, RedlineView, RowView, shorten, with_citations
from generator.model.changes import Segment

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_STYLES = {"insert": "green underline", "delete": "red strike"}
_MARKERS = {"insert": ("{+", "+}"), "delete": ("[-", "-]")}

Piece = tuple[str, str]  # some text and its rich style ("" for none)
Line = tuple[int, list[Piece]]  # a line's indent and its pieces

# What rich's Text changes in the characters it is given: the control codes it
# drops, and tabs, which it expands to its own tab stops (by cell width).
_RICH_CHANGES = frozenset("\t\x07\x08\x0b\x0c\x0d")


def uses_markers(console: Console) -> bool:
    """Plain markers unless the output is a terminal that shows colour."""
    return not console.is_terminal or console.no_color or console.color_system is None


def plain_output(stream: TextIO) -> bool:
    """True when rich would write to `stream` as to a file: no terminal, so no styles.

    Rich takes its output for a terminal when TTY_COMPATIBLE or FORCE_COLOR say so,
    or when the stream is a TTY; any of these, and the redline goes through rich.
    """
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is not None and not isatty()
    except ValueError:  # a closed stream: let rich decide and report
        return False


def render_terminal(
    redlines: Sequence[RedlineView], console: Console | None = None, *, compared: str | None = None
) -> None:
    """Write the redlines to `console`; without one, to standard output."""
    lines = None
    if console is None and plain_output(sys.stdout):
        lines = redline_lines(redlines, compared, markers=True)  # rich would use markers too
        if not any(_RICH_CHANGES.intersection(text) for _, pieces in lines for text, _ in pieces):
            sys.stdout.write(as_plain(lines))
            sys.stdout.flush()
            return
    if console is None:
        from rich.console import Console

        console = Console(highlight=False)
    if lines is None:
        lines = redline_lines(redlines, compared, markers=uses_markers(console))
    _print(console, lines)


def redline_lines(
    redlines: Sequence[RedlineView], compared: str | None, *, markers: bool
) -> list[Line]:
    """The redline as lines of styled pieces, in [-...-] {+...+} markers or in styles."""
    lines: list[Line] = []
    if compared:
        lines.append((0, [(compared, "dim")]))
    changed = [r for r in redlines if r.has_changes]
    if not changed:
        lines.append((0, [("No document's text changed.", "")]))
    for r in changed:
        lines.append((0, []))
        lines.append((0, [(r.heading, "bold")]))
        lines.append((2, [(r.summary, "")]))
        if r.fields:
            lines.append((2, [("Details changed", "bold")]))
            for field in r.fields:
                words = segments(field.segments, markers, r.citations)
                lines.append((4, [(f"{field.heading}: ", ""), *words]))
        for record in r.record:
            change = ", ".join(
                f"{word} {value}"
                for word, value in (("was", record.old), ("now", record.new))
                if value
            )
            lines.append((2, [(f"Change of record: {record.label} {change}.", "dim")]))
        for article in r.articles:
            head = article.row
            title = "" if head.kind == "retitled" else f": {head.title or ''}"
            lines.append((2, [(f"{head.heading}{title}", "bold")]))
            if head.kind == "retitled":
                title_words = segments(head.segments, markers, r.citations)
                lines.append((4, [("Title: ", ""), *title_words]))
            if head.note:
                lines.append((4, [(head.note, "italic")]))
            for row in article.rows:
                _row(lines, row, markers, r.citations)
            if article.unchanged_text:
                lines.append((4, [(article.unchanged_text, "dim")]))
        if r.renumbered:
            lines.append((2, [(r.renumbered_text, "bold")]))
            for row in r.renumbered:
                lines.append((4, [(f"{row.heading}: {row.note or ''}", "")]))
    unchanged = [r.title for r in redlines if not r.has_changes]
    if unchanged:
        lines.append((0, []))
        lines.append((0, [(f"Unchanged: {', '.join(unchanged)}.", "dim")]))
    return lines


def _row(lines: list[Line], row: RowView, markers: bool, cites: dict[str, Cited]) -> None:
    heading = row.heading
    if row.level == "section" and row.kind != "retitled":
        heading += f": {row.title or ''}"
    head: list[Piece] = [(heading, "bold")]
    if row.note:
        head.append((f" — {row.note}", "bold italic"))  # in the bold line
    lines.append((4, head))
    label = "Title: " if row.level == "section" else ""
    lines.append((6, [(label, ""), *segments(shorten(row.segments), markers, cites)]))


def segments(
    items: Sequence[Segment], markers: bool, cites: dict[str, Cited] | None = None
) -> list[Piece]:
    """Segments as the pieces of one line, with styles or with [-...-] {+...+} markers."""
    out: list[Piece] = []
    for i, s in enumerate(items):
        if i and not s.attached:  # an attached mark continues the word before it
            out.append((" ", ""))
        # Citations read as their labels ("clause 4.3"), never as [[markup]].
        words = with_citations(s.text, cites or {}, str, lambda c: c.label)
        if s.kind == "equal":
            out.append((words, ""))
        elif markers:
            start, end = _MARKERS[s.kind]
            out.append((f"{start}{words}{end}", ""))
        else:
            out.append((words, _STYLES[s.kind]))
    return out


def as_plain(lines: Sequence[Line]) -> str:
    """The lines as text without styles: what rich writes for them to a file."""
    return "".join(
        " " * indent + "".join(text for text, _ in pieces) + "\n" for indent, pieces in lines
    )


def _text(pieces: Sequence[Piece]) -> Text:
    from rich.text import Text

    text = Text()
    for words, style in pieces:
        text.append(words, style=style or None)
    return text


def _print(console: Console, lines: Sequence[Line]) -> None:
    from rich.padding import Padding
    from rich.text import Text

    if uses_markers(console):
        # Not a terminal: one line per paragraph, for grep and for other programs. One
        # print for them all: rich's cost is by the print, far more than by the line.
        indented = (Text(" " * indent).append_text(_text(pieces)) for indent, pieces in lines)
        console.print(Text("\n").join(indented), soft_wrap=True, highlight=False)
    else:
        for indent, pieces in lines:
            console.print(Padding(_text(pieces), (0, 0, 0, indent)), highlight=False)
