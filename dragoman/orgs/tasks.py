"""Background work of organisations: telling managers about registrations."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from huey.contrib.djhuey import db_task

from dragoman.orgs.enums import MembershipStatus, Role
from dragoman.orgs.models import Membership


@db_task(retries=3, retry_delay=60)
def notify_managers_of_registration(membership_id: int) -> None:
    """E-mail each active manager of the organisation that somebody waits for approval.

    Safe to run twice: nothing is sent once the registration is no longer pending.
    """
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    )
    if membership is None or membership.status != MembershipStatus.PENDING:
        return
    managers = Membership.objects.filter(
        organisation=membership.organisation,
        role=Role.MANAGER,
        status=MembershipStatus.ACTIVE,
        user__is_active=True,
    ).select_related("user")
    url = settings.SITE_URL + reverse("contact_list", args=[membership.organisation_id])
    for manager in managers:
        context = {
            "manager": manager.user,
            "person": membership.user,
            "organisation": membership.organisation,
            "url": f"{url}?status=pending",
        }
        with translation.override(manager.user.language):
            subject = " ".join(
                render_to_string("orgs/email/registration_subject.txt", context).split()
            )
            body = render_to_string("orgs/email/registration_message.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [manager.user.email])
