"""Scenarios: named what-ifs laid over the real schedule, which they never touch.

Ops, applied in the order they were added: `add` a whole row (recurring or not); `change` a
base row's amount and/or event_date (a recurring row's rule moves with its start date; the
amount applies to every occurrence); `drop` a base row. A legacy op (a base row and a
`delta_amount`, no amount) is a change of the amount by that delta.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import InvalidScenarioRow, ScenarioNotFound, ScenarioRowNotFound
from lifeos.domains.finance.models import MoneyScheduleScenario, MoneyScheduleScenarioRow
from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.domains.finance.services.schedule.common import (
    RULE_FIELDS,
    account_of,
    check_rule,
    get_row,
    rule_of,
)
from lifeos.domains.finance.services.schedule.matching import Item
from lifeos.platform.pagination import Page, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

ADD, CHANGE, DROP = "add", "change", "drop"
MAX_OPS = 1000


def get_scenario(session: Session, user_id: int, scenario_id: int) -> MoneyScheduleScenario:
    found = session.scalar(
        select(MoneyScheduleScenario).where(
            MoneyScheduleScenario.user_id == user_id, MoneyScheduleScenario.id == scenario_id
        )
    )
    if found is None:
        raise ScenarioNotFound(f"Scenario {scenario_id} not found.")
    return found


def ops_of(session: Session, user_id: int, scenario_id: int) -> list[MoneyScheduleScenarioRow]:
    return list(
        session.scalars(
            select(MoneyScheduleScenarioRow)
            .where(
                MoneyScheduleScenarioRow.user_id == user_id,
                MoneyScheduleScenarioRow.scenario_id == scenario_id,
            )
            .order_by(MoneyScheduleScenarioRow.id)
        )
    )


def create_scenario(
    uow: UnitOfWork, user_id: int, name: str, description: str | None
) -> MoneyScheduleScenario:
    def work() -> MoneyScheduleScenario:
        scenario = MoneyScheduleScenario(user_id=user_id, name=name, description=description)
        uow.session.add(scenario)
        uow.session.flush()
        return scenario

    return uow.run(work)


def update_scenario(
    uow: UnitOfWork, user_id: int, scenario_id: int, changes: dict[str, Any]
) -> MoneyScheduleScenario:
    def work() -> MoneyScheduleScenario:
        scenario = get_scenario(uow.session, user_id, scenario_id)
        for name in ("name", "description"):
            if name in changes:
                setattr(scenario, name, changes[name])
        uow.session.flush()
        return scenario

    return uow.run(work)


def delete_scenario(uow: UnitOfWork, user_id: int, scenario_id: int) -> None:
    def work() -> None:
        scenario = get_scenario(uow.session, user_id, scenario_id)
        uow.session.execute(
            delete(MoneyScheduleScenarioRow).where(
                MoneyScheduleScenarioRow.user_id == user_id,
                MoneyScheduleScenarioRow.scenario_id == scenario.id,
            )
        )
        uow.session.delete(scenario)
        uow.session.flush()

    uow.run(work)


def list_scenarios(
    session: Session, user_id: int, *, limit: int, cursor: str | None
) -> Page[MoneyScheduleScenario]:
    stmt = select(MoneyScheduleScenario).where(MoneyScheduleScenario.user_id == user_id)
    key = decode_cursor("schedule_scenarios", cursor, 1)
    if key is not None:
        stmt = stmt.where(MoneyScheduleScenario.id > cursor_int(key[0]))
    rows = list(session.scalars(stmt.order_by(MoneyScheduleScenario.id).limit(limit + 1)))
    return paginate(rows, limit, "schedule_scenarios", lambda s: [s.id])


def _check_op(session: Session, user_id: int, values: dict[str, Any]) -> None:
    """Each op carries what it needs and nothing else (`values`: only the fields sent)."""
    op = values["op"]
    errors: list[dict[str, str]] = []

    def bad(name: str, message: str) -> None:
        errors.append({"field": name, "message": message})

    rule_sent = [name for name in RULE_FIELDS if name in values]
    if op == ADD:
        if values.get("base_row_id") is not None:
            bad("base_row_id", "an added row has no base row")
        for name in ("account_id", "event_date", "amount"):
            if values.get(name) is None:
                bad(name, "required for an added row")
        check_rule(values, errors)
    else:
        if values.get("base_row_id") is None:
            bad("base_row_id", f"required for {op}")
        for name in ("account_id", "memo", *rule_sent):
            if values.get(name) is not None:
                bad(name, f"not allowed for {op}")
        if op == CHANGE and values.get("amount") is None and values.get("event_date") is None:
            bad("amount", "a change names amount and/or event_date")
        if op == DROP:
            for name in ("amount", "event_date"):
                if values.get(name) is not None:
                    bad(name, "not allowed for drop")
    if errors:
        raise InvalidScenarioRow("The scenario row is invalid.", errors=errors)
    if op == ADD:
        account_of(session, user_id, int(values["account_id"]))
    else:
        get_row(session, user_id, int(values["base_row_id"]))  # another user's row: 404


def add_op(
    uow: UnitOfWork, user_id: int, scenario_id: int, values: dict[str, Any]
) -> MoneyScheduleScenarioRow:
    def work() -> MoneyScheduleScenarioRow:
        session = uow.session
        scenario = get_scenario(session, user_id, scenario_id)
        _check_op(session, user_id, values)
        if len(ops_of(session, user_id, scenario.id)) >= MAX_OPS:
            raise InvalidScenarioRow(
                f"A scenario holds at most {MAX_OPS} rows.",
                errors=[{"field": "op", "message": "too many rows"}],
            )
        row = MoneyScheduleScenarioRow(user_id=user_id, scenario_id=scenario.id, op=values["op"])
        for name in ("base_row_id", "account_id", "event_date", "amount", "memo"):
            setattr(row, name, values.get(name))
        for api_name, column in RULE_FIELDS.items():
            if api_name in values and values[api_name] is not None:
                value = values[api_name]
                setattr(row, column, rec.format_weekdays(value) if api_name == "weekdays" else value)
        session.add(row)
        session.flush()
        return row

    return uow.run(work)


def delete_op(uow: UnitOfWork, user_id: int, scenario_id: int, row_id: int) -> None:
    def work() -> None:
        session = uow.session
        get_scenario(session, user_id, scenario_id)
        row = session.scalar(
            select(MoneyScheduleScenarioRow).where(
                MoneyScheduleScenarioRow.user_id == user_id,
                MoneyScheduleScenarioRow.scenario_id == scenario_id,
                MoneyScheduleScenarioRow.id == row_id,
            )
        )
        if row is None:
            raise ScenarioRowNotFound(f"Scenario row {row_id} not found.")
        session.delete(row)
        session.flush()

    uow.run(work)


def overlay(items: list[Item], ops: list[MoneyScheduleScenarioRow]) -> list[Item]:
    """The base items with the scenario's ops applied (the base list is not changed)."""
    by_id: dict[int, Item] = {i.row_id: i for i in items if i.row_id is not None}
    order = [i.row_id for i in items if i.row_id is not None]
    added: list[Item] = []
    for op in ops:
        kind = op.op or CHANGE
        if kind == ADD:
            if op.account_id is None or op.event_date is None or op.amount is None:
                continue  # an incomplete legacy row: nothing to add
            added.append(Item(None, op.account_id, op.amount, op.memo, rule_of(op, op.event_date)))
            continue
        base = by_id.get(op.base_row_id) if op.base_row_id is not None else None
        if base is None or op.base_row_id is None:
            continue
        if kind == DROP:
            del by_id[op.base_row_id]
            continue
        amount = op.amount if op.amount is not None else base.amount + (op.delta_amount or Decimal(0))
        rule = replace(base.rule, start=op.event_date) if op.event_date is not None else base.rule
        by_id[op.base_row_id] = replace(base, amount=amount, rule=rule)
    return [by_id[i] for i in order if i in by_id] + added


@dataclass
class OpView:
    id: int
    op: str
    base_row_id: int | None
    account_id: int | None
    event_date: date | None
    amount: Decimal | None
    delta_amount: Decimal
    memo: str | None
    recurrence: str
    every: int
    weekdays: list[int]
    day_of_month: int | None
    month_week: int | None
    until: date | None
    count: int | None
    weekend_rule: str
    description: str | None


@dataclass
class ScenarioView:
    id: int
    name: str
    description: str | None
    created_at: datetime | None
    rows: list[OpView]


def view_op(op: MoneyScheduleScenarioRow) -> OpView:
    rule = rule_of(op, op.event_date) if op.event_date is not None else None
    return OpView(
        id=op.id,
        op=op.op or CHANGE,
        base_row_id=op.base_row_id,
        account_id=op.account_id,
        event_date=op.event_date,
        amount=op.amount,
        delta_amount=op.delta_amount or Decimal(0),
        memo=op.memo,
        recurrence=op.recurrence or rec.ONCE,
        every=op.repeat_every or 1,
        weekdays=list(rec.parse_weekdays(op.weekdays)),
        day_of_month=op.day_of_month,
        month_week=op.month_week,
        until=op.until_date,
        count=op.occurrence_count,
        weekend_rule=op.weekend_rule or rec.KEEP,
        description=rec.describe(rule) if rule is not None and op.op == ADD else None,
    )


def view_scenario(session: Session, user_id: int, scenario: MoneyScheduleScenario) -> ScenarioView:
    return ScenarioView(
        id=scenario.id,
        name=scenario.name,
        description=scenario.description,
        created_at=scenario.created_at,
        rows=[view_op(op) for op in ops_of(session, user_id, scenario.id)],
    )
