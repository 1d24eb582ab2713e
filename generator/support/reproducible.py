"""Dates written into output come from the content, never the clock.

Tools that stamp their output with a time (MkDocs' sitemap, fontTools' font
subsets in a PDF) read SOURCE_DATE_EPOCH, the reproducible-builds convention,
when it is set. The build sets it around each such tool.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def source_date_epoch_set(epoch: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH is `epoch` inside the block, and as it was after it."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
