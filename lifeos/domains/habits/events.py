"""Habits events (none yet): names start with `habits.`; each docstring is its contract."""

from __future__ import annotations
