"""The command line: parses arguments and calls one operation per command. No logic here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

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
def validate(paths: tuple[Path, ...], fmt: str, jobs: int | None) -> None:
    """Check documents and report every problem, with file, line and column.

    PATHS are YAML files or folders (default: constitutions/). Exits 1 if there
    is any error, 0 otherwise (warnings do not fail).
    """
    from generator.reporting import report
    from generator.validate import validate_paths

    validation = validate_paths(list(paths) or [DEFAULT_SOURCE], jobs=jobs)
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


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--id", "doc_id", default=None, help="Document id (a slug); needed unless --onto.")
@click.option(
    "--kind",
    type=click.Choice(["constitution", "charter"]),
    default=None,
    help="What the document is (default: constitution, or the kind of the --onto target).",
)
@click.option(
    "--onto",
    type=click.Path(path_type=Path),
    default=None,
    help="The previous version (a YAML file): keep its ids and replace it with the new text.",
)
@click.option("--version", "version", default=None, help="Version number (default: 1, or next).")
@click.option("--title", default=None, help="Title (default: the source's top heading).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write (default: constitutions/ID.yaml, or the --onto file).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--threshold", default=None, help='Amendment threshold, e.g. "2/3" or "majority".')
@click.option("--quorum", type=click.IntRange(min=1), default=None, help="Amendment quorum.")
@click.option(
    "--terms",
    type=click.Path(path_type=Path),
    default=None,
    help="For a charter: a YAML file with its service, network, power transfer, ...",
)
def import_command(
    source: Path,
    doc_id: str | None,
    kind: str | None,
    onto: Path | None,
    version: str | None,
    title: str | None,
    out: Path | None,
    force: bool,
    threshold: str | None,
    quorum: int | None,
    terms: Path | None,
) -> None:
    """Import a constitution or charter from Markdown (.md) or Word (.docx) into YAML.

    Headings become articles and sections, paragraphs and list items clauses and
    sub-clauses; written numbers become derived numbers. With --onto, SOURCE is a
    new draft of an existing document: every clause that is still there keeps
    its id, and the mapping (kept, changed, moved, new, gone) is printed.
    Prints what to check by hand, with line numbers. Nothing is written on error.
    """
    from generator.importer import importing
    from generator.importer.printing import print_import

    console = Console(highlight=False)
    if doc_id is None and onto is None:
        raise click.UsageError("give the document --id (or --onto an existing document).")
    try:
        settings = importing.Settings(
            doc_id=doc_id,
            kind=kind,  # type: ignore[arg-type]
            title=title,
            version=version,
            threshold=threshold,
            quorum=quorum,
            terms=importing.load_terms(terms) if terms else None,
        )
        result = importing.import_file(source, settings, onto)
        target = out or onto or importing.default_output(result.document.id)
        importing.write_atomically(target, result.yaml_text, overwrite=force or target == onto)
    except importing.ImportFailure as failure:
        _fail(console, failure)
    print_import(console, result, target)


@main.command("import-history")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--id", "doc_id", required=True, help="Document id (a slug).")
@click.option("--into", required=True, type=click.Path(path_type=Path), help="Git repository.")
@click.option(
    "--kind",
    type=click.Choice(["constitution", "charter"]),
    default="constitution",
    show_default=True,
)
@click.option(
    "--csv",
    "records",
    type=click.Path(path_type=Path),
    default=None,
    help="Dates and decisions: columns file, version, date, body, for, against, abstain, "
    "present, proposal, minutes, summary, author, email.",
)
@click.option("--threshold", default=None, help='Amendment threshold, e.g. "2/3".')
@click.option("--quorum", type=click.IntRange(min=1), default=None, help="Amendment quorum.")
@click.option("--title", default=None, help="Title (default: each version's top heading).")
@click.option(
    "--path",
    "path_in_repo",
    default=None,
    help="The document's path in the repository (default: constitutions/ID.yaml).",
)
@click.option(
    "--terms",
    type=click.Path(path_type=Path),
    default=None,
    help="For a charter: a YAML file with its service, network, power transfer, ...",
)
def import_history_command(
    files: tuple[Path, ...],
    doc_id: str,
    into: Path,
    kind: str,
    records: Path | None,
    threshold: str | None,
    quorum: int | None,
    title: str | None,
    path_in_repo: str | None,
    terms: Path | None,
) -> None:
    """Turn old versions (FILES, oldest first) into a git history of adopted versions.

    Each file is imported onto the one before, so clause ids carry through the
    whole history, and committed with its adoption date (from --csv, else in
    file order). Votes are recorded only where the CSV gives them.
    """
    from generator.importer import importing
    from generator.importer.history_import import import_history
    from generator.importer.printing import print_history

    console = Console(highlight=False)
    try:
        history = import_history(
            list(files),
            doc_id,
            into,
            kind=kind,  # type: ignore[arg-type]
            records_file=records,
            threshold=threshold,
            quorum=quorum,
            title=title,
            path_in_repo=path_in_repo,
            terms=importing.load_terms(terms) if terms else None,
        )
    except importing.ImportFailure as failure:
        _fail(console, failure)
    print_history(console, history)


def _fail(console: Console, failure: Exception) -> NoReturn:
    from rich.markup import escape

    console.print(f"[bold red]error[/bold red]: {escape(str(failure))}", soft_wrap=True)
    for problem in getattr(failure, "problems", []):
        console.print(f"  {escape(problem.as_text())}", soft_wrap=True)
    console.print("Nothing was written.")
    sys.exit(1)
