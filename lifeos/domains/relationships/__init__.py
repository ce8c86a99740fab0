"""Relationships domain."""
