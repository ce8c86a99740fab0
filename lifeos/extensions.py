"""Extensions, created unbound and initialised in create_app."""

from flask import Flask, current_app
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from lifeos.platform.database import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()


def _default_limit() -> str:
    """RATELIMIT_DEFAULT of the app serving the request (read per request, not frozen at start)."""
    return str(current_app.config.get("RATELIMIT_DEFAULT") or "600 per minute")


class AppAwareLimiter(Limiter):
    """One Limiter serves every app created in the process (tests create many).

    Flask-Limiter keeps `enabled` and the default limits on the Limiter itself, so the last
    `init_app` would switch limiting on or off for every app. Here the Limiter stays on and each
    request consults its own app's RATELIMIT_ENABLED and RATELIMIT_DEFAULT.
    """

    def init_app(self, app: Flask) -> None:
        wanted = app.config.get("RATELIMIT_ENABLED", True)
        app.config["RATELIMIT_ENABLED"] = True
        try:
            super().init_app(app)
        finally:
            app.config["RATELIMIT_ENABLED"] = wanted


limiter = AppAwareLimiter(key_func=get_remote_address, default_limits=[_default_limit])


@limiter.request_filter
def _limits_disabled_for_this_app() -> bool:
    return not current_app.config.get("RATELIMIT_ENABLED", True)
