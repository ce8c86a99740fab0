"""LifeOS: a self-hosted personal life operating system. `flask --app lifeos …` works."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from flask import Flask

from lifeos.config import DEV_SECRET, Config, config_from_env


class InsecureConfiguration(RuntimeError):
    """Production was asked to serve without real secrets."""


# `flask db …` and `flask shell` need no signing secret (the guide runs them with only DATABASE_URL).
_SECRETLESS_COMMANDS = {"db", "shell", "routes"}


def create_app(config: type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error handlers, CLI."""
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    base = config if isinstance(config, type) else config_from_env()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _check_secrets(app)
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    from lifeos.platform.logging import init_logging

    init_logging(app)
    from lifeos.platform.http import install_converters

    install_converters(app)
    _init_extensions(app)
    _register_models()

    from lifeos.platform.errors import register_error_handlers

    register_error_handlers(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _check_secrets(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production" or _running_secretless_command():
        return
    for key in ("SECRET_KEY", "JWT_SECRET_KEY"):
        value = app.config.get(key)
        if not value or value == DEV_SECRET or len(str(value)) < 32:
            raise InsecureConfiguration(
                f"{key} must be set to a random value of 32+ characters in production"
            )


def _running_secretless_command() -> bool:
    argv = sys.argv
    if not argv or (Path(argv[0]).name not in {"flask", "flask.exe"} and "flask" not in argv[0]):
        return False
    args = [a for a in argv[1:] if not a.startswith("-")]
    # Skip the value of `--app X` / `-A X`.
    cleaned: list[str] = []
    skip = False
    for a in argv[1:]:
        if skip:
            skip = False
            continue
        if a in {"--app", "-A", "--env-file", "-e"}:
            skip = True
            continue
        if a.startswith("-"):
            continue
        cleaned.append(a)
    args = cleaned
    return bool(args) and args[0] in _SECRETLESS_COMMANDS


def _init_extensions(app: Flask) -> None:
    from lifeos.extensions import db, jwt, limiter, migrate
    from lifeos.platform.database import configure_engine_options

    configure_engine_options(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    jwt.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        from lifeos.platform.database import install_engine_hooks

        install_engine_hooks(db.engine)


def _register_models() -> None:
    """Import every model module so the metadata is complete (migrations, shell)."""
    import lifeos.platform.auth.models
    import lifeos.platform.outbox.models
    import lifeos.registry  # noqa: F401 - each domain entry imports its models


def _register_blueprints(app: Flask) -> None:
    from lifeos.composition.api import register as register_today
    from lifeos.platform.auth.api import register as register_auth
    from lifeos.platform.export import register as register_export
    from lifeos.platform.ops import register as register_ops
    from lifeos.platform.outbox.admin_api import register as register_outbox_admin
    from lifeos.platform.subscribers import register_extra_subscribers
    from lifeos.registry import DOMAINS
    from lifeos.web import register as register_web

    register_ops(app)
    register_auth(app)
    register_outbox_admin(app)
    register_export(app)
    for domain in DOMAINS:
        domain.install(app)
    register_today(app)
    register_web(app)
    register_extra_subscribers()


def _register_cli(app: Flask) -> None:
    from lifeos.migrations.cli import register as register_db_cli
    from lifeos.platform.auth.cli import users_cli
    from lifeos.platform.outbox.cli import outbox_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(outbox_cli)
    from lifeos.demo.cli import demo_command

    app.cli.add_command(demo_command)
    register_db_cli(app)


__all__ = ["InsecureConfiguration", "create_app"]
