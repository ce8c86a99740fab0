"""Named rate limits, read from configuration at request time (never literals in routes).

    @limit("account_search")            # RATELIMIT_ACCOUNT_SEARCH, per client IP
    @login_limits                        # the sign-in budget, see `login_limits`

Each name is a shared scope, so a handler mounted at `/auth/login` and `/api/v1/auth/login`
counts against one budget. Counters live wherever RATELIMIT_STORAGE_URI points (memory by
default, Redis when several processes serve the app). Health endpoints are never limited.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests

from lifeos.extensions import limiter
from lifeos.platform.errors import AppError
from lifeos.platform.http import read_body

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger(__name__)

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


def _body_email() -> str | None:
    """The normalised email of a sign-in request: its JSON body's, or its form's."""
    email: Any = None
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        email = request.form.get("email")
    else:
        try:
            raw = read_body()
        except RequestEntityTooLarge:
            raw = b""  # the view answers 413
        if raw:
            try:
                body = json.loads(raw)
            except (ValueError, UnicodeDecodeError, RecursionError):
                body = None
            if isinstance(body, dict):
                email = body.get("email")
    if isinstance(email, str) and email.strip():
        return email.strip().lower()[:_EMAIL_KEY_MAX]
    return None


def login_email_key() -> str:
    """Key a login attempt by the (normalised) email in its JSON body; falls back to the IP."""
    email = _body_email()
    if email is not None:
        return "email:" + email
    return "ip:" + (get_remote_address() or "unknown")


class _FailedLogins:
    """Failed sign-ins of one email, counted per email and per (email, address).

    Counters live in the limiter's storage (shared between processes through Redis) under
    RATELIMIT_LOGIN's window. Only failures count: a correct password never spends them.
    """

    def __init__(self, email: str, address: str, item: RateLimitItem) -> None:
        self.email, self.address, self.item = email, address, item

    @classmethod
    def of_request(cls) -> _FailedLogins | None:
        if not current_app.config.get("RATELIMIT_ENABLED", True) or not limiter.enabled:
            return None
        email = _body_email()
        if email is None:
            return None
        items = parse_many(limit_string("login")())
        return cls(email, get_remote_address() or "unknown", items[0]) if items else None

    def _ids(self, with_address: bool) -> tuple[str, ...]:
        base = ("login-failures", self.email)
        return (*base, self.address) if with_address else base

    def check(self) -> None:
        """429 when this email is out of failures *and* this address has failed for it lately."""
        try:
            strategy = limiter.limiter
            if strategy.test(self.item, *self._ids(False)):
                return  # the email still has failures to spend: every address may try
            pair = strategy.get_window_stats(self.item, *self._ids(True))
            if pair.remaining >= self.item.amount:
                return  # no recent failure from this address: the owner is let through
            reset = strategy.get_window_stats(self.item, *self._ids(False)).reset_time
        except Exception:
            log.warning("login failure counters unavailable", exc_info=True)
            return
        retry_after = max(1, math.ceil(reset - time.time()))
        raise TooManyRequests(
            f"Too many failed sign-ins for this account from this address ({self.item}); "
            f"try again in {retry_after} s.",
            retry_after=retry_after,
        )

    def failed(self) -> None:
        try:
            strategy = limiter.limiter
            strategy.hit(self.item, *self._ids(False))
            strategy.hit(self.item, *self._ids(True))
        except Exception:
            log.warning("login failure counters unavailable", exc_info=True)


def _status(result: Any) -> int | None:
    if isinstance(result, Response):
        return result.status_code
    if isinstance(result, tuple) and len(result) > 1 and isinstance(result[1], int):
        return result[1]
    return None


def login_limits(fn: Callable[P, R]) -> Callable[P, R]:
    """The sign-in budget, which a stranger cannot use to lock the owner out.

    * Every attempt counts against RATELIMIT_LOGIN per client address (any email).
    * Failed attempts (401) count per email and per (email, address), in RATELIMIT_LOGIN's
      window. Once an email has used up RATELIMIT_LOGIN failures, only addresses that have
      failed for it in the window are refused (429); an address without a recent failure for
      it is still let through, so the owner signs in from their own address while an attacker
      gets at most one guess per fresh address.

    Works for JSON bodies (the API) and form posts (the sign-in page).
    """
    per_address = limit("login")(fn)

    @functools.wraps(fn)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        failures = _FailedLogins.of_request()
        if failures is not None:
            failures.check()
        try:
            result = per_address(*args, **kwargs)
        except AppError as exc:
            if failures is not None and exc.status == 401:
                failures.failed()
            raise
        if failures is not None and _status(result) == 401:
            failures.failed()
        return result

    return guarded


@limiter.request_filter
def _exempt_health() -> bool:
    return request.path in EXEMPT_PATHS
