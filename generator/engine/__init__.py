"""Stage 6, engine: the staging dir -> HTML. The only package that imports MkDocs or Material.

adapter: the configuration and one call of MkDocs' public `build()`; staged_pages:
the engine's own plugin, which hands the staged pages over through MkDocs' events;
page_cache: finished pages kept between builds; serve: live-reload serving.
"""

from generator.engine.adapter import EngineError, EngineResult, build, mkdocs_config
from generator.engine.serve import serve

__all__ = ["EngineError", "EngineResult", "build", "mkdocs_config", "serve"]
