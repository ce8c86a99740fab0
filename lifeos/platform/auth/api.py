"""Auth endpoints, answering at /auth/… and /api/v1/auth/…: parse → service → render."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, url_for

from lifeos.extensions import db
from lifeos.platform.auth import services
from lifeos.platform.auth.guard import (
    current_claims,
    current_user,
    require_auth,
    require_refresh_token,
)
from lifeos.platform.auth.schemas import (
    AccessTokenOut,
    LoginBody,
    LoginOut,
    LogoutBody,
    RegisterBody,
    UserOut,
)
from lifeos.platform.auth.tokens import access_expires_seconds, init_jwt
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
    with UnitOfWork(db.session()) as uow:
        user = services.register(
            uow.session,
            email=body.email,
            password=body.password,
            full_name=body.full_name,
            timezone=body.timezone,
        )
        uow.commit()
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
        user, tokens = services.login(uow.session, email=body.email, password=body.password)
        uow.commit()
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
    summary="Get a new access token",
    tags=_TAGS,
    response=AccessTokenOut,
    errors=(401, 403, 429),
    description=(
        "Send the refresh token as `Authorization: Bearer …` and the CSRF token as "
        "`X-CSRF-Token`. The new access token keeps the same CSRF token; roles are always "
        "read from the database."
    ),
)
def refresh() -> dict[str, Any]:
    tokens = services.refresh(current_claims())
    out = AccessTokenOut(
        access_token=tokens["access_token"],
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
