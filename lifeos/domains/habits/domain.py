"""The habits domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.habits import events, models
from lifeos.domains.habits.api import api
from lifeos.domains.habits.views import bp as pages
from lifeos.platform.domains import Domain

DOMAIN = Domain(name="habits", models=models, events=events, blueprints=(api, pages))
