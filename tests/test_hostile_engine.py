"""The engine's part of issue 11: theme overrides cannot run code (category 1), and the
user's build cache cannot change the published site (category 5).

Each case is a real repository built by the real command, with a real MkDocs
build. An override that reaches for Python's internals must stop the build with a
message naming the file, and nothing it asked for may run. A damaged cache must be
noticed, discarded with a warning and never published: after it, the site equals a
clean build's.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import build
from gitrepo import DocRepo, constitution

# --- category 1: templates/overrides ---------------------------------------------------------

OVERRIDE = "templates/overrides/partials/copyright.html"

# Each payload, if it ran, would create the marker file named by {marker}.
PAYLOADS = {
    "lipsum globals": "{{{{ lipsum.__globals__['os'].popen('touch {marker}; id').read() }}}}",
    "cycler init globals": (
        "{{{{ cycler.__init__.__globals__.os.popen('touch {marker}; id').read() }}}}"
    ),
    "template reference context": (
        "{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
        ".popen('touch {marker}; id').read() }}}}"
    ),
    "config class": (
        "{{{{ config.__class__.__init__.__globals__['os'].popen('touch {marker}; id').read() }}}}"
    ),
    "range mro subclasses": (
        "{{% for c in range.__class__.__mro__[1].__subclasses__() %}}"
        "{{% if c.__name__ == 'Popen' %}}{{{{ c(['touch', '{marker}']) }}}}{{% endif %}}"
        "{{% endfor %}}"
    ),
    "subclasses by attr filter": (
        "{{% set s = ''|attr('__class__')|attr('__mro__') %}}"
        "{{% for c in s[1]|attr('__subclasses__')() %}}"
        "{{% if c.__name__ == 'Popen' %}}{{{{ c(['touch', '{marker}']) }}}}{{% endif %}}"
        "{{% endfor %}}"
    ),
    "format string": "{{{{ '{{0.__globals__}}'.format(lipsum) }}}}{{{{ '{marker}' }}}}",
}


@pytest.fixture
def repo(tmp_path: Path) -> DocRepo:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    return repo


def _uid_line() -> str:
    return f"uid={os.getuid()}("


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_an_override_cannot_run_code(name: str, repo: DocRepo, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    override = repo.root / OVERRIDE
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(PAYLOADS[name].format(marker=marker) + "\n")
    site = tmp_path / "site"
    result = build(repo.root, site)
    assert not marker.exists(), "the template ran code"
    assert _uid_line() not in result.output
    if result.exit_code == 0:  # rendered inert
        for page in site.rglob("*.html"):
            text = page.read_text()
            assert _uid_line() not in text and "<function" not in text, page
    else:
        assert result.exit_code == 1, result.output
        assert "templates/overrides/partials/copyright.html" in result.output
        assert "sandbox" in result.output
        assert "Traceback" not in result.output
        assert not site.exists()


def test_an_ordinary_override_still_renders(repo: DocRepo, tmp_path: Path) -> None:
    override = repo.root / OVERRIDE
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        "<p>Kept by {{ config.site_name | e }} {{ lipsum(1, html=False) | length > 0 }}</p>\n"
    )
    site = tmp_path / "site"
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert "Kept by " in (site / "index.html").read_text()
