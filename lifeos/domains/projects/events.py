"""Projects events (none yet): names start with `projects.`; each docstring is its contract."""

from __future__ import annotations
