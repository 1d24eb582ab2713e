"""Stage 6, engine: the staging dir -> HTML. The only package importing MkDocs, Material, Zensical.

adapter: the configuration and one call of MkDocs' public `build()`; staged_pages:
the engine's own plugin, which hands the staged pages over through MkDocs' events;
page_cache: finished pages kept between builds; serve: live-reload serving;
serve_errors: a failed rebuild shown on every served page.
zensical_adapter, zensical_markdown, zensical_guard: the second engine, Zensical
(an optional dependency), building the same staging dir.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from generator.engine import adapter, zensical_adapter
from generator.engine.adapter import EngineError, EngineResult, mkdocs_config
from generator.engine.serve import serve
from generator.engine.serve_errors import BuildStatus
from generator.load.settings import SiteSettings
from generator.model.staging import StagedSite
from generator.support.fsutil import Folders

# The engines a site can be built with; the first is the default.
ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = ENGINES[0]
NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}


def build(
    staged: StagedSite,
    settings: SiteSettings,
    site_dir: Path,
    source_date_epoch: int,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    folders: Folders | None = None,
    engine: str = DEFAULT_ENGINE,
    compiled: Path | None = None,
) -> EngineResult:
    """Build the staging dir into `site_dir` with `engine` (one of `ENGINES`).

    With `compiled` (a cache folder), MkDocs keeps the theme's templates compiled for
    later builds; Zensical's templates are not Python's, and it compiles its own.
    """
    if engine not in ENGINES:
        raise EngineError(f"there is no engine called {engine!r}; choose {' or '.join(ENGINES)}")
    chosen = (
        zensical_adapter.build
        if engine == "zensical"
        else partial(adapter.build, compiled=compiled)
    )
    return chosen(
        staged,
        settings,
        site_dir,
        source_date_epoch,
        cache_dir=cache_dir,
        jobs=jobs,
        folders=folders,
    )


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "NAMES",
    "BuildStatus",
    "EngineError",
    "EngineResult",
    "build",
    "mkdocs_config",
    "serve",
]
