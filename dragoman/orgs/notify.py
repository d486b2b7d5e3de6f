"""What the organisations domain tells people, through ``notifications.notify`` (so the
in-app list, the live badge, e-mail and each person's preferences all apply)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orgs.enums import MembershipStatus, Role
from dragoman.orgs.models import Membership


def registration_notify(*, membership: Membership) -> None:
    """Tell each active manager of the organisation that somebody waits for approval
    (memoQ portal seed: self-registration needs a manager's approval), each in their own
    language. Nothing is said once the registration is no longer pending."""
    if membership.status != MembershipStatus.PENDING:
        return
    managers = [
        m.user
        for m in Membership.objects.filter(
            organisation_id=membership.organisation_id,
            role=Role.MANAGER,
            status=MembershipStatus.ACTIVE,
            user__is_active=True,
        ).select_related("user")
    ]
    person, organisation = membership.user, membership.organisation
    link = reverse("contact_list", args=[organisation.pk]) + "?status=pending"
    by_language: dict[str, list[Any]] = defaultdict(list)
    for manager in managers:
        by_language[manager.language].append(manager)
    for language, group in by_language.items():
        with translation.override(language):
            names = {"name": person.full_name, "email": person.email, "org": organisation.name}
            title = _("%(name)s asks to join %(org)s") % names
            body = (
                _(
                    "%(name)s (%(email)s) has registered on Dragoman as a contact of %(org)s. They "
                    "can do nothing until a manager approves the registration."
                )
                % names
            )
        notify(
            recipients=group,
            kind=NotificationKind.CONTACT_REGISTERED,
            title=title,
            body=body,
            link=link,
        )
