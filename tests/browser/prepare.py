"""Before ``tox -e browser`` runs the tests: install axe-core with ``npm ci``, and say what is missing.

Never fails for a missing tool: without Node.js or Chromium the tests skip themselves with
the same message. It fails only when ``npm ci`` itself fails (e.g. a lockfile out of date).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("KULTURSAMVERKAN_CHROMIUM", "/usr/bin/chromium")


def main() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print("browser tests: npm (Node.js) not found; axe-core cannot be installed, the tests will be skipped")
    else:
        # Exactly what package-lock.json pins; --ignore-scripts: axe-core needs none.
        command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(command, cwd=HERE, check=True, env={**os.environ, "npm_config_update_notifier": "false"})
    if shutil.which(CHROMIUM) is None:
        print(f"browser tests: no Chromium at {CHROMIUM} (apt-get install chromium); the tests will be skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
