"""The skills domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.skills import events, models
from lifeos.platform.domains import Domain

DOMAIN = Domain(name="skills", models=models, events=events)
