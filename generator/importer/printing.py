"""What `charters import` and `charters import-history` print, with rich."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.importer.history_import import HistoryResult
from generator.importer.importing import ImportResult
from generator.importer.report import (
    counts_line,
    mapping_lines,
    notes_for_people,
    validation_lines,
)
from generator.model.document import Clause, Section


def print_import(console: Console, result: ImportResult, target: Path) -> None:
    doc = result.document
    provisions = list(doc.provisions())
    clauses = sum(1 for p in provisions if isinstance(p, Clause))
    sections = sum(1 for p in provisions if isinstance(p, Section))
    console.print(
        f"[green]Wrote[/green] {escape(str(target))}: {doc.kind} '{escape(doc.id)}', version "
        f"{doc.version} ({doc.status}); {len(doc.articles)} articles, {sections} sections, "
        f"{clauses} clauses.",
        soft_wrap=True,
    )
    if result.comparison is not None:
        console.print(
            f"Compared with the previous version: {counts_line(result.comparison)}", soft_wrap=True
        )
        for line in mapping_lines(result.comparison):
            console.print(f"  {escape(line)}", soft_wrap=True)
    _print_checks(console, result)


def _print_checks(
    console: Console, result: ImportResult, prefix: str = "", validation: bool = True
) -> None:
    lines = notes_for_people(result.notes, result.outline.unit)
    if validation:
        lines += validation_lines(result.problems)
    if not lines:
        console.print(f"{prefix}Nothing to check by hand.")
        return
    console.print(f"{prefix}[yellow]Check by hand[/yellow] ({escape(result.outline.source)}):")
    for line in lines:
        where = f"{line.where}: " if line.where else ""
        console.print(f"{prefix}  {escape(where + line.message)}", soft_wrap=True)


def print_history(console: Console, history: HistoryResult) -> None:
    table = Table(title=f"{history.path} in {history.repo}")
    for column in ("version", "file", "clauses", "kept", "changed", "moved", "new", "gone"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for step in history.steps:
        counts = step.comparison.counts() if step.comparison else None
        cells = (
            [str(counts[s]) for s in ("kept", "changed", "moved", "new", "gone")]
            if counts
            else ["-"] * 5
        )
        table.add_row(step.version, escape(step.file.name), str(step.clauses), *cells)
    console.print(table)
    for note in history.notes:
        console.print(f"[yellow]note[/yellow]: {escape(note.message)}", soft_wrap=True)
    for step in history.steps:
        if step.result.notes:
            console.print(f"Version {step.version} ({escape(step.file.name)}):")
            _print_checks(console, step.result, prefix="  ", validation=False)
    warnings = sorted({p.message for s in history.steps for p in s.result.problems})
    console.print(
        f"Every version validates; validation warnings: {len(warnings) or 'none'}.", soft_wrap=True
    )
    for message in warnings:
        console.print(f"  {escape(message)}", soft_wrap=True)
    total = history.import_seconds + history.commit_seconds
    console.print(
        f"Imported {len(history.steps)} versions in {history.import_seconds:.2f} s and committed "
        f"them in {history.commit_seconds:.2f} s ({total:.2f} s in all).",
        soft_wrap=True,
    )
