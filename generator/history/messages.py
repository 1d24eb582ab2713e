"""The words for a shallow clone, in one place.

Refusing to build from one, and the warnings when validating or building from
one anyway.
"""

SHALLOW_REFUSED = (
    "this is a shallow clone, so it holds only the newest commit and the site would lose "
    "every earlier version. Fetch the full history with 'git fetch --unshallow' (in GitHub "
    "Actions: actions/checkout with 'fetch-depth: 0'), or build with --allow-shallow to "
    "publish only what is here."
)
SHALLOW_NOT_CHECKED = (
    "this is a shallow clone, so the history of versions was not checked; "
    "fetch it with 'git fetch --unshallow' (in CI: 'fetch-depth: 0')."
)
SHALLOW_PUBLISHED = "shallow clone: only the versions in this clone are published."
CACHE_DISCARDED = (
    "the cache of documents read from git was damaged and has been discarded; the "
    "documents were read from git again"
)
