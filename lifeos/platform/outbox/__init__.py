"""The transactional outbox: events written with the change, delivered by a worker."""
