"""The digest of pyproject.toml's dependency lists that requirements.lock was made from.

devtools/lock writes it at the end of the lock; tests/test_lock.py recomputes it, so a change to
the dependencies without a new lock fails the suite.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKED_EXTRAS = ("test", "pdf")


def dependency_digest(pyproject: Path = ROOT / "pyproject.toml") -> str:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    locked = {
        "dependencies": sorted(project["dependencies"]),
        **{name: sorted(extras.get(name, [])) for name in LOCKED_EXTRAS},
    }
    return hashlib.sha256(json.dumps(locked, sort_keys=True).encode()).hexdigest()


if __name__ == "__main__":
    print(dependency_digest())
