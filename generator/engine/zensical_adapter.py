"""The second engine: the same staging dir to HTML with Zensical (an optional dependency).

Zensical, from Material's authors, reads an `mkdocs.yml` and renders a theme's
`custom_dir` overrides with its own template engine (MiniJinja, in Rust). This
adapter writes it the same whitelisted configuration the MkDocs adapter writes,
with two differences Zensical needs: the output folder lies inside the staging
dir (Zensical builds only below its configuration's folder), and the engine's
Markdown extension (`zensical_markdown`) hands each staged page over untouched
with its table of contents. The finished site is then moved to `site_dir`.

What the MkDocs path enforces, this one enforces too, or refuses to build
(`zensical_guard`): overrides render in MiniJinja, which has no way into Python;
a template may not name a file outside the overrides; links are refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.engine.adapter import EngineError, EngineResult, mkdocs_config
from generator.engine.zensical_guard import OverrideRefused, check_overrides
from generator.load.settings import SiteSettings
from generator.model.staging import StagedSite
from generator.support.reproducible import source_date_epoch_set

# The folders, inside the staging dir, that Zensical reads the pages from and writes the site into.
_DOCS = "zensical-docs"
_OUTPUT = "zensical-site"
_EXTENSION = "generator.engine.zensical_markdown"


class ZensicalMissing(EngineError):
    """Zensical is not installed."""


def available() -> bool:
    """Whether Zensical can be imported here."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        return False
    return True


def zensical_config(staged: StagedSite, settings: SiteSettings) -> dict[str, Any]:
    """The MkDocs adapter's configuration, as Zensical needs it."""
    config = mkdocs_config(staged, settings, staged.root / _OUTPUT)
    # Zensical takes folders relative to the configuration's (0.0.73 stops on absolute ones).
    config["docs_dir"] = _DOCS
    config["site_dir"] = _OUTPUT
    config["theme"]["custom_dir"] = os.path.relpath(staged.overrides, staged.root)
    config["nav"] = [
        {title: foldered(to) if isinstance(to, str) else [{t: foldered(p)} for t, p in to]}
        for title, to in staged.nav
    ]
    config["theme"].setdefault("variant", "classic")  # Material's look, not Zensical's new one
    config["markdown_extensions"] = [_EXTENSION, *config["markdown_extensions"]]
    return config


def foldered(page: str) -> str:
    """Where Zensical reads the staged page `page`: "a/b.md" as "a/b/index.md".

    Zensical resolves a relative link in a page's HTML from the page's source
    folder, as MkDocs does for a Markdown link; the staged pages' links are
    relative to the page's address ("a/b/"), so each page is read from a folder
    of that name, and every link resolves to itself.
    """
    if page == "index.md" or not page.endswith(".md"):
        return page
    return f"{page[:-3]}/index.md"


def lay_out(staged: StagedSite) -> Path:
    """The staging dir's docs as Zensical reads them: pages moved into folders (`foldered`).

    Files are hard-linked, not copied, where the file system allows (Zensical
    copies them into the site, so the site shares no bytes with the staging dir).
    """
    docs = staged.root / _DOCS
    shutil.rmtree(docs, ignore_errors=True)
    made: set[str] = set()
    for folder, _dirs, files in os.walk(staged.docs):
        relative = os.path.relpath(folder, staged.docs)
        for name in files:
            source = os.path.join(folder, name)
            page = name if relative == "." else f"{relative}/{name}"
            target = docs / foldered(page)
            parent = str(target.parent)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            try:
                os.link(source, target)
            except OSError:  # another file system, or links not allowed: a copy
                shutil.copyfile(source, target)
    return docs


def build(
    staged: StagedSite,
    settings: SiteSettings,
    site_dir: Path,
    source_date_epoch: int,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    folders: Any = None,
) -> EngineResult:
    """One Zensical build of the staging dir, moved into `site_dir` (emptied first)."""
    try:
        import zensical
    except ImportError:
        raise ZensicalMissing(
            "the Zensical engine is not installed; install it with "
            "pip install 'community-charters[zensical]', or build with --engine mkdocs"
        ) from None
    try:
        check_overrides(staged.overrides)
    except OverrideRefused as err:
        raise EngineError(str(err)) from None
    config_path = staged.root / "mkdocs.yml"
    config_path.write_text(json.dumps(zensical_config(staged, settings), indent=1), "utf-8")
    output = staged.root / _OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    lay_out(staged)
    with source_date_epoch_set(source_date_epoch), _captured() as said:
        try:
            zensical.build(str(config_path), {"clean": True, "strict": False})
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as err:  # Zensical's Rust panics are not `Exception`s
            failure: str | None = str(err)
        else:
            failure = None
    if failure is not None or not (output / "index.html").is_file():
        details = "; ".join(line for line in [failure or "", *said] if line)
        raise EngineError(_explained(details, staged.overrides))
    if not settings.site_url:
        _as_mkdocs_not_found(output / "404.html")
    _move_into(output, site_dir)
    shutil.rmtree(staged.root / _DOCS, ignore_errors=True)
    return EngineResult([], {"pages": staged.pages, "rendered": staged.pages, "reused": 0}, [])


def _explained(details: str, overrides: Path) -> str:
    """Zensical's failure in plain words, naming the community's template where one failed."""
    failed = re.findall(r"\(in ([^():]+):(\d+)\)", details)
    for name, line in reversed(failed):  # the innermost template last
        if (overrides / name).is_file():
            return (
                f"templates/overrides/{name}, line {line}: the template could not be rendered "
                f"by Zensical ({details}). Theme templates may print values and call the "
                "theme's filters; Python's objects are out of their reach. Correct or remove "
                "that expression."
            )
    return f"Zensical could not build the site: {details}"


def _as_mkdocs_not_found(page: Path) -> None:
    """Zensical's 404 page in the form `publish.not_found` makes right wherever the site is.

    Without the site's address Zensical roots the page at "/" with a `<base>` of
    its own, right only at a domain's root; with that taken out and its settings
    spelled as MkDocs spells them, the publish stage adds the `<base>` that finds
    a GitHub Pages project site's folder, as it does for MkDocs.
    """
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    text = text.replace('<base href="/">', "", 1)
    text = text.replace('"base":"/"', '"base": "/"').replace('"search":"/', '"search": "/')
    page.write_text(text, encoding="utf-8")


def _move_into(output: Path, site_dir: Path) -> None:
    """Put the built site at `site_dir`, which holds at most empty folders."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(output), str(site_dir))


@contextlib.contextmanager
def _captured() -> Iterator[list[str]]:
    """What Zensical prints (from Rust, on the process's stdout and stderr), as lines.

    Its progress lines would break the command's own output; its warnings are kept.
    """
    lines: list[str] = []
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            sink.seek(0)
            text = sink.read().decode("utf-8", errors="replace")
            lines.extend(line for line in text.splitlines() if not _progress(line))


def _progress(line: str) -> bool:
    return not line.strip() or line.startswith(("Build started", "Build finished"))
