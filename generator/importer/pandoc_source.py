"""reStructuredText, LaTeX, OpenDocument, HTML and AsciiDoc -> Markdown, with pandoc.

Communities hold their constitutions in these formats, and pandoc reads them all
well; writing readers by hand would be worse. pandoc reads the source into its
document tree, `pandoc_lists` keeps list labels that Markdown cannot write and
`pandoc_headings` the section numbers LaTeX prints, and pandoc
writes the tree as Markdown. That Markdown is then
read by the ordinary Markdown reader, so every format ends in the same outline
and the same checks (unsafe links dropped, raw HTML removed and reported).

The file may come from anyone, and pandoc is a large program, so it is run on a
short leash: the file goes in on standard input and Markdown comes out on
standard output; `--sandbox` stops it reading anything else (LaTeX `\\input`,
reST `.. include::`, AsciiDoc `include::`, images), no filter, Lua script or
`--extract-media` is ever given, it runs in an empty temporary folder with a
memory cap, a time limit and a size limit on what it reads and writes.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.importer.pandoc_headings import number_latex_headings
from generator.importer.pandoc_lists import keep_list_labels

MAX_TEXT_BYTES = 2_000_000  # a text source (LaTeX, reST, HTML, AsciiDoc)
MAX_ODT_BYTES = 10_000_000
MAX_UNZIPPED_BYTES = 100_000_000
MAX_MARKDOWN_OUT = 4_000_000  # pandoc's output, the Markdown handed on
TIMEOUT_SECONDS = 60
MEMORY_CAP = "1000m"  # pandoc's own heap limit (GHC runtime option -M)

# The Markdown pandoc writes: GitHub's flavour (pipe tables, which the reader reports
# as tables), no raw HTML, footnotes written out as "[1]" with the note at the end,
# one line per paragraph, and the title (if the source has one) as YAML front matter.
_WRITER = "gfm-raw_html-footnotes+yaml_metadata_block"


@dataclass(frozen=True, slots=True)
class Format:
    name: str  # pandoc's reader
    label: str  # for people
    binary: bool = False


FORMATS = {
    ".rst": Format("rst", "reStructuredText"),
    ".rest": Format("rst", "reStructuredText"),
    ".tex": Format("latex", "LaTeX"),
    ".latex": Format("latex", "LaTeX"),
    ".ltx": Format("latex", "LaTeX"),
    ".html": Format("html", "HTML"),
    ".htm": Format("html", "HTML"),
    ".xhtml": Format("html", "HTML"),
    ".adoc": Format("asciidoc", "AsciiDoc"),
    ".asciidoc": Format("asciidoc", "AsciiDoc"),
    ".asc": Format("asciidoc", "AsciiDoc"),
    ".odt": Format("odt", "OpenDocument text", binary=True),
}


class PandocError(Exception):
    """The file could not be converted; the message says why and what to do."""


@cache
def pandoc() -> tuple[str, str]:
    """The pandoc binary shipped by pypandoc-binary, and its version, or a PandocError."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
        version = pypandoc.get_pandoc_version()
    except (ImportError, OSError) as err:
        raise PandocError(
            "pandoc is needed to import this format and was not found "
            f"({err}); install it with: python -m pip install pypandoc-binary"
        ) from None
    return path, version


@cache
def input_formats() -> frozenset[str]:
    """The formats this pandoc can read (AsciiDoc only from pandoc 3.8 on)."""
    path, _ = pandoc()
    listed = _run([path, "--list-input-formats"], b"", "pandoc")
    return frozenset(listed.decode().split())


def to_markdown(raw: bytes, name: str, fmt: Format) -> str:
    """Convert one source file to Markdown text, or raise PandocError saying why not."""
    path, version = pandoc()
    if fmt.name not in input_formats():
        raise PandocError(
            f"{name}: the pandoc installed here ({version}) cannot read {fmt.label}. "
            f"Convert it to Markdown first, e.g. with asciidoctor -b docbook {name} and then "
            "pandoc -f docbook -t gfm, or with a newer pandoc (3.8 or later reads AsciiDoc): "
            f"pandoc -f {fmt.name} -t gfm {name} -o {Path(name).stem}.md"
        )
    limit = MAX_ODT_BYTES if fmt.binary else MAX_TEXT_BYTES
    if len(raw) > limit:
        raise PandocError(f"{name} is {len(raw):,} bytes; the limit for {fmt.label} is {limit:,}.")
    if fmt.binary:
        _check_zip(raw, name, fmt)
    tree = json.loads(_run(_command(path, fmt.name, "json"), raw, name))
    source = raw.decode("utf-8", errors="replace") if not fmt.binary else ""
    tree = keep_list_labels(tree, fmt.name, source)
    if fmt.name == "latex":
        tree = number_latex_headings(tree, source)
    relabelled = json.dumps(tree).encode()
    out = _run(_command(path, "json", _WRITER), relabelled, name)
    if len(out) > MAX_MARKDOWN_OUT:
        raise PandocError(f"{name} converts to more than {MAX_MARKDOWN_OUT:,} bytes of text.")
    return out.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _command(path: str, reader: str, writer: str) -> list[str]:
    return [
        path,
        "+RTS",
        f"-M{MEMORY_CAP}",
        "-RTS",
        "--sandbox",
        "--from",
        reader,
        "--to",
        writer,
        "--standalone",  # keeps the title, as front matter
        "--wrap=none",
    ]


def _run(command: list[str], stdin: bytes, name: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="charters-pandoc-") as empty:
        try:
            done = subprocess.run(
                command,
                input=stdin,
                capture_output=True,
                cwd=empty,
                env={"PATH": os.defpath, "HOME": empty, "LANG": "C.UTF-8"},
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PandocError(
                f"{name}: converting it took longer than {TIMEOUT_SECONDS} seconds and was "
                "stopped; it is too large or too complex to import."
            ) from None
        except OSError as err:
            raise PandocError(f"{name}: pandoc could not be started ({err}).") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = reason[-1][:200] if reason else f"exit status {done.returncode}"
        if "Heap exhausted" in done.stderr.decode("utf-8", errors="replace"):
            detail = "it needs more memory than a document of its size should"
        elif "not found in resource path" in detail:
            detail = (
                f"it includes another file ({detail.split(' not found')[0]}), and an import "
                "never reads any file but the one it is given; paste that file's text in"
            )
        raise PandocError(f"{name} could not be converted: {detail}.")
    return done.stdout


def _check_zip(raw: bytes, name: str, fmt: Format) -> None:
    """An OpenDocument file is a zip: refuse anything else, and zip bombs."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise PandocError(
            f"{name} is not an {fmt.label} file (.odt files are zip archives, and this is "
            "not one); check that the right file was given."
        )
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        entries = archive.infolist()
        if "content.xml" not in {e.filename for e in entries}:
            raise PandocError(
                f"{name} is a zip archive but not an {fmt.label} file (it has no content.xml)."
            )
        if sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES or len(entries) > 5_000:
            raise PandocError(
                f"{name} expands to far more data than its size suggests (a 'zip bomb'); "
                "it was not opened."
            )
