"""Scenario Z: the two engines side by side (issue 16, item 5).

The same cold build, once with MkDocs (the default engine) and once with
Zensical, of the example community (constitutions/ with this repository's
history) and of scenario A's repository (one constitution, many versions).
The ratio is Zensical's time over MkDocs'. Zensical is optional: without it the
scenario says so and reports nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench import measure, synth
from bench.scenarios import (
    NO_ZENSICAL,
    OURS,
    ROOT,
    Context,
    Result,
    Row,
    clean,
    environment,
    zensical_installed,
)

ENGINES = ("mkdocs", "zensical")


def _example(ctx: Context, engine: str) -> tuple[measure.Summary, int]:
    """Cold builds of the example community into a scratch folder (no cache, no network)."""
    site = ctx.work / f"example-{engine}"
    command = [
        *OURS,
        "build",
        "--quiet",
        "--no-cache",
        "--no-previous",
        "--no-pdf",
        "--engine",
        engine,
    ]
    summary = measure.repeat(
        [*command, "--site-dir", site],
        ROOT,
        ctx.sizes.runs,
        environment(ctx.work / f"example-{engine}-cache"),
        lambda: shutil.rmtree(site, ignore_errors=True),
    )
    return summary, measure.tree_bytes(site)


def _history(ctx: Context, repo: Path, engine: str) -> tuple[measure.Summary, int]:
    """Cold builds of scenario A's repository, as scenario A makes them."""
    command = [*OURS, "build", "--quiet", "--no-pdf", "--engine", engine]
    summary = measure.repeat(command, repo, ctx.sizes.runs, environment(repo), clean(repo))
    return summary, measure.tree_bytes(repo / "site")


def scenario_z(ctx: Context) -> Result:
    sizes = ctx.sizes
    result = Result("Z", "engines side by side: MkDocs (baseline) and Zensical, cold builds")
    if not zensical_installed():
        result.skipped = NO_ZENSICAL
        return result
    repo = ctx.work / "z-history"
    synth.history_repository(repo, synth.single_history(sizes.a_versions, sizes.a_clauses))
    cases = [
        ("the example community", lambda engine: _example(ctx, engine)),
        (
            f"A: {sizes.a_versions} versions x {sizes.a_clauses} clauses",
            lambda engine: _history(ctx, repo, engine),
        ),
    ]
    result.data = {}
    for label, built in cases:
        figures = {}
        for engine in ENGINES:
            ctx.log(f"Z: {label} with {engine}, {sizes.runs} run(s)")
            figures[engine] = built(engine)
        (mkdocs, mkdocs_bytes), (zensical, zensical_bytes) = figures["mkdocs"], figures["zensical"]
        result.rows += [
            Row(f"{label}: time (Zensical; baseline MkDocs)", "s", zensical.seconds,
                mkdocs.seconds),
            Row(f"{label}: site bytes (Zensical; baseline MkDocs)", "bytes", zensical_bytes,
                mkdocs_bytes),
            Row(f"{label}: peak memory (Zensical; baseline MkDocs)", "rss", zensical.peak_rss,
                mkdocs.peak_rss),
        ]  # fmt: skip
        result.data[label] = {
            engine: {**summary.as_json(), "bytes": size}
            for engine, (summary, size) in figures.items()
        }
    result.notes.append(
        "ratio = Zensical / MkDocs; Zensical builds the whole site each time (no page cache)."
    )
    return result


SCENARIOS = {"Z": scenario_z}
