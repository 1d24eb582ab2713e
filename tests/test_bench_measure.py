"""The benchmark's time limit: a tool that hangs is stopped, with every process it started."""

from __future__ import annotations

import os
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
