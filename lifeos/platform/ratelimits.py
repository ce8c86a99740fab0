"""Named rate limits, read from configuration at request time (never literals in routes).

    @limit("account_search")            # RATELIMIT_ACCOUNT_SEARCH, per client IP
    @limit("login", key_func=login_email_key, scope_suffix="email")

Each name is a shared scope, so a handler mounted at `/auth/login` and `/api/v1/auth/login`
counts against one budget. Counters live wherever RATELIMIT_STORAGE_URI points (memory by
default, Redis when several processes serve the app). Health endpoints are never limited.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import current_app, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import RequestEntityTooLarge

from lifeos.extensions import limiter
from lifeos.platform.http import read_body

P = ParamSpec("P")
R = TypeVar("R")

# name → config key; a route may only use a name listed here.
NAMED_LIMITS: dict[str, str] = {
    "default": "RATELIMIT_DEFAULT",
    "login": "RATELIMIT_LOGIN",
    "register": "RATELIMIT_REGISTER",
    "account_search": "RATELIMIT_ACCOUNT_SEARCH",
    "account_inline": "RATELIMIT_ACCOUNT_INLINE",
}

EXEMPT_PATHS = frozenset({"/health", "/ready", "/api/v1/health", "/api/v1/ready"})

_EMAIL_KEY_MAX = 320


def limit_string(name: str) -> Callable[[], str]:
    """A provider returning the configured limit string for `name` (read per request)."""
    if name not in NAMED_LIMITS:
        raise ValueError(f"Unknown rate limit {name!r}; add it to NAMED_LIMITS and the config")
    key = NAMED_LIMITS[name]

    def provider() -> str:
        value = current_app.config.get(key) or current_app.config.get("RATELIMIT_DEFAULT")
        return str(value)

    provider.__name__ = f"limit_{name}"
    return provider


def limit(
    name: str, *, key_func: Callable[[], str] | None = None, scope_suffix: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Apply the named limit to a view (per client IP unless `key_func` says otherwise)."""
    scope = f"{name}:{scope_suffix}" if scope_suffix else name
    decorator = limiter.shared_limit(limit_string(name), scope=scope, key_func=key_func or get_remote_address)
    return decorator


def login_email_key() -> str:
    """Key a login attempt by the (normalised) email in its JSON body; falls back to the IP."""
    try:
        raw = read_body()
    except RequestEntityTooLarge:
        raw = b""  # the view answers 413; the key falls back to the address
    email: Any = None
    if raw:
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            body = None
        if isinstance(body, dict):
            email = body.get("email")
    if isinstance(email, str) and email.strip():
        return "email:" + email.strip().lower()[:_EMAIL_KEY_MAX]
    return "ip:" + (get_remote_address() or "unknown")


def login_limits(fn: Callable[P, R]) -> Callable[P, R]:
    """The login budget: RATELIMIT_LOGIN per client IP and, separately, per email."""
    fn = limit("login")(fn)
    return limit("login", key_func=login_email_key, scope_suffix="email")(fn)


@limiter.request_filter
def _exempt_health() -> bool:
    return request.path in EXEMPT_PATHS
