"""The packaging promises: lowest versions tested, py.typed and the licence shipped."""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import kultursamverkan

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LOWEST = ROOT / "tests" / "lowest-constraints.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def _pins() -> dict[str, Version]:
    pins = {}
    for line in LOWEST.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            [spec] = requirement.specifier
            assert spec.operator == "==", line
            pins[canonicalize_name(requirement.name)] = Version(spec.version)
    return pins


def _lower_bound(requirement: Requirement) -> Version:
    [bound] = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    return bound


def test_lowest_constraints_are_pyprojects_lower_bounds() -> None:
    """Every direct dependency (extras included) is pinned at its lower bound, and nothing else but Django."""
    project = PYPROJECT["project"]
    requirements = [Requirement(r) for r in project["dependencies"]]
    requirements += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    expected = {canonicalize_name(r.name): _lower_bound(r) for r in requirements}
    pins = _pins()
    assert {name: version for name, version in pins.items() if name != "django"} == expected
    assert "django" in pins, "the lowest Django that the lowest Wagtail allows"


def _installed(name: str) -> Version | None:
    try:
        return Version(metadata.version(name))
    except metadata.PackageNotFoundError:
        return None


def test_installed_versions_are_in_range() -> None:
    """Every env has dependencies at or above the lower bounds; ``tox -e lowest`` has exactly them,
    with Django at the lowest that the lowest Wagtail accepts."""
    pins = _pins()
    if sys.version_info >= (3, 11):
        del pins["tomli"]  # required on Python 3.10 only
    installed = {name: _installed(name) for name in pins}
    if os.environ.get("KULTURSAMVERKAN_LOWEST"):
        assert installed == pins
        wagtail_requires = [Requirement(r) for r in metadata.requires("wagtail") or ()]
        [django] = [r for r in wagtail_requires if canonicalize_name(r.name) == "django" and r.marker is None]
        assert _lower_bound(django) == pins["django"]
    else:
        assert installed["attrs"] is not None  # the core's dependencies are always here
        too_old = {name: version for name, version in installed.items() if version and version < pins[name]}
        assert too_old == {}


def test_package_declares_and_ships_its_typing_and_licence() -> None:
    package = Path(kultursamverkan.__file__).parent
    assert (package / "py.typed").is_file()
    assert "Typing :: Typed" in PYPROJECT["project"]["classifiers"]
    licence = (ROOT / "LICENSE").read_text("utf-8")
    assert PYPROJECT["project"]["license"] == "BSD-3-Clause"
    assert licence.startswith("BSD 3-Clause License")
    assert "kultursamverkan developers" in licence
    if os.environ.get("KULTURSAMVERKAN_TEST_INSTALLED"):  # the wheel's metadata carries the licence file
        files = [str(f) for f in metadata.files("kultursamverkan") or ()]
        assert any(f.endswith("licenses/LICENSE") for f in files), files
        assert any(f.endswith("kultursamverkan/py.typed") for f in files), files
