"""Holes found in review, each closed and pinned by a test."""

import pytest
from allauth.account.models import EmailAddress

from dragoman.accounts.models import User
from dragoman.accounts.services import api_token_create
from dragoman.accounts.tests.factories import PASSWORD, UserFactory
from dragoman.core.errors import ValidationFailed
from dragoman.orgs import services
from dragoman.orgs.enums import MembershipStatus, Role

pytestmark = pytest.mark.django_db


def register_unverified(client, world, email="ceo@acme.example"):
    client.post(
        "/accounts/signup/",
        {
            "email": email,
            "full_name": "Not The CEO",
            "organisation": world.client.pk,
            "phone": "+442079460958",
            "password1": "imposter-passphrase-1",
            "password2": "imposter-passphrase-1",
        },
    )
    return User.objects.get(email=email)


def test_an_unconfirmed_address_gets_no_api_token(world, client):
    user = register_unverified(client, world)
    services.registration_approve(by=world.manager, membership=user.memberships.get())
    response = client.post(
        "/api/v1/auth/token",
        {"email": "ceo@acme.example", "password": "imposter-passphrase-1"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "email_unverified"


def test_managers_hear_of_a_registration_only_once_the_address_is_confirmed(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = register_unverified(client, world)
    assert not any("asks to join" in m.subject for m in mailoutbox)
    assert not EmailAddress.objects.get(user=user).verified
    import re

    link = re.search(r"/accounts/confirm-email/[^\s/]+/", mailoutbox[0].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert [m.to for m in mailoutbox if "asks to join" in m.subject] == [["manager@example.test"]]


def test_re_adding_a_rejected_address_leaves_the_old_holder_nothing(world, client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    imposter = UserFactory(email="boss@other.example")
    membership = services.registration_request(user=imposter, organisation=world.client)
    _, secret = api_token_create(user=imposter, name="mine")
    TOTP.activate(imposter, generate_totp_secret())
    services.registration_reject(by=world.manager, membership=membership)

    services.contact_create(
        by=world.other_manager,
        organisation=world.other_client,
        email="boss@other.example",
        full_name="The Real Boss",
        role=Role.MANAGER,
        phone="+442079460958",
    )
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    imposter.refresh_from_db()
    assert not imposter.check_password(PASSWORD)
    assert not Authenticator.objects.filter(user=imposter).exists()
    assert not EmailAddress.objects.filter(user=imposter).exists()


def test_a_removed_contacts_old_activation_link_no_longer_works(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from dragoman.accounts.services import invitation_accept

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.contact_create(
            by=world.manager,
            organisation=world.client,
            email="temp@example.test",
            full_name="Temp Worker",
            role=Role.REQUESTER,
            other_contact="skype: temp",
        )
    token = mailoutbox[-1].body.split("/activate/")[1].split("/")[0]
    services.contact_remove(by=world.manager, membership=membership)
    with pytest.raises(ValidationFailed):
        invitation_accept(token=token, password="temp-worker-passphrase-1")
    assert not User.objects.get(email="temp@example.test").is_active
    assert membership.status == MembershipStatus.REMOVED


def test_clearing_an_organisation_field_with_null_is_not_a_server_error(world, client):
    _, secret = api_token_create(user=world.staff, name="t")
    for field in ("country", "city", "website", "email"):
        response = client.patch(
            f"/api/v1/organisations/{world.client.pk}",
            {field: None},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        assert response.status_code == 200, (field, response.content)
    response = client.patch(
        f"/api/v1/organisations/{world.client.pk}",
        {"is_active": None},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422


def test_email_subjects_are_plain_text_on_one_line(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.client.name = "Smith & O'Brien\nLtd"
    world.client.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_create(
            by=world.manager,
            organisation=world.client,
            email="new@example.test",
            full_name="New Person",
            role=Role.REQUESTER,
            other_contact="x",
        )
    assert mailoutbox[-1].subject == "Your Dragoman account for Smith & O'Brien Ltd"


def test_a_partner_member_does_not_see_the_agencys_clients(world, client):
    from dragoman.orgs.tests.factories import MembershipFactory

    member = MembershipFactory(organisation=world.partner, role=Role.MEMBER).user
    client.force_login(member)
    assert "Acme Client" not in client.get("/").content.decode()


def test_a_registration_reaches_managers_as_a_notification_that_respects_their_choice(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from dragoman.notifications.enums import NotificationKind
    from dragoman.notifications.models import Notification
    from dragoman.notifications.services import preference_set
    from dragoman.orgs.tests.factories import MembershipFactory

    second = UserFactory(email="second.manager@example.test", language="ru")
    MembershipFactory(user=second, organisation=world.client, role=Role.MANAGER)
    preference_set(user=world.manager, kind=NotificationKind.CONTACT_REGISTERED, email=False)
    newcomer = UserFactory(email="newcomer@example.test", full_name="Nora Newcomer")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_request(user=newcomer, organisation=world.client)
    told = Notification.objects.filter(kind=NotificationKind.CONTACT_REGISTERED)
    assert {n.recipient_id for n in told} == {world.manager.pk, second.pk}
    assert told.get(recipient=world.manager).title == "Nora Newcomer asks to join Acme Client"
    assert told.get(recipient=world.manager).link.endswith("?status=pending")
    # The manager who switched the e-mail off sees it in Dragoman only; the other one reads
    # it in Russian by e-mail.
    assert [m.to for m in mailoutbox] == [["second.manager@example.test"]]
    assert "Nora Newcomer" in mailoutbox[0].subject and "asks to join" not in mailoutbox[0].subject
