"""tox's inline plugin: no env is skipped in silence.

tox.ini lets a local run skip an env whose Python is not on PATH. With CI set (as CI services
do: CI=true), a missing interpreter fails the run instead. Locally, the envs skipped for a
missing interpreter are named again after tox's report, with how to make them run.
"""

from __future__ import annotations

import atexit
import os
import re
import sys
from typing import TYPE_CHECKING

from tox.plugin import impl
from tox.tox_env.errors import Skip
from tox.tox_env.python.api import NoInterpreter, Python

if TYPE_CHECKING:
    from tox.config.sets import ConfigSet
    from tox.session.state import State
    from tox.tox_env.api import ToxEnv

_SKIPPED: dict[str, str] = {}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@impl
def tox_add_core_config(core_conf: ConfigSet, state: State) -> None:
    options = state.conf.options
    if in_ci() and getattr(options, "skip_missing_interpreters", "config") == "config":
        options.skip_missing_interpreters = "false"


@impl
def tox_env_teardown(tox_env: ToxEnv) -> None:
    if not isinstance(tox_env, Python):
        return
    try:
        tox_env.base_python  # noqa: B018 - found once and cached by tox; raises when it was not
    except Skip:  # tox's "py310" is the python3.10 it looks for on PATH
        specs = [re.sub(r"^py3(\d+)$", r"python3.\1", spec) for spec in tox_env.conf["base_python"]]
        _SKIPPED[tox_env.name] = ", ".join(specs)
    except NoInterpreter:  # with CI set: tox reports the failure itself
        pass


def _report() -> None:
    if _SKIPPED:
        skipped = "; ".join(f"{name} (needs {spec})" for name, spec in _SKIPPED.items())
        print(
            f"\nNOT RUN, their Python is not on PATH: {skipped}.\n"
            "Install them (e.g. pyenv install 3.10 3.11 3.12 3.13) and run `bash .ci/run`, which puts "
            "pyenv's interpreters on PATH for tox, or see README.md, 'Run the tests'.",
            file=sys.stderr,
        )


atexit.register(_report)
