"""kultursamverkan: Swedish regions' culture collaboration (kultursamverkansmodellen) as structured data.

The public API::

    structure = kultursamverkan.load("halland.yaml")
    text = kultursamverkan.dumps(structure, format="json")

Any bad input raises ``kultursamverkan.ValidationError`` listing every problem with
its path (and line, for YAML).
"""

from __future__ import annotations

from .errors import Problem, ValidationError
from .io import dump, dumps, load, loads
from .model import Structure

__all__ = ["Problem", "Structure", "ValidationError", "dump", "dumps", "load", "loads"]
__version__ = "0.1.0"
