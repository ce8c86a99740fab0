"""Decorators that guard JSON routes: token, active user, CSRF, write permission, role.

Checks run in a fixed order so the answer is predictable: 401 (no/invalid token, or the
user is gone/deactivated) before 403 `csrf_failed` before 403 `auth.forbidden`.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g, request
from flask_jwt_extended import get_jwt, verify_jwt_in_request

from lifeos.platform.auth.errors import CsrfFailed, UserUnavailable
from lifeos.platform.auth.models import WRITE_ROLES, User
from lifeos.platform.auth.tokens import CSRF_CLAIM, token_user
from lifeos.platform.errors import Forbidden, Unauthorized

F = TypeVar("F", bound=Callable[..., Any])

CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _load_active_user(claims: dict[str, Any]) -> User:
    from lifeos.extensions import db

    try:
        user_id = int(claims["sub"])
    except (KeyError, TypeError, ValueError) as exc:
        raise UserUnavailable("The token does not name a user.") from exc
    user = token_user(user_id) or db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise UserUnavailable("The token's user does not exist or is deactivated.")
    return user


def check_csrf(claims: dict[str, Any]) -> None:
    """Raise `csrf_failed` unless X-CSRF-Token equals the token's CSRF claim (constant time)."""
    presented = request.headers.get(CSRF_HEADER, "")
    expected = claims.get(CSRF_CLAIM)
    if not presented or not isinstance(expected, str) or not expected:
        raise CsrfFailed("The X-CSRF-Token header is missing.")
    if not hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8")):
        raise CsrfFailed("The X-CSRF-Token header does not match this session.")


def can_write(user: User) -> bool:
    """True when one of the user's roles allows changing data (`readonly` alone does not)."""
    return any(role.name in WRITE_ROLES for role in user.roles)


def _authenticate(*, refresh: bool) -> tuple[User, dict[str, Any]]:
    verify_jwt_in_request(refresh=refresh)  # JWT errors render through the jwt loaders
    claims = get_jwt()
    user = _load_active_user(claims)
    g.current_user = user
    g.jwt_claims = claims
    return user, claims


def require_auth(role: str | None = None, *, readonly_ok: bool = False) -> Callable[[F], F]:
    """Guard a JSON route: access token, active user, CSRF on writes, write role, optional role.

    `readonly_ok=True` is for POSTs that change no user data (logout): CSRF is still checked.
    """

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user, claims = _authenticate(refresh=False)
            writing = request.method in UNSAFE_METHODS
            if writing:
                check_csrf(claims)
            if writing and not readonly_ok and not can_write(user):
                raise Forbidden("Your account is read-only.")
            if role is not None and role not in user.role_names:
                raise Forbidden(f"This needs the {role!r} role.")
            return fn(*args, **kwargs)

        vars(wrapper)["__auth_required__"] = role or True  # marker; vars(): functions have no typed attrs
        return cast(F, wrapper)

    return decorate


def require_refresh_token(fn: F) -> F:
    """Guard the refresh route: a live refresh token, its CSRF token, and an active user."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _user, claims = _authenticate(refresh=True)
        check_csrf(claims)
        return fn(*args, **kwargs)

    return cast(F, wrapper)


def current_user() -> User:
    """The authenticated user of this request (inside a guarded route)."""
    user = g.get("current_user")
    if user is None:
        raise Unauthorized("Authentication required.")
    return cast(User, user)


def current_user_id() -> int:
    """The authenticated user's id (inside a guarded route)."""
    return current_user().id


def current_claims() -> dict[str, Any]:
    """The verified JWT claims of this request (inside a guarded route)."""
    claims = g.get("jwt_claims")
    if claims is None:
        raise Unauthorized("Authentication required.")
    return cast(dict[str, Any], claims)
