"""Formats converted with pandoc (reST, LaTeX, OpenDocument, HTML, AsciiDoc), and misnamed files.

Real files are imported as they are, with no hand conversion; small files written
here check what pandoc is allowed to do (read nothing but its input) and that a
file whose content is another format than its name says is refused, saying what
it looks like and how to import it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from test_import_history import versions_in_git

from generator.importer.history_import import import_history
from generator.importer.importing import ImportFailure, Settings, import_file
from generator.importer.pandoc_source import pandoc
from generator.model.document import Clause
from generator.model.numbering import number_document

LATEX = r"""\documentclass{article}
\title{Riverside Residents' Association}
\begin{document}
\maketitle
\section{Name}
The name of the group is ``Riverside Residents''.
\section{Meetings}
\begin{enumerate}
\item The group meets every month.
\item Any member may attend.
\end{enumerate}
\end{document}
"""

REST = """Riverside constitution
======================

Name
----

The name of the group is Riverside Residents, see `our site <https://example.org>`_.

Meetings
--------

* The group meets every month.
* Any member may attend.

.. note:: nothing more.
"""


def _import(path: Path) -> list[str]:
    """The texts of every clause of the imported document, in order."""
    document = import_file(path, Settings(doc_id="riverside")).document
    return [p.text for p in document.provisions() if isinstance(p, Clause)]


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_latex_is_converted_and_imported(tmp_path: Path) -> None:
    texts = _import(_write(tmp_path, "bylaws.tex", LATEX))
    assert texts == [
        "The name of the group is “Riverside Residents”.",
        "The group meets every month.",
        "Any member may attend.",
    ]


def test_restructuredtext_is_converted_and_imported(tmp_path: Path) -> None:
    texts = _import(_write(tmp_path, "constitution.rst", REST))
    assert texts[0] == (
        "The name of the group is Riverside Residents, see [our site](https://example.org)."
    )
    assert texts[1:3] == ["The group meets every month.", "Any member may attend."]


def test_html_keeps_words_and_drops_scripts_and_unsafe_links(tmp_path: Path) -> None:
    page = (
        "<!doctype html><html><body><h1>Name</h1><p>The group is Riverside."
        "<script>alert(1)</script> <a href='javascript:alert(2)'>Home</a></p></body></html>"
    )
    texts = _import(_write(tmp_path, "constitution.html", page))
    assert texts[0] == "The group is Riverside."
    assert "Home" in texts[1]
    assert not any("javascript" in t or "alert(1)" in t or "<" in t for t in texts)


def test_asciidoc_is_converted_and_imported(tmp_path: Path) -> None:
    text = "= Riverside constitution\n\n== Name\n\nThe group is *Riverside*.\n"
    assert _import(_write(tmp_path, "constitution.adoc", text)) == ["The group is **Riverside**."]


def test_opendocument_is_converted_and_imported(tmp_path: Path) -> None:
    source = _write(tmp_path, "draft.md", "# Name\n\n1. The group is Riverside.\n")
    odt = tmp_path / "constitution.odt"
    path, _ = pandoc()
    subprocess.run([path, str(source), "-o", str(odt)], check=True, cwd=tmp_path)
    assert _import(odt) == ["The group is Riverside."]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("secret.tex", "\\section{Name}\nBefore \\input{SECRET} after.\n"),
        ("secret.rst", "Name\n====\n\nBefore.\n\n.. include:: SECRET\n"),
        ("secret.adoc", "= T\n\n== Name\n\nBefore.\n\ninclude::SECRET[]\n"),
    ],
)
def test_pandoc_reads_nothing_but_the_file_it_is_given(
    tmp_path: Path, name: str, content: str
) -> None:
    secret = _write(tmp_path, "secret.txt", "the treasurer's password is hunter2\n")
    source = _write(tmp_path, name, content.replace("SECRET", str(secret)))
    try:
        texts = _import(source)
    except ImportFailure as failure:  # AsciiDoc stops at an include it may not read
        assert "includes another file" in failure.message
        assert "hunter2" not in failure.message
        return
    assert texts and not any("hunter2" in text for text in texts)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bylaws.md",
            LATEX,
            "bylaws.md:1: this file is named as Markdown but looks like LaTeX "
            "('\\\\documentclass{article}'). If it is LaTeX, name it bylaws.tex and import "
            "that: it is converted to Markdown with pandoc on the way in.",
        ),
        (
            "constitution.md",
            REST,
            "constitution.md:7: this file is named as Markdown but looks like "
            "reStructuredText ('The name of the group is Riverside Residents, see `our si...'). "
            "If it is reStructuredText, name it constitution.rst and import that: it is "
            "converted to Markdown with pandoc on the way in.",
        ),
        (
            "constitution.rst",
            LATEX,
            "constitution.rst:1: this file is named as reStructuredText but looks like LaTeX",
        ),
        ("bylaws.tex", b"\\section{A}\x00\x01\x02", "bylaws.tex contains binary data, not LaTeX"),
        ("bylaws.tex", b"PK\x03\x04rest", "bylaws.tex is a zip archive"),
        ("draft.odt", b"%PDF-1.4 not a zip", "draft.odt is not an OpenDocument text file"),
        ("notes.pdf", b"%PDF-1.4", "not a Markdown .* nor one of the formats converted"),
    ],
)
def test_misnamed_and_unusable_files_are_refused_clearly(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    source = _write(tmp_path, name, content)
    with pytest.raises(ImportFailure) as failure:
        import_file(source, Settings(doc_id="x"))
    if "*" in message:
        assert re.search(message, failure.value.message), failure.value.message
    else:
        assert failure.value.message.startswith(message), failure.value.message


@pytest.mark.realdata
def test_pep13_history_imports_from_restructuredtext(realdata: Path, tmp_path: Path) -> None:
    files = sorted((realdata / "python-pep13").glob("v*.rst"))
    assert len(files) == 32
    history = import_history(files, "pep13", tmp_path / "repo")
    versions = versions_in_git(tmp_path / "repo", history.path)
    assert len(versions) == 32
    last = versions[-1][1]
    texts = [p.text for p in last.provisions() if isinstance(p, Clause)]
    assert "The steering council is a 5-person committee." in texts
    assert not any("`_" in text or ".. " in text[:3] for text in texts), "reST markup left in"


@pytest.mark.realdata
def test_hive13_history_imports_from_latex_then_markdown(realdata: Path, tmp_path: Path) -> None:
    folder = realdata / "hive13-bylaws"
    files = [*sorted(folder.glob("v*.tex")), *sorted(folder.glob("v*.md"))]
    assert [f.name[:4] for f in files][-3:] == ["v08_", "v08b", "v09_"]
    history = import_history(files, "hive13-bylaws", tmp_path / "repo")
    versions = versions_in_git(tmp_path / "repo", history.path)
    assert len(versions) == 11
    for _, document in versions:
        texts = [p.text for p in document.provisions() if isinstance(p, Clause)]
        assert not any(re.search(r"\\[A-Za-z]{2,}", text) for text in texts), "LaTeX left in"
        assert any("Sad Bee, Inc." in text for text in texts)


def _numbers(path: Path) -> dict[str, str]:
    """Clause text -> the last part of the number shown for it ("1.1(b)" -> "b")."""
    document = import_file(path, Settings(doc_id="riverside")).document
    shown = number_document(document)
    return {
        p.text: [part for part in re.split(r"[.()]", shown[p.id].short) if part][-1]
        for p in document.provisions()
        if isinstance(p, Clause)
    }


NESTED_LATEX = r"""\documentclass{article}
\begin{document}
\section{Members}
\begin{enumerate}
\item Members have the right to:
\begin{enumerate}
\item vote on:
\begin{enumerate}
\item the election of officers; and
\item any change to these rules.
\end{enumerate}
\item speak at meetings.
\end{enumerate}
\end{enumerate}
\begin{enumerate}[label=(\roman*), start=3]
\item A third rule, counted from three. % a comment with \begin{enumerate}[label=X]
\end{enumerate}
\end{document}
"""


def test_latex_lists_keep_the_labels_latex_prints(tmp_path: Path) -> None:
    """LaTeX numbers items when typeset, 1. (a) i. by depth, or as enumitem's label says."""
    numbers = _numbers(_write(tmp_path, "rules.tex", NESTED_LATEX))
    assert numbers["Members have the right to:"] == "1"
    assert numbers["vote on:"] == "a"
    assert numbers["the election of officers; and"] == "i"
    assert numbers["any change to these rules."] == "ii"
    assert numbers["speak at meetings."] == "b"
    assert numbers["A third rule, counted from three."] == "iii"
    assert not any(text.startswith(("(", "i.", "ii.")) for text in numbers)


def test_restructuredtext_and_html_letters_are_kept_as_numbers(tmp_path: Path) -> None:
    rest = "Rules\n=====\n\n(a) The group meets monthly.\n(b) Anyone may attend.\n"
    html = (
        "<h1>Rules</h1><ol type='a' start='3'><li>The group meets monthly.</li>"
        "<li>Anyone may attend.</li></ol>"
    )
    for name, content, first, second in (
        ("rules.rst", rest, "a", "b"),
        ("rules.html", html, "c", "d"),
    ):
        numbers = _numbers(_write(tmp_path, name, content))
        assert numbers["The group meets monthly."] == first, (name, numbers)
        assert numbers["Anyone may attend."] == second, (name, numbers)


@pytest.mark.realdata
def test_hive13_latex_and_markdown_of_one_text_keep_the_same_numbers(realdata: Path) -> None:
    """v08b (LaTeX) and v09 (Markdown) hold the same 2025 text; their numbers agree.

    The only differences allowed are label styles the two sources really write
    differently: LaTeX prints a third-level item "i." where the Markdown writes "(i)".
    """
    folder = realdata / "hive13-bylaws"
    latex = import_file(next(folder.glob("v08b*.tex")), Settings(doc_id="bylaws")).document
    markdown = import_file(next(folder.glob("v09*.md")), Settings(doc_id="bylaws")).document
    before, after = number_document(latex), number_document(markdown)
    texts: dict[str, list[str]] = {}  # a sentence may appear more than once: pair them in order
    for provision in markdown.provisions():
        if isinstance(provision, Clause):
            texts.setdefault(provision.text, []).append(provision.id)
    compared, differ = 0, []
    for provision in latex.provisions():
        if not isinstance(provision, Clause) or not texts.get(provision.text):
            continue
        compared += 1
        one, other = before[provision.id].short, after[texts[provision.text].pop(0)].short
        if re.sub(r"[.()]", "", one) != re.sub(r"[.()]", "", other):
            differ.append(f"{one} / {other}: {provision.text[:40]}")
    assert compared > 150
    assert differ == []


SECTIONED_LATEX = r"""\documentclass{article}
\begin{document}
\section*{Preamble}
We are a club.
\section{Name}
The name is Club.
\section{Meetings}
\subsection{Annual}
We meet yearly.
% \section{Commented out} is not a heading
\appendix
\section{Fees}
The fee is low.
\subsection{Waivers}
Fees may be waived.
\end{document}
"""


def test_latex_headings_keep_the_numbers_latex_prints(tmp_path: Path) -> None:
    """\\section* stays unnumbered, sections count 1, 2 and 2.1, and the appendix is "A"."""
    document = import_file(_write(tmp_path, "club.tex", SECTIONED_LATEX), Settings("club")).document
    labels = {
        p.title: number_document(document)[p.id].label
        for p in document.provisions()
        if hasattr(p, "title")
    }
    assert labels["Name"] == "Article 1"
    assert labels["Meetings"] == "Article 2"
    assert labels["Annual"] == "Section 2.1"
    assert labels["Fees"] == "Appendix A"
    assert labels["Waivers"] == "Section A.1"
    assert (
        number_document(document)[
            next(a.id for a in document.articles if a.title == "Preamble")
        ].short
        == ""
    )


def test_a_hostile_enumitem_label_is_read_for_its_counter_only(tmp_path: Path) -> None:
    """A label option carrying markup or words keeps only its counting style, never its text."""
    hostile = (
        r"\documentclass{article}\begin{document}\section{Rules}"
        r"\begin{enumerate}[label=<script>alert(1)</script>\alph*]"
        r"\item First rule.\item Second rule.\end{enumerate}\end{document}"
    )
    path = _write(tmp_path, "rules.tex", hostile)
    document = import_file(path, Settings(doc_id="rules")).document
    texts = [p.text for p in document.provisions() if isinstance(p, Clause)]
    assert texts == ["First rule.", "Second rule."]
    assert _numbers(path) == {"First rule.": "a", "Second rule.": "b"}
