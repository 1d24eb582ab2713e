"""The command line: parses arguments and calls one operation per command. No logic here."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

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
    report(validation.problems, len(validation.files), fmt, Console(highlight=False))  # type: ignore[arg-type]
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
    console = Console(highlight=False)
    console.print(f"Created a community repository in {directory}:")
    for path in created:
        console.print(f"  {path}")
    console.print(
        f"Next: edit {directory}/constitutions/, then run 'charters validate' "
        "and 'charters serve' there."
    )


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
