"""The installed domains: the one list `create_app` walks.

Adding a domain is adding its entry here (see "Adding a domain" in
lifeos/docs/lifeos_architecture.md); the import-linter contracts cover every package under
lifeos/domains/ by wildcard, and tests/test_architecture.py fails when a domain package is
not listed here or its events are not in the catalog.
"""

from __future__ import annotations

from lifeos.domains.finance.domain import DOMAIN as FINANCE
from lifeos.domains.habits.domain import DOMAIN as HABITS
from lifeos.domains.health.domain import DOMAIN as HEALTH
from lifeos.domains.journal.domain import DOMAIN as JOURNAL
from lifeos.domains.projects.domain import DOMAIN as PROJECTS
from lifeos.domains.relationships.domain import DOMAIN as RELATIONSHIPS
from lifeos.domains.skills.domain import DOMAIN as SKILLS
from lifeos.platform.domains import Domain

DOMAINS: tuple[Domain, ...] = (FINANCE, JOURNAL, HABITS, HEALTH, SKILLS, PROJECTS, RELATIONSHIPS)
