"""The shell's pages: `/` → Today or sign-in, sign in, register, sign out, Today.

Sign-in and registration call the same auth services as `POST /auth/login|register`; the
tokens go into HttpOnly cookies (lifeos/platform/auth/browser.py) instead of a JSON body.
"""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.extensions import db
from lifeos.platform.auth import services
from lifeos.platform.auth.browser import (
    check_pre_session_csrf,
    check_session_csrf,
    end_session,
    login_required,
    resolve_session,
    safe_next,
    start_session,
)
from lifeos.platform.auth.errors import CsrfFailed, EmailTaken, InactiveUser, InvalidCredentials
from lifeos.platform.auth.guard import current_claims
from lifeos.platform.auth.schemas import LoginBody, RegisterBody
from lifeos.platform.auth.services import PASSWORD_MIN_LENGTH
from lifeos.platform.auth.tokens import issue_tokens
from lifeos.platform.errors import Unauthorized, ValidationFailed
from lifeos.platform.http import parse
from lifeos.platform.ratelimits import limit, login_limits
from lifeos.platform.uow import UnitOfWork
from lifeos.web import assets
from lifeos.web.forms import FormErrors
from lifeos.web.today import cards

bp = assets.AssetsBlueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
bp.add_url_rule("/assets/vendor/<path:name>", endpoint="vendor", view_func=assets.vendor)


def build_blueprint() -> assets.AssetsBlueprint:
    return bp


# ------------------------------------------------------------------------------ start


@bp.get("/")
def index() -> ResponseReturnValue:
    """Signed in → Today; otherwise → sign in."""
    return redirect(url_for("web.today" if resolve_session() else "web.login"))


@bp.get("/api/docs")
def api_docs() -> ResponseReturnValue:
    """A browsable rendering of /api/v1/openapi.json (self-contained HTML + JS)."""
    resolve_session()
    return render_template("web/api_docs.html")


# ------------------------------------------------------------------------------ sign in


def _login_page(
    errors: FormErrors | None = None, email: str = "", status: int = 200, next_url: str | None = None
) -> ResponseReturnValue:
    return (
        render_template(
            "web/login.html",
            errors=errors or FormErrors(),
            email=email,
            next_url=next_url if next_url is not None else safe_next(request.args.get("next")),
        ),
        status,
    )


@bp.get("/login")
def login() -> ResponseReturnValue:
    if resolve_session() is not None:
        return redirect(safe_next(request.args.get("next")) or url_for("web.today"))
    return _login_page()


@bp.post("/login")
@login_limits
def login_submit() -> ResponseReturnValue:
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    next_url = safe_next(request.form.get("next"))
    try:
        check_pre_session_csrf()
        body = parse(LoginBody, {"email": email, "password": password})
        with UnitOfWork(db.session()) as uow:
            # The password is checked before the write lock is taken (as the API's login does).
            user_id, rehashed = services.check_credentials(
                uow.session, email=body.email, password=body.password
            )
            _user, tokens = uow.run(
                lambda: services.start_session(uow.session, user_id=user_id, rehashed=rehashed)
            )
    except CsrfFailed:
        message = "This form had expired. Please sign in again."
        return _login_page(FormErrors(message=message), email, 403, next_url)
    except ValidationFailed as exc:
        return _login_page(FormErrors.of(exc, known=("email", "password")), email, 422, next_url)
    except InvalidCredentials:
        return _login_page(FormErrors(message="The email or password is wrong."), email, 401, next_url)
    except InactiveUser:
        return _login_page(FormErrors(message="This account is deactivated."), email, 403, next_url)
    response = redirect(next_url or url_for("web.today"))
    return start_session(response, tokens)


# ------------------------------------------------------------------------------ register

_REGISTER_FIELDS = ("full_name", "email", "password", "timezone")


def _register_page(
    errors: FormErrors | None = None, values: dict[str, str] | None = None, status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "web/register.html",
            errors=errors or FormErrors(),
            values=values or {},
            password_min=PASSWORD_MIN_LENGTH,
        ),
        status,
    )


@bp.get("/register")
def register() -> ResponseReturnValue:
    if resolve_session() is not None:
        return redirect(url_for("web.today"))
    return _register_page()


@bp.post("/register")
@limit("register")
def register_submit() -> ResponseReturnValue:
    values = {name: request.form.get(name, "") for name in _REGISTER_FIELDS}
    shown = {k: v for k, v in values.items() if k != "password"}
    data: dict[str, Any] = {
        "email": values["email"].strip(),
        "password": values["password"],
        "full_name": values["full_name"].strip() or None,
        "timezone": values["timezone"].strip() or "UTC",
    }
    try:
        check_pre_session_csrf()
        body = parse(RegisterBody, data)
        with UnitOfWork(db.session()) as uow:

            def work() -> dict[str, str]:
                user = services.register(
                    uow.session,
                    email=body.email,
                    password=body.password,
                    full_name=body.full_name,
                    timezone=body.timezone,
                )
                return issue_tokens(uow.session, user)

            tokens = uow.run(work)
    except CsrfFailed:
        return _register_page(FormErrors(message="This form had expired. Please send it again."), shown, 403)
    except ValidationFailed as exc:
        return _register_page(FormErrors.of(exc, known=_REGISTER_FIELDS), shown, 422)
    except EmailTaken:
        errors = FormErrors({"email": "An account with this email already exists. Sign in instead?"})
        return _register_page(errors, shown, 409)
    flash("Welcome to LifeOS. Start by posting your first entry in Money.", "success")
    return start_session(redirect(url_for("web.today")), tokens)


# ------------------------------------------------------------------------------ sign out


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Revoke this browser's login (refresh token and access token) and forget its cookies."""
    response = redirect(url_for("web.login"))
    user = resolve_session()
    if user is None:
        return end_session(response)
    check_session_csrf()
    claims = current_claims()
    with UnitOfWork(db.session()) as uow:
        uow.run(lambda: services.logout(uow.session, user_id=user.id, access_claims=claims))
    flash("You are signed out.", "info")
    return end_session(response)


@bp.post("/session/refresh")
def refresh_session() -> ResponseReturnValue:
    """For scripts whose JSON call met an expired access cookie: mint a new one (204)."""
    if resolve_session() is None:
        raise Unauthorized("Your session has ended; sign in again.")
    check_session_csrf()
    return Response(status=204)


# ------------------------------------------------------------------------------ Today


@bp.get("/today")
@login_required
def today() -> ResponseReturnValue:
    rendered = [(card, card.context()) for card in cards()]
    return render_template("web/today.html", cards=rendered, section="today")
