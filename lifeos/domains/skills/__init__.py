"""Skills domain."""
