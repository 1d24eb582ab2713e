"""Dates as every rendering writes them for readers."""

from __future__ import annotations

from datetime import date


def long_date(value: date | None) -> str:
    """25 November 2026: unambiguous for readers anywhere."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B')} {value.year}"
