"""Stage 6, engine: the staging dir -> HTML. The only package that imports MkDocs or Material.

adapter: the configuration and one call of MkDocs' public `build()`; staged_pages:
the engine's own plugin, which hands the staged pages over through MkDocs' events;
page_cache: finished pages kept between builds; serve: live-reload serving;
serve_errors: a failed rebuild shown on every served page.
"""

from generator.engine.adapter import EngineError, EngineResult, build, mkdocs_config
from generator.engine.serve import serve
from generator.engine.serve_errors import BuildStatus

__all__ = ["BuildStatus", "EngineError", "EngineResult", "build", "mkdocs_config", "serve"]
