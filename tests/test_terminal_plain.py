"""Piped redlines are written without rich, and read exactly as rich would write them.

`charters diff` piped into a file, a pull-request job or `grep` lays the redline out
itself (`as_terminal.as_plain`) and never imports rich. These tests hold that short
cut to rich's own output for the same lines, on generated and real redlines, and
check that text rich would change (tabs, control characters) still goes through rich.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, python_path
from docgen import amendments, article, clause, constitution, documents
from hypothesis import given, settings
from hypothesis import strategies as st
from redline_helpers import fixture_diffs
from rich.console import Console

from generator.diff.as_terminal import as_plain, redline_lines, render_terminal
from generator.diff.clauses import diff_documents
from generator.diff.view import RedlineView, redline_view
from generator.model.document import Document

EXAMPLE = ROOT / "constitutions"


def rich_output(views: list[RedlineView], compared: str | None, width: int = 80) -> str:
    """What rich writes for the redline to a file (no terminal, so no styles)."""
    out = io.StringIO()
    render_terminal(views, Console(file=out, width=width, highlight=False), compared=compared)
    return out.getvalue()


def short_cut(views: list[RedlineView], compared: str | None) -> str:
    return as_plain(redline_lines(views, compared, markers=True))


@settings(max_examples=150, deadline=None)
@given(documents(), documents())
def test_the_short_cut_writes_what_rich_writes_for_any_pair_of_documents(old, new):
    views = [redline_view(diff_documents(old, new))]
    assert short_cut(views, "Before: a. After: b.") == rich_output(views, "Before: a. After: b.")


@settings(max_examples=100, deadline=None)
@given(amendments())
def test_the_short_cut_writes_what_rich_writes_for_any_amendment(pair: tuple[Document, Document]):
    views = [redline_view(diff_documents(*pair))]
    assert short_cut(views, None) == rich_output(views, None, width=40)


# Titles carry their characters through to the heading lines as they are, so they
# are where unusual characters reach the output: markup rich must not read, wide
# and combining characters, right-to-left text, astral characters.
PIECES = [*"aZ [] /:*_\\{}+-—…“”", "[bold]", ":smile:", "漢字", "é", "e\u0301", "שלום", "😀"]
TITLE_CHARACTERS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=100, deadline=None)
@given(TITLE_CHARACTERS, TITLE_CHARACTERS)
def test_the_short_cut_keeps_unusual_characters_as_rich_does(old_title: str, new_title: str):
    old = constitution(article("a", old_title or "A", clause("c", "Members vote.")))
    new = constitution(
        article("a", new_title or "B", clause("c", f"Members {new_title} vote."), clause("d", "x"))
    )
    views = [redline_view(diff_documents(old, new))]
    assert short_cut(views, f"Before: {old_title}.") == rich_output(views, f"Before: {old_title}.")


def test_the_short_cut_matches_rich_on_the_golden_amendment_and_every_example_version():
    views = [redline_view(d) for d in fixture_diffs()]
    assert short_cut(views, "Before: v1.0. After: v1.1.") == rich_output(
        views, "Before: v1.0. After: v1.1."
    )
    from generator.load.documents import read_document

    for path in sorted(EXAMPLE.glob("*.yaml")):
        doc = read_document(path.read_bytes(), str(path)).document
        assert doc is not None
        for old, new in ((None, doc), (doc, None)):
            views = [redline_view(diff_documents(old, new))]
            assert short_cut(views, path.name) == rich_output(views, path.name)


def test_text_rich_would_change_goes_through_rich(capsys):
    """A tab (expanded to rich's tab stops) or a control code (dropped): rich writes it."""
    old = constitution(article("a", "Rules\tand\u000bsteps", clause("c", "Members vote.")))
    new = constitution(article("a", "Rules\tand\u000bsteps", clause("c", "Members may vote.")))
    views = [redline_view(diff_documents(old, new))]
    render_terminal(views, compared="Before:\ta.")  # standard output is captured: no terminal
    written = capsys.readouterr().out
    assert written == rich_output(views, "Before:\ta.")
    assert "\t" not in written and "\x0b" not in written
    assert written != short_cut(views, "Before:\ta.")  # the short cut would have kept them


def test_without_a_console_piped_output_is_the_short_cut(capsys):
    views = [redline_view(d) for d in fixture_diffs()]
    render_terminal(views, compared="Before: x. After: y.")
    assert capsys.readouterr().out == rich_output(views, "Before: x. After: y.")


def _diff_command(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    environ.update(PYTHONPATH=python_path(), CHARTERS_CACHE_DIR=str(folder / "cache"), **env)
    return subprocess.run(
        [sys.executable, "-m", "generator", "diff", "old.yaml", "new.yaml"],
        cwd=folder,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )


def test_charters_diff_piped_writes_what_rich_would(tmp_path):
    """In a fresh process, piped: the redline as rich writes it (that rich is not even
    imported is `test_diff_fast_path`'s to check); told it is a terminal, colour."""
    fixtures = ROOT / "tests" / "fixtures" / "redline"
    name = sorted(p.name for p in (fixtures / "v1.0").iterdir())[0]
    (tmp_path / "old.yaml").write_bytes((fixtures / "v1.0" / name).read_bytes())
    (tmp_path / "new.yaml").write_bytes((fixtures / "v1.1" / name).read_bytes())
    piped = _diff_command(tmp_path).stdout
    assert "[-" in piped and "{+" in piped and "\x1b[" not in piped

    from generator.load.documents import read_document

    old, new = (
        read_document((tmp_path / n).read_bytes(), n).document for n in ("old.yaml", "new.yaml")
    )
    compared = "Before: old.yaml. After: new.yaml."
    assert piped == rich_output([redline_view(diff_documents(old, new))], compared)
    assert "\x1b[" in _diff_command(tmp_path, FORCE_COLOR="1").stdout
