"""The shared worker pool: results in the items' order, failures raised in the parent."""

from __future__ import annotations

import os
import threading

import pytest

from generator.support import pool


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_results_keep_the_order_of_the_items_across_workers() -> None:
    results = pool.run(_square_and_pid, list(range(23)), jobs=3)
    assert [square for square, _ in results] == [n * n for n in range(23)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 3  # the parent takes a share too


def test_one_job_runs_here() -> None:
    results = pool.run(_square_and_pid, [1, 2, 3], jobs=1)
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"item {n} is bad")
    return n


def test_an_exception_in_a_worker_is_raised_in_the_parent() -> None:
    # With 4 jobs, item 7 falls to the fourth worker, not the parent.
    with pytest.raises(ValueError, match="item 7 is bad"):
        pool.run(_fail_on_seven, list(range(12)), jobs=4)


class _Unpicklable(Exception):
    def __init__(self) -> None:
        super().__init__("holds a lock")
        self.lock = threading.Lock()


def _fail_unpicklably(n: int) -> int:
    if n == 1:
        raise _Unpicklable
    return n


def test_an_exception_that_cannot_travel_is_named() -> None:
    with pytest.raises(pool.WorkerError, match="_Unpicklable: holds a lock"):
        pool.run(_fail_unpicklably, [0, 1, 2, 3], jobs=2)
