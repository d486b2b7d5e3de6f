"""What the board's services share: staff checks, reasons, links, cached figures of a record,
history rows and contact versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import to_python

from dragoman.accounts.models import User
from dragoman.board.enums import (
    EntryStatus,
)
from dragoman.board.models import (
    EntryEvent,
    LWAEntry,
    Outsourcer,
    OutsourcerVersion,
)
from dragoman.board.permissions import can_vet
from dragoman.core import audit
from dragoman.core.errors import Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.orgs.enums import MembershipStatus
from dragoman.orgs.models import Organisation

# FAQ 1.3 / 2.14: one entry a year per outsourcer; FAQ 2.17: no correction after a year.
ENTRY_YEAR = timedelta(days=365)
COMMENT_MAX = 2000
CONTACT_FIELDS = ("name", "country", "city", "website", "emails", "phones")


def _require_staff(by: User) -> None:
    if not can_vet(actor_for(by)):
        raise Forbidden(_("Only platform staff do this."), code="staff_only")


def _reason(value: str, *, field: str = "reason") -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_("Give a reason."), fields={field: [_("Give a reason.")]})
    return value[:COMMENT_MAX]


def _organisation_name(organisation_id: int | None) -> str:
    """The name an agency's entry is signed with (its author acts for an organisation)."""
    if organisation_id is None:
        raise Forbidden(_("Only members of an agency write entries in its name."))
    return Organisation.objects.get(pk=organisation_id).name


def _record_link(outsourcer_id: int, entry_id: int | None = None) -> str:
    link = reverse("board_outsourcer", args=[outsourcer_id])
    return f"{link}#entry-{entry_id}" if entry_id else link


def stats_changed() -> None:
    """The statistics page is cached until an entry is published, hidden or removed."""
    from dragoman.board.selectors import STATS_VERSION_KEY
    from dragoman.core.cache_versions import version_bump

    version_bump(STATS_VERSION_KEY)


def outsourcer_figures_refresh(*, outsourcer: Outsourcer) -> Outsourcer:
    """Recount the published entries of one outsourcer into its cached figures.

    Called by every service that publishes, hides or removes an entry, so that search and
    statistics read three columns instead of aggregating entries (FAQ 1.2 "average").
    """
    # The row lock makes concurrent publications of one outsourcer's entries take turns, so
    # each count below sees the ones committed before it (READ COMMITTED on PostgreSQL).
    Outsourcer.objects.select_for_update().filter(pk=outsourcer.pk).values_list("pk").first()
    figures = LWAEntry.objects.filter(
        outsourcer_id=outsourcer.pk, status=EntryStatus.PUBLISHED
    ).aggregate(count=Count("id"), total=Sum("rating"))
    count, total = figures["count"] or 0, figures["total"] or 0
    outsourcer.entry_count = count
    outsourcer.rating_sum = total
    outsourcer.average_lwa = total / count if count else 0
    Outsourcer.objects.filter(pk=outsourcer.pk).update(
        entry_count=count, rating_sum=total, average_lwa=outsourcer.average_lwa
    )
    # Now and again after commit: a reader between the two may cache the old figures under
    # the new version, and the second bump retires them.
    stats_changed()
    transaction.on_commit(stats_changed)
    return outsourcer


def affiliated_users(outsourcer: Outsourcer) -> list[User]:
    """People who speak for the outsourcer: affiliated profiles and the active members of
    affiliated organisations (FAQ 3.9: they hear of every new entry)."""
    return list(
        User.objects.filter(
            Q(board_affiliations__outsourcer=outsourcer)
            | Q(
                memberships__organisation__board_affiliations__outsourcer=outsourcer,
                memberships__status=MembershipStatus.ACTIVE,
            ),
            is_active=True,
        ).distinct()
    )


def _entry_event(
    entry: LWAEntry, *, by: User, action: str, before: str, note: str = ""
) -> EntryEvent:
    event = EntryEvent.objects.create(
        entry=entry,
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        from_status=before,
        to_status=entry.status,
        note=note[:COMMENT_MAX],
    )
    audit.record(
        actor=by,
        action=f"board.entry.{action}",
        target=entry,
        changes={"status": [before, entry.status], **({"note": note} if note else {})},
    )
    return event


def _clean_contacts(
    *,
    name: str,
    country: str,
    city: str,
    website: str,
    emails: Iterable[str],
    phones: Iterable[str],
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = [_("Give the outsourcer's name.")]
    elif len(name) > 200:
        errors["name"] = [_("At most 200 characters.")]
    website = (website or "").strip()
    if website:
        if "://" not in website:
            website = "https://" + website
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors["website"] = [_("Enter a web address such as https://example.com.")]
    clean_emails: list[str] = []
    for value in emails or ():
        value = (value or "").strip()
        if not value:
            continue
        try:
            validate_email(value)
        except ValidationError:
            errors.setdefault("emails", []).append(
                _("“%(value)s” is not an e-mail address.") % {"value": value}
            )
        else:
            clean_emails.append(value.lower())
    clean_phones: list[str] = []
    for value in phones or ():
        value = (value or "").strip()
        if not value:
            continue
        number = to_python(value)
        if number is None or not number.is_valid():
            errors.setdefault("phones", []).append(
                _("“%(value)s” is not a phone number with its country code.") % {"value": value}
            )
        else:
            clean_phones.append(number.as_e164)
    if errors:
        raise ValidationFailed(
            " ".join(m for messages in errors.values() for m in messages), fields=errors
        )
    return {
        "name": name,
        "country": (country or "").upper(),
        "city": " ".join((city or "").split())[:100],
        "website": website,
        "emails": list(dict.fromkeys(clean_emails)),
        "phones": list(dict.fromkeys(clean_phones)),
    }


def _version(outsourcer: Outsourcer, *, by: User) -> OutsourcerVersion:
    last = outsourcer.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return OutsourcerVersion.objects.create(
        outsourcer=outsourcer,
        number=last + 1,
        changed_by=by if getattr(by, "pk", None) else None,
        **{field: getattr(outsourcer, field) for field in CONTACT_FIELDS},
    )
