"""The read-only composition layer: answers that cross domains (Today).

It reads through the domains' services, schemas and models and never writes; the import-linter
contracts in pyproject.toml keep it away from the domains' routes, CLI and subscribers, and keep
the domains from importing it.
"""
