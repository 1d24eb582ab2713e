"""Run the speed benchmarks of issue 7 and print figures, ratios and targets.

    python bench/run.py                 # full sizes (several minutes)
    python bench/run.py --quick         # small sizes, for CI (under two minutes)
    python bench/run.py --only E          # many documents: is the cost linear in them?
    python bench/run.py --only A,D --runs 5 --json /tmp/now.json --compare bench/results/old.json

It reports; it never fails because of timing. It exits non-zero only when a
command it measures fails (e.g. the build breaks on the synthetic documents).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and this worktree importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import measure, scenarios
from bench.engines import SCENARIOS as ENGINE_SCENARIOS
from bench.scenarios import (
    FULL,
    OURS,
    PYTHON,
    QUICK,
    ROOT,
    SCENARIOS,
    Context,
    Result,
    Row,
    environment,
)
from bench.scenarios import scenario_d as measure_d

# Times the diff engine alone on D's two files, in one process: median seconds of 20.
_DIFF_ENGINE = """
import statistics, sys, time
from pathlib import Path
from generator.diff.clauses import diff_documents
from generator.load.documents import read_document
old, new = (read_document(Path(n).read_bytes(), n).document for n in ("old.yaml", "new.yaml"))
seconds = []
for _ in range(20):
    start = time.perf_counter()
    diff_documents(old, new)
    seconds.append(time.perf_counter() - start)
print(statistics.median(seconds))
"""


def _cpu_seconds(command: list[str], cwd: Path, env: dict[str, str], runs: int) -> float:
    """Median CPU seconds (user + system) of `command` over `runs` runs."""
    seconds = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(seconds)


def scenario_d(ctx: Context) -> Result:
    """D as `bench/scenarios.py` measures it, plus a cold diff and the diff engine alone.

    The generator is compiled to bytecode first, as `pip install` does: with
    PYTHONDONTWRITEBYTECODE set (as on the build machine) every run would otherwise
    compile it again, which no installed `charters` does. D's later runs find the two
    files in the redline cache; the --no-cache row reads and checks them every time.
    """
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "generator")], check=True, cwd=ROOT
    )
    # The redline cache in the scratch folder, not the user's: removed with it.
    cache_dir = os.environ.get("CHARTERS_CACHE_DIR")
    os.environ["CHARTERS_CACHE_DIR"] = str(ctx.work / "redline-cache")
    try:
        return _measure_d(ctx)
    finally:
        if cache_dir is None:
            del os.environ["CHARTERS_CACHE_DIR"]
        else:
            os.environ["CHARTERS_CACHE_DIR"] = cache_dir


def _measure_d(ctx: Context) -> Result:
    result = measure_d(ctx)
    if result.skipped:
        return result
    folder, env, runs = ctx.work / "redline", environment(), ctx.sizes.d_runs
    ctx.log(f"D: charters diff --no-cache and the diff engine alone, {runs} run(s)")
    cold = measure.repeat(
        [*OURS, "diff", "old.yaml", "new.yaml", "--format", "text", "--no-cache"],
        folder,
        runs,
        env,
        ok_codes=(0, 1),
    )
    cpu = {
        name: _cpu_seconds(command, folder, env, runs)
        for name, command in (
            ("cached", [*OURS, "diff", "old.yaml", "new.yaml", "--format", "text"]),
            ("no_cache", [*OURS, "diff", "old.yaml", "new.yaml", "--format", "text", "--no-cache"]),
            ("git", ["git", "diff", "--no-index", "--word-diff", "old.yaml", "new.yaml"]),
        )
    }
    engine = subprocess.run(
        [PYTHON, "-c", _DIFF_ENGINE], cwd=folder, env=env, capture_output=True, text=True
    )
    engine_seconds = float(engine.stdout) if engine.returncode == 0 else None
    git = next((r.baseline for r in result.rows if r.baseline), None)
    result.rows[1:1] = [
        Row("charters diff --format text --no-cache", "s", cold.seconds, git, "<= 0.15 s",
            cold.seconds <= 0.15),
        Row("the diff engine alone (in process)", "s", engine_seconds, None, "<= 0.020 s",
            None if engine_seconds is None else engine_seconds <= 0.020),
        Row("CPU per run, charters diff --format text (cached)", "s", cpu["cached"],
            cpu["git"]),
        Row("CPU per run, charters diff --format text --no-cache", "s", cpu["no_cache"],
            cpu["git"]),
    ]  # fmt: skip
    result.notes.append(
        "CPU rows are user+system seconds of the process (medians), less sensitive than "
        "wall time to other work on a shared machine; the first row's later runs and the "
        "cached CPU row find both files in the redline cache."
    )
    result.data["cpu_seconds_median"] = cpu
    result.data["text_no_cache"] = cold.as_json()
    result.data["diff_engine_seconds"] = engine_seconds
    return result


SCENARIOS = {**SCENARIOS, **ENGINE_SCENARIOS, "D": scenario_d}

DEFAULT_JSON = ROOT / "bench" / "results" / "latest.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument("--runs", type=int, help="runs per measurement for A, B and C")
    parser.add_argument("--only", default="A,B,C,D,E,Z", help="scenarios to run, e.g. A,B")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write results")
    parser.add_argument("--compare", type=Path, help="earlier results JSON to compare with")
    parser.add_argument("--profile", action="store_true", help="also profile one build of B")
    parser.add_argument("--keep", action="store_true", help="keep the scratch repositories")
    parser.add_argument(
        "--mkdocs-only",
        action="store_true",
        help="leave Zensical out of this run, even if installed",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="RESULTS",
        help="print the table of a results JSON in Markdown (as in the README), run nothing",
    )
    return parser.parse_args(argv)


# --- formatting ------------------------------------------------------------------------------


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB"
    if unit == "rss":
        return f"{value / 2**20:.0f} MiB"
    return f"{value:,.0f}"


def fmt_met(row: Row, quick: bool) -> str:
    if not row.target:
        return ""
    mark = "-" if row.met is None else ("yes" if row.met else "NO")
    return f"{mark}*" if quick else mark


def table(results: list[Result], quick: bool) -> str:
    """The figures; a Zensical column beside ours (MkDocs) when any scenario measured it."""
    engines = any(row.zensical is not None for result in results for row in result.rows)
    header: tuple[str, ...] = ("figure", "ours", "baseline", "ratio", "target", "met")
    if engines:
        header = ("figure", "ours (MkDocs)", "Zensical", "baseline", "ratio", "target", "met")
    lines: list[tuple[str, ...]] = []
    notes: list[str] = []
    for result in results:
        lines.append((f"{result.key}. {result.title}", *[""] * (len(header) - 1)))
        if result.skipped:
            notes.append(f"{result.key}: {result.skipped}")
        for row in result.rows:
            ratio = "-" if row.ratio is None else f"{row.ratio:.3f}"
            zensical = (fmt(row.zensical, row.unit) if row.zensical is not None else "",)
            lines.append(
                (
                    f"   {row.label}",
                    fmt(row.ours, row.unit),
                    *(zensical if engines else ()),
                    fmt(row.baseline, row.unit),
                    ratio if row.baseline is not None else "",
                    row.target,
                    fmt_met(row, quick),
                )
            )
        notes += [f"{result.key}: {note}" for note in result.notes]
    rows = [header, *(r for r in lines if any(r[1:]))]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        if not any(cells[1:]):  # a scenario's heading
            return cells[0]
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([cells[0].ljust(widths[0]), *rest])

    out = [line(header), "-" * (sum(widths) + 2 * (len(widths) - 1))]
    out += [line(c) for c in lines]
    if quick:
        out.append(
            "* quick mode: reduced sizes; targets are for the full sizes, shown for orientation."
        )
    if notes:
        out += ["", *notes]
    for result in results:
        if result.appendix:
            out += ["", result.appendix.rstrip()]
    return "\n".join(out)


def markdown(report: dict[str, Any]) -> str:
    """A results JSON's table in Markdown: one row per figure, Zensical beside MkDocs."""
    out = [
        "| figure | ours (MkDocs) | Zensical | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, scenario in report["scenarios"].items():
        out.append(f"| **{key}. {scenario['title']}** | | | | | | |")
        for row in scenario["rows"]:
            unit = row["unit"]
            met = "" if not row["target"] else {None: "-", True: "yes", False: "**no**"}[row["met"]]
            cells = [
                row["label"],
                fmt(row["ours"], unit),
                "" if row["zensical"] is None else fmt(row["zensical"], unit),
                "" if row["baseline"] is None else fmt(row["baseline"], unit),
                "" if row["ratio"] is None or row["baseline"] is None else f"{row['ratio']:.3f}",
                row["target"].replace("<=", "≤"),
                met,
            ]
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def compare(previous: dict[str, Any], results: list[Result]) -> str:
    """Each figure now against the same figure in an earlier results file."""
    out = [f"Compared with {previous.get('when', '?')} ({previous.get('mode', '?')} mode):"]
    for result in results:
        before = {r["label"]: r for r in previous.get("scenarios", {}).get(result.key, {}).get(
            "rows", []
        )}  # fmt: skip
        for row in result.rows:
            old = before.get(row.label, {}).get("ours")
            if old is None or row.ours is None:
                continue
            change = f"{(row.ours - old) / old:+.0%}" if old else ""  # ours: MkDocs
            out.append(
                f"  {result.key}. {row.label}: {fmt(old, row.unit)} -> {fmt(row.ours, row.unit)} "
                f"{change}"
            )
    return "\n".join(out)


# --- running ---------------------------------------------------------------------------------


def revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "generator", "templates"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return head + ("+dirty" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text(encoding="utf-8"))))
        return 0
    sizes = QUICK if args.quick else FULL
    scenarios.SECOND_ENGINE = not args.mkdocs_only
    if args.runs:
        sizes = replace(sizes, runs=args.runs, d_runs=max(args.runs, sizes.d_runs))
    keys = [k.strip().upper() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in keys if k not in SCENARIOS]
    if unknown:
        print(f"unknown scenario(s): {', '.join(unknown)}; choose from A-E", file=sys.stderr)
        return 2
    keys = [k for k in SCENARIOS if k in keys]  # always in order: C reuses B's repository

    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="charters-bench-"))
    profile = args.json.with_name("profile-B.prof") if args.profile else None
    ctx = Context(sizes, work, log, profile)
    results: list[Result] = []
    failed = False
    try:
        for key in keys:
            try:
                results.append(SCENARIOS[key](ctx))
            except measure.MeasureError as err:  # report it, and go on with the others
                failed = True
                log(f"{key}: a measured command failed: {err}")
                results.append(Result(key, "failed", skipped=f"a measured command failed: {err}"))
    finally:
        if args.keep:
            print(f"Scratch repositories kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started

    mode = "quick" if args.quick else "full"
    print(
        f"\ncharters benchmarks ({mode}; {revision()}; medians of {sizes.runs} run(s) for A-C, "
        f"{sizes.d_runs} for D; {os.cpu_count()} CPUs; Python {platform.python_version()})\n"
    )
    print(table(results, args.quick))
    print(f"\nTotal wall time, generation included: {total:.1f} s")
    report = {
        "schema": 1,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "revision": revision(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "sizes": asdict(sizes),
        "total_seconds": round(total, 2),
        "scenarios": {r.key: r.as_json() for r in results},
    }
    if args.compare:
        try:
            print("\n" + compare(json.loads(args.compare.read_text(encoding="utf-8")), results))
        except (OSError, ValueError) as err:
            print(f"cannot compare with {args.compare}: {err}", file=sys.stderr)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Results written to {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
