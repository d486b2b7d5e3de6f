"""WWA entries: outsourcers rate the providers who worked for them (FAQ 3.11)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board import text
from dragoman.board.enums import (
    AuthorKind,
    EntryStatus,
)
from dragoman.board.models import (
    Outsourcer,
    ProviderBoardSettings,
    WWAEntry,
)
from dragoman.board.permissions import author_kind, is_affiliated
from dragoman.board.services._common import (
    ENTRY_YEAR,
    _organisation_name,
    _reason,
    _record_link,
    _require_staff,
)
from dragoman.board.services.entries import _clean_entry
from dragoman.core import audit
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify


@transaction.atomic
def wwa_create(
    *,
    by: User,
    outsourcer: Outsourcer,
    provider: Any,
    rating: int | str | None,
    comment: str = "",
    work_confirmed: bool,
) -> WWAEntry:
    """An outsourcer rates its willingness to work again with a provider (FAQ 2.23, 3.16),
    "the same way" as LWA: written by someone who speaks for the outsourcer, about real work,
    once a year per provider, never about the outsourcer's own people, vetted by staff."""
    actor = actor_for(by)
    if not is_affiliated(actor, outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer rate its providers."),
            code="not_affiliated",
        )
    outsourcer = Outsourcer.objects.select_for_update().get(pk=outsourcer.pk)
    if not outsourcer.is_public:
        raise Conflict(_("This outsourcer is not on the board."), code="outsourcer_not_public")
    provider_actor = actor_for(provider)
    kind = author_kind(provider_actor)
    if kind is None:
        raise ValidationFailed(
            _("WWA entries are about linguists and partner agencies."),
            code="not_a_provider",
            fields={"provider": [_("Not a service provider.")]},
        )
    if is_affiliated(provider_actor, outsourcer):
        raise Forbidden(_("Nobody rates people of their own outsourcer."), code="own_outsourcer")
    if not work_confirmed:
        raise ValidationFailed(
            _("Confirm that this provider did real work for you."),
            code="work_not_confirmed",
            fields={"work_confirmed": [_("Confirm that the provider did real work.")]},
        )
    rating, comment = _clean_entry(rating=rating, comment=comment)
    since = timezone.now() - ENTRY_YEAR
    if (
        WWAEntry.objects.filter(
            outsourcer_id=outsourcer.pk, provider_id=provider.pk, created_at__gt=since
        )
        .exclude(status__in=(EntryStatus.REJECTED, EntryStatus.DELETED))
        .exists()
    ):
        raise Conflict(
            _("%(name)s already rated this provider in the last 365 days.")
            % {"name": outsourcer.name},
            code="entry_once_a_year",
        )
    if kind == AuthorKind.LINGUIST:
        label = provider.linguist_profile.pseudonym
    else:
        label = _organisation_name(provider_actor.organisation_id)
    entry = WWAEntry.objects.create(
        outsourcer=outsourcer,
        provider=provider,
        provider_label=label,
        author=by,
        rating=rating,
        comment=comment,
        comment_flags=text.comment_flags(comment),
        work_confirmed=True,
        queued_at=timezone.now(),
    )
    audit.record(actor=by, action="board.wwa.submitted", target=entry)
    return entry


@transaction.atomic
def wwa_vet(*, by: User, entry: WWAEntry, approve: bool, reason: str = "") -> WWAEntry:
    """Staff publish or refuse a WWA entry, as they do LWA entries (FAQ 1.3)."""
    _require_staff(by)
    entry = WWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    if entry.status != EntryStatus.PENDING:
        raise Conflict(_("This entry is not waiting for vetting."), code="not_waiting")
    if not approve:
        reason = _reason(reason)
    now = timezone.now()
    entry.status = EntryStatus.PUBLISHED if approve else EntryStatus.REJECTED
    entry.published_at = now if approve else None
    entry.status_reason = reason
    entry.queued_at = None
    entry.vetted_by, entry.vetted_at = by, now
    entry.save()
    audit.record(
        actor=by,
        action="board.wwa.approved" if approve else "board.wwa.rejected",
        target=entry,
        changes={"reason": reason} if reason else None,
    )
    notify(
        recipients=[entry.author],
        kind=NotificationKind.BOARD_WWA_VETTED,
        title=(
            _("Your WWA entry about %(provider)s is published.")
            if approve
            else _("Your WWA entry about %(provider)s was not published.")
        )
        % {"provider": entry.provider_label},
        body=reason,
        link=_record_link(entry.outsourcer_id),
    )
    if approve:
        notify(
            recipients=[entry.provider],
            kind=NotificationKind.BOARD_WWA_RECEIVED,
            title=_("%(name)s rated its willingness to work with you again: %(rating)s.")
            % {"name": entry.outsourcer.name, "rating": entry.rating},
            link=reverse("board_provider", args=[entry.provider_id]),
        )
    return entry


@transaction.atomic
def provider_summary_visibility_set(*, by: User, visibility: str) -> ProviderBoardSettings:
    """A provider chooses who sees their WWA summary (FAQ 3.11)."""
    from dragoman.board.enums import SummaryVisibility

    if visibility not in SummaryVisibility.values:
        raise ValidationFailed(
            _("Choose hidden, owner or everyone."), fields={"visibility": [_("Unknown.")]}
        )
    row, _created = ProviderBoardSettings.objects.update_or_create(
        user_id=by.pk, defaults={"summary_visibility": visibility}
    )
    return row
