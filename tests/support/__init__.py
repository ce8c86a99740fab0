"""Helpers shared by every test domain (problem responses, the network guard)."""
