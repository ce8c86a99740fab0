"""The finance domain's one registration entry (listed in lifeos/registry.py)."""

from __future__ import annotations

from lifeos.domains.finance import events, models, subscribers
from lifeos.domains.finance.api import api, guide
from lifeos.domains.finance.cli import finance_cli
from lifeos.domains.finance.views import bp as pages
from lifeos.platform.domains import Domain

DOMAIN = Domain(
    name="finance",
    models=models,
    events=events,
    blueprints=(api, guide, pages),
    cli=(finance_cli,),
    subscribers=subscribers,
)
