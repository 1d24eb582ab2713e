"""Problems to the terminal, to JSON for machines, and to GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from rich.console import Console
from rich.markup import escape

from generator.model.problems import Problem, count

OutputFormat = Literal["text", "json", "github"]


def summary(problems: Sequence[Problem], files: int) -> str:
    errors, warnings = count(problems)
    checked = f"Checked {files} file{'s' if files != 1 else ''}"
    if not errors and not warnings:
        return f"{checked}: no problems found."
    affected = len({p.file for p in problems})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{checked}: {' and '.join(parts)} in {affected} file{'s' if affected != 1 else ''}."


def report(problems: Sequence[Problem], files: int, fmt: OutputFormat, console: Console) -> None:
    if fmt == "json":
        errors, warnings = count(problems)
        payload = {
            "files_checked": files,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.as_json() for p in problems],
        }
        console.file.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "github":
        for problem in problems:
            console.file.write(problem.as_github() + "\n")
        console.file.write(summary(problems, files) + "\n")
        return
    for problem in problems:
        style = "bold red" if problem.is_error else "yellow"
        location = f"{problem.file}:{problem.line or 1}:{problem.column or 1}"
        console.print(
            f"{escape(location)}: [{style}]{problem.severity}[/{style}]: {escape(problem.message)}",
            highlight=False,
            soft_wrap=True,
        )
    errors, _ = count(problems)
    style = "bold red" if errors else "green"
    console.print(f"[{style}]{escape(summary(problems, files))}[/{style}]", highlight=False)
