"""The four benchmark scenarios of issue 7, each against a baseline measured in the same run.

A. against mike: every version of one constitution, built by us once vs deployed by mike.
B. council scale: many documents with long histories, one cold build.
C. one more amendment: a rebuild after one commit vs a plain MkDocs build of the current texts.
D. a big redline: `charters diff` of a long document vs `git diff --word-diff`.
E. many documents: cold builds of N and M single-version documents; cost must be linear in N.

Each scenario returns a `Result`: rows of figures (ours, baseline, ratio, target)
and details for the JSON file. Timings are reported, never asserted.
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from bench import measure, synth

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(sys.executable).parent
OURS = [PYTHON, "-m", "generator"]
# What a cold build must not find: the previous site and any cache the build keeps.
CACHE_DIRS = ("site", ".charters-cache")
MIKE_SETTINGS = synth.MKDOCS_YML + "extra:\n  version:\n    provider: mike\n"

Unit = Literal["s", "bytes", "rss", "count"]


@dataclass(frozen=True, slots=True)
class Sizes:
    """Sizes and run counts of one benchmark run (full or quick)."""

    a_versions: int = 21
    a_clauses: int = 100
    b_documents: int = 100
    b_versions: int = 20
    b_clauses: int = 60
    d_clauses: int = 2000
    d_changed: float = 0.05
    e_documents: tuple[int, int] = (1000, 10000)  # E: a size and its double (or more)
    e_clauses: int = 12
    runs: int = 3  # A, B and C
    d_runs: int = 5


FULL = Sizes()
QUICK = Sizes(
    a_versions=6,
    a_clauses=40,
    b_documents=10,
    b_versions=5,
    b_clauses=30,
    d_clauses=500,
    e_documents=(250, 500),
    runs=2,
    d_runs=3,
)


@dataclass(slots=True)
class Row:
    """One figure: ours against a baseline (when there is one) and the target it should meet."""

    label: str
    unit: Unit
    ours: float | None
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    zensical: float | None = None  # the same figure built with Zensical (B, C, E)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline


@dataclass(slots=True)
class Result:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    skipped: str | None = None
    appendix: str = ""  # long text printed after the table (e.g. a profile)

    def as_json(self) -> dict[str, Any]:
        rows = [{**asdict(r), "ratio": r.ratio} for r in self.rows]
        return {
            "title": self.title,
            "rows": rows,
            "notes": self.notes,
            "data": self.data,
            "skipped": self.skipped,
        }


@dataclass(slots=True)
class Context:
    """What the scenarios share: sizes, a scratch folder, and B's repository for C."""

    sizes: Sizes
    work: Path
    log: Callable[[str], None]
    profile: Path | None = None  # where to write a cProfile of B's build, if wanted
    council: synth.SynthRepo | None = None


def environment(root: Path | None = None) -> dict[str, str]:
    """This worktree's generator first on the path; this interpreter's tools first on PATH.

    With `root`, our build caches go to `root/.charters-cache` (normally they live in
    the user's cache folder), so that a cold build can clear them.
    """
    env = synth.git_env(Path(os.environ.get("HOME", "/tmp")))
    if root is not None:
        env["CHARTERS_CACHE_DIR"] = str(root / ".charters-cache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env["PATH"] = os.pathsep.join([str(BIN), os.environ.get("PATH", "")])
    return env


def clean(root: Path) -> Callable[[], None]:
    """A `before` hook that makes the next build in `root` cold."""

    def remove() -> None:
        for name in CACHE_DIRS:
            shutil.rmtree(root / name, ignore_errors=True)

    return remove


def _met(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def _build(
    root: Path, runs: int, cold: bool = True, engine: str = "mkdocs", limit: float | None = None
) -> measure.Summary:
    return measure.repeat(
        [*OURS, "build", "--quiet", "--no-pdf", "--engine", engine],
        root,
        runs,
        environment(root),
        clean(root) if cold else None,
        limit=limit,
    )


# False: this run leaves the second engine out, installed or not (`run.py --mkdocs-only`).
SECOND_ENGINE = True


def zensical_installed() -> bool:
    """Whether the second engine can be measured (it is an optional dependency)."""
    return SECOND_ENGINE and importlib.util.find_spec("zensical") is not None


NO_ZENSICAL = (
    "Zensical is not installed (pip install -e '.[zensical]') or was left out of this run "
    "(--mkdocs-only): its column is empty"
)


# Issue 16's targets for B: a cold build, and the bytes of a page on average.
B_SECONDS = 15
B_PAGE_BYTES = 25_000


# --- A. against mike -------------------------------------------------------------------------


def scenario_a(ctx: Context) -> Result:
    sizes = ctx.sizes
    result = Result(
        "A",
        f"against mike: 1 constitution x {sizes.a_versions} versions x {sizes.a_clauses} clauses",
    )
    docs = synth.single_history(sizes.a_versions, sizes.a_clauses)
    repo = ctx.work / "a-ours"
    synth.history_repository(repo, docs)
    ctx.log(f"A: our cold build of {len(docs)} versions, {sizes.runs} run(s)")
    ours = _build(repo, sizes.runs)
    site = repo / "site"
    ours_bytes = measure.tree_bytes(site)
    pages = measure.file_count(site)

    mike = _mike_command()
    if mike is None:
        result.skipped = "mike is not installed: pip install -e '.[bench]'"
        return result
    ctx.log(f"A: mike deploy of {len(docs)} versions, {sizes.runs} run(s)")
    mike_runs = measure.Summary()
    mike_bytes = 0
    for run in range(sizes.runs):
        sample, mike_bytes = _mike_run(ctx.work / f"a-mike-{run}", docs, mike)
        mike_runs.samples.append(sample)

    result.rows = [
        Row("build time (ours: one build; mike: all deploys)", "s", ours.seconds,
            mike_runs.seconds, "ratio <= 0.05",
            _met(_ratio(ours.seconds, mike_runs.seconds), 0.05)),
        Row("site bytes (ours: site/; mike: gh-pages tree)", "bytes", ours_bytes, mike_bytes,
            "ratio <= 0.05", _met(_ratio(ours_bytes, mike_bytes), 0.05)),
        Row("peak memory (process tree)", "rss", ours.peak_rss, mike_runs.peak_rss),
        Row("pages (ours)", "count", pages),
    ]  # fmt: skip
    result.notes.append(
        f"mike: {len(docs)} deploys of one page each; {_per(mike_runs.seconds, len(docs))} s and "
        f"{_per(mike_bytes / 1e6, len(docs))} MB per version."
    )
    result.data = {
        "ours": {**ours.as_json(), "bytes": ours_bytes, "pages": pages},
        "mike": {**mike_runs.as_json(), "bytes": mike_bytes, "deploys": len(docs)},
    }
    return result


def _ratio(ours: float | None, baseline: float | None) -> float | None:
    return None if ours is None or not baseline else ours / baseline


def _per(total: float, count: int) -> str:
    return f"{total / count:.2f}" if count else "-"


def _mike_command() -> list[str] | None:
    script = BIN / "mike"
    if script.is_file():
        return [str(script)]
    try:
        import mike  # noqa: F401
    except ImportError:
        return None
    return [PYTHON, "-c", "import sys; from mike.driver import main; sys.exit(main())"]


def _mike_run(root: Path, docs: list[synth.Doc], mike: list[str]) -> tuple[measure.Sample, int]:
    """One user's session: commit each version's page, then `mike deploy` it; deploys timed."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    synth.git(root, "init", "-q", "-b", "main")
    (root / "mkdocs.yml").write_text(MIKE_SETTINGS, encoding="utf-8")
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    env = environment()
    samples = []
    for k, doc in enumerate(docs):
        (root / "docs" / "index.md").write_text(synth.to_markdown(doc), encoding="utf-8")
        synth.git(root, "add", "-A")
        synth.git(root, "commit", "-q", "-m", f"Version {doc['version']}", when=synth.round_date(k))
        command = [*mike, "deploy", "--branch", "gh-pages", doc["version"]]
        samples.append(measure.run(command, root, env))
    return measure.combine(samples), _branch_bytes(root, "gh-pages")


def _branch_bytes(root: Path, branch: str) -> int:
    """Total size of the files in a branch's tree, as `git ls-tree -r -l` lists them."""
    listing = synth.git(root, "ls-tree", "-r", "-l", branch)
    total = 0
    for line in listing.splitlines():
        size = line.split("\t", 1)[0].split()[3]
        total += int(size) if size.isdigit() else 0
    return total


# --- B. council scale --------------------------------------------------------------------------


def council(ctx: Context) -> synth.SynthRepo:
    """B's repository (made once, shared with C)."""
    if ctx.council is None:
        s = ctx.sizes
        started = time.perf_counter()
        repo = synth.community_repository(
            ctx.work / "council", s.b_documents, s.b_versions, s.b_clauses
        )
        ctx.log(
            f"B: generated {s.b_documents} documents x {s.b_versions} versions in "
            f"{time.perf_counter() - started:.1f} s"
        )
        ctx.council = repo
    return ctx.council


def scenario_b(ctx: Context) -> Result:
    s = ctx.sizes
    result = Result(
        "B",
        f"council scale: {s.b_documents} documents x {s.b_versions} versions x "
        f"{s.b_clauses} clauses",
    )
    started = time.perf_counter()
    repo = council(ctx)
    generated = time.perf_counter() - started
    ctx.log(f"B: cold build, {s.runs} run(s)")
    ours = _build(repo.root, s.runs)
    site = repo.root / "site"
    pages, size = measure.file_count(site), measure.tree_bytes(site)
    z: dict[str, Any] = {}
    if zensical_installed():
        ctx.log(f"B: cold build with Zensical, {s.runs} run(s)")
        zen = _build(repo.root, s.runs, engine="zensical")
        z = {
            **zen.as_json(),
            "seconds": zen.seconds,
            "cpu_seconds": zen.cpu_seconds,
            "peak_rss": zen.peak_rss,
            "peak_pss": zen.peak_pss,
            "pages": measure.file_count(site),
            "bytes": measure.tree_bytes(site),
        }
    else:
        result.notes.append(NO_ZENSICAL)
    result.rows = [
        Row("build time (cold)", "s", ours.seconds, target=f"<= {B_SECONDS} s",
            met=_met(ours.seconds, B_SECONDS), zensical=z.get("seconds")),
        Row("processor time (all processes)", "s", ours.cpu_seconds,
            zensical=z.get("cpu_seconds")),
        Row("peak memory (process tree, shared pages once)", "rss", ours.peak_pss or None,
            target="<= 1 GiB", met=_met(ours.peak_pss, 2**30) if ours.peak_pss else None,
            zensical=z.get("peak_pss") or None),
        Row("peak memory (RSS summed over processes)", "rss", ours.peak_rss,
            zensical=z.get("peak_rss")),
        Row("pages", "count", pages, zensical=z.get("pages")),
        Row("site bytes", "bytes", size, zensical=z.get("bytes")),
        Row("site bytes a page", "bytes", size / pages if pages else None,
            target=f"<= {B_PAGE_BYTES // 1000} KB",
            met=_met(size / pages, B_PAGE_BYTES) if pages else None,
            zensical=z["bytes"] / z["pages"] if z.get("pages") else None),
    ]  # fmt: skip
    result.data = {
        "ours": {**ours.as_json(), "pages": pages, "bytes": size},
        "zensical": z,
        "generated_seconds": round(generated, 3),
    }
    if ctx.profile is not None:
        result.appendix = _profile(repo.root, ctx.profile, ctx.log)
        result.notes.append(f"profile of one more cold build: {ctx.profile} (text beside it)")
        result.data["profile"] = str(ctx.profile)
    return result


# What the profile summary shows: our code and the libraries the build spends its time in.
_PROFILED = r"generator/|mkdocs/|markdown/|jsonschema/|ruamel/|html/parser|jinja2/|git/|shutil"


def _profile(root: Path, out: Path, log: Callable[[str], None]) -> str:
    """One more cold build under cProfile (main process only); a summary, also saved as text."""
    import io
    import pstats

    log(f"B: one cold build under cProfile into {out}")
    clean(root)()
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        PYTHON,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "generator",
        "build",
        "--quiet",
        "--no-pdf",
    ]
    subprocess.run(command, cwd=root, env=environment(root), check=True, capture_output=True)
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text)
    text.write("B: cProfile of one cold build (main process only), by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(_PROFILED, 30)
    text.write("\nB: the same profile by own time:\n")
    stats.sort_stats("tottime").print_stats(15)
    summary = text.getvalue()
    out.with_suffix(".txt").write_text(summary, encoding="utf-8")
    return summary


# --- C. one more amendment -----------------------------------------------------------------------


def scenario_c(ctx: Context) -> Result:
    s = ctx.sizes
    result = Result(
        "C", f"one more amendment: rebuild after 1 commit to 1 of {s.b_documents} documents"
    )
    fresh = ctx.council is None
    repo = council(ctx)
    site = repo.root / "site"
    if fresh or not site.is_dir():
        ctx.log("C: a first build to start warm (not timed)")
        _build(repo.root, 1, cold=False)
    plain = _plain_project(ctx.work / "plain", repo)

    ctx.log(f"C: amend, commit and rebuild, {s.runs} run(s)")
    ours, versions = _amend_and_rebuild(repo, s.runs, "mkdocs")
    zen: measure.Summary | None = None
    if zensical_installed():
        ctx.log("C: a first build with Zensical to start warm (not timed)")
        _build(repo.root, 1, cold=False, engine="zensical")
        ctx.log(f"C: amend, commit and rebuild with Zensical, {s.runs} run(s)")
        zen, more = _amend_and_rebuild(repo, s.runs, "zensical", start=s.runs)
        versions += more
    else:
        result.notes.append(NO_ZENSICAL)
    ctx.log(f"C: plain mkdocs build of {len(repo.series)} current texts, {s.runs} run(s)")
    baseline = measure.repeat([PYTHON, "-m", "mkdocs", "build", "-q"], plain, s.runs, environment())
    ratio = _ratio(ours.seconds, baseline.seconds)
    result.rows = [
        Row("rebuild time (ours) vs plain mkdocs build", "s", ours.seconds, baseline.seconds,
            "ratio <= 1.0", _met(ratio, 1.0), zensical=zen.seconds if zen else None),
        Row("rebuild processor time (all processes)", "s", ours.cpu_seconds,
            baseline.cpu_seconds, zensical=zen.cpu_seconds if zen else None),
        Row("peak memory (process tree)", "rss", ours.peak_rss, baseline.peak_rss,
            zensical=zen.peak_rss if zen else None),
    ]  # fmt: skip
    result.notes.append(
        f"plain mkdocs: {len(repo.series)} Markdown pages (the current texts) and a home page, "
        "same theme and palette."
    )
    result.data = {
        "ours": {**ours.as_json(), "new_versions": versions},
        "zensical": zen.as_json() if zen else {},
        "plain_mkdocs": baseline.as_json(),
    }
    return result


def _amend_and_rebuild(
    repo: synth.SynthRepo, runs: int, engine: str, start: int = 0
) -> tuple[measure.Summary, list[str]]:
    """`runs` times: one more amendment of one document, committed, and a warm rebuild."""
    summary = measure.Summary()
    versions = []
    for run in range(start, start + runs):
        versions.append(synth.amend_and_commit(repo, run % len(repo.series)))
        summary.samples.append(_build(repo.root, 1, cold=False, engine=engine).samples[0])
    return summary, versions


def _plain_project(root: Path, repo: synth.SynthRepo) -> Path:
    """A plain MkDocs project: one Markdown page per document's current text."""
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(synth.MKDOCS_YML, encoding="utf-8")
    links = [f"# {synth.SITE_NAME}", ""]
    for series in repo.series:
        doc = series.document
        (docs / f"{doc['id']}.md").write_text(synth.to_markdown(doc), encoding="utf-8")
        links.append(f"- [{doc['title']}]({doc['id']}.md), version {doc['version']}")
    (docs / "index.md").write_text("\n".join(links) + "\n", encoding="utf-8")
    return root


# --- D. a big redline ------------------------------------------------------------------------


def diff_available() -> bool:
    """Whether this worktree's generator has the `diff` command yet."""
    probe = subprocess.run(
        [*OURS, "diff", "--help"], cwd=ROOT, env=environment(), capture_output=True
    )
    return probe.returncode == 0


def scenario_d(ctx: Context) -> Result:
    s = ctx.sizes
    result = Result(
        "D",
        f"a big redline: {s.d_clauses} clauses, {s.d_changed:.0%} reworded, "
        "charters diff vs git diff --word-diff",
    )
    folder = ctx.work / "redline"
    folder.mkdir(parents=True, exist_ok=True)
    old, new, changed = synth.big_pair(s.d_clauses, s.d_changed)
    (folder / "old.yaml").write_text(synth.to_yaml(old), encoding="utf-8")
    (folder / "new.yaml").write_text(synth.to_yaml(new), encoding="utf-8")
    env = environment()
    ctx.log(f"D: git diff --word-diff, {s.d_runs} run(s)")
    git_cmd = ["git", "diff", "--no-index", "--word-diff", "old.yaml", "new.yaml"]
    baseline = measure.repeat(git_cmd, folder, s.d_runs, env, ok_codes=(0, 1))
    startup = measure.repeat([*OURS, "--help"], folder, s.d_runs, env)
    python = measure.repeat([PYTHON, "-c", "pass"], folder, s.d_runs, env)
    result.data = {
        "clauses": synth.clause_count(old),
        "reworded": len(changed),
        "git_word_diff": {**baseline.as_json(), "output_bytes": baseline.samples[0].stdout_bytes},
        "charters_help": startup.as_json(),
        "python_start": python.as_json(),
    }
    floors = [
        Row("start-up floor: charters --help", "s", startup.seconds),
        Row("start-up floor: python -c pass", "s", python.seconds),
    ]
    if not diff_available():
        result.skipped = "not available yet: this worktree has no `charters diff` command"
        result.rows = [
            Row("git diff --word-diff (baseline)", "s", None, baseline.seconds),
            *floors,
        ]
        return result
    ctx.log(f"D: charters diff (text and json), {s.d_runs} run(s) each")
    ours = measure.repeat([*OURS, "diff", "old.yaml", "new.yaml", "--format", "text"], folder,
                          s.d_runs, env, ok_codes=(0, 1))  # fmt: skip
    as_json = measure.repeat([*OURS, "diff", "old.yaml", "new.yaml", "--format", "json"], folder,
                             s.d_runs, env, ok_codes=(0, 1))  # fmt: skip
    ratio = _ratio(ours.seconds, baseline.seconds)
    result.rows = [
        Row("charters diff --format text vs git diff --word-diff", "s", ours.seconds,
            baseline.seconds, "<= 0.15 s",
            None if ratio is None else ours.seconds <= 0.15),
        Row("charters diff --format json", "s", as_json.seconds, baseline.seconds),
        *floors,
        Row("peak memory, diff --format text (process)", "rss", ours.peak_rss,
            baseline.peak_rss),
    ]  # fmt: skip
    result.data["text"] = {**ours.as_json(), "output_bytes": ours.samples[0].stdout_bytes}
    result.data["json"] = {**as_json.as_json(), "output_bytes": as_json.samples[0].stdout_bytes}
    if not ours.samples[0].stdout_bytes:
        result.notes.append("charters diff printed nothing: check that it found the changes.")
    return result


# --- E. many documents ------------------------------------------------------------------------

# Doubling the documents may cost at most this much more time and bytes (issue 16).
E_GROWTH = 2.2
E_SECONDS = 100
E_SLOWER_LIMIT = 3  # the second engine is stopped at this many times MkDocs' time
E_RSS = 2**30


def scenario_e(ctx: Context) -> Result:
    """Cold builds of a directory of single-version documents at two sizes, and their ratio."""
    s = ctx.sizes
    small, large = s.e_documents
    result = Result(
        "E", f"many documents: {small:,} and {large:,} single-version documents, cold builds"
    )
    engines = ("mkdocs", "zensical") if zensical_installed() else ("mkdocs",)
    if len(engines) == 1:
        result.notes.append(NO_ZENSICAL)
    figures: dict[int, dict[str, Any]] = {}
    zen: dict[int, dict[str, Any]] = {}
    for count in (small, large):
        started = time.perf_counter()
        repo = synth.community_repository(ctx.work / f"many-{count}", count, 1, s.e_clauses)
        ctx.log(
            f"E: generated {count} documents in {time.perf_counter() - started:.1f} s; "
            f"cold build with {' and '.join(engines)}, 1 run each"
        )
        for engine in engines:
            try:
                built = _build(repo.root, 1, engine=engine, limit=_limit(engine, figures, count))
            except measure.TimedOut as err:  # Zensical 0.0.73 sat idle at 10,000 documents
                result.notes.append(f"Zensical, {count:,} documents: {err}; no figures.")
                continue
            site = repo.root / "site"
            (figures if engine == "mkdocs" else zen)[count] = {
                **built.as_json(),
                "seconds": built.seconds,
                "cpu_seconds": built.cpu_seconds,
                "peak_rss": built.peak_rss,
                "peak_pss": built.peak_pss,
                "pages": measure.file_count(site),
                "bytes": measure.tree_bytes(site),
                "largest_page": _largest_page(site),
            }
        shutil.rmtree(repo.root, ignore_errors=True)  # thousands of files: not kept for later
    # `factor` times the documents; linear cost grows by `factor`, and the target is
    # E_GROWTH per doubling, so the ratio is also given per doubling (ratio ** (1/log2 factor)).
    factor = large / small
    doublings = math.log2(factor)
    time_ratio = _ratio(figures[large]["seconds"], figures[small]["seconds"])
    cpu_ratio = _ratio(figures[large]["cpu_seconds"], figures[small]["cpu_seconds"])
    bytes_ratio = _ratio(figures[large]["bytes"], figures[small]["bytes"])

    def per_doubling(ratio: float | None) -> float | None:
        return None if ratio is None else ratio ** (1 / doublings)

    rows = []
    for count in (small, large):
        f = figures[count]
        top = count == large

        def z(key: str, count: int = count) -> float | None:
            return zen.get(count, {}).get(key)

        rows += [
            Row(f"{count:,} documents: build time (cold)", "s", f["seconds"],
                target=f"<= {E_SECONDS} s" if top else "",
                met=_met(f["seconds"], E_SECONDS) if top else None, zensical=z("seconds")),
            Row(f"{count:,} documents: processor time (all processes)", "s", f["cpu_seconds"],
                zensical=z("cpu_seconds")),
            Row(f"{count:,} documents: peak memory (shared pages once)", "rss",
                f["peak_pss"] or None, target="<= 1 GiB" if top else "",
                met=_met(f["peak_pss"], E_RSS) if top and f["peak_pss"] else None,
                zensical=z("peak_pss") or None),
            Row(f"{count:,} documents: peak memory (RSS summed)", "rss", f["peak_rss"],
                zensical=z("peak_rss")),
            Row(f"{count:,} documents: site bytes", "bytes", f["bytes"], zensical=z("bytes")),
            Row(f"{count:,} documents: largest page", "bytes", f["largest_page"],
                zensical=z("largest_page")),
            Row(f"{count:,} documents: files", "count", f["pages"], zensical=z("pages")),
        ]  # fmt: skip
    time_step, bytes_step = per_doubling(time_ratio), per_doubling(bytes_ratio)
    cpu_step = per_doubling(cpu_ratio)
    rows += [
        Row(f"time, {large:,} vs {small:,} documents", "s", figures[large]["seconds"],
            figures[small]["seconds"], f"per 2x <= {E_GROWTH}", _met(time_step, E_GROWTH)),
        Row(f"processor time, {large:,} vs {small:,} documents", "s",
            figures[large]["cpu_seconds"], figures[small]["cpu_seconds"], f"per 2x <= {E_GROWTH}",
            _met(cpu_step, E_GROWTH)),
        Row(f"bytes, {large:,} vs {small:,} documents", "bytes", figures[large]["bytes"],
            figures[small]["bytes"], f"per 2x <= {E_GROWTH}", _met(bytes_step, E_GROWTH)),
    ]  # fmt: skip
    result.rows = rows
    result.notes.append(
        f"{factor:g}x the documents cost {time_ratio or 0:.2f}x the time and "
        f"{bytes_ratio or 0:.2f}x the bytes: per doubling {time_step or 0:.2f}x and "
        f"{bytes_step or 0:.2f}x "
        f"(linear: 2x; target <= {E_GROWTH}x). Processor time: per doubling {cpu_step or 0:.2f}x; "
        "wall time also grows with other work on a shared machine, processor time does not."
    )
    if small in zen and large in zen:  # not when the second engine was stopped at one size
        z_time = per_doubling(_ratio(zen[large]["seconds"], zen[small]["seconds"]))
        z_cpu = per_doubling(_ratio(zen[large]["cpu_seconds"], zen[small]["cpu_seconds"]))
        z_bytes = per_doubling(_ratio(zen[large]["bytes"], zen[small]["bytes"]))
        result.notes.append(
            f"Zensical per doubling: {z_time or 0:.2f}x the time, {z_cpu or 0:.2f}x the "
            f"processor time, {z_bytes or 0:.2f}x the bytes."
        )
    result.data = {
        "documents": [small, large],
        "clauses": s.e_clauses,
        "builds": {str(k): v for k, v in figures.items()},
        "zensical": {str(k): v for k, v in zen.items()},
        "time_ratio": time_ratio,
        "cpu_ratio": cpu_ratio,
        "bytes_ratio": bytes_ratio,
        "time_per_doubling": time_step,
        "bytes_per_doubling": bytes_step,
    }
    return result


def _limit(engine: str, figures: dict[int, dict[str, Any]], count: int) -> float | None:
    """How long the second engine may take: three times MkDocs' time, and at least 5 minutes."""
    if engine == "mkdocs" or count not in figures:
        return None
    return max(E_SLOWER_LIMIT * figures[count]["seconds"], 300.0)


def _largest_page(site: Path) -> int:
    """Bytes of the largest HTML page: what must not grow with the number of documents."""
    largest = 0
    for folder, _subfolders, names in os.walk(site):
        if "index.html" in names:
            largest = max(largest, os.path.getsize(os.path.join(folder, "index.html")))
    return largest


SCENARIOS: dict[str, Callable[[Context], Result]] = {
    "A": scenario_a,
    "B": scenario_b,
    "C": scenario_c,
    "D": scenario_d,
    "E": scenario_e,
}
