"""Python's cycle collector, held off while a stage builds many lasting objects.

The collector runs each time enough new container objects (dicts, tuples,
dataclasses) have been made, and every so often walks all of them. Reading a
history builds hundreds of thousands of provisions that all outlive the stage,
next to the cached data they are built from, so the collector kept walking
objects it could never free: on 100 documents of 20 versions, more than half
of reading the history back from the cache. Those objects hold no cycles, so
nothing waits for the collector; plain reference counting still frees what
is dropped, and the collector runs as usual once the stage is over.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside the block (it is left as it was, on or off, after)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
