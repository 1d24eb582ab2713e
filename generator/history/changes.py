"""Which files a change touches, and which of them are the site's code rather than its text.

Templates, assets and mkdocs.yml decide what every page shows and what runs in
every reader's browser. A pull request that changes them changes how the site
works, not only what the documents say, and reviewers must be told so in words:
a redline of the text alone would make such a change look harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.history.repository import HistoryError, open_repository

# What makes up the site's code in a community repository.
_SITE_CODE_FOLDERS = ("templates/", "overrides/", "assets/")
_SITE_CODE_FILES = ("mkdocs.yml", "mkdocs.yaml")
_SITE_CODE_SUFFIXES = (
    *(".html", ".htm", ".js", ".mjs", ".css", ".svg", ".py", ".jinja", ".j2"),
    *(".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"),  # a logo or favicon
)


def is_site_code(path: str) -> bool:
    """True for a template, asset, script, style or the site's settings (`path` from the root)."""
    name = path.rsplit("/", 1)[-1]
    return (
        path.startswith(_SITE_CODE_FOLDERS)
        or name in _SITE_CODE_FILES
        or name.lower().endswith(_SITE_CODE_SUFFIXES)
    )


def site_code(paths: Iterable[str]) -> list[str]:
    """The paths among `paths` that are the site's code, sorted, each once."""
    return sorted({p for p in paths if is_site_code(p)})


def changed_files(source: Path, base: str, head: str | None = None) -> list[str]:
    """Files that differ between `base` and `head` (None: the working tree, new files too),
    as paths from the repository's root."""
    repo = open_repository(source)
    if repo is None:
        raise HistoryError(f"{source} is not inside a git repository.")
    with repo:
        try:
            if head is None:
                listed = repo.git.diff("--name-only", "-z", base)
                listed += "\0" + repo.git.ls_files("--others", "--exclude-standard", "-z")
            else:
                listed = repo.git.diff("--name-only", "-z", base, head)
        except Exception as err:  # GitCommandError: a revision that does not exist
            raise HistoryError(f"git cannot list the files changed since {base}.") from err
    return sorted({p for p in listed.split("\0") if p})
