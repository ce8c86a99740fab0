"""Auth endpoints, answering at /auth/… and /api/v1/auth/…: parse → service → render."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, url_for

from lifeos.extensions import db
from lifeos.platform.auth import passwords, services
from lifeos.platform.auth.errors import RefreshTokenReused
from lifeos.platform.auth.guard import (
    current_claims,
    current_user,
    require_auth,
    require_refresh_token,
)
from lifeos.platform.auth.schemas import (
    LoginBody,
    LoginOut,
    LogoutBody,
    PasswordChangeBody,
    RefreshOut,
    RegisterBody,
    SessionsRevokedOut,
    UserOut,
)
from lifeos.platform.auth.tokens import access_expires_seconds, init_jwt, revoke_reused_family
from lifeos.platform.http import parse_body
from lifeos.platform.openapi import api_doc
from lifeos.platform.ratelimits import limit, login_limits
from lifeos.platform.uow import UnitOfWork

bp = Blueprint("auth", __name__)

_TAGS = ("auth",)


@bp.post("/register", endpoint="register")
@limit("register")
@api_doc(
    summary="Create an account",
    tags=_TAGS,
    body=RegisterBody,
    response=UserOut,
    status=201,
    errors=(400, 409, 413, 422, 429),
    auth=False,
)
def register_user() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Register with email and password; the email is matched case-insensitively."""
    body = parse_body(RegisterBody)
    hashed = passwords.hash_password(body.password)  # the slow part, before the write lock
    with UnitOfWork(db.session()) as uow:
        user = uow.run(
            lambda: services.register(
                uow.session,
                email=body.email,
                password=body.password,
                full_name=body.full_name,
                timezone=body.timezone,
                password_hash=hashed,
            )
        )
    location = url_for(".me")
    return UserOut.of(user).model_dump(mode="json"), 201, {"Location": location}


@bp.post("/login")
@login_limits
@api_doc(
    summary="Log in",
    tags=_TAGS,
    body=LoginBody,
    response=LoginOut,
    errors=(400, 401, 403, 413, 422, 429),
    auth=False,
)
def login() -> dict[str, Any]:
    """Exchange email and password for an access token, a refresh token and a CSRF token."""
    body = parse_body(LoginBody)
    with UnitOfWork(db.session()) as uow:
        # The password is checked in a read transaction; the writes then take the write lock.
        user_id, rehashed = services.check_credentials(uow.session, email=body.email, password=body.password)
        user, tokens = uow.run(
            lambda: services.start_session(uow.session, user_id=user_id, rehashed=rehashed)
        )
    out = LoginOut(
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        csrf_token=tokens["csrf_token"],
        expires_in=access_expires_seconds(),
        user=UserOut.of(user),
    )
    return out.model_dump(mode="json")


@bp.post("/refresh")
@require_refresh_token
@api_doc(
    summary="Rotate the refresh token and get a new access token",
    tags=_TAGS,
    response=RefreshOut,
    errors=(401, 403, 429),
    description=(
        "Send the refresh token as `Authorization: Bearer …` and the CSRF token as "
        "`X-CSRF-Token`. The answer carries a new access token **and a new refresh token**; "
        "the one sent is retired. Sending a retired refresh token again revokes the whole "
        "login (every token issued from it) and answers 401 `auth.refresh_token_reused`. "
        "The CSRF token and the login's expiry stay the same; roles are always read from the "
        "database."
    ),
)
def refresh() -> dict[str, Any]:
    claims = current_claims()
    try:
        with UnitOfWork(db.session()) as uow:
            tokens = uow.run(lambda: services.refresh(uow.session, claims))
    except RefreshTokenReused:  # replayed between the guard's check and now
        revoke_reused_family(claims)
        raise
    out = RefreshOut(
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        csrf_token=tokens["csrf_token"],
        expires_in=access_expires_seconds(),
    )
    return out.model_dump(mode="json")


@bp.post("/logout")
@require_auth(readonly_ok=True)
@api_doc(
    summary="Log out",
    tags=_TAGS,
    body=LogoutBody,
    status=204,
    errors=(400, 401, 403, 422, 429),
    description="Revokes this login's refresh token (and one given in the body) and the access token.",
)
def logout() -> Response:
    body = parse_body(LogoutBody)
    user = current_user()
    with UnitOfWork(db.session()) as uow:
        services.logout(
            uow.session, user_id=user.id, access_claims=current_claims(), refresh_token=body.refresh_token
        )
        uow.commit()
    return Response(status=204)


@bp.post("/password")
@require_auth(readonly_ok=True)
@limit("login", scope_suffix="password")
@api_doc(
    summary="Change the password",
    tags=_TAGS,
    body=PasswordChangeBody,
    response=SessionsRevokedOut,
    errors=(400, 401, 403, 413, 422, 429),
    description=(
        "Checks `current_password` (403 `auth.wrong_password` otherwise), stores the new one and "
        "revokes every other login of the account. The login making the request stays valid: "
        "its access, refresh and CSRF tokens keep working."
    ),
)
def change_password() -> dict[str, Any]:
    body = parse_body(PasswordChangeBody)
    claims = current_claims()
    with UnitOfWork(db.session()) as uow:
        revoked = uow.run(
            lambda: services.change_password(
                uow.session,
                user=current_user(),
                current_password=body.current_password,
                new_password=body.new_password,
                access_claims=claims,
            )
        )
    return SessionsRevokedOut(revoked_sessions=revoked).model_dump(mode="json")


@bp.post("/logout-all", endpoint="everywhere_logout")  # "…logout": fuzzers skip it
@require_auth(readonly_ok=True)
@api_doc(
    summary="Sign out everywhere",
    tags=_TAGS,
    response=SessionsRevokedOut,
    errors=(401, 403, 429),
    description="Revokes every login of the account, this one included: all its access and refresh tokens.",
)
def logout_all() -> dict[str, Any]:
    user_id = current_user().id
    claims = current_claims()
    with UnitOfWork(db.session()) as uow:
        revoked = uow.run(lambda: services.logout_all(uow.session, user_id=user_id, access_claims=claims))
    return SessionsRevokedOut(revoked_sessions=revoked).model_dump(mode="json")


@bp.get("/me")
@require_auth()
@api_doc(summary="The current user", tags=_TAGS, response=UserOut, errors=(401, 429))
def me() -> dict[str, Any]:
    """The authenticated user with their current roles."""
    return UserOut.of(current_user()).model_dump(mode="json")


def register(app: Flask) -> None:
    """Register the auth blueprint under /auth and /api/v1/auth, and the JWT error rendering."""
    init_jwt(app)
    app.register_blueprint(bp, url_prefix="/auth")
    app.register_blueprint(bp, url_prefix="/api/v1/auth", name="auth_v1")
