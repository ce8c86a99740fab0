"""OpenAPI metadata attached to view functions; the document is built from the URL map.

Every JSON route is decorated with `api_doc(...)`; `build_openapi(app)` (in ops) walks
`app.url_map` and turns the metadata and pydantic schemas into an OpenAPI 3 document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Any])


def api_doc(
    *,
    summary: str,
    tags: tuple[str, ...] = (),
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | dict[str, Any] | None = None,
    status: int = 200,
    errors: tuple[int, ...] = (),
    auth: bool = True,
    description: str | None = None,
) -> Callable[[F], F]:
    """Attach OpenAPI metadata to a view function."""

    def decorate(fn: F) -> F:
        fn.__openapi__ = {  # type: ignore[attr-defined]
            "summary": summary,
            "tags": list(tags),
            "body": body,
            "query": query,
            "response": response,
            "status": status,
            "errors": list(errors),
            "auth": auth,
            "description": description or (fn.__doc__ or "").strip() or None,
        }
        return fn

    return decorate
