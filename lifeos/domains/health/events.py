"""Health events (none yet): names start with `health.`; each docstring is its contract."""

from __future__ import annotations
