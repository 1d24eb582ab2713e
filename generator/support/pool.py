"""The one worker pool: run a function over many items on several cores.

Workers are forked, so they share everything the parent has already read (the
documents, the site) without copying or pickling it; only results travel back,
through a pipe. Each worker takes every n-th item; results come back in the
order of the items. Where fork is missing, or one job is asked for, the items
are done here, one after another. The engine has its own renderer and does not
use this pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerError(Exception):
    """A worker failed in a way that could not be sent back as the exception itself."""


def default_jobs(jobs: int | None) -> int:
    """The jobs asked for, else one per core."""
    return jobs if jobs is not None else (os.cpu_count() or 1)


def run(work: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """`[work(item) for item in items]`, shared between `jobs` processes.

    An exception in a worker is raised here, in the parent, as it was raised
    there when it can be pickled, else as a `WorkerError` naming it.
    """
    if jobs <= 1 or len(items) < 2 or not hasattr(os, "fork"):
        return [work(item) for item in items]
    import gc
    import multiprocessing

    context = multiprocessing.get_context("fork")
    jobs = min(jobs, len(items))
    gc.freeze()  # objects made so far stay shared with the workers, not copied by the GC
    pipes = []
    workers = []
    try:
        for share in range(1, jobs):
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(target=_work, args=(work, items[share::jobs], send))
            worker.start()
            send.close()
            pipes.append(receive)
            workers.append(worker)
        results: list[Any] = [None] * len(items)
        results[0::jobs] = [work(item) for item in items[0::jobs]]
        for share, (receive, worker) in enumerate(zip(pipes, workers, strict=True), start=1):
            ok, outcome = receive.recv()
            worker.join()
            if not ok:
                raise outcome
            results[share::jobs] = outcome
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
                worker.join()
    return results


def _work(work: Callable[[Any], Any], share: Sequence[Any], send: Any) -> None:
    """In a worker process: do a share of the items and send back the results (or the error)."""
    try:
        try:
            send.send((True, [work(item) for item in share]))
        except Exception as err:  # raised again in the parent
            try:
                send.send((False, err))
            except Exception:  # the exception itself cannot be pickled
                send.send((False, WorkerError(f"{type(err).__name__}: {err}")))
    finally:
        send.close()
        os._exit(0)
