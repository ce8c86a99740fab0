"""Habits domain."""
