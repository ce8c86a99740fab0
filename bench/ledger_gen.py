"""Seeded data generators for the finance benchmarks, and fast bulk loaders.

* `generate_ledger(seed, lines, years)` — a double-entry ledger of exactly `lines` journal lines
  (mostly two-line entries, some three- and four-line splits), dated evenly over `years` years,
  over a realistic personal chart of accounts whose names are valid for hledger and Beancount
  (``Assets:Bank:Checking01``). The generator keeps exact per-account totals in cents: the truth
  the cross-check compares LifeOS, hledger and Beancount against.
* `write_journal` / `write_beancount` — the same ledger as an hledger ``.journal`` and a
  ``.beancount`` file.
* `load_ledger_postgres` / `load_ledger_sqlite` — rows into a migrated LifeOS database:
  PostgreSQL via ``COPY … FROM STDIN`` (psycopg), SQLite via ``executemany`` in one transaction.
* `search_account_rows(seed, user_id, count)` — typeahead-style account names for the search
  benchmark, and `load_accounts_postgres` / `load_accounts_sqlite`.

Everything derives from ``random.Random(seed)``: the same seed gives the same data byte for byte.
Run it alone to write the files only: ``python -m bench.ledger_gen --size 1000 --seed 1``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import random
import sqlite3
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lifeos.domains.finance.naming import normalize_name  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Chart of accounts for the ledger

# (root, group, stem, count, account_type, account_subtype, popularity exponent)
_CHART: list[tuple[str, str, str, int, str, str]] = [
    ("Assets", "Bank", "Checking", 4, "asset", "bank"),
    ("Assets", "Bank", "Savings", 6, "asset", "bank"),
    ("Assets", "Cash", "Wallet", 2, "asset", "cash"),
    ("Assets", "Investment", "Brokerage", 4, "asset", "investment"),
    ("Assets", "Receivable", "Friend", 8, "asset", "receivable"),
    ("Liabilities", "CreditCard", "Visa", 4, "liability", "credit_card"),
    ("Liabilities", "Loan", "Mortgage", 1, "liability", "loan"),
    ("Liabilities", "Loan", "Car", 2, "liability", "loan"),
    ("Equity", "Opening", "Balances", 1, "equity", "opening_balance"),
    ("Equity", "Contributed", "Capital", 1, "equity", "contributed"),
    ("Income", "Salary", "Employer", 3, "income", "salary"),
    ("Income", "Investment", "Dividends", 8, "income", "investment"),
    ("Income", "Business", "Client", 20, "income", "business"),
    ("Income", "Rental", "Unit", 4, "income", "rental"),
    ("Expenses", "Groceries", "Store", 30, "expense", "groceries"),
    ("Expenses", "Utilities", "Service", 8, "expense", "utilities"),
    ("Expenses", "Rent", "Home", 2, "expense", "rent"),
    ("Expenses", "Transportation", "Fuel", 10, "expense", "transportation"),
    ("Expenses", "Entertainment", "Venue", 30, "expense", "entertainment"),
    ("Expenses", "Other", "Misc", 20, "expense", "other"),
    ("Expenses", "Taxes", "Income", 2, "expense", "other"),
    ("Expenses", "Interest", "Loan", 3, "expense", "other"),
]


@dataclass(frozen=True)
class LedgerAccount:
    index: int
    name: str  # "Assets:Bank:Checking01": a valid hledger and Beancount account name
    account_type: str
    account_subtype: str
    group: str  # "Assets:Bank:Checking"


def chart_of_accounts() -> list[LedgerAccount]:
    accounts: list[LedgerAccount] = []
    for root, group, stem, count, account_type, subtype in _CHART:
        for n in range(1, count + 1):
            accounts.append(
                LedgerAccount(
                    len(accounts),
                    f"{root}:{group}:{stem}{n:02d}",
                    account_type,
                    subtype,
                    f"{root}:{group}:{stem}",
                )
            )
    return accounts


# ---------------------------------------------------------------------------------------------
# The ledger


@dataclass
class Ledger:
    seed: int
    accounts: list[LedgerAccount]
    start: date
    days: int
    # Entries (parallel arrays): first line index, number of lines, description id.
    entry_first_line: array = field(default_factory=lambda: array("q"))
    entry_line_count: array = field(default_factory=lambda: array("b"))
    entry_kind: array = field(default_factory=lambda: array("b"))
    # Lines (parallel arrays): account index, signed amount in cents (debit > 0, credit < 0).
    line_account: array = field(default_factory=lambda: array("i"))
    line_cents: array = field(default_factory=lambda: array("q"))

    @property
    def n_entries(self) -> int:
        return len(self.entry_first_line)

    @property
    def n_lines(self) -> int:
        return len(self.line_account)

    def entry_date(self, entry_index: int) -> date:
        """Entries are spread evenly over the period, in id order (like a real, growing ledger)."""
        return self.start + timedelta(days=entry_index * self.days // max(1, self.n_entries))

    def description(self, entry_index: int) -> str:
        first = self.entry_first_line[entry_index]
        kind = _KIND_NAMES[self.entry_kind[entry_index]]
        # Name the entry after its first (debit) account's leaf: "Groceries Store03".
        leaf = self.accounts[self.line_account[first]].name.rsplit(":", 1)[1]
        return f"{kind} {leaf}"

    def totals(self) -> dict[str, tuple[int, int]]:
        """Exact (debit cents, credit cents) per account name."""
        debit = [0] * len(self.accounts)
        credit = [0] * len(self.accounts)
        for acc, cents in zip(self.line_account, self.line_cents, strict=True):
            if cents > 0:
                debit[acc] += cents
            else:
                credit[acc] -= cents
        return {a.name: (debit[a.index], credit[a.index]) for a in self.accounts}

    def usage(self) -> tuple[list[int], list[int]]:
        """Per account: number of lines and the index of the last entry that used it."""
        counts = [0] * len(self.accounts)
        last = [-1] * len(self.accounts)
        for e in range(self.n_entries):
            first = self.entry_first_line[e]
            for i in range(first, first + self.entry_line_count[e]):
                acc = self.line_account[i]
                counts[acc] += 1
                last[acc] = e
        return counts, last


_KIND_NAMES = [
    "Purchase",
    "Split purchase",
    "Card payment",
    "Transfer",
    "Payroll",
    "Income",
    "Loan to",
    "Loan payment",
    "Contribution",
]


class _Picker:
    """Weighted choice within an account group: a few accounts get most of the traffic."""

    def __init__(self, rng: random.Random, accounts: list[LedgerAccount]) -> None:
        self.rng = rng
        self.accounts = [a.index for a in accounts]
        weights = [1.0 / (rank + 1) for rank in range(len(accounts))]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def __call__(self) -> int:
        x = self.rng.random()
        for idx, edge in zip(self.accounts, self.cum, strict=True):
            if x <= edge:
                return idx
        return self.accounts[-1]


def generate_ledger(
    seed: int = 1, lines: int = 1_000_000, years: int = 10, start: date = date(2016, 1, 1)
) -> Ledger:
    """A balanced ledger of exactly `lines` journal lines (`lines` >= 2)."""
    if lines < 2:
        raise ValueError("a ledger needs at least 2 lines")
    rng = random.Random(seed)
    accounts = chart_of_accounts()
    by_group: dict[str, list[LedgerAccount]] = {}
    by_type: dict[str, list[LedgerAccount]] = {}
    for a in accounts:
        by_group.setdefault(a.group, []).append(a)
        by_type.setdefault(a.account_type, []).append(a)

    def picker(*groups: str) -> _Picker:
        return _Picker(rng, [a for g in groups for a in by_group[g]])

    expense = picker(
        *(g for g in by_group if g.startswith("Expenses:") and "Taxes" not in g and "Interest" not in g)
    )
    checking = picker("Assets:Bank:Checking")
    card = picker("Liabilities:CreditCard:Visa")
    saving = picker("Assets:Bank:Savings", "Assets:Investment:Brokerage", "Assets:Cash:Wallet")
    salary = picker("Income:Salary:Employer")
    other_income = picker("Income:Investment:Dividends", "Income:Business:Client", "Income:Rental:Unit")
    receivable = picker("Assets:Receivable:Friend")
    loan = picker("Liabilities:Loan:Mortgage", "Liabilities:Loan:Car")
    taxes = picker("Expenses:Taxes:Income")
    interest = picker("Expenses:Interest:Loan")
    brokerage = picker("Assets:Investment:Brokerage")
    equity = picker("Equity:Contributed:Capital", "Equity:Opening:Balances")

    def amount(mu: float = 3.4, sigma: float = 1.0) -> int:
        return max(1, int(rng.lognormvariate(mu, sigma) * 100))

    ledger = Ledger(seed, accounts, start, 365 * years)
    la, lc = ledger.line_account, ledger.line_cents

    def post(kind: int, postings: list[tuple[int, int]]) -> None:
        assert sum(c for _, c in postings) == 0 and len(postings) >= 2
        ledger.entry_first_line.append(len(la))
        ledger.entry_line_count.append(len(postings))
        ledger.entry_kind.append(kind)
        for acc, cents in postings:
            la.append(acc)
            lc.append(cents)

    def two_lines() -> None:
        r = rng.random()
        if r < 0.62:  # purchase: expense paid from checking or card
            a = amount()
            post(0, [(expense(), a), (card() if rng.random() < 0.6 else checking(), -a)])
        elif r < 0.72:  # card payment
            a = amount(6.0, 0.6)
            post(2, [(card(), a), (checking(), -a)])
        elif r < 0.82:  # transfer to savings / brokerage / cash
            a = amount(5.0, 0.8)
            post(3, [(saving(), a), (checking(), -a)])
        elif r < 0.94:  # other income
            a = amount(5.5, 1.0)
            post(5, [(checking(), a), (other_income(), -a)])
        elif r < 0.995:  # money lent to / repaid by a friend
            a = amount(4.5, 0.8)
            if rng.random() < 0.5:
                post(6, [(receivable(), a), (checking(), -a)])
            else:
                post(6, [(checking(), a), (receivable(), -a)])
        else:  # owner contribution
            a = amount(7.0, 0.5)
            post(8, [(checking(), a), (equity(), -a)])

    def three_lines() -> None:
        r = rng.random()
        if r < 0.5:  # split purchase on a card
            a, b = amount(), amount()
            post(1, [(expense(), a), (expense(), b), (card(), -(a + b))])
        elif r < 0.8:  # loan instalment: principal + interest
            p, i = amount(6.0, 0.3), amount(4.5, 0.3)
            post(7, [(loan(), p), (interest(), i), (checking(), -(p + i))])
        else:  # payroll without retirement
            net, tax = amount(7.8, 0.2), amount(6.8, 0.2)
            post(4, [(checking(), net), (taxes(), tax), (salary(), -(net + tax))])

    def four_lines() -> None:  # payroll: net pay, tax withheld, retirement contribution
        net, tax, ret = amount(7.8, 0.2), amount(6.8, 0.2), amount(5.8, 0.2)
        post(4, [(checking(), net), (taxes(), tax), (brokerage(), ret), (salary(), -(net + tax + ret))])

    makers = {2: two_lines, 3: three_lines, 4: four_lines}
    while len(la) < lines:
        remaining = lines - len(la)
        x = rng.random()
        k = 2 if x < 0.88 else 3 if x < 0.97 else 4
        if k > remaining or remaining - k == 1:
            k = remaining if remaining <= 4 else 2
        makers[k]()
    assert len(la) == lines
    return ledger


# ---------------------------------------------------------------------------------------------
# Text files for hledger and Beancount


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _write_chunks(path: Path, chunks: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", buffering=1 << 20) as fh:
        for chunk in chunks:
            fh.write(chunk)


def _entries_text(ledger: Ledger, header: str, indent: str) -> Iterator[str]:
    buf: list[str] = []
    names = [a.name for a in ledger.accounts]
    width = max(len(n) for n in names) + 2
    padded = [n.ljust(width) for n in names]
    for e in range(ledger.n_entries):
        d = ledger.entry_date(e).isoformat()
        buf.append(header.format(date=d, desc=ledger.description(e)))
        first = ledger.entry_first_line[e]
        for i in range(first, first + ledger.entry_line_count[e]):
            buf.append(f"{indent}{padded[ledger.line_account[i]]}{_money(ledger.line_cents[i]):>12} USD\n")
        buf.append("\n")
        if len(buf) > 50_000:
            yield "".join(buf)
            buf.clear()
    yield "".join(buf)


def write_journal(ledger: Ledger, path: Path) -> Path:
    """The ledger as an hledger journal."""
    head = (
        f"; LifeOS finance benchmark ledger: seed {ledger.seed}, {ledger.n_entries} entries, "
        f"{ledger.n_lines} lines. Generated by bench/ledger_gen.py.\n\n"
    )
    _write_chunks(path, [head, *_entries_text(ledger, "{date} {desc}\n", "    ")])
    return path


def write_beancount(ledger: Ledger, path: Path) -> Path:
    """The ledger as a Beancount file (accounts opened before the first entry)."""
    head = [
        f"; LifeOS finance benchmark ledger: seed {ledger.seed}, {ledger.n_entries} entries, "
        f"{ledger.n_lines} lines. Generated by bench/ledger_gen.py.\n",
        'option "title" "LifeOS benchmark ledger"\n',
        'option "operating_currency" "USD"\n\n',
    ]
    opened = (ledger.start - timedelta(days=1)).isoformat()
    head += [f"{opened} open {a.name}\n" for a in ledger.accounts]
    head.append("\n")
    _write_chunks(path, [*head, *_entries_text(ledger, '{date} * "{desc}"\n', "  ")])
    return path


# ---------------------------------------------------------------------------------------------
# Users


def create_user_postgres(conn: Any, email: str) -> int:
    """A bare user row (the benchmarks call services directly; nobody logs in)."""
    with conn.cursor() as cur:
        cur.execute(
            'INSERT INTO "user" (email, password_hash, full_name, is_active) VALUES (%s, %s, %s, true) '
            "RETURNING id",
            (email, "!bench-no-login", "Benchmark user"),
        )
        return int(cur.fetchone()[0])


def create_user_sqlite(conn: sqlite3.Connection, email: str) -> int:
    cur = conn.execute(
        'INSERT INTO "user" (email, password_hash, full_name, is_active) VALUES (?, ?, ?, 1)',
        (email, "!bench-no-login", "Benchmark user"),
    )
    return int(cur.lastrowid or 0)


# ---------------------------------------------------------------------------------------------
# Loading the ledger


_NOW = datetime(2026, 1, 1, 12, 0, 0)


def _tsv(values: Iterable[Any]) -> str:
    return "\t".join("\\N" if v is None else str(v) for v in values) + "\n"


@dataclass
class LoadResult:
    user_id: int
    account_ids: dict[str, int]  # ledger account name → finance_account.id
    first_entry_id: int
    first_line_id: int


def _ledger_account_rows(ledger: Ledger, user_id: int, first_id: int) -> list[tuple[Any, ...]]:
    counts, last = ledger.usage()
    rows = []
    for a in ledger.accounts:
        last_used = (
            datetime.combine(ledger.entry_date(last[a.index]), datetime.min.time())
            if last[a.index] >= 0
            else None
        )
        rows.append(
            (
                first_id + a.index,
                user_id,
                a.name,
                normalize_name(a.name),
                a.account_type,
                a.account_subtype,
                True,
                counts[a.index],
                last_used,
            )
        )
    return rows


_ACCOUNT_COLS = (
    "id",
    "user_id",
    "name",
    "normalized_name",
    "account_type",
    "account_subtype",
    "is_active",
    "use_count",
    "last_used_at",
)
_ENTRY_COLS = ("id", "user_id", "description", "entry_date", "posted_at", "created_at", "source")
_LINE_COLS = ("id", "entry_id", "account_id", "debit", "credit", "user_id")


def _entry_rows(ledger: Ledger, user_id: int, first_id: int) -> Iterator[tuple[Any, ...]]:
    for e in range(ledger.n_entries):
        d = ledger.entry_date(e)
        stamp = datetime.combine(d, datetime.min.time()) + timedelta(hours=12)
        yield (first_id + e, user_id, ledger.description(e), d, stamp, stamp, "import")


def _line_rows(
    ledger: Ledger,
    user_id: int,
    account_ids: list[int],
    first_entry_id: int,
    first_line_id: int,
    with_date: bool,
) -> Iterator[tuple[Any, ...]]:
    line_id = first_line_id
    for e in range(ledger.n_entries):
        first = ledger.entry_first_line[e]
        d = ledger.entry_date(e) if with_date else None
        for i in range(first, first + ledger.entry_line_count[e]):
            cents = ledger.line_cents[i]
            debit, credit = (_money(cents), "0.00") if cents > 0 else ("0.00", _money(-cents))
            row = (line_id, first_entry_id + e, account_ids[ledger.line_account[i]], debit, credit, user_id)
            yield (*row, d) if with_date else row
            line_id += 1


def _copy(cur: Any, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> int:
    n = 0
    cols = ", ".join(columns)
    with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        buf = io.StringIO()
        for row in rows:
            buf.write(_tsv(row))
            n += 1
            if n % 100_000 == 0:
                copy.write(buf.getvalue())
                buf = io.StringIO()
        copy.write(buf.getvalue())
    return n


@contextlib.contextmanager
def _indexes_rebuilt_after(cur: Any, tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the tables' secondary indexes, load, then recreate them from their own definitions.

    Building a B-tree once from sorted input is much faster than maintaining it row by row. The
    definitions come from pg_indexes, so the schema afterwards is exactly the migrated one
    (indexes that back a constraint, such as the primary key, are left alone).
    """
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) AND NOT EXISTS ("
        "  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        (list(tables),),
    )
    indexes = cur.fetchall()
    for name, _definition in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cur.execute(definition)


@contextlib.contextmanager
def _sqlite_indexes_rebuilt_after(conn: sqlite3.Connection, tables: tuple[str, ...]) -> Iterator[None]:
    """SQLite flavour of `_indexes_rebuilt_after`: explicit indexes from sqlite_master."""
    marks = ", ".join("?" * len(tables))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master "
        f"WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        tables,
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)


def _setval(cur: Any, table: str) -> None:
    cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def load_ledger_postgres(ledger: Ledger, libpq_url: str, line_has_entry_date: bool) -> LoadResult:
    """COPY the ledger into a migrated PostgreSQL database (one user owns every line)."""
    import psycopg

    with psycopg.connect(libpq_url) as conn:
        user_id = create_user_postgres(conn, f"bench-ledger-{ledger.seed}@example.com")
        with conn.cursor() as cur:
            # The generated rows are consistent by construction; skip per-row FK triggers while
            # bulk loading (as pg_restore does), then VACUUM ANALYZE like a settled database.
            cur.execute("SET session_replication_role = replica")
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute("SELECT COALESCE(max(id), 0) + 1 FROM finance_account")
            first_account = int(cur.fetchone()[0])
            rows = _ledger_account_rows(ledger, user_id, first_account)
            _copy(cur, "finance_account", _ACCOUNT_COLS, rows)
            account_ids = [r[0] for r in rows]
            cur.execute("SELECT COALESCE(max(id), 0) + 1 FROM finance_journal_entry")
            first_entry = int(cur.fetchone()[0])
            cur.execute("SELECT COALESCE(max(id), 0) + 1 FROM finance_journal_line")
            first_line = int(cur.fetchone()[0])
            line_cols = _LINE_COLS + (("entry_date",) if line_has_entry_date else ())
            lines = _line_rows(ledger, user_id, account_ids, first_entry, first_line, line_has_entry_date)
            with _indexes_rebuilt_after(cur, ("finance_journal_entry", "finance_journal_line")):
                _copy(cur, "finance_journal_entry", _ENTRY_COLS, _entry_rows(ledger, user_id, first_entry))
                _copy(cur, "finance_journal_line", line_cols, lines)
            for table in ("finance_account", "finance_journal_entry", "finance_journal_line"):
                _setval(cur, table)
            cur.execute("SET session_replication_role = origin")
        conn.commit()
    return LoadResult(
        user_id, {a.name: account_ids[a.index] for a in ledger.accounts}, first_entry, first_line
    )


def load_ledger_sqlite(ledger: Ledger, path: Path, line_has_entry_date: bool) -> LoadResult:
    """executemany the ledger into a migrated SQLite database, in one transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # consistent by construction; checked below
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        user_id = create_user_sqlite(conn, f"bench-ledger-{ledger.seed}@example.com")
        first_account = conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM finance_account").fetchone()[0]
        rows = _ledger_account_rows(ledger, user_id, first_account)
        conn.executemany(
            _insert_sql("finance_account", _ACCOUNT_COLS),
            [_sqlite_row(r) for r in rows],
        )
        account_ids = [r[0] for r in rows]
        first_entry = conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM finance_journal_entry").fetchone()[0]
        first_line = conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM finance_journal_line").fetchone()[0]
        line_cols = _LINE_COLS + (("entry_date",) if line_has_entry_date else ())
        lines = _line_rows(ledger, user_id, account_ids, first_entry, first_line, line_has_entry_date)
        with _sqlite_indexes_rebuilt_after(conn, ("finance_journal_entry", "finance_journal_line")):
            conn.executemany(
                _insert_sql("finance_journal_entry", _ENTRY_COLS),
                (_sqlite_row(r) for r in _entry_rows(ledger, user_id, first_entry)),
            )
            conn.executemany(_insert_sql("finance_journal_line", line_cols), (_sqlite_row(r) for r in lines))
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key problems after load: {problems[:5]}")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    return LoadResult(
        user_id, {a.name: account_ids[a.index] for a in ledger.accounts}, first_entry, first_line
    )


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values as SQLAlchemy would bind them on SQLite (dates/datetimes as ISO text)."""
    out = []
    for v in row:
        if isinstance(v, datetime):
            out.append(v.isoformat(sep=" "))
        elif isinstance(v, date):
            out.append(v.isoformat())
        elif isinstance(v, bool):
            out.append(int(v))
        else:
            out.append(v)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Accounts for the typeahead search benchmark

# (head words, account_type, account_subtype, weight): weights skew first letters like real charts.
_HEADS: list[tuple[str, str, str, float]] = [
    ("Savings", "asset", "bank", 6),
    ("Checking", "asset", "bank", 5),
    ("Cash", "asset", "cash", 2),
    ("Wallet", "asset", "cash", 1),
    ("Brokerage", "asset", "investment", 2),
    ("Retirement", "asset", "investment", 2),
    ("Property", "asset", "property", 1),
    ("Receivable", "asset", "receivable", 2),
    ("Deposit", "asset", "other", 1),
    ("Visa", "liability", "credit_card", 3),
    ("Mastercard", "liability", "credit_card", 2),
    ("Amex", "liability", "credit_card", 1),
    ("Mortgage", "liability", "loan", 1),
    ("Student Loan", "liability", "loan", 1),
    ("Car Loan", "liability", "loan", 1),
    ("Payable", "liability", "payable", 1),
    ("Opening Balance", "equity", "opening_balance", 0.2),
    ("Owner Capital", "equity", "contributed", 0.2),
    ("Retained Earnings", "equity", "retained_earnings", 0.2),
    ("Salary", "income", "salary", 2),
    ("Bonus", "income", "salary", 1),
    ("Dividends", "income", "investment", 2),
    ("Interest Income", "income", "investment", 1),
    ("Consulting", "income", "business", 2),
    ("Sales", "income", "business", 2),
    ("Rental Income", "income", "rental", 1),
    ("Groceries", "expense", "groceries", 6),
    ("Supermarket", "expense", "groceries", 3),
    ("Utilities", "expense", "utilities", 2),
    ("Electricity", "expense", "utilities", 2),
    ("Water", "expense", "utilities", 1),
    ("Internet", "expense", "utilities", 1),
    ("Phone", "expense", "utilities", 1),
    ("Rent", "expense", "rent", 2),
    ("Fuel", "expense", "transportation", 2),
    ("Transit", "expense", "transportation", 2),
    ("Parking", "expense", "transportation", 1),
    ("Taxi", "expense", "transportation", 1),
    ("Dining", "expense", "entertainment", 4),
    ("Coffee", "expense", "entertainment", 2),
    ("Streaming", "expense", "entertainment", 2),
    ("Cinema", "expense", "entertainment", 1),
    ("Concerts", "expense", "entertainment", 1),
    ("Travel", "expense", "other", 3),
    ("Insurance", "expense", "other", 2),
    ("Medical", "expense", "other", 2),
    ("Pharmacy", "expense", "other", 1),
    ("Gym", "expense", "other", 1),
    ("Books", "expense", "other", 1),
    ("Clothing", "expense", "other", 2),
    ("Pet Care", "expense", "other", 1),
    ("Childcare", "expense", "other", 1),
    ("Taxes", "expense", "other", 1),
    ("Charity", "expense", "other", 1),
    ("Gifts", "expense", "other", 2),
    ("Home Repairs", "expense", "other", 1),
    ("Subscriptions", "expense", "other", 2),
]
_QUALIFIERS = [
    "Ally",
    "Chase",
    "Barclays",
    "Monzo",
    "Revolut",
    "HSBC",
    "Citi",
    "Wells",
    "Schwab",
    "Vanguard",
    "Fidelity",
    "Aldi",
    "Lidl",
    "Tesco",
    "Costco",
    "Walmart",
    "Target",
    "Kroger",
    "Shell",
    "BP",
    "Netflix",
    "Spotify",
    "Hulu",
    "Amazon",
    "Uber",
    "Lyft",
    "Starbucks",
    "IKEA",
    "Apple",
    "Google",
    "Home",
    "Work",
    "Family",
    "Joint",
    "Personal",
    "Business",
    "Holiday",
    "Emergency",
    "Kids",
    "Main",
    "Crédit Agricole",
    "Société Générale",
    "Straße",
    "Zürich",
    "Café",
    "Ørsted",
    "İş Bankası",
]


def search_account_rows(seed: int, user_id: int, count: int) -> Iterator[tuple[Any, ...]]:
    """`count` accounts for one user: (user_id, name, normalized_name, type, subtype, active,
    use_count, last_used_at). Names are unique per user ("Savings Ally 0412")."""
    rng = random.Random(f"{seed}:{user_id}")
    heads = [h for h, *_ in _HEADS]
    meta = {h: (t, s) for h, t, s, _ in _HEADS}
    cum: list[float] = []
    for *_, w in _HEADS:
        cum.append((cum[-1] if cum else 0.0) + w)
    seen: dict[tuple[str, str], int] = {}
    base = datetime(2025, 12, 1)
    for _ in range(count):
        head = rng.choices(heads, cum_weights=cum)[0]
        qual = rng.choice(_QUALIFIERS) if rng.random() < 0.85 else ""
        n = seen.get((head, qual), 0) + 1
        seen[(head, qual)] = n
        name = " ".join(p for p in (head, qual, f"{n:04d}") if p)
        account_type, subtype = meta[head]
        # Most accounts are rarely used; a few are used a lot (a long tail, like real charts).
        use_count = int(rng.paretovariate(1.2)) - 1 if rng.random() < 0.7 else 0
        last_used = base - timedelta(minutes=rng.randrange(0, 5 * 365 * 24 * 60)) if use_count else None
        active = rng.random() > 0.03
        yield (user_id, name, normalize_name(name), account_type, subtype, active, use_count, last_used)


def interleaved_account_rows(
    seed: int, per_user: dict[int, int], chunk: int = 50
) -> Iterator[tuple[Any, ...]]:
    """Every user's accounts, interleaved in small chunks as accounts accumulate in a shared table.

    Loading user after user would store each user's rows contiguously, which makes a scan of
    "all rows of this user" unrealistically cheap for the planner (perfect heap correlation).
    """
    streams = [search_account_rows(seed, user_id, count) for user_id, count in per_user.items()]
    while streams:
        alive = []
        for stream in streams:
            rows = list(itertools.islice(stream, chunk))
            yield from rows
            if len(rows) == chunk:
                alive.append(stream)
        streams = alive


_SEARCH_COLS = (
    "user_id",
    "name",
    "normalized_name",
    "account_type",
    "account_subtype",
    "is_active",
    "use_count",
    "last_used_at",
)


def load_accounts_postgres(libpq_url: str, seed: int, per_user: dict[int, int]) -> int:
    """COPY the search accounts of each user (user_id → count) into a migrated database."""
    import psycopg

    n = 0
    with psycopg.connect(libpq_url) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '512MB'")
        with _indexes_rebuilt_after(cur, ("finance_account",)):
            n = _copy(cur, "finance_account", _SEARCH_COLS, interleaved_account_rows(seed, per_user))
        cur.execute("SET session_replication_role = origin")
        conn.commit()
    return n


def load_accounts_sqlite(path: Path, seed: int, per_user: dict[int, int]) -> int:
    conn = sqlite3.connect(path, isolation_level=None)
    n = 0
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        sql = _insert_sql("finance_account", _SEARCH_COLS)
        with _sqlite_indexes_rebuilt_after(conn, ("finance_account",)):
            conn.executemany(sql, (_sqlite_row(r) for r in interleaved_account_rows(seed, per_user)))
            n = sum(per_user.values())
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    return n


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the benchmark ledger as .journal and .beancount")
    parser.add_argument("--size", type=int, default=1_000_000, help="journal lines (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    ledger = generate_ledger(args.seed, args.size, args.years)
    j = write_journal(ledger, args.out / f"ledger_{args.size}_{args.seed}.journal")
    b = write_beancount(ledger, args.out / f"ledger_{args.size}_{args.seed}.beancount")
    print(f"{ledger.n_entries:,} entries, {ledger.n_lines:,} lines, {len(ledger.accounts)} accounts")
    print(j)
    print(b)


if __name__ == "__main__":
    main()
