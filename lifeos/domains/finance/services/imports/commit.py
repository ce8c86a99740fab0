"""Preview and commit of a CSV statement.

Commit re-reads the file and re-classifies its rows inside the write transaction, then writes
every new row as a finance_transaction with its balanced journal entry (the writes of
POST /finance/transactions, batched: see post.py) in ONE unit of work: any bad row, an
undecided near match, or any failure leaves nothing behind. When a concurrent import of the
same rows commits first, the unique keys (bank id, fingerprint) stop the second; it rolls back
and classifies again, so those rows become duplicates instead of being written twice.
`accept_rows` matters for near matches only: a duplicate is never written again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.finance.errors import (
    ImportMappingInvalid,
    ImportRowsInvalid,
    ImportUndecided,
    InvalidAccount,
)
from lifeos.domains.finance.events import ImportCommitted
from lifeos.domains.finance.models import Account
from lifeos.domains.finance.schemas.imports import ImportMappingIn, ImportPreviewOut
from lifeos.domains.finance.services.accounts import get_account
from lifeos.domains.finance.services.imports import saved
from lifeos.domains.finance.services.imports.dedupe import RowState, classify
from lifeos.domains.finance.services.imports.mapping import CellError, ParsedFile, parse_file
from lifeos.domains.finance.services.imports.post import post_rows
from lifeos.platform.uow import UnitOfWork

MAX_REPORTED_ERRORS = 200
RACE_ATTEMPTS = 3


@dataclass
class Preview:
    account_id: int
    mapping: ImportMappingIn
    parsed: ParsedFile
    rows: list[RowState]

    def counts(self) -> dict[str, int]:
        out = {"rows": len(self.rows), "new": 0, "duplicate": 0, "near_match": 0, "error": 0}
        for state in self.rows:
            out[state.status] += 1
        return out

    def errors(self) -> list[CellError]:
        return [e for s in self.rows for e in s.parsed.errors]


@dataclass
class CommitResult:
    account_id: int
    created: int
    duplicates: int
    skipped: int
    counts: dict[str, int]


def preview_out(preview: Preview) -> ImportPreviewOut:
    """The preview as `POST /finance/import/preview` answers it (the page shows the same)."""
    return ImportPreviewOut.model_validate(
        {
            "account_id": preview.account_id,
            "encoding": preview.parsed.encoding,
            "delimiter": preview.parsed.delimiter,
            "decimal_mark": preview.parsed.decimal_mark,
            "date_format": preview.parsed.date_format,
            "mapping": preview.mapping,
            "counts": preview.counts(),
            "errors": [vars(e) for e in preview.errors()],
            "rows": [
                {
                    "row": st.parsed.row,
                    "status": st.status,
                    "date": st.parsed.date,
                    "amount": st.parsed.amount,
                    "description": st.parsed.description,
                    "counterparty": st.parsed.counterparty,
                    "bank_id": st.parsed.bank_id,
                    "occurrence": st.occurrence,
                    "errors": [vars(e) for e in st.parsed.errors],
                    "matches": [vars(m) for m in st.matches],
                }
                for st in preview.rows
            ],
        }
    )


def _accounts(
    session: Session, user_id: int, account_id: int, mapping: ImportMappingIn
) -> tuple[Account, Account]:
    account = get_account(session, user_id, account_id)
    counter = get_account(session, user_id, mapping.counter_account_id)
    if counter.id == account.id:
        raise ImportMappingInvalid(
            "The counter account must differ from the imported account.",
            errors=[{"field": "mapping.counter_account_id", "message": "must differ from account_id"}],
        )
    inactive = [
        (f, a)
        for f, a in (("account_id", account), ("mapping.counter_account_id", counter))
        if not a.is_active
    ]
    if inactive:
        raise InvalidAccount(
            "An inactive account cannot take imports.",
            errors=[{"field": f, "message": "account is inactive"} for f, _ in inactive],
        )
    return account, counter


def resolve_mapping(
    session: Session, user_id: int, account_id: int, mapping: ImportMappingIn | None
) -> ImportMappingIn:
    """The mapping sent, else the one saved for the account."""
    if mapping is not None:
        return mapping
    get_account(session, user_id, account_id)
    found = saved.saved_mapping(session, user_id, account_id)
    if found is None:
        raise ImportMappingInvalid(
            "No mapping was sent and none is saved for this account.",
            errors=[{"field": "mapping", "message": "required: no mapping is saved for this account yet"}],
        )
    return found


def preview_import(
    session: Session, user_id: int, account_id: int, content: bytes, mapping: ImportMappingIn | None
) -> Preview:
    """Parse and classify every row; writes nothing."""
    resolved = resolve_mapping(session, user_id, account_id, mapping)
    _accounts(session, user_id, account_id, resolved)
    parsed = parse_file(content, resolved)
    return Preview(account_id, resolved, parsed, classify(session, user_id, account_id, parsed.rows))


def _decision_errors(rows: list[RowState], skip: set[int], accept: set[int]) -> list[dict[str, object]]:
    numbers = {s.parsed.row for s in rows}
    errors: list[dict[str, object]] = []
    for name, chosen in (("skip_rows", skip), ("accept_rows", accept)):
        for row in sorted(chosen - numbers):
            errors.append(
                {"field": name, "message": f"the file has no data row {row}", "row": row, "column": None}
            )
    for row in sorted(skip & accept):
        errors.append(
            {"field": "accept_rows", "message": f"row {row} is also in skip_rows", "row": row, "column": None}
        )
    return errors


def commit_import(
    uow: UnitOfWork,
    user_id: int,
    account_id: int,
    content: bytes,
    mapping: ImportMappingIn | None,
    *,
    skip_rows: list[int],
    accept_rows: list[int],
) -> CommitResult:
    """Write every new (and accepted) row, all in one transaction, or nothing (422)."""
    session = uow.session
    resolved = resolve_mapping(session, user_id, account_id, mapping)
    _accounts(session, user_id, account_id, resolved)
    parsed = parse_file(content, resolved)
    skip, accept = set(skip_rows), set(accept_rows)
    bad_rows = [e for r in parsed.rows if r.row not in skip for e in r.errors]
    if bad_rows:
        raise ImportRowsInvalid(
            f"{len({e.row for e in bad_rows})} row(s) cannot be imported; nothing was written.",
            errors=[e.as_problem() for e in bad_rows[:MAX_REPORTED_ERRORS]],
        )

    def work() -> CommitResult:
        account, counter = _accounts(session, user_id, account_id, resolved)
        states = classify(session, user_id, account_id, parsed.rows)
        wrong = _decision_errors(states, skip, accept)
        if wrong:
            raise ImportMappingInvalid("Some row decisions name no row of the file.", errors=wrong)
        undecided = [s for s in states if s.status == "near_match" and s.parsed.row not in skip | accept]
        if undecided:
            raise ImportUndecided(
                f"{len(undecided)} row(s) nearly match existing postings: accept or skip each.",
                errors=[
                    {
                        "field": "accept_rows",
                        "message": f"row {s.parsed.row} nearly matches entry {s.matches[0].journal_entry_id}",
                        "row": s.parsed.row,
                        "column": None,
                    }
                    for s in undecided[:MAX_REPORTED_ERRORS]
                ],
            )
        skipped = sum(1 for st in states if st.parsed.row in skip)
        duplicates = sum(1 for st in states if st.status == "duplicate" and st.parsed.row not in skip)
        fresh = [st for st in states if st.status in ("new", "near_match") and st.parsed.row not in skip]
        created = post_rows(uow, user_id, account.id, counter.id, fresh)
        saved.save(session, user_id, account_id, resolved)
        uow.emit(
            ImportCommitted(
                user_id=user_id,
                account_id=account_id,
                created=created,
                duplicates=duplicates,
                skipped=skipped,
            ),
            user_id,
        )
        counts = {"rows": len(states), "new": 0, "duplicate": 0, "near_match": 0, "error": 0}
        for state in states:
            counts[state.status] += 1
        return CommitResult(account_id, created, duplicates, skipped, counts)

    for attempt in range(RACE_ATTEMPTS):
        try:
            return uow.run(work)
        except IntegrityError:
            # Another import wrote some of these rows first: start again and see them as duplicates.
            uow.rollback()
            if attempt == RACE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
