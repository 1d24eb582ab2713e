"""Compiled templates are kept between builds, and only this user's own are ever run."""

from __future__ import annotations

import marshal
import pickle
from pathlib import Path

import jinja2
import pytest
from conftest import build
from gitrepo import riverside
from jinja2.bccache import bc_magic
from jinja2.sandbox import SandboxedEnvironment
from test_site import tree_digest

from generator.support.cache import signed, signing_key
from generator.support.template_cache import SignedBytecodeCache, keep_compiled


def _entries(cache: Path) -> dict[Path, int]:
    """Every kept compiled template, with its time of change."""
    return {p: p.stat().st_mtime_ns for p in cache.glob("*/templates/*/*")}


def test_a_second_build_runs_the_kept_templates_and_makes_the_same_site(
    tmp_path: Path, own_cache: Path
) -> None:
    repo = riverside(tmp_path / "repo")
    first = build(repo.root, tmp_path / "first")
    assert first.exit_code == 0, first.output
    kept = _entries(own_cache)
    # Ours and the theme's, each in the folder of its kind of environment.
    assert len(kept) > 20
    assert len({p.parent for p in kept}) == 2
    again = build(repo.root, tmp_path / "again")
    assert again.exit_code == 0, again.output
    # Jinja writes an entry only after compiling: none was written again.
    assert _entries(own_cache) == kept
    clean = build(repo.root, tmp_path / "clean", "--no-cache")
    assert clean.exit_code == 0, clean.output
    assert tree_digest(tmp_path / "again") == tree_digest(tmp_path / "clean")
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "clean")


def test_a_damaged_entry_is_compiled_afresh(tmp_path: Path, own_cache: Path) -> None:
    repo = riverside(tmp_path / "repo")
    assert build(repo.root, tmp_path / "first").exit_code == 0
    entry = next(iter(_entries(own_cache)))
    blob = bytearray(entry.read_bytes())
    blob[-5] ^= 0xFF
    entry.write_bytes(bytes(blob))
    again = build(repo.root, tmp_path / "again")
    assert again.exit_code == 0, again.output
    assert entry.read_bytes() != bytes(blob)  # written again, signed
    assert tree_digest(tmp_path / "again") == tree_digest(tmp_path / "first")


def _planted(source: str, marker: Path) -> bytes:
    """What Jinja would load for `source`: code that writes `marker` when it is run."""
    code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<planted>", "exec")
    checksum = jinja2.BytecodeCache().get_source_checksum(source)
    return bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code)


@pytest.mark.parametrize("signer", ["stranger", "user"])
def test_planted_code_runs_only_under_the_users_own_signature(tmp_path: Path, signer: str) -> None:
    # A file planted where a compiled template is kept, with the right source checksum
    # and format: signed by anyone but this user it is never run. The control case,
    # signed with the user's key, shows that it would run if it were trusted.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    cache_dir = tmp_path / "cache" / "repo"
    env = keep_compiled(jinja2.Environment(loader=jinja2.FileSystemLoader(templates)), cache_dir)
    bytecode = env.bytecode_cache
    assert isinstance(bytecode, SignedBytecodeCache)
    marker = tmp_path / "ran"
    source = (templates / "page.html").read_text(encoding="utf-8")
    key = bytecode.get_cache_key("page.html", str(templates / "page.html"))
    bytecode.folder.mkdir(parents=True)
    own_key = signing_key(cache_dir.parent)
    signed_with = own_key if signer == "user" else bytes(32)
    (bytecode.folder / key).write_bytes(signed(signed_with, _planted(source, marker)))
    try:
        rendered = env.get_template("page.html").render(name="Ada")
    except Exception:  # the planted code is no template: loading it fails once it has run
        rendered = None
    if signer == "user":
        assert marker.read_text() == "ran"
    else:
        assert not marker.exists()
        assert rendered == "Hello Ada"
        assert (bytecode.folder / key).read_bytes()[32:] != _planted(source, marker)


def test_each_kind_of_environment_keeps_its_own_compiled_templates(tmp_path: Path) -> None:
    # A sandboxed environment compiles the same source to other code (its operators
    # are checked), and so does one with other syntax: never the one's for the other.
    plain = keep_compiled(jinja2.Environment(), tmp_path / "repo")
    safe = keep_compiled(SandboxedEnvironment(), tmp_path / "repo")
    trimmed = keep_compiled(jinja2.Environment(trim_blocks=True), tmp_path / "repo")
    again = keep_compiled(jinja2.Environment(), tmp_path / "repo")
    folders = [e.bytecode_cache.folder for e in (plain, safe, trimmed, again)]  # type: ignore[union-attr]
    assert len(set(folders[:3])) == 3
    assert folders[0] == folders[3]
    assert keep_compiled(jinja2.Environment(), None).bytecode_cache is None
