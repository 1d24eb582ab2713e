"""mkdocs.yml and templates may come from a stranger's pull request: nothing in them runs."""

from __future__ import annotations

from pathlib import Path

from conftest import build
from gitrepo import DocRepo, constitution


def _repo(tmp_path: Path) -> DocRepo:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    return repo


def test_hooks_plugins_and_script_in_settings_never_run_or_reach_the_page(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    marker = tmp_path / "hook-ran"
    (repo.root / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    (repo.root / "mkdocs.yml").write_text(
        'site_name: "Riverside <script>alert(1)</script> & \\"Friends\\""\n'
        "site_url: 'javascript:alert(1)'\n"
        "hooks: [evil.py]\n"
        "plugins: [macros]\n"
        "theme:\n"
        "  name: material\n"
        "  palette:\n"
        "    primary: 'indigo\" onmouseover=\"alert(1)'\n"
        "  features: [navigation.instant]\n"
        "  logo: ../../etc/passwd\n"
    )
    out = tmp_path / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert "mkdocs.yml:3:1: warning: 'hooks' in mkdocs.yml is ignored" in result.output
    assert "'plugins' in mkdocs.yml is ignored" in result.output
    assert "theme 'palette' in mkdocs.yml is not in the expected form" in result.output
    assert "site_url must be a web address" in result.output
    html = (out / "riverside-constitution" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "onmouseover" not in html and "javascript:alert" not in html
    assert "Riverside &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_communitys_own_template_is_sandboxed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    pages = repo.root / "templates" / "pages"
    pages.mkdir(parents=True)
    (pages / "index.html").write_text(
        "<h1>{{ site_name }}</h1>{{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    )
    out = tmp_path / "site"
    result = build(repo.root, out)
    assert result.exit_code == 1
    assert "templates/pages/index.html" in result.output
    assert "unsafe" in result.output or "not safely accessible" in result.output
    assert not out.exists()
