"""Lists cost the same number of queries whatever their length (no N+1), in the apps whose
pages and endpoints had no pinned count: accounts, catalog, linguists and the dashboard.

Each case measures a list with a few rows and again with many more; the counts must match.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dragoman.accounts.services import api_token_create
from dragoman.accounts.tests.factories import UserFactory
from dragoman.catalog.models import Language, Topic
from dragoman.linguists.tests.factories import make_linguist
from dragoman.orders.tests.factories import make_event_order, move

pytestmark = pytest.mark.django_db


@pytest.fixture
def allowed(world):
    """The client's contacts may order every service."""
    from dragoman.catalog.models import Service

    for user in (world.manager, world.requester):
        user.memberships.get().allowed_services.set(Service.objects.all())


def _queries(client, path: str, **headers: str) -> int:
    # A first request may do once-only work (a token's "last used" mark, a session's save):
    # the count of a repeated request is the page's own.
    client.get(path, **headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def _bearer(user) -> dict[str, str]:
    _, secret = api_token_create(user=user, name="count")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_token_list_costs_the_same_with_many_tokens(world, client):
    headers = _bearer(world.manager)
    few = _queries(client, "/api/v1/auth/tokens", **headers)
    for index in range(15):
        api_token_create(user=world.manager, name=f"script {index}")
    assert _queries(client, "/api/v1/auth/tokens", **headers) == few


def test_the_profile_page_with_its_tokens_costs_the_same_with_many_tokens(world, client):
    client.force_login(world.manager)
    few = _queries(client, "/profile/")
    for index in range(15):
        api_token_create(user=world.manager, name=f"script {index}")
    assert _queries(client, "/profile/") == few


@pytest.mark.parametrize("path", ["/api/v1/languages", "/api/v1/services", "/api/v1/topics"])
def test_reference_lists_cost_the_same_however_long(world, client, path):
    headers = _bearer(world.requester)
    few = _queries(client, path, **headers)
    for index in range(20):
        Topic.objects.create(name=f"Topic number {index}")
        Language.objects.get_or_create(code=f"x-test{index:02d}"[:8])
    assert _queries(client, path, **headers) == few


def test_the_linguist_list_costs_the_same_with_many_linguists(world, client):
    headers = _bearer(world.staff)
    few = _queries(client, "/api/v1/linguists", **headers)
    for index in range(12):
        make_linguist(email=f"more{index}@example.test", pairs=(("en", "ru"), ("de", "ru")))
    many = _queries(client, "/api/v1/linguists", **headers)
    assert many == few


@pytest.mark.parametrize("role", ["staff", "partner_manager", "manager", "requester", "linguist"])
def test_each_dashboard_costs_the_same_with_more_requests_and_people(world, allowed, client, role):
    user = world.user(role)
    client.force_login(user)
    make_event_order(world)
    few = _queries(client, "/")
    for index in range(8):
        order = make_event_order(world, by=world.manager if index % 2 else world.requester)
        if role == "linguist":
            move(order, "in_progress", linguist=world.linguist)
        UserFactory(email=f"someone{index}@example.test")
    assert _queries(client, "/") == few
