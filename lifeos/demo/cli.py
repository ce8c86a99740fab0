"""`flask demo`: a demo account with a lived-in year, for a newcomer to look around in."""

from __future__ import annotations

import time

import click

from lifeos.demo.generate import DEFAULT_DAYS, DEMO_EMAIL, DEMO_PASSWORD, DemoRefused, run_demo
from lifeos.platform.errors import ValidationFailed

MAX_DAYS = 3700


@click.command("demo")
@click.option("--email", default=DEMO_EMAIL, show_default=True, help="The demo account (created if missing).")
@click.option(
    "--password",
    default=DEMO_PASSWORD,
    show_default=True,
    envvar="LIFEOS_DEMO_PASSWORD",
    help="Password of a NEW demo account (an existing one keeps its own).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--days",
    type=click.IntRange(1, MAX_DAYS),
    default=None,
    help=f"Days of history ending today [default: {DEFAULT_DAYS}: a year and two weeks].",
)
@click.option(
    "--years", type=click.IntRange(1, 10), default=None, help="Years of history (instead of --days)."
)
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone of a NEW account.")
@click.option("--reset", is_flag=True, help="Delete the account's data first (its sign-in is kept).")
@click.option("--yes", is_flag=True, help="Reset an account other than the default demo one without asking.")
def demo_command(
    email: str,
    password: str,
    seed: int,
    days: int | None,
    years: int | None,
    timezone: str,
    reset: bool,
    yes: bool,
) -> None:
    """Fill a demo account with a realistic year in every domain (one transaction, seconds)."""
    from lifeos.platform.uow import current_session

    if days is not None and years is not None:
        raise click.UsageError("give --days or --years, not both")
    if reset and not yes and email.strip().lower() != DEMO_EMAIL:
        # --email may name a real account: deleting its data is not something to do by accident.
        click.confirm(f"Delete ALL data of {email.strip().lower()} and refill it with demo data?", abort=True)
    span = days or (years * 365 + years // 4 + 14 if years else DEFAULT_DAYS)
    started = time.perf_counter()
    try:
        result = run_demo(
            current_session(),
            email=email,
            password=password,
            seed=seed,
            days=span,
            timezone=timezone,
            reset=reset,
        )
    except DemoRefused as exc:
        raise click.ClickException(str(exc)) from exc
    except ValidationFailed as exc:
        lines = [f"  {e['field']}: {e['message']}" for e in exc.errors]
        raise click.ClickException("invalid input:\n" + "\n".join(lines)) from exc
    elapsed = time.perf_counter() - started
    what = "created" if result.created else "refilled"
    click.echo(
        f"{what} demo user {result.user_id} {result.email}: {span} days to {result.today}, seed {seed}"
    )
    click.echo("  " + ", ".join(f"{n} {name}" for name, n in result.counts.items()))
    click.echo(
        f"  in {elapsed:.1f} s; sign in as {result.email}"
        + (f" / {DEMO_PASSWORD}" if result.created and password == DEMO_PASSWORD else "")
    )
