"""Stage 6, engine: the staging dir -> HTML. The only package that imports MkDocs or Material."""

from generator.engine.adapter import EngineError, EngineResult, build, mkdocs_config, serve

__all__ = ["EngineError", "EngineResult", "build", "mkdocs_config", "serve"]
