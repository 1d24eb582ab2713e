"""Whether the schema's compiled checks are kept between runs (`load.schema.kept_check`).

A module of its own, so that `charters diff` can turn keeping off for `--no-cache`
without loading the schema module, which a diff from the cache never needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_keeping = [True]


@contextmanager
def checks_kept(keep: bool) -> Iterator[None]:
    """Inside the block, a compiled check is kept and reused (`keep`) or compiled anew.

    Forked workers inherit the setting. The check compiled is the same either way:
    only whether its code is read from and written to the cache changes.
    """
    _keeping.append(keep)
    try:
        yield
    finally:
        _keeping.pop()


def keeping() -> bool:
    return _keeping[-1]
