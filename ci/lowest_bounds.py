"""Print the pins of the lowest MkDocs and Material that pyproject.toml allows.

.ci/run installs these over the usual environment and runs the test suite again,
so the bounds the package declares are the bounds that are tested.
"""

import re
import sys
import tomllib
from pathlib import Path

TESTED = ("mkdocs", "mkdocs-material")


def lowest_pins(pyproject: Path) -> list[str]:
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    pins = []
    for name in TESTED:
        for requirement in dependencies:
            found = re.fullmatch(rf"{re.escape(name)}\s*>=\s*([\w.]+)\s*(,.*)?", requirement)
            if found:
                pins.append(f"{name}=={found.group(1)}")
                break
        else:
            sys.exit(f"pyproject.toml declares no lower bound for {name}")
    return pins


if __name__ == "__main__":
    print(" ".join(lowest_pins(Path(__file__).resolve().parents[1] / "pyproject.toml")))
