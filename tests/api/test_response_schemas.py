"""One representation per resource: every route's body is rendered through its declared schema."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from pydantic import BaseModel

from lifeos import create_app
from lifeos.platform.openapi import api_doc, documented_rules
from lifeos.platform.schemas import OutSchema


def test_every_documented_json_route_declares_a_response_schema() -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    missing = []
    for rule, meta in documented_rules(app):
        if meta["status"] == 204:
            continue
        response = meta["response"]
        view = app.view_functions[rule.endpoint]
        rendered = getattr(view, "__wrapped__", None) is not None
        if not (isinstance(response, type) and issubclass(response, BaseModel)) or not rendered:
            missing.append(f"{rule.rule} {sorted(rule.methods or [])}")
    assert missing == []


class _ThingOut(OutSchema):
    id: int
    name: str


class _Thing:
    def __init__(self, id: int, name: str, secret: str = "s3cret") -> None:
        self.id, self.name, self.secret = id, name, secret


@pytest.fixture
def probe_app() -> Flask:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})

    @api_doc(summary="An object, read by attribute", response=_ThingOut, auth=False)
    def from_object() -> Any:
        return _Thing(7, "kettle"), 201

    @api_doc(summary="A dict with an undeclared key", response=_ThingOut, auth=False)
    def drifted() -> Any:
        return {"id": 7, "name": "kettle", "colour": "blue"}

    app.add_url_rule("/probe/object", view_func=from_object)
    app.add_url_rule("/probe/drift", view_func=drifted)
    return app


def test_a_domain_object_is_rendered_with_only_the_declared_fields(probe_app: Flask) -> None:
    response = probe_app.test_client().get("/probe/object")
    assert response.status_code == 201
    assert response.get_json() == {"id": 7, "name": "kettle"}  # attributes outside the schema stay out


def test_a_body_that_drifts_from_its_schema_is_refused(probe_app: Flask) -> None:
    response = probe_app.test_client().get("/probe/drift")
    assert response.status_code == 500
    assert response.get_json()["code"] == "server.internal_error"
