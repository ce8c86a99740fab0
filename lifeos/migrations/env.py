"""Alembic environment for Flask-Migrate: one home for every revision."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Connection

from lifeos.migrations.adoption import adopt, inspect_version
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


def _read_only() -> bool:
    """`flask db current` and the like open the context with dont_mutate."""
    env = getattr(context, "_proxy", None)
    return bool(getattr(env, "context_opts", {}).get("dont_mutate"))


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
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild tables; foreign keys must be off while they do.
            # Raw DBAPI call: a PRAGMA inside a transaction is silently ignored.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            _run(connection)
        finally:
            if sqlite:  # the connection goes back to the pool
                connection.rollback()
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _run(connection: Connection) -> None:
    widen_version_table(connection)
    # Ids of revisions folded into 20251218 before release (see retired_revisions.py).
    rewrite_retired_revisions(connection)
    connection.commit()
    # A database of the earlier LifeOS (its 20251218 or later ids): see adoption.py.
    known = {r.revision for r in ScriptDirectory.from_config(config).walk_revisions()}
    finding = inspect_version(connection, known, set(target_metadata().tables))
    if finding is not None:
        print(f"lifeos: {finding.message()}")
        if not _read_only():
            adopt(connection, finding)
        elif finding.current not in known:
            print(f"{finding.current} (earlier LifeOS; `flask db upgrade` adopts it)")
            return  # `flask db current`: Alembic cannot display an id it does not have
    # Alembic commits only a transaction it began itself: end the one the inspection began.
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


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
