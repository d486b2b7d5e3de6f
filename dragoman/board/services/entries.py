"""LWA entries: writing (one a year per outsourcer, FAQ 1.3/2.14), editing, vetting, replies,
disputes and deletion requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board import text
from dragoman.board.enums import (
    LIVE_NONPAYMENT_STATUSES,
    AuthorKind,
    EntryAction,
    EntryStatus,
    OutsourcerStatus,
)
from dragoman.board.models import (
    LWAEntry,
    NonPaymentReport,
    Outsourcer,
)
from dragoman.board.permissions import author_kind, is_affiliated
from dragoman.board.services._common import (
    COMMENT_MAX,
    ENTRY_YEAR,
    _entry_event,
    _organisation_name,
    _reason,
    _record_link,
    _require_staff,
    affiliated_users,
    outsourcer_figures_refresh,
)
from dragoman.board.services.nonpayment import NONPAYMENT_RATINGS, nonpayment_entry_changed
from dragoman.board.services.watching import _tell_watchers, watch_start
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify


def _clean_entry(*, rating: Any, comment: str) -> tuple[int, str]:
    errors: dict[str, list[str]] = {}
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        errors["rating"] = [_("Choose an LWA from 1 to 5.")]
    # The text is kept exactly as typed (quotes, links, any script): it is escaped when shown
    # and never dropped (FAQ 2.16 tells of entries lost for their characters).
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most %(n)s characters.") % {"n": COMMENT_MAX}]
    if errors:
        raise ValidationFailed(
            " ".join(m for messages in errors.values() for m in messages), fields=errors
        )
    return rating, comment


def _once_a_year(*, author: Any, outsourcer: Outsourcer, exclude_id: int | None = None) -> None:
    """FAQ 1.3 / 2.14: one entry a year about the same outsourcer. Entries that were refused
    or removed do not count (FAQ 2.5: a removed entry makes room for a new one)."""
    since = timezone.now() - ENTRY_YEAR
    previous = (
        LWAEntry.objects.filter(
            author_id=author.pk, outsourcer_id=outsourcer.pk, created_at__gt=since
        )  # type: ignore[misc]  # author is a User: its pk is set
        .exclude(status__in=(EntryStatus.REJECTED, EntryStatus.DELETED))
        .exclude(pk=exclude_id)
        .order_by("-created_at")
        .first()
    )
    if previous is not None:
        allowed_from = previous.created_at + ENTRY_YEAR
        raise Conflict(
            _(
                "You already made an entry about %(name)s on %(date)s. One entry a year is "
                "allowed: the next one from %(next)s."
            )
            % {
                "name": outsourcer.name,
                "date": timezone.localdate(previous.created_at).isoformat(),
                "next": timezone.localdate(allowed_from).isoformat(),
            },
            code="entry_once_a_year",
        )


@transaction.atomic
def entry_create(
    *,
    by: User,
    outsourcer: Outsourcer,
    rating: int,
    comment: str = "",
    work_confirmed: bool,
    watch: bool = False,
) -> LWAEntry:
    """Write an LWA entry; it waits for vetting (FAQ 2.4, usually within 12 hours).

    - Service providers write entries: linguists and partner agencies (PRODUCT.md §8).
    - Only about real work delivered on time without complaints about quality: no tests,
      negotiations or other preliminaries (FAQ 1.3, 2.13). The author states it.
    - One entry a year per outsourcer (FAQ 1.3, 2.14).
    - Never about one's own organisation (FAQ 1.3).
    - The record must be published, or be the author's own record waiting for vetting
      (FAQ 2.11: add the outsourcer, then the entry).

    ``watch`` also follows the outsourcer (FAQ 2.10: offered with the entry).
    """
    actor = actor_for(by)
    kind = author_kind(actor)
    if kind is None:
        raise Forbidden(
            _("LWA entries are written by linguists and partner agencies."),
            code="not_a_provider",
        )
    outsourcer = Outsourcer.objects.select_for_update().get(pk=outsourcer.pk)
    if not (
        outsourcer.is_public
        or (outsourcer.status == OutsourcerStatus.PENDING and outsourcer.created_by_id == by.pk)
    ):
        raise Conflict(_("This outsourcer is not on the board."), code="outsourcer_not_public")
    if is_affiliated(actor, outsourcer):
        raise Forbidden(
            _("You speak for %(name)s: you cannot make entries about it.")
            % {"name": outsourcer.name},
            code="own_outsourcer",
        )
    if not work_confirmed:
        raise ValidationFailed(
            _(
                "Entries are only for real work you delivered on time without complaints "
                "about its quality; confirm that this is so."
            ),
            code="work_not_confirmed",
            fields={"work_confirmed": [_("Confirm that you did real work on time.")]},
        )
    rating, comment = _clean_entry(rating=rating, comment=comment)
    _once_a_year(author=by, outsourcer=outsourcer)
    if kind == AuthorKind.LINGUIST:
        label = by.linguist_profile.pseudonym
    else:
        label = _organisation_name(actor.organisation_id)
    now = timezone.now()
    entry = LWAEntry.objects.create(
        outsourcer=outsourcer,
        author=by,
        author_kind=kind,
        author_label=label,
        rating=rating,
        comment=comment,
        comment_flags=text.comment_flags(comment),
        work_confirmed=True,
        status=EntryStatus.PENDING,
        queued_at=now,
    )
    _entry_event(entry, by=by, action=EntryAction.SUBMITTED, before="")
    if watch:
        watch_start(by=by, outsourcer=outsourcer)
    return entry


def entry_editable(entry: LWAEntry, *, now: Any = None) -> tuple[bool, str]:
    """Whether the author may still correct the entry, and why not (FAQ 2.17)."""
    now = now or timezone.now()
    if entry.status in (EntryStatus.DELETED, EntryStatus.DISPUTED):
        return False, _("The entry is %(status)s.") % {"status": entry.status_label.lower()}
    if entry.replied_at is not None:
        return False, _("The outsourcer has replied: the entry can no longer be changed.")
    if now >= entry.created_at + ENTRY_YEAR:
        return False, _("The entry is more than a year old and can no longer be changed.")
    return True, ""


@transaction.atomic
def entry_edit(*, by: User, entry: LWAEntry, rating: int, comment: str = "") -> LWAEntry:
    """The author corrects an entry (FAQ 2.17): not after the outsourcer replied, not after a
    year. Every correction is vetted; a published entry stays hidden from the public until
    then (FAQ 2.22) while its published text is kept apart, so a refused correction brings
    the published text back."""
    if entry.author_id != by.pk:
        raise Forbidden(_("Only the author changes an entry."), code="not_author")
    entry = LWAEntry.objects.select_for_update().get(pk=entry.pk)
    editable, why = entry_editable(entry)
    if not editable:
        raise Conflict(why, code="entry_not_editable")
    rating, comment = _clean_entry(rating=rating, comment=comment)
    if (
        rating not in NONPAYMENT_RATINGS
        and NonPaymentReport.objects.filter(
            entry_id=entry.pk, status__in=LIVE_NONPAYMENT_STATUSES
        ).exists()
    ):
        raise Conflict(
            _("This entry carries a non-payment report: mark it paid before raising the LWA."),
            code="nonpayment_open",
        )
    before = entry.status
    now = timezone.now()
    if entry.status in (EntryStatus.PENDING, EntryStatus.REJECTED):
        if entry.status == EntryStatus.REJECTED:
            _once_a_year(author=by, outsourcer=entry.outsourcer, exclude_id=entry.pk)
            entry.queued_at = now
            entry.status_reason = ""
        entry.rating, entry.comment = rating, comment
        entry.comment_flags = text.comment_flags(comment)
        entry.status = EntryStatus.PENDING
        entry.save()
    else:  # published, or a correction already waiting
        entry.pending_rating, entry.pending_comment = rating, comment
        if entry.status == EntryStatus.PUBLISHED:
            entry.queued_at = now
        entry.status = EntryStatus.EDIT_PENDING
        entry.status_reason = ""
        entry.save()
        if before == EntryStatus.PUBLISHED:
            outsourcer_figures_refresh(outsourcer=entry.outsourcer)
    _entry_event(entry, by=by, action=EntryAction.EDITED, before=before)
    return entry


def _vet(*, by: User, entry: LWAEntry, approve: bool, reason: str) -> LWAEntry:
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    before = entry.status
    now = timezone.now()
    if before == EntryStatus.PENDING:
        action = EntryAction.APPROVED if approve else EntryAction.REJECTED
        entry.status = EntryStatus.PUBLISHED if approve else EntryStatus.REJECTED
        if approve:
            entry.published_at = now
    elif before == EntryStatus.EDIT_PENDING:
        action = EntryAction.EDIT_APPROVED if approve else EntryAction.EDIT_REJECTED
        if approve and entry.pending_rating is not None:
            entry.rating, entry.comment = entry.pending_rating, entry.pending_comment
            entry.comment_flags = text.comment_flags(entry.comment)
        entry.pending_rating, entry.pending_comment = None, ""
        entry.status = EntryStatus.PUBLISHED
    else:
        raise Conflict(_("This entry is not waiting for vetting."), code="not_waiting")
    entry.status_reason = reason
    entry.queued_at = None
    entry.vetted_by, entry.vetted_at = by, now
    entry.save()
    _entry_event(entry, by=by, action=action, before=before, note=reason)
    outsourcer_figures_refresh(outsourcer=entry.outsourcer)
    nonpayment_entry_changed(entry=entry)
    link = _record_link(entry.outsourcer_id, entry.pk)
    if approve:
        title = _("Your LWA entry about %(name)s is published.")
    elif action == EntryAction.REJECTED:
        title = _("Your LWA entry about %(name)s was not published.")
    else:
        title = _("Your correction of the LWA entry about %(name)s was not accepted.")
    notify(
        recipients=[entry.author],
        kind=NotificationKind.BOARD_ENTRY_VETTED,
        title=title % {"name": entry.outsourcer.name},
        body=reason,
        link=reverse("board_my_entries") if not approve else link,
    )
    if action == EntryAction.APPROVED:
        _tell_watchers(entry)
        # FAQ 3.9: the outsourcer hears of each new entry.
        notify(
            recipients=[u for u in affiliated_users(entry.outsourcer) if u.pk != entry.author_id],
            kind=NotificationKind.BOARD_ENTRY_PUBLISHED,
            title=_("A new LWA entry about %(name)s is published.")
            % {"name": entry.outsourcer.name},
            link=link,
        )
    return entry


@transaction.atomic
def entry_approve(*, by: User, entry: LWAEntry) -> LWAEntry:
    """Staff publish a new entry or a correction (FAQ 1.3: entries are reviewed before they
    are public; FAQ 2.17: so is every change)."""
    _require_staff(by)
    return _vet(by=by, entry=entry, approve=True, reason="")


@transaction.atomic
def entry_reject(*, by: User, entry: LWAEntry, reason: str) -> LWAEntry:
    """Staff refuse a new entry or a correction with a reason the author sees. A refused
    correction leaves the published text as it was."""
    _require_staff(by)
    return _vet(by=by, entry=entry, approve=False, reason=_reason(reason))


@transaction.atomic
def entries_vet(*, by: User, entries: Iterable[LWAEntry], approve: bool, reason: str = "") -> int:
    """Approve or reject several entries at once (the queue's bulk action). Entries another
    vetter decided meanwhile are skipped; returns how many were decided here."""
    _require_staff(by)
    if not approve:
        reason = _reason(reason)
    waiting = LWAEntry.objects.filter(
        pk__in=[entry.pk for entry in entries],
        status__in=(EntryStatus.PENDING, EntryStatus.EDIT_PENDING),
    ).order_by("queued_at", "id")
    done = 0
    for entry in waiting:
        _vet(by=by, entry=entry, approve=approve, reason=reason)
        done += 1
    return done


@transaction.atomic
def entry_reply(*, by: User, entry: LWAEntry, reply: str) -> LWAEntry:
    """The outsourcer answers an entry, once (FAQ 1.2 "reply", 3.10): a user affiliated with
    the record. From then on the entry can no longer be corrected (FAQ 2.17)."""
    actor = actor_for(by)
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    if not is_affiliated(actor, entry.outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer reply to its entries."),
            code="not_affiliated",
        )
    if entry.status != EntryStatus.PUBLISHED:
        raise Conflict(_("Only a published entry can be answered."), code="entry_not_published")
    if entry.replied_at is not None:
        raise Conflict(_("This entry already has a reply."), code="already_replied")
    reply = (reply or "").strip()
    if not reply:
        raise ValidationFailed(_("Write a reply."), fields={"reply": [_("Write a reply.")]})
    if len(reply) > COMMENT_MAX:
        raise ValidationFailed(
            _("At most %(n)s characters.") % {"n": COMMENT_MAX},
            fields={"reply": [_("Too long.")]},
        )
    entry.reply, entry.replied_at, entry.replied_by = reply, timezone.now(), by
    entry.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
    _entry_event(entry, by=by, action=EntryAction.REPLIED, before=entry.status)
    notify(
        recipients=[entry.author],
        kind=NotificationKind.BOARD_ENTRY_REPLIED,
        title=_("%(name)s replied to your LWA entry.") % {"name": entry.outsourcer.name},
        link=_record_link(entry.outsourcer_id, entry.pk),
    )
    return entry


@transaction.atomic
def entry_reply_hide(*, by: User, entry: LWAEntry, reason: str) -> LWAEntry:
    """Staff hide a reply that breaks the rules, e.g. personal remarks (FAQ 1.2, 2.18, 3.10).
    The text is kept for the record; the entry stays closed to corrections."""
    _require_staff(by)
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    if entry.replied_at is None:
        raise Conflict(_("This entry has no reply."), code="no_reply")
    entry.reply_hidden_reason = _reason(reason)
    entry.save(update_fields=["reply_hidden_reason", "updated_at"])
    _entry_event(entry, by=by, action=EntryAction.REPLY_HIDDEN, before=entry.status, note=reason)
    notify(
        recipients=[entry.replied_by] if entry.replied_by else [],
        kind=NotificationKind.BOARD_DISPUTE_RESOLVED,
        title=_("Staff hid your reply to an LWA entry about %(name)s.")
        % {"name": entry.outsourcer.name},
        body=entry.reply_hidden_reason,
        link=_record_link(entry.outsourcer_id, entry.pk),
    )
    return entry


@transaction.atomic
def entry_dispute(*, by: User, entry: LWAEntry, reason: str) -> LWAEntry:
    """The outsourcer contests an entry that breaks the rules (FAQ 2.18, 3.10). It is hidden
    while staff review the dispute, and the author sees why (FAQ 2.22)."""
    actor = actor_for(by)
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    if not is_affiliated(actor, entry.outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer dispute its entries."),
            code="not_affiliated",
        )
    if entry.status != EntryStatus.PUBLISHED:
        raise Conflict(_("Only a published entry can be disputed."), code="entry_not_published")
    reason = _reason(reason)
    before = entry.status
    entry.status = EntryStatus.DISPUTED
    entry.status_reason = reason
    entry.queued_at = timezone.now()
    entry.save()
    _entry_event(entry, by=by, action=EntryAction.DISPUTED, before=before, note=reason)
    outsourcer_figures_refresh(outsourcer=entry.outsourcer)
    notify(
        recipients=[entry.author],
        kind=NotificationKind.BOARD_ENTRY_DISPUTED,
        title=_("%(name)s disputed your LWA entry; it is hidden while staff review it.")
        % {"name": entry.outsourcer.name},
        body=reason,
        link=reverse("board_my_entries"),
    )
    return entry


@transaction.atomic
def entry_dispute_resolve(*, by: User, entry: LWAEntry, uphold: bool, note: str = "") -> LWAEntry:
    """Staff decide a dispute (FAQ 2.18): an entry that breaks the rules is removed, any
    other is shown again. Both sides hear the decision."""
    _require_staff(by)
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    if entry.status != EntryStatus.DISPUTED:
        raise Conflict(_("This entry is not disputed."), code="not_disputed")
    if uphold:
        note = _reason(note, field="note")
    before = entry.status
    entry.status = EntryStatus.DELETED if uphold else EntryStatus.PUBLISHED
    entry.status_reason = note.strip()
    entry.queued_at = None
    entry.vetted_by, entry.vetted_at = by, timezone.now()
    entry.save()
    action = EntryAction.DISPUTE_UPHELD if uphold else EntryAction.DISPUTE_DISMISSED
    _entry_event(entry, by=by, action=action, before=before, note=note)
    outsourcer_figures_refresh(outsourcer=entry.outsourcer)
    nonpayment_entry_changed(entry=entry)
    title = (
        _("The LWA entry about %(name)s was removed after the dispute.")
        if uphold
        else _("The LWA entry about %(name)s is shown again: the dispute was dismissed.")
    ) % {"name": entry.outsourcer.name}
    notify(
        recipients=[entry.author, *affiliated_users(entry.outsourcer)],
        kind=NotificationKind.BOARD_DISPUTE_RESOLVED,
        title=title,
        body=note,
        link=_record_link(entry.outsourcer_id, entry.pk),
    )
    return entry


@transaction.atomic
def entry_delete_request(*, by: User, entry: LWAEntry) -> LWAEntry:
    """Deletion on request (FAQ 2.18). The author may have an entry deleted at any time; once
    the outsourcer has replied, both sides must ask (the author and someone who speaks for
    the outsourcer), and the entry goes when the second one does."""
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    is_author = entry.author_id == by.pk
    speaks = not is_author and is_affiliated(actor_for(by), entry.outsourcer)
    if not (is_author or speaks):
        raise Forbidden(
            _("Only the author or the outsourcer asks for an entry to be deleted."),
            code="not_a_party",
        )
    if entry.status == EntryStatus.DELETED:
        raise Conflict(_("The entry is already deleted."), code="already_deleted")
    if speaks and entry.replied_at is None:
        raise Conflict(
            _("Dispute the entry instead: without a reply only its author removes it."),
            code="dispute_instead",
        )
    now = timezone.now()
    if is_author:
        entry.author_asks_deletion_at = entry.author_asks_deletion_at or now
    else:
        entry.outsourcer_asks_deletion_at = entry.outsourcer_asks_deletion_at or now
    before = entry.status
    agreed = entry.replied_at is None or (
        entry.author_asks_deletion_at and entry.outsourcer_asks_deletion_at
    )
    if agreed:
        entry.status = EntryStatus.DELETED
        entry.status_reason = _("Deleted on request.")
        entry.queued_at = None
    entry.save()
    _entry_event(
        entry,
        by=by,
        action=EntryAction.DELETED if agreed else EntryAction.DELETION_ASKED,
        before=before,
    )
    if agreed:
        if before == EntryStatus.PUBLISHED:
            outsourcer_figures_refresh(outsourcer=entry.outsourcer)
        nonpayment_entry_changed(entry=entry)
    else:
        other = affiliated_users(entry.outsourcer) if is_author else [entry.author]
        notify(
            recipients=other,
            kind=NotificationKind.BOARD_ENTRY_DISPUTED,
            title=_(
                "The other side asks to delete the LWA entry about %(name)s; it is deleted "
                "if you ask too."
            )
            % {"name": entry.outsourcer.name},
            link=_record_link(entry.outsourcer_id, entry.pk),
        )
    return entry
