"""Dates as every rendering writes them for readers, in the language in use."""

from __future__ import annotations

from datetime import date

from generator.support import i18n


def long_date(value: date | None) -> str:
    """25 November 2026 (25 Tachwedd 2026 in Welsh): unambiguous for readers anywhere."""
    if value is None:
        return ""
    return i18n.long_date(value)
