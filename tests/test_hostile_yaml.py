"""Hostile YAML and hostile messages (issue 11, categories 7, 8 and 9).

Each case is a real file checked by the real `charters validate` command; the
outcome (exit code, position, words, how much is printed) is asserted exactly.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run
from sample_documents import CHARTER, CONSTITUTION, edit

from generator.cli.reporting import MAX_PROBLEMS_PER_FILE
from generator.load import yamlsafe

C = "town-constitution.yaml"


def _validate(tmp_path: Path, files: dict[str, str]) -> tuple[int, str]:
    folder = tmp_path / "constitutions"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = run("validate", "--no-history", folder, cwd=tmp_path)
    return result.exit_code, result.output


def _problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


# --- category 7: node counts, not only bytes, depth and aliases --------------------------------

NODE_BOMBS = {
    "flow empty mappings": "[" + ",".join(["{}"] * 190_000) + "]\n",
    "block empty mappings": "- {}\n" * 190_000,
    "flow null keys": "{" + ",".join(f"k{i}" for i in range(120_000)) + "}\n",
    "block scalars": "".join(f"- {i % 10}\n" for i in range(150_000)),
}


@pytest.mark.parametrize("name", sorted(NODE_BOMBS))
def test_a_file_of_too_many_nodes_fails_fast_with_one_message(name: str, tmp_path: Path) -> None:
    text = NODE_BOMBS[name]
    assert len(text.encode()) < yamlsafe.MAX_FILE_BYTES  # under the byte limit: nodes must stop it
    folder = tmp_path / "constitutions"
    folder.mkdir()
    (folder / C).write_text(text)
    # A real process, so a runaway parse shows as a timeout rather than a hang.
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--no-history", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    problems = _problem_lines(done.stdout)
    assert len(problems) == 1, done.stdout[:2000]
    assert f"more than {yamlsafe.MAX_NODES:,} values" in problems[0]
    assert re.match(re.escape(str(folder / C)) + r":\d+:\d+: error: this file holds", problems[0])
    assert len(done.stdout.splitlines()) <= 3


def test_the_node_limit_leaves_room_for_a_large_real_document() -> None:
    clause = "      - id: c{n}\n        text: Members may speak, as clause {n} says.\n"
    body = "".join(clause.format(n=n) for n in range(5_000))
    text = CONSTITUTION.replace(
        "      - id: name-of-group\n", body + "      - id: name-of-group\n", 1
    )
    data = yamlsafe.load(text)
    assert len(data["articles"][0]["clauses"]) == 5_001


# --- category 7: error output is capped per file -----------------------------------------------


def test_error_output_is_capped_per_file_with_a_count_of_the_rest(tmp_path: Path) -> None:
    clauses = "".join(f"      - id: Bad_{n}\n        text: x\n" for n in range(60))
    text = CONSTITUTION.replace("    clauses:\n", "    clauses:\n" + clauses, 1)
    code, output = _validate(tmp_path, {C: text})
    assert code == 1
    shown = [line for line in _problem_lines(output) if C in line]
    assert len(shown) == MAX_PROBLEMS_PER_FILE == 20
    assert f"... and 40 more problems in constitutions/{C}" in output
    assert "Checked 1 file: 60 errors in 1 file." in output


def test_json_output_is_never_capped(tmp_path: Path) -> None:
    import json

    clauses = "".join(f"      - id: Bad_{n}\n        text: x\n" for n in range(30))
    text = CONSTITUTION.replace("    clauses:\n", "    clauses:\n" + clauses, 1)
    folder = tmp_path / "constitutions"
    folder.mkdir()
    (folder / C).write_text(text)
    result = run("validate", "--no-history", "--format", "json", folder, cwd=tmp_path)
    assert len(json.loads(result.output)["problems"]) == 30


# --- category 9: messages are plain text, never terminal markup ---------------------------------


def test_an_error_on_line_100_prints_its_line_number_not_an_emoji(tmp_path: Path) -> None:
    padding = "".join(f"# line {n}\n" for n in range(1, 100))
    text = padding + "kind: [unclosed\n"
    code, output = _validate(tmp_path, {C: text})
    assert code == 1
    assert f"constitutions/{C}:100:" in output
    assert "\N{HUNDRED POINTS SYMBOL}" not in output


def test_markup_and_emoji_codes_in_a_message_are_printed_as_typed(tmp_path: Path) -> None:
    # The duplicate key's name is quoted back in the message.
    text = CONSTITUTION.replace("status: adopted\n", "status: adopted\n'[bold]:smile:[/]': 1\n")
    text = text + "'[bold]:smile:[/]': 2\n"
    code, output = _validate(tmp_path, {C: text})
    assert code == 1
    assert "'[bold]:smile:[/]' appears twice" in output
    assert "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in output


# --- category 8: values that used to crash the build are positioned errors ---------------------


def test_a_number_too_large_for_its_field_is_a_positioned_error(tmp_path: Path) -> None:
    charter = edit(CHARTER, "budget:\n  amount: 12000", "budget:\n  amount: 1e999")
    code, output = _validate(tmp_path, {C: CONSTITUTION, "town-library.yaml": charter})
    assert code == 1
    line = next(n for n, text in enumerate(charter.splitlines(), 1) if "1e999" in text)
    assert f"town-library.yaml:{line}:11: error:" in output
    assert "too large" in output


@pytest.mark.parametrize(
    ("raw", "shown"), [("\\x01", "U+0001"), ("\\x7f", "U+007F"), ("\\x9b", "U+009B")]
)
def test_control_characters_in_a_title_are_a_positioned_error(
    raw: str, shown: str, tmp_path: Path
) -> None:
    text = edit(
        CONSTITUTION,
        "title: Constitution of the Town Residents",
        f'title: "Constitution{raw} of the Town"',
    )
    code, output = _validate(tmp_path, {C: text})
    assert code == 1, output
    assert f"constitutions/{C}:3:8: error:" in output
    assert shown in output
