"""The admin changes memberships only through the services: audit rows, rights recomputed,
the organisation's rules (its last manager, open work) kept."""

import pytest

from dragoman.accounts.models import User
from dragoman.accounts.tests.factories import UserFactory
from dragoman.core.models import AuditEvent
from dragoman.core.permissions import actor_for
from dragoman.orgs.enums import MembershipStatus, Role
from dragoman.orgs.models import Membership
from dragoman.orgs.services import registration_request

pytestmark = pytest.mark.django_db

CHANGELIST = "/staff/orgs/membership/"


def _superuser(world):
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    return world.staff


def test_approving_a_registration_in_the_admin_is_audited_and_gives_rights(world, client):
    client.force_login(_superuser(world))
    newcomer = UserFactory(email="newcomer@example.test")
    membership = registration_request(user=newcomer, organisation=world.client)
    response = client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [membership.pk]}, follow=True
    )
    assert "Registrations approved: 1." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert AuditEvent.objects.filter(action="contact.approved", target_id=str(membership.pk))
    assert actor_for(User.objects.get(pk=newcomer.pk)).organisation_id == world.client.pk


def test_the_admin_cannot_remove_the_last_manager_and_says_why(world, client):
    client.force_login(_superuser(world))
    manager = world.manager.memberships.get()
    response = client.post(
        CHANGELIST, {"action": "remove", "_selected_action": [manager.pk]}, follow=True
    )
    assert "only manager" in response.content.decode() or "last manager" in (
        response.content.decode()
    )
    manager.refresh_from_db()
    assert manager.status == MembershipStatus.ACTIVE


def test_a_membership_cannot_be_edited_added_or_deleted_directly_in_the_admin(world, client):
    client.force_login(_superuser(world))
    requester = world.requester.memberships.get()
    page = f"{CHANGELIST}{requester.pk}/change/"
    client.post(page, {"role": Role.MANAGER, "status": MembershipStatus.ACTIVE})
    assert Membership.objects.get(pk=requester.pk).role == Role.REQUESTER
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get(f"{page.replace('change', 'delete')}").status_code == 403
    organisation_page = client.get(f"/staff/orgs/organisation/{world.client.pk}/change/")
    assert f"/organisations/{world.client.pk}/" in organisation_page.content.decode()
