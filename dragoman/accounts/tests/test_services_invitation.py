from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone

from dragoman.accounts.services import invitation_accept, invitation_create
from dragoman.core.errors import NotFound, ValidationFailed
from dragoman.orgs import services as org_services

pytestmark = pytest.mark.django_db


def invite(world, mailoutbox, capture):
    with capture(execute=True):
        org_services.contact_create(
            by=world.manager,
            organisation=world.client,
            email="new@example.test",
            full_name="New Contact",
            role="requester",
            other_contact="signal: new",
        )
    return mailoutbox[-1].body.split("/activate/")[1].split("/")[0]


def test_an_invited_contact_activates_with_a_password_and_a_verified_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    token = invite(world, mailoutbox, django_capture_on_commit_callbacks)
    user = invitation_accept(token=token, password="a-long-and-unusual-passphrase")
    assert user.check_password("a-long-and-unusual-passphrase")
    assert EmailAddress.objects.get(user=user).verified


def test_an_activation_link_works_once(world, mailoutbox, django_capture_on_commit_callbacks):
    token = invite(world, mailoutbox, django_capture_on_commit_callbacks)
    invitation_accept(token=token, password="a-long-and-unusual-passphrase")
    with pytest.raises(ValidationFailed) as error:
        invitation_accept(token=token, password="another-long-passphrase")
    assert error.value.code == "invitation_used"


def test_an_activation_link_expires_after_the_configured_days(
    world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.INVITATION_DAYS = 7
    token = invite(world, mailoutbox, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        # Still valid a moment before the end: checking does not use it up.
        from dragoman.accounts.services import invitation_get_by_token

        assert invitation_get_by_token(token=token)
    with (
        time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)),
        pytest.raises(ValidationFailed) as error,
    ):
        invitation_accept(token=token, password="a-long-and-unusual-passphrase")
    assert error.value.code == "invitation_expired"
    assert "expired" in error.value.message
    assert not world.client.memberships.get(
        user__email="new@example.test"
    ).user.has_usable_password()


def test_a_new_invitation_cancels_the_older_link(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    old_token = invite(world, mailoutbox, django_capture_on_commit_callbacks)
    membership = world.client.memberships.get(user__email="new@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        org_services.contact_resend_invitation(by=world.manager, membership=membership)
    new_token = mailoutbox[-1].body.split("/activate/")[1].split("/")[0]
    with pytest.raises(ValidationFailed):
        invitation_accept(token=old_token, password="a-long-and-unusual-passphrase")
    assert invitation_accept(token=new_token, password="a-long-and-unusual-passphrase")


def test_a_weak_password_is_refused_and_the_link_still_works(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    token = invite(world, mailoutbox, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationFailed) as error:
        invitation_accept(token=token, password="12345678")
    assert error.value.fields["password"]
    assert invitation_accept(token=token, password="a-long-and-unusual-passphrase")


def test_an_unknown_token_is_not_found():
    with pytest.raises(NotFound):
        invitation_accept(token="made-up", password="a-long-and-unusual-passphrase")


def test_an_activated_contact_gets_no_new_invitation(world):
    membership = world.requester.memberships.get()
    from dragoman.core.errors import Conflict

    with pytest.raises(Conflict):
        org_services.contact_resend_invitation(by=world.manager, membership=membership)
    assert invitation_create(user=world.requester, invited_by=world.staff).pk
