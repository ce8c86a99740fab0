"""Users, roles, tokens, CSRF and the decorators that guard the API."""
