"""Where domain subscribers are wired to the outbox dispatcher (filled by the outbox work)."""


def register_subscribers() -> None:
    """Import each domain's subscribers module so its handlers register."""
