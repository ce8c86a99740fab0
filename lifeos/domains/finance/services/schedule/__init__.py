"""Cash-flow schedule services: recurrence, rows, projection, scenarios, matching (issue #8)."""
