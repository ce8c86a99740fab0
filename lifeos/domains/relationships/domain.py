"""The relationships domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.relationships import events, models
from lifeos.domains.relationships.api import api
from lifeos.domains.relationships.views import bp as pages
from lifeos.platform.domains import Domain

DOMAIN = Domain(name="relationships", models=models, events=events, blueprints=(api, pages))
