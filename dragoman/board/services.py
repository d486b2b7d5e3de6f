"""Changes on the reputation board. Every rule cites the Blue Board FAQ (seed 003).

One entry point per state change (STYLE.md habit 1); each writes an ``EntryEvent`` for an
entry, an audit row for staff decisions, and keeps the outsourcer's cached figures right.
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
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import to_python

from dragoman.accounts.models import User
from dragoman.board import text
from dragoman.board.enums import AuthorKind, EntryAction, EntryStatus, OutsourcerStatus
from dragoman.board.models import Affiliation, EntryEvent, LWAEntry, Outsourcer, OutsourcerVersion
from dragoman.board.permissions import author_kind, can_vet, is_affiliated
from dragoman.core import audit
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orgs.enums import MembershipStatus, OrganisationKind
from dragoman.orgs.models import Organisation

# FAQ 1.3 / 2.14: one entry a year per outsourcer; FAQ 2.17: no correction after a year.
ENTRY_YEAR = timedelta(days=365)
COMMENT_MAX = 2000
CONTACT_FIELDS = ("name", "country", "city", "website", "emails", "phones")


# --- Helpers ----------------------------------------------------------------------------------


def _require_staff(by: Any) -> None:
    if not can_vet(actor_for(by)):
        raise Forbidden(_("Only platform staff do this."), code="staff_only")


def _reason(value: str, *, field: str = "reason") -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_("Give a reason."), fields={field: [_("Give a reason.")]})
    return value[:COMMENT_MAX]


def _record_link(outsourcer_id: int, entry_id: int | None = None) -> str:
    link = reverse("board_outsourcer", args=[outsourcer_id])
    return f"{link}#entry-{entry_id}" if entry_id else link


def stats_changed() -> None:
    """The statistics page is cached until an entry is published, hidden or removed."""
    from django.core.cache import cache

    from dragoman.board.selectors import STATS_VERSION_KEY

    if not cache.add(STATS_VERSION_KEY, 1, timeout=None):
        try:
            cache.incr(STATS_VERSION_KEY)
        except ValueError:  # expired between add and incr
            cache.set(STATS_VERSION_KEY, 1, timeout=None)


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
    entry: LWAEntry, *, by: Any, action: str, before: str, note: str = ""
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


def _version(outsourcer: Outsourcer, *, by: Any) -> OutsourcerVersion:
    last = outsourcer.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return OutsourcerVersion.objects.create(
        outsourcer=outsourcer,
        number=last + 1,
        changed_by=by if getattr(by, "pk", None) else None,
        **{field: getattr(outsourcer, field) for field in CONTACT_FIELDS},
    )


# --- Outsourcers ------------------------------------------------------------------------------


@transaction.atomic
def outsourcer_create(
    *,
    by: Any,
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
def outsourcer_update(*, by: Any, outsourcer: Outsourcer, **changes: Any) -> Outsourcer:
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
    return outsourcer


def _outsourcer_vet(*, by: Any, outsourcer: Outsourcer, approve: bool, reason: str) -> Outsourcer:
    _require_staff(by)
    if outsourcer.status != OutsourcerStatus.PENDING:
        raise Conflict(_("This record is not waiting for vetting."), code="not_waiting")
    outsourcer.status = OutsourcerStatus.PUBLISHED if approve else OutsourcerStatus.REJECTED
    outsourcer.vetted_by = by
    outsourcer.vetted_at = timezone.now()
    outsourcer.rejection_reason = "" if approve else reason
    outsourcer.save(update_fields=["status", "vetted_by", "vetted_at", "rejection_reason"])
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
def outsourcer_approve(*, by: Any, outsourcer: Outsourcer) -> Outsourcer:
    """Staff publish a new record after checking its contact data (FAQ 2.12)."""
    return _outsourcer_vet(by=by, outsourcer=outsourcer, approve=True, reason="")


@transaction.atomic
def outsourcer_reject(*, by: Any, outsourcer: Outsourcer, reason: str) -> Outsourcer:
    """Staff refuse a new record, with a reason the person who added it reads."""
    return _outsourcer_vet(by=by, outsourcer=outsourcer, approve=False, reason=_reason(reason))


@transaction.atomic
def affiliation_add(
    *,
    by: Any,
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
def affiliation_remove(*, by: Any, affiliation: Affiliation) -> None:
    """Staff remove a wrong affiliation (FAQ 3.13)."""
    _require_staff(by)
    audit.record(
        actor=by,
        action="board.affiliation.removed",
        target=affiliation.outsourcer,
        changes={"user": affiliation.user, "organisation": affiliation.organisation},
    )
    affiliation.delete()


def staff_users() -> list[User]:
    """Everybody who vets the board: staff accounts and active members of the operator."""
    operator = Q(
        memberships__organisation__kind=OrganisationKind.OPERATOR,
        memberships__organisation__is_active=True,
        memberships__status=MembershipStatus.ACTIVE,
    )
    return list(User.objects.filter(Q(is_staff=True) | operator, is_active=True).distinct())


@transaction.atomic
def affiliation_report(*, by: Any, outsourcer: Outsourcer, reason: str) -> None:
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


# --- Entries ----------------------------------------------------------------------------------


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
        )
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
    *, by: Any, outsourcer: Outsourcer, rating: int, comment: str = "", work_confirmed: bool
) -> LWAEntry:
    """Write an LWA entry; it waits for vetting (FAQ 2.4, usually within 12 hours).

    - Service providers write entries: linguists and partner agencies (PRODUCT.md §8).
    - Only about real work delivered on time without complaints about quality: no tests,
      negotiations or other preliminaries (FAQ 1.3, 2.13). The author states it.
    - One entry a year per outsourcer (FAQ 1.3, 2.14).
    - Never about one's own organisation (FAQ 1.3).
    - The record must be published, or be the author's own record waiting for vetting
      (FAQ 2.11: add the outsourcer, then the entry).
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
        label = Organisation.objects.get(pk=actor.organisation_id).name
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
def entry_edit(*, by: Any, entry: LWAEntry, rating: int, comment: str = "") -> LWAEntry:
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


def _vet(*, by: Any, entry: LWAEntry, approve: bool, reason: str) -> LWAEntry:
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
        if approve:
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
def entry_approve(*, by: Any, entry: LWAEntry) -> LWAEntry:
    """Staff publish a new entry or a correction (FAQ 1.3: entries are reviewed before they
    are public; FAQ 2.17: so is every change)."""
    _require_staff(by)
    return _vet(by=by, entry=entry, approve=True, reason="")


@transaction.atomic
def entry_reject(*, by: Any, entry: LWAEntry, reason: str) -> LWAEntry:
    """Staff refuse a new entry or a correction with a reason the author sees. A refused
    correction leaves the published text as it was."""
    _require_staff(by)
    return _vet(by=by, entry=entry, approve=False, reason=_reason(reason))


@transaction.atomic
def entries_vet(*, by: Any, entries: Iterable[LWAEntry], approve: bool, reason: str = "") -> int:
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
def entry_reply(*, by: Any, entry: LWAEntry, reply: str) -> LWAEntry:
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
def entry_dispute(*, by: Any, entry: LWAEntry, reason: str) -> LWAEntry:
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
def entry_dispute_resolve(*, by: Any, entry: LWAEntry, uphold: bool, note: str = "") -> LWAEntry:
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
