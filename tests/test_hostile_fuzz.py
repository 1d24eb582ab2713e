"""Property tests (issue 11): any input loads, or yields problems with a real position.

Hypothesis writes the hostile files: random bytes, random YAML-shaped text, and
valid documents with random values swapped in (as JSON, which is YAML). Each is
loaded and validated for real; nothing may raise, and every problem must name a
line and column inside the file. Examples are bounded; there is no deadline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_documents import CHARTER, CONSTITUTION

from generator.check import check_paths
from generator.load import yamlsafe
from generator.load.documents import read_document

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
YAML_PIECES = st.sampled_from(
    [
        *"-:[]{},#&*!|>'\"%@`?\\\n\t ",
        "---",
        "...",
        "kind: constitution",
        "id: x",
        "title: ",
        "version: ",
        "articles:",
        "  - id: a",
        "    clauses:",
        "      - text: ",
        "&a [*a, *a]",
        "!!python/object:os.system",
        "<<: *a",
        "1e999",
        ".nan",
        "0x",
        "\x00",
        "\x85",
        "\ufeff",
        "\u2028",
        "[[doc#c]]",
    ]
)


def _assert_positioned(text: str, problems: list[Any]) -> None:
    lines = max(1, len(text.splitlines()) + 1)
    for problem in problems:
        assert problem.line is not None and 1 <= problem.line <= lines + 1, problem
        assert problem.column is not None and problem.column >= 1, problem
        assert problem.message.strip(), problem


@FUZZ
@given(st.binary(max_size=2_000))
def test_any_bytes_load_or_give_positioned_problems(raw: bytes) -> None:
    result = read_document(raw, "fuzz.yaml")
    assert result.document is not None or result.problems
    text = raw.decode("utf-8", errors="replace")
    positioned = [p for p in result.problems if p.line is not None]
    _assert_positioned(text, positioned)


@FUZZ
@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_any_yaml_shaped_text_loads_or_fails_with_a_position(text: str) -> None:
    try:
        yamlsafe.load(text)
    except yamlsafe.YamlError as err:
        assert err.message.strip()
        if err.line is not None:
            assert 1 <= err.line <= len(text.splitlines()) + 2
            assert err.column is not None and err.column >= 1


def _json_values() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=40),
        st.sampled_from(["", "javascript:alert(1)", "<script>x</script>", "2025-02-30", "1.0"]),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*prefix, index))
    return out


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


BASES = {
    "constitution": yamlsafe.load(CONSTITUTION),
    "charter": yamlsafe.load(CHARTER),
}


@settings(max_examples=150, deadline=None, database=None)
@given(st.sampled_from(sorted(BASES)), st.data(), st.integers(min_value=1, max_value=3))
def test_a_valid_document_with_random_values_validates_with_positions(
    tmp_path_factory: Any, kind: str, data: st.DataObject, changes: int
) -> None:
    document = json.loads(json.dumps(BASES[kind]))
    for _ in range(changes):
        paths = _paths(document)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        _replace(document, path, data.draw(_json_values()))
    text = json.dumps(document, indent=2, ensure_ascii=False)
    folder: Path = tmp_path_factory.mktemp("fuzz")
    files = []
    for name, content in {
        "town-constitution.yaml": CONSTITUTION if kind == "charter" else text,
        "town-library.yaml": text if kind == "charter" else None,
    }.items():
        if content is not None:
            (folder / name).write_text(content, encoding="utf-8")
            files.append(folder / name)
    validation = check_paths(files, jobs=1, with_history=False)
    _assert_positioned(text, [p for p in validation.problems if p.file.endswith(files[-1].name)])
    assert all(p.line is not None for p in validation.problems)
