"""The skills domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.skills import events, models, subscribers
from lifeos.domains.skills.api import api
from lifeos.domains.skills.cli import skills_cli
from lifeos.domains.skills.views import bp as pages
from lifeos.platform.domains import Domain

DOMAIN = Domain(
    name="skills",
    models=models,
    events=events,
    blueprints=(api, pages),
    cli=(skills_cli,),
    subscribers=subscribers,
)
