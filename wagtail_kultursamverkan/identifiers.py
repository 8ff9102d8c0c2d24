"""Identifiers made from slugs and names: the keys of the file format, still editable."""

from __future__ import annotations

import re
import unicodedata

from kultursamverkan.model import ID_RE


def derive_identifier(text: str) -> str:
    """``text`` as an id of the core's form (a–z, digits, single hyphens): "Sáminuorra" → "saminuorra"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return out if ID_RE.fullmatch(out or "-") else ""
