"""`charters verify`: rebuild from the repository, then compare with the published site."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from generator.build import BuildError, build_site
from generator.load.settings import read_settings
from generator.publish.manifest import is_address
from generator.publish.verify import Site, VerifyError, verify


def run_verify(site: str | None, source: Path, site_url: str | None, console: Console) -> int:
    """Print every page or data file of `site` that differs from the repository; the exit code."""
    root = Path(".")
    settings, _problems = read_settings(root)
    target = site or settings.site_url or "site"
    try:
        published = Site(target)
        built_for = site_url or published.site_url() or (target if is_address(target) else None)
        with tempfile.TemporaryDirectory(prefix="charters-verify-") as folder:
            fresh = Path(folder) / "site"
            build_site(
                root,
                source,
                fresh,
                site_url=built_for,
                no_previous=True,
                cache=False,
                pdfs=_has_pdfs(published),
            )
            result = verify(fresh, published)
    except BuildError as err:
        for problem in err.problems:
            console.print(escape(problem.as_text()))
        console.print(f"[bold red]Cannot verify:[/bold red] {escape(str(err))}")
        return 1
    except VerifyError as err:
        console.print(f"[bold red]Cannot verify:[/bold red] {escape(str(err))}")
        return 1
    for mismatch in result.mismatches:
        console.print(f"[red]mismatch[/red] /{escape(mismatch.address)}: {escape(mismatch.why)}")
    if result.ok:
        console.print(
            f"[green]Verified {result.checked} pages and data files[/green] of {escape(target)}: "
            "each says what the repository says."
        )
        return 0
    console.print(
        f"[bold red]{len(result.mismatches)} of {result.checked} pages and data files[/bold red] "
        f"of {escape(target)} do not say what the repository says."
    )
    return 1


def _has_pdfs(published: Site) -> bool:
    """Whether the site was built with its PDFs: the fresh build must offer the same links."""
    from generator.site import urls

    index = published.read(urls.SITE_DATA)
    if index is None:
        return True
    try:
        data = json.loads(index.decode("utf-8"))
        return any("pdf" in v for d in data.get("documents", []) for v in d.get("versions", []))
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError):
        return True
