"""Problems to the terminal, to JSON for machines, and to GitHub annotations.

Problem text quotes what a file says, and a file may come from a stranger, so it
is printed as plain text: never read as rich markup or emoji codes (a position
":100:" is a line number, not an emoji), and control characters are shown as
codes so a file cannot drive the reader's terminal. At most
`MAX_PROBLEMS_PER_FILE` problems are printed per file, with a count of the rest,
so a hostile file cannot flood the terminal or a CI log; JSON is never cut.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from rich.console import Console
from rich.text import Text

from generator.model.problems import Problem, count

MAX_PROBLEMS_PER_FILE = 20
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def plain(text: str) -> str:
    """`text` with control characters (other than line breaks and tabs) shown as codes."""
    if not any(ord(ch) in _CONTROL for ch in text):
        return text
    return "".join(f"\\x{ord(ch):02x}" if ord(ch) in _CONTROL else ch for ch in text)


def say(console: Console, text: str, style: str | None = None) -> None:
    """Print `text` exactly as written: no markup, no emoji codes, no highlighting."""
    console.print(
        Text(plain(text), style=style or ""), soft_wrap=True, highlight=False, emoji=False
    )


def capped(problems: Sequence[Problem]) -> tuple[list[Problem], dict[str, int]]:
    """The problems to print, and per file how many more were left out."""
    shown: list[Problem] = []
    per_file: dict[str, int] = {}
    for problem in problems:
        per_file[problem.file] = per_file.get(problem.file, 0) + 1
        if per_file[problem.file] <= MAX_PROBLEMS_PER_FILE:
            shown.append(problem)
    return shown, {
        f: n - MAX_PROBLEMS_PER_FILE for f, n in per_file.items() if n > MAX_PROBLEMS_PER_FILE
    }


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
    shown, left_out = capped(problems)
    if fmt == "github":
        for problem in shown:
            console.file.write(problem.as_github() + "\n")
        for file, more in left_out.items():
            console.file.write(f"... and {more} more problems in {file}\n")
        console.file.write(summary(problems, files) + "\n")
        return
    last = {p.file: i for i, p in enumerate(shown)}
    for index, problem in enumerate(shown):
        location = f"{problem.file}:{problem.line or 1}:{problem.column or 1}: "
        line = Text(plain(location))
        line.append(problem.severity, style="bold red" if problem.is_error else "yellow")
        line.append(": " + plain(problem.message))
        console.print(line, soft_wrap=True, highlight=False, emoji=False)
        if problem.file in left_out and last[problem.file] == index:
            say(console, f"... and {left_out[problem.file]} more problems in {problem.file}")
    errors, _ = count(problems)
    say(console, summary(problems, files), "bold red" if errors else "green")
