"""The benchmark's time limit: a tool that hangs is stopped, with every process it started."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from bench import measure


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A killed child not yet reaped by its parent is a zombie: gone for our purpose.
    status = Path(f"/proc/{pid}/status")
    return status.is_file() and "\nState:\tZ" in status.read_text()


def test_a_command_past_its_limit_is_stopped_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = f"sleep 300 & echo $! > {pid_file}; wait"
    started = time.perf_counter()
    with pytest.raises(measure.TimedOut, match="stopped after 3 s"):
        measure.run(["sh", "-c", script], tmp_path, limit=3)
    assert time.perf_counter() - started < 300  # not waited out
    if pid_file.is_file() and pid_file.read_text().strip():  # the child had started
        child = int(pid_file.read_text())
        for _ in range(50):
            if _gone(child):
                break
            time.sleep(0.1)
        assert _gone(child)


def test_a_command_within_its_limit_is_measured(tmp_path: Path) -> None:
    sample = measure.run(["sh", "-c", "echo done"], tmp_path, limit=300)
    assert sample.stdout_bytes == len("done\n")


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").is_file(), reason="Linux's PSS only")
def test_memory_a_forked_worker_shares_is_counted_once(tmp_path: Path) -> None:
    """Summed RSS counts the parent's 200 MB in both processes; PSS splits it between them."""
    script = (
        "import os, time\n"
        "data = bytearray(200 * 2**20)\n"
        "child = os.fork()\n"
        "time.sleep(2)\n"
        "os.waitpid(child, 0) if child else os._exit(0)\n"
    )
    sample = measure.run([sys.executable, "-c", script], tmp_path)
    assert sample.peak_rss > 380 * 2**20  # both processes, each with the 200 MB
    assert 190 * 2**20 < sample.peak_pss < 300 * 2**20  # the 200 MB once
