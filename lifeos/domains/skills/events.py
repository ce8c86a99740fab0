"""Skills events (none yet): names start with `skills.`; each docstring is its contract."""

from __future__ import annotations
