"""Re-normalize every finance_account.normalized_name, keeping colliding accounts apart.

An earlier LifeOS stored lower-cased, whitespace-collapsed names; NFKC + casefold differs for
`Straße` (`strasse`) or full-width letters. Re-normalizing can make two active accounts of one
user share a name, which the unique index ux_finance_account_user_active_name forbids. Nothing
is renamed, deactivated or merged here: one account of each such group (the one already holding
the name, else the oldest) gets the plain normalized name, each other one gets it followed by
`COLLISION_MARK` and its id. That suffix is never the output of the normalize function (which
collapses whitespace), so the marked name is unique, still found by prefix and substring search,
and tells `flask db verify` which accounts still wait for `flask finance accounts merge`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from lifeos.migrations.helpers.live_schema import is_postgresql
from lifeos.migrations.helpers.timing import timed

BATCH_ROWS = 10_000
NAME_LENGTH = 255
COLLISION_MARK = "  #"  # two spaces: never inside a normalized name


def marked(normalized: str, account_id: int) -> str:
    suffix = f"{COLLISION_MARK}{account_id}"
    return normalized[: NAME_LENGTH - len(suffix)] + suffix


def merge_command(user_id: int, source: int, target: int) -> str:
    return f"flask finance accounts merge --user-id {user_id} --from {source} --into {target}"


@dataclass(frozen=True)
class Row:
    id: int
    user_id: int
    name: str
    stored: str
    active: bool


@dataclass(frozen=True)
class Collision:
    user_id: int
    normalized: str
    keeper: tuple[int, str]  # (id, name)
    others: tuple[tuple[int, str], ...]

    def describe(self) -> str:
        names = ", ".join(f"{i} {n!r}" for i, n in (self.keeper, *self.others))
        fixes = "; ".join(merge_command(self.user_id, i, self.keeper[0]) for i, _ in self.others)
        return (
            f"user {self.user_id}: active accounts {names} all normalize to {self.normalized!r}; "
            f"all kept (account {self.keeper[0]} holds the name). Merge them: {fixes}"
        )


def scan(bind: Connection) -> Iterator[list[Row]]:
    """Every account, in id batches."""
    stmt = sa.text(
        "SELECT id, user_id, name, normalized_name, is_active FROM finance_account "
        "WHERE id > :after ORDER BY id LIMIT :n"
    )
    after = 0
    while True:
        with timed(f"read accounts after id {after}", blocks_writes=False):
            rows = bind.execute(stmt, {"after": after, "n": BATCH_ROWS}).all()
        if not rows:
            return
        yield [Row(r.id, r.user_id, r.name or "", r.normalized_name or "", bool(r.is_active)) for r in rows]
        after = rows[-1].id


def _holders(bind: Connection, user_id: int, normalized: str) -> list[tuple[int, str]]:
    rows = bind.execute(
        sa.text(
            "SELECT id, name FROM finance_account WHERE user_id = :u AND normalized_name = :n "
            "AND is_active = :t ORDER BY id"
        ),
        {"u": user_id, "n": normalized, "t": True},
    ).all()
    return [(r.id, r.name) for r in rows]


def _shared_active_names(bind: Connection) -> set[tuple[int, str]]:
    rows = bind.execute(
        sa.text(
            "SELECT user_id, normalized_name FROM finance_account WHERE is_active = :t "
            "GROUP BY user_id, normalized_name HAVING COUNT(*) > 1"
        ),
        {"t": True},
    ).all()
    return {(r.user_id, r.normalized_name) for r in rows}


def _write(bind: Connection, values: list[tuple[int, str]], label: str) -> None:
    if is_postgresql(bind):
        update = sa.text(
            "UPDATE finance_account AS a SET normalized_name = v.n "
            "FROM (SELECT unnest(CAST(:ids AS integer[])) AS id, unnest(CAST(:names AS text[])) AS n) AS v "
            "WHERE a.id = v.id"
        )
    else:
        update = sa.text("UPDATE finance_account SET normalized_name = :n WHERE id = :id")
    for start in range(0, len(values), BATCH_ROWS):
        chunk = values[start : start + BATCH_ROWS]
        with timed(f"{label} ({len(chunk)} rows)"):
            if is_postgresql(bind):
                bind.execute(update, {"ids": [i for i, _ in chunk], "names": [n for _, n in chunk]})
            else:
                bind.execute(update, [{"id": i, "n": n} for i, n in chunk])


@dataclass
class Result:
    changed: int = 0
    collisions: list[Collision] | None = None


def renormalize_all(bind: Connection, normalize: Callable[[str], str]) -> Result:
    """Make every normalized_name equal normalize(name), marking collisions (see module doc)."""
    inactive: list[tuple[int, str]] = []
    groups: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    stored: dict[int, str] = {}
    # Active rows that already share a stored name (the unique index could not be built).
    shared = _shared_active_names(bind)
    for batch in scan(bind):
        for row in batch:
            target = normalize(row.name)[:NAME_LENGTH]
            if row.stored == target and not (row.active and (row.user_id, row.stored) in shared):
                continue
            if row.active:
                groups[(row.user_id, target)].append((row.id, row.name))
                stored[row.id] = row.stored
            else:
                inactive.append((row.id, target))
    keepers: list[tuple[int, str]] = []
    collisions: list[Collision] = []
    final_marks: list[tuple[int, str]] = []
    for (user_id, target), members in sorted(groups.items()):
        holders = [h for h in _holders(bind, user_id, target) if h[0] not in stored]
        everyone = sorted(holders + members)
        keeper = holders[0] if holders else everyone[0]
        others = tuple(m for m in everyone if m != keeper)
        if keeper[0] in stored:
            keepers.append((keeper[0], target))
        final_marks += [(i, marked(target, i)) for i, _ in others if i in stored]
        if others:
            collisions.append(Collision(user_id, target, keeper, others))
    # Marked values are unique per id: parking every active row there first means no
    # intermediate state can trip the unique index, whatever order the rows change in.
    parked = [(i, marked(t, i)) for (_, t), members in groups.items() for i, _ in members]
    _write(bind, parked, "park changing active names")
    _write(bind, keepers, "set normalized names")
    _write(bind, inactive, "set normalized names of inactive accounts")
    final = keepers + final_marks
    changed = len(inactive) + sum(1 for i, value in final if stored[i] != value)
    return Result(changed=changed, collisions=collisions)
