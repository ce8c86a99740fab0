"""Finance services: the rules. They take a session or UnitOfWork and plain values, never `request`."""
