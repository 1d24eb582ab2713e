"""Serving a built site while editing: MkDocs' live-reload server, rebuilding on each change."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path


def serve(
    site_dir: Path,
    rebuild: Callable[[], None],
    watch: list[Path],
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve `site_dir` with live reload; `rebuild` runs when a watched file changes."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in watch:
        if path.exists():
            server.watch(str(path))
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("mkdocs.livereload").addHandler(handler)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
