"""The fast YAML path (libyaml's composer) reads every file exactly as ruamel does.

`yamlsafe.load` composes with libyaml when it can and types plain scalars by YAML
1.2; these tests compare it with the ruamel path it replaced, value for value and
error for error, on real documents, generated ones and the cases where YAML 1.1
and 1.2 part ways.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import synth
from generator.load import yamlsafe

ROOT = Path(__file__).resolve().parents[1]


def by_ruamel(text: str) -> tuple[Any, ...]:
    try:
        root = yamlsafe._compose(text, fast=False)
        return ("ok", None if root is None else yamlsafe._to_data(root))
    except yamlsafe.YamlError as err:
        return ("error", err.message, err.line, err.column)


def by_load(text: str) -> tuple[Any, ...]:
    try:
        return ("ok", yamlsafe.load(text))
    except yamlsafe.YamlError as err:
        if err.message.startswith("this file is empty"):
            return ("ok", None)
        return ("error", err.message, err.line, err.column)


YAML_11_AND_12_DIFFER = [
    "a: yes\nb: no\nc: on\nd: off\ne: y\nf: Yes\n",  # booleans in 1.1, words in 1.2
    "a: 017\nb: 0o17\nc: 0x1F\nd: 1_000\ne: 1:20\nf: 0b101\n",  # 1.1 octal, base 60
    "a: .inf\nb: -.5\nc: 1e3\nd: 1.\ne: +1\nf: 6.8523015e+5\n",
    "a: ~\nb: Null\nc:\nd: ''\ne: TRUE\nf: True\n",
    "a: 2024-01-02\nb: 2001-12-14t21:59:43.10-05:00\n",
    "= : 1\nb: =\n",
]
SHAPES = [
    "a: &x [1, 2]\nb: *x\n",
    "t: |\n  line\n   more\n\nf: >\n  folded\n  text\n\n  para\n",
    "a: 'it''s'\nb: \"\\u00e9 \\t x\"\nc: caf\u00e9 \U0001f600\n",
    "- a\n- b: c\n  d: e\n- ? complex\n  : v\n",
    "{a: 1, b: [x, y]}\n",
    "k: v # comment\nkey with spaces: value : more\n",
    "a: hello!\nb: Really! Yes.\nc: (truly!)\n",
]
REFUSED_BY_LIBYAML_OR_US = [
    "x: !!str 5\n",
    "x: !include other.yaml\n",
    "%YAML 1.1\n---\na: yes\n",
    "a: line\u2028break\n",
    "<<: {a: 1}\n",
    "a: 1\na: 2\n",
    "a: 'unterminated\n",
    "a: [1, 2\n",
    "a:\n\tb: 1\n",
    "a: b: c\n",
    "a: \x01\n",
    "a: 99999999999999999999999e999999\n",
]


@pytest.mark.parametrize("text", YAML_11_AND_12_DIFFER + SHAPES + REFUSED_BY_LIBYAML_OR_US)
def test_load_reads_each_case_as_ruamel_does(text: str) -> None:
    assert by_load(text) == by_ruamel(text)


def test_shipped_and_generated_documents_read_the_same(tmp_path: Path) -> None:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "constitutions").rglob("*.yaml"))]
    texts += [synth.to_yaml(s.document) for s in synth.community_series(12, 40, seed=3)]
    assert len(texts) > 12
    for text in texts:
        assert yamlsafe._compose_with_libyaml(text) is not yamlsafe._REFUSED  # the fast path
        assert by_load(text) == by_ruamel(text)


def test_tags_directives_and_old_line_breaks_stay_with_ruamel() -> None:
    for text in ("x: !!str 5\n", "x: !tag y\n", "%YAML 1.1\n---\na: 1\n", "a: b\u2029c\n"):
        assert yamlsafe._compose_with_libyaml(text) is yamlsafe._REFUSED
    assert yamlsafe._compose_with_libyaml("a: wow! yes.\n") is not yamlsafe._REFUSED
