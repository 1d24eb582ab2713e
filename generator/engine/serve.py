"""Serving a built site while editing: MkDocs' live-reload server, rebuilding on each change.

A failed rebuild is shown in the browser as well as the terminal: `status` holds
the newest outcome, and serve_errors puts it on every page until a build succeeds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from generator.engine.serve_errors import BuildStatus, not_found_page, with_build_errors


def serve(
    site_dir: Path,
    rebuild: Callable[[], None],
    watch: list[Path],
    status: BuildStatus,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve `site_dir` with live reload; `rebuild` runs when a watched file changes.

    `rebuild` reports each outcome to `status` (it is the caller who knows the
    problems); pages then reload by themselves, carrying the failure if there is one.
    """
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    # WSGIServer's public set_app: the same server, its HTML pages passed through one filter.
    server.set_app(with_build_errors(server.serve_request, status))
    server.error_handler = not_found_page(site_dir, status)
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
