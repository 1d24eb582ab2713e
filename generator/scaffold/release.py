"""Where a new community repository gets the charters tool from: set here, and only here.

The workflows and the pre-commit hook that `charters init` writes install exactly
the version of the tool that wrote them, so a new release can never change a
community's checks or site unseen, and an unpinned name on a public index can
never be swapped for someone else's package.

Until the tool is on the Python Package Index, the source is its git repository
at the release tag; after the first release, set `ON_PACKAGE_INDEX = True`.
"""

from __future__ import annotations

from generator import __version__

PACKAGE = "community-charters"
# The tool's own repository: the git source before the first release, and the
# repository the pre-commit hook (.pre-commit-hooks.yaml) is read from.
REPOSITORY = "https://github.com/community-charters/community-charters"
ON_PACKAGE_INDEX = False


def tag(version: str = __version__) -> str:
    """The git tag of a release: v0.1.0."""
    return f"v{version}"


def requirement(version: str = __version__) -> str:
    """What pip installs to get exactly this version of the tool."""
    if ON_PACKAGE_INDEX:
        return f"{PACKAGE}=={version}"
    return f"{PACKAGE} @ git+{REPOSITORY}@{tag(version)}"
