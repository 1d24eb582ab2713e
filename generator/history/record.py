"""The published record as the site must show it: renames carried over, withdrawals applied."""

from __future__ import annotations

from generator.history.renames import apply_renames
from generator.history.repository import RepositoryHistory
from generator.history.withdrawals import apply_withdrawals


def published_record(history: RepositoryHistory) -> tuple[RepositoryHistory, dict[str, str]]:
    """The history to publish, and the renames applied (former id -> new id)."""
    renamed_history, renamed = apply_renames(history)
    return apply_withdrawals(renamed_history), renamed
