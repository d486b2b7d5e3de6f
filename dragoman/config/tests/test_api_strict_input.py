"""Request bodies are read strictly: a JSON object where an object is expected, and no
boolean, number or string turned into another type. Anything else is a 422 naming the
field (``__all__`` for the body as a whole)."""

from __future__ import annotations

from typing import Any

import pytest

from dragoman.board import services as board
from dragoman.config.tests.conftest import dragoman_models, filled, operations, resolve
from dragoman.core.api import InputSchema

pytestmark = pytest.mark.django_db

LAX_TYPES = ("bool", "int", "float")


@pytest.fixture
def outsourcer(world):  # type: ignore[no-untyped-def]
    record = board.outsourcer_create(by=world.linguist, name="Globex", country="FR")
    board.outsourcer_approve(by=world.staff, outsourcer=record)
    return record


def assert_422(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_failed"
    assert field in response.json()["fields"], response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/me",
        "/organisations/{organisation_id}",
        "/organisations/{organisation_id}/contacts/{contact_id}",
        "/outsourcers/{outsourcer_id}",
    ],
)
def test_a_patch_with_a_list_instead_of_an_object_is_a_422(world, call, outsourcer, path):
    url = path.format(
        organisation_id=world.client.pk,
        contact_id=world.manager.memberships.get().pk,
        outsourcer_id=outsourcer.pk,
    )
    assert_422(call(world.staff, "patch", url, [None, None]), "__all__")


def test_an_e_mail_preference_takes_true_or_false_not_a_number(world, call):
    response = call(
        world.manager, "put", "/notifications/preferences", [{"kind": "order_quoted", "email": 0}]
    )
    assert_422(response, "0.email")
    response = call(
        world.manager,
        "put",
        "/notifications/preferences",
        [{"kind": "order_quoted", "email": False}],
    )
    assert response.status_code == 200


def test_a_partner_is_named_by_its_id_not_by_false(world, call):
    body = {"kind": "client", "name": "Initech", "partner_id": False}
    assert_422(call(world.staff, "post", "/organisations", body), "partner_id")
    body["partner_id"] = str(world.partner.pk)
    assert_422(call(world.staff, "post", "/organisations", body), "partner_id")
    body["partner_id"] = world.partner.pk
    assert call(world.staff, "post", "/organisations", body).status_code == 201


def test_a_request_for_entries_is_an_object_not_a_bare_number(world, call, outsourcer):
    path = f"/outsourcers/{outsourcer.pk}/entry-requests"
    response = call(world.linguist, "post", path, "5")
    assert_422(response, "__all__")
    assert response.json()["fields"]["__all__"] == ["Send a JSON object here."]
    assert (
        call(world.linguist, "post", path, {"message": "Who worked for them?"}).status_code == 201
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("rating", True), ("rating", "5"), ("rating", 4.0), ("work_confirmed", 1)],
)
def test_numbers_and_booleans_are_not_coerced(world, call, outsourcer, field, value):
    body = {"outsourcer_id": outsourcer.pk, "rating": 4, "work_confirmed": True}
    assert_422(call(world.linguist, "post", "/lwa-entries", {**body, field: value}), field)


def test_dates_enums_and_amounts_still_come_as_json_strings(world, call, outsourcer):
    body = {"outsourcer_id": outsourcer.pk, "rating": 1, "work_confirmed": True}
    entry = call(world.linguist, "post", "/lwa-entries", body).json()
    report = {
        "amount": "1200.50",
        "currency": "EUR",
        "due_date": "2026-01-31",
        "invoice_reference": "INV-7",
    }
    response = call(world.linguist, "post", f"/lwa-entries/{entry['id']}/non-payment", report)
    assert response.status_code == 201, response.content
    assert response.json()["due_date"] == "2026-01-31"
    response = call(
        world.linguist, "put", "/board/providers/me/summary-visibility", {"visibility": "owner"}
    )
    assert response.json() == {"visibility": "owner"}


# --- The rule, for every body of every operation ------------------------------------------


def json_bodies(openapi: dict[str, Any]):  # type: ignore[no-untyped-def]
    for path, method, operation in operations(openapi):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            yield path, method, operation, content["application/json"]["schema"]


def referenced(openapi: dict[str, Any], schema: Any, seen: set[str]) -> set[str]:
    """The names of the components a schema uses, directly or through others."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                referenced(openapi, resolve(openapi, schema), seen)
        for value in schema.values():
            referenced(openapi, value, seen)
    elif isinstance(schema, list):
        for value in schema:
            referenced(openapi, value, seen)
    return seen


def lax_nodes(core_schema: Any, where: str = "") -> list[str]:
    """Where a pydantic core schema accepts a bool, int or float in lax mode."""
    found = []
    if isinstance(core_schema, dict):
        if core_schema.get("type") in LAX_TYPES and not core_schema.get("strict"):
            found.append(f"{where or '(top)'}: {core_schema['type']}")
        for key, value in core_schema.items():
            if key not in ("cls", "metadata"):
                found += lax_nodes(value, f"{where}.{key}" if where else key)
    elif isinstance(core_schema, list | tuple):
        for index, value in enumerate(core_schema):
            found += lax_nodes(value, f"{where}[{index}]")
    return found


def test_every_request_body_is_an_input_schema_without_lax_booleans_or_numbers(openapi):
    models = {model.__name__: model for model in dragoman_models()}
    names: set[str] = set()
    for _path, _method, _operation, schema in json_bodies(openapi):
        referenced(openapi, schema, names)
    assert names, "no request body refers to a schema"
    components = openapi["components"]["schemas"]
    # Choices (enums) are components too; every other one must be a model of ours.
    names = {n for n in names if "enum" not in components[n]}
    assert names <= set(models)
    not_input = sorted(n for n in names if not issubclass(models[n], InputSchema))
    assert not_input == []
    lax = {n: lax_nodes(models[n].__pydantic_core_schema__) for n in sorted(names)}
    assert {n: nodes for n, nodes in lax.items() if nodes} == {}


def test_every_operation_with_a_json_body_refuses_a_bare_number_and_a_list_of_nulls(
    world, openapi, call
):
    accepted = []
    for path, method, operation, schema in json_bodies(openapi):
        url = filled(path, operation)
        bodies = ["5"]
        if resolve(openapi, schema).get("type") != "array":
            bodies.append([None, None])
        for body in bodies:
            response = call(world.staff, method, url, body)
            fields = response.json().get("fields", {}) if response.status_code == 422 else {}
            if "__all__" not in fields:
                accepted.append(f"{method.upper()} {url} {body!r}: {response.status_code}")
    assert accepted == [], "\n".join(accepted)
