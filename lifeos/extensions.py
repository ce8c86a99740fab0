"""Extensions, created unbound and initialised in create_app."""

import re
from typing import Any

from flask import Flask, current_app
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.query import Query
from sqlalchemy import column
from sqlalchemy.sql.elements import TextClause

from lifeos.platform.database import Base

_FULL_SELECT = re.compile(r"\s*select\b", re.IGNORECASE)


class TextSelectQuery(Query):
    """`session.query(text("SELECT …"))` as SQLAlchemy 1.x ran it: the statement's first value.

    SQLAlchemy 2 treats a text entity as a column and renders `SELECT SELECT COUNT(*) …`; the
    deployment guide's Step 3 check (`db.session.query(db.text(f"SELECT COUNT(*) FROM {table}"))
    .scalar()`) relies on the old behaviour. A text entity that is a whole SELECT becomes a scalar
    subquery; every other query is left exactly as it was.
    """

    def __init__(self, entities: Any, session: Any = None) -> None:
        if isinstance(entities, (list, tuple)):
            entities = [_as_scalar_subquery(e) for e in entities]
        else:
            entities = _as_scalar_subquery(entities)
        super().__init__(entities, session)


def _as_scalar_subquery(entity: Any) -> Any:
    if isinstance(entity, TextClause) and _FULL_SELECT.match(entity.text):
        return entity.columns(column("value")).scalar_subquery()
    return entity


db = SQLAlchemy(model_class=Base, query_class=TextSelectQuery)
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
