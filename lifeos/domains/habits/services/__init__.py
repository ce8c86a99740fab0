"""Habits services: the rules (pure, `rules`), habits, day logs and stats."""
