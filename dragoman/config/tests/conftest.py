"""Helpers for the tests of the API as a whole: its served OpenAPI document and its routes."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

import dragoman
from dragoman.accounts.services import api_token_create

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def openapi(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The OpenAPI document exactly as the API serves it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def call(client):  # type: ignore[no-untyped-def]
    """``call(user, method, path, body)``: one request to /api/v1 with the user's API token."""
    tokens: dict[int, str] = {}

    def send(user, method: str, path: str, body: Any = None, **extra: Any):  # type: ignore[no-untyped-def]
        headers = {}
        if user is not None:
            if user.pk not in tokens:
                tokens[user.pk] = api_token_create(user=user, name="tests")[1]
            headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens[user.pk]}"
        if body is not None:
            extra.setdefault("content_type", "application/json")
        return getattr(client, method)(f"/api/v1{path}", data=body, **headers, **extra)

    return send


def operations(openapi: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every operation of the document: its path (without /api/v1), method and description."""
    for path, item in openapi["paths"].items():
        for method in METHODS:
            if method in item:
                yield path.removeprefix("/api/v1"), method, item[method]


def filled(path: str, operation: dict[str, Any], ids: dict[str, Any] | None = None) -> str:
    """The path with its parameters filled: from ``ids`` when given, otherwise a value of the
    right type that names nothing (999999, a random UUID)."""
    values: dict[str, Any] = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        name, schema = parameter["name"], parameter.get("schema", {})
        if ids and name in ids:
            values[name] = ids[name]
        elif schema.get("format") == "uuid":
            values[name] = uuid.uuid4()
        elif schema.get("type") == "integer":
            values[name] = 999999
        else:
            values[name] = "unknown"
    return path.format(**values)


def resolve(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema, or the component it refers to."""
    while "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def dragoman_models() -> list[type[BaseModel]]:
    """Every pydantic model (ninja Schema or InputSchema) declared in a module of Dragoman,
    each app's api.py among them; tests and migrations left out."""
    for module in pkgutil.walk_packages(dragoman.__path__, "dragoman."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    found, todo = [], [BaseModel]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            module = subclass.__module__
            if module.startswith("dragoman.") and ".tests" not in module:
                found.append(subclass)
    return list(dict.fromkeys(found))
