"""Fixtures shared by every test: a small world with one person in each role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from dragoman.accounts.models import User
from dragoman.accounts.tests.factories import UserFactory
from dragoman.linguists.tests.factories import make_linguist
from dragoman.orgs.enums import OrganisationKind, Role
from dragoman.orgs.models import Organisation
from dragoman.orgs.tests.factories import MembershipFactory, OrganisationFactory


@dataclass
class World:
    operator: Organisation
    partner: Organisation
    client: Organisation
    other_client: Organisation
    staff: User
    partner_manager: User
    manager: User
    requester: User
    observer: User
    other_manager: User
    linguist: User

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


ROLES = (
    "anonymous",
    "staff",
    "partner_manager",
    "manager",
    "requester",
    "observer",
    "linguist",
    "other_manager",
)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate limits live in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    operator = OrganisationFactory(kind=OrganisationKind.OPERATOR, name="Operator")
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Partner Agency")
    client = OrganisationFactory(name="Acme Client", partner=partner)
    other_client = OrganisationFactory(name="Other Client")

    def member(org: Organisation, role: str, email: str, **user_fields: object) -> User:
        user = UserFactory(email=email, **user_fields)
        MembershipFactory(user=user, organisation=org, role=role)
        return user

    return World(
        operator=operator,
        partner=partner,
        client=client,
        other_client=other_client,
        staff=member(operator, Role.ADMIN, "staff@example.test", is_staff=True),
        partner_manager=member(partner, Role.MANAGER, "partner@example.test"),
        manager=member(client, Role.MANAGER, "manager@example.test"),
        requester=member(client, Role.REQUESTER, "requester@example.test"),
        observer=member(client, Role.OBSERVER, "observer@example.test"),
        other_manager=member(other_client, Role.MANAGER, "other@example.test"),
        linguist=make_linguist(
            email="linguist@example.test", full_name="Lena Secretname", phone="+358401234567"
        ).user,
    )


@pytest.fixture
def client_as(client):  # type: ignore[no-untyped-def]
    """``client_as(user)``: Django's test client logged in as ``user`` (or anonymous)."""

    def login(user: User | None):  # type: ignore[no-untyped-def]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login
