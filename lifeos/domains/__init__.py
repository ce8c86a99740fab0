"""Feature domains. A domain never imports another; it reacts to the other's events."""
