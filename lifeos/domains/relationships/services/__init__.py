"""Relationships services: people, interactions, and the reconnect and birthday lists."""
