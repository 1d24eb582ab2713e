"""What the Zensical path checks before building (filled in below)."""

from __future__ import annotations

from pathlib import Path


def check_overrides(overrides: Path) -> None:
    """Placeholder."""
