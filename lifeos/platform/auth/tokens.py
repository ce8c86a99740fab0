"""JWT access/refresh tokens, the CSRF token they carry, revocation, and JWT error rendering.

One login is one session: a random CSRF token and a refresh token (a `session_token` row).
Both tokens carry the CSRF value as the `csrf` claim; the access token also names its session
(`sid` = the refresh token's jti), so logging out revokes every access token of that login.
Roles are never put in tokens: they are read from the database on each request.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any, cast

from flask import Flask, Response, current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from flask_jwt_extended.exceptions import WrongTokenError
from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from lifeos.platform.auth.errors import (
    InvalidToken,
    TokenExpired,
    TokenRevoked,
    UserUnavailable,
    WrongTokenType,
)
from lifeos.platform.auth.models import JwtBlocklist, SessionToken, User
from lifeos.platform.database import utcnow
from lifeos.platform.errors import AppError, Unauthorized, problem

CSRF_CLAIM = "csrf"
SESSION_CLAIM = "sid"


def new_csrf_token() -> str:
    """A fresh random CSRF token (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def access_expires_seconds() -> int:
    """Lifetime of an access token, in seconds."""
    value = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


def _refresh_lifetime() -> timedelta:
    value = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def _access_token(user_id: int, csrf: str, session_jti: str) -> str:
    token: str = create_access_token(
        identity=str(user_id), additional_claims={CSRF_CLAIM: csrf, SESSION_CLAIM: session_jti}
    )
    return token


def issue_tokens(session: Session, user: User) -> dict[str, str]:
    """Start a login session: a refresh token row, an access token and a CSRF token (flush only)."""
    csrf = new_csrf_token()
    jti = str(uuid.uuid4())
    lifetime = _refresh_lifetime()
    refresh_token = create_refresh_token(
        identity=str(user.id), expires_delta=lifetime, additional_claims={CSRF_CLAIM: csrf, "jti": jti}
    )
    session.add(SessionToken(user_id=user.id, jti=jti, revoked=False, expires_at=utcnow() + lifetime))
    session.flush()
    return {
        "access_token": _access_token(user.id, csrf, jti),
        "refresh_token": refresh_token,
        "csrf_token": csrf,
    }


def reissue_access_token(refresh_claims: dict[str, Any]) -> dict[str, str]:
    """A new access token for a verified refresh token's session, keeping its CSRF token."""
    csrf = str(refresh_claims[CSRF_CLAIM])
    token = _access_token(int(refresh_claims["sub"]), csrf, str(refresh_claims["jti"]))
    return {"access_token": token, "csrf_token": csrf}


def decode_refresh_token(token: str) -> dict[str, Any]:
    """Verify a refresh token's signature (expired ones are accepted) and return its claims."""
    try:
        claims = decode_token(token, allow_expired=True)
    except Exception as exc:
        raise InvalidToken("The refresh token is not valid.") from exc
    if claims.get("type") != "refresh":
        raise WrongTokenType("A refresh token is required.")
    return claims


def revoke_session(session: Session, *, user_id: int, jti: str) -> bool:
    """Revoke the user's refresh token with this jti; True if one was revoked now."""
    row = session.scalar(select(SessionToken).where(SessionToken.jti == jti, SessionToken.user_id == user_id))
    if row is None or row.revoked:
        return False
    row.revoked = True
    session.flush()
    return True


def revoke_all_sessions(session: Session, *, user_id: int) -> int:
    """Revoke every live refresh token of a user; returns how many."""
    rows = session.scalars(
        select(SessionToken).where(SessionToken.user_id == user_id, SessionToken.revoked.is_(False))
    ).all()
    for row in rows:
        row.revoked = True
    session.flush()
    return len(rows)


def blocklist_access_token(session: Session, *, user_id: int, jti: str) -> None:
    """Record an access token's jti as revoked (idempotent)."""
    exists = session.scalar(select(JwtBlocklist.id).where(JwtBlocklist.jti == jti))
    if exists is None:
        session.add(JwtBlocklist(jti=jti, created_by=user_id))
        session.flush()


def is_token_revoked(session: Session, claims: dict[str, Any]) -> bool:
    """A refresh token is live only while its row exists, unrevoked and unexpired; an access
    token is revoked when blocklisted or when its login session was revoked."""
    jti = claims.get("jti")
    if not jti:
        return True
    if claims.get("type") == "refresh":
        row = session.execute(
            select(SessionToken.revoked, SessionToken.expires_at).where(SessionToken.jti == jti)
        ).first()
        if row is None or row.revoked:
            return True
        return row.expires_at is not None and row.expires_at <= utcnow()
    if session.scalar(select(JwtBlocklist.id).where(JwtBlocklist.jti == jti)) is not None:
        return True
    sid = claims.get(SESSION_CLAIM)
    if not sid:
        return True
    revoked = session.scalar(select(SessionToken.revoked).where(SessionToken.jti == sid))
    return revoked is None or bool(revoked)


def prune_expired(session: Session, *, grace: timedelta = timedelta(days=1)) -> dict[str, int]:
    """Delete token rows that can no longer matter (flush, no commit); returns counts.

    Refresh-token rows past their expiry, and blocklisted access-token ids older than the
    access-token lifetime (those tokens have expired anyway), each after a grace period.
    """
    now = utcnow()
    refresh_cutoff = now - grace
    access_cutoff = now - timedelta(seconds=access_expires_seconds()) - grace
    # A DELETE without RETURNING yields a CursorResult (Session.execute is typed Result).
    sessions = cast(
        CursorResult[Any],
        session.execute(
            delete(SessionToken).where(
                SessionToken.expires_at.is_not(None), SessionToken.expires_at < refresh_cutoff
            )
        ),
    )
    blocked = cast(
        CursorResult[Any],
        session.execute(delete(JwtBlocklist).where(JwtBlocklist.created_at < access_cutoff)),
    )
    session.flush()
    return {"session_token": sessions.rowcount or 0, "jwt_blocklist": blocked.rowcount or 0}


def _render(error: AppError) -> Response:
    return problem(error.status, error.code, error.title, error.detail)


def init_jwt(app: Flask) -> None:
    """Make every JWT failure a problem+json response and wire revocation to the database."""
    from lifeos.extensions import db, jwt

    @jwt.token_in_blocklist_loader
    def _revoked(_header: dict[str, Any], payload: dict[str, Any]) -> bool:
        return is_token_revoked(db.session(), payload)

    @jwt.unauthorized_loader
    def _missing(_reason: str) -> Response:
        return _render(Unauthorized("A bearer token is required."))

    @jwt.invalid_token_loader
    def _invalid(_reason: str) -> Response:
        return _render(InvalidToken("The token is not valid."))

    @jwt.expired_token_loader
    def _expired(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return _render(TokenExpired("The token has expired."))

    @jwt.revoked_token_loader
    def _revoked_response(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return _render(TokenRevoked("The token has been revoked."))

    @jwt.needs_fresh_token_loader
    def _needs_fresh(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return _render(InvalidToken("A fresh token is required."))

    @jwt.token_verification_failed_loader
    def _claims_failed(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return _render(InvalidToken("The token's claims are not acceptable."))

    @jwt.user_lookup_error_loader
    def _lookup_failed(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return _render(UserUnavailable("The token's user is not available."))

    # flask_jwt_extended reports a wrong token type as "invalid"; name it precisely.
    @app.errorhandler(WrongTokenError)
    def _wrong_type(_error: WrongTokenError) -> Response:
        return _render(WrongTokenType("This endpoint needs a different kind of token."))
