"""lifeos/docs/API.md stays in step with the code."""

from __future__ import annotations

from pathlib import Path

from lifeos import create_app
from lifeos.platform.errors import ERROR_CATALOG, HTTP_CODES
from lifeos.platform.openapi import error_code_table, replace_generated

API_MD = Path(__file__).resolve().parents[2] / "lifeos" / "docs" / "API.md"


def test_error_code_table_is_current() -> None:
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # every error class registered
    text = API_MD.read_text()
    expected = replace_generated(text, "error-codes", error_code_table())
    assert text == expected, "lifeos/docs/API.md is stale: run scripts/update_api_docs and commit it"


def test_every_code_is_in_the_table() -> None:
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    table = API_MD.read_text()
    codes = {code for code, cls in ERROR_CATALOG.items() if cls.__module__.startswith("lifeos.")}
    codes |= {code for code, _title in HTTP_CODES.values()}
    missing = sorted(code for code in codes if f"| `{code}` |" not in table)
    assert not missing, f"error codes missing from lifeos/docs/API.md: {missing}"
