"""The journal domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.journal import events, models
from lifeos.domains.journal.api import api
from lifeos.domains.journal.views import bp as pages
from lifeos.platform.domains import Domain

DOMAIN = Domain(name="journal", models=models, events=events, blueprints=(api, pages))
