"""The health domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.health import events, models
from lifeos.domains.health.api import api
from lifeos.domains.health.views import bp as pages
from lifeos.platform.domains import Domain

DOMAIN = Domain(name="health", models=models, events=events, blueprints=(api, pages))
