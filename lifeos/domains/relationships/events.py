"""Relationships events (none yet): names start with `relationships.`; each docstring is its contract."""

from __future__ import annotations
