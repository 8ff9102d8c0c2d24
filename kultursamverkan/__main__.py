"""``python -m kultursamverkan``: the same as the ``kultursamverkan`` command."""

import sys

from .cli import main

sys.exit(main())
