"""Asking providers for entries about an outsourcer (FAQ 2.6), within daily and monthly limits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board.models import (
    EntryRequest,
    Outsourcer,
)
from dragoman.board.permissions import is_affiliated
from dragoman.board.services._common import _record_link
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orgs.enums import MembershipStatus, OrganisationKind

REQUESTS_PER_DAY = 5
REQUEST_DAY = timedelta(hours=24)
# FAQ 2.6: once a month for the same outsourcer; a month is taken as 30 days.
REQUEST_MONTH = timedelta(days=30)
PROVIDERS_PER_REQUEST = 50


def _request_limits(*, by: User, outsourcer: Outsourcer) -> None:
    """FAQ 2.6: five requests a day, and once a month for the same outsourcer."""
    now = timezone.now()
    mine = EntryRequest.objects.filter(requested_by_id=by.pk)
    today = list(
        mine.filter(created_at__gt=now - REQUEST_DAY)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(today) >= REQUESTS_PER_DAY:
        raise Conflict(
            _("You can send %(n)s entry requests a day; the next one from %(when)s (UTC).")
            % {
                "n": REQUESTS_PER_DAY,
                "when": (today[0] + REQUEST_DAY).strftime("%Y-%m-%d %H:%M"),
            },
            code="request_daily_limit",
        )
    last = (
        mine.filter(outsourcer_id=outsourcer.pk, created_at__gt=now - REQUEST_MONTH)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None:
        raise Conflict(
            _(
                "You asked for entries about %(name)s on %(date)s; you can ask again once a "
                "month, from %(next)s."
            )
            % {
                "name": outsourcer.name,
                "date": last.date().isoformat(),
                "next": (last + REQUEST_MONTH).date().isoformat(),
            },
            code="request_monthly_limit",
        )


@transaction.atomic
def entry_request_create(*, by: User, outsourcer: Outsourcer, message: str = "") -> EntryRequest:
    """Ask others to make entries about an outsourcer (FAQ 2.6). Those who watch it hear of
    the request, and it shows on the board. At most five a day and once a month per
    outsourcer; a request cannot be withdrawn (FAQ 2.7)."""
    if not actor_for(by).is_authenticated:
        raise Forbidden(_("Log in to ask for entries."), code="not_authenticated")
    # Requests of one user take turns, so that two at once cannot both pass the limits.
    User.objects.select_for_update().filter(pk=by.pk).values_list("pk").first()
    if not outsourcer.is_public:
        raise Conflict(_("This outsourcer is not on the board."), code="outsourcer_not_public")
    _request_limits(by=by, outsourcer=outsourcer)
    recipients = list(
        User.objects.filter(board_watches__outsourcer_id=outsourcer.pk, is_active=True).exclude(
            pk=by.pk
        )
    )
    request = EntryRequest.objects.create(
        outsourcer=outsourcer,
        requested_by=by,
        message=(message or "").strip()[:2000],
        recipient_count=len(recipients),
    )
    notify(
        recipients=recipients,
        kind=NotificationKind.BOARD_ENTRY_REQUESTED,
        title=_("Entries about %(name)s are wanted: have you worked with them?")
        % {"name": outsourcer.name},
        body=request.message,
        link=_record_link(outsourcer.pk),
    )
    return request


@transaction.atomic
def entry_request_to_providers(
    *, by: User, outsourcer: Outsourcer, emails: Iterable[str], message: str = ""
) -> EntryRequest:
    """An outsourcer asks providers who worked for it for entries (FAQ 3.8): people who
    speak for the record name providers by e-mail. Only providers registered here are asked,
    and the answer never says which addresses matched (a linguist's identity stays hidden).
    The daily and monthly limits apply as to any request."""
    actor = actor_for(by)
    if not is_affiliated(actor, outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer ask its providers."),
            code="not_affiliated",
        )
    User.objects.select_for_update().filter(pk=by.pk).values_list("pk").first()
    addresses = {e.strip().lower() for e in emails or () if e and e.strip()}
    if not addresses:
        raise ValidationFailed(
            _("Give the providers' e-mail addresses."), fields={"emails": [_("Required.")]}
        )
    if len(addresses) > PROVIDERS_PER_REQUEST:
        raise ValidationFailed(
            _("At most %(n)s providers at a time.") % {"n": PROVIDERS_PER_REQUEST},
            fields={"emails": [_("Too many.")]},
        )
    _request_limits(by=by, outsourcer=outsourcer)
    # Providers are those who may write entries (``permissions.author_kind``): linguists and
    # members of partner agencies, found in one query rather than one per address.
    providers = list(
        User.objects.filter(email__in=addresses, is_active=True)
        .filter(
            Q(linguist_profile__isnull=False)
            | Q(
                memberships__organisation__kind=OrganisationKind.PARTNER,
                memberships__organisation__is_active=True,
                memberships__status=MembershipStatus.ACTIVE,
            )
        )
        .distinct()
    )
    request = EntryRequest.objects.create(
        outsourcer=outsourcer,
        requested_by=by,
        message=(message or "").strip()[:2000],
        to_providers=True,
        recipient_count=len(providers),
    )
    notify(
        recipients=providers,
        kind=NotificationKind.BOARD_ENTRY_REQUESTED,
        title=_("%(name)s asks you for an LWA entry about your work with them.")
        % {"name": outsourcer.name},
        body=request.message,
        link=_record_link(outsourcer.pk),
    )
    return request
