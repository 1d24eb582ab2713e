"""When each adopted version was the text in force: from its adoption until the next one's.

Ranges are half-open: a version is in force from its own date up to, not
including, the date the next version was adopted, so consecutive versions meet
with neither gap nor overlap. The current version's range has no end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from generator.model.history import PublishedVersion


@dataclass(frozen=True, slots=True)
class InForce:
    start: date
    until: date | None  # the day the next version took over (exclusive); None while current


def in_force_ranges(versions: list[PublishedVersion]) -> list[InForce]:
    """One range per version, oldest first, in the same order as `versions`."""
    ranges = [InForce(before.date, after.date) for before, after in pairwise(versions)]
    if versions:
        ranges.append(InForce(versions[-1].date, None))
    return ranges


def in_force_json(span: InForce) -> dict[str, str | None]:
    """As data: ISO dates, `until` exclusive and null while the version is current."""
    return {"from": span.start.isoformat(), "until": span.until.isoformat() if span.until else None}
