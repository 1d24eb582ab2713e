"""The command line: parses arguments and calls one operation per command. No logic here."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from generator import __version__

DEFAULT_SOURCE = Path("constitutions")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="charters")
def main() -> None:
    """Publish a community's constitution and commissioning charters from YAML in git.

    Validate the documents, build a website where every adopted version stays
    online, and show each amendment as a clause-by-clause, word-by-word redline.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people; json for other tools; github for pull-request annotations.",
)
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Also check folders against their git history (adopted versions never change).",
)
def validate(paths: tuple[Path, ...], fmt: str, jobs: int | None, history: bool) -> None:
    """Check documents and report every problem, with file, line and column.

    PATHS are YAML files or folders (default: constitutions/). Exits 1 if there
    is any error, 0 otherwise (warnings do not fail).
    """
    from generator.reporting import report
    from generator.validate import validate_paths

    validation = validate_paths(list(paths) or [DEFAULT_SOURCE], jobs=jobs, with_history=history)
    report(
        validation.problems, len(validation.files), fmt, Console(highlight=False, soft_wrap=True)
    )  # type: ignore[arg-type]
    sys.exit(0 if validation.ok else 1)


@main.command()
@click.argument("kind", type=click.Choice(["constitution", "charter"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a document KIND (for editors and other tools)."""
    from generator.schema import schema_text

    click.echo(schema_text(kind), nl=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="The community's name (default: from the folder name).")
def init(directory: Path, name: str | None) -> None:
    """Start a new community repository in DIRECTORY, ready to validate and build."""
    from generator.scaffold import ScaffoldError, scaffold

    try:
        created = scaffold(directory, name)
    except ScaffoldError as err:
        raise click.ClickException(str(err)) from None
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"Created a community repository in {directory}:")
    for path in created:
        console.print(f"  {path}")
    console.print(
        f"Next: edit {directory}/constitutions/, then run 'charters validate' "
        "and 'charters serve' there."
    )


def _print_problems(console: Console, problems: list) -> None:
    from generator.reporting import report

    if problems:
        report(problems, len({p.file for p in problems}), "text", console)


@main.command()
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=DEFAULT_SOURCE,
    show_default=True,
    help="The folder of documents.",
)
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the website is written.",
)
@click.option(
    "--allow-shallow",
    is_flag=True,
    help="In a shallow clone, publish only the versions it holds (with a warning).",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse pages that nothing has changed since the last build (kept in .charters-cache/).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and the result.")
def build(source: Path, site_dir: Path, allow_shallow: bool, cache: bool, quiet: bool) -> None:
    """Build the website from the documents and their git history into site/.

    Every adopted version gets its own page that never changes. If anything fails,
    the previous site/ is left exactly as it was.
    """
    from generator.build import BuildError, build_site

    console = Console(highlight=False, stderr=True, soft_wrap=True)
    root = Path(".")
    try:
        with console.status("Building", spinner="dots") as status:

            def progress(message: str) -> None:
                if not quiet:
                    status.update(message)

            result = build_site(
                root, source, site_dir, allow_shallow=allow_shallow, progress=progress
            )
    except BuildError as err:
        _print_problems(console, err.problems)
        console.print(f"[bold red]Build failed:[/bold red] {escape(str(err))}")
        sys.exit(1)
    _print_problems(console, result.warnings)
    for warning in result.engine_warnings:
        console.print(f"[yellow]MkDocs warning:[/yellow] {escape(warning)}")
    console.print(
        f"[green]Built {_count(result.pages, 'page')}[/green] for "
        f"{_count(result.documents, 'document')} ({_count(result.versions, 'adopted version')}) "
        f"in {result.seconds:.1f} s into {site_dir}/"
        + (f" ({result.reused} pages reused unchanged)." if result.reused else ".")
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@main.command()
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=DEFAULT_SOURCE,
    show_default=True,
    help="The folder of documents.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", "-p", default=8000, show_default=True, help="Port to serve on.")
@click.option("--allow-shallow", is_flag=True, help="In a shallow clone, publish what it holds.")
def serve(source: Path, host: str, port: int, allow_shallow: bool) -> None:
    """Build the website, serve it on this computer, and rebuild when anything changes.

    Watches the documents, templates/, mkdocs.yml and new commits; the browser
    reloads by itself after each rebuild.
    """
    import tempfile

    from generator import engine
    from generator.build import BuildError, build_site

    console = Console(highlight=False, stderr=True, soft_wrap=True)
    site_dir = Path(tempfile.mkdtemp(prefix="charters-serve-")) / "site"
    root = Path(".")

    def rebuild() -> None:
        try:
            result = build_site(root, source, site_dir, allow_shallow=allow_shallow)
        except BuildError as err:
            _print_problems(console, err.problems)
            console.print(f"[bold red]Build failed:[/bold red] {escape(str(err))}")
            return
        _print_problems(console, result.warnings)
        console.print(f"[green]Built {result.pages} pages in {result.seconds:.1f} s.[/green]")

    rebuild()
    site_dir.mkdir(parents=True, exist_ok=True)
    console.print(f"Serving on http://{host}:{port}/ (press Ctrl+C to stop)")
    watch = [
        source,
        root / "templates",
        root / "mkdocs.yml",
        root / ".git" / "HEAD",
        root / ".git" / "refs",
    ]
    engine.serve(site_dir, rebuild, watch, host=host, port=port)


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
    help="text for the terminal; markdown for a pull-request comment; json for other tools; "
    "html for a page of its own.",
)
@click.option("--doc", "doc_id", default=None, help="Only the document with this id.")
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=DEFAULT_SOURCE,
    show_default=True,
    help="The documents folder (for git revisions).",
)
def diff(base: str | None, head: str | None, fmt: str, doc_id: str | None, source: Path) -> None:
    """Show what an amendment changes, clause by clause and word by word.

    BASE and HEAD are git revisions (default BASE: where this branch left the
    default branch; default HEAD: the working tree), or two YAML files. Exits 0
    whether or not anything changed, and 1 when the comparison cannot be made.
    """
    from generator.diff_command import DiffCommandError, compare, render

    try:
        comparison = compare(base, head, source, doc_id)
    except DiffCommandError as err:
        raise click.ClickException(str(err)) from None
    render(comparison, fmt, source, Console(highlight=False))  # type: ignore[arg-type]


@main.command("pr-comment")
@click.option(
    "--event",
    "event_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="GITHUB_EVENT_PATH",
    required=True,
    help="The GitHub event payload (default: $GITHUB_EVENT_PATH).",
)
@click.option(
    "--body-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="The redline Markdown, as written by 'charters diff --format markdown'.",
)
@click.option(
    "--number-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A file holding the pull-request number (from the pull request's own run).",
)
@click.option("--bot-login", default="github-actions[bot]", show_default=True)
def pr_comment(event_path: Path, body_file: Path, number_file: Path | None, bot_login: str) -> None:
    """Post the redline as one comment on the pull request, updated on every push.

    Needs GITHUB_TOKEN (with pull-requests: write); talks to GITHUB_API_URL.
    """
    import json
    import os

    from generator.pr_comment import CommentError, GitHub, post_redline, target_from_event

    token = os.environ.get("GITHUB_TOKEN")
    if not token:
        raise click.ClickException("GITHUB_TOKEN is not set; the comment cannot be posted.")
    api_url = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    try:
        event = json.loads(event_path.read_text(encoding="utf-8"))
        number = number_file.read_text(encoding="utf-8") if number_file else None
        target = target_from_event(event, number)
        text = body_file.read_text(encoding="utf-8", errors="replace")
        outcome = post_redline(GitHub(api_url, token), target, text, bot_login=bot_login)
    except (CommentError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    if outcome.action == "skipped":
        click.echo(f"::warning::Redline comment not posted: {outcome.reason}")
    else:
        click.echo(
            f"{outcome.action.capitalize()} the redline comment {outcome.comment_id} "
            f"on pull request #{target.number}."
        )
