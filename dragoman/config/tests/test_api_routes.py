"""The route table: every declared operation is reachable with its own method, and what is
not an operation still answers in the API's JSON error format."""

from __future__ import annotations

import pytest

from dragoman.config.tests.conftest import METHODS, filled, operations

pytestmark = pytest.mark.django_db


def test_every_declared_operation_answers_its_own_method(world, openapi, call):
    unreachable = []
    for path, method, operation in operations(openapi):
        url = filled(path, operation)
        body = {} if method in ("post", "put", "patch") else None
        response = call(world.staff, method, url, body)
        if response.status_code == 405:
            unreachable.append(f"{method.upper()} {url}")
    assert unreachable == [], "\n".join(unreachable)


def test_a_wrong_method_is_a_405_in_the_json_error_format_with_the_allowed_methods(world, call):
    response = call(world.staff, "put", "/me", {})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "code": "method_not_allowed",
        "message": response.json()["message"],
        "fields": {},
    }
    assert "PUT" in response.json()["message"]
    assert {m.strip() for m in response["Allow"].split(",")} == {"GET", "PATCH"}


def test_every_path_refuses_the_methods_it_does_not_declare_in_json(world, openapi, call):
    wrong = []
    for path, item in openapi["paths"].items():
        missing = [m for m in METHODS if m not in item]
        if not missing:
            continue
        operation = next(item[m] for m in METHODS if m in item)
        url = filled(path.removeprefix("/api/v1"), operation)
        response = call(world.staff, missing[0], url, {} if missing[0] != "get" else None)
        if response.status_code != 405 or response.json().get("code") != "method_not_allowed":
            wrong.append(f"{missing[0].upper()} {url}: {response.status_code}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("path", ["/orders/first", "/no-such-resource", "/board/vetting/x/1"])
def test_a_path_that_names_no_operation_is_a_404_in_the_json_error_format(world, call, path):
    response = call(world.staff, "get", path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["fields"] == {}


def test_pages_outside_the_api_keep_their_html_errors(world, client_as):
    response = client_as(world.staff).get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
