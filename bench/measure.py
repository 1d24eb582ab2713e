"""Run a command as a subprocess and measure its wall time and peak memory.

Peak memory is the resident set size (RSS) of the whole process tree: the
process and all its descendants, summed, sampled every ~20 ms from /proc. A
build that starts worker processes is charged for them. Pages shared between
processes (e.g. after fork) are counted once per process, so the figure is an
upper bound. Without /proc (not Linux), the largest single child's peak from
getrusage is reported instead.

Timing is the wall time from starting the process to its exit, measured in the
calling thread; the sampler runs in its own thread and does not delay it.
"""

from __future__ import annotations

import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# How often the sampler looks at the measured process tree. It runs beside the
# build on the same cores, so it must stay cheap: summed RSS (a few microseconds a
# process) every 50 ms; PSS, for which the kernel walks the process's page tables
# (about 11 ms for 800 MB, with the process's memory map locked), every 0.5 s.
# Sampling both every 20 ms took most of a core from a 2-core build.
POLL_SECONDS = 0.05
PSS_EVERY = 10  # polls
_PROC = Path("/proc")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class MeasureError(Exception):
    """The measured command failed; the message holds the end of its error output."""


class TimedOut(MeasureError):
    """The measured command ran past its time limit and was stopped."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One run: wall seconds, peak RSS of the process tree in bytes, bytes written to stdout.

    `cpu_seconds` is the processor time (user and system) of the process and the
    children it waited for: on a machine shared with others, wall time grows
    with their load and this does not.
    """

    seconds: float
    peak_rss: int
    stdout_bytes: int = 0
    cpu_seconds: float = 0.0
    # The tree's peak proportional set size: a page shared by several processes (a
    # forked worker shares its parent's) counted once, split between them. Summed
    # RSS counts it in every process. 0 where the system does not say (not Linux).
    peak_pss: int = 0


@dataclass(slots=True)
class Summary:
    """Medians over several runs, with every sample kept for the JSON results."""

    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_rss(self) -> int:
        return int(statistics.median(s.peak_rss for s in self.samples))

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.samples)

    @property
    def peak_pss(self) -> int:
        return int(statistics.median(s.peak_pss for s in self.samples))

    def as_json(self) -> dict[str, object]:
        return {
            "seconds_median": round(self.seconds, 4),
            "peak_rss_median": self.peak_rss,
            "seconds": [round(s.seconds, 4) for s in self.samples],
            "peak_rss": [s.peak_rss for s in self.samples],
            "cpu_seconds": [round(s.cpu_seconds, 4) for s in self.samples],
            "peak_pss": [s.peak_pss for s in self.samples],
        }


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir(_PROC):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size of one process, in bytes (0 if the system does not say)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_memory(pid: int, pss: bool = True) -> tuple[int, int]:
    """Resident bytes (summed RSS) and, with `pss`, proportional bytes (summed PSS, else 0)
    of `pid` and all its descendants, now."""
    children = _children_map()
    rss_total = pss_total = 0
    stack, seen = [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        rss_total += _rss(current)
        pss_total += _pss(current) if pss else 0
        stack.extend(children.get(current, ()))
    return rss_total, pss_total


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        polls = 0
        while not self.done.is_set():
            rss, pss = tree_memory(self.pid, pss=polls % PSS_EVERY == 0)
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            polls += 1
            self.done.wait(POLL_SECONDS)


def run(
    command: Sequence[str | Path],
    cwd: Path,
    env: dict[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    limit: float | None = None,
) -> Sample:
    """Run `command` once in `cwd`; its output goes to a temporary file, counted, then dropped.

    With `limit` (seconds), a command still running then is stopped with all its
    processes and `TimedOut` raised: a tool that hangs must not stall the whole run.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(c) for c in command],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=limit is not None,  # its own process group, to stop it whole
        )
        sampler = _Sampler(proc.pid) if _PROC.is_dir() else None
        if sampler:
            sampler.start()
        try:
            code = proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if sampler:
                sampler.done.set()
                sampler.join()
            shown = " ".join(map(str, command))
            raise TimedOut(f"{shown} was stopped after {limit:.0f} s") from None
        seconds = time.perf_counter() - started
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
        if sampler:
            sampler.done.set()
            sampler.join()
        if code not in ok_codes:
            err.seek(0)
            tail = err.read()[-2000:].decode(errors="replace")
            raise MeasureError(f"{' '.join(map(str, command))} exited with {code}:\n{tail}")
        if sampler and sampler.peak:
            peak = sampler.peak
        else:  # the largest child so far: KiB on Linux, bytes on macOS
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            peak *= 1024 if sys.platform.startswith("linux") else 1
        return Sample(seconds, peak, out.tell(), cpu, sampler.peak_pss if sampler else 0)


def repeat(
    command: Sequence[str | Path],
    cwd: Path,
    runs: int,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    limit: float | None = None,
) -> Summary:
    """Run `command` `runs` times; `before` runs untimed before each run (e.g. to clean up)."""
    summary = Summary()
    for _ in range(runs):
        if before:
            before()
        summary.samples.append(run(command, cwd, env, ok_codes, limit))
    return summary


def combine(samples: Sequence[Sample]) -> Sample:
    """Several commands that make up one run (e.g. 21 deploys): times add, the peak is the max."""
    return Sample(
        sum(s.seconds for s in samples),
        max((s.peak_rss for s in samples), default=0),
        sum(s.stdout_bytes for s in samples),
        sum(s.cpu_seconds for s in samples),
        max((s.peak_pss for s in samples), default=0),
    )


def tree_bytes(root: Path) -> int:
    """Total size of the files under `root`."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def file_count(root: Path, name: str = "index.html") -> int:
    return sum(1 for _ in root.rglob(name))
