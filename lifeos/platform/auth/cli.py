"""`flask users …`: the operator's tool to create and list accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from lifeos.platform.auth import services
from lifeos.platform.auth.errors import EmailTaken
from lifeos.platform.auth.models import ROLE_ADMIN, ROLE_READONLY, ROLE_USER
from lifeos.platform.errors import ValidationFailed

users_cli = AppGroup("users", help="Manage users.")


def _session() -> Session:
    """The app context's session (what the `db.session` proxy resolves to)."""
    from lifeos.extensions import db

    return db.session()


@users_cli.command("create")
@click.option("--email", required=True, help="Login email (matched case-insensitively).")
@click.option(
    "--password",
    envvar="LIFEOS_USER_PASSWORD",
    default=None,
    help="Password (8 to 128 characters). Prompted for when omitted; may come from LIFEOS_USER_PASSWORD.",
)
@click.option("--admin", is_flag=True, help="Also grant the admin role (operator endpoints).")
@click.option("--readonly", is_flag=True, help="Read-only account: every write is refused.")
@click.option("--name", "full_name", default=None, help="Full name.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone, e.g. Europe/Paris.")
def create_user_command(
    email: str, password: str | None, admin: bool, readonly: bool, full_name: str | None, timezone: str
) -> None:
    """Create a user."""
    from lifeos.platform.uow import UnitOfWork

    if admin and readonly:
        raise click.UsageError("--admin and --readonly cannot be combined.")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    roles = (ROLE_READONLY,) if readonly else (ROLE_USER, ROLE_ADMIN) if admin else (ROLE_USER,)
    try:
        with UnitOfWork(_session()) as uow:
            user = services.create_user(
                uow.session,
                email=email,
                password=password,
                roles=roles,
                full_name=full_name,
                timezone=timezone,
            )
            uow.commit()
    except ValidationFailed as exc:
        lines = [f"  {e['field']}: {e['message']}" for e in exc.errors]
        raise click.ClickException("invalid input:\n" + "\n".join(lines)) from exc
    except EmailTaken as exc:
        raise click.ClickException(f"a user with email {email.strip().lower()} already exists") from exc
    click.echo(f"created user {user.id} {user.email} roles={','.join(user.role_names)}")


@users_cli.command("list")
def list_users_command() -> None:
    """List users: id, email, roles, active, time zone."""
    users = services.list_users(_session())
    if not users:
        click.echo("no users")
        return
    for user in users:
        state = "active" if user.is_active else "inactive"
        roles = ",".join(user.role_names) or "-"
        click.echo(f"{user.id}\t{user.email}\t{roles}\t{state}\t{user.timezone or '-'}")


def _set_active(email: str, active: bool) -> None:
    from lifeos.platform.uow import UnitOfWork

    with UnitOfWork(_session()) as uow:
        user = services.find_user_by_email(uow.session, email)
        if user is None:
            raise click.ClickException(f"no user with email {email.strip().lower()}")
        services.set_active(uow.session, user, active)
        uow.commit()
    click.echo(f"user {user.id} {user.email} is now {'active' if active else 'inactive'}")


@users_cli.command("deactivate")
@click.option("--email", required=True)
def deactivate_command(email: str) -> None:
    """Deactivate a user: they can no longer log in and their tokens stop working."""
    _set_active(email, False)


@users_cli.command("activate")
@click.option("--email", required=True)
def activate_command(email: str) -> None:
    """Re-activate a user."""
    _set_active(email, True)


@users_cli.command("prune-tokens")
def prune_tokens_command() -> None:
    """Delete expired refresh-token rows and stale access-token blocklist entries."""
    from lifeos.platform.auth.tokens import prune_expired
    from lifeos.platform.uow import UnitOfWork

    with UnitOfWork(_session()) as uow:
        counts = prune_expired(uow.session)
        uow.commit()
    click.echo(
        f"pruned {counts['session_token']} refresh tokens, {counts['jwt_blocklist']} blocklist entries"
    )


@users_cli.command("export")
@click.option("--email", required=True, help="Whose data to export.")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="File (default: stdout).")
def export_command(email: str, output: str | None) -> None:
    """Write all of a user's data as one JSON document (the same as GET /api/v1/export)."""
    import json

    from lifeos.platform.export import export_user

    user = services.find_user_by_email(_session(), email)
    if user is None:
        raise click.ClickException(f"no user with email {email.strip().lower()}")
    text = json.dumps(export_user(_session(), user), indent=1, ensure_ascii=False)
    if output is None:
        click.echo(text)
        return
    with open(output, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    click.echo(f"exported user {user.id} {user.email} to {output}", err=True)


@users_cli.command("import")
@click.option("--email", required=True, help="The (empty) account to restore into.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(email: str, file: str) -> None:
    """Restore an export into an EMPTY account, all or nothing; then rebuild derived data."""
    import json

    from lifeos.platform.export import ExportError, rebuild_derived, restore_user
    from lifeos.platform.uow import UnitOfWork

    with open(file, encoding="utf-8") as fh:
        document = json.load(fh)
    with UnitOfWork(_session()) as uow:
        user = services.find_user_by_email(uow.session, email)
        if user is None:
            raise click.ClickException(f"no user with email {email.strip().lower()}")
        user_id = user.id
        try:
            counts = restore_user(uow.session, user_id, document)
        except ExportError as exc:
            raise click.ClickException(str(exc)) from exc
        uow.commit()
    click.echo(f"restored {sum(counts.values())} rows into user {user_id} {email.strip().lower()}")
    rebuild_derived(user_id)
