"""Demo data: `flask demo` fills one account with a lived-in year across the seven domains.

Everything is written through the domains' services (models only where no service exists yet:
the finance schedule and receivables), in ONE transaction, reproducible from a seed: every
random choice comes from `random.Random` seeded with it, every date is relative to the user's
today in their time zone.
"""
