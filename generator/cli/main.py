"""The command line: parses arguments and calls one operation per command. No logic here."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from generator import __version__

if TYPE_CHECKING:  # rich is loaded by the commands that print through it
    from rich.console import Console

DEFAULT_SOURCE = Path("constitutions")

source_option = click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=DEFAULT_SOURCE,
    show_default=True,
    help="The folder of documents.",
)


def _console(**options: Any) -> Console:
    """A rich console, loaded when a command prints: `charters diff --format json` needs none."""
    from rich.console import Console

    return Console(**options)


def say(console: Console, text: str, style: str | None = None) -> None:
    """Print `text` exactly as written (see `generator.cli.reporting.say`)."""
    from generator.cli.reporting import say as print_plain

    print_plain(console, text, style)


class _Commands(click.Group):
    """Every command's unexpected error becomes a short message and exit 1, not a traceback.

    Files and git repositories may come from a stranger, and a full disk or a
    read-only folder is no bug of the reader's: they get plain words. --debug
    (or CHARTERS_DEBUG=1) shows the traceback for whoever is fixing a bug.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as err:
            if ctx.params.get("debug") or os.environ.get("CHARTERS_DEBUG") == "1":
                raise
            from generator.cli.failures import explain

            click.echo(f"Error: {explain(err)}", err=True)
            click.echo("Run again with 'charters --debug ...' to see the details.", err=True)
            sys.exit(1)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="charters")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error.")
def main(debug: bool) -> None:
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
    from generator.check import check_paths
    from generator.cli.reporting import report

    checked = check_paths(list(paths) or [DEFAULT_SOURCE], jobs=jobs, with_history=history)
    report(checked.problems, len(checked.files), fmt, _console(highlight=False, soft_wrap=True))  # type: ignore[arg-type]
    sys.exit(0 if checked.ok else 1)


@main.command()
@click.argument("kind", type=click.Choice(["constitution", "charter"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a document KIND (for editors and other tools)."""
    from generator.load.schema import schema_text

    click.echo(schema_text(kind), nl=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="The community's name (default: from the folder name).")
def init(directory: Path, name: str | None) -> None:
    """Start a new community repository in DIRECTORY, ready to validate and build."""
    from generator.scaffold.create import ScaffoldError, scaffold

    try:
        created = scaffold(directory, name)
    except ScaffoldError as err:
        raise click.ClickException(str(err)) from None
    console = _console(highlight=False, soft_wrap=True)
    say(console, f"Created a community repository in {directory}:")
    for path in created:
        say(console, f"  {path}")
    say(
        console,
        f"Next: edit {directory}/constitutions/, then run 'charters validate' "
        "and 'charters serve' there.",
    )


def _site_url(_context: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from generator.load.site_address import normal_site_url

    try:
        return normal_site_url(value) if value else None
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def record_options(command):  # type: ignore[no-untyped-def]
    """build's options about where the site lives and what it published before."""
    options = [
        click.option(
            "--site-url",
            envvar="CHARTERS_SITE_URL",
            callback=_site_url,
            default=None,
            help="The site's public address (default: site_url in mkdocs.yml); the publish "
            "workflow gives GitHub Pages' address.",
        ),
        click.option(
            "--previous",
            default=None,
            metavar="PATH-or-URL",
            help="The site published before (a folder, its manifest.json, or an address), to "
            "check that no published address or version is lost (default: the site at "
            "site_url, and the local site/).",
        ),
        click.option(
            "--no-previous",
            is_flag=True,
            help="Build without comparing with the site published before (its first "
            "publication, or knowingly).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


# The engines `generator.engine.ENGINES` offers (spelled here so the CLI starts without it).
ENGINE_CHOICES = ("mkdocs", "zensical")
_ENGINE_NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}


def engine_option(command):  # type: ignore[no-untyped-def]
    """The engine that turns the staged pages into HTML."""
    return click.option(
        "--engine",
        "engine_name",
        type=click.Choice(ENGINE_CHOICES),
        default=ENGINE_CHOICES[0],
        show_default=True,
        envvar="CHARTERS_ENGINE",
        help="The site generator: MkDocs with Material, or Zensical (installed with "
        "pip install 'community-charters[zensical]').",
    )(command)


def _print_problems(console: Console, problems: list) -> None:
    from generator.cli.reporting import report

    if problems:
        report(problems, len({p.file for p in problems}), "text", console)


@main.command()
@source_option
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
    help="Reuse what nothing has changed since the last build (kept in ~/.cache/charters).",
)
@click.option(
    "--allow-removed-urls",
    is_flag=True,
    help="Publish even if addresses the previous site/ served would disappear.",
)
@click.option(
    "--pdf/--no-pdf",
    "pdfs",
    default=True,
    show_default=True,
    help="Print every adopted version as a PDF/A to download (--no-pdf: a quicker preview "
    "whose pages offer no PDF).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and the result.")
@record_options
@engine_option
def build(
    source: Path,
    site_dir: Path,
    allow_shallow: bool,
    cache: bool,
    allow_removed_urls: bool,
    pdfs: bool,
    quiet: bool,
    site_url: str | None,
    previous: str | None,
    no_previous: bool,
    engine_name: str,
) -> None:
    """Build the website from the documents and their git history into site/.

    Every adopted version gets its own page that never changes. If anything fails,
    the previous site/ is left exactly as it was.
    """
    from generator.build import BuildError, build_site
    from generator.support.cache import cache_folder
    from generator.support.lock import BuildLocked, build_lock

    console = _console(highlight=False, stderr=True, soft_wrap=True)
    root = Path(".")
    try:
        with build_lock(cache_folder(root)), console.status("Building", spinner="dots") as status:

            def progress(message: str) -> None:
                if not quiet:
                    status.update(message)

            result = build_site(
                root,
                source,
                site_dir,
                allow_shallow=allow_shallow,
                progress=progress,
                cache=cache,
                allow_removed_urls=allow_removed_urls,
                site_url=site_url,
                previous=previous,
                deployed=True,
                no_previous=no_previous,
                engine_name=engine_name,
                pdfs=pdfs,
            )
    except BuildError as err:
        _print_problems(console, err.problems)
        _failed(console, str(err))
    except BuildLocked as err:
        _failed(console, str(err))
    _print_problems(console, result.warnings)
    for warning in result.engine_warnings:
        say(console, f"{_ENGINE_NAMES[engine_name]} warning: {warning}", "yellow")
    for warning in result.cache_warnings:
        say(console, f"Cache warning: {warning}", "yellow")
    for warning in result.pdf_warnings:
        say(console, f"PDF warning: {warning}", "yellow")
    say(
        console,
        f"Built {_count(result.pages, 'page')} for "
        f"{_count(result.documents, 'document')} ({_count(result.versions, 'adopted version')}) "
        f"in {result.seconds:.1f} s into {site_dir}/"
        + (f" ({result.reused} pages reused unchanged" if result.reused else "")
        + (f"; {_count(result.unchanged, 'file')} left as published" if result.unchanged else "")
        + (")." if result.reused else ".")
        + _pdf_note(result.pdfs_made, result.pdfs_reused),
        "green",
    )


def _pdf_note(made: int, reused: int) -> str:
    """How many PDFs were printed and how many were unchanged, when there are any."""
    if not made and not reused:
        return ""
    return f" PDFs: {made} made, {reused} unchanged."


def _failed(console: Console, message: str) -> NoReturn:
    """'Build failed: ...' in plain text (the message may quote a file), and exit 1."""
    from rich.text import Text

    line = Text("Build failed:", style="bold red")
    line.append(" " + message)
    console.print(line, highlight=False, emoji=False)
    sys.exit(1)


@main.command()
@click.argument("site", required=False)
@source_option
@click.option(
    "--site-url",
    envvar="CHARTERS_SITE_URL",
    callback=_site_url,
    default=None,
    help="The address the site was built for (default: what its manifest says).",
)
def verify(site: str | None, source: Path, site_url: str | None) -> None:
    """Check that a published SITE says exactly what the repository says.

    SITE is a folder or a web address (default: site_url from mkdocs.yml, else
    site/). Every published version is rebuilt from the repository and its page
    and JSON compared with the site's. Exits 1 on any mismatch.
    """
    from generator.cli.verify_command import run_verify

    sys.exit(run_verify(site, source, site_url, _console(highlight=False, soft_wrap=True)))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@main.command()
@source_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", "-p", default=8000, show_default=True, help="Port to serve on.")
@click.option("--allow-shallow", is_flag=True, help="In a shallow clone, publish what it holds.")
@engine_option
def serve(source: Path, host: str, port: int, allow_shallow: bool, engine_name: str) -> None:
    """Build the website, serve it on this computer, and rebuild when anything changes.

    Watches the documents, templates/, mkdocs.yml and new commits; the browser
    reloads by itself after each rebuild, and shows a failed build's problems at
    the top of every page until the next good build.
    """
    import tempfile

    from generator import engine
    from generator.build import BuildError, build_site, watched_paths
    from generator.support.cache import cache_folder
    from generator.support.lock import BuildLocked, build_lock

    console = _console(highlight=False, stderr=True, soft_wrap=True)
    busy = _port_in_use(host, port)
    if busy:
        # Said before a build, in one sentence, instead of a traceback after it.
        say(console, f"error: {busy}", "bold red")
        sys.exit(1)
    site_dir = Path(tempfile.mkdtemp(prefix="charters-serve-")) / "site"
    root = Path(".")

    status = engine.BuildStatus()
    debug = bool(click.get_current_context().find_root().params.get("debug")) or (
        os.environ.get("CHARTERS_DEBUG") == "1"
    )

    def rebuild() -> None:
        """One build; its outcome goes to the terminal and, through `status`, to the browser."""
        try:
            with build_lock(cache_folder(root)):
                result = build_site(
                    root, source, site_dir, allow_shallow=allow_shallow, engine_name=engine_name
                )
        except BuildError as err:
            _print_problems(console, err.problems)
            say(console, f"Build failed: {err}", "bold red")
            status.failed(f"Build failed: {err}", err.problems)
            return
        except BuildLocked as err:
            say(console, f"Not rebuilt: {err}", "yellow")
            return
        except Exception as err:
            # The server would print a traceback and keep the old site up without a word.
            if debug:
                raise
            from generator.cli.failures import explain

            say(console, f"Build failed: {explain(err)}", "bold red")
            say(console, "Run again with 'charters --debug serve' to see the details.")
            status.failed(f"Build failed: {explain(err)}")
            return
        _print_problems(console, result.warnings)
        say(console, f"Built {result.pages} pages in {result.seconds:.1f} s.", "green")
        status.succeeded()

    rebuild()
    site_dir.mkdir(parents=True, exist_ok=True)
    say(console, f"Serving on http://{host}:{port}/ (press Ctrl+C to stop)")
    engine.serve(site_dir, rebuild, watched_paths(root, source), status, host=host, port=port)


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
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse the documents an earlier diff read and checked, when their bytes are the "
    "same (kept in ~/.cache/charters).",
)
@source_option
def diff(
    base: str | None, head: str | None, fmt: str, doc_id: str | None, cache: bool, source: Path
) -> None:
    """Show what an amendment changes, clause by clause and word by word.

    BASE and HEAD are git revisions (default BASE: where this branch left the
    default branch; default HEAD: the working tree), or two YAML files. Exits 0
    whether or not anything changed, and 1 when the comparison cannot be made.
    """
    from generator.load.cached import DocumentCache
    from generator.load.kept_checks import checks_kept
    from generator.review.diff_command import DiffCommandError, compare, render
    from generator.support.cache import cache_folder

    documents = DocumentCache(cache_folder(Path(".")) if cache else None)
    if documents.damaged:
        click.echo(
            f"Cache warning: the redline cache was discarded ({documents.damaged}).", err=True
        )
    try:
        with checks_kept(cache):  # --no-cache: nothing from the cache, compiled checks too
            comparison = compare(base, head, source, doc_id, documents)
    except DiffCommandError as err:
        raise click.ClickException(str(err)) from None
    finally:
        documents.save()
    render(comparison, fmt, source)  # type: ignore[arg-type]


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
    import os

    from generator.load.settings import read_settings
    from generator.review.pr_comment import CommentError, post_from_files
    from generator.support.i18n import site_language

    # The workflow runs this in a checkout of the default branch: its mkdocs.yml, not the
    # pull request's, says which language the site (and so the comment) is in.
    settings, _problems = read_settings(Path("."))
    try:
        target, outcome = post_from_files(
            event_path,
            body_file,
            number_file,
            os.environ,
            bot_login=bot_login,
            language=site_language(settings.theme.get("language")),
        )
    except CommentError as err:
        raise click.ClickException(str(err)) from None
    if outcome.action == "skipped":
        click.echo(f"::warning::Redline comment not posted: {outcome.reason}")
    else:
        click.echo(
            f"{outcome.action.capitalize()} the redline comment {outcome.comment_id} "
            f"on pull request #{target.number}."
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
    """Import a constitution or charter into YAML from Markdown, Word, reST, LaTeX, ODT, HTML.

    AsciiDoc (.adoc) is read as well.

    Headings become articles and sections, paragraphs and list items clauses and
    sub-clauses; written numbers become derived numbers. With --onto, SOURCE is a
    new draft of an existing document: every clause that is still there keeps
    its id, and the mapping (kept, changed, moved, new, gone) is printed.
    Prints what to check by hand, with line numbers. Nothing is written on error.
    """
    from generator.importer import importing
    from generator.importer.printing import print_import

    console = _console(highlight=False)
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

    console = _console(highlight=False)
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


def _port_in_use(host: str, port: int) -> str | None:
    """Why `charters serve` cannot listen on host:port, in one sentence, or None if it can."""
    import errno
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            # As the server does: an old connection waiting to close does not make it busy.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            return (
                f"port {port} on {host} is already in use (is another server running?); "
                f"choose another with --port, for example: charters serve --port {port + 1}"
            )
        return f"cannot listen on {host}:{port} ({err.strerror}); choose another with --port"
    return None


def _fail(console: Console, failure: Exception) -> NoReturn:
    say(console, f"error: {failure}", "bold red")
    for problem in getattr(failure, "problems", []):
        say(console, f"  {problem.as_text()}")
    say(console, "Nothing was written.")
    sys.exit(1)
