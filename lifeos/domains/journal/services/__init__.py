"""Journal services: the rules, taking a session or unit of work and plain values."""
