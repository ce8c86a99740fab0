"""JWT access/refresh tokens, the CSRF token they carry, revocation, and JWT error rendering.

One login is one session, and one session is one `session_token` row: a random CSRF token and
a refresh token. Both tokens carry the CSRF value as the `csrf` claim and the row's id as the
`fam` claim (the session *family*), so revoking the row revokes every access and refresh token
ever issued for that login. Roles are never put in tokens: they are read on each request.

Refresh tokens rotate (RFC 9700 §4.14): each refresh moves the row's `jti` to a new value and
returns a new refresh token; the presented one is retired. The next jti is derived from the
previous one with an HMAC under the JWT secret, so without another column the server can tell
a presented token's state from the row alone:

* `live`     — its jti is the row's current jti: it may be used (once).
* `stale`    — it is the immediate predecessor and the rotation is under ROTATION_GRACE old.
  At `POST /auth/refresh` this is a replay like any other; for browser cookies it is what
  parallel requests of one page produce (they all carry the same cookie), so there it is only
  refused (never rotated again) and the request is served without revoking the family.
* `reused`   — any other retired token of a live family: a replay. The family is revoked and
  the answer is 401 `auth.refresh_token_reused`.
* `revoked`  — unknown, revoked, expired or not this user's.

Tokens issued before rotation existed (no `fam` claim; access tokens name their session by
`sid` = the refresh jti) keep working until their session's first rotation.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta
from typing import Any, Literal, cast

from flask import Flask, Response, current_app, g
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from flask_jwt_extended.exceptions import WrongTokenError
from sqlalchemy import CursorResult, Select, bindparam, delete, select, update
from sqlalchemy.orm import Session, joinedload

from lifeos.platform.auth.errors import (
    InvalidToken,
    RefreshTokenReused,
    TokenExpired,
    TokenRevoked,
    UserUnavailable,
    WrongTokenType,
)
from lifeos.platform.auth.models import JwtBlocklist, Role, SessionToken, User
from lifeos.platform.database import utcnow
from lifeos.platform.errors import AppError, Unauthorized, problem

CSRF_CLAIM = "csrf"
SESSION_CLAIM = "sid"  # legacy tokens: the session's refresh jti
FAMILY_CLAIM = "fam"  # the session_token row id: one login, every token rotated from it
# A retired refresh token presented this soon after its rotation is a race, not a replay.
ROTATION_GRACE = timedelta(seconds=10)
_REUSE_KEY = "lifeos_refresh_reuse"
_USER_KEY = "lifeos_token_user"  # g: the user the revocation check loaded

RefreshState = Literal["live", "stale", "reused", "revoked"]


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


def _access_token(user_id: int, csrf: str, family: int) -> str:
    token: str = create_access_token(
        identity=str(user_id), additional_claims={CSRF_CLAIM: csrf, FAMILY_CLAIM: family}
    )
    return token


def _refresh_token(user_id: int, csrf: str, family: int, jti: str, lifetime: timedelta) -> str:
    token: str = create_refresh_token(
        identity=str(user_id),
        expires_delta=lifetime,
        additional_claims={CSRF_CLAIM: csrf, FAMILY_CLAIM: family, "jti": jti},
    )
    return token


def next_jti(previous: str) -> str:
    """The jti that replaces `previous` on rotation (keyed, so only the server can compute it)."""
    secret = str(current_app.config.get("JWT_SECRET_KEY") or current_app.config["SECRET_KEY"])
    digest = hmac.new(secret.encode("utf-8"), b"refresh-rotation:" + previous.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:48]


def issue_tokens(session: Session, user: User) -> dict[str, str]:
    """Start a login session: a refresh token row, an access token and a CSRF token (flush only)."""
    csrf = new_csrf_token()
    jti = str(uuid.uuid4())
    lifetime = _refresh_lifetime()
    row = SessionToken(user_id=user.id, jti=jti, revoked=False, expires_at=utcnow() + lifetime)
    session.add(row)
    session.flush()
    return {
        "access_token": _access_token(user.id, csrf, row.id),
        "refresh_token": _refresh_token(user.id, csrf, row.id, jti, lifetime),
        "csrf_token": csrf,
    }


def _family_of(claims: dict[str, Any]) -> int | None:
    value = claims.get(FAMILY_CLAIM)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def refresh_state(session: Session, claims: dict[str, Any]) -> tuple[RefreshState, int | None]:
    """What a (signature-verified) refresh token is worth now, and its family's row id."""
    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti:
        return "revoked", None
    columns = (
        SessionToken.id,
        SessionToken.user_id,
        SessionToken.jti,
        SessionToken.revoked,
        SessionToken.expires_at,
        SessionToken.updated_at,
    )
    family = _family_of(claims)
    if family is None:  # issued before rotation: the row is found by its jti
        row = session.execute(select(*columns).where(SessionToken.jti == jti)).first()
    elif -(2**31) <= family < 2**31:
        row = session.execute(select(*columns).where(SessionToken.id == family)).first()
    else:
        row = None
    if row is None or str(row.user_id) != str(claims.get("sub")):
        return "revoked", None
    if row.revoked or (row.expires_at is not None and row.expires_at <= utcnow()):
        return "revoked", row.id
    if row.jti == jti:
        return "live", row.id
    recent = row.updated_at is not None and row.updated_at >= utcnow() - ROTATION_GRACE
    if recent and hmac.compare_digest(next_jti(jti), row.jti):
        return "stale", row.id
    return "reused", row.id


def rotate_refresh_token(
    session: Session, claims: dict[str, Any], *, allow_race: bool = False
) -> dict[str, str]:
    """Retire a live refresh token and issue its successor with a new access token (flush only).

    The successor keeps the login's CSRF token and absolute expiry. The row's jti moves with a
    conditional UPDATE, so of two concurrent refreshes with one token exactly one wins; the
    other is refused as `auth.token_revoked` without revoking the family. A replayed token
    raises `RefreshTokenReused`; the caller then calls `revoke_reused_family` (this work's own
    transaction rolls back with the error). The token just rotated (`stale`) counts as replayed
    too, unless `allow_race` (browser cookies, where parallel requests of one page race): then
    it is only refused.
    """
    state, family = refresh_state(session, claims)
    if state == "reused" or (state == "stale" and not allow_race):
        raise RefreshTokenReused()  # the caller revokes the family in a transaction of its own
    if state != "live" or family is None:
        raise TokenRevoked("This refresh token has already been used or revoked.")
    old_jti = str(claims["jti"])
    new_jti = next_jti(old_jti)
    moved = cast(
        CursorResult[Any],
        session.execute(
            update(SessionToken)
            .where(SessionToken.id == family, SessionToken.jti == old_jti, SessionToken.revoked.is_(False))
            .values(jti=new_jti, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    )
    if moved.rowcount != 1:
        raise TokenRevoked("This refresh token has already been used or revoked.")
    expires_at = session.scalar(select(SessionToken.expires_at).where(SessionToken.id == family))
    lifetime = (expires_at - utcnow()) if expires_at is not None else _refresh_lifetime()
    lifetime = max(lifetime, timedelta(seconds=1))
    user_id = int(claims["sub"])
    csrf = str(claims[CSRF_CLAIM])
    return {
        "access_token": _access_token(user_id, csrf, family),
        "refresh_token": _refresh_token(user_id, csrf, family, new_jti, lifetime),
        "csrf_token": csrf,
    }


def reissue_access_token(refresh_claims: dict[str, Any]) -> dict[str, str]:
    """An access token for a refresh token's session without rotating it (the `stale` race)."""
    csrf = str(refresh_claims[CSRF_CLAIM])
    family = _family_of(refresh_claims)
    user_id = int(refresh_claims["sub"])
    if family is None:  # legacy session: name it the legacy way
        token: str = create_access_token(
            identity=str(user_id),
            additional_claims={CSRF_CLAIM: csrf, SESSION_CLAIM: str(refresh_claims["jti"])},
        )
    else:
        token = _access_token(user_id, csrf, family)
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


def revoke_family(session: Session, *, user_id: int, family: int) -> bool:
    """Revoke one login (every token rotated from it); True if it was live until now."""
    row = session.scalar(
        select(SessionToken).where(SessionToken.id == family, SessionToken.user_id == user_id)
    )
    if row is None or row.revoked:
        return False
    row.revoked = True
    session.flush()
    return True


def revoke_session(session: Session, *, user_id: int, jti: str) -> bool:
    """Revoke the user's session whose current refresh jti is this; True if revoked now."""
    row = session.scalar(select(SessionToken).where(SessionToken.jti == jti, SessionToken.user_id == user_id))
    if row is None or row.revoked:
        return False
    row.revoked = True
    session.flush()
    return True


def session_family(session: Session, claims: dict[str, Any]) -> int | None:
    """The session_token row id a token belongs to (`fam`, or a legacy token's `sid`)."""
    family = _family_of(claims)
    if family is not None:
        return family
    sid = claims.get(SESSION_CLAIM) if claims.get("type") != "refresh" else claims.get("jti")
    if not isinstance(sid, str) or not sid:
        return None
    return session.scalar(select(SessionToken.id).where(SessionToken.jti == sid))


def revoke_all_sessions(session: Session, *, user_id: int, keep_family: int | None = None) -> int:
    """Revoke every live session of a user (but `keep_family`); returns how many."""
    query = select(SessionToken).where(SessionToken.user_id == user_id, SessionToken.revoked.is_(False))
    if keep_family is not None:
        query = query.where(SessionToken.id != keep_family)
    rows = session.scalars(query).all()
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
    """A refresh token is live only while it is its session's current, unexpired token; an
    access token is revoked when blocklisted or when its login session was revoked."""
    jti = claims.get("jti")
    if not jti:
        return True
    if claims.get("type") == "refresh":
        return refresh_state(session, claims)[0] != "live"
    family = _family_of(claims)
    if family is not None:
        if not -(2**31) <= family < 2**31:
            return True
        return not _live_access(session, claims, str(jti), family)
    if session.scalar(select(JwtBlocklist.id).where(JwtBlocklist.jti == jti)) is not None:
        return True
    sid = claims.get(SESSION_CLAIM)
    if not sid:
        return True
    revoked = session.scalar(select(SessionToken.revoked).where(SessionToken.jti == sid))
    return revoked is None or bool(revoked)


def _live_access_statement() -> Select[tuple[User, bool, bool]]:
    blocked = select(JwtBlocklist.id).where(JwtBlocklist.jti == bindparam("jti")).exists()
    live_family = (
        select(SessionToken.id)
        .where(
            SessionToken.id == bindparam("family"),
            SessionToken.user_id == User.id,
            SessionToken.revoked.is_(False),
        )
        .exists()
    )
    return (
        select(User, blocked.label("blocked"), live_family.label("live_family"))
        .where(User.id == bindparam("user_id"))
        .options(joinedload(User.roles).lazyload(Role.permissions))
    )


# Built once: the statement (and its cache key) is the same on every request, only the
# parameters change.
_LIVE_ACCESS = _live_access_statement()


def _live_access(session: Session, claims: dict[str, Any], jti: str, family: int) -> bool:
    """One statement per request: the token's user with their roles, and whether the token is
    blocklisted or its login session revoked. The guard takes the user from `token_user`, so it
    costs no second query; roles and revocation are still read fresh on every request (a role
    change or a sign-out applies at once)."""
    try:
        user_id = int(claims["sub"])
    except (KeyError, TypeError, ValueError):
        return False
    if not -(2**31) <= user_id < 2**31:
        return False
    params = {"user_id": user_id, "jti": jti, "family": family}
    row = session.execute(_LIVE_ACCESS, params).unique().first()
    if row is None:
        return False
    setattr(g, _USER_KEY, row[0])  # a strong reference: the identity map holds only weak ones
    return not row.blocked and bool(row.live_family)


def token_user(user_id: int) -> User | None:
    """The user the revocation check of this request already loaded, if it is `user_id`."""
    user = g.pop(_USER_KEY, None)
    return user if isinstance(user, User) and user.id == user_id else None


def revoke_reused_family(claims: dict[str, Any]) -> None:
    """Revoke the family of a replayed refresh token, in its own committed unit of work."""
    from lifeos.extensions import db
    from lifeos.platform.uow import UnitOfWork

    family = _family_of(claims)
    if family is None:
        return
    with UnitOfWork(db.session()) as uow:
        uow.run(lambda: revoke_family(uow.session, user_id=int(claims["sub"]), family=family))


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
        g.pop(_REUSE_KEY, None)
        if payload.get("type") == "refresh":
            state, _family = refresh_state(db.session(), payload)
            if state in ("reused", "stale"):  # a bearer client never races itself: a replay
                setattr(g, _REUSE_KEY, payload.get("jti"))
            return state != "live"
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
    def _revoked_response(_header: dict[str, Any], payload: dict[str, Any]) -> Response:
        if g.pop(_REUSE_KEY, None) == payload.get("jti") and payload.get("type") == "refresh":
            revoke_reused_family(payload)
            return _render(RefreshTokenReused())
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
