"""Shared fixtures. Under tox the package must come from the built wheel, not this checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import kultursamverkan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "regions"
REGIONS = ("norrbotten", "stockholm", "skane", "orebro", "halland")

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_report_header(config: pytest.Config) -> str:
    return f"kultursamverkan {kultursamverkan.__version__} from {Path(kultursamverkan.__file__).parent}"


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("KULTURSAMVERKAN_TEST_INSTALLED"):
        location = Path(kultursamverkan.__file__).resolve()
        if location.parent == ROOT / "kultursamverkan":
            raise pytest.UsageError(f"testing the checkout ({location}), not the installed wheel")


def load_region(name: str) -> kultursamverkan.Structure:
    """A seed region. The examples are part of the repository: a missing one fails, never skips."""
    return kultursamverkan.load(EXAMPLES / f"{name}.yaml")


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
