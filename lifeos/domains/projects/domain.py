"""The projects domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.projects import events, models
from lifeos.domains.projects.api import api
from lifeos.domains.projects.views import bp as pages
from lifeos.platform.domains import Domain

DOMAIN = Domain(name="projects", models=models, events=events, blueprints=(api, pages))
