"""Skills services: skills, practice sessions, and the maintained metrics."""
