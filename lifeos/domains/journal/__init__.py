"""Journal domain."""
