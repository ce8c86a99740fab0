"""Journal events (none yet): names start with `journal.`; each docstring is its contract."""

from __future__ import annotations
