"""Bad input (issue 3): every kind of broken file gets one clear error at its exact position.

Each case is a real file in a temporary `constitutions/` folder, checked by the
real `charters validate` command. The expected line and column were worked out by
reading the YAML in `sample_documents.py` and the edit each case makes; they are
asserted literally, with the key words of the message.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from conftest import python_path, run
from sample_documents import CHARTER, CONSTITUTION, edit, write_files

from generator.load import yamlsafe

C = "town-constitution.yaml"
H = "town-library.yaml"


@dataclass(frozen=True)
class Case:
    """Files to write under constitutions/, and the one error they must produce."""

    files: dict[str, str | bytes]
    where: str  # "file:line:col", relative to constitutions/
    words: tuple[str, ...]  # each must appear in the message


def constitution(old: str, new: str, where: str, *words: str) -> Case:
    """The sample constitution with one edit."""
    return Case({C: edit(CONSTITUTION, old, new)}, f"{C}:{where}", words)


def charter(old: str, new: str, where: str, *words: str) -> Case:
    """The sample charter with one edit, beside the (valid) constitution it is made under."""
    return Case({C: CONSTITUTION, H: edit(CHARTER, old, new)}, f"{H}:{where}", words)


def whole_file(content: str | bytes, where: str, *words: str) -> Case:
    return Case({C: content}, f"{C}:{where}", words)


def with_id(text: str, new_id: str) -> str:
    """A sample document under another id (so it can live in a file of that name)."""
    return re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)


def billion_laughs() -> str:
    """Nine levels of ten aliases each: under 1 kB that would expand to 10**10 strings."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def nested_title(depth: int) -> str:
    """The sample constitution with a title that is `depth` lists inside each other."""
    return edit(
        CONSTITUTION,
        "title: Constitution of the Town Residents",
        "title: " + "[" * depth + "]" * depth,
    )


OVERSIZED = CONSTITUTION + "preamble: " + "We the residents agree. " * 45_000 + "\n"

CASES: dict[str, Case] = {
    # --- YAML syntax --------------------------------------------------------------
    # The quote opened on line 3 is closed by the first quote on line 4.
    "unclosed-double-quote": constitution(
        "title: Constitution", 'title: "Constitution', "3:8", "never closed", "line 4", 'closing "'
    ),
    # Nothing closes it before the end of the file: point at where it opens.
    "unclosed-quote-at-end": constitution(
        "text: The quorum", "text: 'The quorum", "27:15", "never closed", "closing '"
    ),
    "unclosed-flow-list": constitution(
        'threshold: "2/3"', 'threshold: ["2/3"', "16:3", "not closed with ]", "line 15"
    ),
    "indentation-one-space-short": constitution(
        "        text: The name", "       text: The name", "22:8", "does not line up"
    ),
    "key-indented-under-a-value": constitution(
        'version: "1.0"', '  version: "1.0"', "4:10", "check the indentation"
    ),
    "tab-indentation": constitution("    title: Name", "\ttitle: Name", "19:1", "tab", "spaces"),
    "line-without-colon": constitution(
        "status: adopted", "status adopted", "5:1", "cannot find the colon", "key: value"
    ),
    "backslash-in-double-quotes": constitution(
        "title: Constitution of the Town Residents",
        'title: "Constitution of the Town\\Village Residents"',
        "3:33",
        "backslash",
        "single quotes",
    ),
    "control-character": constitution(
        "text: The name of", "text: The name\x07 of", "22:23", "U+0007", "delete it"
    ),
    "second-document": whole_file(
        CONSTITUTION + "---\nkind: constitution\n", "28:1", "second document", "'---'"
    ),
    "empty-file": whole_file("", "1:1", "empty"),
    "only-a-comment": whole_file("# to do: write the constitution\n", "1:1", "empty"),
    "not-a-mapping": whole_file(
        "- kind: constitution\n", "1:1", "must be a set of keys", "holds a list"
    ),
    # 0xff in the middle of line 3: "title: Constitution" is 19 characters.
    "non-utf8-byte": whole_file(
        edit(CONSTITUTION, "Constitution of", "Constitution## of").encode().replace(b"##", b"\xff"),
        "3:20",
        "not saved as UTF-8",
        "0xff",
    ),
    # The column counts characters: "é" before the bad byte is two bytes but one column.
    "non-utf8-after-accent": whole_file(
        edit(CONSTITUTION, "the Town Residents\n", "the Café ## Residents\n")
        .encode()
        .replace(b"##", b"\xff"),
        "3:33",
        "not saved as UTF-8",
    ),
    # The second 'for' is the mistake, so that is where the error points.
    "duplicate-key": constitution("abstain: 2", "for: 2", "12:5", "'for' appears twice"),
    "undefined-alias": constitution(
        "body: Annual general meeting", "body: *meeting", "8:9", "'*meeting'", "anchor"
    ),
    "merge-key": constitution("  quorum: 20", "  <<: {quorum: 20}", "16:3", "merge keys"),
    # --- structure (JSON Schema) ----------------------------------------------------
    "version-as-number": constitution(
        'version: "1.0"', "version: 1.10", "4:10", "should be text", 'version: "1.10"'
    ),
    "vote-as-words": constitution(
        "for: 30", "for: thirty", "10:10", "'for' (in decision > votes)", "whole number"
    ),
    "title-as-a-number": constitution(
        "title: Constitution of the Town Residents",
        "title: 2025",
        "3:8",
        "a number",
        "double quotes",
    ),
    "missing-title": constitution(
        "title: Constitution of the Town Residents\n", "", "1:1", "missing 'title'"
    ),
    "clause-without-text": constitution(
        "        text: The quorum of a general meeting is 20 members.\n",
        "",
        "26:9",
        "article 2 > clause 1",
        "missing 'text'",
    ),
    "misspelt-key": constitution(
        "title: Constitution",
        "titel: Constitution",
        "3:1",
        "unknown key 'titel'",
        "Did you mean 'title'?",
    ),
    "misspelt-nested-key": constitution(
        "quorum: 20",
        "quorom: 20",
        "16:3",
        "unknown key 'quorom' in 'amendment_rule'",
        "Did you mean 'quorum'?",
    ),
    "misspelt-kind": constitution(
        "kind: constitution", "kind: constitutoin", "1:7", "Did you mean 'constitution'?"
    ),
    "misspelt-status": constitution(
        "status: adopted", "status: adoptd", "5:9", "Did you mean 'adopted'?"
    ),
    "impossible-date": constitution(
        "adopted: 2024-05-01", "adopted: 2024-02-30", "7:12", "not a real date", "YYYY-MM-DD"
    ),
    "threshold-in-words": constitution(
        'threshold: "2/3"', 'threshold: "lots"', "15:14", "not a threshold", "2/3"
    ),
    # --- ids --------------------------------------------------------------------------
    "id-with-slash": constitution(
        "id: town-constitution", "id: town/constitution", "2:5", "not a valid id", "lowercase"
    ),
    "id-with-dot-dot": constitution(
        "id: town-constitution", "id: ../town-constitution", "2:5", "not a valid id"
    ),
    "id-with-uppercase": constitution(
        "id: town-constitution", "id: Town-Constitution", "2:5", "not a valid id"
    ),
    "clause-id-with-uppercase": constitution(
        "- id: name-of-group",
        "- id: Name-Of-Group",
        "21:13",
        "(in article 1 > clause 1)",
        "not a valid id",
    ),
    # The second use of an id is the one reported.
    "duplicate-clause-id": constitution(
        "- id: quorum", "- id: name-of-group", "26:13", "'name-of-group' is used twice"
    ),
    "file-name-not-matching-id": Case(
        {"residents.yaml": CONSTITUTION},
        "residents.yaml:2:5",
        (
            "does not match the file name 'residents.yaml'",
            "rename the file to 'town-constitution.yaml'",
        ),
    ),
    # Folders are read in name order, so archive/ comes first and the other file is reported.
    "two-files-same-id": Case(
        {C: CONSTITUTION, f"archive/{C}": CONSTITUTION},
        f"{C}:2:5",
        ("'town-constitution' is already used by constitutions/archive/town-constitution.yaml",),
    ),
    # --- votes --------------------------------------------------------------------------
    # 9 for and 5 against: two thirds of 14 votes cast needs 10.
    "vote-below-threshold": constitution(
        "for: 30", "for: 9", "10:5", "does not meet", "needs at least 10 for out of 14"
    ),
    "quorum-not-met": constitution(
        "quorum: 20",
        "quorum: 50",
        "13:12",
        "quorum was not met",
        "40 members were present",
        "at least 50",
    ),
    # --- citations and charters ----------------------------------------------------------
    "citation-to-missing-document": charter(
        "[[town-constitution#quorum]]",
        "[[town-constitutoin#quorum]]",
        "7:21",
        "'town-constitutoin' that does not exist",
        "Did you mean 'town-constitution'?",
    ),
    "citation-to-missing-clause": charter(
        "[[town-constitution#quorum]]",
        "[[town-constitution#quorom]]",
        "7:21",
        "clause 'quorom' that is not in 'town-constitution'",
        "Did you mean 'quorum'?",
    ),
    "charter-without-service": charter(
        "service:\n  name: Community library\n  nature: discretionary-non-core\n",
        "",
        "1:1",
        "missing 'service'",
    ),
    "charter-without-network": charter(
        "network:\n  type: place-based\n  area: The town centre ward.\n"
        "  members: Residents of the ward.\n",
        "",
        "1:1",
        "missing 'network'",
    ),
    "charter-without-power-transfer": charter(
        "power_transfer:\n  - method: community-asset-transfer\n    formality: formal\n"
        "    description: The library building is leased to the group.\n",
        "",
        "1:1",
        "missing 'power_transfer'",
    ),
    "charter-without-participation": charter(
        "participation:\n  current: involved\n  target: community-led\n",
        "",
        "1:1",
        "missing 'participation'",
    ),
    "place-based-network-without-area": charter(
        "  area: The town centre ward.\n", "", "12:3", "missing 'area'", "names its area"
    ),
    "service-nature-misspelt": charter(
        "nature: discretionary-non-core",
        "nature: discretionary",
        "10:11",
        "Did you mean 'discretionary-non-core'?",
    ),
    "budget-in-words": charter(
        "amount: 12000\n  currency",
        "amount: twelve thousand\n  currency",
        "23:11",
        "'amount' (in budget)",
        "a number",
    ),
    "charter-under-missing-constitution": charter(
        "constitution: town-constitution",
        "constitution: village-constitution",
        "6:15",
        "no document with that id",
        "Did you mean 'town-constitution'?",
    ),
    "charter-under-a-charter": Case(
        {
            C: CONSTITUTION,
            H: CHARTER,
            "town-pool.yaml": edit(
                edit(CHARTER, "id: town-library", "id: town-pool"),
                "constitution: town-constitution",
                "constitution: town-library",
            ),
        },
        "town-pool.yaml:6:15",
        ("made under 'town-library'", "is a charter, not a constitution"),
    ),
    # --- hostile files --------------------------------------------------------------------
    "python-object-tag": constitution(
        "title: Constitution of the Town Residents",
        'title: !!python/object/apply:os.system ["echo owned"]',
        "3:8",
        "'!!python/object/apply:os.system' is not allowed",
    ),
    "custom-include-tag": constitution(
        "title: Constitution of the Town Residents",
        "title: !include secrets.yaml",
        "3:8",
        "'!include' is not allowed",
    ),
    # a5 (line 6) is the first list whose expansion passes 200,000 values.
    "billion-laughs": whole_file(billion_laughs(), "6:5", "aliases", "refused"),
    "over-the-size-limit": whole_file(
        OVERSIZED, "1:1", f"{len(OVERSIZED.encode()):,} bytes", "the limit is 1,000,000 bytes"
    ),
    # The top mapping is level 1 and the first "[" (column 8) level 2, so level 33,
    # one past the limit, is the bracket in column 39.
    "nesting-100-levels": whole_file(
        nested_title(100), "3:39", "nested 33 levels deep", "limit is 32"
    ),
    "script-in-clause": constitution(
        "Town Residents.",
        "Town Residents. <script>alert(1)</script>",
        "22:15",
        "'<script'",
        "remove it",
    ),
    "event-handler-in-clause": constitution(
        "Town Residents.", 'Town <img src="x" onerror="alert(1)">', "22:15", "'onerror='", "script"
    ),
    "javascript-link-in-clause": constitution(
        "Town Residents.", "[Town Residents](javascript:alert(1)).", "22:15", "'javascript:'"
    ),
}


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_file_gets_one_error_at_its_position(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "constitutions", case.files)
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    assert result.exit_code == 1, result.output
    [problem] = problem_lines(result.output)
    location, _, message = problem.partition(": error: ")
    assert location == f"constitutions/{case.where}"
    for word in case.words:
        assert word in message
    files = len(case.files)
    summary = result.output.splitlines()[-1]
    assert summary == f"Checked {files} file{'s' if files > 1 else ''}: 1 error in 1 file."


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_the_sample_documents_are_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case above is one edit away from these, so they must pass cleanly."""
    write_files(tmp_path / "constitutions", {C: CONSTITUTION, H: CHARTER})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    assert result.exit_code == 0, result.output
    assert result.output == "Checked 2 files: no problems found.\n"


def test_html_in_clause_text_is_a_warning_and_does_not_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Harmless HTML is shown as typed later (never rendered), so it only warns."""
    text = edit(CONSTITUTION, "the Town Residents.", "the <b>Town Residents</b>.")
    write_files(tmp_path / "constitutions", {C: text})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    assert result.exit_code == 0, result.output
    [problem] = problem_lines(result.output)
    location, _, message = problem.partition(": warning: ")
    assert location == f"constitutions/{C}:22:15"
    assert "'<b>'" in message and "shown as typed" in message
    assert result.output.splitlines()[-1] == "Checked 1 file: 1 warning in 1 file."


def test_a_python_tag_is_refused_and_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = edit(
        CONSTITUTION,
        "title: Constitution of the Town Residents",
        'title: !!python/object/apply:os.system ["touch owned"]',
    )
    write_files(tmp_path / "constitutions", {C: text})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    assert result.exit_code == 1
    assert "is not allowed" in result.output
    assert not (tmp_path / "owned").exists()


def test_a_bad_file_never_stops_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eleven different bad files and two good ones: one run reports each bad file, only them."""
    bad = {
        "unclosed-quote.yaml": (edit(CONSTITUTION, "title: C", 'title: "C'), "3:8"),
        "tab-indent.yaml": (edit(CONSTITUTION, "    title: Name", "\ttitle: Name"), "19:1"),
        "empty.yaml": ("", "1:1"),
        "not-utf8.yaml": (
            CONSTITUTION.encode().replace(b"Town Residents\n", b"Town \xff\n"),
            "3:33",
        ),
        "duplicate-key.yaml": (edit(CONSTITUTION, "abstain: 2", "for: 2"), "12:5"),
        "misspelt-key.yaml": (edit(CONSTITUTION, "title: C", "titel: C"), "3:1"),
        "below-threshold.yaml": (
            edit(with_id(CONSTITUTION, "below-threshold"), "for: 30", "for: 9"),
            "10:5",
        ),
        "bad-citation.yaml": (
            edit(with_id(CHARTER, "bad-citation"), "#quorum]]", "#quorom]]"),
            "7:21",
        ),
        "wrong-name.yaml": (with_id(CONSTITUTION, "named-otherwise"), "2:5"),
        "laughs.yaml": (billion_laughs(), "6:5"),
        "script.yaml": (
            edit(with_id(CONSTITUTION, "script"), "Residents.", "<script>x()</script>"),
            "22:15",
        ),
    }
    good = {C: CONSTITUTION, H: CHARTER}
    write_files(tmp_path / "constitutions", {**good, **{n: t for n, (t, _) in bad.items()}})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    assert result.exit_code == 1
    problems = problem_lines(result.output)
    for name, (_, where) in bad.items():
        mine = [p for p in problems if p.startswith(f"constitutions/{name}:")]
        assert len(mine) == 1, mine
        assert mine[0].startswith(f"constitutions/{name}:{where}: error: ")
    assert not [p for p in problems if p.startswith((f"constitutions/{C}", f"constitutions/{H}"))]
    assert result.output.splitlines()[-1] == "Checked 13 files: 11 errors in 11 files."


# --- in a real process: exit codes, crashes and memory ----------------------------------

GIB = 1024**3


def run_process(*args: str, cwd: Path, memory_cap: int | None = None) -> CompletedProcess[str]:
    """Run `python -m generator ARGS` as a separate process, optionally with capped memory."""
    path = python_path()

    def cap_memory() -> None:
        assert memory_cap is not None
        resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=cap_memory if memory_cap else None,
        check=False,
    )


@pytest.mark.parametrize(
    "name", ["unclosed-double-quote", "non-utf8-byte", "vote-below-threshold", "two-files-same-id"]
)
def test_a_real_process_exits_1_with_the_position(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    write_files(tmp_path / "constitutions", case.files)
    done = run_process("validate", "constitutions", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"constitutions/{case.where}: error: " in done.stdout
    assert done.stderr == ""


def test_a_real_process_exits_0_on_good_files(tmp_path: Path) -> None:
    write_files(tmp_path / "constitutions", {C: CONSTITUTION, H: CHARTER})
    done = run_process("validate", "constitutions", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "Checked 2 files: no problems found.\n"


def test_nesting_100000_levels_is_a_clean_error_not_a_crash(tmp_path: Path) -> None:
    """The C parser recurses per level and would crash the process; the guard must catch it."""
    write_files(tmp_path / "constitutions", {C: nested_title(100_000)})
    done = run_process("validate", "constitutions", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # a crash would be negative (a signal)
    assert done.stderr == ""
    assert done.stdout.splitlines()[0] == (
        f"constitutions/{C}:3:39: error: this value is nested 33 levels deep; the limit is 32."
    )


def test_billion_laughs_is_refused_within_a_memory_cap(tmp_path: Path) -> None:
    """With at most 1 GiB of address space the process still ends with a clean refusal."""
    write_files(tmp_path / "constitutions", {C: billion_laughs()})
    done = run_process("validate", "constitutions", cwd=tmp_path, memory_cap=GIB)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert f"constitutions/{C}:6:5: error: aliases (*name) here expand to more than" in done.stdout


@pytest.mark.parametrize(
    "broken",
    [
        edit(CONSTITUTION, "title: C", "titel: C"),  # structure: it parses, but is not built
        edit(CONSTITUTION, "title: C", 'title: "C'),  # syntax: not even its id can be read
    ],
    ids=["misspelt-key", "unclosed-quote"],
)
def test_a_broken_constitution_does_not_make_its_charters_look_wrong(
    broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The charter's constitution and citation exist; only the constitution's own error shows."""
    write_files(tmp_path / "constitutions", {C: broken, H: CHARTER})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    assert result.exit_code == 1
    [problem] = problem_lines(result.output)
    assert problem.startswith(f"constitutions/{C}:3:")


SYNTAX_CASES = [
    "unclosed-double-quote",
    "unclosed-quote-at-end",
    "unclosed-flow-list",
    "indentation-one-space-short",
    "key-indented-under-a-value",
    "tab-indentation",
    "line-without-colon",
    "backslash-in-double-quotes",
    "control-character",
    "second-document",
    "duplicate-key",
    "undefined-alias",
]


@pytest.mark.parametrize("name", SYNTAX_CASES)
def test_the_fallback_parser_says_the_same(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that might be nested too deeply for the fast C parser goes to the pure-Python
    one (here because a comment holds 1,000 brackets); its errors must read the same."""
    case = CASES[name]
    [(file, text)] = case.files.items()
    assert isinstance(text, str)
    write_files(tmp_path / "constitutions", {file: "#" + "[" * 1000 + "\n" + text})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    [problem] = problem_lines(result.output)
    location, _, message = problem.partition(": error: ")
    file, line, column = case.where.split(":")
    assert location == f"constitutions/{file}:{int(line) + 1}:{column}"
    for word in case.words:
        assert re.sub(r"line (\d+)", lambda m: f"line {int(m[1]) + 1}", word) in message


def test_nesting_dressed_up_as_citations_is_still_caught(tmp_path: Path) -> None:
    """Citations ([[doc#clause]]) do not count towards the nesting guard; brackets around
    one still do, so deep nesting cannot hide behind one and crash the C parser."""
    deep = "[" * 50_000 + "[[town-constitution#quorum]]" + "]" * 50_000
    text = edit(CONSTITUTION, "title: Constitution of the Town Residents", f"title: {deep}")
    write_files(tmp_path / "constitutions", {C: text})
    done = run_process("validate", "constitutions", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith(
        f"constitutions/{C}:3:39: error: this value is nested 33 levels deep; the limit is 32."
    )


def test_many_citations_are_not_mistaken_for_deep_nesting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document citing 600 times is read by the fast parser and passes."""
    citations = " See [[#quorum]] and [[town-constitution#name-of-group]]." * 300
    text = edit(CONSTITUTION, "is 20 members.", f"is 20 members.{citations}")
    assert yamlsafe._estimated_depth(text) < yamlsafe._C_PARSER_SAFE_DEPTH
    write_files(tmp_path / "constitutions", {C: text})
    monkeypatch.chdir(tmp_path)
    result = run("validate", "constitutions")
    assert result.exit_code == 0, result.output
