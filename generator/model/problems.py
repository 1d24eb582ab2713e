"""Problems found in documents: values with a position, gathered and reported together.

Validation never stops at the first problem. Every stage returns a list of
`Problem` values; the CLI prints them all at the end. A problem may know its
line and column already (a YAML syntax error), or only the path of the node it is
about (a schema or domain error); the path is turned into a line and column only
when the problem is reported, by re-reading that one file (see `yamlsafe.SourceMap`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
NodePath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a look) in one file."""

    file: str
    message: str
    severity: Severity = "error"
    line: int | None = None  # 1-based, as editors show it
    column: int | None = None  # 1-based
    path: NodePath | None = field(default=None, compare=False)
    # "key" points at a mapping key (unknown key, duplicate id); "value" at its value.
    at: Literal["key", "value"] = field(default="value", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, line: int, column: int) -> Problem:
        return Problem(self.file, self.message, self.severity, line, column, self.path, self.at)

    def as_text(self) -> str:
        return f"{self.file}:{self.line or 1}:{self.column or 1}: {self.severity}: {self.message}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command, which GitHub shows on the changed line."""
        message = _github_escape(self.message)
        file = _github_escape(self.file, property_value=True)
        return (
            f"::{self.severity} file={file},line={self.line or 1},col={self.column or 1}::{message}"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line or 1,
            "column": self.column or 1,
            "severity": self.severity,
            "message": self.message,
            "path": list(self.path) if self.path is not None else None,
        }


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable order for output: by file, then position, then message."""
    return sorted(
        problems,
        key=lambda p: (p.file, p.line or 0, p.column or 0, p.severity, p.message),
    )


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    errors = warnings = 0
    for problem in problems:
        if problem.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
