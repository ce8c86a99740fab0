"""Hostile input never produces a 5xx: every JSON route gets random bodies, params and queries.

Bodies mix arbitrary JSON with "near-valid" objects built from the route's own request schema
(right field names, wrong or extreme values), so validation paths are exercised too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SKIP_RULES = {"/static/<path:filename>", "/assets/<path:filename>"}
# Logging out would revoke the token the fuzzer uses for the remaining examples.
SKIP_ENDPOINT_SUFFIXES = ("logout",)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(
        ["", " ", "0", "-1", "1e309", "NaN", "2025-02-30", "9999-12-31", "%", "_", "\\", "\x00"]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
path_values = st.sampled_from(["1", "2", "999999999", "0"])
query_values = st.sampled_from(
    ["", "x", "-1", "0", "51", "abc", "2025-13-01", "2025-01-01", "%_\\", "9" * 30]
)


def _routes(app: Flask) -> list[tuple[str, str, Any]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule in SKIP_RULES or rule.endpoint.endswith(SKIP_ENDPOINT_SUFFIXES):
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "__openapi__", {}) or {}
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((method, rule.rule, meta))
    return out


def _fields(schema: Any) -> list[str]:
    return list(getattr(schema, "model_fields", {}) or {})


@pytest.mark.parametrize("chunk", range(4))
def test_no_route_answers_hostile_input_with_5xx(app: Flask, user_factory, auth_headers, chunk: int) -> None:  # type: ignore[no-untyped-def]
    headers = auth_headers(user_factory())
    client = app.test_client()
    routes = _routes(app)[chunk::4]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def probe(data: st.DataObject) -> None:
        method, rule, meta = data.draw(st.sampled_from(routes))
        url = rule
        for part in rule.split("<")[1:]:
            name = part.split(">")[0]
            url = url.replace(f"<{name}>", data.draw(path_values))
        query = {f: data.draw(query_values) for f in _fields(meta.get("query")) if data.draw(st.booleans())}
        body_fields = _fields(meta.get("body"))
        if body_fields and data.draw(st.booleans()):
            body: Any = {f: data.draw(json_values) for f in body_fields}
        else:
            body = data.draw(json_values)
        raw = json.dumps(body) if data.draw(st.integers(0, 9)) else "{not json"
        response = client.open(
            url, method=method, query_string=query, data=raw, content_type="application/json", headers=headers
        )
        assert response.status_code < 500, (
            method,
            url,
            query,
            raw[:300],
            response.get_data(as_text=True)[:300],
        )
        if response.status_code >= 400 and url.startswith(("/api/", "/auth/", "/finance/")):
            assert response.mimetype == "application/problem+json", (method, url)
            assert response.get_json()["code"]

    probe()
