"""`flask users …` (placeholder: filled by the auth work)."""

import click
from flask.cli import AppGroup

users_cli = AppGroup("users", help="Manage users.")


@users_cli.command("list")
def list_users() -> None:
    click.echo("not implemented yet")
