"""Outsourcer records and affiliations: adding, changing and vetting records (FAQ 3.1 to 3.3),
linking users and organisations (FAQ 3.12), reports of wrong affiliations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board import text
from dragoman.board.enums import (
    OutsourcerStatus,
)
from dragoman.board.models import (
    Affiliation,
    Outsourcer,
)
from dragoman.board.permissions import is_affiliated
from dragoman.board.services._common import (
    CONTACT_FIELDS,
    _clean_contacts,
    _reason,
    _record_link,
    _require_staff,
    _version,
    stats_changed,
)
from dragoman.core import audit
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orgs.models import Organisation
from dragoman.orgs.selectors import staff_users


@transaction.atomic
def outsourcer_create(
    *,
    by: User,
    name: str,
    country: str = "",
    city: str = "",
    website: str = "",
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
) -> Outsourcer:
    """Add an outsourcer record. Any registered user may (FAQ 3.1, 2.11); it waits for
    vetting and shows only when staff approve it (FAQ 2.12). The same name in the same
    country is refused while such a record exists, so that entries are not split between
    copies (FAQ 2.11: "make sure there is no confusion")."""
    actor = actor_for(by)
    if not actor.is_authenticated:
        raise Forbidden(_("Log in to add an outsourcer."), code="not_authenticated")
    data = _clean_contacts(
        name=name, country=country, city=city, website=website, emails=emails, phones=phones
    )
    search_name = text.normalise(data["name"])
    twin = (
        Outsourcer.objects.filter(search_name=search_name, country=data["country"])
        .exclude(status=OutsourcerStatus.REJECTED)
        .first()
    )
    if twin is not None:
        raise Conflict(
            _("%(name)s is already on the board (record #%(id)s).")
            % {"name": twin.name, "id": twin.pk},
            code="duplicate_outsourcer",
            fields={"name": [_("Already on the board.")]},
        )
    outsourcer = Outsourcer.objects.create(
        **data,
        search_name=search_name,
        search_city=text.normalise(data["city"]),
        status=OutsourcerStatus.PENDING,
        created_by=by,
    )
    _version(outsourcer, by=by)
    audit.record(actor=by, action="board.outsourcer.created", target=outsourcer, changes=data)
    return outsourcer


@transaction.atomic
def outsourcer_update(*, by: User, outsourcer: Outsourcer, **changes: Any) -> Outsourcer:
    """Change an outsourcer's contact data: staff only (FAQ 3.2, 3.3: outsourcers send a
    support request). Each change keeps the earlier data as a version (FAQ 2.20)."""
    _require_staff(by)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    current = {field: getattr(outsourcer, field) for field in CONTACT_FIELDS}
    data = _clean_contacts(**{**current, "country": str(current["country"] or ""), **changes})
    before = {**current, "country": str(current["country"] or "")}
    changed = audit.diff(before, data)
    if not changed:
        return outsourcer
    for field, value in data.items():
        setattr(outsourcer, field, value)
    outsourcer.search_name = text.normalise(outsourcer.name)
    outsourcer.search_city = text.normalise(outsourcer.city)
    outsourcer.save()
    _version(outsourcer, by=by)
    audit.record(actor=by, action="board.outsourcer.updated", target=outsourcer, changes=changed)
    # The statistics show names and places: a renamed record must not wait for the cache.
    transaction.on_commit(stats_changed)
    return outsourcer


def _outsourcer_vet(*, by: User, outsourcer: Outsourcer, approve: bool, reason: str) -> Outsourcer:
    _require_staff(by)
    if outsourcer.status != OutsourcerStatus.PENDING:
        raise Conflict(_("This record is not waiting for vetting."), code="not_waiting")
    outsourcer.status = OutsourcerStatus.PUBLISHED if approve else OutsourcerStatus.REJECTED
    outsourcer.listed = approve
    outsourcer.vetted_by = by
    outsourcer.vetted_at = timezone.now()
    outsourcer.rejection_reason = "" if approve else reason
    outsourcer.save(
        update_fields=["status", "listed", "vetted_by", "vetted_at", "rejection_reason"]
    )
    transaction.on_commit(stats_changed)
    audit.record(
        actor=by,
        action="board.outsourcer.approved" if approve else "board.outsourcer.rejected",
        target=outsourcer,
        changes={"reason": reason} if reason else None,
    )
    if outsourcer.created_by_id and outsourcer.created_by_id != by.pk:
        title = (
            _("%(name)s is now on the reputation board.")
            if approve
            else _("%(name)s was not added to the reputation board.")
        ) % {"name": outsourcer.name}
        notify(
            recipients=[outsourcer.created_by],
            kind=NotificationKind.BOARD_OUTSOURCER_VETTED,
            title=title,
            body=reason,
            link=_record_link(outsourcer.pk),
        )
    return outsourcer


@transaction.atomic
def outsourcer_approve(*, by: User, outsourcer: Outsourcer) -> Outsourcer:
    """Staff publish a new record after checking its contact data (FAQ 2.12)."""
    return _outsourcer_vet(by=by, outsourcer=outsourcer, approve=True, reason="")


@transaction.atomic
def outsourcer_reject(*, by: User, outsourcer: Outsourcer, reason: str) -> Outsourcer:
    """Staff refuse a new record, with a reason the person who added it reads."""
    return _outsourcer_vet(by=by, outsourcer=outsourcer, approve=False, reason=_reason(reason))


@transaction.atomic
def affiliation_add(
    *,
    by: User,
    outsourcer: Outsourcer,
    user: User | None = None,
    organisation: Organisation | None = None,
) -> Affiliation:
    """Staff link a profile or an organisation to a record (FAQ 3.12, on a support
    request). Affiliated people reply and dispute, and never rate the outsourcer (FAQ 1.3)."""
    _require_staff(by)
    if (user is None) == (organisation is None):
        raise ValidationFailed(_("Affiliate either a user or an organisation."))
    affiliation, created = Affiliation.objects.get_or_create(
        outsourcer=outsourcer,
        user=user,
        organisation=organisation,
        defaults={"created_by": by},
    )
    if created:
        audit.record(
            actor=by,
            action="board.affiliation.added",
            target=outsourcer,
            organisation=organisation,
            changes={"user": user, "organisation": organisation},
        )
    return affiliation


@transaction.atomic
def affiliation_remove(*, by: User, affiliation: Affiliation) -> None:
    """Staff remove a wrong affiliation (FAQ 3.13)."""
    _require_staff(by)
    audit.record(
        actor=by,
        action="board.affiliation.removed",
        target=affiliation.outsourcer,
        changes={"user": affiliation.user, "organisation": affiliation.organisation},
    )
    affiliation.delete()


@transaction.atomic
def affiliation_report(*, by: User, outsourcer: Outsourcer, reason: str) -> None:
    """Somebody shown as speaking for an outsourcer says they do not (FAQ 3.13: they ask
    staff to remove the affiliation). Staff hear of it; the affiliation stays until staff
    remove it."""
    actor = actor_for(by)
    if not is_affiliated(actor, outsourcer):
        raise Forbidden(_("You are not affiliated with this outsourcer."), code="not_affiliated")
    reason = _reason(reason)
    audit.record(
        actor=by,
        action="board.affiliation.reported",
        target=outsourcer,
        changes={"reason": reason},
    )
    notify(
        recipients=staff_users(),
        kind=NotificationKind.BOARD_AFFILIATION_REPORTED,
        title=_("%(user)s says they are wrongly affiliated with %(name)s.")
        % {"user": by.get_full_name(), "name": outsourcer.name},
        body=reason,
        link=_record_link(outsourcer.pk),
    )
