"""kultursamverkan: Swedish regions' culture collaboration (kultursamverkansmodellen) as structured data.

The public API::

    structure = kultursamverkan.load("halland.yaml")
    text = kultursamverkan.dumps(structure, format="json")
    html = kultursamverkan.render(structure, lang="sv", format="html")
    svg = kultursamverkan.export(structure, format="svg", lang="en")  # also "jsonld", "ics"

Any bad input raises ``kultursamverkan.ValidationError`` listing every problem with
its path (and line, for YAML).
"""

from __future__ import annotations

# Before the imports: ``render`` and ``export`` register CLI commands, and ``cli`` reads the version.
__version__ = "0.1.0"

from .errors import Problem, ValidationError
from .export import export
from .io import dump, dumps, load, loads
from .model import Structure
from .render import render

__all__ = ["Problem", "Structure", "ValidationError", "dump", "dumps", "export", "load", "loads", "render"]
