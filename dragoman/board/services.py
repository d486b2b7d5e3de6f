"""Changes on the reputation board. Every rule cites the Blue Board FAQ (seed 003).

One entry point per state change (STYLE.md habit 1); each writes an ``EntryEvent`` for an
entry, an audit row for staff decisions, and keeps the outsourcer's cached figures right.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import to_python

from dragoman.accounts.models import User
from dragoman.board import permissions, text
from dragoman.board.enums import (
    LIVE_NONPAYMENT_STATUSES,
    ApplicationStatus,
    AuthorKind,
    EntryAction,
    EntryStatus,
    EvidenceSide,
    NonPaymentStatus,
    OutsourcerStatus,
)
from dragoman.board.models import (
    Affiliation,
    Application,
    ApplicationPair,
    ApplicationSettings,
    EntryEvent,
    EntryRequest,
    LWAEntry,
    NonPaymentEvidence,
    NonPaymentReport,
    Outsourcer,
    OutsourcerVersion,
    ProviderBoardSettings,
    SavedSearch,
    Watch,
    WWAEntry,
)
from dragoman.board.permissions import author_kind, can_vet, is_affiliated
from dragoman.core import audit
from dragoman.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orgs.enums import MembershipStatus, OrganisationKind
from dragoman.orgs.models import Organisation
from dragoman.orgs.selectors import staff_users

# FAQ 1.3 / 2.14: one entry a year per outsourcer; FAQ 2.17: no correction after a year.
ENTRY_YEAR = timedelta(days=365)
COMMENT_MAX = 2000
CONTACT_FIELDS = ("name", "country", "city", "website", "emails", "phones")


# --- Helpers ----------------------------------------------------------------------------------


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


# --- Outsourcers ------------------------------------------------------------------------------


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


# --- Watching ---------------------------------------------------------------------------------

UNWATCH_SALT = "dragoman.board.unwatch"


def unwatch_token(*, user_id: int, outsourcer_id: int) -> str:
    """A signed token for the "stop watching" link of the e-mails (FAQ 2.10): it works
    without logging in and names one user and one outsourcer only."""
    return signing.dumps([user_id, outsourcer_id], salt=UNWATCH_SALT, compress=True)


def unwatch_token_read(token: str) -> tuple[int, int]:
    try:
        user_id, outsourcer_id = signing.loads(token, salt=UNWATCH_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValidationFailed(_("This link is not valid."), code="bad_token") from exc
    return int(user_id), int(outsourcer_id)


@transaction.atomic
def watch_start(*, by: User, outsourcer: Outsourcer) -> Watch:
    """Follow an outsourcer's record (FAQ 2.8): a notification for each new entry."""
    if not actor_for(by).is_authenticated:
        raise Forbidden(_("Log in to watch an outsourcer."), code="not_authenticated")
    watch, _created = Watch.objects.get_or_create(user_id=by.pk, outsourcer_id=outsourcer.pk)
    return watch


@transaction.atomic
def watch_stop(*, user_id: int, outsourcer_id: int) -> bool:
    """Stop following (FAQ 2.8, 2.10); True when there was something to stop."""
    deleted, _rows = Watch.objects.filter(user_id=user_id, outsourcer_id=outsourcer_id).delete()
    return bool(deleted)


def _tell_watchers(entry: LWAEntry) -> None:
    """Each watcher hears of a newly published entry, with their own stop-watching link in
    the e-mail (FAQ 2.10). The author and the outsourcer's people are told otherwise."""
    from django.conf import settings

    speaking = {u.pk for u in affiliated_users(entry.outsourcer)}
    watchers = (
        User.objects.filter(board_watches__outsourcer_id=entry.outsourcer_id, is_active=True)
        .exclude(pk=entry.author_id)
        .exclude(pk__in=speaking)
    )
    link = _record_link(entry.outsourcer_id, entry.pk)
    for watcher in watchers:
        stop = settings.SITE_URL + reverse(
            "board_unwatch",
            args=[unwatch_token(user_id=watcher.pk, outsourcer_id=entry.outsourcer_id)],
        )
        notify(
            recipients=[watcher],
            kind=NotificationKind.BOARD_WATCHED_ENTRY,
            title=_("A new LWA entry about %(name)s (LWA %(rating)s).")
            % {"name": entry.outsourcer.name, "rating": entry.rating},
            body=_("To stop watching %(name)s: %(link)s")
            % {"name": entry.outsourcer.name, "link": stop},
            link=link,
        )


# --- Entry requests ---------------------------------------------------------------------------

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


# --- Saved searches ---------------------------------------------------------------------------


@transaction.atomic
def saved_search_save(
    *,
    by: User,
    name: str,
    q: str = "",
    country: str = "",
    city: str = "",
    sort: str = "name",
) -> SavedSearch:
    """Keep a search of the board under a name (FAQ 2.1); the same name replaces it."""
    from dragoman.board.enums import SearchSort

    name = " ".join((name or "").split())[:100]
    if not name:
        raise ValidationFailed(_("Name the search."), fields={"name": [_("Required.")]})
    if sort not in SearchSort.values:
        sort = SearchSort.NAME
    search, _created = SavedSearch.objects.update_or_create(
        user_id=by.pk,
        name=name,
        defaults={
            "q": (q or "").strip()[:200],
            "country": (country or "").upper()[:2],
            "city": (city or "").strip()[:100],
            "sort": sort,
        },
    )
    return search


@transaction.atomic
def saved_search_delete(*, by: User, search: SavedSearch) -> None:
    """Forget one of the user's saved searches (found with
    ``selectors.saved_search_get_for_user``, which checks that it is theirs)."""
    if search.user_id != by.pk:
        raise NotFound(_("No such saved search."))
    search.delete()


# --- Non-payment reports ----------------------------------------------------------------------

NONPAYMENT_RATINGS = (1, 2)
REVIEW_AUTHORS = 3
EVIDENCE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".eml", ".msg", ".txt", ".docx", ".xlsx")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _add_evidence(report: NonPaymentReport, *, by: User, side: str, files: Iterable[Any]) -> None:
    errors: list[str] = []
    files = list(files or ())
    for upload in files:
        name = str(getattr(upload, "name", "") or "file")
        if not name.lower().endswith(EVIDENCE_EXTENSIONS):
            errors.append(
                _("%(name)s: send PDF, images, documents or e-mails saved as .eml or .msg.")
                % {"name": name}
            )
        elif (getattr(upload, "size", 0) or 0) > EVIDENCE_MAX_BYTES:
            errors.append(_("%(name)s is larger than 10 MB.") % {"name": name})
    if errors:
        raise ValidationFailed(" ".join(errors), fields={"evidence": errors})
    for upload in files:
        NonPaymentEvidence.objects.create(
            report=report,
            side=side,
            file=upload,
            name=str(upload.name)[:200],
            uploaded_by=by if getattr(by, "pk", None) else None,
        )


def nonpayment_refresh(*, outsourcer: Outsourcer) -> Outsourcer:
    """Recount the open reports of an outsourcer. When three different providers have one
    open, staff are asked to review the outsourcer (FAQ 1.7), once until the count drops."""
    Outsourcer.objects.select_for_update().filter(pk=outsourcer.pk).values_list("pk").first()
    open_reports = NonPaymentReport.objects.filter(
        outsourcer_id=outsourcer.pk, status=NonPaymentStatus.OPEN
    )
    count = open_reports.count()
    authors = open_reports.values("author_id").distinct().count()
    review = outsourcer.review_requested_at
    if authors >= REVIEW_AUTHORS and review is None:
        review = timezone.now()
        notify(
            recipients=staff_users(),
            kind=NotificationKind.BOARD_OUTSOURCER_REVIEW,
            title=_("%(name)s has open non-payment reports from %(n)s providers: review it.")
            % {"name": outsourcer.name, "n": authors},
            link=_record_link(outsourcer.pk),
        )
        audit.record(actor=None, action="board.outsourcer.review_requested", target=outsourcer)
    elif authors < REVIEW_AUTHORS:
        review = None
    outsourcer.open_nonpayment_count = count
    outsourcer.review_requested_at = review
    Outsourcer.objects.filter(pk=outsourcer.pk).update(
        open_nonpayment_count=count, review_requested_at=review
    )
    stats_changed()
    transaction.on_commit(stats_changed)
    return outsourcer


def _nonpayment_notice(report: NonPaymentReport) -> None:
    """FAQ 3.15 / 5.1: the outsourcer hears of the report before it counts and may contest
    it for ``BOARD_NONPAYMENT_CONTEST_DAYS``."""
    from django.conf import settings

    now = timezone.now()
    report.status = NonPaymentStatus.NOTICE
    report.notified_at = now
    report.contest_until = now + timedelta(days=settings.BOARD_NONPAYMENT_CONTEST_DAYS)
    report.save(update_fields=["status", "notified_at", "contest_until", "updated_at"])
    outsourcer = report.outsourcer
    notify(
        recipients=affiliated_users(outsourcer),
        kind=NotificationKind.BOARD_NONPAYMENT_NOTICE,
        title=_(
            "A provider reports that %(name)s has not paid %(amount)s %(currency)s. You may "
            "contest it until %(date)s, before it is made public."
        )
        % {
            "name": outsourcer.name,
            "amount": report.amount,
            "currency": report.currency,
            "date": timezone.localdate(report.contest_until).isoformat(),
        },
        link=reverse("board_nonpayment", args=[outsourcer.pk]),
    )
    audit.record(actor=None, action="board.nonpayment.notified", target=report)


def nonpayment_entry_changed(*, entry: LWAEntry) -> None:
    """Called when an entry is published or removed: its report starts its notice, or is
    withdrawn with it."""
    report = NonPaymentReport.objects.filter(entry_id=entry.pk).select_related("outsourcer").first()
    if report is None:
        return
    if (
        entry.status == EntryStatus.PUBLISHED
        and report.status == NonPaymentStatus.WAITING_FOR_ENTRY
    ):
        _nonpayment_notice(report)
    elif entry.status in (EntryStatus.REJECTED, EntryStatus.DELETED) and (
        report.status in LIVE_NONPAYMENT_STATUSES
    ):
        report.status = NonPaymentStatus.WITHDRAWN
        report.save(update_fields=["status", "updated_at"])
        nonpayment_refresh(outsourcer=report.outsourcer)


@transaction.atomic
def nonpayment_report_create(
    *,
    by: User,
    entry: LWAEntry,
    amount: Any,
    currency: str,
    due_date: Any,
    invoice_reference: str,
    evidence: Iterable[Any] = (),
) -> NonPaymentReport:
    """The author of an entry of 1 or 2 reports that the outsourcer has not paid (FAQ 2.5).

    Offered only with a low LWA; one report per entry. It waits for the entry's vetting,
    then the outsourcer is notified and may contest it (FAQ 3.15); it counts as open only
    afterwards. Evidence files are optional.
    """
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    if entry.author_id != by.pk:
        raise Forbidden(_("Only the entry's author reports a non-payment."), code="not_author")
    if entry.rating not in NONPAYMENT_RATINGS:
        raise Conflict(
            _("A non-payment report goes with an LWA of 1 or 2."), code="rating_too_high"
        )
    if entry.status not in (EntryStatus.PENDING, EntryStatus.PUBLISHED):
        raise Conflict(_("This entry can no longer carry a report."), code="entry_not_live")
    if NonPaymentReport.objects.filter(entry_id=entry.pk).exists():
        raise Conflict(_("This entry already has a non-payment report."), code="already_reported")
    errors: dict[str, list[str]] = {}
    try:
        from decimal import Decimal, InvalidOperation

        amount = Decimal(str(amount))
        if amount <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["amount"] = [_("Give the amount owed.")]
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = [_("Give a three-letter currency code such as EUR.")]
    if due_date is None:
        errors["due_date"] = [_("Give the date the payment was due.")]
    elif due_date > timezone.localdate():
        errors["due_date"] = [_("The payment is not due yet.")]
    invoice_reference = (invoice_reference or "").strip()
    if not invoice_reference:
        errors["invoice_reference"] = [_("Give the invoice number.")]
    if errors:
        raise ValidationFailed(
            " ".join(m for messages in errors.values() for m in messages), fields=errors
        )
    report = NonPaymentReport.objects.create(
        entry=entry,
        outsourcer=entry.outsourcer,
        author=by,
        amount=amount,
        currency=currency,
        due_date=due_date,
        invoice_reference=invoice_reference[:100],
    )
    _add_evidence(report, by=by, side=EvidenceSide.AUTHOR, files=evidence)
    audit.record(actor=by, action="board.nonpayment.created", target=report)
    if entry.status == EntryStatus.PUBLISHED:
        _nonpayment_notice(report)
    return report


@transaction.atomic
def nonpayment_reports_open_due() -> int:
    """Reports whose contest window passed uncontested become open (a periodic task; safe to
    run twice). Returns how many opened."""
    now = timezone.now()
    due = list(
        NonPaymentReport.objects.select_for_update()
        .filter(status=NonPaymentStatus.NOTICE, contest_until__lte=now)
        .select_related("outsourcer")
    )
    for report in due:
        report.status = NonPaymentStatus.OPEN
        report.opened_at = now
        report.save(update_fields=["status", "opened_at", "updated_at"])
        audit.record(actor=None, action="board.nonpayment.opened", target=report)
    for outsourcer in {report.outsourcer_id: report.outsourcer for report in due}.values():
        nonpayment_refresh(outsourcer=outsourcer)
    return len(due)


@transaction.atomic
def nonpayment_contest(
    *, by: User, report: NonPaymentReport, reason: str, evidence: Iterable[Any] = ()
) -> NonPaymentReport:
    """The outsourcer contests a report within the window, with the correspondence that
    shows it breaks the rules or is no longer valid (FAQ 3.14, 3.15); staff decide."""
    report = (
        NonPaymentReport.objects.select_for_update().select_related("outsourcer").get(pk=report.pk)
    )
    if not is_affiliated(actor_for(by), report.outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer contest its reports."),
            code="not_affiliated",
        )
    if (
        report.status != NonPaymentStatus.NOTICE
        or report.contest_until is None
        or timezone.now() >= report.contest_until
    ):
        raise Conflict(
            _("This report can no longer be contested; ask staff for help."),
            code="contest_closed",
        )
    report.contest_reason = _reason(reason)
    report.contested_at = timezone.now()
    report.status = NonPaymentStatus.CONTESTED
    report.save()
    _add_evidence(report, by=by, side=EvidenceSide.OUTSOURCER, files=evidence)
    audit.record(actor=by, action="board.nonpayment.contested", target=report)
    notify(
        recipients=staff_users(),
        kind=NotificationKind.BOARD_NONPAYMENT_NOTICE,
        title=_("%(name)s contests a non-payment report.") % {"name": report.outsourcer.name},
        body=report.contest_reason,
        link=reverse("board_nonpayment", args=[report.outsourcer_id]),
    )
    return report


@transaction.atomic
def nonpayment_contest_decide(
    *, by: User, report: NonPaymentReport, uphold: bool, note: str = ""
) -> NonPaymentReport:
    """Staff decide a contest: an upheld contest withdraws the report, otherwise it opens."""
    _require_staff(by)
    report = (
        NonPaymentReport.objects.select_for_update().select_related("outsourcer").get(pk=report.pk)
    )
    if report.status != NonPaymentStatus.CONTESTED:
        raise Conflict(_("This report is not contested."), code="not_contested")
    if uphold:
        note = _reason(note, field="note")
    report.status = NonPaymentStatus.WITHDRAWN if uphold else NonPaymentStatus.OPEN
    if not uphold:
        report.opened_at = timezone.now()
    report.decided_by = by
    report.decision_note = note.strip()
    report.save()
    audit.record(
        actor=by,
        action="board.nonpayment.withdrawn" if uphold else "board.nonpayment.opened",
        target=report,
        changes={"note": note} if note else None,
    )
    nonpayment_refresh(outsourcer=report.outsourcer)
    notify(
        recipients=[report.author, *affiliated_users(report.outsourcer)],
        kind=NotificationKind.BOARD_NONPAYMENT_DECIDED,
        title=(
            _("The non-payment report about %(name)s is withdrawn.")
            if uphold
            else _("The non-payment report about %(name)s is open.")
        )
        % {"name": report.outsourcer.name},
        body=note,
        link=reverse("board_nonpayment", args=[report.outsourcer_id]),
    )
    return report


@transaction.atomic
def nonpayment_mark_paid(*, by: User, report: NonPaymentReport) -> NonPaymentReport:
    """The author confirms they were paid in full (FAQ 2.5: providers must say so when it
    happens). The report closes and its entry leaves the record, so that the author may
    write a new entry on the present situation (FAQ 2.5 note)."""
    report = (
        NonPaymentReport.objects.select_for_update().select_related("outsourcer").get(pk=report.pk)
    )
    if report.author_id != by.pk:
        raise Forbidden(_("Only the author marks a report paid."), code="not_author")
    if report.status not in LIVE_NONPAYMENT_STATUSES:
        raise Conflict(_("This report is already closed."), code="report_closed")
    report.status = NonPaymentStatus.PAID
    report.paid_at = timezone.now()
    report.save(update_fields=["status", "paid_at", "updated_at"])
    audit.record(actor=by, action="board.nonpayment.paid", target=report)
    entry = LWAEntry.objects.select_for_update().get(pk=report.entry_id)
    if entry.status != EntryStatus.DELETED:
        before = entry.status
        entry.status = EntryStatus.DELETED
        entry.status_reason = _("Removed when the author confirmed payment in full.")
        entry.queued_at = None
        entry.save()
        _entry_event(entry, by=by, action=EntryAction.PAID, before=before)
        outsourcer_figures_refresh(outsourcer=report.outsourcer)
    nonpayment_refresh(outsourcer=report.outsourcer)
    notify(
        recipients=affiliated_users(report.outsourcer),
        kind=NotificationKind.BOARD_NONPAYMENT_DECIDED,
        title=_("The provider confirmed payment: the report about %(name)s is closed.")
        % {"name": report.outsourcer.name},
        link=_record_link(report.outsourcer_id),
    )
    return report


@transaction.atomic
def outsourcer_suspend(*, by: User, outsourcer: Outsourcer, reason: str) -> Outsourcer:
    """Staff suspend an outsourcer from posting work after a review (FAQ 1.6, 1.7); the record
    stays public with a note."""
    _require_staff(by)
    if outsourcer.status != OutsourcerStatus.PUBLISHED:
        raise Conflict(_("Only a published record can be suspended."), code="not_published")
    outsourcer.status = OutsourcerStatus.SUSPENDED
    outsourcer.suspension_reason = _reason(reason)
    outsourcer.save(update_fields=["status", "suspension_reason", "updated_at"])
    transaction.on_commit(stats_changed)
    audit.record(
        actor=by, action="board.outsourcer.suspended", target=outsourcer, changes={"reason": reason}
    )
    return outsourcer


@transaction.atomic
def outsourcer_reinstate(*, by: User, outsourcer: Outsourcer) -> Outsourcer:
    """Staff lift a suspension."""
    _require_staff(by)
    if outsourcer.status != OutsourcerStatus.SUSPENDED:
        raise Conflict(_("This record is not suspended."), code="not_suspended")
    outsourcer.status = OutsourcerStatus.PUBLISHED
    outsourcer.suspension_reason = ""
    outsourcer.save(update_fields=["status", "suspension_reason", "updated_at"])
    audit.record(actor=by, action="board.outsourcer.reinstated", target=outsourcer)
    return outsourcer


# --- Applications -----------------------------------------------------------------------------

APPLICATION_INTERVAL = timedelta(days=90)


@transaction.atomic
def application_settings_set(
    *,
    by: User,
    outsourcer: Outsourcer,
    accepting: bool,
    pairs: Iterable[tuple[Any, Any]] = (),
    native_languages: Iterable[Any] = (),
    specialisations: Iterable[Any] = (),
    countries: Iterable[str] = (),
) -> ApplicationSettings:
    """The outsourcer's people choose whether they take applications and from whom
    (FAQ 4.3.1, 4.2.4: language pairs, native languages, specialisations, country)."""
    if not is_affiliated(actor_for(by), outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer set its applications."),
            code="not_affiliated",
        )
    if accepting:
        why = permissions.applications_closed_reason(outsourcer)
        if why:
            raise Conflict(why, code="applications_closed")
    settings_row, _created = ApplicationSettings.objects.get_or_create(outsourcer=outsourcer)
    settings_row.accepting = accepting
    settings_row.countries = sorted({str(code).upper() for code in countries if code})  # type: ignore[assignment]  # a multiple CountryField stores a list
    settings_row.save()
    settings_row.pairs.all().delete()
    ApplicationPair.objects.bulk_create(
        ApplicationPair(settings=settings_row, source=source, target=target)
        for source, target in {(s, t) for s, t in pairs if s != t}
    )
    settings_row.native_languages.set(list(native_languages))
    settings_row.specialisations.set(list(specialisations))
    audit.record(
        actor=by,
        action="board.applications.set",
        target=outsourcer,
        changes={"accepting": accepting},
    )
    return settings_row


@transaction.atomic
def application_send(*, by: User, outsourcer: Outsourcer, message: str = "") -> Application:
    """A linguist applies to an outsourcer that takes applications and whose criteria they
    meet (FAQ 4.2). Once in 90 days per outsourcer, and not while the last application waits
    for an answer (FAQ 4.2.3). The outsourcer's people see the pseudonym and the profile's
    pairs, languages and specialisations; what else to tell is the linguist's choice."""
    if not actor_for(by).is_linguist:
        raise Forbidden(_("Linguists apply to outsourcers."), code="not_a_linguist")
    User.objects.select_for_update().filter(pk=by.pk).values_list("pk").first()
    settings_row = ApplicationSettings.objects.filter(outsourcer=outsourcer, accepting=True).first()
    why = permissions.applications_closed_reason(outsourcer)
    if settings_row is None or why:
        raise Conflict(
            why or _("This outsourcer does not take applications."), code="applications_closed"
        )
    if not permissions.provider_matches(settings_row=settings_row, user=by):
        raise Forbidden(
            _("Your profile does not meet this outsourcer's criteria."), code="criteria_not_met"
        )
    last = Application.objects.filter(provider_id=by.pk, outsourcer_id=outsourcer.pk).first()
    if last is not None and last.status == ApplicationStatus.SENT:
        raise Conflict(
            _("Your last application waits for an answer; you can apply again once it has one."),
            code="application_unanswered",
        )
    if last is not None and timezone.now() < last.created_at + APPLICATION_INTERVAL:
        raise Conflict(
            _("You applied on %(date)s; you can apply to the same outsourcer again from %(next)s.")
            % {
                "date": last.created_at.date().isoformat(),
                "next": (last.created_at + APPLICATION_INTERVAL).date().isoformat(),
            },
            code="application_too_soon",
        )
    application = Application.objects.create(
        outsourcer=outsourcer, provider=by, message=(message or "").strip()[:4000]
    )
    notify(
        recipients=affiliated_users(outsourcer),
        kind=NotificationKind.BOARD_APPLICATION_RECEIVED,
        title=_("%(pseudonym)s applies to work with %(name)s.")
        % {"pseudonym": by.linguist_profile.pseudonym, "name": outsourcer.name},
        link=reverse("board_applications", args=[outsourcer.pk]),
    )
    return application


@transaction.atomic
def application_answer(
    *, by: User, application: Application, accept: bool, answer: str = ""
) -> Application:
    """The outsourcer's people accept or decline an application, optionally with a message
    (FAQ 4.2.5)."""
    application = (
        Application.objects.select_for_update().select_related("outsourcer").get(pk=application.pk)
    )
    if not is_affiliated(actor_for(by), application.outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer answer its applications."),
            code="not_affiliated",
        )
    if application.status != ApplicationStatus.SENT:
        raise Conflict(_("This application already has an answer."), code="already_answered")
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.answer = (answer or "").strip()[:2000]
    application.answered_by, application.answered_at = by, timezone.now()
    application.save()
    notify(
        recipients=[application.provider],
        kind=NotificationKind.BOARD_APPLICATION_ANSWERED,
        title=(
            _("%(name)s accepted your application.")
            if accept
            else _("%(name)s declined your application.")
        )
        % {"name": application.outsourcer.name},
        body=application.answer,
        link=_record_link(application.outsourcer_id),
    )
    return application


# --- WWA: outsourcers rate providers ----------------------------------------------------------


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
