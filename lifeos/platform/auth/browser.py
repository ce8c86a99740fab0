"""Browser sessions: the login's tokens in HttpOnly cookies, double-submit CSRF, silent refresh.

A person who signs in through the web forms gets the same tokens an API client gets from
`POST /auth/login` (one login = one `session_token` row), but the browser keeps them as cookies:
HttpOnly (scripts cannot read them), SameSite=Lax, Secure in production. Nothing about the
session lives on the server beyond what the bearer API already stores, so any web process can
serve any request.

* **Pages** are guarded by `login_required`: a valid access cookie, or else a valid refresh
  cookie from which a new access token is minted for this request and set on the response
  (silent refresh). The refresh token rotates then, exactly as at `POST /auth/refresh`: the
  response carries a new refresh cookie, and a replayed (already rotated) refresh cookie
  revokes the whole login. A request that raced a rotation (two tabs, within the rotation grace)
  is served with an access token for itself only. Without either, the browser is sent to
  `/login` (an htmx request gets 401 with `HX-Redirect`). An API client's
  `Authorization: Bearer` header is honoured too, and wins over cookies, as in the JSON API.
* **CSRF** is double-submit: the token is the session's `csrf` claim, which the page renders in
  a `<meta>` tag (htmx and scripts send it as `X-CSRF-Token`) and in a hidden `csrf_token` field
  of every form. A state-changing request must present it; it is compared in constant time.
  The JSON API's guard already checks `X-CSRF-Token` on every write, whichever way the token
  arrived, so cookies never make a write possible without the CSRF token.
* **Before a session exists** (the sign-in and register forms) the CSRF token is a random value
  in its own cookie that the form echoes (classic double-submit), so another site cannot sign
  a browser in to an account of its choosing.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, redirect, request, url_for
from flask_jwt_extended import decode_token, set_access_cookies, set_refresh_cookies, unset_jwt_cookies
from flask_jwt_extended.config import config as jwt_config
from werkzeug.wrappers import Response as BaseResponse

from lifeos.platform.auth.errors import CsrfFailed, RefreshTokenReused
from lifeos.platform.auth.guard import CSRF_HEADER, UNSAFE_METHODS, can_write
from lifeos.platform.auth.models import User
from lifeos.platform.auth.tokens import (
    CSRF_CLAIM,
    is_token_revoked,
    refresh_state,
    reissue_access_token,
    revoke_reused_family,
    rotate_refresh_token,
    token_user,
)
from lifeos.platform.errors import Forbidden, Unauthorized

F = TypeVar("F", bound=Callable[..., Any])

CSRF_FIELD = "csrf_token"
LOGIN_ENDPOINT = "web.login"
PRE_SESSION_CSRF_COOKIE = "lifeos_csrf"
_USER_KEY = "browser_user"
_NEW_ACCESS_KEY = "browser_new_access"
_NEW_REFRESH_KEY = "browser_new_refresh"
_ENDED_KEY = "browser_session_ended"
_REQUEST_KEYS = (
    _USER_KEY,
    _NEW_ACCESS_KEY,
    _NEW_REFRESH_KEY,
    _ENDED_KEY,
    "browser_session_started",
    "pre_session_csrf",
)


# ------------------------------------------------------------------------------ reading cookies


def _verified_claims(raw: str | None, kind: str) -> dict[str, Any] | None:
    """The claims of a cookie's token if it is well signed, unexpired, of `kind` and not revoked."""
    if not raw:
        return None
    try:
        claims = cast(dict[str, Any], decode_token(raw))
    except Exception:  # noqa: BLE001 - any undecodable, expired or forged token means "no session"
        return None
    if claims.get("type") != kind:
        return None
    from lifeos.extensions import db

    if is_token_revoked(db.session(), claims):
        return None
    return claims


def _active_user(claims: dict[str, Any]) -> User | None:
    from lifeos.extensions import db

    try:
        user_id = int(claims["sub"])
        user = token_user(user_id) or db.session.get(User, user_id)
    except (KeyError, TypeError, ValueError):
        return None
    return user if user is not None and user.is_active else None


def resolve_session() -> User | None:
    """The signed-in person of this browser request, or None; refreshes the access token silently.

    On success `g.current_user` and `g.jwt_claims` are set exactly as the API guard sets them, so
    `current_user_id()` and `user_today()` work in page views too.
    """
    if _USER_KEY in g:
        return cast(User | None, g.get(_USER_KEY))
    user: User | None = None
    header = request.headers.get(jwt_config.header_name)
    if header:
        # As in the API, a bearer header wins over cookies (and is never refreshed silently).
        scheme, _, token = header.partition(" ")
        claims = _verified_claims(token.strip(), "access") if scheme.lower() == "bearer" else None
        user = _active_user(claims) if claims is not None else None
        return _remember(user, claims)
    claims = _verified_claims(request.cookies.get(jwt_config.access_cookie_name), "access")
    if claims is not None:
        user = _active_user(claims)
    if user is None:
        user, claims = _silent_refresh(request.cookies.get(jwt_config.refresh_cookie_name))
    return _remember(user, claims)


def _signed_refresh_claims(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        claims = cast(dict[str, Any], decode_token(raw))
    except Exception:  # noqa: BLE001 - any undecodable, expired or forged token means "no session"
        return None
    return claims if claims.get("type") == "refresh" else None


def _silent_refresh(raw: str | None) -> tuple[User | None, dict[str, Any] | None]:
    """Rotate the refresh cookie's token; the user and the new access token's claims."""
    from lifeos.extensions import db
    from lifeos.platform.uow import UnitOfWork

    refresh_claims = _signed_refresh_claims(raw)
    if refresh_claims is None:
        return None, None
    state, _family = refresh_state(db.session(), refresh_claims)
    if state == "reused":
        revoke_reused_family(refresh_claims)
        return None, None
    if state not in ("live", "stale"):
        return None, None
    user = _active_user(refresh_claims)
    if user is None:
        return None, None
    if state == "live":
        try:
            with UnitOfWork(db.session()) as uow:
                tokens = uow.run(lambda: rotate_refresh_token(uow.session, refresh_claims, allow_race=True))
        except RefreshTokenReused:
            revoke_reused_family(refresh_claims)
            return None, None
        except Unauthorized:  # another request of this browser rotated it a moment ago
            tokens = reissue_access_token(refresh_claims)
        else:
            g.setdefault(_NEW_REFRESH_KEY, tokens["refresh_token"])
        user = _active_user(refresh_claims)  # the commit expired the loaded row
    else:  # lost a race with a rotation just now: serve this request, rotate nothing
        tokens = reissue_access_token(refresh_claims)
    token = tokens["access_token"]
    g.setdefault(_NEW_ACCESS_KEY, token)
    return user, cast(dict[str, Any], decode_token(token))


def _remember(user: User | None, claims: dict[str, Any] | None) -> User | None:
    if user is not None:
        g.current_user = user
        g.jwt_claims = claims
    g.setdefault(_USER_KEY, user)
    return user


def session_csrf_token() -> str | None:
    """The signed-in session's CSRF token (for the page's meta tag and hidden fields)."""
    claims = g.get("jwt_claims")
    value = claims.get(CSRF_CLAIM) if isinstance(claims, dict) else None
    return value if isinstance(value, str) else None


# ------------------------------------------------------------------------------ CSRF


def _matches(presented: str | None, expected: str | None) -> bool:
    if not presented or not expected:
        return False
    return hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))


def _presented_csrf() -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.get(CSRF_FIELD)
    return None


def check_session_csrf() -> None:
    """Refuse (403 `csrf_failed`) a write whose form field / header lacks the session's token."""
    if not _matches(_presented_csrf(), session_csrf_token()):
        raise CsrfFailed("This form has expired or did not come from LifeOS. Reload the page and try again.")


def pre_session_csrf_token() -> str:
    """The CSRF token of the sign-in forms (set as a cookie by `remember_pre_session_csrf`)."""
    token = g.get("pre_session_csrf") or request.cookies.get(PRE_SESSION_CSRF_COOKIE)
    if not token or len(token) > 128:
        token = secrets.token_urlsafe(32)
    g.pre_session_csrf = token
    return str(token)


def check_pre_session_csrf() -> None:
    """Refuse a sign-in form whose hidden token does not echo its cookie."""
    if not _matches(request.form.get(CSRF_FIELD), request.cookies.get(PRE_SESSION_CSRF_COOKIE)):
        raise CsrfFailed("This form has expired. Reload the page and try again.")


# ------------------------------------------------------------------------------ starting and ending


def _seconds(value: Any) -> int:
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


def start_session(response: BaseResponse, tokens: dict[str, str]) -> BaseResponse:
    """Put a new login's tokens in the browser's cookies."""
    config = current_app.config
    set_access_cookies(
        cast(Response, response), tokens["access_token"], max_age=_seconds(config["JWT_ACCESS_TOKEN_EXPIRES"])
    )
    set_refresh_cookies(
        cast(Response, response),
        tokens["refresh_token"],
        max_age=_seconds(config["JWT_REFRESH_TOKEN_EXPIRES"]),
    )
    response.delete_cookie(PRE_SESSION_CSRF_COOKIE, path="/")
    g.browser_session_started = True
    return response


def end_session(response: BaseResponse) -> BaseResponse:
    """Forget the tokens in the browser (the caller revokes them on the server)."""
    unset_jwt_cookies(cast(Response, response))  # flask.redirect() builds a flask.Response
    g.browser_session_ended = True
    return response


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to after signing in, or None (never another site)."""
    if not target or len(target) > 2000 or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return None
    return target


def _to_login() -> BaseResponse:
    if request.method == "GET":
        target = request.full_path.rstrip("?")
        login = url_for(LOGIN_ENDPOINT, next=target if target != "/" else None)
    else:
        login = url_for(LOGIN_ENDPOINT)
    if request.headers.get("HX-Request"):
        response = Response(status=401)
        response.headers["HX-Redirect"] = login
        return response
    return redirect(login)


def login_required(fn: F) -> F:
    """Guard a page: a signed-in, active person; on writes the session's CSRF token and a write role."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = resolve_session()
        if user is None:
            return _to_login()
        if request.method in UNSAFE_METHODS:
            check_session_csrf()
            if not can_write(user):
                raise Forbidden("Your account is read-only.")
        return fn(*args, **kwargs)

    return cast(F, wrapper)


# ------------------------------------------------------------------------------ wiring


def init_browser_sessions(app: Flask) -> None:
    """Set the silently refreshed access cookie, and keep signed-in pages out of caches."""

    @app.before_request
    def _forget_previous_request() -> None:
        # `g` lives on the app context, which a test client (or a CLI-pushed context) may reuse
        # across requests: nothing about one request's session may leak into the next.
        for key in (*_REQUEST_KEYS, "current_user", "jwt_claims"):
            g.pop(key, None)

    @app.after_request
    def _apply_session_cookies(response: Response) -> Response:
        token = g.get(_NEW_ACCESS_KEY)
        if token and not g.get(_ENDED_KEY):
            set_access_cookies(response, token, max_age=_seconds(app.config["JWT_ACCESS_TOKEN_EXPIRES"]))
        rotated = g.get(_NEW_REFRESH_KEY)
        if rotated and not g.get(_ENDED_KEY):
            set_refresh_cookies(response, rotated, max_age=_seconds(app.config["JWT_REFRESH_TOKEN_EXPIRES"]))
        if g.get(_USER_KEY) is not None:
            # A signed-in page is private: never cached, nor kept for the back button after sign-out.
            response.headers["Cache-Control"] = "no-store"
        pre = g.get("pre_session_csrf")
        if (
            pre
            and request.cookies.get(PRE_SESSION_CSRF_COOKIE) != pre
            and not g.get("browser_session_started")
        ):
            response.set_cookie(
                PRE_SESSION_CSRF_COOKIE,
                pre,
                httponly=True,
                samesite="Lax",
                secure=bool(app.config.get("JWT_COOKIE_SECURE")),
                path="/",
            )
        return response


__all__ = [
    "CSRF_FIELD",
    "check_pre_session_csrf",
    "check_session_csrf",
    "end_session",
    "init_browser_sessions",
    "login_required",
    "pre_session_csrf_token",
    "resolve_session",
    "safe_next",
    "session_csrf_token",
    "start_session",
]
