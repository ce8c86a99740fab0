"""CSV import views: preview and commit a bank statement, read the mapping saved per account."""

from __future__ import annotations

import binascii
from base64 import b64decode
from typing import Any

from lifeos.domains.finance.errors import ImportFileInvalid
from lifeos.domains.finance.schemas import imports as s
from lifeos.domains.finance.services.imports import commit as svc
from lifeos.domains.finance.services.imports import saved
from lifeos.platform.auth.guard import current_user_id, require_auth
from lifeos.platform.http import form_body, is_form_data, json_body, parse, parse_query
from lifeos.platform.openapi import api_doc
from lifeos.platform.uow import current_session, unit_of_work

TAGS_IMPORT = ("finance: import",)
_JSON_FIELDS = frozenset({"mapping", "skip_rows", "accept_rows"})
_UPLOAD = (
    "Send the file as multipart/form-data (`file`, `account_id`, and `mapping` as a JSON document) "
    "or as JSON with the file base64-encoded in `content_base64`. The request size limit "
    "(MAX_CONTENT_LENGTH) bounds the file; at most 50,000 rows of at most 10,000 characters."
)


def _decode_base64(text: str) -> bytes:
    try:
        return b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ImportFileInvalid(
            "content_base64 is not valid base64.",
            errors=[
                {"field": "content_base64", "message": "is not valid base64", "row": None, "column": None}
            ],
        ) from None


def _request(form_model: type[s.ImportForm], json_model: type[s.ImportIn]) -> tuple[Any, bytes]:
    """The parsed request (either shape) and the file's bytes."""
    if is_form_data():
        form = parse(form_model, form_body(json_fields=_JSON_FIELDS, file_fields=frozenset({"file"})))
        return form, form.file
    body = parse(json_model, json_body())
    return body, _decode_base64(body.content_base64)


@api_doc(
    summary="Preview a CSV bank statement",
    tags=TAGS_IMPORT,
    body=s.ImportIn,
    form=s.ImportForm,
    form_json=("mapping",),
    response=s.ImportPreviewOut,
    errors=(401, 403, 404, 422),
    description="Parses every row with the mapping (or the account's saved one) and says which are "
    "new, duplicates (bank id or fingerprint), near matches (same amount within 3 days) or errors "
    "(naming row and column). Writes nothing. " + _UPLOAD,
)
@require_auth()
def preview_import() -> Any:
    """Parse and classify a statement; nothing is written."""
    req, content = _request(s.ImportForm, s.ImportIn)
    preview = svc.preview_import(current_session(), current_user_id(), req.account_id, content, req.mapping)
    return svc.preview_out(preview)


@api_doc(
    summary="Commit a CSV bank statement",
    tags=TAGS_IMPORT,
    body=s.ImportCommitIn,
    form=s.ImportCommitForm,
    form_json=("mapping", "skip_rows", "accept_rows"),
    response=s.ImportCommitOut,
    status=201,
    errors=(401, 403, 404, 422),
    description="Writes every new row as a transaction with its balanced journal entry, all in one "
    "transaction or nothing: a bad row (not in `skip_rows`) or a near match neither in `accept_rows` "
    "nor in `skip_rows` is a 422 naming the rows. Duplicates are counted, never written again. "
    "Saves the mapping for the account. " + _UPLOAD,
)
@require_auth()
def commit_import() -> Any:
    """Import the statement all or nothing; 201 with the counts."""
    req, content = _request(s.ImportCommitForm, s.ImportCommitIn)
    with unit_of_work() as uow:
        result = svc.commit_import(
            uow,
            current_user_id(),
            req.account_id,
            content,
            req.mapping,
            skip_rows=req.skip_rows,
            accept_rows=req.accept_rows,
        )
        return vars(result), 201


@api_doc(
    summary="Get the import mapping saved for an account",
    tags=TAGS_IMPORT,
    query=s.ImportMappingQuery,
    response=s.ImportMappingOut,
    errors=(401, 404, 422),
)
@require_auth()
def get_import_mapping() -> Any:
    """The mapping the account's last committed import used (404 when none is saved)."""
    query = parse_query(s.ImportMappingQuery)
    row, mapping = saved.get_saved(current_session(), current_user_id(), query.account_id)
    return {"account_id": row.account_id, "mapping": mapping, "updated_at": row.updated_at}
