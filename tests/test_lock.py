"""requirements.lock is what devtools/test (and so CI) installs: it must be made from the
dependencies pyproject.toml declares now, and pin each of them at a version they allow."""

import re
import tomllib
from pathlib import Path

from lockstamp import LOCKED_EXTRAS, ROOT, dependency_digest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = ROOT / "requirements.lock"


def pinned() -> dict[str, str]:
    text = LOCK.read_text(encoding="utf-8")
    return {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.MULTILINE)
    }


def test_lock_was_made_from_the_current_dependencies() -> None:
    stamps = re.findall(r"^# pyproject-dependencies: (\w+)$", LOCK.read_text(), re.MULTILINE)
    assert stamps == [dependency_digest()], "pyproject.toml changed: run devtools/lock"


def test_every_direct_dependency_is_pinned_within_its_range() -> None:
    project = tomllib.loads(Path(ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + [
        requirement
        for extra in LOCKED_EXTRAS
        for requirement in project["optional-dependencies"][extra]
    ]
    versions = pinned()
    for line in direct:
        requirement = Requirement(line)
        version = versions.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in requirements.lock"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{requirement.name}=={version} is outside {requirement.specifier}"
        )


def test_every_pin_has_a_hash() -> None:
    entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", LOCK.read_text())
    for entry in entries[1:]:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
