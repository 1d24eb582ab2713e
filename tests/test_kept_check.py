"""The compiled schema check is kept between runs, and only this user's own is ever run."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import fastjsonschema
import pytest
from conftest import python_path
from sample_documents import CONSTITUTION

from generator.load import schema, yamlsafe
from generator.load.schema import kept_check, kept_check_path
from generator.support.cache import signed, signing_key

DEFINITION = {**schema.schema("constitution"), "$schema": "http://json-schema.org/draft-07/schema#"}
FORMATS = {"date": lambda value: value[:1].isdigit(), "uri": lambda _value: True}
VALID = yamlsafe.load(CONSTITUTION)


def _verdict(check: object, data: object) -> bool:
    try:
        check(data)  # type: ignore[operator]
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def test_a_later_process_runs_the_kept_check_without_compiling_it(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    check = kept_check(DEFINITION, FORMATS, root)
    assert kept_check_path(DEFINITION, FORMATS, root).is_file()
    assert _verdict(check, VALID)
    assert not _verdict(check, {**VALID, "id": "Not An Id"})
    # A fresh process, where writing the check's code would fail: it must not be needed.
    script = (
        "import fastjsonschema, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('the check was compiled again')\n"
        "fastjsonschema.compile_to_code = refuse\n"
        "from pathlib import Path\n"
        "from generator.load import schema, yamlsafe\n"
        "from sample_documents import CONSTITUTION\n"
        "definition = {**schema.schema('constitution'),\n"
        "              '$schema': 'http://json-schema.org/draft-07/schema#'}\n"
        "formats = {'date': lambda value: value[:1].isdigit(), 'uri': lambda _value: True}\n"
        "check = schema.kept_check(definition, formats, Path(sys.argv[1]))\n"
        "data = yamlsafe.load(CONSTITUTION)\n"
        "check(data)\n"
        "try:\n"
        "    check({**data, 'id': 'Not An Id'})\n"
        "except fastjsonschema.JsonSchemaException:\n"
        "    print('refused a bad id')\n"
    )
    tests = Path(__file__).parent
    done = subprocess.run(
        [sys.executable, "-c", script, str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), python_path(tests.parent)])},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused a bad id"


@pytest.mark.parametrize("signer", ["stranger", "user"])
def test_planted_code_runs_only_under_the_users_own_signature(tmp_path: Path, signer: str) -> None:
    # Code planted where the compiled check is kept: signed by anyone but this user it
    # is removed and never run; the control case, signed with the user's key, shows
    # it would run if it were trusted.
    root = tmp_path / "cache"
    marker = tmp_path / "ran"
    path = kept_check_path(DEFINITION, FORMATS, root)
    path.parent.mkdir(parents=True)
    planted = compile(
        f"open({str(marker)!r}, 'w').write('ran')\ndef validate(data, custom_formats={{}}):\n"
        "    return data\n",
        "<planted>",
        "exec",
    )
    key = signing_key(root) if signer == "user" else bytes(32)
    path.write_bytes(signed(key, marshal.dumps(planted)))
    check = kept_check(DEFINITION, FORMATS, root)
    if signer == "user":
        assert marker.read_text() == "ran"
    else:
        assert not marker.exists()
        assert not _verdict(check, {**VALID, "id": "Not An Id"})  # the real check
        assert path.read_bytes()[32:] != marshal.dumps(planted)  # compiled afresh, kept


def test_without_a_place_to_keep_it_the_check_is_compiled_each_time(tmp_path: Path) -> None:
    root = tmp_path / "not-a-folder"
    root.write_text("a file where the cache folder would be")
    check = kept_check(DEFINITION, FORMATS, root)
    assert _verdict(check, VALID)
    assert not _verdict(check, {**VALID, "id": "Not An Id"})


def _plant_signed(root: Path, marker: Path) -> Path:
    """Code where the constitution's compiled check is kept, signed with the user's own
    key, that leaves `marker` when it runs: proof of whether the kept check was read."""
    path = kept_check_path(DEFINITION, FORMATS, root)  # the same format names as the tool's
    path.parent.mkdir(parents=True, exist_ok=True)
    planted = compile(
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "def validate(data, custom_formats={}):\n"
        "    return data\n",
        "<planted>",
        "exec",
    )
    path.write_bytes(signed(signing_key(root), marshal.dumps(planted)))
    return path


def _charters(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process, where no check has been compiled yet."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": python_path(), "CHARTERS_CACHE_DIR": str(cache)},
    )


def _files(folder: Path) -> set[str]:
    """What the cache folder holds, but the build's lock (one build at a time, cache or
    not: `support/lock.py`) and the repository folder made to hold it."""
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.name != "build.lock" and not (p.is_dir() and p.parent == folder and p.name != "checks")
    }


@pytest.mark.parametrize("command", ["diff", "build"])
def test_no_cache_neither_reads_nor_keeps_a_compiled_check(tmp_path: Path, command: str) -> None:
    root, marker = tmp_path / "cache", tmp_path / "ran"
    if command == "diff":
        work = tmp_path / "files"
        work.mkdir()
        (work / "old.yaml").write_text(CONSTITUTION)
        (work / "new.yaml").write_text(CONSTITUTION.replace("Riverside", "Riverbank", 1))
        args: tuple[str, ...] = ("diff", "old.yaml", "new.yaml")
    else:
        from gitrepo import riverside

        work = riverside(tmp_path / "repo").root
        args = ("build", "--no-pdf", "--no-previous", "--site-dir", str(tmp_path / "site"))
    _plant_signed(root, marker)
    before = _files(root)

    done = _charters(work, root, *args, "--no-cache")
    assert done.returncode == 0, done.stderr
    assert not marker.exists()  # the kept check was not even read
    assert _files(root) == before  # and nothing was kept

    # The control: with the cache, the same command runs the kept check it trusts.
    done = _charters(work, root, *args)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "ran"
