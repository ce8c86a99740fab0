"""Alembic environment for Flask-Migrate: one home for every revision."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Connection

from lifeos.migrations.env_filters import LEGACY_UNMANAGED_TABLES, include_object  # noqa: F401
from lifeos.migrations.retired_revisions import rewrite_retired_revisions

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

# Revision ids are long (e.g. 20251216_drop_legacy_habits_relationships, 41 chars);
# Alembic's default version column is VARCHAR(32), which PostgreSQL enforces.
VERSION_NUM_LENGTH = 128


def target_metadata() -> MetaData:
    metadata: MetaData = current_app.extensions["migrate"].db.metadata
    return metadata


def widen_version_table(connection: Connection) -> None:
    """Create alembic_version with a wide column, or widen an existing narrow one (PostgreSQL)."""
    insp = inspect(connection)
    if not insp.has_table("alembic_version"):
        connection.execute(
            text(
                f"CREATE TABLE alembic_version (version_num VARCHAR({VERSION_NUM_LENGTH}) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
    elif connection.dialect.name == "postgresql":
        cols = {c["name"]: c for c in insp.get_columns("alembic_version")}
        length = getattr(cols["version_num"]["type"], "length", None)
        if length is not None and length < VERSION_NUM_LENGTH:
            connection.execute(
                text(
                    f"ALTER TABLE alembic_version ALTER COLUMN version_num TYPE VARCHAR({VERSION_NUM_LENGTH})"
                )
            )
    connection.commit()


def run_migrations_offline() -> None:
    context.configure(
        url=current_app.config["SQLALCHEMY_DATABASE_URI"],
        target_metadata=target_metadata(),
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = current_app.extensions["migrate"].db.engine
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations rebuild tables; foreign keys must be off while they do.
            # Raw DBAPI call: a PRAGMA inside a transaction is silently ignored.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        widen_version_table(connection)
        # Ids of revisions folded into 20251218 before release (see retired_revisions.py).
        rewrite_retired_revisions(connection)
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            render_as_batch=True,
            compare_type=True,
            include_object=include_object,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if connection.dialect.name == "sqlite":
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
