"""Extensions, created unbound and initialised in create_app."""

from flask import current_app
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from lifeos.platform.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()


def _default_limit() -> str:
    """RATELIMIT_DEFAULT of the app serving the request (read per request, not frozen at start)."""
    return str(current_app.config.get("RATELIMIT_DEFAULT") or "600 per minute")


# One Limiter object serves every app created in the process (tests create many): a callable
# default keeps each app's own RATELIMIT_DEFAULT instead of the first app's.
limiter = Limiter(key_func=get_remote_address, default_limits=[_default_limit])
