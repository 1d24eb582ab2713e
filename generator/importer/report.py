"""The report for people: what to check by hand after an import, and what changed.

An import is a guess about structure. The report lists every place where the
guess was uncertain (text that fit no clause, numbering that jumps, headings with
nothing under them, tables and images) with its line number, so a volunteer can
open the source and the YAML side by side and check just those places.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.importer.compare import Comparison
from generator.importer.outline import Note, Unit
from generator.model.problems import Problem


@dataclass(frozen=True, slots=True)
class ReportLine:
    where: str  # "line 12", "paragraph 4", or "" for the whole file
    message: str
    kind: str


def notes_for_people(notes: list[Note], unit: Unit) -> list[ReportLine]:
    """Notes in source order, each once, with where to look."""
    seen: set[tuple[int, str]] = set()
    lines: list[ReportLine] = []
    for note in sorted(notes, key=lambda n: (n.line, n.kind, n.message)):
        if (note.line, note.message) in seen:
            continue
        seen.add((note.line, note.message))
        where = f"{unit} {note.line}" if note.line > 0 else ""
        lines.append(ReportLine(where, note.message, note.kind))
    return lines


def validation_lines(problems: list[Problem]) -> list[ReportLine]:
    """Warnings from validating the written document (errors stop the import earlier)."""
    return [ReportLine("", f"validation: {p.message}", "validation") for p in problems]


def mapping_lines(comparison: Comparison) -> list[str]:
    """One line per provision that did not simply stay as it was."""
    out: list[str] = []
    for change in comparison.changes:
        if change.status == "kept":
            continue
        label = f"{change.status:<8} {change.kind:<8} {change.id}"
        if change.status == "moved" or change.moved:
            old_parent = change.old.parent if change.old else None
            new_parent = change.new.parent if change.new else None
            if old_parent != new_parent:
                was, now = old_parent or "the document", new_parent or "the document"
                label += f" (was in {was}, now in {now})"
            else:
                label += " (order changed)"
            if change.status == "changed":
                label += ", and its text changed"
        out.append(label)
    return out


def counts_line(comparison: Comparison) -> str:
    """ "clauses: 3 kept, 2 changed, ..." and the same for headings when any of them changed."""
    clauses = comparison.counts("clause")
    line = "clauses: " + ", ".join(f"{clauses[s]} {s}" for s in clauses)
    headings = {
        status: comparison.counts("article")[status] + comparison.counts("section")[status]
        for status in clauses
    }
    if any(count for status, count in headings.items() if status != "kept"):
        line += "; articles and sections: " + ", ".join(f"{headings[s]} {s}" for s in headings)
    return line
