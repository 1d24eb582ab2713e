"""Stage 3, history: every published version of every document, from git.

The only package that reads or writes git: `repository` reads it, `rules`
checks the versions along it, `stage` runs both for the build and `charters
validate`, and `writing` makes the commits of `charters init` and
`charters import-history`.
"""

from generator.history.changes import changed_files, is_site_code, site_code
from generator.history.repository import (
    HistoryError,
    default_branch,
    documents_at,
    merge_base,
    open_repository,
    read_history,
)

__all__ = [
    "HistoryError",
    "changed_files",
    "default_branch",
    "documents_at",
    "is_site_code",
    "merge_base",
    "open_repository",
    "read_history",
    "site_code",
]
