"""What every domain stands on: db base, errors, auth, events, outbox."""
